"""Corrections to the directory that survive every sync.

The open data is sometimes wrong or late (a governor who left office a year
ago, a Puerto Rico office on Wyoming's governor). A correction says what is
right, with a source link and the date the campaign made it: replace an
officeholder, end a role, fix a term's end date, fix or add a contact office,
add a missing official. Corrections live in their own table and are applied
after every sync (and when they are loaded or made), so the next import of the
stale data does not undo them.

During a sync each correction is met against the fresh data:

* ``applied`` — the data is still wrong; the correction is applied;
* ``agrees`` — the data now says what the correction says: the sync reports
  it and the organizer can retire the correction;
* ``conflict`` — the data changed the same record differently since the
  correction was made: the sync warns and applies neither silently (the
  data stays, the correction waits for an organizer).

Shipped corrections are a reviewed file, ``content/corrections.yaml``,
loaded all or nothing like the campaign content.

This module reads the corrections for pages and the sync's report; the rest
is split by job: :mod:`~outreach.directory.correction_files` (the schema and
the file), :mod:`~outreach.directory.correction_saving` (storing, retiring,
auditing) and :mod:`~outreach.directory.correction_applying` (meeting each
correction against the data).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from outreach.directory.correction_applying import (
    SINGLE_SEAT,
    apply_corrections,
    office_holders,
    same_person,
)
from outreach.models import (
    DirectoryCorrection,
    OfficeKind,
    Person,
)

# --------------------------------------------------------------------------- reading for pages


@dataclass(frozen=True)
class Applied:
    """A correction as a page shows it."""

    key: str
    kind: str
    made_on: date
    source_url: str
    note: str | None


def corrections_for(session: Session, person_id: int) -> list[Applied]:
    """Active corrections that changed or added this person."""
    person = session.get(Person, person_id)
    if person is None:
        return []
    rows = session.scalars(
        select(DirectoryCorrection).where(
            DirectoryCorrection.status == "active",
            (DirectoryCorrection.person_id == person_id)
            | (DirectoryCorrection.target == person.source_id),
        )
    )
    return [
        Applied(r.key, r.kind, r.made_on, r.source_url, r.note)
        for r in rows
        if (r.last_result or {}).get("state") == "applied"
    ]


@dataclass(frozen=True)
class Departure:
    """A person a correction says has left, and who holds the office now."""

    office: str
    jurisdiction: str
    successor_id: int | None
    successor_name: str | None
    since: date | None
    source_url: str
    made_on: date

    @property
    def office_label(self) -> str:
        return OfficeKind(self.office).label


def departure_of(session: Session, person_id: int) -> Departure | None:
    """Why the directory knows this person has left, and their successor."""
    row = session.scalars(
        select(DirectoryCorrection)
        .where(
            DirectoryCorrection.status == "active",
            DirectoryCorrection.predecessor_id == person_id,
            DirectoryCorrection.kind.in_(("replace_officeholder", "end_role")),
        )
        .order_by(DirectoryCorrection.id.desc())
    ).first()
    if row is None:
        return None
    successor = row.data.get("successor") or {}
    successor_id = row.person_id
    if successor_id is None and successor:
        match = [
            p
            for p, _ in office_holders(session, row)
            if same_person(p.name, successor.get("name"))
        ]
        successor_id = match[0].id if match else None
    start = successor.get("start_date")
    return Departure(
        office=row.office,
        jurisdiction=row.jurisdiction,
        successor_id=successor_id,
        successor_name=successor.get("name"),
        since=date.fromisoformat(start) if start else None,
        source_url=row.source_url,
        made_on=row.made_on,
    )


def corrected_ids(session: Session) -> dict[int, Applied]:
    """Every person an applied correction touched, by id (for lists and the API)."""
    out: dict[int, Applied] = {}
    rows = list(
        session.scalars(select(DirectoryCorrection).where(DirectoryCorrection.status == "active"))
    )
    targets = {r.target for r in rows if r.target}
    ids = (
        dict(
            session.execute(
                select(Person.source_id, Person.id).where(Person.source_id.in_(targets))
            )
            .tuples()
            .all()
        )
        if targets
        else {}
    )
    for r in rows:
        if (r.last_result or {}).get("state") != "applied":
            continue
        applied = Applied(r.key, r.kind, r.made_on, r.source_url, r.note)
        if r.person_id:
            out[r.person_id] = applied
        elif r.target in ids and r.kind in ("fix_end_date", "fix_office", "add_office"):
            out[ids[r.target]] = applied
    return out


def vacant_seats(session: Session) -> set[tuple[str, str]]:
    """``(ABBR, office)`` of single seats a correction ended with no successor."""
    rows = session.scalars(
        select(DirectoryCorrection).where(
            DirectoryCorrection.status == "active", DirectoryCorrection.kind == "end_role"
        )
    )
    return {
        (r.jurisdiction, r.office)
        for r in rows
        if r.office in SINGLE_SEAT and (r.last_result or {}).get("state") == "applied"
    }


def sync_messages(session: Session, today: date) -> list[str]:
    """Apply the corrections after a sync; the warnings the sync records about them."""
    messages = []
    for outcome in apply_corrections(session, today=today, in_sync=True):
        if outcome.state == "agrees":
            messages.append(f"Correction {outcome.key}: {outcome.message}")
        elif outcome.state in ("conflict", "missing"):
            messages.append(f"Correction {outcome.key} ({outcome.state}): {outcome.message}")
    return messages
