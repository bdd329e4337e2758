"""Security headers, cookies, framing, proxies and the production secret check."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import request

from outreach import create_app
from outreach.extensions import db
from outreach.organizers import accounts
from outreach.web.security import InsecureSecretKey, check_secret_key, parse_origins
from tests.conftest import ROOT, make_config
from tests.factories import make_campaign, make_person, make_record, make_zip
from tests.markup import inline_code

EMAIL = "olga@example.org"
PASSWORD = "correct horse battery staple"


@contextmanager
def built_app(database_url: str, **overrides):
    """An app on ``database_url`` with config ``overrides``, schema created."""
    app = create_app(make_config(database_url, **overrides))
    with app.app_context():
        db.create_all()
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def seeded(session):
    """A ZIP, an official, a campaign record: enough for every kind of page."""
    make_campaign(session)
    make_record(session, "CA")
    make_zip(session, "95814", "CA", "7")
    person = make_person(session, name="Roger Niello", district="6")
    accounts.create_organizer(session, email=EMAIL, name="Olga", password=PASSWORD)
    session.commit()
    return person


def directives(response) -> dict[str, str]:
    """The Content-Security-Policy as ``{directive: value}``."""
    policy = response.headers["Content-Security-Policy"]
    found = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        found[name] = value
    return found


def page_urls(person_id: int) -> list[str]:
    return [
        "/",
        "/lookup?zip=95814",
        f"/officials/{person_id}",
        f"/write/{person_id}",
        "/states",
        "/states/ca",
        "/map",
        "/share",
        "/export",
        "/organizers/login",
        "/api/v1/lookup?zip=95814",
        "/api/v1/openapi.json",
        "/static/css/site.css",
        "/no-such-page",
        "/api/v1/officials/999999",
        "/healthz",
    ]


def test_every_response_carries_the_security_headers(client, seeded):
    for url in page_urls(seeded.id):
        response = client.get(url)
        assert response.status_code < 500, url
        headers = response.headers
        policy = directives(response)
        assert policy["default-src"] == "'self'", url
        assert policy["script-src"] == "'self'", url
        assert policy["style-src"] == "'self'", url
        assert policy["object-src"] == "'none'", url
        assert policy["base-uri"] == "'self'", url
        assert policy["form-action"] == "'self'", url
        assert "unsafe-inline" not in headers["Content-Security-Policy"], url
        assert "unsafe-eval" not in headers["Content-Security-Policy"], url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        private = url.startswith(("/organizers", "/export"))
        referrer = "same-origin" if private else "strict-origin-when-cross-origin"
        assert headers["Referrer-Policy"] == referrer, url
        assert "camera=()" in headers["Permissions-Policy"], url
        assert "geolocation=()" in headers["Permissions-Policy"], url
        # Plain HTTP: no HSTS (browsers ignore it there, and it would pin dev hosts).
        assert "Strict-Transport-Security" not in headers, url
        response.close()


def test_pages_need_nothing_the_policy_forbids(client, seeded):
    """No inline script, event handler or style attribute on any HTML page."""
    for url in page_urls(seeded.id):
        response = client.get(url)
        html = response.get_data(as_text=True)
        response.close()
        if not response.content_type.startswith("text/html"):
            continue
        assert inline_code(html) == [], url


def test_https_requests_get_hsts_and_upgrade(client, seeded):
    response = client.get("/", base_url="https://outreach.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "includeSubDomains" in response.headers["Strict-Transport-Security"]
    assert "upgrade-insecure-requests" in directives(response)


def test_images_may_come_from_https_hosts_only(client, seeded):
    img = directives(client.get("/")).get("img-src", "")
    assert img.split() == ["'self'", "data:", "https:"]


def test_default_framing_is_same_origin_only(client, seeded):
    response = client.get("/lookup?zip=95814")
    assert directives(response)["frame-ancestors"] == "'self'"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_partners_on_the_allow_list_may_frame_the_public_pages(database_url):
    partners = "'self' https://partner.example, https://*.coalition.example"
    with built_app(database_url, FRAME_ANCESTORS=partners) as app:
        client = app.test_client()
        response = client.get("/")
        assert directives(response)["frame-ancestors"] == (
            "'self' https://partner.example https://*.coalition.example"
        )
        # X-Frame-Options cannot express an allow-list, so it is left out.
        assert "X-Frame-Options" not in response.headers
        for private in ("/organizers/login", "/export"):
            response = client.get(private)
            assert directives(response)["frame-ancestors"] == "'none'", private
            assert response.headers["X-Frame-Options"] == "DENY", private


def test_a_malformed_allow_list_cannot_inject_directives():
    assert parse_origins("https://ok.example; script-src *") == []
    assert parse_origins("https://ok.example javascript:alert(1) 'unsafe-inline'") == [
        "https://ok.example"
    ]
    assert parse_origins("'none'") == ["'none'"]


def test_session_cookie_is_http_only_and_same_site(client, seeded):
    response = client.post("/organizers/login", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development over plain HTTP


def test_production_cookies_are_secure(database_url):
    key = secrets.token_hex(32)
    with built_app(
        database_url, ENV_NAME="production", SECRET_KEY=key, SESSION_COOKIE_SECURE=True
    ) as app:
        accounts.create_organizer(db.session, email=EMAIL, name="Olga", password=PASSWORD)
        db.session.commit()
        client = app.test_client()
        response = client.post(
            "/organizers/login",
            data={"email": EMAIL, "password": PASSWORD},
            base_url="https://outreach.example",
        )
        assert response.status_code == 302
        cookie = response.headers["Set-Cookie"]
        assert "Secure" in cookie
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert app.config["REMEMBER_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    "key",
    [
        None,
        "",
        "dev-only-not-secret",
        "change-me",
        "short-key",
        "s" * 64,
        "ab" * 32,
        "password" * 8,
        "0123456789" * 4,
    ],
)
def test_production_refuses_a_default_or_weak_secret(key):
    with pytest.raises(InsecureSecretKey, match="SECRET_KEY"):
        check_secret_key("production", key)


def test_development_accepts_the_default_secret():
    check_secret_key("development", "dev-only-not-secret")
    check_secret_key("production", secrets.token_hex(32))
    check_secret_key("production", secrets.token_urlsafe(32))


def test_the_factory_refuses_to_build_a_production_app_with_the_default_key(tmp_path: Path):
    with pytest.raises(InsecureSecretKey):
        create_app(
            make_config(
                f"sqlite:///{tmp_path / 'x.sqlite3'}",
                ENV_NAME="production",
                SECRET_KEY="dev-only-not-secret",
            )
        )


def _start_wsgi(env_updates: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(
        OUTREACH_INSTANCE_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        **env_updates,
    )
    return subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_production_process_without_secret_key_exits_with_a_clear_message(tmp_path: Path):
    result = _start_wsgi({"OUTREACH_ENV": "production"}, tmp_path)
    assert result.returncode != 0
    assert "Refusing to start in production: SECRET_KEY" in result.stderr
    started = _start_wsgi(
        {"OUTREACH_ENV": "production", "SECRET_KEY": secrets.token_hex(32)}, tmp_path
    )
    assert started.returncode == 0, started.stderr


def test_forwarded_headers_are_ignored_without_trusted_proxies(client, seeded):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_a_trusted_proxy_sets_scheme_and_client_address(database_url):
    with built_app(database_url, TRUSTED_PROXIES=1) as app:
        seen: list[str] = []

        @app.get("/_whoami")
        def _whoami():
            seen.append(request.remote_addr)
            return "ok"

        client = app.test_client()
        response = client.get(
            "/healthz", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
        )
        assert "Strict-Transport-Security" in response.headers
        client.get("/_whoami", headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.9"})
        assert seen == ["203.0.113.9"]


def test_cached_lookup_answers_carry_the_headers_too(client, seeded):
    first = client.get("/lookup?zip=95814")
    second = client.get("/lookup?zip=95814")
    assert second.get_data() == first.get_data()
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Permissions-Policy"):
        assert second.headers[name] == first.headers[name]


def test_public_pages_do_not_vary_on_cookies(client, seeded):
    """A shared cache (CDN) may keep one copy of a public page for everyone."""
    for url in ("/", "/lookup?zip=95814", "/states/ca", "/healthz", "/api/v1/lookup?zip=95814"):
        response = client.get(url)
        assert "Cookie" not in response.headers.get("Vary", ""), url
    client.post("/organizers/login", data={"email": EMAIL, "password": PASSWORD})
    private = client.get("/organizers/dashboard")
    assert private.status_code == 200
    assert "Cookie" in private.headers.get("Vary", "")
    assert private.headers["Cache-Control"] == "no-store"


def test_nul_characters_are_refused_before_any_view(client, seeded):
    assert client.get("/states/%00").status_code == 404
    assert client.get("/api/v1/states/%00").status_code == 404
    page = client.get("/export?committee=%00")
    assert page.status_code == 400
    assert "NUL character" in page.get_data(as_text=True)
    api = client.get("/api/v1/lookup?zip=%00")
    assert api.status_code == 400
    assert api.get_json()["error"]["code"] == "invalid_parameter"


def test_a_wrong_method_is_answered_with_allow(client, seeded):
    page = client.delete("/")
    assert page.status_code == 405
    assert "GET" in page.headers["Allow"]
    api = client.put("/api/v1/letters/render")
    assert api.status_code == 405
    assert "POST" in api.headers["Allow"]
    assert api.get_json()["error"]["code"] == "method_not_allowed"
