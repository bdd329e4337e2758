"""Organizers' edits to the campaign content: reform records and bills.

Every edit is validated by the same pydantic models that validate the content
file (:mod:`outreach.campaign.content`), so the rules live in one place; a jurisdiction must be
one we know, a bill must not be entered twice, and text must be free of
control characters. An invalid edit raises :class:`EditError` listing every
problem by field and changes nothing. A valid one updates the rows, writes an
:class:`~outreach.models.AuditEntry` with before and after snapshots (shaped
like the content file's entries), and bumps the content version. An edit that
changes nothing writes nothing. The caller commits."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outreach.campaign.content import (
    BillIn,
    RecordIn,
    bill_fields,
)
from outreach.campaign.edit_checks import EditConflict, EditError, NotFound, Problem, validate
from outreach.campaign.editor_data import FEDERAL, get_record, known_jurisdictions
from outreach.campaign.records import get_bill
from outreach.campaign.snapshots import bill_snapshot, record_snapshot
from outreach.directory.version import bump_version
from outreach.models import Assessment, AuditEntry, Bill, Organizer, ReformRecord
from outreach.models.clock import utcnow

logger = logging.getLogger(__name__)
#: What :func:`edit_stamp` says of a row that does not exist yet.
NEW_STAMP = "new"


@dataclass(frozen=True)
class SaveResult:
    """What an edit did: ``create``, ``update``, ``delete`` or ``unchanged``."""

    action: str
    key: str
    row: ReformRecord | Bill | None = None
    entry: AuditEntry | None = None

    @property
    def changed(self) -> bool:
        return self.action != "unchanged"


def edit_stamp(row: ReformRecord | Bill | None) -> str:
    """A token of a row's last change: an editor sends it back to detect lost updates."""
    if row is None:
        return NEW_STAMP
    return row.updated_at.isoformat() if row.updated_at else "0"


def _audit(
    session: Session,
    actor: Organizer,
    action: str,
    entity: str,
    key: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    now: datetime,
) -> AuditEntry:
    entry = AuditEntry(
        at=now,
        organizer_id=actor.id,
        actor=actor.email,
        action=action,
        entity=entity,
        entity_key=key,
        before=before,
        after=after,
    )
    session.add(entry)
    bump_version(session)
    logger.info(
        "organizer %s %s %s %s",
        actor.email,
        action,
        entity,
        key,
        extra={
            "organizer_id": actor.id,
            "organizer": actor.email,
            "action": action,
            "entity": entity,
            "entity_key": key,
        },
    )
    return entry


def _check_stamp(row: ReformRecord | Bill | None, expected: str | None, what: str) -> None:
    if expected and expected != edit_stamp(row):
        raise EditConflict(
            [
                Problem(
                    (),
                    f"Someone else changed this {what} after you opened it. Your changes were "
                    "not saved: reload the page to see the current version, then edit again.",
                )
            ]
        )


# ----------------------------------------------------------------------------- records


def save_record(
    session: Session,
    jurisdiction: str,
    data: Mapping[str, Any],
    *,
    actor: Organizer,
    expected: str | None = None,
) -> SaveResult:
    """Create or update the record of ``jurisdiction`` from ``data``; the caller commits.

    :param data: ``status``, ``summary``, ``as_of`` and ``sources`` (``[{title, url}]``).
    :param expected: the :func:`edit_stamp` the editor saw; a different one now means
        someone else saved in between.
    :raise EditError: listing every problem; nothing changed.
    :raise EditConflict: when the record changed since ``expected``.
    """
    code = (jurisdiction or "").strip().upper()
    payload = {**data, "jurisdiction": code}
    parsed, problems = validate(RecordIn, payload)
    if code not in known_jurisdictions(session):
        problems.insert(
            0, Problem(("jurisdiction",), f"“{code[:20]}” is not a state, territory or city.")
        )
    record = get_record(session, code)
    _check_stamp(record, expected, "record")
    if problems or parsed is None:
        raise EditError(problems)
    before = record_snapshot(record) if record else None
    after: dict[str, Any] = {
        "jurisdiction": code,
        "status": parsed.status.value,
        "summary": parsed.summary,
        "as_of": parsed.as_of.isoformat(),
        "sources": [s.model_dump() for s in parsed.sources],
    }
    if before == after:
        return SaveResult("unchanged", code, record)
    now = utcnow()
    if record is None:
        record = ReformRecord(jurisdiction=code)
        session.add(record)
    record.status = after["status"]
    record.summary = after["summary"]
    record.as_of = parsed.as_of
    record.sources = after["sources"]
    record.updated_at = now
    action = "create" if before is None else "update"
    entry = _audit(session, actor, action, "reform_record", code, before, after, now)
    session.flush()
    return SaveResult(action, code, record, entry)


def delete_record(session: Session, jurisdiction: str, *, actor: Organizer) -> SaveResult:
    """Delete the record of ``jurisdiction``; the caller commits.

    :raise NotFound: when it has none.
    """
    record = get_record(session, jurisdiction)
    if record is None:
        raise NotFound(jurisdiction)
    before = record_snapshot(record)
    session.delete(record)
    entry = _audit(
        session, actor, "delete", "reform_record", record.jurisdiction, before, None, utcnow()
    )
    session.flush()
    return SaveResult("delete", record.jurisdiction, None, entry)


# ----------------------------------------------------------------------------- bills


def slugify(text: str, max_length: int = 80) -> str:
    """``co-sb-20-217`` from ``CO SB 20-217``: lower-case letters and digits, hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def _identifier_key(identifier: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (identifier or "").lower())


def _free_slug(session: Session, jurisdiction: str, identifier: str, session_name: str) -> str:
    base = slugify(f"{jurisdiction}-{identifier}", 70) or "bill"
    taken = set(session.scalars(select(Bill.slug).where(Bill.slug.like(f"{base}%"))))
    candidates = [base, slugify(f"{base}-{session_name}", 70) or base]
    candidates += [f"{base}-{n}" for n in range(2, 1000)]
    return next(c for c in candidates if c not in taken)


def _duplicate(session: Session, parsed: BillIn, exclude: Bill | None) -> Bill | None:
    """Another bill of the same jurisdiction, identifier and session, if any."""
    key = _identifier_key(parsed.identifier)
    for other in session.scalars(select(Bill).where(Bill.jurisdiction == parsed.jurisdiction)):
        if other is exclude:
            continue
        same_session = other.session.strip().lower() == parsed.session.strip().lower()
        if same_session and _identifier_key(other.identifier) == key:
            return other
    return None


def _assessment_keys(raw: Any) -> Any:
    """Criterion numbers as ints (snapshots key them as strings)."""
    if not isinstance(raw, Mapping):
        return raw
    out: dict[Any, Any] = {}
    for key, value in raw.items():
        out[int(key) if isinstance(key, str) and key.isdigit() else key] = value
    return out


def bill_data(bill: Bill) -> dict[str, Any]:
    """A bill's current values, in the shape :func:`save_bill` takes."""
    data = bill_snapshot(bill)
    data.pop("id")
    data["assessment"] = _assessment_keys(data["assessment"])
    return data


def _bill_payload(session: Session, data: Mapping[str, Any], bill: Bill | None) -> dict[str, Any]:
    """The edit as a ``bills`` entry: the fields the form does not show kept from ``bill``."""
    payload = dict(data)
    code = str(payload.get("jurisdiction") or "").strip().upper()
    payload["jurisdiction"] = code
    if "events" not in payload:
        payload["events"] = [dict(e) for e in bill.events or []] if bill else []
    # Fields the edit form does not show are kept as they are.
    for key in ("session_end", "session_end_source", "qi_effect", "qi_scope", "companion"):
        if key not in payload and bill is not None:
            payload[key] = getattr(bill, key)
    payload["assessment"] = _assessment_keys(payload.get("assessment"))
    payload["id"] = (
        bill.slug
        if bill
        else _free_slug(
            session, code, str(payload.get("identifier") or ""), str(payload.get("session") or "")
        )
    )
    return payload


def save_bill(
    session: Session,
    data: Mapping[str, Any],
    *,
    actor: Organizer,
    slug: str | None = None,
    expected: str | None = None,
) -> SaveResult:
    """Update the bill ``slug``, or create one when ``slug`` is None; the caller commits.

    :param data: the fields of a ``bills`` entry of the content file but ``id``:
        ``jurisdiction``, ``identifier``, ``title``, ``session``, ``congress``,
        ``stage``, ``active``, ``last_action``, ``url``, ``sponsors``, ``summary``,
        ``assessment`` (criterion 1–9 → ``{rating, note, source}``) and optionally
        ``events`` (kept as they are when left out).
    :param expected: the :func:`edit_stamp` the editor saw.
    :raise NotFound: when there is no bill ``slug``.
    :raise EditError: listing every problem; nothing changed.
    :raise EditConflict: when the bill changed since ``expected``.
    """
    bill = None
    if slug is not None:
        bill = get_bill(session, slug)
        if bill is None:
            raise NotFound(slug)
    payload = _bill_payload(session, data, bill)
    code = payload["jurisdiction"]
    parsed, problems = validate(BillIn, payload)
    if code not in known_jurisdictions(session) | {FEDERAL}:
        problems.insert(
            0,
            Problem(
                ("jurisdiction",),
                f"“{code[:20]}” is not a state, territory or city we track, nor US.",
            ),
        )
    elif parsed is not None and (other := _duplicate(session, parsed, bill)) is not None:
        problems.append(
            Problem(
                ("identifier",),
                f"{other.identifier} of session {other.session} is in the record already "
                f"(as “{other.slug}”): edit that bill instead.",
            )
        )
    _check_stamp(bill, expected, "bill")
    if problems or parsed is None:
        raise EditError(problems)

    before = bill_snapshot(bill) if bill else None
    fields = bill_fields(parsed)
    assessments = {
        str(n): {"rating": a.rating.value, "note": a.note, "source": a.source}
        for n, a in sorted(parsed.assessment.items())
    }
    after: dict[str, Any] = {
        "id": parsed.id,
        **{k: fields[k] for k in ("jurisdiction", "identifier", "title", "session", "congress")},
        "stage": fields["stage"],
        "active": fields["active"],
        "last_action": parsed.last_action.iso,
        "session_end": fields["session_end"],
        "session_end_source": fields["session_end_source"],
        "qi_effect": fields["qi_effect"],
        "qi_scope": fields["qi_scope"],
        "companion": fields["companion"],
        **{k: fields[k] for k in ("url", "sponsors", "summary", "events")},
        "assessment": assessments,
    }
    if bill is not None and before == after:
        return SaveResult("unchanged", bill.slug, bill)
    now = utcnow()
    if bill is None:
        bill = Bill(slug=parsed.id)
        session.add(bill)
    for name, value in fields.items():
        setattr(bill, name, value)
    bill.updated_at = now
    existing = {a.criterion: a for a in bill.assessments}
    for number, answer in sorted(parsed.assessment.items()):
        row = existing.get(number)
        if row is None:
            row = Assessment(criterion=number)
            bill.assessments.append(row)
        row.rating = answer.rating.value
        row.note = answer.note
        row.source = answer.source
    action = "create" if before is None else "update"
    entry = _audit(session, actor, action, "bill", bill.slug, before, after, now)
    session.flush()
    return SaveResult(action, bill.slug, bill, entry)


def delete_bill(session: Session, slug: str, *, actor: Organizer) -> SaveResult:
    """Delete the bill ``slug`` with its assessments; the caller commits.

    :raise NotFound: when there is no such bill.
    """
    bill = get_bill(session, slug)
    if bill is None:
        raise NotFound(slug)
    before = bill_snapshot(bill)
    session.delete(bill)
    entry = _audit(session, actor, "delete", "bill", bill.slug, before, None, utcnow())
    session.flush()
    return SaveResult("delete", bill.slug, None, entry)
