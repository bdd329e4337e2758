"""Probes of Host-header poisoning: absolute URLs in cached pages, unknown and huge hosts.

A page's ``og:url``, ``og:image`` and ``twitter:image`` are absolute URLs, and
lookup pages are cached for everyone: no client-sent ``Host`` (or
``X-Forwarded-Host``) may ever reach what other visitors get.
"""

from __future__ import annotations

import re

import pytest

from outreach import create_app
from outreach.extensions import db
from outreach.web.security import BadPublicUrl, parse_public_url
from tests.conftest import make_config
from tests.factories import make_campaign, make_person, make_sync, make_zip

PUBLIC = "https://outreach.example.org"
EVIL = "evil.example"
PAGES = ["/lookup?zip=95814", "/", "/map", "/share"]


def build(database_url: str, tmp_path, **overrides):
    app = create_app(
        make_config(
            database_url, SHARE_CACHE_DIR=tmp_path / "share", DIRECTORY_VERSION_TTL=60, **overrides
        )
    )
    with app.app_context():
        db.create_all()
        make_campaign(db.session)
        make_zip(db.session, "95814", "CA", "7")
        make_person(db.session, name="Roger Niello", district="6")
        make_sync(db.session)
        db.session.commit()
        db.session.remove()
    return app


@pytest.fixture
def plain_app(database_url, tmp_path):
    """No public URL configured (development): any host is answered."""
    app = build(database_url, tmp_path)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def public_app(database_url, tmp_path):
    """A public URL configured, behind one trusted proxy."""
    app = build(database_url, tmp_path, PUBLIC_URL=PUBLIC, TRUSTED_PROXIES=1)
    yield app
    with app.app_context():
        db.engine.dispose()


def absolute_urls(html: str) -> list[str]:
    return re.findall(
        r'<meta (?:property|name)="(?:og:url|og:image|twitter:image)" '
        r'content="([^"]+)"',
        html,
    )


@pytest.mark.parametrize("page", PAGES)
def test_a_poisoned_host_never_reaches_a_cached_page(plain_app, page):
    client = plain_app.test_client()
    for _ in range(6):
        client.get(page, headers={"Host": EVIL})
    for _ in range(10):
        html = client.get(page).get_data(as_text=True)
        urls = absolute_urls(html)
        assert urls
        assert all(url.startswith("http://localhost/") for url in urls), urls
        assert EVIL not in html


@pytest.mark.parametrize("page", PAGES)
def test_absolute_urls_come_from_the_public_url(public_app, page):
    client = public_app.test_client()
    response = client.get(page, base_url=PUBLIC)
    assert response.status_code == 200
    urls = absolute_urls(response.get_data(as_text=True))
    assert urls
    assert all(url.startswith(PUBLIC + "/") for url in urls), urls


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": EVIL},
        {"X-Forwarded-Host": EVIL},
        {"Host": "localhost"},
        {"Host": "outreach.example.org.evil.example"},
    ],
)
def test_an_unknown_host_gets_400_when_a_public_url_is_set(public_app, headers):
    client = public_app.test_client()
    response = client.get("/lookup?zip=95814", headers={"Host": "outreach.example.org", **headers})
    assert response.status_code == 400
    # and the next normal visitor gets the public URL
    html = client.get("/lookup?zip=95814", base_url=PUBLIC).get_data(as_text=True)
    assert EVIL not in html
    assert absolute_urls(html)[0].startswith(PUBLIC)


@pytest.mark.parametrize("overrides", [{}, {"PUBLIC_URL": PUBLIC}], ids=["plain", "public"])
def test_a_huge_host_label_gets_400_never_500(database_url, tmp_path, overrides):
    app = build(database_url, tmp_path, **overrides)
    try:
        for host in ("a" * 5000, "a" * 64 + ".example.org", "x" * 300):
            for page in ("/", "/lookup?zip=95814", "/api/v1/states", "/nowhere"):
                response = app.test_client().get(page, headers={"Host": host})
                assert response.status_code == 400, (host[:10], page, response.status_code)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_zip_variants_are_not_separate_cache_entries(plain_app):
    client = plain_app.test_client()
    cache = plain_app.extensions["page_cache"]
    assert client.get("/lookup?zip=95814").status_code == 200
    entries = len(cache)
    for suffix in range(200):
        response = client.get(f"/lookup?zip=95814-{suffix:04d}")
        assert response.status_code == 200
        client.get(f"/api/v1/lookup?zip=95814-{suffix:04d}")
    client.get("/lookup?zip=%2095814")
    assert len(cache) == entries


@pytest.mark.parametrize(
    "value",
    ["outreach.example.org", "https://x.org/path", "ftp://x.org", "https://", "https://a@x.org"],
)
def test_a_public_url_that_is_not_an_origin_is_refused(value):
    with pytest.raises(BadPublicUrl):
        parse_public_url(value)


def test_a_public_url_is_kept_as_an_origin():
    assert parse_public_url("https://Outreach.Example.org/") == PUBLIC
    assert parse_public_url("") == ""
