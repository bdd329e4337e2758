"""Who a ZIP code can reach, kept in memory per directory version.

Every lookup by ZIP code lists the same few kinds of officials: the state's
U.S. senators and statewide officers, the representative of each district,
and the members elected by a whole jurisdiction (DC's council, Puerto
Rico's at-large legislators). Together that is under a thousand people, so
each process loads them once per directory version, as read-only views
(:mod:`outreach.directory.officials_read`) shared by every request, and a
lookup is then one indexed query — the ZIP code's districts, with the
directory version in the same statement — and a few dictionary look-ups.

The index never holds the state legislators of a numbered district (about
7,000, picked by the person or found by the geocoder: those are queried) nor
the ZIP table; it keeps the names of the districts each state's picker
offers. It belongs to one database engine and one version: a sync records a
new successful sync, and a correction or a content edit bumps the content
version (:func:`outreach.directory.version.bump_version`), so the
next lookup sees a new version and builds a new index. A change that does
neither (rows written by hand) is not seen until then.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Connection, Engine, and_, bindparam, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from outreach.directory.jurisdictions import (
    AT_LARGE_DISTRICTS,
    LEGISLATIVE,
    STATE_DATA_JURISDICTIONS,
)
from outreach.directory.officials_read import Official, OfficialView, RoleView, load_officials
from outreach.directory.ordering import sort_officials
from outreach.models import (
    STATEWIDE_OFFICES,
    ContentState,
    DirectorySync,
    OfficeKind,
    Role,
    ZipDistrict,
)

#: What the index depends on: the latest successful sync's id and the content version.
VersionKey = tuple[int, int]
#: Where a role sits in the index: a kind of seat and its place.
Slot = tuple[str, str, str | None]

SENATE = OfficeKind.US_SENATOR.value
HOUSE = OfficeKind.US_REPRESENTATIVE.value
STATEWIDE = frozenset(k.value for k in STATEWIDE_OFFICES)


_LATEST_SYNC = (
    select(DirectorySync.id)
    .where(DirectorySync.status == "ok")
    .order_by(DirectorySync.id.desc())
    .limit(1)
    .scalar_subquery()
)
_CONTENT = select(ContentState.version).where(ContentState.id == 1).scalar_subquery()
_VERSION = select(_LATEST_SYNC.label("sync_id"), _CONTENT.label("content")).subquery("version")
_ZIPS = ZipDistrict.__table__
#: One statement, built once (so SQLAlchemy keys its compiled form once): the
#: version, and the ZCTA's (state, district) pairs (none: one row of NULLs).
VERSION_AND_DISTRICTS = select(
    _VERSION.c.sync_id, _VERSION.c.content, _ZIPS.c.state_abbr, _ZIPS.c.district
).select_from(_VERSION.outerjoin(_ZIPS, _ZIPS.c.zcta == bindparam("zcta")))
VERSION_ONLY = select(_VERSION.c.sync_id, _VERSION.c.content)


def version_and_districts(session: Session, zcta: str) -> tuple[VersionKey, list[tuple[str, str]]]:
    """The directory version and the (state, district) pairs of ``zcta``, in one query."""
    session.flush()  # as an ORM query would: rows added in this session count
    rows = session.connection().execute(VERSION_AND_DISTRICTS, {"zcta": zcta}).all()
    sync_id, content = rows[0][0], rows[0][1]
    pairs = [(state, district) for _, _, state, district in rows if state is not None]
    return (sync_id or 0, content or 0), pairs


def current_version(session: Session) -> VersionKey:
    """The directory version alone (for lookups that do not start from a ZIP code)."""
    sync_id, content = session.execute(VERSION_ONLY).one()
    return (sync_id or 0, content or 0)


@dataclass
class ReachIndex:
    """The officials a ZIP code can reach, by seat, for one directory version.

    Each entry of ``seats`` is a list of ``(rank, person)``: ``rank`` is the
    person's place in :func:`outreach.directory.ordering.sort_officials` order
    over the whole index, so any selection sorts by it alone.
    """

    version: VersionKey
    seats: dict[Slot, list[tuple[int, OfficialView]]] = field(default_factory=dict)
    #: People holding more than one of the indexed offices: a lookup that meets
    #: one of them asks the database (so their roles are exactly the matching ones).
    several_roles: frozenset[int] = frozenset()
    #: (state, office) of the members of Congress the directory holds at all.
    loaded: frozenset[tuple[str, str]] = frozenset()
    people: int = 0
    #: Each state's legislative districts per chamber, filled as states are asked for
    #: (:func:`outreach.directory.lookup.picker_district_choices`).
    district_choices: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def select(self, slots: Iterable[Slot]) -> list[OfficialView] | None:
        """The people in ``slots``, in display order; None when one holds several roles."""
        found: dict[int, tuple[int, OfficialView]] = {}
        for slot in slots:
            for rank, person in self.seats.get(slot, ()):
                if person.id in self.several_roles:
                    return None
                found[person.id] = (rank, person)
        return [person for _, person in sorted(found.values(), key=lambda entry: entry[0])]


def index_conditions() -> list[ColumnElement[bool]]:
    """The roles the index holds, as conditions on ``Role`` columns."""
    return [
        Role.office == SENATE,
        Role.office.in_(sorted(STATEWIDE)),
        Role.office == HOUSE,
        and_(
            Role.jurisdiction_abbr.in_(sorted(STATE_DATA_JURISDICTIONS)),
            Role.office.in_(LEGISLATIVE),
            func.lower(Role.district).in_(AT_LARGE_DISTRICTS),
        ),
    ]


def slots_of(role: RoleView) -> list[Slot]:
    """Where ``role`` is found: one slot per way a lookup asks for it."""
    state, office = role.jurisdiction_abbr, role.office
    if office == SENATE:
        return [("senate", state, None)]
    if office in STATEWIDE:
        return [("statewide", state, None)]
    if office == HOUSE:
        # By district (a ZCTA's districts), and by state (a ZIP code known only by its state).
        return [("house", state, role.district), ("house-state", state, None)]
    return [("at-large", state, None)]


def build(session: Session, version: VersionKey) -> ReachIndex:
    """Load the indexed officials of the database as of ``version``."""
    people = sort_officials(load_officials(session, index_conditions()))
    index = ReachIndex(version, people=len(people))
    several: set[int] = set()
    loaded: set[tuple[str, str]] = set()
    for rank, person in enumerate(people):
        if len(person.roles) > 1:
            several.add(person.id)
        for role in person.roles:
            if role.office in (SENATE, HOUSE):
                loaded.add((role.jurisdiction_abbr, role.office))
            for slot in slots_of(role):
                index.seats.setdefault(slot, []).append((rank, person))
    index.several_roles = frozenset(several)
    index.loaded = frozenset(loaded)
    return index


class IndexStore:
    """The current index of each database engine in this process, rebuilt on a new version."""

    def __init__(self) -> None:
        self._indexes: weakref.WeakKeyDictionary[Engine, ReachIndex] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
        self.builds = 0

    def get(self, session: Session, version: VersionKey) -> ReachIndex:
        """The index of ``session``'s database at ``version``, built on first use."""
        bind = session.get_bind()
        engine = bind.engine if isinstance(bind, Connection) else bind
        index = self._indexes.get(engine)
        if index is not None and index.version == version:
            return index
        with self._lock:  # one build at a time: the other threads wait for it
            index = self._indexes.get(engine)
            if index is None or index.version != version:
                index = build(session, version)
                self._indexes[engine] = index
                self.builds += 1
        return index

    def clear(self) -> None:
        """Forget every index (the next lookup builds again)."""
        with self._lock:
            self._indexes.clear()


#: The process's indexes.
STORE = IndexStore()


def index_for(session: Session, version: VersionKey) -> ReachIndex:
    """The index of ``session``'s database at ``version``."""
    return STORE.get(session, version)


def warm(session: Session) -> bool:
    """Build the index of the current version now; False when the database cannot tell.

    gunicorn's master calls it once the app is preloaded, so that every worker
    it forks (and every worker that replaces one) starts with the index.
    """
    try:
        index_for(session, current_version(session))
    except SQLAlchemyError:  # no schema yet: the first lookup builds it
        session.rollback()
        return False
    return True


def zip_slots(states: Sequence[str], districts: Sequence[tuple[str, str]]) -> list[Slot]:
    """The slots a lookup for ``states`` and congressional ``districts`` asks for.

    With no districts (a ZIP code known only by its state) every representative
    of the state is a candidate.
    """
    slots: list[Slot] = []
    for state in states:
        slots += [("senate", state, None), ("statewide", state, None)]
        if not districts:
            slots.append(("house-state", state, None))
        if state in STATE_DATA_JURISDICTIONS:
            slots.append(("at-large", state, None))
    slots += [("house", state, district) for state, district in districts]
    return slots


def reach(
    session: Session,
    index: ReachIndex,
    states: Sequence[str],
    districts: Sequence[tuple[str, str]],
    picks: list[ColumnElement[bool]],
) -> list[Official]:
    """Everyone the place reaches, sorted: from the index, plus the picked districts' members.

    When someone would appear with several roles (from the index and a pick, or
    holding several indexed offices), every row is asked of the database at once,
    so each person keeps exactly the roles that match.
    """
    chosen = index.select(zip_slots(states, districts))
    if chosen is not None and picks:
        picked = load_officials(session, picks)
        if {p.id for p in picked}.isdisjoint(p.id for p in chosen):
            return sort_officials([*chosen, *picked])
        chosen = None
    if chosen is None:
        return sort_officials(load_officials(session, seat_conditions(states, districts) + picks))
    return list(chosen)


def seat_conditions(
    states: Sequence[str], districts: Sequence[tuple[str, str]]
) -> list[ColumnElement[bool]]:
    """The roles of the place's seats that the index holds, as conditions on ``Role``."""
    conditions = [
        and_(Role.office == SENATE, Role.jurisdiction_abbr.in_(list(states))),
        and_(
            Role.office.in_(sorted(STATEWIDE)),
            Role.jurisdiction_abbr.in_(list(states)),
        ),
    ]
    if districts:
        conditions += [
            and_(
                Role.office == HOUSE,
                Role.jurisdiction_abbr == state,
                Role.district == district,
            )
            for state, district in districts
        ]
    else:
        conditions.append(
            and_(
                Role.office == HOUSE,
                Role.jurisdiction_abbr.in_(list(states)),
            )
        )
    # Members elected by the whole jurisdiction represent everyone in it.
    conditions += [
        and_(
            Role.jurisdiction_abbr == state,
            Role.office.in_(LEGISLATIVE),
            func.lower(Role.district).in_(AT_LARGE_DISTRICTS),
        )
        for state in states
        if state in STATE_DATA_JURISDICTIONS
    ]
    return conditions
