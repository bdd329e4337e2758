"""Qualified-immunity cases and the federal circuits they were decided in.

Loaded from ``content/cases.yaml`` and kept current by organizers (every change
is recorded in :class:`~outreach.models.AuditEntry`, like the campaign content).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from outreach.extensions import Model


class CaseOutcome(enum.StrEnum):
    """What the court decided about qualified immunity."""

    GRANTED = "granted"
    DENIED = "denied"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CASE_OUTCOME_LABELS[self]


CASE_OUTCOME_LABELS = {
    CaseOutcome.GRANTED: "Immunity granted",
    CaseOutcome.DENIED: "Immunity denied",
    CaseOutcome.OTHER: "Other outcome",
}


class Circuit(Model):
    """A federal court of appeals and the states and territories it hears appeals from."""

    __tablename__ = "circuits"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)  # 1st … 11th, dc
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer)
    jurisdictions: Mapped[list[Any]] = mapped_column(JSON, default=list)  # ["ME", "MA", …]
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"title", "url"}]

    def __repr__(self) -> str:
        return f"<Circuit {self.code}>"


class Case(Model):
    """A court decision on qualified immunity, told in the campaign's own words."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: The reporter citation or docket number; None when the sources do not confirm one.
    citation: Mapped[str | None] = mapped_column(String(120))
    court: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(2), index=True)
    circuit: Mapped[str] = mapped_column(String(8), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    outcome_note: Mapped[str] = mapped_column(String(300), default="")
    #: One sentence, for letters, lists and share images.
    brief: Mapped[str] = mapped_column(Text)
    #: What happened.
    summary: Mapped[str] = mapped_column(Text)
    #: What the court held.
    held: Mapped[str] = mapped_column(Text)
    #: For the few cases that built the doctrine: what this one changed (the history box).
    history: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"title", "url"}]
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def outcome_kind(self) -> CaseOutcome:
        try:
            return CaseOutcome(self.outcome)
        except ValueError:
            return CaseOutcome.OTHER

    @property
    def outcome_label(self) -> str:
        return self.outcome_kind.label

    @property
    def cite(self) -> str:
        """``Collie v. Barron, 747 F. App'x 950 (2018)``; the year alone when no citation."""
        if self.citation:
            return f"{self.name}, {self.citation} ({self.year})"
        return f"{self.name} ({self.year})"

    def __repr__(self) -> str:
        return f"<Case {self.slug}>"
