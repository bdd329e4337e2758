"""Plain ZIP lookups are served from a per-version cache; nothing else is."""

from __future__ import annotations

import pytest

from outreach import create_app
from outreach.directory.version import VersionedCache, bump_version
from outreach.extensions import db
from tests.conftest import make_config
from tests.factories import make_person, make_sync, make_zip


@pytest.fixture
def cached_app(database_url):
    app = create_app(make_config(database_url, DIRECTORY_VERSION_TTL=0))
    with app.app_context():
        db.create_all()
        make_zip(db.session, "94612", "CA", "14")
        make_person(db.session, name="Cy Fourteen", office="us_representative", district="14")
        make_sync(db.session)
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("url", ["/lookup?zip=94612", "/api/v1/lookup?zip=94612"])
def test_same_zip_is_served_from_the_cache_until_the_directory_changes(cached_app, url):
    client = cached_app.test_client()
    cache = cached_app.extensions["page_cache"]
    first = client.get(url)
    assert first.status_code == 200
    assert b"Cy Fourteen" in first.data
    hits = cache.hits
    second = client.get(url)
    assert cache.hits == hits + 1
    assert second.data == first.data
    assert second.mimetype == first.mimetype

    # A new person and a new sync: the next answer is rendered afresh.
    make_person(db.session, name="Sal Senator", office="us_senator", district=None)
    db.session.commit()
    assert b"Sal Senator" not in client.get(url).data  # same version: still cached
    make_sync(db.session)
    db.session.commit()
    assert b"Sal Senator" in client.get(url).data

    # A content change (an organizer's edit) also renders afresh.
    hits = cache.hits
    bump_version(db.session)
    db.session.commit()
    client.get(url)
    assert cache.hits == hits


def test_each_scheme_host_and_mount_point_has_its_own_entry(cached_app):
    """Without a public URL, absolute URLs follow the request: never served to another origin."""
    client = cached_app.test_client()
    origins = [
        ("http://localhost/", ""),
        ("https://localhost/", ""),
        ("http://127.0.0.1/", ""),
        ("http://localhost/", "/outreach"),
    ]
    for _ in range(2):
        for base, mount in origins:
            response = client.get(
                "/lookup?zip=94612", base_url=base, environ_overrides={"SCRIPT_NAME": mount}
            )
            assert response.status_code == 200
            own = base.rstrip("/") + mount + "/lookup?zip=94612"
            assert f'"og:url" content="{own}"'.encode() in response.data, (base, mount)
    assert len(cached_app.extensions["page_cache"]) == len(origins)


@pytest.mark.parametrize(
    "url",
    [
        "/lookup?zip=94612&address=1+Main+St",
        "/lookup?zip=94612&upper=10",
        "/lookup?zip=9461",
        "/api/v1/lookup?zip=00000",
    ],
)
def test_other_lookups_and_errors_are_not_cached(cached_app, url):
    client = cached_app.test_client()
    cache = cached_app.extensions["page_cache"]
    client.get(url)
    client.get(url)
    assert len(cache) == 0


def test_cache_is_bounded_by_bytes():
    cache: VersionedCache[bytes] = VersionedCache(100, max_bytes=10, sizeof=len)
    cache.put("a", 1, b"12345")
    cache.put("b", 1, b"12345")
    cache.put("c", 1, b"123")
    assert cache.get("a", 1) is None  # evicted to stay within 10 bytes
    assert cache.get("b", 1) == b"12345"
    assert cache.get("c", 1) == b"123"
    assert cache.size_bytes == 8
    cache.put("huge", 1, b"x" * 11)  # larger than the whole budget: not kept
    assert cache.get("huge", 1) is None
    assert cache.size_bytes == 8
