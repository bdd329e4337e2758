"""Several app processes behind a load balancer: nothing that must be shared is
kept in one process.

Two separate app objects stand for two hosts. They share what real hosts
would share: the database, the share-image folder (a shared volume) and the
secret key. Whatever one host records, the other must see.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

from outreach import create_app
from outreach.extensions import db
from outreach.letters.action_counts import total_actions
from outreach.organizers import accounts
from tests.conftest import make_config
from tests.factories import make_campaign, make_person, make_record, make_zip

EMAIL = "olga@example.org"
PASSWORD = "correct horse battery staple"
SENDER = {
    "name": "Jordan Quill",
    "address": "742 Evergreen Terrace",
    "city": "Sacramento",
    "zip": "95814",
    "email": "jordan@example.org",
}


@contextmanager
def host(database_url: str, share_dir: Path, *, create: bool = False):
    """One app ("host") on the shared database and share folder.

    No app context stays pushed while the tests make requests: each request
    runs in its own, as it would on a real server.
    """
    app = create_app(make_config(database_url, SHARE_CACHE_DIR=share_dir))
    if create:
        with app.app_context():
            db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def hosts(database_url: str, tmp_path: Path):
    """Two hosts on one database and one share folder, with a little data."""
    share_dir = tmp_path / "share"
    with host(database_url, share_dir, create=True) as first:
        with first.app_context():
            make_campaign(db.session)
            make_record(db.session, "CA", "limited")
            make_zip(db.session, "95814", "CA", "7")
            official = make_person(db.session, name="Roger Niello", district="6")
            accounts.create_organizer(db.session, email=EMAIL, name="Olga", password=PASSWORD)
            db.session.commit()
            first.config["OFFICIAL"] = official.id
        with host(database_url, share_dir) as second:
            yield first, second, share_dir


def actions_seen_by(app) -> int:
    with app.app_context():
        return total_actions(db.session)


def test_action_counts_from_both_hosts_add_up(hosts):
    first, second, _ = hosts
    official = first.config["OFFICIAL"]
    for app in (first, second, second):
        response = app.test_client().post(f"/write/{official}/letter.pdf", data=SENDER)
        assert response.status_code == 200
        assert response.data.startswith(b"%PDF")
    assert actions_seen_by(first) == 3
    assert actions_seen_by(second) == 3


def test_a_share_image_drawn_by_one_host_is_served_by_the_other(hosts):
    first, second, share_dir = hosts
    drawn = first.test_client().get("/share/ca.png")
    assert drawn.status_code == 200
    stored = sorted(share_dir.rglob("*.png"))
    assert [p.name for p in stored] == ["ca-1200x630.png"]
    modified = stored[0].stat().st_mtime_ns

    served = second.test_client().get("/share/ca.png")
    assert served.status_code == 200
    assert served.data == drawn.data
    assert served.headers["ETag"] == drawn.headers["ETag"]
    assert sorted(share_dir.rglob("*.png")) == stored
    assert stored[0].stat().st_mtime_ns == modified, "read from the shared store, not drawn"
    with Image.open(stored[0]) as image:
        assert image.size == (1200, 630)
    # A conditional request to the other host is answered 304 from the same tag.
    again = second.test_client().get(
        "/share/ca.png", headers={"If-None-Match": drawn.headers["ETag"]}
    )
    assert again.status_code == 304


def test_an_organizer_signed_in_on_one_host_is_signed_in_on_the_other(hosts):
    first, second, _ = hosts
    browser_a = first.test_client()
    signed_in = browser_a.post("/organizers/login", data={"email": EMAIL, "password": PASSWORD})
    assert signed_in.status_code == 302
    cookie = browser_a.get_cookie("session")
    assert cookie is not None

    browser_b = second.test_client()
    assert browser_b.get("/organizers/dashboard").status_code == 302  # not signed in yet
    browser_b.delete_cookie("session")
    browser_b.set_cookie("session", cookie.value)
    dashboard = browser_b.get("/organizers/dashboard")
    assert dashboard.status_code == 200
    assert "Olga" in dashboard.get_data(as_text=True)


def test_wrong_passwords_count_across_hosts(hosts):
    first, second, _ = hosts
    wrong = {"email": EMAIL, "password": "not the password"}
    for attempt in range(accounts.MAX_FAILURES - 1):
        app = first if attempt % 2 == 0 else second
        assert app.test_client().post("/organizers/login", data=wrong).status_code == 401
    # The last allowed failure, on either host, locks the account everywhere.
    assert second.test_client().post("/organizers/login", data=wrong).status_code == 429
    locked = first.test_client().post(
        "/organizers/login", data={"email": EMAIL, "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert "Too many wrong passwords" in locked.get_data(as_text=True)
