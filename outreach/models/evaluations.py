"""Evaluations of bills that members of the public send to the organizers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from outreach.extensions import Model


class EvaluationReport(Model):
    """A bill scored against the rubric by someone on the public evaluator, for organizers.

    Nothing about the sender is kept: only the bill as they named it, their nine
    answers (rating and note), an optional link and a note.
    """

    __tablename__ = "evaluation_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bill_name: Mapped[str] = mapped_column(String(200), default="")
    jurisdiction: Mapped[str | None] = mapped_column(String(8))
    #: ``{"1": {"rating": "met", "note": "…"}, …}`` for the criteria answered.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    link: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|dismissed|saved
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)
    handled_by: Mapped[str | None] = mapped_column(String(254))
    #: The bill the organizers saved from it.
    bill_slug: Mapped[str | None] = mapped_column(String(80))
