"""Link previews: every public page carries Open Graph and Twitter Card tags, and a
shared page unfurls with its own image (a state's, the campaign's, a bill's)."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from outreach.directory import version
from outreach.extensions import db
from tests.factories import make_person, make_sync, make_zip
from tests.share.test_share import app, seed, share_dir  # noqa: F401 - fixtures


class Head(HTMLParser):
    """The <title> and the meta tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content") or "")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]


@pytest.fixture
def site(session):
    """The campaign content, one official and the ZIP 80202 in Colorado."""
    seed(session)
    make_sync(session)
    make_zip(session, "80202", "CO", "1")
    person = make_person(
        session, name="Cora Rep", office="us_representative", state="CO", district="1"
    )
    session.commit()
    return {"person": person.id}


def head_of(client, path: str) -> Head:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    head = Head()
    head.feed(response.get_data(as_text=True))
    return head


CAMPAIGN = "/share/campaign.png"
PAGES = [
    ("/", CAMPAIGN),
    ("/map", CAMPAIGN),
    ("/map?sort=score&dir=desc", CAMPAIGN),
    ("/rubric", CAMPAIGN),
    ("/states", CAMPAIGN),
    ("/states/co/officials", CAMPAIGN),
    ("/states/co", "/share/co.png"),
    ("/states/wy", "/share/wy.png"),
    ("/states/nyc", "/share/nyc.png"),
    ("/states/gu", CAMPAIGN),  # a territory off the map has no image of its own
    ("/federal", "/share/bills/us-hr3602-119.png"),  # the reform bill, never the rollback
    ("/lookup?zip=80202", "/share/co.png"),
    ("/share", CAMPAIGN),
    ("/share/co", "/share/co.png"),
    ("/share/us", "/share/bills/us-hr3602-119.png"),
    ("/export", CAMPAIGN),
]


@pytest.mark.parametrize(("path", "image"), PAGES)
def test_every_public_page_has_a_link_preview(client, site, path, image):
    head = head_of(client, path)
    og_image = head.one("og:image")
    parts = urlsplit(og_image)
    assert parts.scheme in ("http", "https"), "absolute URL"
    assert parts.netloc, "absolute URL"
    assert parts.path == image
    query = parse_qs(parts.query)
    assert query["size"] == ["1200x630"]
    assert query["v"] == [str(version.content_version(db.session))]
    assert head.one("og:image:width") == "1200"
    assert head.one("og:image:height") == "630"
    assert head.one("og:image:type") == "image/png"
    alt = head.one("og:image:alt")
    assert len(alt) > 40
    assert "out of 9" in alt
    assert head.one("og:title")
    assert head.title.startswith(head.one("og:title"))
    assert head.one("og:description")
    assert head.one("og:type") == "website"
    assert urlsplit(head.one("og:url")).scheme in ("http", "https")
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:image") == og_image
    assert head.one("twitter:image:alt") == alt
    assert head.one("twitter:title") == head.one("og:title")
    # the preview image exists, at the announced size
    response = client.get(parts.path + "?" + parts.query)
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert Image.open(io.BytesIO(response.data)).size == (1200, 630)


def test_the_official_page_has_the_default_preview(client, site):
    head = head_of(client, f"/officials/{site['person']}")
    assert urlsplit(head.one("og:image")).path == CAMPAIGN
    assert head.one("og:image:alt")


def test_a_state_page_describes_its_own_image(client, site):
    head = head_of(client, "/states/co")
    alt = head.one("og:image:alt")
    assert "Colorado" in alt
    assert "6 out of 9" in alt
    assert "Has a law that ends qualified immunity" in alt
    assert head.one("og:url").endswith("/states/co")
    assert "Colorado" in head.one("og:title")


def test_the_lookup_preview_never_carries_an_address(client, site):
    head = head_of(client, "/lookup?zip=80202")
    url = head.one("og:url")
    assert urlsplit(url).path == "/lookup"
    assert parse_qs(urlsplit(url).query) == {"zip": ["80202"]}


def test_pages_before_any_content_fall_back_to_the_campaign_image(client):
    head = head_of(client, "/")
    assert urlsplit(head.one("og:image")).path == CAMPAIGN
    image = client.get(urlsplit(head.one("og:image")).path)
    assert image.status_code == 200


def test_pages_that_set_nothing_never_ask_the_database_for_their_preview(client, site):
    """The default preview's alt text comes from memory or the image store: before the
    campaign image is drawn, a general description; after, the one written with it."""
    from outreach.share.views import GENERAL_ALT

    assert head_of(client, "/rubric").one("og:image:alt") == GENERAL_ALT
    assert client.get("/share/campaign.png").status_code == 200
    alt = head_of(client, "/rubric").one("og:image:alt")
    assert alt != GENERAL_ALT
    assert "1 state has a law that ends or limits qualified immunity" in alt
