"""What in the campaign's content needs an organizer's eye, and the check that keeps it true.

Two readers of the same rules:

- :func:`check_files` reads ``content/campaign.yaml`` and
  ``content/talking_points.yaml`` and reports, with file and line, every bill
  whose effect on qualified immunity is missing, ``unknown`` where a letter
  would need the effect, pending bills past the end of their session (or with
  no session end), facts without a source link, and dates that look invented
  (a first of January standing for "some time that year"). ``flask content
  check`` prints these; the shipped content has none.
- :func:`needs_review` reads the database (after organizers' edits) and lists
  the same kinds of problem for the organizer dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from outreach.campaign import records as campaign
from outreach.campaign import talking_points
from outreach.campaign.content import (
    BillIn,
    ContentError,
    ContentFile,
    _line_of,
    _Loader,
    parse_content,
)
from outreach.campaign.partial_dates import PartialDate
from outreach.campaign.standings import is_alive, is_stale, session_end
from outreach.models import Bill, BillStage, QiEffect, ReformRecord

CONTENT_PATH = Path(__file__).resolve().parents[2] / "content" / "campaign.yaml"
POINTS_PATH = Path(__file__).resolve().parents[2] / "content" / "talking_points.yaml"
#: A record not checked for this long needs another look.
RECORD_AGE = timedelta(days=365)


@dataclass(frozen=True)
class Finding:
    """One problem in a content file, with where it is."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


def _needs_effect(stage: str, active: bool) -> bool:
    """A letter, post or status reads the effect of enacted laws and live bills."""
    return stage == BillStage.ENACTED.value or (
        active and stage in (BillStage.INTRODUCED.value, BillStage.PASSED_ONE_CHAMBER.value)
    )


def _looks_invented(value: PartialDate) -> bool:
    """A day given as January 1: the usual stand-in for "some time that year"."""
    return value.precision == "day" and value.month == 1 and value.day == 1


def check_content(
    parsed: ContentFile, root: yaml.Node | None, file: str, today: date
) -> Iterator[Finding]:
    """The findings of a content file that loads: effects, stale bills, sources, dates."""
    for i, bill in enumerate(parsed.bills):

        def at(*path: object, _i: int = i) -> int | None:
            return _line_of(root, ("bills", _i, *path))

        yield from _effect_findings(bill, at, file)
        yield from _session_findings(bill, at, file, today)
        yield from _date_findings(bill, at, file)
    for i, record in enumerate(parsed.records):
        if not record.sources:
            yield Finding(
                file,
                _line_of(root, ("records", i)),
                f"{record.jurisdiction}: a record without a source link",
            )


#: Where in the file a path of a bill's entry is: its line, or None.
LineOf = Callable[..., int | None]


def _effect_findings(bill: BillIn, at: LineOf, file: str) -> Iterator[Finding]:
    """A bill's effect on the immunity and its scope, missing or left unknown."""
    needs = _needs_effect(bill.stage.value, bill.active)
    if bill.qi_effect is None:
        yield Finding(file, at("id"), f"{bill.id}: qi_effect is missing")
    elif bill.qi_effect is QiEffect.UNKNOWN and needs:
        yield Finding(
            file,
            at("qi_effect"),
            f"{bill.id}: qi_effect is unknown, but letters, posts and the status read the "
            "effect of an enacted law or a live bill; set it from a source",
        )
    if not bill.qi_scope:
        yield Finding(file, at("id"), f"{bill.id}: qi_scope is missing")


def _session_findings(bill: BillIn, at: LineOf, file: str, today: date) -> Iterator[Finding]:
    """A live bill's session end: missing, without a source, or passed with no news."""
    live = bill.active and bill.stage.value in ("introduced", "passed_one_chamber")
    if live and bill.session_end is None:
        yield Finding(file, at("active"), f"{bill.id}: a pending bill needs its session_end")
    elif live and bill.session_end is not None and bill.session_end.end is not None:
        last = bill.last_action.end or bill.last_action.start
        if today > bill.session_end.end and last <= bill.session_end.end:
            yield Finding(
                file,
                at("session_end"),
                f"{bill.id}: its session ended ({bill.session_end.label}) with no newer "
                "action recorded: record the outcome or mark it not active",
            )
    if live and bill.session_end is not None and not bill.session_end_source:
        yield Finding(file, at("session_end"), f"{bill.id}: session_end has no source")


def _date_findings(bill: BillIn, at: LineOf, file: str) -> Iterator[Finding]:
    """Dates that look invented, and events without a source."""
    if _looks_invented(bill.last_action):
        yield Finding(
            file,
            at("last_action"),
            f"{bill.id}: last_action {bill.last_action.iso} looks invented; write only "
            "what the source gives (YYYY-MM or YYYY)",
        )
    for j, event in enumerate(bill.events):
        if _looks_invented(event.date):
            yield Finding(
                file,
                at("events", j, "date"),
                f"{bill.id}: event date {event.date.iso} looks invented",
            )
        if not event.source:
            yield Finding(file, at("events", j), f"{bill.id}: an event without a source link")


def check_points(path: Path) -> Iterator[Finding]:
    """Talking points without a source link, or a file that does not load."""
    try:
        points = talking_points.load_talking_points(path)
    except talking_points.TalkingPointsError as error:
        for problem in error.problems:
            yield Finding(path.name, None, problem)
        return
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for point in points:
        if not point.source_url:
            line = next(
                (n for n, row in enumerate(lines, 1) if row.strip() == f"- id: {point.id}"), None
            )
            yield Finding(path.name, line, f"{point.id}: a talking point without a source link")


def check_files(
    content_path: Path = CONTENT_PATH, points_path: Path | None = POINTS_PATH, *, today: date
) -> list[Finding]:
    """Every finding in the content file (and the talking points), in file order."""
    findings: list[Finding] = []
    try:
        text = content_path.read_text(encoding="utf-8")
    except OSError as error:
        return [Finding(content_path.name, None, f"cannot be read ({error})")]
    try:
        parsed = parse_content(text, content_path.name)
    except ContentError as error:
        findings.extend(Finding(error.file, line, message) for line, message in error.problems)
    else:
        root = yaml.compose(text, Loader=_Loader)
        findings.extend(check_content(parsed, root, content_path.name, today))
    if points_path is not None:
        findings.extend(check_points(points_path))
    return findings


# --------------------------------------------------------------------------- the dashboard


@dataclass(frozen=True)
class ReviewItem:
    """One thing on the organizer dashboard's "needs review" list."""

    kind: str  # stale | no_session_end | unknown_effect | record_age
    title: str
    detail: str
    bill_slug: str | None = None
    jurisdiction: str | None = None


def needs_review(session: Session, today: date) -> list[ReviewItem]:
    """Stale pending bills, live bills without a session end, laws and live bills of unknown
    effect, and records not checked for a year: what an organizer should look at."""
    items: list[ReviewItem] = []
    bills = session.scalars(
        select(Bill).options(selectinload(Bill.assessments)).order_by(Bill.jurisdiction)
    )
    for bill in bills:
        name = f"{bill.jurisdiction} {bill.identifier}"
        if is_stale(bill, today):
            end = session_end(bill)
            still = " It is still marked active." if bill.active else ""
            items.append(
                ReviewItem(
                    "stale",
                    name,
                    f"Session ended ({end.label if end else 'date unknown'}); outcome not "
                    f"confirmed.{still} Record the outcome when a source gives it.",
                    bill.slug,
                    bill.jurisdiction,
                )
            )
        elif is_alive(bill) and not bill.session_end:
            items.append(
                ReviewItem(
                    "no_session_end",
                    name,
                    "Pending, with no date for the end of its session.",
                    bill.slug,
                    bill.jurisdiction,
                )
            )
        if bill.effect is QiEffect.UNKNOWN and _needs_effect(bill.stage, bool(bill.active)):
            items.append(
                ReviewItem(
                    "unknown_effect",
                    name,
                    "Its effect on qualified immunity is unknown, so it counts for nothing in "
                    "letters, posts or the status. Set it from a source.",
                    bill.slug,
                    bill.jurisdiction,
                )
            )
    for record in session.scalars(select(ReformRecord).order_by(ReformRecord.jurisdiction)):
        if record.as_of and record.as_of < today - RECORD_AGE:
            items.append(
                ReviewItem(
                    "record_age",
                    record.jurisdiction,
                    f"The record was last checked {record.as_of.isoformat()}.",
                    None,
                    record.jurisdiction,
                )
            )
        standing = campaign.standing(session, record.jurisdiction, today)
        shown = standing.status.value if standing.status else None
        if shown is not None and shown != record.status:
            items.append(
                ReviewItem(
                    "status",
                    record.jurisdiction,
                    f"The record says “{record.status}”, the bills say “{shown}”: the page "
                    "shows what the bills say.",
                    None,
                    record.jurisdiction,
                )
            )
    return items
