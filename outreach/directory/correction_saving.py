"""Storing, changing and retiring directory corrections, each change audited.

The corrections are checked against the directory before anything is written
(:func:`check_targets`), then applied at once
(:func:`outreach.directory.correction_applying.apply_corrections`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outreach.directory.correction_applying import apply_corrections
from outreach.directory.correction_files import CAMPAIGN_SOURCE, CorrectionError, CorrectionIn
from outreach.directory.version import bump_version
from outreach.models import (
    AuditEntry,
    DirectoryCorrection,
    Person,
)
from outreach.models.clock import utcnow

ENTITY = "directory_correction"

# --------------------------------------------------------------------------- saving


def snapshot(row: DirectoryCorrection) -> dict[str, Any]:
    """What the audit log keeps of a correction."""
    return {
        "kind": row.kind,
        "jurisdiction": row.jurisdiction,
        "office": row.office,
        "district": row.district,
        "person": row.target,
        "person_name": row.target_name,
        "data": row.data,
        "source": row.source_url,
        "date": row.made_on.isoformat(),
        "note": row.note,
        "status": row.status,
    }


def _data_of(item: CorrectionIn) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if item.successor:
        data["successor"] = item.successor.model_dump(mode="json", exclude_none=True)
    if item.end_date:
        data["end_date"] = item.end_date.isoformat()
    if item.office_details:
        data["office"] = item.office_details.model_dump(mode="json", exclude_none=True)
    return data


def _target(session: Session, item: CorrectionIn) -> Person | None:
    if not item.person:
        return None
    return session.scalars(select(Person).where(Person.source_id == item.person)).first()


def check_targets(session: Session, items: list[CorrectionIn]) -> list[str]:
    """Reasons some corrections cannot apply: an unknown official, a wrong office."""
    problems = []
    for item in items:
        if item.kind == "add_official":
            continue
        person = _target(session, item)
        if person is None:
            problems.append(f"{item.key}: unknown official {item.person}")
            continue
        if person.source == CAMPAIGN_SOURCE:
            problems.append(f"{item.key}: {item.person} was added by a correction")
        start = next(
            (r.start_date for r in person.roles if r.office == item.office and r.start_date),
            None,
        )
        if (
            item.kind in ("end_role", "fix_end_date")
            and start
            and item.end_date
            and item.end_date < start
        ):
            problems.append(
                f"{item.key}: the end date {item.end_date} is before the term's start ({start})"
            )
    return problems


def save_corrections(
    session: Session,
    items: list[CorrectionIn],
    *,
    origin: str,
    actor: str,
    organizer_id: int | None = None,
    retire_missing: bool = False,
    today: date | None = None,
) -> dict[str, int]:
    """Store ``items`` (new or changed by key), audit each change, apply them.

    Every item is checked against the directory first: an unknown official or
    an end before the start refuses the whole lot and nothing is written.
    The caller commits.

    :raise CorrectionError: naming each refused correction.
    """
    problems = check_targets(session, items)
    if problems:
        raise CorrectionError(problems)
    existing = {c.key: c for c in session.scalars(select(DirectoryCorrection))}
    now = utcnow()
    counts = {"added": 0, "changed": 0, "unchanged": 0, "retired": 0}
    for item in items:
        row = existing.get(item.key)
        before = snapshot(row) if row else None
        target = _target(session, item)
        if row is None:
            row = DirectoryCorrection(
                key=item.key, origin=origin, created_at=now, created_by=actor, last_result={}
            )
            session.add(row)
        row.kind, row.jurisdiction, row.office = item.kind, item.jurisdiction, item.office
        row.district, row.target = item.district, item.person
        row.target_name = item.person_name or (target.name if target else None)
        row.data = _data_of(item)
        row.source_url, row.made_on, row.note = item.source, item.date, item.note
        row.status = "active"
        if before is None or not row.baseline:
            row.baseline = _baseline(session, row)
        after = snapshot(row)
        if before == after:
            counts["unchanged"] += 1
            continue
        counts["added" if before is None else "changed"] += 1
        _audit(
            session,
            actor,
            organizer_id,
            "create" if before is None else "update",
            row,
            before,
            after,
            now,
        )
    if retire_missing:
        keys = {item.key for item in items}
        for row in existing.values():
            if row.origin == origin and row.key not in keys and row.status == "active":
                before = snapshot(row)
                row.status = "retired"
                counts["retired"] += 1
                _audit(session, actor, organizer_id, "update", row, before, snapshot(row), now)
    session.flush()
    apply_corrections(session, today=today, in_sync=False)
    bump_version(session)  # cached pages show the corrected directory
    return counts


def retire(
    session: Session, key: str, *, actor: str, organizer_id: int | None = None
) -> DirectoryCorrection:
    """Retire a correction (the data agrees, or it was wrong); audited. The caller commits.

    Its effect goes at the next sync, which imports the data as published.
    """
    row = session.scalars(
        select(DirectoryCorrection).where(DirectoryCorrection.key == key)
    ).first()
    if row is None:
        raise CorrectionError([f"{key}: no such correction"])
    before = snapshot(row)
    row.status = "retired"
    _audit(session, actor, organizer_id, "update", row, before, snapshot(row), utcnow())
    bump_version(session)
    return row


def _audit(
    session: Session,
    actor: str,
    organizer_id: int | None,
    action: str,
    row: DirectoryCorrection,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    now: datetime,
) -> None:
    session.add(
        AuditEntry(
            at=now,
            organizer_id=organizer_id,
            actor=actor,
            action=action,
            entity=ENTITY,
            entity_key=row.key,
            before=before,
            after=after,
        )
    )


def _baseline(session: Session, row: DirectoryCorrection) -> dict[str, Any]:
    """What the data says now about the record the correction changes."""
    person = (
        session.scalars(select(Person).where(Person.source_id == row.target)).first()
        if row.target
        else None
    )
    if person is None:
        return {}
    role = next((r for r in person.roles if r.office == row.office), None)
    return {
        "name": person.name,
        "holds_office": role is not None,
        "end_date": role.end_date.isoformat() if role and role.end_date else None,
        "offices": [[o.kind, o.address, o.phone] for o in person.offices],
    }
