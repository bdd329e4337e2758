"""Supporters' reports that an official's information is wrong, and the queue.

A report says what is wrong (phone, email, address, no longer in office,
other), with a short note and an optional link. Nothing about the reporter
is asked or kept. Organizers see open reports newest first, grouped by
official, and turn one into a correction or dismiss it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from outreach.models import REPORT_KINDS, Person, ProblemReport
from outreach.models.clock import utcnow

MAX_NOTE = 1000
MAX_LINK = 500


class ReportError(ValueError):
    """A report that cannot be kept; the message says why."""


def submit(
    session: Session, person_id: int, *, kind: str, note: str | None, link: str | None
) -> ProblemReport:
    """Keep a report about official ``person_id``; the caller commits.

    :raise ReportError: for an unknown official or kind, an over-long note, a link
        that is not http(s).
    """
    person = session.get(Person, person_id) if 0 < person_id < 2**31 else None
    if person is None:
        raise ReportError("We could not find that official.")
    if kind not in REPORT_KINDS:
        raise ReportError("Choose what is wrong from the list.")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ReportError(f"The note is too long: at most {MAX_NOTE} characters.")
    link = (link or "").strip() or None
    if link and (len(link) > MAX_LINK or not re.match(r"^https?://[^\s<>\"]+$", link)):
        raise ReportError("The link must be a web address starting with http:// or https://.")
    role = person.role
    report = ProblemReport(
        person_id=person.id,
        person_name=person.name,
        jurisdiction=role.jurisdiction_abbr if role else None,
        office=role.office if role else None,
        kind=kind,
        note=note,
        link=link,
        created_at=utcnow(),
        status="open",
    )
    session.add(report)
    return report


@dataclass
class QueueGroup:
    """The open reports about one official, newest first."""

    person_id: int
    person_name: str
    jurisdiction: str | None
    office: str | None
    reports: list[ProblemReport] = field(default_factory=list)


def queue(session: Session) -> list[QueueGroup]:
    """Open reports grouped by official; the group with the newest report first."""
    rows = session.scalars(
        select(ProblemReport)
        .where(ProblemReport.status == "open")
        .order_by(ProblemReport.created_at.desc(), ProblemReport.id.desc())
    )
    groups: dict[int, QueueGroup] = {}
    for report in rows:
        group = groups.setdefault(
            report.person_id,
            QueueGroup(report.person_id, report.person_name, report.jurisdiction, report.office),
        )
        group.reports.append(report)
    return list(groups.values())


def get_open(session: Session, report_id: int) -> ProblemReport:
    report = session.get(ProblemReport, report_id) if 0 < report_id < 2**31 else None
    if report is None or report.status != "open":
        raise ReportError("That report is not in the queue.")
    return report


def close(
    session: Session, report_id: int, *, status: str, actor: str, key: str | None = None
) -> ProblemReport:
    """Dismiss a report, or mark it turned into correction ``key``; the caller commits."""
    report = get_open(session, report_id)
    report.status = status
    report.handled_at = utcnow()
    report.handled_by = actor
    report.correction_key = key
    return report
