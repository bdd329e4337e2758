"""The organizer dashboard's figures: supporters' actions and the directory's health.

Actions come from :class:`~outreach.models.ActionCount` (anonymous counts:
day, template, office kind, state, channel, edited or not; nothing about who
wrote), summed with GROUP BY over the last 30 or 90 days. The directory's
health counts officials per state and office kind, those an organizer cannot
email or call (with the same rules as the exports' ``has_email`` and
``has_phone`` filters, so the dashboard's links export exactly those), and
the terms that have already ended.

Reads only; no Flask. The view draws the charts (:mod:`outreach.organizers.charts`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup
from sqlalchemy import exists, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from outreach.directory import jurisdictions
from outreach.directory.contact_links import safe_url, valid_email
from outreach.directory.version import read_version
from outreach.models import (
    FEDERAL_OFFICES,
    OFFICE_ORDER,
    STATEWIDE_OFFICES,
    ActionCount,
    ContactOffice,
    OfficeKind,
    Person,
    Role,
)
from outreach.organizers import charts as svg_charts

PERIODS = (30, 90)
DEFAULT_PERIOD = 30
CHANNEL_LABELS = {
    "email": "Email",
    "contact_form": "Contact form",
    "call": "Phone call",
    "letter": "Printed letter",
}


def period_days(raw: str | None) -> int:
    """30 or 90 from a query parameter; anything else is the default, 30."""
    try:
        value = int(raw or DEFAULT_PERIOD)
    except ValueError:
        return DEFAULT_PERIOD
    return value if value in PERIODS else DEFAULT_PERIOD


def office_name(code: str) -> str:
    try:
        return OfficeKind(code).label
    except ValueError:
        return code


def place_name(code: str) -> str:
    info = jurisdictions.get(code)
    return info.name if info else code


@dataclass(frozen=True)
class Tally:
    """One category and its count, with a label for people."""

    key: str
    label: str
    count: int


@dataclass
class Activity:
    """Supporters' actions over ``days`` days ending ``end`` (inclusive)."""

    days: int
    start: date
    end: date
    by_day: list[tuple[date, int]]
    by_state: list[Tally]
    by_office: list[Tally]
    by_template: list[Tally]
    by_channel: list[Tally]
    edited: int
    unedited: int

    @property
    def total(self) -> int:
        return self.edited + self.unedited

    @property
    def edited_share(self) -> float | None:
        """The share (0–1) of messages the writers edited; None without any."""
        return self.edited / self.total if self.total else None


def _grouped(
    session: Session, column: InstrumentedAttribute[Any], start: date, end: date
) -> list[tuple[object, int]]:
    total = func.sum(ActionCount.count)
    rows = session.execute(
        select(column, total)
        .where(ActionCount.day >= start, ActionCount.day <= end)
        .group_by(column)
    )
    return [(key, int(count or 0)) for key, count in rows]


def _tallies(pairs: Iterable[tuple[object, int]], label: Callable[[str], str]) -> list[Tally]:
    """Tallies, most first (ties by label), without zero counts."""
    tallies = [Tally(str(key), label(str(key)), count) for key, count in pairs if count]
    return sorted(tallies, key=lambda t: (-t.count, t.label.lower()))


def activity(
    session: Session,
    today: date,
    days: int = DEFAULT_PERIOD,
    template_titles: Mapping[str, str] | None = None,
) -> Activity:
    """Counts by day (every day, zeros included), state, office, template and channel."""
    titles = template_titles or {}
    start = today - timedelta(days=days - 1)
    per_day = dict(_grouped(session, ActionCount.day, start, today))
    by_day = [
        (start + timedelta(days=i), per_day.get(start + timedelta(days=i), 0)) for i in range(days)
    ]
    edited = dict(_grouped(session, ActionCount.edited, start, today))
    return Activity(
        days=days,
        start=start,
        end=today,
        by_day=by_day,
        by_state=_tallies(_grouped(session, ActionCount.state, start, today), place_name),
        by_office=sorted(
            _tallies(_grouped(session, ActionCount.office, start, today), office_name),
            key=lambda t: OFFICE_ORDER.get(t.key, 99),
        ),
        by_template=_tallies(
            _grouped(session, ActionCount.template_id, start, today),
            lambda key: titles.get(key, key),
        ),
        by_channel=_tallies(
            _grouped(session, ActionCount.channel, start, today),
            lambda key: CHANNEL_LABELS.get(key, key),
        ),
        edited=sum(count for key, count in edited.items() if key),
        unedited=sum(count for key, count in edited.items() if not key),
    )


# --------------------------------------------------------------------------- directory health

#: The office groups of the per-state table.
GROUPS = (
    ("congress", "U.S. Congress"),
    ("statewide", "Statewide"),
    ("legislature", "Legislature"),
)
_GROUP_OF = {
    **{k.value: "congress" for k in FEDERAL_OFFICES},
    **{k.value: "statewide" for k in STATEWIDE_OFFICES},
}


@dataclass
class HealthRow:
    """Counts for one state or one office kind."""

    key: str
    label: str
    total: int = 0
    no_email: int = 0
    no_phone: int = 0
    stale: int = 0
    #: Reachable in writing: a well-formed email or an http(s) web form.
    written: int = 0
    groups: Counter[str] = field(default_factory=Counter)

    @property
    def written_share(self) -> float | None:
        """The share of officials reachable in writing (None when there are none)."""
        return self.written / self.total if self.total else None


@dataclass(frozen=True)
class StaleTerm:
    """An official whose recorded term has ended: the data may be out of date."""

    person_id: int
    name: str
    office: str
    state: str
    district: str | None
    end_date: date


@dataclass
class DirectoryHealth:
    """What the directory holds and what is missing from it."""

    as_of: date | None
    total: int
    by_state: list[HealthRow]
    by_office: list[HealthRow]
    stale: list[StaleTerm]

    @property
    def no_email(self) -> int:
        return sum(row.no_email for row in self.by_state)

    @property
    def no_phone(self) -> int:
        return sum(row.no_phone for row in self.by_state)


def directory_health(session: Session, today: date) -> DirectoryHealth:
    """Officials per state and office, without email or phone, and with stale terms.

    One query over every official (about 8,200 rows of a few columns); the
    counting is done here so that "has an email" means a well-formed address,
    as in the exports.
    """
    has_phone = (
        exists()
        .where(
            ContactOffice.person_id == Person.id,
            ContactOffice.phone.is_not(None),
            ContactOffice.phone != "",
        )
        .label("has_phone")
    )
    rows = session.execute(
        select(
            Person.id,
            Person.name,
            Person.email,
            Person.contact_form_url,
            Role.office,
            Role.jurisdiction_abbr,
            Role.district,
            Role.end_date,
            has_phone,
        )
        .join(Role, Role.person_id == Person.id)
        .order_by(Person.id, Role.id)
    )
    states: dict[str, HealthRow] = {}
    offices: dict[str, HealthRow] = {}
    stale: list[StaleTerm] = []
    seen: set[int] = set()
    for person_id, name, email, form_url, office, state, district, end_date, phone in rows:
        if person_id in seen:
            continue  # the first role is the one that counts, as everywhere
        seen.add(person_id)
        targets = (
            states.setdefault(state, HealthRow(state, place_name(state))),
            offices.setdefault(office, HealthRow(office, office_name(office))),
        )
        missing_email = valid_email(email) is None
        written = not missing_email or safe_url(form_url) is not None
        is_stale = end_date is not None and end_date < today
        for row in targets:
            row.total += 1
            row.no_email += missing_email
            row.no_phone += not phone
            row.stale += is_stale
            row.written += written
            row.groups[_GROUP_OF.get(office, "legislature")] += 1
        if is_stale:
            stale.append(StaleTerm(person_id, name, office, state, district, end_date))
    return DirectoryHealth(
        as_of=read_version(session).as_of,
        total=len(seen),
        by_state=sorted(states.values(), key=lambda r: r.label),
        by_office=sorted(offices.values(), key=lambda r: OFFICE_ORDER.get(r.key, 99)),
        stale=sorted(stale, key=lambda s: (s.end_date, s.state, s.name)),
    )


# --------------------------------------------------------------------------- tables and charts


def tally_rows(tallies: list[Tally]) -> list[tuple[str, str]]:
    """``(label, "1,234")`` rows for a chart's data table."""
    return [(t.label, f"{t.count:,}") for t in tallies]


def template_rows(tallies: list[Tally]) -> list[tuple[Markup, str]]:
    """``(title and id, "1,234")`` rows: the chart labels templates by id."""
    return [
        (
            Markup('{}<span class="dash-table__id">{}</span>').format(t.label, t.key)
            if t.label != t.key
            else Markup("{}").format(t.key),
            f"{t.count:,}",
        )
        for t in tallies
    ]


def day_rows(act: Activity) -> list[tuple[str, str]]:
    """``("June 5, 2026", "12")`` rows, newest day first."""
    return [(svg_charts.long_day(day), f"{count:,}") for day, count in reversed(act.by_day)]


#: Bars drawn at most per chart (the table beside it lists every row).
MAX_BARS = 15


def _bars(tallies: list[Tally]) -> list[tuple[str, float]]:
    return [(t.label, t.count) for t in tallies[:MAX_BARS]]


def _top(tallies: list[Tally], noun: str) -> str:
    if not tallies:
        return f"No actions by {noun} in this period."
    first = tallies[0]
    shown = f" The chart shows the top {MAX_BARS}." if len(tallies) > MAX_BARS else ""
    return (
        f"{sum(t.count for t in tallies):,} actions across {len(tallies)} "
        f"{noun}{'s' if len(tallies) != 1 else ''}; the most, {first.count:,}, "
        f"for {first.label}.{shown}"
    )


def percent(share: float | None) -> str:
    """``42%`` (``—`` for None)."""
    return "—" if share is None else f"{share * 100:.0f}%"


def _officials_desc(health: DirectoryHealth) -> str:
    if not health.by_office:
        return "The directory is empty."
    most = max(health.by_office, key=lambda r: r.total)
    return f"{health.total:,} officials; the most, {most.total:,}, are {most.label}s."


def charts(act: Activity, health: DirectoryHealth) -> dict[str, Markup]:
    """Every chart of the dashboard, by name, as inline SVG."""
    busiest = max(act.by_day, key=lambda p: p[1]) if act.by_day else None
    period = f"{svg_charts.long_day(act.start)} to {svg_charts.long_day(act.end)}"
    if busiest and busiest[1]:
        day_desc = (
            f"{act.total:,} actions from {period}; the busiest day was "
            f"{svg_charts.long_day(busiest[0])} with {busiest[1]:,}."
        )
    else:
        day_desc = f"No actions from {period}."
    edited_desc = (
        f"{percent(act.edited_share)} of {act.total:,} messages were edited by the writer "
        f"({act.edited:,} edited, {act.unedited:,} sent as written)."
        if act.total
        else "No messages in this period."
    )
    return {
        "by_day": svg_charts.line_chart(
            act.by_day,
            chart_id="chart-by-day",
            title=f"Actions per day, last {act.days} days",
            desc=day_desc,
        ),
        "by_state": svg_charts.bar_chart(
            _bars(act.by_state),
            chart_id="chart-by-state",
            title="Actions by state",
            desc=_top(act.by_state, "state"),
        ),
        "by_office": svg_charts.bar_chart(
            _bars(act.by_office),
            chart_id="chart-by-office",
            title="Actions by office",
            desc=_top(act.by_office, "office"),
        ),
        "by_template": svg_charts.bar_chart(
            # Titles are long and begin alike: the chart names templates by id.
            [(t.key, t.count) for t in act.by_template[:MAX_BARS]],
            chart_id="chart-by-template",
            label_share=0.5,
            title="Actions by letter template",
            desc=_top(act.by_template, "template"),
        ),
        "by_channel": svg_charts.bar_chart(
            _bars(act.by_channel),
            chart_id="chart-by-channel",
            title="Actions by channel",
            desc=_top(act.by_channel, "channel"),
        ),
        "edited": svg_charts.bar_chart(
            [("Edited by the writer", act.edited), ("Sent as written", act.unedited)]
            if act.total
            else [],
            chart_id="chart-edited",
            title="Messages edited by their writers",
            desc=edited_desc,
            value_label="Messages",
        ),
        "officials_by_office": svg_charts.bar_chart(
            [(row.label, row.total) for row in health.by_office],
            chart_id="chart-officials-by-office",
            title="Officials in the directory by office",
            desc=_officials_desc(health),
            value_label="Officials",
            empty_text="The directory is empty",
        ),
    }
