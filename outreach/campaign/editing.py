"""Organizers' edits to the campaign content: reform records and bills.

Every edit is validated by the same pydantic models that validate the content
file (:mod:`outreach.campaign.content`), so the rules live in one place; a jurisdiction must be
one we know, a bill must not be entered twice, and text must be free of
control characters. An invalid edit raises :class:`EditError` listing every
problem by field and changes nothing. A valid one updates the rows, writes an
:class:`~outreach.models.AuditEntry` with before and after snapshots (shaped
like the content file's entries), and bumps the content version. An edit that
changes nothing writes nothing. The caller commits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outreach.campaign.content import (
    AssessmentIn,
    BillIn,
    RecordIn,
    bill_fields,
)
from outreach.campaign.records import get_bill, get_campaign
from outreach.campaign.scoring import CRITERIA, Score, score_ratings
from outreach.campaign.snapshots import bill_snapshot, record_snapshot
from outreach.directory import jurisdictions
from outreach.directory.version import bump_version, content_version
from outreach.models import Assessment, AuditEntry, Bill, Organizer, Place, Rating, ReformRecord
from outreach.models.clock import utcnow

FEDERAL = "US"
#: What :func:`edit_stamp` says of a row that does not exist yet.
NEW_STAMP = "new"

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


# ----------------------------------------------------------------------------- results, errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an edit: where (a path like the content file's) and what."""

    loc: Loc
    message: str

    @property
    def where(self) -> str:
        return ".".join(str(part) for part in self.loc)


class EditError(ValueError):
    """An edit that was refused; nothing changed. ``problems`` say why, field by field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.where or 'edit'}: {p.message}" for p in problems))


class EditConflict(EditError):
    """Someone changed the row after the editor opened it; nothing changed."""


class NotFound(LookupError):
    """No record or bill with that key."""


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


@dataclass(frozen=True)
class CriterionInfo:
    """A criterion of the rubric as the organizer pages show it."""

    number: int
    group: str
    title: str
    explanation: str


@dataclass(frozen=True)
class Evaluation:
    """A bill's nine answers, scored; ``score`` is None while a rating is missing or bad."""

    score: Score | None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class RecordRow:
    """A jurisdiction in the list of records, with its record if it has one."""

    code: str
    name: str
    kind: str
    record: ReformRecord | None


# ----------------------------------------------------------------------------- validation

_MESSAGES = {
    "date_parsing": "Enter a real date as YYYY-MM-DD, like 2026-03-01.",
    "date_from_datetime_parsing": "Enter a real date as YYYY-MM-DD, like 2026-03-01.",
    "date_from_datetime_inexact": "Enter a date without a time, as YYYY-MM-DD.",
    "date_type": "Enter a real date as YYYY-MM-DD, like 2026-03-01.",
    "int_parsing": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "bool_parsing": "Answer yes or no.",
    "bool_type": "Answer yes or no.",
    "string_type": "Enter text here.",
    "extra_forbidden": "This field is not part of the content.",
}
#: Rules of a whole model that belong to one field, found by their wording.
_MODEL_RULE_FIELDS = (("cannot be active", "active"), ("give a congress", "congress"))
_ALLOWED_CONTROLS = {"\n", "\t"}


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _message(item: Mapping[str, Any], loc: Loc = ()) -> str:
    """A message for one pydantic error, written for the organizer filling in the form."""
    kind = item.get("type", "")
    ctx = item.get("ctx") or {}
    value = item.get("input")
    if kind == "missing" or (isinstance(value, str) and not value.strip()) or value is None:
        return "This is required."
    if kind == "string_too_short":
        return "This is required."
    if kind == "string_too_long":
        return (
            f"Use at most {ctx.get('max_length')} characters "
            f"(this has {len(value) if isinstance(value, str) else 'more'})."
        )
    if kind == "too_short":
        if loc and loc[-1] == "sources":
            return "Add at least one source: a title and a link."
        return f"Give at least {ctx.get('min_length')}."
    if kind == "too_long":
        return f"Give at most {ctx.get('max_length')}."
    if kind == "enum":
        return "Choose one of the options in the list."
    if kind == "greater_than_equal":
        return f"Enter a number of at least {ctx.get('ge')}."
    if kind == "less_than_equal":
        return f"Enter a number of at most {ctx.get('le')}."
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    message = str(item.get("msg", "is not valid")).removeprefix("Value error, ")
    if "http(s) link" in message:
        return "Enter a link that starts with http:// or https://, without spaces."
    return _sentence(message)


def _loc(raw: Iterable[Any], prefix: Loc, message: str) -> Loc:
    loc = prefix + tuple(p for p in raw if not str(p).startswith("function-"))
    if loc and loc[0] == "assessment" and len(loc) == 2:
        return (*loc, "source")  # "a rating of met needs a source link"
    if loc == prefix:
        for words, name in _MODEL_RULE_FIELDS:
            if words in message:
                return (*prefix, name)
    return loc


def _control_problems(value: Any, loc: Loc = ()) -> list[Problem]:
    """Problems for strings anywhere in ``value`` holding control or invisible characters."""
    if isinstance(value, str):
        bad = any(
            unicodedata.category(c).startswith("C") and c not in _ALLOWED_CONTROLS for c in value
        )
        return [Problem(loc, "Remove the invisible or control characters.")] if bad else []
    if isinstance(value, Mapping):
        return [p for k, v in value.items() for p in _control_problems(v, (*loc, k))]
    if isinstance(value, list | tuple):
        return [p for i, v in enumerate(value) for p in _control_problems(v, (*loc, i))]
    return []


def validate(
    model: type[M], payload: Mapping[str, Any], prefix: Loc = ()
) -> tuple[M | None, list[Problem]]:
    """Validate ``payload`` with a content model; ``(parsed or None, problems)``."""
    problems = _control_problems(dict(payload), prefix)
    if problems:
        return None, problems
    try:
        return model.model_validate(dict(payload)), []
    except ValidationError as error:
        for item in error.errors():
            loc = _loc(item["loc"], prefix, str(item.get("msg")))
            problems.append(Problem(loc, _message(item, loc)))
        return None, problems


# ----------------------------------------------------------------------------- lookups


def known_jurisdictions(session: Session) -> set[str]:
    """Codes a record may be about: states, DC, territories and places (not US)."""
    places = set(session.scalars(select(Place.code)))
    return set(jurisdictions.JURISDICTIONS) | set(jurisdictions.STATE_DATA_JURISDICTIONS) | places


def jurisdiction_choices(session: Session, *, federal: bool) -> list[tuple[str, str]]:
    """``(code, label)`` for a select: Congress first (if ``federal``), states, others, places."""
    ordered = sorted(
        jurisdictions.JURISDICTIONS.values(), key=lambda j: (j.kind != "state", j.name)
    )
    choices = [(FEDERAL, "United States (Congress)")] if federal else []
    choices += [(j.abbr, f"{j.name} ({j.abbr})") for j in ordered]
    places = session.scalars(select(Place).order_by(Place.name))
    choices += [(p.code, f"{p.name}, {p.state} ({p.code})") for p in places]
    return choices


def jurisdiction_name(session: Session, code: str) -> str | None:
    """The name of a state, territory, place or ``US``; None when unknown."""
    if code == FEDERAL:
        return "United States (Congress)"
    info = jurisdictions.JURISDICTIONS.get(code)
    if info is not None:
        return info.name
    place = session.get(Place, code) if code else None
    return place.name if place else None


def record_rows(session: Session) -> list[RecordRow]:
    """Every jurisdiction that may have a record (states first), and places, each with it."""
    records = {r.jurisdiction: r for r in session.scalars(select(ReformRecord))}
    rows = [
        RecordRow(j.abbr, j.name, j.kind, records.pop(j.abbr, None))
        for j in sorted(
            jurisdictions.JURISDICTIONS.values(), key=lambda j: (j.kind != "state", j.name)
        )
    ]
    for place in session.scalars(select(Place).order_by(Place.name)):
        rows.append(RecordRow(place.code, place.name, place.kind, records.pop(place.code, None)))
    return rows


def get_record(session: Session, code: str) -> ReformRecord | None:
    """The record of one jurisdiction, or None."""
    return session.scalars(select(ReformRecord).where(ReformRecord.jurisdiction == code)).first()


def rubric(session: Session) -> list[CriterionInfo]:
    """The nine criteria with their titles and explanations (placeholders before content)."""
    campaign = get_campaign(session)
    found = {c.number: c for c in campaign.criteria} if campaign else {}
    return [
        CriterionInfo(n, c.group, c.title, c.explanation)
        if (c := found.get(n))
        else CriterionInfo(
            n,
            "end" if n <= 4 else "start",
            f"Criterion {n}",
            "The rubric has not been loaded yet: run `flask content load`.",
        )
        for n in CRITERIA
    ]


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
    before: dict | None,
    after: dict | None,
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
    after = {
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
    after = {
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
    if before == after:
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


# ----------------------------------------------------------------------------- evaluating


def evaluate(assessments: Mapping[int, Mapping[str, Any]]) -> Evaluation:
    """Check nine answers (rating, note, source) and score them, saving nothing.

    The rules are the content file's: a rating other than unknown needs a
    source link, links are http(s), notes have a length limit. The score is
    given whenever all nine ratings are valid, even if a note or link is not.
    """
    problems: list[Problem] = []
    ratings: dict[int, Rating] = {}
    unknown_numbers = [n for n in assessments if n not in CRITERIA]
    for number in unknown_numbers:
        problems.append(Problem(("assessment", number), "The rubric has criteria 1 to 9 only."))
    for number in CRITERIA:
        answer = assessments.get(number)
        if answer is None:
            problems.append(Problem(("assessment", number, "rating"), "Choose a rating."))
            continue
        _, found = validate(AssessmentIn, answer, ("assessment", number))
        problems.extend(found)
        try:
            ratings[number] = Rating(answer.get("rating"))
        except ValueError:
            pass
    score = score_ratings(ratings) if len(ratings) == len(CRITERIA) else None
    return Evaluation(score, problems)


# ----------------------------------------------------------------------------- overview


@dataclass(frozen=True)
class Overview:
    """Counts for the organizers' dashboard."""

    records: int
    jurisdictions: int
    bills: int
    active_bills: int
    content_version: int


def overview(session: Session) -> Overview:
    """How much content there is, for the dashboard."""

    def count(query) -> int:
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0

    return Overview(
        records=count(select(ReformRecord.id)),
        jurisdictions=len(record_rows(session)),
        bills=count(select(Bill.id)),
        active_bills=count(select(Bill.id).where(Bill.active.is_(True))),
        content_version=content_version(session),
    )
