"""Anonymous counts of what supporters did: nothing about who they are."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from outreach.extensions import Model


class ActionCount(Model):
    """How many messages went out on one day, by template, office, state and channel."""

    __tablename__ = "action_counts"
    __table_args__ = (
        UniqueConstraint("day", "template_id", "office", "state", "channel", "edited"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    template_id: Mapped[str] = mapped_column(String(80))
    office: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(16))  # email | contact_form | call | letter
    edited: Mapped[bool] = mapped_column(Boolean)
    count: Mapped[int] = mapped_column(Integer, default=0)
