"""Rate limits on lookups, letter renders and sign-in; shared through Redis.

Each test builds its own app with rate limiting on and tiny limits, so the
counts are exact. The Redis tests run two separate apps (as two hosts would)
against one real Redis server.
"""

from __future__ import annotations

from contextlib import contextmanager

from outreach import create_app
from outreach.extensions import db
from outreach.organizers import accounts
from tests.conftest import make_config
from tests.factories import make_campaign, make_person, make_zip
from tests.net import free_port

EMAIL = "olga@example.org"
PASSWORD = "correct horse battery staple"


def seed() -> int:
    """A ZIP, one official, an organizer; returns the official's id."""
    make_campaign(db.session)
    make_zip(db.session, "95814", "CA", "7")
    person = make_person(db.session, name="Roger Niello", district="6")
    accounts.create_organizer(db.session, email=EMAIL, name="Olga", password=PASSWORD)
    db.session.commit()
    return person.id


@contextmanager
def limited_app(database_url: str, *, create: bool = True, **overrides):
    """An app with rate limits on; ``create`` builds and seeds the schema."""
    settings = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://", **overrides}
    app = create_app(make_config(database_url, **settings))
    with app.app_context():
        if create:
            db.create_all()
            app.config["SEEDED_OFFICIAL"] = seed()
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def statuses(client, requests) -> list[int]:
    return [client.open(*args, **kwargs).status_code for args, kwargs in requests]


def test_lookups_share_one_budget_for_the_page_and_the_api(database_url):
    with limited_app(database_url, LOOKUP_RATE_LIMIT="3/minute") as app:
        client = app.test_client()
        assert client.get("/lookup?zip=95814").status_code == 200
        assert client.get("/api/v1/lookup?zip=95814").status_code == 200
        assert client.get("/lookup?zip=95814").status_code == 200
        page = client.get("/lookup?zip=95814")
        assert page.status_code == 429
        html = page.get_data(as_text=True)
        assert "Please slow down" in html
        assert "3 requests per minute" in html
        assert 1 <= int(page.headers["Retry-After"]) <= 60
        assert page.headers["Content-Security-Policy"]  # error pages keep the headers
        api = client.get("/api/v1/lookup?zip=95814")
        assert api.status_code == 429
        error = api.get_json()["error"]
        assert error["code"] == "too_many_requests"
        assert 1 <= error["retry_after"] <= 60
        assert "Retry-After" in api.headers
        # Other pages are not limited.
        assert client.get("/").status_code == 200
        assert client.get("/states").status_code == 200


def test_another_address_has_its_own_budget(database_url):
    with limited_app(database_url, LOOKUP_RATE_LIMIT="1/minute") as app:
        client = app.test_client()
        first = {"REMOTE_ADDR": "192.0.2.1"}
        second = {"REMOTE_ADDR": "192.0.2.2"}
        assert client.get("/lookup?zip=95814", environ_base=first).status_code == 200
        assert client.get("/lookup?zip=95814", environ_base=first).status_code == 429
        assert client.get("/lookup?zip=95814", environ_base=second).status_code == 200


def test_a_spoofed_forwarded_for_does_not_escape_the_limit(database_url):
    with limited_app(database_url, LOOKUP_RATE_LIMIT="1/minute") as app:
        client = app.test_client()
        assert client.get("/lookup?zip=95814").status_code == 200
        spoofed = client.get("/lookup?zip=95814", headers={"X-Forwarded-For": "198.51.100.1"})
        assert spoofed.status_code == 429


def test_behind_a_trusted_proxy_each_supporter_is_counted_apart(database_url):
    with limited_app(database_url, LOOKUP_RATE_LIMIT="1/minute", TRUSTED_PROXIES=1) as app:
        client = app.test_client()
        one = {"X-Forwarded-For": "198.51.100.1"}
        two = {"X-Forwarded-For": "198.51.100.2"}
        assert client.get("/lookup?zip=95814", headers=one).status_code == 200
        assert client.get("/lookup?zip=95814", headers=one).status_code == 429
        assert client.get("/lookup?zip=95814", headers=two).status_code == 200


def test_letter_renders_share_one_budget(database_url):
    with limited_app(database_url, LETTER_RATE_LIMIT="3/minute") as app:
        client = app.test_client()
        official = app.config["SEEDED_OFFICIAL"]
        body = {
            "official_id": official,
            "sender": {"name": "Ana Ruiz", "zip": "95814"},
        }
        assert client.get(f"/write/{official}").status_code == 200
        assert client.post(f"/write/{official}", data={"name": "Ana Ruiz"}).status_code < 429
        assert client.post("/api/v1/letters/render", json=body).status_code < 429
        blocked = client.post(
            f"/write/{official}/letter.pdf", data={"name": "Ana Ruiz", "zip": "95814"}
        )
        assert blocked.status_code == 429
        assert "Please slow down" in blocked.get_data(as_text=True)
        assert client.post("/api/v1/letters/render", json=body).status_code == 429
        assert client.get("/write/all?zip=95814").status_code == 429
        assert client.get("/lookup?zip=95814").status_code == 200  # another budget


def test_sign_in_attempts_are_limited_but_the_form_is_not(database_url):
    with limited_app(database_url, LOGIN_RATE_LIMIT="2/minute") as app:
        client = app.test_client()
        wrong = {"email": EMAIL, "password": "wrong password"}
        assert client.post("/organizers/login", data=wrong).status_code == 401
        assert client.post("/organizers/login", data=wrong).status_code == 401
        blocked = client.post("/organizers/login", data=wrong)
        assert blocked.status_code == 429
        assert "Please slow down" in blocked.get_data(as_text=True)
        for _ in range(5):
            assert client.get("/organizers/login").status_code == 200


def test_exports_keep_their_own_plain_text_answer(database_url):
    with limited_app(database_url, EXPORT_RATE_LIMIT="1/minute") as app:
        client = app.test_client()
        assert client.get("/export/officials.csv").status_code == 200
        blocked = client.get("/export/officials.csv")
        assert blocked.status_code == 429
        assert blocked.content_type.startswith("text/plain")
        assert "1 file per minute" in blocked.get_data(as_text=True)


def test_two_hosts_share_the_counters_through_redis(database_url, redis_server):
    redis_server.flush()
    settings = {"LOOKUP_RATE_LIMIT": "3/minute", "RATELIMIT_STORAGE_URI": redis_server.url}
    with limited_app(database_url, **settings) as first:
        host_a = first.test_client()
        assert host_a.get("/lookup?zip=95814").status_code == 200
        assert host_a.get("/api/v1/lookup?zip=95814").status_code == 200
        # A second, separate app on the same database and Redis: another host.
        with limited_app(database_url, create=False, **settings) as second:
            host_b = second.test_client()
            assert host_b.get("/lookup?zip=95814").status_code == 200
            assert host_b.get("/lookup?zip=95814").status_code == 429
        assert host_a.get("/lookup?zip=95814").status_code == 429


def test_an_unreachable_redis_does_not_take_the_site_down(database_url):
    dead = f"redis://127.0.0.1:{free_port()}/0"
    settings = {"LOOKUP_RATE_LIMIT": "2/minute", "RATELIMIT_STORAGE_URI": dead}
    with limited_app(database_url, **settings) as app:
        client = app.test_client()
        # Requests are served; the limiter falls back to counting in memory.
        codes = [client.get("/lookup?zip=95814").status_code for _ in range(3)]
        assert codes[0] == 200
        assert 500 not in codes


def test_an_app_with_limits_off_never_counts_them(database_url):
    """With limits off, a limited route answers every request, with no rate-limit headers."""
    app = create_app(make_config(database_url, LOOKUP_RATE_LIMIT="1/minute"))
    with app.app_context():
        db.create_all()
        seed()
        client = app.test_client()
        answers = [
            client.get(url) for url in ["/api/v1/lookup?zip=95814", "/lookup?zip=95814"] * 2
        ]
        assert [a.status_code for a in answers] == [200, 200, 200, 200]
        assert not any("X-RateLimit-Limit" in a.headers for a in answers)
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    # The same routes, in an app with the same limit on: counted.
    with limited_app(database_url, create=False, LOOKUP_RATE_LIMIT="1/minute") as app:
        with app.app_context():
            db.create_all()
            seed()
        client = app.test_client()
        assert statuses(client, [(("/api/v1/lookup?zip=95814",), {})] * 2) == [200, 429]


def test_limits_count_over_a_moving_window(database_url):
    """N requests in any 60 seconds, not N per clock minute (twice N across a boundary)."""
    from limits.strategies import MovingWindowRateLimiter

    from outreach.extensions import limiter

    with limited_app(database_url, LOOKUP_RATE_LIMIT="2/minute"):
        assert isinstance(limiter.limiter, MovingWindowRateLimiter)
