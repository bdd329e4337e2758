"""What a letter knows: the official, the state's standing, the bill, the sender.

Letters adapt to where the state stands and how far the bill has gone: a
state with no reform gets a request to introduce one, a pending bill is named
with its stage, a law below 9/9 gets thanks and the criteria it still misses,
and a state that wrote the immunity into law gets a request to undo it.
Members of Congress are asked about the current federal bill.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..models import FEDERAL_OFFICES, Bill, BillStage, Criterion, OfficeKind, Rating
from . import jurisdictions, presentation
from .letters import Missing, given
from .scoring import Score, Standing, bill_score

#: Limits on what a writer may send, in characters.
SENDER_LIMITS = {"name": 120, "address": 200, "city": 120, "zip": 10, "email": 254}
STORY_LIMIT = 3000

PLACEHOLDERS = {
    "name": "your name",
    "address": "your street address",
    "city": "your city",
    "zip": "your ZIP code",
    "email": "your email",
}
STORY_PLACEHOLDER = "your story: a sentence or two on why this matters to you"


@dataclass(frozen=True)
class Sender:
    """The writer's details, as typed (they are never stored)."""

    name: str = ""
    address: str = ""
    city: str = ""
    zip: str = ""
    email: str = ""

    def as_context(self) -> dict[str, object]:
        return {key: given(getattr(self, key), label) for key, label in PLACEHOLDERS.items()}

    def missing(self) -> list[str]:
        """The labels of the details not given yet."""
        return [label for key, label in PLACEHOLDERS.items() if not getattr(self, key).strip()]


def situation_for(
    official_office: str, standing: Standing | None, federal_bill: Bill | None
) -> str:
    """Which of the four situations a letter to this official is in."""
    if official_office in FEDERAL_OFFICES:
        return "pending_bill" if federal_bill is not None else "no_reform"
    if standing is None:
        return "no_reform"
    if reform_bill_pending(standing) is not None:
        return "pending_bill"
    if standing.status is not None and standing.status.value == "strengthened":
        return "strengthened"
    if standing.strongest_law is not None and standing.score.points < 9:
        return "below_max"
    return "no_reform"


def is_reform(bill: Bill) -> bool:
    """False for bills that would keep or restore the immunity (rated not met on 1)."""
    first = next((a for a in bill.assessments if a.criterion == 1), None)
    return first is None or first.rating != Rating.NOT_MET


def reform_bill_pending(standing: Standing | None) -> Bill | None:
    """The pending reform bill to name: the best scoring, newest first; never a rollback."""
    if standing is None:
        return None
    bills = [(b, s) for b, s in standing.pending if is_reform(b)]
    if not bills:
        return None
    return max(bills, key=lambda pair: (pair[1].points, pair[0].last_action))[0]


def current_federal_bill(bills: Iterable[Bill]) -> Bill | None:
    """The federal bill to ask about: the alive bill that scores best, newest first."""
    alive = [
        b
        for b in bills
        if b.active
        and b.stage in (BillStage.INTRODUCED, BillStage.PASSED_ONE_CHAMBER)
        and is_reform(b)
    ]
    if not alive:
        return None
    return max(alive, key=lambda b: (bill_score(b).points, b.last_action, b.identifier))


def honorific(office: str, state: str, chamber: str | None, title: str | None) -> str:
    """``Senator``, ``Assemblymember``, ``Representative``, ``Delegate``, ``Governor`` …"""
    kind = OfficeKind(office)
    if kind is OfficeKind.US_REPRESENTATIVE:
        if title in ("Delegate", "Resident Commissioner"):
            return title
        return "Representative"
    if kind in (OfficeKind.US_SENATOR, OfficeKind.STATE_SENATOR):
        return "Senator"
    if kind is OfficeKind.STATE_LEGISLATOR:
        return "Councilmember" if state == "DC" else "Senator"
    if kind is OfficeKind.STATE_REPRESENTATIVE:
        lower = presentation.chamber_name("lower", state)
        if "Assembly" in lower and state != "WI":  # Wisconsin's members are Representatives
            return "Assemblymember"
        if "Delegates" in lower:
            return "Delegate"
        return "Representative"
    return kind.label


def official_context(official: Any, committees: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    """The ``official`` values of a letter, from a model row or a read-only view."""
    role = official.role
    last = official.family_name or official.name.split()[-1]
    title = honorific(role.office, role.jurisdiction_abbr, role.chamber, role.title)
    seats = [
        f"{name} ({presentation.committee_role(seat)})"
        if presentation.is_leadership(seat)
        else name
        for name, seat in committees
    ]
    return {
        "name": official.name,
        "last_name": last,
        "honorific": title,
        "salutation": f"Dear {title} {last}",
        "office": presentation.office_label(role),
        "district": presentation.district_label(role),
        "chamber": presentation.role_chamber(role),
        "committees": seats,
        "is_federal": role.office in FEDERAL_OFFICES,
    }


def _titles(criteria: Mapping[int, Criterion], numbers: Iterable[int]) -> list[str]:
    return [criteria[n].title for n in numbers if n in criteria]


def state_context(
    abbr: str, standing: Standing | None, criteria: Mapping[int, Criterion]
) -> dict[str, Any]:
    """The ``state`` values: name, status, score, strongest law, met and unmet criteria."""
    info = jurisdictions.JURISDICTIONS[abbr]
    law = standing.strongest_law if standing else None
    ratings = {a.criterion: a.rating for a in law.assessments} if law else {}
    met = [n for n in range(1, 10) if ratings.get(n) == Rating.MET]
    unmet = [n for n in range(1, 10) if law is not None and ratings.get(n) != Rating.MET]
    score: Score | None = standing.score if standing else None
    return {
        "name": info.name,
        "abbr": info.abbr,
        "status": standing.status_label if standing else "No action recorded",
        "status_code": standing.status.value if standing and standing.status else "",
        "score": score.label if score else "0/9",
        "law": {"identifier": law.identifier, "title": law.title} if law else None,
        "met": _titles(criteria, met),
        "unmet": _titles(criteria, unmet),
    }


def bill_context(bill: Bill | None) -> dict[str, str] | None:
    """The ``bill`` values, or None when there is no bill to name."""
    if bill is None:
        return None
    stage = bill.stage_kind
    note = ""
    if stage is BillStage.PASSED_ONE_CHAMBER:
        note = "It has already passed one chamber."
    return {
        "identifier": bill.identifier,
        "title": bill.title,
        "stage": stage.label,
        "session": bill.session,
        "chamber_note": note,
    }


def build_context(
    *,
    official: Any,
    standing: Standing | None,
    federal_bill: Bill | None,
    criteria: Mapping[int, Criterion],
    committees: Iterable[tuple[str, str]],
    sender: Sender,
    story: str,
    today: date,
    campaign_name: str,
) -> tuple[str, dict[str, Any]]:
    """The situation and the full rendering context for one official.

    :returns: ``(situation, context)``.
    """
    role = official.role
    situation = situation_for(role.office, standing, federal_bill)
    bill = federal_bill if role.office in FEDERAL_OFFICES else reform_bill_pending(standing)
    context = {
        "official": official_context(official, committees),
        "state": state_context(role.jurisdiction_abbr, standing, criteria),
        "bill": bill_context(bill),
        "sender": sender.as_context(),
        "story": given(story, STORY_PLACEHOLDER),
        "today": presentation.format_date(today),
        "campaign": {"name": campaign_name},
    }
    return situation, context


def is_missing(value: object) -> bool:
    """Whether a context value is still a placeholder."""
    return isinstance(value, Missing)
