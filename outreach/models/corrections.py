"""Corrections the campaign makes to the directory, kept across every sync."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from outreach.extensions import Model

CORRECTION_KINDS = {
    "replace_officeholder": "Replace the officeholder",
    "end_role": "End a role",
    "fix_end_date": "Fix a term's end date",
    "fix_office": "Fix a contact office",
    "add_office": "Add a contact office",
    "add_official": "Add a missing official",
}


class DirectoryCorrection(Model):
    """One correction: what it changes, its source, and how the last sync met it.

    ``target`` is the source id of the person it corrects (``ocd-person/…`` or
    a bioguide id); ``data`` holds the corrected values; ``baseline`` what the
    data said when the correction was made, so a sync can tell the data that
    came to agree from the data that changed differently.
    """

    __tablename__ = "directory_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    jurisdiction: Mapped[str] = mapped_column(String(2), index=True)
    office: Mapped[str] = mapped_column(String(32))
    district: Mapped[str | None] = mapped_column(String(80))
    target: Mapped[str | None] = mapped_column(String(80))
    target_name: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    baseline: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source_url: Mapped[str] = mapped_column(String(500))
    made_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16))  # content | organizer
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | retired
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(254))
    #: The id of the person the correction added (a successor, a missing official).
    person_id: Mapped[int | None] = mapped_column(Integer)
    #: The id of the person whose role it ended or replaced.
    predecessor_id: Mapped[int | None] = mapped_column(Integer)
    #: How the last sync met it: ``{"state": applied|agrees|conflict|…, "message": …}``.
    last_result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    @property
    def kind_label(self) -> str:
        return CORRECTION_KINDS.get(self.kind, self.kind)

    def __repr__(self) -> str:
        return f"<DirectoryCorrection {self.key} {self.kind} {self.status}>"


REPORT_KINDS = {
    "phone": "The phone number is wrong",
    "email": "The email address is wrong",
    "address": "The postal address is wrong",
    "left_office": "No longer in office",
    "other": "Something else",
}


class ProblemReport(Model):
    """A supporter's report that an official's information is wrong.

    Nothing about the reporter is kept: only what is wrong, a note and a link.
    """

    __tablename__ = "problem_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer, index=True)
    person_name: Mapped[str] = mapped_column(String(200))
    jurisdiction: Mapped[str | None] = mapped_column(String(2))
    office: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|dismissed|corrected
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)
    handled_by: Mapped[str | None] = mapped_column(String(254))
    correction_key: Mapped[str | None] = mapped_column(String(80))

    @property
    def kind_label(self) -> str:
        return REPORT_KINDS.get(self.kind, self.kind)
