"""Scoring bills and jurisdictions against the campaign's nine-criteria rubric.

A criterion that is met counts 1, a partly met one 0.5; not met and unknown
count nothing. A jurisdiction's score is that of its strongest law in force;
bills still alive show beside it with their own scores. Unknown ratings are
counted separately so a page can say a score may be higher than shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from outreach.campaign.partial_dates import PartialDate
from outreach.models import Bill, BillStage, QiEffect, Rating, ReformRecord, ReformStatus

CRITERIA = range(1, 10)
#: Bills whose last action is this recent count as "recently passed".
RECENT = timedelta(days=365)


@dataclass(frozen=True)
class Score:
    """Points out of nine, and how many criteria fell in each rating."""

    points: float
    met: int = 0
    partial: int = 0
    not_met: int = 0
    unknown: int = 9
    total: int = 9

    @property
    def label(self) -> str:
        """``6/9`` or ``6.5/9``."""
        return f"{format_points(self.points)}/{self.total}"

    @property
    def band(self) -> int:
        """The whole-point colour band, 0–9 (a half point rounds down)."""
        return int(self.points)


ZERO = Score(points=0.0)


def format_points(points: float) -> str:
    """``6`` for 6.0 and ``6.5`` for 6.5."""
    return f"{points:g}"


def score_ratings(ratings: Mapping[int, Rating | str]) -> Score:
    """Score a mapping of criterion number to rating; missing criteria are unknown."""
    counts = {rating: 0 for rating in Rating}
    for number in CRITERIA:
        counts[Rating(ratings.get(number, Rating.UNKNOWN))] += 1
    points = sum(rating.points * n for rating, n in counts.items())
    return Score(
        points=points,
        met=counts[Rating.MET],
        partial=counts[Rating.PARTIAL],
        not_met=counts[Rating.NOT_MET],
        unknown=counts[Rating.UNKNOWN],
    )


def bill_score(bill: Bill) -> Score:
    """The score of one bill or law from its assessments."""
    return score_ratings({a.criterion: a.rating for a in bill.assessments})


@dataclass
class Standing:
    """Where one jurisdiction stands: its record, its score, its bills."""

    code: str
    name: str
    kind: str  # state | district | territory | city
    record: ReformRecord | None
    score: Score
    strongest_law: Bill | None
    laws: list[tuple[Bill, Score]] = field(default_factory=list)
    #: Reform bills (ends, limits, other remedy) alive in a session that has not ended.
    pending: list[tuple[Bill, Score]] = field(default_factory=list)
    other_bills: list[tuple[Bill, Score]] = field(default_factory=list)
    recently_passed: bool = False
    #: The strongest enacted law that ends or limits qualified immunity, if any.
    qi_law: Bill | None = None
    #: Bills that would write the immunity into law or roll reform back, still alive.
    rollbacks: list[tuple[Bill, Score]] = field(default_factory=list)
    #: Bills not yet law whose session has ended with no newer action recorded.
    stale: list[tuple[Bill, Score]] = field(default_factory=list)

    @property
    def status(self) -> ReformStatus | None:
        """From the bills alone: only an enacted ``ends``/``limits`` law counts as one.

        None only when nothing at all is recorded for the jurisdiction.
        """
        enacted = [b for b, _ in self.laws]
        if any(b.effect is QiEffect.ENDS for b in enacted):
            return ReformStatus.ENACTED
        if any(b.effect is QiEffect.LIMITS for b in enacted):
            return ReformStatus.LIMITED
        if any(b.effect is QiEffect.ROLLBACK for b in enacted):
            return ReformStatus.STRENGTHENED
        if self.pending:
            return ReformStatus.PENDING
        if self.record is not None or self.laws or self.other_bills or self.stale:
            return ReformStatus.NONE
        if self.rollbacks:
            return ReformStatus.NONE
        return None

    @property
    def status_label(self) -> str:
        return self.status.label if self.status else "No action recorded"

    @property
    def phrase(self) -> str:
        """How a sentence names it: ``the District of Columbia``, ``Ohio``."""
        return "the District of Columbia" if self.code == "DC" else self.name

    @property
    def has_pending(self) -> bool:
        return bool(self.pending)


def standing_for(
    code: str,
    name: str,
    kind: str,
    record: ReformRecord | None,
    bills: Iterable[Bill],
    today: date,
) -> Standing:
    """Put a jurisdiction's record and bills together and score it.

    The strongest law is the enacted bill with the most points (ties: the
    most recent). Active bills that are not yet law are "pending".
    """
    scored = sorted(
        ((bill, bill_score(bill)) for bill in bills),
        key=lambda pair: (pair[0].last_action, pair[0].identifier),
        reverse=True,
    )
    laws = [(b, s) for b, s in scored if b.stage == BillStage.ENACTED]
    alive = [(b, s) for b, s in scored if is_alive(b)]
    stale = [(b, s) for b, s in scored if is_stale(b, today)]
    current = [(b, s) for b, s in alive if not session_ended(b, today)]
    pending = [(b, s) for b, s in current if b.effect.is_reform]
    rollbacks = [(b, s) for b, s in current if b.effect is QiEffect.ROLLBACK]
    shown = {id(b) for b, _ in [*laws, *pending, *rollbacks, *stale]}
    others = [(b, s) for b, s in scored if id(b) not in shown]
    # A rollback law is in force, but it is not what the rubric scores.
    scored_laws = [(b, s) for b, s in laws if b.effect is not QiEffect.ROLLBACK]
    strongest = max(
        scored_laws, key=lambda pair: (pair[1].points, pair[0].last_action), default=None
    )
    qi_laws = [(b, s) for b, s in laws if b.effect.ends_or_limits]
    qi_law = max(
        qi_laws,
        key=lambda pair: (pair[0].effect is QiEffect.ENDS, pair[1].points, pair[0].last_action),
        default=None,
    )
    # Only reform counts as "recently passed", and not a bill whose session ended unresolved.
    recent = any(
        b.stage in (BillStage.ENACTED, BillStage.PASSED_ONE_CHAMBER)
        and b.effect.is_reform
        and not is_stale(b, today)
        and b.last_action >= today - RECENT
        for b, _ in scored
    )
    return Standing(
        code=code,
        name=name,
        kind=kind,
        record=record,
        score=strongest[1] if strongest else ZERO,
        strongest_law=strongest[0] if strongest else None,
        laws=laws,
        pending=pending,
        other_bills=others,
        recently_passed=recent,
        qi_law=qi_law[0] if qi_law else None,
        rollbacks=rollbacks,
        stale=stale,
    )


def is_alive(bill: Bill) -> bool:
    """Marked alive in its session and not yet law (it may still be stale)."""
    return bool(bill.active) and bill.stage in (
        BillStage.INTRODUCED,
        BillStage.PASSED_ONE_CHAMBER,
    )


def session_end(bill: Bill) -> PartialDate | None:
    """The end of the bill's session as the content gives it, or None."""
    if not bill.session_end:
        return None
    try:
        return PartialDate.parse(bill.session_end)
    except ValueError:
        return None


def session_ended(bill: Bill, today: date) -> bool:
    """True when the session is over and no action after its end is recorded.

    Such a bill is shown as "session ended; outcome not confirmed", never as
    "before the legislature".
    """
    end = session_end(bill)
    if end is None or end.end is None or today <= end.end:
        return False
    return bill.last_action is None or bill.last_action <= end.end


def is_stale(bill: Bill, today: date) -> bool:
    """Not law, not known to have failed, and its session has ended: shown as "session
    ended; outcome not confirmed" (whether or not it is still marked active)."""
    return bill.stage in (BillStage.INTRODUCED, BillStage.PASSED_ONE_CHAMBER) and session_ended(
        bill, today
    )
