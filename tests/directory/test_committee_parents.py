"""Parent committee names for an official's subcommittee seats, without HTTP."""

from __future__ import annotations

from sqlalchemy import event

from outreach.directory import lookup
from outreach.extensions import db
from tests.factories import ensure_jurisdiction, make_committee, make_person


def test_parent_names_come_in_one_query(session):
    person = make_person(session, name="Ada Chair")
    judiciary = make_committee(session, "Judiciary", "CA", [])
    courts = make_committee(session, "Courts", "CA", [(person, "chair")])
    taxes = make_committee(session, "Taxes", "CA", [(person, "member")])
    courts.parent_id = judiciary.id
    taxes.parent_id = "gone-committee"
    session.flush()
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        names = lookup.parent_committee_names(session, [courts, taxes, judiciary])
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert names == {judiciary.id: "Judiciary"}
    assert len(statements) == 1


def test_committees_without_a_parent_give_no_names(session):
    ensure_jurisdiction(session, "CA")
    judiciary = make_committee(session, "Judiciary", "CA", [])
    assert lookup.parent_committee_names(session, [judiciary]) == {}
    assert lookup.parent_committee_names(session, []) == {}
