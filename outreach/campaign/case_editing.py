"""Organizers' edits to the cases, with the same audit trail as records and bills.

An edit is validated by the model that validates the cases file
(:class:`outreach.campaign.case_content.CaseIn`), plus the circuits loaded in
the database: the state must be in the circuit given. An invalid edit raises
:class:`~outreach.campaign.edit_checks.EditError` listing every problem by field
and changes nothing; a valid one updates the row, writes an
:class:`~outreach.models.AuditEntry` (entity ``case``) with before and after
snapshots shaped like the file's entries, and bumps the content version. An
edit that changes nothing writes nothing. The caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outreach.campaign.case_content import CaseIn, case_fields
from outreach.campaign.edit_checks import EditConflict, EditError, NotFound, Problem, validate
from outreach.campaign.editing import _audit, slugify
from outreach.models import AuditEntry, Case, Circuit, Organizer
from outreach.models.clock import utcnow

#: What :func:`case_stamp` says of a case that does not exist yet.
NEW_STAMP = "new"
ENTITY = "case"
#: Slugs that name a page under ``/cases/`` rather than a case.
RESERVED_SLUGS = frozenset({"map"})


@dataclass(frozen=True)
class CaseSave:
    """What an edit did: ``create``, ``update``, ``delete`` or ``unchanged``."""

    action: str
    key: str
    row: Case | None = None
    entry: AuditEntry | None = None

    @property
    def changed(self) -> bool:
        return self.action != "unchanged"


def case_snapshot(case: Case) -> dict[str, Any]:
    """A case as JSON, shaped like a ``cases`` entry of the file."""
    return {
        "slug": case.slug,
        "name": case.name,
        "citation": case.citation,
        "court": case.court,
        "year": case.year,
        "state": case.state,
        "circuit": case.circuit,
        "outcome": case.outcome,
        "outcome_note": case.outcome_note or "",
        "history": case.history,
        "brief": case.brief,
        "summary": case.summary,
        "held": case.held,
        "sources": [dict(s) for s in case.sources or []],
    }


def case_stamp(case: Case | None) -> str:
    """A token of a case's last change: the editor sends it back to detect lost updates."""
    if case is None:
        return NEW_STAMP
    return case.updated_at.isoformat() if case.updated_at else "0"


def get_case(session: Session, slug: str) -> Case | None:
    """The case with ``slug``, or None."""
    return session.scalars(select(Case).where(Case.slug == (slug or "")[:80])).first()


def _circuit_problems(session: Session, state: str, circuit: str) -> list[Problem]:
    circuits = {c.code: c for c in session.scalars(select(Circuit).order_by(Circuit.position))}
    if circuit not in circuits:
        valid = ", ".join(circuits) or "none loaded"
        return [Problem(("circuit",), f"Choose a known circuit ({valid}).")]
    if state not in (circuits[circuit].jurisdictions or []):
        home = next((c.name for c in circuits.values() if state in (c.jurisdictions or [])), None)
        where = f"{state} is in the {home}" if home else f"{state} is in no circuit we know"
        return [Problem(("circuit",), f"{where}, not the {circuits[circuit].name}.")]
    return []


def _free_slug(session: Session, name: str) -> str:
    base = slugify(name) or "case"
    slug, n = base, 2
    # ``/cases/map`` is the map of the cases, not a case.
    while slug in RESERVED_SLUGS or get_case(session, slug) is not None:
        slug = f"{base[:75]}-{n}"
        n += 1
    return slug


def save_case(
    session: Session,
    slug: str | None,
    data: Mapping[str, Any],
    *,
    actor: Organizer,
    expected: str | None = None,
) -> CaseSave:
    """Create (``slug`` None) or update a case from ``data``; the caller commits.

    :raise EditError: listing every problem; nothing changed.
    :raise EditConflict: when the case changed since the ``expected`` stamp.
    :raise NotFound: when ``slug`` names no case.
    """
    case = get_case(session, slug) if slug else None
    if slug and case is None:
        raise NotFound(slug)
    key = case.slug if case else _free_slug(session, str(data.get("name") or ""))
    payload = {**data, "slug": key}
    parsed, problems = validate(CaseIn, payload)
    state, circuit = str(data.get("state") or ""), str(data.get("circuit") or "")
    if state and circuit and not any(p.loc[:1] in (("state",), ("circuit",)) for p in problems):
        problems.extend(_circuit_problems(session, state, circuit))
    if expected and expected != case_stamp(case):
        raise EditConflict(
            [
                Problem(
                    (),
                    "Someone else changed this case after you opened it. Your changes were "
                    "not saved: reload the page to see the current version, then edit again.",
                )
            ]
        )
    if problems or parsed is None:
        raise EditError(problems)
    before = case_snapshot(case) if case else None
    fields = case_fields(parsed)
    if before is not None and before == {**before, **fields}:
        return CaseSave("unchanged", key, case)
    now = utcnow()
    if case is None:
        case = Case(**fields, updated_at=now)
        session.add(case)
    else:
        for name, value in fields.items():
            setattr(case, name, value)
        case.updated_at = now
    session.flush()
    action = "create" if before is None else "update"
    entry = _audit(session, actor, action, ENTITY, key, before, case_snapshot(case), now)
    session.flush()
    return CaseSave(action, key, case, entry)


def delete_case(session: Session, slug: str, *, actor: Organizer) -> CaseSave:
    """Delete a case; the caller commits.

    :raise NotFound: when no case has ``slug``.
    """
    case = get_case(session, slug)
    if case is None:
        raise NotFound(slug)
    before = case_snapshot(case)
    session.delete(case)
    entry = _audit(session, actor, "delete", ENTITY, case.slug, before, None, utcnow())
    session.flush()
    return CaseSave("delete", case.slug, None, entry)
