"""The organizer area: sign-in, lockout, CSRF, editing, evaluating, the audit log."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select, update

from outreach import create_app
from outreach.campaign import editing as content_editing
from outreach.campaign import editor_data, snapshots
from outreach.directory.version import content_version
from outreach.extensions import db
from outreach.models import Assessment, AuditEntry, Bill, ReformRecord, SignInThrottle
from outreach.organizers import accounts
from tests.conftest import make_config
from tests.factories import make_bill, make_campaign, make_record

PASSWORD = "correct horse battery"
EMAIL = "olga@example.org"
SLUG = "co-sb20-217"


# ----------------------------------------------------------------------------- helpers


def html_of(response) -> str:
    return response.get_data(as_text=True)


def login(client, email: str = EMAIL, password: str = PASSWORD, **extra):
    return client.post("/organizers/login", data={"email": email, "password": password, **extra})


def field_block(html: str, field_id: str) -> str:
    """The ``<div class="field …">`` that holds the input ``field_id``."""
    marker = f'id="{field_id}"'
    assert marker in html, f"{field_id} not in page"
    start = html.rfind('<div class="field', 0, html.index(marker))
    return html[start : html.index(marker) + 200]


def snapshot(session) -> dict:
    """Everything an edit could change, to compare around a refused edit."""
    session.expire_all()
    return {
        "records": [
            snapshots.record_snapshot(r)
            for r in session.scalars(select(ReformRecord).order_by(ReformRecord.jurisdiction))
        ],
        "bills": [
            snapshots.bill_snapshot(b) for b in session.scalars(select(Bill).order_by(Bill.slug))
        ],
        "assessments": session.scalar(select(func.count()).select_from(Assessment)),
        "audit": session.scalar(select(func.count()).select_from(AuditEntry)),
        "version": content_version(session),
    }


def record_form(**overrides) -> dict:
    data = {
        "stamp": "",
        "status": "limited",
        "summary": "A 2021 law narrows the immunity.",
        "as_of": "2026-04-01",
        "sources-0-title": "The statute",
        "sources-0-url": "https://example.org/statute",
        "sources-1-title": "",
        "sources-1-url": "",
    }
    data.update(overrides)
    return data


def bill_form(ratings: dict[int, str] | None = None, **overrides) -> dict:
    ratings = ratings or {}
    data = {
        "stamp": "",
        "identifier": "SB 20-217",
        "title": "Enhance Law Enforcement Integrity",
        "jurisdiction": "CO",
        "session": "2021",
        "congress": "",
        "stage": "enacted",
        "last_action": "2021-07-06",
        "url": "https://example.org/sb217",
        "sponsors": "Sen. Leroy Garcia\nRep. Leslie Herod",
        "summary": "Creates a state civil action without qualified immunity.",
    }
    for n in range(1, 10):
        rating = ratings.get(n, "unknown")
        data[f"assessments-{n - 1}-rating"] = rating
        data[f"assessments-{n - 1}-note"] = f"Note on {n}"
        data[f"assessments-{n - 1}-source"] = "" if rating == "unknown" else f"https://e.org/{n}"
    data.update(overrides)
    return data


@pytest.fixture
def organizer(session):
    found = accounts.create_organizer(
        session, email=EMAIL, name="Olga Organizer", password=PASSWORD
    )
    session.commit()
    return found


@pytest.fixture
def content(session):
    make_campaign(session)
    make_record(session, "CO", summary="Colorado ended it by law.")
    make_bill(
        session,
        "CO",
        "SB 20-217",
        slug=SLUG,
        ratings={1: "met", 2: "met", 3: "partial", 4: "not_met"},
    )
    session.commit()


@pytest.fixture
def signed_in(client, organizer):
    response = login(client)
    assert response.status_code == 302
    return client


# ----------------------------------------------------------------------------- access


PROTECTED = [
    "/organizers/",
    "/organizers/records",
    "/organizers/records/CO",
    "/organizers/bills",
    "/organizers/bills/new",
    f"/organizers/bills/{SLUG}",
    "/organizers/evaluate",
    f"/organizers/evaluate?bill={SLUG}",
    "/organizers/audit",
    "/organizers/audit.csv",
    "/organizers/audit.json",
]


@pytest.mark.parametrize("url", PROTECTED)
def test_anonymous_visitors_are_sent_to_sign_in(client, content, url):
    response = client.get(url)
    assert response.status_code == 302
    parts = urlsplit(response.location)
    assert parts.path == "/organizers/login"
    assert not parts.netloc
    assert parse_qs(parts.query)["next"] == [url]


@pytest.mark.parametrize(
    "url", ["/organizers/records/CO", f"/organizers/bills/{SLUG}", "/organizers/evaluate"]
)
def test_anonymous_posts_change_nothing(client, session, content, url):
    before = snapshot(session)
    response = client.post(url, data=record_form() | bill_form() | {"action": "save"})
    assert response.status_code == 302
    assert "/organizers/login" in response.location
    assert snapshot(session) == before


def test_sign_in_page_and_return_to_where_one_was(client, organizer):
    page = client.get("/organizers/login?next=/organizers/bills")
    assert page.status_code == 200
    assert 'name="next" type="hidden" value="/organizers/bills"' in html_of(page)
    response = login(client, next="/organizers/bills")
    assert response.status_code == 302
    assert response.location == "/organizers/bills"
    assert client.get("/organizers/bills").status_code == 200


def test_organizer_pages_are_private(signed_in):
    response = signed_in.get("/organizers/")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_dashboard_links_and_honest_supporter_section(signed_in, content):
    html = html_of(signed_in.get("/organizers/"))
    for href in ("/organizers/records", "/organizers/bills", "/organizers/evaluate"):
        assert f'href="{href}"' in html
    assert 'href="/organizers/audit"' in html
    assert "Supporter activity" in html
    assert 'href="/organizers/dashboard"' in html


# ----------------------------------------------------------------------------- sign-in


@pytest.mark.parametrize(
    ("email", "password"),
    [(EMAIL, "not the password"), ("nobody@example.org", PASSWORD), (EMAIL.upper(), "nope nope")],
)
def test_wrong_credentials_get_one_generic_message(client, organizer, email, password):
    response = login(client, email, password)
    assert response.status_code == 401
    assert "The email address or password is wrong." in html_of(response)
    assert client.get("/organizers/").status_code == 302


def test_an_empty_form_is_refused(client, organizer):
    response = client.post("/organizers/login", data={"email": "", "password": ""})
    assert response.status_code == 400
    assert "Enter your email address." in html_of(response)


def test_a_pause_after_repeated_failures_and_its_expiry(client, session, organizer):
    for _ in range(accounts.MAX_FAILURES - 1):
        assert login(client, password="wrong password").status_code == 401
    paused = login(client, password="wrong password")
    assert paused.status_code == 429
    assert "Too many wrong passwords" in html_of(paused)
    assert 0 < int(paused.headers["Retry-After"]) <= 61

    # the right password does not help while paused
    still = login(client)
    assert still.status_code == 429
    assert client.get("/organizers/").status_code == 302

    # once the pause is over, the right password works again
    session.execute(
        update(SignInThrottle).values(paused_until=accounts.utcnow() - timedelta(seconds=1))
    )
    session.commit()
    response = login(client)
    assert response.status_code == 302
    assert client.get("/organizers/").status_code == 200
    session.expire_all()
    key = accounts.throttle_key("account", EMAIL)
    assert accounts.throttle_state(session, key).failures == 0


def test_an_unknown_address_is_paused_like_a_real_one(client, organizer):
    answers = {}
    for email in (EMAIL, "nobody@example.org"):
        answers[email] = [
            login(client, email=email, password="wrong password").status_code
            for _ in range(accounts.MAX_FAILURES + 1)
        ]
    assert answers[EMAIL] == answers["nobody@example.org"] == [401] * 4 + [429, 429]


def test_a_deactivated_organizer_is_signed_out(signed_in, session):
    accounts.get_organizer(session, EMAIL).active = False
    session.commit()
    assert signed_in.get("/organizers/").status_code == 302


def kept_cookie(client) -> str:
    return client.get_cookie("session").value


def as_new_request(app, client, path: str = "/organizers/audit"):
    """GET ``path`` in an app context of its own, as a server would.

    The fixture's app context lasts the whole test, and Flask-Login keeps the
    signed-in organizer in its ``g``: a context of its own makes the request ask
    the database again, as every request on a real server does.
    """
    with app.app_context():
        return client.get(path)


def replay(app, cookie: str):
    """A new browser that presents a copy of an old session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return as_new_request(app, thief)


def test_a_cookie_kept_from_before_logout_is_refused(app, signed_in):
    cookie = kept_cookie(signed_in)
    assert replay(app, cookie).status_code == 200
    signed_in.post("/organizers/logout")
    assert replay(app, cookie).status_code == 302


def test_logout_ends_the_sessions_on_other_devices(app, signed_in):
    laptop = app.test_client()
    assert login(laptop).status_code == 302
    signed_in.post("/organizers/logout")
    assert as_new_request(app, laptop).status_code == 302


def test_a_cookie_kept_from_before_a_password_change_is_refused(app, signed_in):
    cookie = kept_cookie(signed_in)
    result = app.test_cli_runner().invoke(
        args=["organizers", "set-password", "--email", EMAIL, "--password-stdin"],
        input="a whole new passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert replay(app, cookie).status_code == 302
    assert as_new_request(app, signed_in).status_code == 302


def test_a_cookie_kept_from_before_deactivation_is_refused(app, signed_in):
    cookie = kept_cookie(signed_in)
    result = app.test_cli_runner().invoke(args=["organizers", "deactivate", "--email", EMAIL])
    assert result.exit_code == 0, result.output
    assert "Deactivated" in result.output
    assert replay(app, cookie).status_code == 302
    assert login(app.test_client()).status_code == 401


def _age_session(client, app, **seconds_ago) -> None:
    with client.session_transaction() as http_session:
        for key, ago in seconds_ago.items():
            http_session[key] = http_session[key] - ago


def test_an_idle_session_ends(app, signed_in):
    idle = app.config["ORGANIZER_IDLE_MINUTES"] * 60
    _age_session(signed_in, app, seen_at=idle - 30)
    assert as_new_request(app, signed_in).status_code == 200  # used again: fresh
    _age_session(signed_in, app, seen_at=idle + 1)
    assert as_new_request(app, signed_in).status_code == 302


def test_a_session_ends_after_its_lifetime_even_in_use(app, signed_in):
    lifetime = app.config["ORGANIZER_SESSION_HOURS"] * 3600
    _age_session(signed_in, app, signed_in_at=lifetime - 10)
    assert as_new_request(app, signed_in).status_code == 200
    _age_session(signed_in, app, signed_in_at=20)
    assert as_new_request(app, signed_in).status_code == 302


def test_logout_needs_a_post(signed_in):
    assert signed_in.get("/organizers/logout").status_code == 405
    response = signed_in.post("/organizers/logout")
    assert response.status_code == 302
    assert response.location == "/organizers/login"
    assert signed_in.get("/organizers/").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "/%0a/evil.example",
        "/\t/evil.example",
        "evil.example",
    ],
)
def test_no_open_redirect_after_sign_in(client, organizer, target):
    response = login(client, next=target)
    assert response.status_code == 302
    location = response.location
    assert location == "/organizers/" or (
        location.startswith("/") and not location.startswith("//") and "\\" not in location
    )
    assert "evil.example" not in location or location.startswith("/%0a")
    page = client.get(f"/organizers/login?next={target}")
    assert page.status_code == 302
    assert "evil.example" not in page.location.replace("/%0a", "")


def test_no_open_redirect_on_the_sign_in_page(client, organizer):
    page = html_of(client.get("/organizers/login?next=//evil.example/x"))
    assert "evil.example" not in page


# ----------------------------------------------------------------------------- CSRF


@pytest.fixture
def csrf_app(database_url):
    app = create_app(make_config(database_url, WTF_CSRF_ENABLED=True))
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def token_of(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_csrf_is_enforced(csrf_app):
    session = db.session
    accounts.create_organizer(session, email=EMAIL, name="Olga", password=PASSWORD)
    make_campaign(session)
    make_record(session, "CO")
    session.commit()
    client = csrf_app.test_client()

    # a sign-in without the token is refused
    no_token = client.post("/organizers/login", data={"email": EMAIL, "password": PASSWORD})
    assert no_token.status_code == 400
    assert client.get("/organizers/").status_code == 302

    token = token_of(html_of(client.get("/organizers/login")))
    ok = client.post(
        "/organizers/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token}
    )
    assert ok.status_code == 302

    # an edit without the token is refused and saves nothing
    before = snapshot(session)
    assert client.post("/organizers/records/CO", data=record_form()).status_code == 400
    bad = record_form(csrf_token="forged")
    assert client.post("/organizers/records/CO", data=bad).status_code == 400
    assert client.post("/organizers/records/CO/delete").status_code == 400
    assert client.post("/organizers/logout").status_code == 400
    assert snapshot(session) == before

    # with the page's token it goes through
    page = html_of(client.get("/organizers/records/CO"))
    stamp = re.search(r'id="stamp" name="stamp" type="hidden" value="([^"]*)"', page).group(1)
    good = record_form(csrf_token=token_of(page), stamp=stamp)
    saved = client.post("/organizers/records/CO", data=good)
    assert saved.status_code == 302, html_of(saved)
    session.expire_all()
    assert editor_data.get_record(session, "CO").status == "limited"


# ----------------------------------------------------------------------------- records


def test_records_list_shows_every_jurisdiction(signed_in, content):
    html = html_of(signed_in.get("/organizers/records"))
    assert "Colorado" in html
    assert "Wyoming" in html
    assert "Puerto Rico" in html
    assert 'href="/organizers/records/CO"' in html


def test_editing_a_record_saves_and_audits(signed_in, session, content, organizer):
    page = html_of(signed_in.get("/organizers/records/CO"))
    assert "Colorado ended it by law." in page
    response = signed_in.post("/organizers/records/CO", data=record_form())
    assert response.status_code == 302
    assert response.location == "/organizers/records/CO"

    session.expire_all()
    record = editor_data.get_record(session, "CO")
    assert record.status == "limited"
    assert record.summary == "A 2021 law narrows the immunity."
    assert record.sources == [{"title": "The statute", "url": "https://example.org/statute"}]
    entry = session.scalars(select(AuditEntry)).one()
    assert entry.actor == EMAIL
    assert entry.action == "update"
    assert entry.entity_key == "CO"
    assert entry.before["status"] == "enacted"
    assert entry.after["status"] == "limited"
    assert "Saved the record of Colorado" in html_of(signed_in.get("/organizers/records/CO"))


def test_a_new_record_for_a_state_without_one(signed_in, session, content):
    page = signed_in.get("/organizers/records/ny")
    assert page.status_code == 302
    assert page.location == "/organizers/records/NY"
    assert signed_in.post("/organizers/records/NY", data=record_form()).status_code == 302
    session.expire_all()
    assert editor_data.get_record(session, "NY").status == "limited"
    assert session.scalars(select(AuditEntry)).one().action == "create"


def test_unknown_jurisdiction_page_is_404(signed_in, content):
    assert signed_in.get("/organizers/records/ZZ").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"status": "abolished"}, "status", "Choose one of the options in the list."),
        ({"as_of": "2026-02-30"}, "as_of", "YYYY-MM-DD"),
        ({"summary": "x" * 4001}, "summary", "Use at most 4000 characters"),
        ({"summary": ""}, "summary", "This is required."),
        ({"sources-0-url": "javascript:alert(1)"}, "sources-0-url", "http://"),
        ({"sources-1-title": "Only a title"}, "sources-1-url", "This is required."),
    ],
)
def test_invalid_record_edits_show_the_problem_and_save_nothing(
    signed_in, session, content, overrides, field_id, message
):
    before = snapshot(session)
    response = signed_in.post("/organizers/records/CO", data=record_form(**overrides))
    assert response.status_code == 400
    html = html_of(response)
    assert "Nothing was saved" in html
    block = field_block(html, field_id)
    assert "field--invalid" in block
    assert message in unescape(block)
    assert snapshot(session) == before


def test_a_record_without_sources_is_refused(signed_in, session, content):
    before = snapshot(session)
    data = record_form(**{"sources-0-title": "", "sources-0-url": ""})
    response = signed_in.post("/organizers/records/CO", data=data)
    assert response.status_code == 400
    assert "Add at least one source" in html_of(response)
    assert snapshot(session) == before


def test_a_stale_form_does_not_overwrite_a_newer_edit(signed_in, session, content):
    page = html_of(signed_in.get("/organizers/records/CO"))
    stamp = re.search(r'name="stamp" type="hidden" value="([^"]*)"', page).group(1)
    assert (
        signed_in.post("/organizers/records/CO", data=record_form(stamp=stamp)).status_code == 302
    )
    before = snapshot(session)
    response = signed_in.post(
        "/organizers/records/CO", data=record_form(stamp=stamp, status="none")
    )
    assert response.status_code == 409
    assert "Someone else changed this record" in html_of(response)
    assert snapshot(session) == before


def test_deleting_a_record(signed_in, session, content):
    response = signed_in.post("/organizers/records/CO/delete")
    assert response.status_code == 302
    session.expire_all()
    assert editor_data.get_record(session, "CO") is None
    assert session.scalars(select(AuditEntry)).one().action == "delete"


# ----------------------------------------------------------------------------- bills


def test_bill_list_and_edit_page(signed_in, content):
    html = html_of(signed_in.get("/organizers/bills"))
    assert "SB 20-217" in html
    assert "2.5/9" in html
    page = html_of(signed_in.get(f"/organizers/bills/{SLUG}"))
    assert "What criterion 1 asks." in page  # the criterion's explanation
    assert "Qualified immunity for all police officers" in page
    assert '<option selected value="met">' in page


def test_editing_a_bill_saves_and_audits(signed_in, session, content):
    data = bill_form({1: "met", 2: "met", 3: "met", 4: "partial"}, active="")
    response = signed_in.post(f"/organizers/bills/{SLUG}", data=data)
    assert response.status_code == 302
    assert response.location == f"/organizers/bills/{SLUG}"

    session.expire_all()
    bill = content_editing.get_bill(session, SLUG)
    assert bill.title == "Enhance Law Enforcement Integrity"
    assert bill.sponsors == ["Sen. Leroy Garcia", "Rep. Leslie Herod"]
    assert [a.rating for a in bill.assessments][:4] == ["met", "met", "met", "partial"]
    entry = session.scalars(select(AuditEntry)).one()
    assert entry.entity == "bill"
    assert entry.entity_key == SLUG
    assert entry.actor == EMAIL
    assert entry.before["assessment"]["3"]["rating"] == "partial"
    assert entry.after["assessment"]["3"]["rating"] == "met"


def test_an_organizer_sets_the_effect_scope_and_session_end(signed_in, session, content):
    page = signed_in.get(f"/organizers/bills/{SLUG}").get_data(as_text=True)
    assert 'name="qi_effect"' in page
    assert 'name="qi_scope"' in page
    data = bill_form(
        {1: "met"},
        active="",
        qi_effect="limits",
        qi_scope="Peace officers; state-law claims.",
        last_action="2021",
    )
    assert signed_in.post(f"/organizers/bills/{SLUG}", data=data).status_code == 302
    session.expire_all()
    bill = content_editing.get_bill(session, SLUG)
    assert (bill.qi_effect, bill.qi_scope) == ("limits", "Peace officers; state-law claims.")
    assert bill.last_action_text == "2021"  # no day invented
    # a form without the fields keeps them as they are
    assert (
        signed_in.post(f"/organizers/bills/{SLUG}", data=bill_form({1: "met"})).status_code == 302
    )
    session.expire_all()
    assert content_editing.get_bill(session, SLUG).qi_effect == "limits"
    # an unknown effect is refused, and nothing changes
    bad = signed_in.post(
        f"/organizers/bills/{SLUG}", data=bill_form({1: "met"}, qi_effect="abolish")
    )
    assert bad.status_code == 400
    session.expire_all()
    assert content_editing.get_bill(session, SLUG).qi_effect == "limits"


def test_creating_a_bill(signed_in, session, content):
    data = bill_form(
        {1: "met"},
        identifier="HB 1001",
        jurisdiction="NM",
        session="2021",
        stage="introduced",
        active="y",
    )
    response = signed_in.post("/organizers/bills/new", data=data)
    assert response.status_code == 302
    assert response.location == "/organizers/bills/nm-hb-1001"
    session.expire_all()
    bill = content_editing.get_bill(session, "nm-hb-1001")
    assert bill.active
    assert len(bill.assessments) == 9
    assert session.scalars(select(AuditEntry)).one().action == "create"


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"stage": "signed"}, "stage", "Choose one of the options in the list."),
        ({"jurisdiction": "ZZ"}, "jurisdiction", "is not a state, territory or city"),
        ({"last_action": "07/06/2021"}, "last_action", "YYYY-MM-DD"),
        ({"url": "javascript:alert(1)"}, "url", "http://"),
        ({"title": "t" * 301}, "title", "Use at most 300 characters"),
        ({"congress": "abc"}, "congress", "Enter a whole number"),
        ({"congress": "117"}, "congress", "only they, give a congress"),
        ({"active": "y"}, "active", "cannot be active"),
        ({"assessments-2-rating": "excellent"}, "assessments-2-rating", "Choose one of"),
        ({"assessments-4-rating": "met"}, "assessments-4-source", "needs a source link"),
        ({"assessments-0-source": "ftp://x.org"}, "assessments-0-source", "http://"),
        ({"assessments-1-note": "n" * 4001}, "assessments-1-note", "at most 4000"),
    ],
)
def test_invalid_bill_edits_show_the_problem_and_save_nothing(
    signed_in, session, content, overrides, field_id, message
):
    before = snapshot(session)
    data = bill_form({1: "met", 2: "met", 3: "partial"}, **overrides)
    response = signed_in.post(f"/organizers/bills/{SLUG}", data=data)
    assert response.status_code == 400
    block = field_block(html_of(response), field_id)
    assert "field--invalid" in block, block
    assert message in unescape(block), block
    assert snapshot(session) == before


def test_a_missing_criterion_is_refused(signed_in, session, content):
    before = snapshot(session)
    data = {k: v for k, v in bill_form().items() if not k.startswith("assessments-8-")}
    response = signed_in.post(f"/organizers/bills/{SLUG}", data=data)
    assert response.status_code == 400
    assert "This is required." in field_block(html_of(response), "assessments-8-rating")
    assert snapshot(session) == before


def test_deleting_a_bill(signed_in, session, content):
    assert signed_in.post(f"/organizers/bills/{SLUG}/delete").status_code == 302
    session.expire_all()
    assert content_editing.get_bill(session, SLUG) is None
    assert signed_in.post(f"/organizers/bills/{SLUG}/delete").status_code == 404


# ----------------------------------------------------------------------------- escaping


XSS = '<script>alert("x")</script>'


def test_text_is_shown_as_text(signed_in, session, content):
    data = record_form(summary=f"Summary {XSS}", **{"sources-0-title": f"Src {XSS}"})
    assert signed_in.post("/organizers/records/CO", data=data).status_code == 302
    for url in ("/organizers/records/CO", "/organizers/audit", "/organizers/"):
        html = html_of(signed_in.get(url))
        assert "<script>alert" not in html, url
    html = html_of(signed_in.get("/organizers/audit"))
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_refused_input_is_echoed_as_text(signed_in, content):
    data = bill_form(identifier=XSS, stage=XSS, url=XSS)
    html = html_of(signed_in.post(f"/organizers/bills/{SLUG}", data=data))
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


# ----------------------------------------------------------------------------- evaluate


def test_evaluate_preview_scores_without_saving(signed_in, session, content):
    page = html_of(signed_in.get(f"/organizers/evaluate?bill={SLUG}"))
    assert "Saved score" in page
    assert "2.5" in page
    assert "What criterion 9 asks." in page

    before = snapshot(session)
    ratings = {1: "met", 2: "met", 3: "partial", 4: "partial", 5: "met", 6: "not_met"}
    data = {k: v for k, v in bill_form(ratings).items() if k.startswith("assessments-")}
    response = signed_in.post(
        "/organizers/evaluate", data={**data, "bill": SLUG, "action": "preview"}
    )
    assert response.status_code == 200
    html = html_of(response)
    assert "Preview score" in html
    assert re.search(r'score-box__points">4</span><span class="score-box__total">/9', html)
    assert "2 partly met" in html
    assert snapshot(session) == before


def test_evaluate_preview_shows_problems_and_saves_nothing(signed_in, session, content):
    before = snapshot(session)
    data = {k: v for k, v in bill_form({1: "met"}).items() if k.startswith("assessments-")}
    data["assessments-1-rating"] = "stellar"
    response = signed_in.post(
        "/organizers/evaluate", data={**data, "bill": SLUG, "action": "preview"}
    )
    assert response.status_code == 400
    assert "Choose one of" in field_block(html_of(response), "assessments-1-rating")
    assert snapshot(session) == before


def test_evaluate_save_updates_the_bill(signed_in, session, content):
    ratings = {n: "partial" for n in range(1, 10)}
    data = {k: v for k, v in bill_form(ratings).items() if k.startswith("assessments-")}
    response = signed_in.post(
        "/organizers/evaluate", data={**data, "bill": SLUG, "action": "save"}
    )
    assert response.status_code == 302
    assert response.location == f"/organizers/evaluate?bill={SLUG}"
    session.expire_all()
    bill = content_editing.get_bill(session, SLUG)
    assert {a.rating for a in bill.assessments} == {"partial"}
    assert bill.title == "Bill SB 20-217"  # details untouched
    entry = session.scalars(select(AuditEntry)).one()
    assert entry.action == "update"
    assert entry.entity_key == SLUG
    assert "score 4.5/9" in html_of(signed_in.get(response.location))


def test_evaluate_a_new_bill_and_save_it(signed_in, session, content):
    new = bill_form(
        {1: "met", 2: "partial"},
        identifier="HB 21-1",
        jurisdiction="NM",
        session="2021",
        stage="introduced",
    )
    preview = signed_in.post("/organizers/evaluate", data={**new, "action": "preview"})
    assert preview.status_code == 200
    assert 'score-box__points">1.5<' in html_of(preview)
    assert session.scalar(select(func.count()).select_from(Bill)) == 1

    saved = signed_in.post("/organizers/evaluate", data={**new, "action": "save"})
    assert saved.status_code == 302
    session.expire_all()
    bill = content_editing.get_bill(session, "nm-hb-21-1")
    assert [a.rating for a in bill.assessments][:3] == ["met", "partial", "unknown"]


def test_evaluate_save_of_an_invalid_new_bill_saves_nothing(signed_in, session, content):
    before = snapshot(session)
    new = bill_form({1: "met"}, identifier="", jurisdiction="NM", session="2021")
    response = signed_in.post("/organizers/evaluate", data={**new, "action": "save"})
    assert response.status_code == 400
    assert "This is required." in field_block(html_of(response), "identifier")
    assert snapshot(session) == before


def test_evaluate_an_unknown_bill_is_404(signed_in, content):
    assert signed_in.get("/organizers/evaluate?bill=nope").status_code == 404


# ----------------------------------------------------------------------------- audit log


def make_changes(client, n: int) -> None:
    for i in range(n):
        summary = f"Summary number {i}"
        assert (
            client.post("/organizers/records/CO", data=record_form(summary=summary)).status_code
            == 302
        )


def entry_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'class="audit-entry__title" id="entry-(\d+)"', html)]


def test_audit_log_newest_first_with_a_diff(signed_in, content):
    make_changes(signed_in, 2)
    html = html_of(signed_in.get("/organizers/audit"))
    assert "2 changes" in html
    assert entry_ids(html) == [2, 1]
    newest = html[html.index('id="entry-2"') : html.index('id="entry-1"')]
    assert "<code>summary</code>" in newest
    assert re.search(
        r'"Before">Summary number 0</td>\s*<td[^>]*data-label="After">Summary number 1<',
        newest,
    )
    oldest = html[html.index('id="entry-1"') :]
    assert "Colorado ended it by law." in oldest
    assert EMAIL in html


def test_audit_log_is_paginated(signed_in, content):
    make_changes(signed_in, 27)
    first = html_of(signed_in.get("/organizers/audit"))
    assert "page 1 of 2" in first
    assert entry_ids(first) == list(range(27, 2, -1))
    second = html_of(signed_in.get("/organizers/audit?page=2"))
    assert entry_ids(second) == [2, 1]
    assert 'rel="prev" href="/organizers/audit?page=1"' in second
    assert entry_ids(html_of(signed_in.get("/organizers/audit?page=9"))) == []


def test_audit_log_of_one_entity(signed_in, content):
    make_changes(signed_in, 1)
    signed_in.post(f"/organizers/bills/{SLUG}", data=bill_form())
    html = html_of(signed_in.get(f"/organizers/audit?entity=bill&key={SLUG}"))
    assert "1 change" in html
    assert "Summary number 0" not in html


def test_audit_csv_export(signed_in, content):
    data = record_form(summary='=HYPERLINK("http://evil.example","click")')
    data["sources-0-title"] = "@SUM(1+1)"
    assert signed_in.post("/organizers/records/CO", data=data).status_code == 302
    make_changes(signed_in, 1)
    response = signed_in.get("/organizers/audit.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0]["entity_key"] == "CO"
    assert rows[0]["actor"] == EMAIL
    summaries = [r for r in rows if r["field"] == "summary"]
    # newest first: the later edit replaced the formula
    assert summaries[0]["after"] == "Summary number 0"
    assert summaries[0]["before"] == '\'=HYPERLINK("http://evil.example","click")'
    assert summaries[1]["after"] == '\'=HYPERLINK("http://evil.example","click")'
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_audit_json_export(signed_in, content):
    make_changes(signed_in, 2)
    response = signed_in.get("/organizers/audit.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = json.loads(response.data)
    assert data["count"] == 2
    first, second = data["entries"]
    assert first["id"] > second["id"]
    assert first["actor"] == EMAIL
    assert first["entity"] == "reform_record"
    assert first["before"]["summary"] == "Summary number 0"
    assert first["after"]["summary"] == "Summary number 1"
    assert first["changes"] == [
        {"field": "summary", "before": "Summary number 0", "after": "Summary number 1"}
    ]
    assert first["at"].endswith("Z")
