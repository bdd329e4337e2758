"""Organizers' edits: validated by the content models, audited, all or nothing."""

from __future__ import annotations

import csv
import io
import logging
from datetime import date

import pytest
from sqlalchemy import func, select

from outreach.campaign import editing as content_editing
from outreach.campaign import editor_data, snapshots
from outreach.campaign.edit_checks import EditConflict, EditError, NotFound
from outreach.directory.version import content_version
from outreach.models import Assessment, AuditEntry, Bill, Place, ReformRecord
from outreach.organizers import accounts, audit
from tests.factories import make_bill, make_campaign, make_record


@pytest.fixture
def organizer(session):
    found = accounts.create_organizer(
        session, email="editor@example.org", name="Eddie Editor", password="correct horse battery"
    )
    session.commit()
    return found


@pytest.fixture
def content(session):
    make_campaign(session)
    make_record(session, "CO", summary="Colorado ended it.")
    make_bill(
        session,
        "CO",
        "SB 20-217",
        ratings={1: "met", 2: "met", 3: "partial", 4: "not_met"},
        slug="co-sb20-217",
    )
    session.commit()


def state_of_content(session) -> dict:
    """Everything an edit could touch, to compare before and after a refused edit."""
    records = {
        r.jurisdiction: snapshots.record_snapshot(r) for r in session.scalars(select(ReformRecord))
    }
    bills = {b.slug: snapshots.bill_snapshot(b) for b in session.scalars(select(Bill))}
    return {
        "records": records,
        "bills": bills,
        "assessments": session.scalar(select(func.count()).select_from(Assessment)),
        "audit": session.scalar(select(func.count()).select_from(AuditEntry)),
        "version": content_version(session),
    }


def record_data(**overrides) -> dict:
    data = {
        "status": "limited",
        "summary": "A law narrows the immunity.",
        "as_of": "2026-04-01",
        "sources": [{"title": "The statute", "url": "https://example.org/statute"}],
    }
    return {**data, **overrides}


def bill_data(**overrides) -> dict:
    assessment = {n: {"rating": "unknown", "note": "", "source": None} for n in range(1, 10)}
    assessment.update(overrides.pop("assessment", {}))
    data = {
        "jurisdiction": "NY",
        "identifier": "S 1991",
        "title": "End qualified immunity in New York",
        "session": "2025-2026",
        "congress": None,
        "stage": "introduced",
        "active": True,
        "last_action": "2026-02-03",
        "url": "https://example.org/ny-s1991",
        "sponsors": ["Sen. Example"],
        "summary": "Creates a state cause of action without qualified immunity.",
        "assessment": assessment,
    }
    return {**data, **overrides}


def locs(error: EditError) -> set[str]:
    return {p.where for p in error.problems}


# ----------------------------------------------------------------------------- records


def test_updating_a_record_audits_it_and_bumps_the_version(session, content, organizer):
    version = content_version(session)
    result = content_editing.save_record(session, "CO", record_data(), actor=organizer)
    session.commit()

    assert result.action == "update"
    record = editor_data.get_record(session, "CO")
    assert record.status == "limited"
    assert record.as_of == date(2026, 4, 1)
    assert record.updated_at is not None
    assert content_version(session) == version + 1
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.actor, entry.organizer_id, entry.action) == (
        organizer.email,
        organizer.id,
        "update",
    )
    assert (entry.entity, entry.entity_key) == ("reform_record", "CO")
    assert entry.before["status"] == "enacted"
    assert entry.before["summary"] == "Colorado ended it."
    assert entry.after["status"] == "limited"
    assert entry.after["as_of"] == "2026-04-01"
    fields = {c.field for c in audit.changes(entry.before, entry.after)}
    assert fields == {"status", "summary", "as_of", "sources"}


def test_an_edit_is_logged_with_who_what_and_how(session, content, organizer, caplog):
    caplog.set_level(logging.INFO, logger="outreach.campaign.editing")
    content_editing.save_record(session, "CO", record_data(), actor=organizer)
    session.commit()
    (entry,) = [r for r in caplog.records if r.name == "outreach.campaign.editing"]
    assert entry.levelno == logging.INFO
    assert entry.organizer_id == organizer.id
    assert entry.organizer == organizer.email
    assert (entry.action, entry.entity, entry.entity_key) == ("update", "reform_record", "CO")


def test_an_edit_that_changes_nothing_logs_nothing(session, content, organizer, caplog):
    same = snapshots.record_snapshot(editor_data.get_record(session, "CO"))
    same.pop("jurisdiction")
    caplog.set_level(logging.INFO, logger="outreach.campaign.editing")
    content_editing.save_record(session, "CO", same, actor=organizer)
    assert not [r for r in caplog.records if r.name == "outreach.campaign.editing"]


def test_creating_a_record_for_a_place(session, content, organizer):
    session.add(Place(code="NYC", name="New York City", kind="city", state="NY"))
    session.commit()
    result = content_editing.save_record(session, "nyc", record_data(), actor=organizer)
    session.commit()
    assert result.action == "create"
    entry = session.scalars(select(AuditEntry)).one()
    assert entry.before is None
    assert entry.after["jurisdiction"] == "NYC"


def test_saving_the_same_record_changes_nothing(session, content, organizer):
    same = snapshots.record_snapshot(editor_data.get_record(session, "CO"))
    same.pop("jurisdiction")
    before = state_of_content(session)
    result = content_editing.save_record(session, "CO", same, actor=organizer)
    session.commit()
    assert result.action == "unchanged"
    assert state_of_content(session) == before


@pytest.mark.parametrize(
    ("overrides", "where", "fragment"),
    [
        ({"status": "abolished"}, "status", "Choose one of"),
        ({"summary": ""}, "summary", "required"),
        ({"summary": "x" * 4001}, "summary", "at most 4000"),
        ({"as_of": "2026-02-30"}, "as_of", "YYYY-MM-DD"),
        ({"as_of": "yesterday"}, "as_of", "YYYY-MM-DD"),
        ({"sources": []}, "sources", "at least one source"),
        (
            {"sources": [{"title": "Bad", "url": "javascript:alert(1)"}]},
            "sources.0.url",
            "http://",
        ),
        (
            {"sources": [{"title": "", "url": "https://example.org"}]},
            "sources.0.title",
            "required",
        ),
        ({"summary": "nul\x00byte"}, "summary", "control characters"),
    ],
)
def test_invalid_record_edits_save_nothing(
    session, content, organizer, overrides, where, fragment
):
    before = state_of_content(session)
    with pytest.raises(EditError) as caught:
        content_editing.save_record(session, "CO", record_data(**overrides), actor=organizer)
    session.rollback()
    problems = {p.where: p.message for p in caught.value.problems}
    assert where in problems, problems
    assert fragment in problems[where]
    assert state_of_content(session) == before


def test_a_record_for_an_unknown_jurisdiction_is_refused(session, content, organizer):
    before = state_of_content(session)
    with pytest.raises(EditError) as caught:
        content_editing.save_record(session, "ZZ", record_data(), actor=organizer)
    assert "jurisdiction" in locs(caught.value)
    session.rollback()
    assert state_of_content(session) == before


def test_a_stale_edit_is_refused(session, content, organizer):
    stamp = content_editing.edit_stamp(editor_data.get_record(session, "CO"))
    content_editing.save_record(session, "CO", record_data(), actor=organizer)
    session.commit()
    before = state_of_content(session)
    with pytest.raises(EditConflict):
        content_editing.save_record(
            session, "CO", record_data(status="none"), actor=organizer, expected=stamp
        )
    session.rollback()
    assert state_of_content(session) == before


def test_deleting_a_record_is_audited(session, content, organizer):
    content_editing.delete_record(session, "CO", actor=organizer)
    session.commit()
    assert editor_data.get_record(session, "CO") is None
    entry = session.scalars(select(AuditEntry)).one()
    assert entry.action == "delete"
    assert entry.after is None
    assert entry.before["status"] == "enacted"
    with pytest.raises(NotFound):
        content_editing.delete_record(session, "CO", actor=organizer)


# ----------------------------------------------------------------------------- bills


def test_updating_a_bill_audits_each_changed_field(session, content, organizer):
    data = content_editing.bill_data(content_editing.get_bill(session, "co-sb20-217"))
    data["assessment"][4] = {
        "rating": "partial",
        "note": "Caps remain for some claims.",
        "source": "https://example.org/caps",
    }
    data["stage"] = "enacted"
    data["title"] = "Enhance Law Enforcement Integrity"
    result = content_editing.save_bill(session, data, actor=organizer, slug="co-sb20-217")
    session.commit()

    assert result.action == "update"
    bill = content_editing.get_bill(session, "co-sb20-217")
    assert {a.criterion: a.rating for a in bill.assessments}[4] == "partial"
    assert len(bill.assessments) == 9
    entry = session.scalars(select(AuditEntry)).one()
    changed = {c.field: (c.before, c.after) for c in audit.changes(entry.before, entry.after)}
    assert changed == {
        "title": ("Bill SB 20-217", "Enhance Law Enforcement Integrity"),
        "assessment.4.rating": ("not_met", "partial"),
        "assessment.4.note": ("Note 4", "Caps remain for some claims."),
        "assessment.4.source": ("https://example.org/src", "https://example.org/caps"),
    }
    # events were kept as they were
    assert bill.events == [{"date": "2021-06-01", "text": "Signed.", "source": None}]


def test_creating_a_bill(session, content, organizer):
    data = bill_data(
        assessment={1: {"rating": "met", "note": "All officers.", "source": "https://e.org/1"}}
    )
    result = content_editing.save_bill(session, data, actor=organizer)
    session.commit()
    assert result.action == "create"
    assert result.key == "ny-s-1991"
    bill = content_editing.get_bill(session, "ny-s-1991")
    assert bill.identifier == "S 1991"
    assert bill.active
    assert bill.last_action == date(2026, 2, 3)
    assert [a.rating for a in bill.assessments] == ["met"] + ["unknown"] * 8
    entry = session.scalars(select(AuditEntry)).one()
    assert entry.action == "create"
    assert entry.before is None
    assert entry.after["assessment"]["1"]["rating"] == "met"


def test_the_same_bill_cannot_be_entered_twice(session, content, organizer):
    data = bill_data(jurisdiction="CO", identifier="sb20-217", session="2021", active=False)
    data["stage"] = "enacted"
    before = state_of_content(session)
    with pytest.raises(EditError) as caught:
        content_editing.save_bill(session, data, actor=organizer)
    assert "identifier" in locs(caught.value)
    session.rollback()
    assert state_of_content(session) == before


@pytest.mark.parametrize(
    ("overrides", "where", "fragment"),
    [
        ({"stage": "signed"}, "stage", "Choose one of"),
        ({"jurisdiction": "ZZ"}, "jurisdiction", "not a state"),
        ({"last_action": "2026-13-01"}, "last_action", "YYYY-MM-DD"),
        ({"url": "ftp://example.org/bill"}, "url", "http://"),
        ({"title": "t" * 301}, "title", "at most 300"),
        ({"congress": 117}, "congress", "only they, give a congress"),
        ({"congress": "many"}, "congress", "whole number"),
        ({"stage": "enacted", "active": True}, "active", "cannot be active"),
        ({"sponsors": ["ok", "s" * 301]}, "sponsors.1", "at most 300"),
        (
            {"assessment": {3: {"rating": "great", "note": "", "source": None}}},
            "assessment.3.rating",
            "Choose",
        ),
        (
            {"assessment": {5: {"rating": "met", "note": "No link", "source": None}}},
            "assessment.5.source",
            "needs a source link",
        ),
        (
            {"assessment": {10: {"rating": "met", "note": "", "source": "https://e.org"}}},
            "assessment",
            "criteria 1 to 9",
        ),
    ],
)
def test_invalid_bill_edits_save_nothing(session, content, organizer, overrides, where, fragment):
    before = state_of_content(session)
    with pytest.raises(EditError) as caught:
        content_editing.save_bill(
            session, bill_data(**overrides), actor=organizer, slug="co-sb20-217"
        )
    session.rollback()
    problems = {p.where: p.message for p in caught.value.problems}
    assert where in problems, problems
    assert fragment in problems[where]
    assert state_of_content(session) == before


def test_a_federal_bill_gives_its_congress(session, content, organizer):
    data = bill_data(jurisdiction="us", identifier="H.R. 1470", congress="117")
    result = content_editing.save_bill(session, data, actor=organizer)
    session.commit()
    assert result.row.jurisdiction == "US"
    assert result.row.congress == 117


def test_unknown_bill_is_not_found(session, content, organizer):
    with pytest.raises(NotFound):
        content_editing.save_bill(session, bill_data(), actor=organizer, slug="nope")
    with pytest.raises(NotFound):
        content_editing.delete_bill(session, "nope", actor=organizer)


def test_deleting_a_bill_removes_its_assessments(session, content, organizer):
    content_editing.delete_bill(session, "co-sb20-217", actor=organizer)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Assessment)) == 0
    entry = session.scalars(select(AuditEntry)).one()
    assert entry.action == "delete"
    assert entry.before["identifier"] == "SB 20-217"


# ----------------------------------------------------------------------------- evaluating


def answers(ratings: dict[int, str]) -> dict[int, dict]:
    return {
        n: {
            "rating": ratings.get(n, "unknown"),
            "note": "",
            "source": None if ratings.get(n, "unknown") == "unknown" else f"https://e.org/{n}",
        }
        for n in range(1, 10)
    }


def test_evaluate_counts_partials_as_half():
    result = editor_data.evaluate(
        answers({1: "met", 2: "met", 3: "partial", 4: "not_met", 5: "met", 6: "partial"})
    )
    assert result.problems == []
    assert result.score.points == 4.0
    assert result.score.label == "4/9"
    result = editor_data.evaluate(answers({1: "met", 2: "partial"}))
    assert result.score.label == "1.5/9"
    assert result.score.partial == 1


def test_evaluate_without_a_valid_rating_gives_no_score():
    data = answers({1: "met"})
    data[2]["rating"] = "excellent"
    result = editor_data.evaluate(data)
    assert result.score is None
    assert [p.where for p in result.problems] == ["assessment.2.rating"]


def test_evaluate_flags_a_missing_source_but_still_scores():
    data = answers({1: "met"})
    data[1]["source"] = None
    result = editor_data.evaluate(data)
    assert result.score.label == "1/9"
    assert [p.where for p in result.problems] == ["assessment.1.source"]


# ----------------------------------------------------------------------------- audit service


def test_changes_flatten_nested_fields_and_keep_lists_whole():
    before = {"a": 1, "assessment": {"1": {"rating": "met"}}, "sources": [{"t": "x"}]}
    after = {"a": 1, "assessment": {"1": {"rating": "partial"}}, "sources": [], "b": True}
    assert [(c.field, c.before, c.after) for c in audit.changes(before, after)] == [
        ("assessment.1.rating", "met", "partial"),
        ("sources", [{"t": "x"}], []),
        ("b", None, True),
    ]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain = text", "plain = text"),
        (None, ""),
        (-3, "'-3"),
        (["a"], '["a"]'),
    ],
)
def test_csv_cells_are_neutralised(value, cell):
    assert audit.csv_cell(value) == cell


def test_audit_csv_has_one_row_per_changed_field(session, content, organizer):
    content_editing.save_record(
        session, "CO", record_data(summary='=HYPERLINK("http://evil")'), actor=organizer
    )
    session.commit()
    text = audit.audit_csv(audit.all_entries(session))
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert {r["field"] for r in rows} == {"status", "summary", "as_of", "sources"}
    summary = next(r for r in rows if r["field"] == "summary")
    assert summary["after"] == '\'=HYPERLINK("http://evil")'
    assert summary["actor"] == organizer.email
    assert summary["entity_key"] == "CO"
