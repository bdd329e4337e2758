"""Campaign content: the rubric, reform records per jurisdiction, bills and their scores.

Loaded from ``content/campaign.yaml`` and kept current by organizers; every
change an organizer makes is recorded in :class:`AuditEntry`.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.extensions import Model


class ReformStatus(enum.StrEnum):
    """Where a jurisdiction stands on qualified immunity."""

    ENACTED = "enacted"
    LIMITED = "limited"
    PENDING = "pending"
    NONE = "none"
    STRENGTHENED = "strengthened"

    @property
    def label(self) -> str:
        return REFORM_STATUS_LABELS[self]


REFORM_STATUS_LABELS = {
    ReformStatus.ENACTED: "Has a law that ends qualified immunity",
    ReformStatus.LIMITED: "Has a law that limits qualified immunity",
    ReformStatus.PENDING: "Bill pending",
    ReformStatus.NONE: "No law on qualified immunity",
    ReformStatus.STRENGTHENED: "Wrote qualified immunity into law",
}


class BillStage(enum.StrEnum):
    """How far a bill has gone."""

    INTRODUCED = "introduced"
    PASSED_ONE_CHAMBER = "passed_one_chamber"
    ENACTED = "enacted"
    FAILED = "failed"
    VETOED = "vetoed"

    @property
    def label(self) -> str:
        return BILL_STAGE_LABELS[self]


BILL_STAGE_LABELS = {
    BillStage.INTRODUCED: "Introduced",
    BillStage.PASSED_ONE_CHAMBER: "Passed one chamber",
    BillStage.ENACTED: "Enacted",
    BillStage.FAILED: "Failed",
    BillStage.VETOED: "Vetoed",
}


class QiEffect(enum.StrEnum):
    """What a bill or law does to qualified immunity, set from the sources."""

    ENDS = "ends"  # not a defense for the claims it covers
    LIMITS = "limits"  # narrows the defense without removing it
    OTHER_REMEDY = "other_remedy"  # a new claim or other reform; the doctrine stays
    ROLLBACK = "rollback"  # writes the doctrine into law, or narrows a law against it
    UNRELATED = "unrelated"  # does not touch civil qualified immunity
    UNKNOWN = "unknown"  # the sources do not say

    @property
    def label(self) -> str:
        return QI_EFFECT_LABELS[self]

    @property
    def is_reform(self) -> bool:
        """A bill that would remove, narrow or route around the immunity (never unknown)."""
        return self in (QiEffect.ENDS, QiEffect.LIMITS, QiEffect.OTHER_REMEDY)

    @property
    def ends_or_limits(self) -> bool:
        """Only these, once enacted, give a jurisdiction a law on qualified immunity."""
        return self in (QiEffect.ENDS, QiEffect.LIMITS)


#: Labels for a bill (what it would do); :data:`ENACTED_EFFECT_LABELS` for a law.
QI_EFFECT_LABELS = {
    QiEffect.ENDS: "Would end qualified immunity",
    QiEffect.LIMITS: "Would limit qualified immunity",
    QiEffect.OTHER_REMEDY: "Would create another remedy",
    QiEffect.ROLLBACK: "Would write qualified immunity into law or roll back reform",
    QiEffect.UNRELATED: "Does not change qualified immunity",
    QiEffect.UNKNOWN: "Effect on qualified immunity unknown",
}
ENACTED_EFFECT_LABELS = {
    QiEffect.ENDS: "Ends qualified immunity",
    QiEffect.LIMITS: "Limits qualified immunity",
    QiEffect.OTHER_REMEDY: "Creates another remedy",
    QiEffect.ROLLBACK: "Wrote qualified immunity into law or rolled back reform",
}


class Rating(enum.StrEnum):
    """How a bill or law does on one criterion of the rubric."""

    MET = "met"
    PARTIAL = "partial"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"

    @property
    def points(self) -> float:
        return RATING_POINTS[self]

    @property
    def label(self) -> str:
        return RATING_LABELS[self]


RATING_POINTS = {Rating.MET: 1.0, Rating.PARTIAL: 0.5, Rating.NOT_MET: 0.0, Rating.UNKNOWN: 0.0}
RATING_LABELS = {
    Rating.MET: "Met",
    Rating.PARTIAL: "Partly met",
    Rating.NOT_MET: "Not met",
    Rating.UNKNOWN: "Unknown",
}


class Campaign(Model):
    """The campaign: its name, summary and rubric."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    as_of: Mapped[date | None] = mapped_column(Date)

    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="Criterion.number"
    )

    def __repr__(self) -> str:
        return f"<Campaign {self.slug}>"


class Criterion(Model):
    """One of the rubric's nine criteria: four practices to END, five to START."""

    __tablename__ = "criteria"
    __table_args__ = (UniqueConstraint("campaign_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    group: Mapped[str] = mapped_column(String(8))  # end | start
    title: Mapped[str] = mapped_column(String(300))
    explanation: Mapped[str] = mapped_column(Text)

    campaign: Mapped[Campaign] = relationship(back_populates="criteria")


class Place(Model):
    """A jurisdiction below the state level with its own record (a city)."""

    __tablename__ = "places"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16), default="city")
    state: Mapped[str] = mapped_column(String(2))


class ReformRecord(Model):
    """Where one jurisdiction (state, DC, PR or city) stands, and why we say so."""

    __tablename__ = "reform_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction: Mapped[str] = mapped_column(String(8), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text)
    as_of: Mapped[date] = mapped_column(Date)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"title", "url"}]
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def status_kind(self) -> ReformStatus:
        return ReformStatus(self.status)

    def __repr__(self) -> str:
        return f"<ReformRecord {self.jurisdiction} {self.status}>"


class Bill(Model):
    """A bill or law, its stage, and how it does on each criterion."""

    __tablename__ = "bills"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    jurisdiction: Mapped[str] = mapped_column(String(8), index=True)  # state, city or US
    identifier: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    session: Mapped[str] = mapped_column(String(60))
    congress: Mapped[int | None] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(24))
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Sort key: the first day of the period the date names (see ``last_action_text``).
    last_action: Mapped[date] = mapped_column(Date)
    #: How precise the date is: ``day``, ``month``, ``year`` or ``unknown``.
    last_action_precision: Mapped[str] = mapped_column(String(8), default="day")
    #: When the bill's session ends, as written: ``2026-05-18``, ``2026-05`` or ``2026``.
    session_end: Mapped[str | None] = mapped_column(String(10))
    session_end_source: Mapped[str | None] = mapped_column(String(500))
    qi_effect: Mapped[str] = mapped_column(String(16), default="unknown")
    qi_scope: Mapped[str] = mapped_column(Text, default="")
    #: The slug of the same bill in the other chamber (federal bills), if any.
    companion: Mapped[str | None] = mapped_column(String(80))
    url: Mapped[str] = mapped_column(String(500))
    sponsors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text)
    events: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"date","text","source"}]
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)

    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="bill", cascade="all, delete-orphan", order_by="Assessment.criterion"
    )

    @property
    def stage_kind(self) -> BillStage:
        return BillStage(self.stage)

    @property
    def effect(self) -> QiEffect:
        """The bill's effect on qualified immunity (unknown when not set)."""
        try:
            return QiEffect(self.qi_effect or "unknown")
        except ValueError:
            return QiEffect.UNKNOWN

    @property
    def effect_label(self) -> str:
        """``Ends qualified immunity`` for a law, ``Would end qualified immunity`` for a bill."""
        if self.stage == BillStage.ENACTED.value:
            return ENACTED_EFFECT_LABELS.get(self.effect, self.effect.label)
        return self.effect.label

    @property
    def last_action_text(self) -> str:
        """The last action as precise as its source: ``2021-03-08``, ``2021``, ``unknown``…"""
        precision = self.last_action_precision or "day"
        if precision == "unknown" or self.last_action is None:
            return "unknown"
        return self.last_action.isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]]

    def __repr__(self) -> str:
        return f"<Bill {self.jurisdiction} {self.identifier}>"


class Assessment(Model):
    """A bill's rating on one criterion, with a note and its source."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("bill_id", "criterion"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), index=True)
    criterion: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str | None] = mapped_column(String(500))

    bill: Mapped[Bill] = relationship(back_populates="assessments")

    @property
    def rating_kind(self) -> Rating:
        return Rating(self.rating)


class ContentState(Model):
    """A single row counting content changes: images and caches key on it."""

    __tablename__ = "content_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    loaded_from: Mapped[str | None] = mapped_column(String(500))
    loaded_at: Mapped[datetime | None] = mapped_column(DateTime)
