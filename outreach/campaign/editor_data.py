"""What the organizers' content editors show: the jurisdictions to pick from, the records,
the rubric, the evaluation of a bill's assessments, and the overview of the content.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from outreach.campaign.content import (
    AssessmentIn,
)
from outreach.campaign.edit_checks import Problem, validate
from outreach.campaign.records import get_campaign
from outreach.campaign.scoring import CRITERIA, Score, score_ratings
from outreach.directory import jurisdictions
from outreach.directory.version import content_version
from outreach.models import Bill, Place, Rating, ReformRecord

FEDERAL = "US"


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
        with contextlib.suppress(ValueError):
            ratings[number] = Rating(str(answer.get("rating")))
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

    def count(query: Select[Any]) -> int:
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0

    return Overview(
        records=count(select(ReformRecord.id)),
        jurisdictions=len(record_rows(session)),
        bills=count(select(Bill.id)),
        active_bills=count(select(Bill.id).where(Bill.active.is_(True))),
        content_version=content_version(session),
    )
