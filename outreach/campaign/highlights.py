"""Key legislative highlights: the latest steps of bills, across every jurisdiction.

Each bill's timeline (its ``events``, from the reviewed content) is read for
the steps that matter to supporters: a bill introduced, passed by a chamber,
enacted, failed or vetoed. Other steps (hearings, committee votes) are left
out, as are events whose date is unknown. What a step means is told apart by
the bill's effect: a reform, a rollback, or neither.

Dates stay as precise as their source ("2025", "March 2025"). The newest come
first: by the first day of each date's period, and on the same first day the
more precise date first, so a bare "2025" sorts with January 1, 2025 and never
above the dated steps of that year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outreach.campaign.partial_dates import PartialDate
from outreach.directory import jurisdictions
from outreach.models import Bill, Place, QiEffect, ReformRecord

FEDERAL = "US"
#: What kind of step an event is, from its text: the first rule that matches wins.
KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("enacted", re.compile(r"^signed into law|overr?id(?:e|den|ing)\b.*\bveto", re.I)),
    ("vetoed", re.compile(r"\bvetoed\b", re.I)),
    (
        "passed",
        re.compile(
            r"^(?:passed|reported as having passed) (?:both chambers|by the city council"
            r"|the (?:house|senate|assembly)(?![\w ]*\bcommittee\b))"
            r"|^the (?:house|senate|assembly) passed\b",
            re.I,
        ),
    ),
    ("introduced", re.compile(r"^introduced\b", re.I)),
    (
        "failed",
        re.compile(
            r"^died\b|^reported dead\b|passed it by indefinitely|^cloture\b.*\bfailed", re.I
        ),
    ),
)
KIND_LABELS = {
    "enacted": "Enacted",
    "vetoed": "Vetoed",
    "passed": "Passed",
    "introduced": "Introduced",
    "failed": "Failed",
}
#: What the bill would do, as a highlight tells it.
DIRECTIONS = {
    "reform": "Reform",
    "rollback": "Rollback",
    "unrelated": "Does not change qualified immunity",
    "unknown": "Effect not known",
}
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


def classify(text: str) -> str | None:
    """The kind of step an event's text records, or None for other steps."""
    text = text.strip()
    for kind, pattern in KIND_RULES:
        if pattern.search(text):
            return kind
    return None


def direction(effect: QiEffect) -> str:
    """``reform``, ``rollback``, ``unrelated`` or ``unknown``."""
    if effect.is_reform:
        return "reform"
    if effect is QiEffect.ROLLBACK:
        return "rollback"
    return "unrelated" if effect is QiEffect.UNRELATED else "unknown"


@dataclass(frozen=True)
class Highlight:
    """One step of one bill."""

    date: PartialDate
    kind: str
    direction: str
    jurisdiction: str
    place: str
    bill_slug: str
    identifier: str
    title: str
    text: str
    source: str | None
    updated_at: datetime | None
    #: What the bill does or would do, in words (``Would end qualified immunity``).
    effect_label: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def direction_label(self) -> str:
        """``Reform``, ``Rollback`` … (the feed's category)."""
        return DIRECTIONS[self.direction]

    @property
    def is_federal(self) -> bool:
        return self.jurisdiction == FEDERAL

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Newest first when sorted in reverse; see the module's note on partial dates."""
        rank = _PRECISION_RANK.get(self.date.precision, 0)
        return (self.date.start, rank, self.jurisdiction, self.identifier, self.text)


def newest_first(items: list[Highlight]) -> list[Highlight]:
    """``items`` ordered newest first (partial dates as the module explains)."""
    return sorted(items, key=lambda h: h.sort_key, reverse=True)


def _place_names(session: Session) -> dict[str, str]:
    names = {code: info.name for code, info in jurisdictions.JURISDICTIONS.items()}
    names.update({p.code: p.name for p in session.scalars(select(Place))})
    names[FEDERAL] = "Congress"
    return names


def bill_highlights(bill: Bill, place: str) -> list[Highlight]:
    """The steps of one bill that are highlights."""
    found = []
    for event in bill.events or []:
        text = str(event.get("text") or "")
        kind = classify(text)
        try:
            when = PartialDate.parse(event.get("date"))
        except ValueError:
            continue
        if kind is None or not when.known:
            continue
        found.append(
            Highlight(
                date=when,
                kind=kind,
                direction=direction(bill.effect),
                jurisdiction=bill.jurisdiction,
                place=place,
                bill_slug=bill.slug,
                identifier=bill.identifier,
                title=bill.title,
                text=text,
                source=event.get("source") or None,
                updated_at=bill.updated_at,
                effect_label=bill.effect_label,
            )
        )
    return found


def latest(session: Session, limit: int | None = None) -> list[Highlight]:
    """The newest highlights across every jurisdiction and Congress, ``limit`` at most."""
    names = _place_names(session)
    found: list[Highlight] = []
    for bill in session.scalars(select(Bill)):
        found.extend(bill_highlights(bill, names.get(bill.jurisdiction, bill.jurisdiction)))
    ordered = newest_first(found)
    return ordered if limit is None else ordered[:limit]


def newest_change(session: Session) -> datetime | None:
    """When the campaign content last changed: its newest bill or record edit or load."""
    bills = session.scalar(select(func.max(Bill.updated_at)))
    records = session.scalar(select(func.max(ReformRecord.updated_at)))
    dates = [d for d in (bills, records) if d is not None]
    return max(dates) if dates else None
