"""What the directory remembers of people who left it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from outreach.extensions import Model


class FormerPerson(Model):
    """The id a person had when a sync removed them, kept for when they come back.

    A person absent from one sync (a missing file, a state left out by
    mistake, a term between two offices) gets the same id on their return, so
    every saved link to ``/officials/<id>`` works again; and no newcomer is
    ever given the id of someone who left.
    """

    __tablename__ = "former_people"

    source_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer, unique=True)
    left_at: Mapped[datetime] = mapped_column(DateTime)
