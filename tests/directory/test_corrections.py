"""Corrections: applied over the data, kept across syncs, met against new data, refused
whole when wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from outreach.directory import correction_files, correction_saving, corrections
from outreach.directory import sync as directory_sync
from outreach.models import AuditEntry, DirectoryCorrection, Person, Role
from tests import sources

TODAY = date(2026, 12, 3)
GOV = "ocd-person/00000000-0000-0000-0000-0000000gov02"
WAHL = "ocd-person/00000000-0000-0000-0000-00000000ca10"
SOURCE = "https://example.org/news/sworn-in"


def sync(session, root: Path):
    return directory_sync.run_sync(session, str(root), shared=None, timeout=5, today=TODAY)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return sources.write_source(tmp_path / "source")


def replace_governor(**overrides) -> dict:
    item = {
        "key": "governor-ca-2027",
        "kind": "replace_officeholder",
        "jurisdiction": "CA",
        "office": "governor",
        "person": GOV,
        "successor": {"name": "Gina Neuer", "party": "Democratic", "start_date": "2025-01-06"},
        "source": SOURCE,
        "date": "2026-12-01",
    }
    item.update(overrides)
    return item


def save(session, *items: dict) -> dict:
    parsed = [correction_files.CorrectionIn.model_validate(item) for item in items]
    counts = correction_saving.save_corrections(
        session, parsed, origin="organizer", actor="olga@example.org", today=TODAY
    )
    session.commit()
    return counts


def governors(session) -> list[tuple[int, str, str]]:
    return [
        tuple(row)
        for row in session.execute(
            select(Person.id, Person.name, Person.source)
            .join(Role)
            .where(Role.office == "governor", Role.jurisdiction_abbr == "CA")
        )
    ]


def test_a_replacement_applies_and_survives_two_syncs(session, source):
    sync(session, source)
    old_id = session.scalars(select(Person.id).where(Person.source_id == GOV)).one()
    save(session, replace_governor())
    first = governors(session)
    assert [(name, src) for _, name, src in first] == [("Gina Neuer", "campaign")]
    for _ in range(2):
        outcome = sync(session, source)
        assert governors(session) == first  # same person, same id
        assert not any("governor-ca-2027" in w for w in outcome.sync.warnings)
    # The predecessor keeps their page but holds no role.
    predecessor = session.get(Person, old_id)
    assert predecessor is not None
    assert predecessor.roles == []
    departure = corrections.departure_of(session, old_id)
    assert departure.successor_id == first[0][0]
    assert departure.since == date(2025, 1, 6)
    row = session.scalars(select(DirectoryCorrection)).one()
    assert row.last_result["state"] == "applied"
    audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "directory_correction"))
    assert [(a.action, a.entity_key, a.actor) for a in audit] == [
        ("create", "governor-ca-2027", "olga@example.org")
    ]


def test_the_sync_says_when_the_data_comes_to_agree(session, source):
    sync(session, source)
    save(session, replace_governor())
    (source / "openstates-people/data/ca/executive/Gina-Neuer.yml").write_text(
        "id: ocd-person/00000000-0000-0000-0000-0000000gov03\n"
        "name: Gina Neuer\n"
        "roles:\n- start_date: '2025-01-06'\n  type: governor\n"
        "  jurisdiction: ocd-jurisdiction/country:us/state:ca/government\n"
    )
    outcome = sync(session, source)
    assert any(
        w.startswith("Correction governor-ca-2027: the data now lists Gina Neuer")
        and "can be retired" in w
        for w in outcome.sync.warnings
    )
    assert [(n, s) for _, n, s in governors(session)] == [("Gina Neuer", "openstates")]
    correction_saving.retire(session, "governor-ca-2027", actor="olga@example.org")
    session.commit()
    assert session.scalars(select(DirectoryCorrection.status)).one() == "retired"


def test_a_conflicting_change_upstream_is_warned_not_overwritten(session, source):
    sync(session, source)
    save(session, replace_governor())
    path = source / "openstates-people/data/ca/executive/New-Governor.yml"
    path.unlink()
    (source / "openstates-people/data/ca/executive/Other.yml").write_text(
        "id: ocd-person/00000000-0000-0000-0000-0000000gov04\n"
        "name: Otto Other\n"
        "roles:\n- start_date: '2025-01-06'\n  type: governor\n"
        "  jurisdiction: ocd-jurisdiction/country:us/state:ca/government\n"
    )
    outcome = sync(session, source)
    warning = next(w for w in outcome.sync.warnings if "governor-ca-2027" in w)
    assert "conflict" in warning
    assert "Otto Other" in warning
    assert "Gina Neuer" in warning
    assert [n for _, n, _ in governors(session)] == ["Otto Other"]


def test_fix_end_date_agrees_and_conflicts(session, source):
    sync(session, source)
    save(
        session,
        {
            "key": "wahl-term",
            "kind": "fix_end_date",
            "jurisdiction": "CA",
            "office": "state_senator",
            "person": WAHL,
            "end_date": "2030-12-02",
            "source": SOURCE,
            "date": "2026-12-01",
        },
    )
    role = session.scalars(select(Role).join(Person).where(Person.source_id == WAHL)).one()
    assert role.end_date == date(2030, 12, 2)
    sync(session, source)
    role = session.scalars(select(Role).join(Person).where(Person.source_id == WAHL)).one()
    assert role.end_date == date(2030, 12, 2)  # re-applied over the data
    path = source / "openstates-people/data/ca/legislature/Casey-Wahl.yml"
    path.write_text(
        path.read_text().replace("  district: '10'", "  district: '10'\n  end_date: 2028-12-04")
    )
    outcome = sync(session, source)
    assert any("wahl-term (conflict)" in w for w in outcome.sync.warnings)


BAD = [
    ({"source": None}, "source"),
    ({"source": "not a link"}, "http"),
    ({"person": "ocd-person/nobody"}, "unknown official ocd-person/nobody"),
    (
        {"successor": {"name": "X Y", "start_date": "2025-01-06", "end_date": "2024-01-01"}},
        "ends (2024-01-01) before it starts",
    ),
    (
        {
            "successor": {
                "name": "X Y",
                "offices": [
                    {"address": "La Fortaleza, San Juan, PR 00902", "phone": "787-721-2400"}
                ],
            }
        },
        "outside CA",
    ),
]


@pytest.mark.parametrize(("change", "reason"), BAD)
def test_bad_corrections_are_refused_with_the_reason_and_nothing_is_saved(
    session, source, change, reason
):
    sync(session, source)
    before = governors(session)
    good = replace_governor(
        key="other-good", successor={"name": "Fine Person"}, office="lt_governor"
    )
    items = [good, replace_governor(**change)]
    if change.get("source") is None and "source" in change:
        del items[1]["source"]

    def save_both() -> None:
        parsed = [correction_files.CorrectionIn.model_validate(i) for i in items]
        correction_saving.save_corrections(
            session, parsed, origin="organizer", actor="o@example.org"
        )

    with pytest.raises((correction_files.CorrectionError, ValueError)) as error:
        save_both()
    session.rollback()
    assert reason in str(error.value)
    assert session.scalar(select(func.count()).select_from(DirectoryCorrection)) == 0
    assert governors(session) == before


def test_an_end_before_the_term_start_is_refused(session, source):
    sync(session, source)
    item = correction_files.CorrectionIn.model_validate(
        {
            "key": "wahl-end",
            "kind": "end_role",
            "jurisdiction": "CA",
            "office": "state_senator",
            "person": WAHL,
            "end_date": "2020-01-01",
            "source": SOURCE,
            "date": "2026-12-01",
        }
    )
    with pytest.raises(correction_files.CorrectionError, match="before the term's start"):
        correction_saving.save_corrections(
            session, [item], origin="organizer", actor="o@example.org"
        )


def test_the_shipped_file_is_valid():
    items = correction_files.read_corrections(correction_files.DEFAULT_PATH)
    assert len(items) >= 12
    assert all(i.source.startswith("https://") for i in items)


def test_a_file_with_an_error_is_refused_whole(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("corrections:\n- key: a-b\n  kind: end_role\n  jurisdiction: ZZ\n")
    with pytest.raises(correction_files.CorrectionError) as error:
        correction_files.read_corrections(path)
    assert "correction a-b" in str(error.value)


def test_pages_and_api_show_the_correction_and_the_successor(client, session, source):
    sync(session, source)
    old_id = session.scalars(select(Person.id).where(Person.source_id == GOV)).one()
    save(session, replace_governor())
    new_id = governors(session)[0][0]

    html = client.get(f"/officials/{new_id}").get_data(as_text=True)
    assert "Updated by the campaign on" in html
    assert SOURCE in html
    left = client.get(f"/officials/{old_id}")
    assert left.status_code == 200
    text = left.get_data(as_text=True)
    assert "no longer holds this office" in text
    assert "Gina Neuer" in text
    assert f"/officials/{new_id}" in text
    assert f"/write/{new_id}" in text
    # No letter to someone known to have left: the page with the successor instead.
    write = client.get(f"/write/{old_id}")
    assert write.status_code == 302
    assert write.headers["Location"].endswith(f"/officials/{old_id}")

    body = client.get(f"/api/v1/officials/{new_id}").get_json()
    assert body["corrected"] == {
        "on": "2026-12-01",
        "source": SOURCE,
        "kind": "replace_officeholder",
        "note": None,
    }
    assert body["data_as_of"]["source"] == "campaign"
    assert body["data_as_of"]["date"] == "2026-12-01"
    gone = client.get(f"/api/v1/officials/{old_id}")
    assert gone.status_code == 404
    assert gone.get_json()["error"]["code"] == "left_office"
    assert "Gina Neuer" in gone.get_json()["error"]["message"]
    wahl = session.scalars(select(Person.id).where(Person.source_id == WAHL)).one()
    plain = client.get(f"/api/v1/officials/{wahl}").get_json()
    assert plain["corrected"] is None
    assert plain["data_as_of"]["source"] == "openstates-people"
    assert plain["data_as_of"]["date_kind"] == "file"


def test_an_ended_role_without_successor_shows_the_seat_vacant(session, source):
    from outreach.directory import statewide_status

    sync(session, source)
    save(
        session,
        {
            "key": "governor-ca-resigned",
            "kind": "end_role",
            "jurisdiction": "CA",
            "office": "governor",
            "person": GOV,
            "end_date": "2026-11-30",
            "source": SOURCE,
            "date": "2026-12-01",
        },
    )
    assert governors(session) == []
    rows = statewide_status.statewide_status(
        session, TODAY, vacant=corrections.vacant_seats(session)
    )
    california = next(r for r in rows if r.abbr == "CA")
    assert {s.office: s.status for s in california.seats}["governor"] == "vacant"
    sync(session, source)
    assert governors(session) == []  # and it stays ended after the next sync


def test_loading_corrections_into_an_empty_directory_says_to_sync_first(runner, session):
    """`make run` without a reachable source must not fail on the corrections."""
    refused = runner.invoke(args=["corrections", "load"])
    assert refused.exit_code == 1
    assert "The directory is empty" in refused.output
    waits = runner.invoke(args=["corrections", "load", "--if-empty"])
    assert waits.exit_code == 0, waits.output
    assert "The directory is empty" in waits.output
    assert session.scalar(select(func.count()).select_from(DirectoryCorrection)) == 0


def test_a_new_governor_takes_over_the_offices_web_form(session, source):
    """Corrections loaded after the sync (as `make run` does): the form goes with the office."""
    sync(session, source)
    old = session.scalars(select(Person).where(Person.source_id == GOV)).one()
    old.contact_form_url = "https://gov.example.ca.gov/contact"
    old.contact_form_fields = {"required": ["email"], "topics": ["Other"]}
    session.commit()
    save(session, replace_governor())
    new = session.scalars(select(Person).where(Person.source == "campaign")).one()
    assert new.name == "Gina Neuer"
    assert new.contact_form_url == "https://gov.example.ca.gov/contact"
    assert new.contact_form_fields == {"required": ["email"], "topics": ["Other"]}
