"""Organizers edit the cases: every change audited, bad edits refused with nothing changed."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from outreach.campaign import case_content, case_editing
from outreach.campaign.edit_checks import EditError
from outreach.directory.version import content_version
from outreach.models import AuditEntry, Case
from outreach.organizers import accounts

PASSWORD = "correct horse battery"
EMAIL = "casey@example.org"


@pytest.fixture
def signed_in(client, session):
    case_content.load_cases(
        session, case_content.read_cases(case_content.DEFAULT_PATH), source="x"
    )
    accounts.create_organizer(session, email=EMAIL, name="Casey Editor", password=PASSWORD)
    session.commit()
    response = client.post("/organizers/login", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    return client


def form_of(case: Case, **changes: str) -> dict[str, str]:
    data = {
        "stamp": case_editing.case_stamp(case),
        "name": case.name,
        "citation": case.citation or "",
        "court": case.court,
        "year": str(case.year),
        "state": case.state,
        "circuit": case.circuit,
        "outcome": case.outcome,
        "outcome_note": case.outcome_note or "",
        "brief": case.brief,
        "summary": case.summary,
        "held": case.held,
        "history": case.history or "",
    }
    for i, source in enumerate(case.sources):
        data[f"sources-{i}-title"] = source["title"]
        data[f"sources-{i}-url"] = source["url"]
    data.update(changes)
    return data


def case_entries(session) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.entity == "case").order_by(AuditEntry.id)
    return list(session.scalars(query))


def test_editing_a_case_is_audited_and_shown(signed_in, session):
    case = case_editing.get_case(session, "collie-v-barron")
    version = content_version(session)
    listing = unescape(signed_in.get("/organizers/cases").get_data(as_text=True))
    assert 'href="/organizers/cases/collie-v-barron"' in listing
    page = signed_in.get("/organizers/cases/collie-v-barron")
    assert page.status_code == 200
    old_summary = case.summary
    response = signed_in.post(
        "/organizers/cases/collie-v-barron", data=form_of(case, summary="A shorter summary.")
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    session.expire_all()
    (entry,) = case_entries(session)
    assert (entry.action, entry.entity_key, entry.actor) == ("update", "collie-v-barron", EMAIL)
    assert entry.before["summary"] == old_summary
    assert entry.after["summary"] == "A shorter summary."
    assert content_version(session) == version + 1
    public = unescape(signed_in.get("/cases/collie-v-barron").get_data(as_text=True))
    assert "A shorter summary." in public
    audit = signed_in.get("/organizers/audit?entity=case").get_data(as_text=True)
    assert "collie-v-barron" in audit
    # Saving the same again writes nothing.
    case = case_editing.get_case(session, "collie-v-barron")
    signed_in.post("/organizers/cases/collie-v-barron", data=form_of(case))
    assert len(case_entries(session)) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"circuit": "1st"}, "TX is in the Fifth Circuit, not the First Circuit."),
        ({"circuit": "13th"}, "Choose a known circuit"),
        ({"state": "ZZ"}, "Unknown state or territory “ZZ”"),
        ({"outcome": "won"}, "Choose one of the options"),
        (
            {
                "sources-0-title": "",
                "sources-0-url": "",
                "sources-1-title": "",
                "sources-1-url": "",
            },
            "Add at least one source",
        ),
        ({"sources-0-url": "javascript:alert(1)"}, "starts with http"),
        ({"year": "last year"}, "whole number"),
        ({"summary": ""}, "This is required."),
    ],
)
def test_a_bad_edit_is_refused_and_changes_nothing(signed_in, session, changes, message):
    case = case_editing.get_case(session, "collie-v-barron")
    before = case_editing.case_snapshot(case)
    response = signed_in.post("/organizers/cases/collie-v-barron", data=form_of(case, **changes))
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))
    session.expire_all()
    assert case_editing.case_snapshot(case_editing.get_case(session, "collie-v-barron")) == before
    assert case_entries(session) == []


def test_every_problem_is_reported_at_once(signed_in, session):
    case = case_editing.get_case(session, "collie-v-barron")
    data = form_of(case, summary="", circuit="1st")
    html = unescape(signed_in.post("/organizers/cases/collie-v-barron", data=data).get_data(True))
    assert "This is required." in html
    assert "TX is in the Fifth Circuit, not the First Circuit." in html


def test_a_stale_form_is_refused(signed_in, session):
    case = case_editing.get_case(session, "glik-v-cunniffe")
    data = form_of(case, summary="Mine.", stamp="2000-01-01T00:00:00")
    response = signed_in.post("/organizers/cases/glik-v-cunniffe", data=data)
    assert response.status_code == 409
    assert "Someone else changed this case" in response.get_data(as_text=True)


def test_creating_and_deleting_a_case_is_audited(signed_in, session):
    template = case_editing.get_case(session, "glik-v-cunniffe")
    data = form_of(template, name="New v. Case", stamp="new", summary="What happened here.")
    response = signed_in.post("/organizers/cases/new", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/organizers/cases/new-v-case")
    created = case_editing.get_case(session, "new-v-case")
    assert created is not None
    assert created.state == "MA"
    response = signed_in.post("/organizers/cases/new-v-case/delete")
    assert response.status_code == 302
    session.expire_all()
    assert case_editing.get_case(session, "new-v-case") is None
    assert [(e.action, e.entity_key) for e in case_entries(session)] == [
        ("create", "new-v-case"),
        ("delete", "new-v-case"),
    ]
    assert case_entries(session)[-1].before["name"] == "New v. Case"


def test_the_editor_needs_a_sign_in(client, session):
    case_content.load_cases(
        session, case_content.read_cases(case_content.DEFAULT_PATH), source="x"
    )
    session.commit()
    assert client.get("/organizers/cases").status_code == 302
    assert client.post("/organizers/cases/collie-v-barron", data={}).status_code == 302
    assert session.scalars(select(AuditEntry).where(AuditEntry.entity == "case")).first() is None


def test_the_service_refuses_a_case_without_sources(session):
    case_content.load_cases(
        session, case_content.read_cases(case_content.DEFAULT_PATH), source="x"
    )
    organizer = accounts.create_organizer(session, email=EMAIL, name="C", password=PASSWORD)
    case = case_editing.get_case(session, "collie-v-barron")
    data = {**case_editing.case_snapshot(case), "sources": []}
    data.pop("slug")
    with pytest.raises(EditError) as caught:
        case_editing.save_case(session, "collie-v-barron", data, actor=organizer)
    assert [p.where for p in caught.value.problems] == ["sources"]
