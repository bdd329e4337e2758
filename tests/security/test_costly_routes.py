"""Probes of the routes that cost the server most: share images, kits, full exports, big bodies.

A flood of requests for one cold image must draw it once; kits and the
whole-directory exports are built once per version; each has a budget per
address; no body over 1 MB is read.
"""

from __future__ import annotations

import contextlib
import http.client
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from outreach.directory import exports
from outreach.extensions import db
from outreach.share import images as share_images
from outreach.share import kit as share_kit
from outreach.share.shareable import ImageKey
from outreach.share.store import ShareStore
from tests.security.conftest import build


class Counter:
    """Counts the calls of a real function, and calls it."""

    def __init__(self, function):
        self.function = function
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        time.sleep(0.05)  # a slower drawing widens the window a race would need
        return self.function(*args, **kwargs)


def test_twenty_concurrent_requests_for_one_cold_image_draw_it_once(live, monkeypatch):
    render = Counter(share_images.render)
    monkeypatch.setattr(share_images, "render", render)
    url = f"{live.url}/share/ca.png?size=1080x1080"
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: requests.get(url, timeout=120), range(20)))
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert render.calls == 1


def _hold_the_lock(root: str, name: str, held, release) -> None:
    store = ShareStore(root)
    with store.drawing(name):
        held.set()
        release.wait(10)


def test_another_process_drawing_an_image_makes_this_one_wait(site, tmp_path):
    store = site.extensions["share_images"].store
    name = ImageKey.place("CA").file_name((1200, 630))
    context = multiprocessing.get_context("fork")
    held, release = context.Event(), context.Event()
    child = context.Process(target=_hold_the_lock, args=(str(store.root), name, held, release))
    child.start()
    try:
        assert held.wait(10)
        with ThreadPoolExecutor(max_workers=1) as pool:
            waiting = pool.submit(_take, store, name)
            time.sleep(0.5)
            assert not waiting.done(), "the lock of another process was not waited for"
            release.set()
            assert waiting.result(timeout=10) is True
    finally:
        release.set()
        child.join(10)


def _take(store: ShareStore, name: str) -> bool:
    with store.drawing(name):
        return True


def test_concurrent_cold_kits_are_built_once_and_then_served_as_built(live, monkeypatch):
    builds = Counter(share_kit.build_zip)
    monkeypatch.setattr(share_kit, "build_zip", builds)
    url = f"{live.url}/share/ca/kit.zip"
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: requests.get(url, timeout=120), range(8)))
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert builds.calls == 1
    assert requests.get(url, timeout=60).content == answers[0].content
    assert builds.calls == 1


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_the_full_export_is_built_once_per_version(live, monkeypatch, ext):
    real = exports.OfficialsExport.chunks
    chunks = Counter(real)
    monkeypatch.setattr(exports.OfficialsExport, "chunks", lambda self, e: chunks(self, e))
    url = f"{live.url}/export/officials.{ext}"
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: requests.get(url, timeout=120), range(6)))
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert chunks.calls == 1
    # A filtered export is made for its asker, not kept.
    assert requests.get(f"{url}?state=CA", timeout=60).status_code == 200
    assert chunks.calls == 2


@pytest.mark.parametrize(
    ("setting", "url", "limit"),
    [
        ("SHARE_IMAGE_RATE_LIMIT", "/share/ca.png", 4),
        ("SHARE_KIT_RATE_LIMIT", "/share/ca/kit.zip", 2),
    ],
)
def test_share_images_and_kits_have_a_budget_per_address(
    database_url, tmp_path, setting, url, limit
):
    app = build(database_url, tmp_path, RATELIMIT_ENABLED=True, **{setting: f"{limit}/minute"})
    try:
        client = app.test_client()
        statuses = [client.get(url).status_code for _ in range(limit + 1)]
        assert statuses == [200] * limit + [429]
    finally:
        with app.app_context():
            db.engine.dispose()


def test_the_image_budget_is_shared_by_every_image(database_url, tmp_path):
    app = build(database_url, tmp_path, RATELIMIT_ENABLED=True, SHARE_IMAGE_RATE_LIMIT="2/minute")
    try:
        client = app.test_client()
        assert client.get("/share/ca.png").status_code == 200
        assert client.get("/share/campaign.png").status_code == 200
        assert client.get("/share/ca.png?size=1080x1080").status_code == 429
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize(
    "path", ["/write/{official}", "/organizers/login", "/write/{official}/letter.pdf"]
)
def test_a_two_megabyte_post_gets_413(site, path):
    url = path.format(official=site.config["OFFICIAL"])
    response = site.test_client().post(url, data={"message": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_a_big_body_is_refused_over_http_before_it_is_read(live, site):
    """A 300 MB body announced in its headers is refused after its first megabyte."""
    host, port = live.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest("POST", f"/write/{site.config['OFFICIAL']}")
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    connection.putheader("Content-Length", str(300 * 1024 * 1024))
    connection.endheaders()
    with contextlib.suppress(OSError):  # the server may answer and close before taking it all
        connection.send(b"message=" + b"x" * (1024 * 1024))
    response = connection.getresponse()
    assert response.status == 413
    connection.close()


def test_the_letters_api_keeps_its_64_kb_limit(site):
    response = site.test_client().post(
        "/api/v1/letters/render",
        data=b"{" + b" " * (100 * 1024) + b"}",
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "body_too_large"
