"""Supporters report problems; organizers see a queue, correct in one step or dismiss."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from outreach import create_app
from outreach.extensions import db
from outreach.models import DirectoryCorrection, Person, ProblemReport, Role
from outreach.organizers import accounts
from tests.conftest import make_config
from tests.factories import make_person, make_sync

EMAIL, PASSWORD = "olga@example.org", "correct horse battery"
SOURCE = "https://example.org/news/new-governor-sworn-in"


@pytest.fixture
def governor(session):
    make_sync(session)
    person = make_person(
        session,
        name="Old Governor",
        office="governor",
        district=None,
        source_id="ocd-person/gov-1",
    )
    session.commit()
    return person


def reports(session) -> list[ProblemReport]:
    return list(session.scalars(select(ProblemReport).order_by(ProblemReport.id)))


def test_a_report_keeps_only_what_is_wrong(client, session, governor):
    page = client.get(f"/officials/{governor.id}").get_data(as_text=True)
    assert f"/officials/{governor.id}/report" in page
    form = client.get(f"/officials/{governor.id}/report").get_data(as_text=True)
    assert "Report a problem with this information" in form
    response = client.post(
        f"/officials/{governor.id}/report",
        data={"kind": "left_office", "note": "She left in January.", "link": SOURCE},
        headers={"X-Forwarded-For": "203.0.113.9", "User-Agent": "Secret Browser"},
    )
    assert response.status_code == 200
    assert "Thank you" in response.get_data(as_text=True)
    (report,) = reports(session)
    assert (report.person_id, report.kind, report.note, report.link) == (
        governor.id,
        "left_office",
        "She left in January.",
        SOURCE,
    )
    stored = " ".join(str(getattr(report, c.key)) for c in ProblemReport.__table__.columns)
    assert "203.0.113.9" not in stored
    assert "Secret Browser" not in stored
    assert {c.key for c in ProblemReport.__table__.columns} <= {
        "id", "person_id", "person_name", "jurisdiction", "office", "kind", "note", "link",
        "created_at", "status", "handled_at", "handled_by", "correction_key",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "phone", "note": "x" * 1001}, "At most 1000 characters."),
        ({"kind": "nonsense", "note": "hi"}, "Not a valid choice"),
        ({"note": "hi"}, "Choose what is wrong."),
        ({"kind": "phone", "link": "javascript:alert(1)"}, "starting with https://"),
    ],
)
def test_bad_reports_get_a_clear_message_and_nothing_is_kept(
    client, session, governor, data, message
):
    response = client.post(f"/officials/{governor.id}/report", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert reports(session) == []


def test_a_report_about_an_unknown_official_is_404(client, session, governor):
    assert client.post("/officials/999999/report", data={"kind": "phone"}).status_code == 404
    assert client.get("/officials/99999999999/report").status_code == 404
    assert reports(session) == []


def test_reports_need_the_csrf_token_and_are_rate_limited(database_url):
    settings = {
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "REPORT_RATE_LIMIT": "2/hour",
    }
    app = create_app(make_config(database_url, **settings))
    with app.app_context():
        db.create_all()
        try:
            person = make_person(db.session, name="Gil Gov", office="governor", district=None)
            db.session.commit()
            client = app.test_client()
            url = f"/officials/{person.id}/report"
            assert client.post(url, data={"kind": "phone"}).status_code == 400  # no token
            assert db.session.scalar(select(func.count()).select_from(ProblemReport)) == 0
            page = client.get(url).get_data(as_text=True)
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
            data = {"kind": "phone", "note": "wrong number", "csrf_token": token}
            assert client.post(url, data=data).status_code == 200
            assert client.post(url, data=data).status_code == 200
            assert client.post(url, data=data).status_code == 429  # third report this hour
            assert db.session.scalar(select(func.count()).select_from(ProblemReport)) == 2
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def signed_in(client, session):
    accounts.create_organizer(session, email=EMAIL, name="Olga", password=PASSWORD)
    session.commit()
    assert (
        client.post("/organizers/login", data={"email": EMAIL, "password": PASSWORD}).status_code
        == 302
    )
    return client


def test_the_queue_groups_by_official_newest_first(client, session, governor, signed_in):
    other = make_person(session, name="Sal Senator", office="state_senator", district="3")
    session.commit()
    client.post(f"/officials/{governor.id}/report", data={"kind": "phone", "note": "note-one"})
    client.post(f"/officials/{other.id}/report", data={"kind": "email", "note": "second"})
    client.post(f"/officials/{governor.id}/report", data={"kind": "address", "note": "note-three"})
    html = signed_in.get("/organizers/directory/reports").get_data(as_text=True)
    groups = re.findall(r'data-person="(\d+)"', html)
    assert groups == [str(governor.id), str(other.id)]
    governor_part = html[
        html.index(f'data-person="{governor.id}"') : html.index(f'data-person="{other.id}"')
    ]
    assert governor_part.index("note-three") < governor_part.index("note-one")
    first = reports(session)[0]
    assert signed_in.post(f"/organizers/directory/reports/{first.id}/dismiss").status_code == 302
    session.expire_all()
    assert reports(session)[0].status == "dismissed"
    assert "note-one" not in signed_in.get("/organizers/directory/reports").get_data(as_text=True)


def test_a_report_becomes_a_correction_in_one_step(client, session, governor, signed_in):
    client.post(
        f"/officials/{governor.id}/report",
        data={"kind": "left_office", "note": "New governor since January.", "link": SOURCE},
    )
    (report,) = reports(session)
    form = signed_in.get(f"/organizers/directory/corrections/new?report={report.id}")
    assert SOURCE in form.get_data(as_text=True)  # pre-filled from the report
    response = signed_in.post(
        f"/organizers/directory/corrections/new?report={report.id}",
        data={
            "kind": "replace_officeholder",
            "official_id": governor.id,
            "successor_name": "Nina Newgov",
            "start_date": "2025-01-06",
            "office_kind": "capitol",
            "source": SOURCE,
            "made_on": "2026-12-03",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    session.expire_all()
    assert reports(session)[0].status == "corrected"
    holder = session.scalars(
        select(Person).join(Role).where(Role.office == "governor", Role.jurisdiction_abbr == "CA")
    ).one()
    assert holder.name == "Nina Newgov"
    listing = signed_in.get("/organizers/directory/corrections").get_data(as_text=True)
    assert "Nina Newgov" in listing
    assert 'data-state="applied"' in listing
    audit = signed_in.get("/organizers/audit").get_data(as_text=True)
    assert "replace-officeholder-ca-governor" in audit


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"source": ""}, "A correction needs a source link."),
        ({"official_id": "999999"}, "unknown official 999999"),
        (
            {"kind": "add_office", "office_address": "La Fortaleza, San Juan, PR 00902"},
            "outside CA",
        ),
        ({"kind": "end_role", "end_date": "2001-01-01"}, "before the term&#39;s start"),
    ],
)
def test_bad_corrections_in_the_form_are_refused_with_the_reason(
    session, governor, signed_in, data, message
):
    form = {
        "kind": "replace_officeholder",
        "official_id": governor.id,
        "successor_name": "Nina Newgov",
        "office_kind": "capitol",
        "source": SOURCE,
        "made_on": "2026-12-03",
        **data,
    }
    response = signed_in.post("/organizers/directory/corrections/new", data=form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(DirectoryCorrection)) == 0
    names = session.scalars(select(Person.name).join(Role).where(Role.office == "governor")).all()
    assert names == ["Old Governor"]
