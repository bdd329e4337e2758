"""Where a jurisdiction stands, and the campaign's rules about bills.

One home for what the campaign calls a reform, a rollback, a bill that is
alive, stale or *pending*, and for the bill a letter or a share image names:
the pending reform bill of a state (:func:`reform_bill_pending`) and the
federal bill to ask about (:func:`current_federal_bill`). Pages, letters,
share images and the API read these rules from here.

A bill is **pending** when it is alive (marked active, introduced or passed one
chamber), its session has not ended, and its effect is known to be reform
(ends, limits or routes around the immunity). A rollback or a bill of unknown
effect is never pending reform; a rollback still alive is a *pending rollback*.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_

from outreach.campaign.partial_dates import PartialDate
from outreach.campaign.scoring import ZERO, Score, bill_score
from outreach.models import (
    Bill,
    BillStage,
    OfficeKind,
    QiEffect,
    ReformRecord,
    ReformStatus,
)

#: Bills whose last action is this recent count as "recently passed".
RECENT = timedelta(days=365)
#: The stages of a bill that is not yet law and has not failed.
ALIVE_STAGES = (BillStage.INTRODUCED, BillStage.PASSED_ONE_CHAMBER)

# --------------------------------------------------------------------------- rules on one bill


def is_reform(bill: Bill) -> bool:
    """True only for bills whose effect is known to end, limit or route around the immunity.

    ``unknown`` never counts as reform, nor does a rollback or an unrelated bill.
    """
    return bill.effect.is_reform


def is_rollback(bill: Bill) -> bool:
    """A bill that would write the immunity into law or roll reform back."""
    return bill.effect is QiEffect.ROLLBACK


def is_alive(bill: Bill) -> bool:
    """Marked alive in its session and not yet law (it may still be stale)."""
    return bool(bill.active) and bill.stage in ALIVE_STAGES


def alive_clause() -> ColumnElement[bool]:
    """:func:`is_alive` as a SQL condition on :class:`~outreach.models.Bill`."""
    return and_(Bill.active.is_(True), Bill.stage.in_([s.value for s in ALIVE_STAGES]))


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
    return bill.stage in ALIVE_STAGES and session_ended(bill, today)


def is_current(bill: Bill, today: date | None = None) -> bool:
    """Alive in a session that has not ended (``today`` None: the session is not checked)."""
    return is_alive(bill) and (today is None or not session_ended(bill, today))


def is_pending(bill: Bill, today: date | None = None) -> bool:
    """The campaign's one definition of a pending bill: a reform bill that is current.

    Rollbacks and bills of unknown effect are never "pending reform".
    """
    return is_current(bill, today) and is_reform(bill)


def is_pending_rollback(bill: Bill, today: date | None = None) -> bool:
    """A rollback bill that is current: one to oppose."""
    return is_current(bill, today) and is_rollback(bill)


# --------------------------------------------------------------------------- a jurisdiction


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
    pending = [(b, s) for b, s in alive if is_pending(b, today)]
    rollbacks = [(b, s) for b, s in alive if is_pending_rollback(b, today)]
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
        and is_reform(b)
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


# --------------------------------------------------------------------------- the bill to name


def reform_bill_pending(standing: Standing | None) -> Bill | None:
    """The pending reform bill to name: the best scoring, newest first; never a rollback."""
    if standing is None:
        return None
    bills = [(b, s) for b, s in standing.pending if is_reform(b)]
    if not bills:
        return None
    return max(bills, key=lambda pair: (pair[1].points, pair[0].last_action))[0]


def chamber_of(bill: Bill) -> str | None:
    """``senate`` for S. bills, ``house`` for H.R. bills, None for anything else."""
    ident = bill.identifier.strip().upper().replace(" ", "")
    if ident.startswith(("H.R.", "HR", "H.RES", "H.J.RES")):
        return "house"
    if ident.startswith(("S.", "S")) and not ident.startswith("SB"):
        return "senate"
    return None


def office_chamber(office: str) -> str | None:
    """The chamber of Congress of a federal office."""
    if office == OfficeKind.US_SENATOR.value:
        return "senate"
    if office == OfficeKind.US_REPRESENTATIVE.value:
        return "house"
    return None


def current_federal_bill(
    bills: Iterable[Bill], chamber: str | None = None, today: date | None = None
) -> Bill | None:
    """The federal bill to ask about: the pending reform bill that scores best, newest first.

    :param chamber: ``senate`` or ``house``: only that chamber's bills (a senator
        cannot cosponsor a House bill). None: any chamber.
    :param today: None: the session's end is not checked.
    """
    pending = [
        b for b in bills if is_pending(b, today) and (chamber is None or chamber_of(b) == chamber)
    ]
    if not pending:
        return None
    return max(
        pending,
        key=lambda b: (
            b.effect is QiEffect.ENDS,
            bill_score(b).points,
            b.last_action,
            b.identifier,
        ),
    )
