"""Share images over HTTP (sizes, 404s, caching, ETag and 304), the share page, the kit
and `flask assets render`."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from outreach import create_app
from outreach.campaign.records import MAP_JURISDICTIONS
from outreach.directory import version as directory_version
from outreach.extensions import db
from outreach.models import Bill, Place
from outreach.share.cards import SIZES
from outreach.share.texts import PLATFORMS, post_length
from tests.conftest import make_config
from tests.factories import make_bill, make_campaign, make_record

MET = {n: "met" for n in range(1, 7)}


def seed(session) -> None:
    """Colorado ended it (6/9) with a bill pending; Iowa wrote it into law; New York City
    has a law of its own; Congress has a reform bill and a rollback bill pending."""
    make_campaign(session)
    make_record(session, "CO", "enacted")
    make_bill(session, "CO", "SB 20-217", ratings=MET)
    make_bill(
        session,
        "CO",
        "SB 26-005",
        stage="passed_one_chamber",
        active=True,
        ratings={1: "met", 2: "met"},
        last_action=date(2026, 2, 1),
        title="Rights Violation in Immigration Enforcement Remedy",
    )
    make_bill(session, "CO", "HB 19-1", stage="failed")
    make_record(session, "IA", "strengthened")
    make_bill(session, "IA", "SF 342", ratings={1: "not_met"})
    session.add(Place(code="NYC", name="New York City", kind="city", state="NY"))
    make_record(session, "NYC", "limited")
    make_bill(session, "NYC", "Int 2220", ratings={1: "met", 2: "partial"})
    make_bill(
        session,
        "US",
        "H.R. 3602",
        stage="introduced",
        active=True,
        congress=119,
        ratings={1: "met"},
        slug="us-hr3602-119",
        title="Ending Qualified Immunity Act",
    )
    make_bill(
        session,
        "US",
        "H.R. 503",
        stage="introduced",
        active=True,
        congress=119,
        ratings={1: "not_met", 2: "not_met"},
        slug="us-hr503-119",
        title="Qualified Immunity Act",
    )
    directory_version.bump_version(session)
    session.commit()


#: Pending bills in the seed, and the keys that can have images.
PENDING = ["co-sb-26-005", "us-hr3602-119", "us-hr503-119"]
KEYS = len(MAP_JURISDICTIONS) + 1 + len(PENDING) + 1  # map, NYC, bills, campaign


@pytest.fixture
def share_dir(tmp_path) -> Path:
    return tmp_path / "share-images"


@pytest.fixture
def app(database_url: str, share_dir: Path):
    """The app with its own share folder and a version tracker that always asks."""
    app = create_app(make_config(database_url, SHARE_CACHE_DIR=share_dir, DIRECTORY_VERSION_TTL=0))
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def seeded(session):
    seed(session)
    return session


def png(response) -> Image.Image:
    image = Image.open(io.BytesIO(response.data))
    image.load()
    return image


@pytest.fixture
def quick_draw(monkeypatch):
    """Drawing stubbed with a small real PNG of the asked size: for the tests that count
    images rather than look at them (drawing all of them takes half a minute)."""
    from outreach.share import images as share_images

    def render(card, size):
        out = io.BytesIO()
        Image.new("P", size).save(out, format="PNG", optimize=True)
        return out.getvalue()

    monkeypatch.setattr(share_images, "render", render)


def stored(share_dir: Path) -> list[Path]:
    return sorted(share_dir.glob("*/*.png")) if share_dir.exists() else []


# --------------------------------------------------------------------------- images


@pytest.mark.parametrize(
    "path",
    ["/share/campaign.png", "/share/co.png", "/share/nyc.png", "/share/bills/co-sb-26-005.png"],
)
def test_images_in_every_size(client, seeded, path):
    default = client.get(path)
    assert default.status_code == 200
    assert default.mimetype == "image/png"
    assert png(default).size == (1200, 630)
    for name, size in SIZES.items():
        response = client.get(f"{path}?size={name}")
        assert response.status_code == 200
        assert png(response).size == size
        assert len(response.data) < 300_000


def test_cache_headers_etag_and_304(client, seeded):
    first = client.get("/share/co.png?size=1080x1080")
    etag, weak = first.get_etag()
    assert etag, "a strong ETag"
    assert not weak, "a strong ETag"
    cache = first.headers["Cache-Control"]
    assert "public" in cache
    assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= 86400
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    again = client.get("/share/co.png?size=1080x1080", headers={"If-None-Match": f'"{etag}"'})
    assert again.status_code == 304
    assert again.data == b""
    assert again.get_etag() == (etag, False)
    other = client.get("/share/co.png?size=1080x1080", headers={"If-None-Match": '"nope"'})
    assert other.status_code == 200
    assert other.data == first.data


def test_versioned_urls_are_immutable(client, seeded):
    version = directory_version.content_version(db.session)
    current = client.get(f"/share/co.png?v={version}")
    assert "immutable" in current.headers["Cache-Control"]
    assert "max-age=31536000" in current.headers["Cache-Control"]
    stale = client.get(f"/share/co.png?v={version - 1}")
    assert "immutable" not in stale.headers["Cache-Control"]
    assert stale.data == current.data


def test_images_are_drawn_once_and_kept(client, seeded, share_dir, monkeypatch):
    from outreach.share import images as share_images

    assert client.get("/share/co.png").status_code == 200
    assert [p.name for p in stored(share_dir)] == ["co-1200x630.png"]
    calls = []
    monkeypatch.setattr(share_images, "render", lambda *a: calls.append(a) or b"")
    again = client.get("/share/co.png")
    assert again.status_code == 200
    assert png(again).size == (1200, 630)
    assert calls == [], "served from the store, not drawn again"


def test_a_content_change_makes_a_new_image(client, seeded, share_dir):
    before = client.get("/share/co.png")
    old_folder = stored(share_dir)[0].parent.name
    # The status comes from the law's effect on qualified immunity.
    for law in db.session.query(Bill).filter_by(jurisdiction="CO", stage="enacted"):
        law.qi_effect = "limits"
    directory_version.bump_version(db.session)
    db.session.commit()
    after = client.get("/share/co.png")
    assert after.status_code == 200
    assert after.get_etag() != before.get_etag()
    assert after.data != before.data
    folders = {p.parent.name for p in stored(share_dir)}
    assert old_folder not in folders, "the old version's images are pruned"
    assert len(folders) == 1
    stale = client.get("/share/co.png", headers={"If-None-Match": f'"{before.get_etag()[0]}"'})
    assert stale.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/share/zz.png",
        "/share/gu.png",  # a territory off the map
        "/share/c0.png",
        "/share/co.png?size=1x1",
        "/share/co.png?size=100000x100000",
        "/share/campaign.png?size=1200x631",
        "/share/bills/nope.png",
        "/share/bills/co-hb-19-1.png",  # failed, not pending
        "/share/bills/co-sb-20-217.png",  # law, not pending
        "/share/bills/..%2f..%2fetc.png",
        "/share/zz",
        "/share/zz/kit.zip",
    ],
)
def test_unknown_things_are_404_and_nothing_is_drawn(client, seeded, share_dir, path):
    assert client.get(path).status_code == 404
    assert stored(share_dir) == []


def test_the_store_is_bounded_by_the_known_keys(client, seeded, share_dir, quick_draw):
    for code in MAP_JURISDICTIONS:
        for size in SIZES:
            assert client.get(f"/share/{code.lower()}.png?size={size}").status_code == 200
    for size in SIZES:
        client.get(f"/share/nyc.png?size={size}")
        client.get(f"/share/campaign.png?size={size}")
        for slug in PENDING:
            client.get(f"/share/bills/{slug}.png?size={size}")
        client.get(f"/share/zz.png?size={size}")
    files = stored(share_dir)
    assert len(files) == KEYS * len(SIZES)
    assert len({p.parent for p in files}) == 1
    assert len(list(share_dir.glob("*/*-alt.txt"))) == KEYS, "one alt text per image key"


# --------------------------------------------------------------------------- pages


class Page(HTMLParser):
    """The parts of a share page the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.textareas: dict[str, str] = {}
        self.buttons: list[dict] = []
        self.links: list[str] = []
        self.images: list[dict] = []
        self.scripts: list[dict] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "textarea":
            self._textarea = attrs.get("id")
            self.textareas[self._textarea] = ""
            assert "readonly" in attrs
        elif tag == "button":
            self.buttons.append(attrs)
        elif tag == "a":
            self.links.append(attrs.get("href", ""))
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "script":
            self.scripts.append(attrs)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.textareas[self._textarea] += data


def parse(response) -> Page:
    page = Page()
    page.feed(response.get_data(as_text=True))
    return page


def test_the_share_page_of_a_state(client, seeded):
    response = client.get("/share/co")
    assert response.status_code == 200
    page = parse(response)
    html = response.get_data(as_text=True)
    assert "Share where Colorado stands" in html
    # images: the state's and its pending bill's, every size, with alt text
    sources = [img["src"] for img in page.images]
    for size in SIZES:
        assert any(s.startswith(f"/share/co.png?size={size}") for s in sources)
        assert any(s.startswith(f"/share/bills/co-sb-26-005.png?size={size}") for s in sources)
    assert all(img.get("alt") for img in page.images)
    assert all(img.get("width") and img.get("height") for img in page.images)
    # a post per platform, within its limit, in read-only text areas
    for platform in PLATFORMS:
        text = page.textareas[f"item-1-{platform.key}"]
        assert post_length(text.strip(), platform) <= platform.limit
        assert "http://localhost/states/co" in text
    # copy buttons are hidden until share.js shows them; no inline script
    copy = [b for b in page.buttons if "data-copy" in b]
    assert copy
    assert all("hidden" in b for b in copy)
    assert sorted(s.get("src", "") for s in page.scripts) == [
        "/static/js/photos.js",
        "/static/js/share.js",
    ]
    assert "<script>" not in html
    # plain share links, the kit, downloads
    for host in ("x.com/intent", "bsky.app", "threads.net", "mastodonshare.com", "linkedin.com",
                 "facebook.com/sharer", "wa.me", "mailto:"):  # fmt: skip
        assert any(host in link for link in page.links), host
    assert "/share/co/kit.zip" in page.links


def test_the_campaign_share_page_and_the_picker(client, seeded):
    response = client.get("/share")
    assert response.status_code == 200
    page = parse(response)
    assert any(
        s.startswith("/share/campaign.png?size=1200x630") for s in (i["src"] for i in page.images)
    )
    assert "/share/campaign/kit.zip" in page.links
    assert "/share/nyc" in page.links
    assert "/share/wy" in page.links
    picked = client.get("/share?state=co")
    assert picked.status_code == 302
    assert picked.headers["Location"].endswith("/share/co")
    assert client.get("/share/CO").headers["Location"].endswith("/share/co")
    assert client.get("/share/campaign").headers["Location"].endswith("/share")


def test_the_federal_share_page(client, seeded):
    response = client.get("/share/us")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "H.R. 3602" in html
    assert "H.R. 503" in html
    assert "vote no" in html


def test_a_state_with_no_record_still_has_a_page(client, seeded):
    response = client.get("/share/wy")
    assert response.status_code == 200
    assert "No action recorded" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- the kit


def test_the_kit_holds_everything_for_a_state(client, seeded):
    response = client.get("/share/co/kit.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    names = set(archive.namelist())
    folder = "co-share-kit/"
    for size, dims in SIZES.items():
        for stem in ("co", "bill-co-sb-26-005"):
            name = f"{folder}images/{stem}-{size}.png"
            assert name in names
            with archive.open(name) as handle:
                assert Image.open(handle).size == dims
    alt = archive.read(f"{folder}alt-text.txt").decode()
    assert "Colorado scores" in alt
    assert "out of 9" in alt
    assert "SB 26-005" in alt
    for platform in PLATFORMS:
        text = archive.read(f"{folder}posts/{platform.key}.txt").decode()
        assert "http://localhost/states/co" in text
        assert f"/{platform.limit} characters" in text
    readme = archive.read(f"{folder}README.txt").decode()
    assert "alt-text.txt" in readme
    assert "http://localhost/states/co" in readme
    # the same content gives the same ZIP: a stable ETag and a 304
    etag, weak = response.get_etag()
    assert not weak
    again = client.get("/share/co/kit.zip", headers={"If-None-Match": f'"{etag}"'})
    assert again.status_code == 304


def test_the_campaign_kit(client, seeded):
    archive = zipfile.ZipFile(io.BytesIO(client.get("/share/campaign/kit.zip").data))
    names = archive.namelist()
    assert sum(1 for n in names if n.endswith(".png")) == len(SIZES)
    assert "campaign-share-kit/posts/x.txt" in names


# --------------------------------------------------------------------------- the command


def test_flask_assets_render(runner, seeded, share_dir, quick_draw):
    result = runner.invoke(args=["assets", "render", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    expected = KEYS * len(SIZES)
    assert f"Drew {expected} image(s)" in result.output
    assert f"{len(MAP_JURISDICTIONS) * 4 + 4} jurisdiction" in result.output
    assert f"{len(PENDING) * 4} bill" in result.output
    assert len(stored(share_dir)) == expected
    again = runner.invoke(args=["assets", "render", "--jobs", "2"])
    assert "Drew 0 image(s)" in again.output
    assert f"{expected} already stored" in again.output
    for path in stored(share_dir)[:5]:
        with Image.open(path) as image:
            assert image.format == "PNG"


def test_flask_assets_render_in_worker_processes(runner, seeded, share_dir, monkeypatch):
    """Drawing in worker processes makes the same images as drawing here (three keys
    only: drawing all of them for real takes a minute)."""
    from outreach.share import card_builders, rendering, shareable
    from outreach.share import images as share_images

    keys = [shareable.ImageKey.campaign(), shareable.ImageKey.place("co")]
    keys.append(shareable.ImageKey.bill("co-sb-26-005"))
    monkeypatch.setattr(rendering, "image_keys", lambda session: keys)
    result = runner.invoke(args=["assets", "render", "--jobs", "2", "--force"])
    assert result.exit_code == 0, result.output
    assert "2 process(es)" in result.output
    card, _ = card_builders.card_for(db.session, shareable.ImageKey.place("co"))
    (path,) = share_dir.glob("*/co-1080x1080.png")
    assert path.read_bytes() == share_images.render(card, SIZES["1080x1080"])
    assert len(stored(share_dir)) == len(keys) * len(SIZES)
    assert "Drew 12 image(s)" in result.output
