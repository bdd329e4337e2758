"""Evaluations sent to the organizers from the public rubric, and their queue.

Someone who scored a bill on the public evaluator may send it to the
organizers, with an optional link to the bill and a short note. Nothing about
the sender is asked or kept. Organizers see open reports newest first, open
one in their evaluator already filled in, and save it as a bill, or dismiss it.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outreach.campaign.public_rubric import MAX_NOTE, Answers
from outreach.campaign.scoring import CRITERIA, Score, score_ratings
from outreach.models import EvaluationReport, Rating
from outreach.models.clock import utcnow

MAX_LINK = 500
MAX_MESSAGE = 1000
STATUSES = ("open", "dismissed", "saved")


class ReportError(ValueError):
    """A report that cannot be kept; the message says why."""


def submit(
    session: Session, answers: Answers, *, link: str | None, note: str | None
) -> EvaluationReport:
    """Keep the evaluation in ``answers`` for the organizers; the caller commits.

    :raise ReportError: for an evaluation with no rating, a link that is not
        http(s), an over-long note.
    """
    if not answers.ratings:
        raise ReportError("Rate at least one criterion before sending the evaluation.")
    link = (link or "").strip() or None
    if link and (len(link) > MAX_LINK or not re.match(r"^https?://[^\s<>\"]+$", link)):
        raise ReportError("The link must be a web address starting with http:// or https://.")
    note = (note or "").strip()
    if len(note) > MAX_MESSAGE:
        raise ReportError(f"The note is too long: at most {MAX_MESSAGE} characters.")
    report = EvaluationReport(
        bill_name=answers.bill,
        jurisdiction=answers.jurisdiction or None,
        answers=answers.as_report(),
        link=link,
        note=note,
        created_at=utcnow(),
        status="open",
    )
    session.add(report)
    return report


def queue(session: Session) -> list[EvaluationReport]:
    """Open reports, newest first."""
    return list(
        session.scalars(
            select(EvaluationReport)
            .where(EvaluationReport.status == "open")
            .order_by(EvaluationReport.created_at.desc(), EvaluationReport.id.desc())
        )
    )


def get_open(session: Session, report_id: int) -> EvaluationReport:
    """The open report ``report_id``.

    :raise ReportError: when there is no such open report.
    """
    report = session.get(EvaluationReport, report_id) if 0 < report_id < 2**31 else None
    if report is None or report.status != "open":
        raise ReportError("That evaluation is not in the queue.")
    return report


def close(
    session: Session, report_id: int, *, status: str, actor: str, bill_slug: str | None = None
) -> EvaluationReport:
    """Dismiss a report, or mark it saved as bill ``bill_slug``; the caller commits."""
    if status not in STATUSES[1:]:
        raise ValueError(f"status must be one of {', '.join(STATUSES[1:])}")
    report = get_open(session, report_id)
    report.status = status
    report.handled_at = utcnow()
    report.handled_by = actor
    report.bill_slug = bill_slug
    return report


def ratings_of(report: EvaluationReport) -> dict[int, Rating]:
    """The report's valid ratings by criterion (stored data is checked again)."""
    found: dict[int, Rating] = {}
    for key, answer in (report.answers or {}).items():
        try:
            number, rating = int(key), Rating(str((answer or {}).get("rating")))
        except (TypeError, ValueError):
            continue
        if number in CRITERIA:
            found[number] = rating
    return found


def report_score(report: EvaluationReport) -> Score | None:
    """The score the sender saw (all nine answered), else None."""
    ratings = ratings_of(report)
    return score_ratings(ratings) if len(ratings) == len(CRITERIA) else None


def prefill(report: EvaluationReport) -> dict[str, Any]:
    """What the organizers' evaluator starts from: the bill's name, place and answers.

    Ratings other than unknown still need a source link before they can be
    saved; the evaluator says so. The sender's notes are kept as the notes.
    """
    ratings = ratings_of(report)
    answers = report.answers or {}
    assessment = {}
    for number in CRITERIA:
        note = str((answers.get(str(number)) or {}).get("note") or "")[:MAX_NOTE]
        rating = ratings.get(number, Rating.UNKNOWN)
        assessment[number] = {"rating": rating.value, "note": note, "source": None}
    return {
        "identifier": report.bill_name[:80],
        "jurisdiction": report.jurisdiction or "",
        "assessment": assessment,
    }
