"""What the public campaign pages show: the map's table, a state's page, the federal page.

The pure parts (sorting the table, the checklist of a law, the timeline of a
jurisdiction's bills, committee members first among its officials, federal
bills by Congress and stage) are plain functions with their own tests; the
``*_page`` functions put them together from the database for the views, one
call per page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from outreach.campaign import records as campaign
from outreach.campaign.partial_dates import PartialDate
from outreach.campaign.scoring import Score, format_points
from outreach.campaign.standings import Standing, is_pending, is_rollback, is_stale
from outreach.campaign.tile_map import LegendItem, Swatch, TileMap, legend, swatch_for, tile_map
from outreach.directory import jurisdictions, lookup
from outreach.directory.labels import is_leadership
from outreach.directory.officials_read import Official
from outreach.models import (
    STATEWIDE_OFFICES,
    Bill,
    BillStage,
    Campaign,
    Criterion,
    Place,
    Rating,
    ReformStatus,
)

# --------------------------------------------------------------------------- the map's table

SORT_COLUMNS = ("name", "score", "status")
DIRECTIONS = ("asc", "desc")
#: The direction a column sorts in when first chosen: the best scores first.
DEFAULT_DIRECTION = {"name": "asc", "score": "desc", "status": "asc"}
#: Statuses in ascending order: furthest reform first; "no action recorded" last.
STATUS_ORDER = {
    ReformStatus.ENACTED: 0,
    ReformStatus.LIMITED: 1,
    ReformStatus.PENDING: 2,
    ReformStatus.NONE: 3,
    ReformStatus.STRENGTHENED: 4,
    None: 5,
}


@dataclass(frozen=True)
class TableSort:
    """How the table is sorted: a column and a direction."""

    column: str = "name"
    direction: str = "asc"

    @classmethod
    def parse(cls, column: str | None, direction: str | None) -> TableSort:
        """From ``?sort=&dir=``; anything unknown falls back to name, then the column's default."""
        col = (column or "").strip().lower()
        if col not in SORT_COLUMNS:
            col = "name"
        way = (direction or "").strip().lower()
        if way not in DIRECTIONS:
            way = DEFAULT_DIRECTION[col]
        return cls(col, way)

    @property
    def descending(self) -> bool:
        return self.direction == "desc"

    def aria_sort(self, column: str) -> str | None:
        """``ascending``/``descending`` for the sorted column, else None (no attribute)."""
        if column != self.column:
            return None
        return "descending" if self.descending else "ascending"

    def link_direction(self, column: str) -> str:
        """The direction a header's link asks for: the other one on the sorted column."""
        if column == self.column:
            return "asc" if self.descending else "desc"
        return DEFAULT_DIRECTION[column]


def sort_standings(standings: Iterable[Standing], order: TableSort) -> list[Standing]:
    """``standings`` sorted for the table; ties always in name order."""
    rows = sorted(standings, key=lambda s: s.name.lower())
    if order.column == "name":
        return rows[::-1] if order.descending else rows
    if order.column == "score":
        key = lambda s: s.score.points  # noqa: E731
    else:
        key = lambda s: STATUS_ORDER[s.status]  # noqa: E731
    # sorted() is stable even when reversed, so ties stay in name order.
    return sorted(rows, key=key, reverse=order.descending)


# --------------------------------------------------------------------------- checklist, timeline


@dataclass(frozen=True)
class ChecklistItem:
    """One criterion of the rubric, as a law or bill does on it."""

    number: int
    group: str  # end | start
    title: str
    rating: Rating
    note: str
    source: str | None

    @property
    def points(self) -> str:
        return format_points(self.rating.points)


def checklist(criteria: Sequence[Criterion], bill: Bill | None) -> list[ChecklistItem]:
    """The nine criteria with ``bill``'s ratings (unknown where it has none).

    Without the rubric (content not loaded) the criteria are named by number.
    """
    if bill is None:
        return []
    titles = {c.number: (c.title, c.group) for c in criteria}
    ratings = {a.criterion: a for a in bill.assessments}
    items = []
    for number in range(1, 10):
        title, group = titles.get(
            number, (f"Criterion {number}", "end" if number <= 4 else "start")
        )
        found = ratings.get(number)
        items.append(
            ChecklistItem(
                number=number,
                group=group,
                title=title,
                rating=found.rating_kind if found else Rating.UNKNOWN,
                note=(found.note or "") if found else "",
                source=found.source if found else None,
            )
        )
    return items


@dataclass(frozen=True)
class TimelineEvent:
    """One dated step of one bill; ``when`` is as precise as the source."""

    when: PartialDate
    text: str
    source: str | None
    bill: Bill

    @property
    def day(self) -> date | None:
        """The exact day, only when the source gives one."""
        return self.when.start if self.when.precision == "day" else None


def _event_when(raw: object) -> PartialDate:
    try:
        return PartialDate.parse(raw)
    except ValueError:
        return PartialDate("unknown")


def timeline(bills: Iterable[Bill]) -> list[TimelineEvent]:
    """Every event of ``bills``, oldest first; undated events last.

    Events of the same day keep the order of their bills (oldest last
    action first) and, within a bill, the order the content gives.
    """
    events = []
    ordered = sorted(bills, key=lambda b: (b.last_action, b.identifier))
    for bill in ordered:
        for event in bill.events or []:
            events.append(
                TimelineEvent(
                    when=_event_when(event.get("date")),
                    text=str(event.get("text") or ""),
                    source=event.get("source") or None,
                    bill=bill,
                )
            )
    return sorted(events, key=lambda e: (not e.when.known, e.when.start))


# --------------------------------------------------------------------------- officials


@dataclass(frozen=True)
class OfficialEntry:
    """An official and their seats on committees that hear policing bills."""

    person: Official
    seats: tuple[tuple[str, str], ...] = ()

    @property
    def on_committee(self) -> bool:
        return bool(self.seats)

    @property
    def leads(self) -> bool:
        return any(is_leadership(role) for _, role in self.seats)


@dataclass
class StateOfficials:
    """A state's officials for its campaign page, committee members first."""

    committee: list[OfficialEntry] = field(default_factory=list)
    statewide: list[OfficialEntry] = field(default_factory=list)
    legislators: list[OfficialEntry] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.committee) + len(self.statewide) + len(self.legislators)


def order_officials(
    people: Iterable[Official], seats: Mapping[int, Sequence[tuple[str, str]]]
) -> StateOfficials:
    """Members of the committees that hear these bills first (chairs and other
    leaders before members), then statewide officials, then the other
    legislators, each in the directory's order. Federal officials are left out.
    """
    statewide_offices = {k.value for k in STATEWIDE_OFFICES}
    result = StateOfficials()
    members = []
    for person in people:
        role = person.role
        if role is None or role.kind.level != "state":
            continue
        held = tuple(
            sorted(seats.get(person.id, ()), key=lambda s: (not is_leadership(s[1]), s[0]))
        )
        entry = OfficialEntry(person, held)
        if held:
            members.append(entry)
        elif role.office in statewide_offices:
            result.statewide.append(entry)
        else:
            result.legislators.append(entry)
    result.committee = sorted(members, key=lambda e: not e.leads)
    return result


# --------------------------------------------------------------------------- federal


STAGE_ORDER = (
    BillStage.ENACTED,
    BillStage.PASSED_ONE_CHAMBER,
    BillStage.INTRODUCED,
    BillStage.FAILED,
    BillStage.VETOED,
)


def ordinal(n: int) -> str:
    """``117th``, ``121st``, ``112th``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def congress_label(number: int) -> str:
    """``117th Congress (2021–2022)``; ``Congress not given`` for 0."""
    if number <= 0:
        return "Congress not given"
    start = 1789 + 2 * (number - 1)
    return f"{ordinal(number)} Congress ({start}–{start + 1})"


@dataclass
class StageGroup:
    stage: BillStage
    bills: list[tuple[Bill, Score]]


@dataclass
class CongressGroup:
    congress: int
    label: str
    stages: list[StageGroup]

    @property
    def count(self) -> int:
        return sum(len(s.bills) for s in self.stages)


def group_by_stage(
    grouped: Iterable[tuple[int, list[tuple[Bill, Score]]]],
) -> list[CongressGroup]:
    """Bills already grouped by Congress (newest first), split by stage: law first.

    Bills that would write qualified immunity into law are left out: they are
    shown apart (:func:`rollback_bills`), never among reform bills.
    """
    result = []
    for congress, all_bills in grouped:
        bills = [(b, s) for b, s in all_bills if not is_rollback(b)]
        if not bills:
            continue
        stages = [
            StageGroup(stage, [(b, s) for b, s in bills if b.stage == stage])
            for stage in STAGE_ORDER
        ]
        result.append(
            CongressGroup(congress, congress_label(congress), [g for g in stages if g.bills])
        )
    return result


def rollback_bills(
    grouped: Iterable[tuple[int, list[tuple[Bill, Score]]]],
) -> list[tuple[Bill, Score]]:
    """Bills that would write qualified immunity into law, newest Congress first."""
    return [(b, s) for _, bills in grouped for b, s in bills if is_rollback(b)]


# --------------------------------------------------------------------------- pages


def parent_state(session: Session, code: str) -> str | None:
    """The state a place (city) lies in; None for a state, DC or a territory."""
    if code in jurisdictions.JURISDICTIONS:
        return None
    place = session.get(Place, code)
    return place.state if place else None


@dataclass
class MapPage:
    campaign: Campaign | None
    standings: list[Standing]
    tiles: TileMap
    legend: list[LegendItem]
    places: list[Standing]
    order: TableSort

    def count(self, status: ReformStatus | None) -> int:
        return sum(1 for s in self.standings if s.status == status)

    @property
    def pending_count(self) -> int:
        return sum(1 for s in self.standings if s.has_pending)


def map_page(session: Session, today: date, order: TableSort) -> MapPage:
    """Everything the national map shows."""
    standings = campaign.all_standings(session, today)
    return MapPage(
        campaign=campaign.get_campaign(session),
        standings=sort_standings(standings, order),
        tiles=tile_map(standings),
        legend=legend(),
        places=campaign.place_standings(session, today),
        order=order,
    )


@dataclass
class StatePage:
    standing: Standing
    campaign: Campaign | None
    checklist: list[ChecklistItem]
    bill_checklists: dict[int, list[ChecklistItem]]
    timeline: list[TimelineEvent]
    officials: StateOfficials | None
    #: For a city: the state it lies in; for a state: None.
    parent: jurisdictions.JurisdictionInfo | None
    #: For a state: the cities in it with records of their own.
    places: list[Standing]

    @property
    def is_place(self) -> bool:
        return self.standing.kind not in ("state", "district", "territory")

    @property
    def bills(self) -> list[tuple[Bill, Score]]:
        """Pending reform bills first, then laws in force, then bills whose session ended,
        then the rest; newest first in each. Rollback bills are in :attr:`rollbacks`."""
        s = self.standing
        rest = [
            (b, sc)
            for b, sc in [*s.laws, *s.stale, *s.other_bills]
            if not (is_rollback(b) and b.stage != BillStage.ENACTED)
        ]
        return [*s.pending, *rest]

    @property
    def rollbacks(self) -> list[tuple[Bill, Score]]:
        """Bills (not laws) that would write the immunity into law or roll reform back."""
        s = self.standing
        return [
            (b, sc)
            for b, sc in [*s.rollbacks, *s.stale, *s.other_bills]
            if is_rollback(b) and b.stage != BillStage.ENACTED
        ]

    @property
    def stale_ids(self) -> set[int]:
        return {bill.id for bill, _ in self.standing.stale}

    @property
    def swatch(self) -> Swatch:
        """The colour of the jurisdiction's tile on the map."""
        return swatch_for(self.standing)

    @property
    def pending_ids(self) -> set[int]:
        return {bill.id for bill, _ in self.standing.pending}


def state_page(session: Session, raw_code: str, today: date) -> StatePage:
    """One jurisdiction's page: its standing, checklist, bills, timeline and officials.

    :raise errors.UnknownJurisdiction: for an unknown code.
    """
    standing = campaign.standing(session, raw_code, today)
    found = campaign.get_campaign(session)
    criteria = found.criteria if found else []
    code = standing.code
    officials = None
    parent = None
    places: list[Standing] = []
    if code in jurisdictions.JURISDICTIONS:
        if code in jurisdictions.STATE_DATA_JURISDICTIONS:
            people = lookup.state_officials(session, code)
            officials = order_officials(people, campaign.relevant_committee_seats(session, code))
        places = [
            campaign.standing(session, p.code, today) for p in campaign.places_in(session, code)
        ]
    else:
        parent = jurisdictions.JURISDICTIONS.get(parent_state(session, code) or "")
    bills = [
        b
        for b, _ in [
            *standing.pending,
            *standing.laws,
            *standing.rollbacks,
            *standing.stale,
            *standing.other_bills,
        ]
    ]
    return StatePage(
        standing=standing,
        campaign=found,
        checklist=checklist(criteria, standing.strongest_law),
        bill_checklists={b.id: checklist(criteria, b) for b in bills},
        timeline=timeline(bills),
        officials=officials,
        parent=parent,
        places=places,
    )


@dataclass
class FederalPage:
    campaign: Campaign | None
    congresses: list[CongressGroup]
    checklists: dict[int, list[ChecklistItem]]
    #: Bills that would write qualified immunity into law, shown apart with an ask to oppose.
    rollbacks: list[tuple[Bill, Score]] = field(default_factory=list)
    today: date | None = None

    def is_pending(self, bill: Bill) -> bool:
        return is_pending(bill, self.today)

    def is_stale(self, bill: Bill) -> bool:
        return self.today is not None and is_stale(bill, self.today)


def federal_page(session: Session, today: date | None = None) -> FederalPage:
    """Federal bills by Congress and stage, each with its checklist; rollbacks apart."""
    found = campaign.get_campaign(session)
    criteria = found.criteria if found else []
    grouped = campaign.federal_bills(session)
    return FederalPage(
        campaign=found,
        congresses=group_by_stage(grouped),
        checklists={b.id: checklist(criteria, b) for _, bills in grouped for b, _ in bills},
        rollbacks=rollback_bills(grouped),
        today=today,
    )
