"""Who represents me? Officials by ZIP code, street address or state.

A ZIP code is not a district: the Census ZIP Code Tabulation Areas (ZCTAs)
cross district and even state lines, and many USPS ZIPs (PO boxes, single
organisations) are not ZCTAs at all. So a lookup returns *every* candidate
district and says when it is ambiguous; it never guesses silently. State
legislative districts cannot be told from a ZIP at all: they come from an
address (the geocoder) or from a district the person picks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session, selectinload

from outreach.directory import jurisdictions, query_filters, reach_index, zip_database
from outreach.directory.checks import MAX_DISTRICT_LENGTH, ZIP_RE
from outreach.directory.errors import (
    InvalidZip,
    UnknownJurisdiction,
    UnknownZip,
)
from outreach.directory.jurisdictions import (
    AT_LARGE_DISTRICTS,
    CHAMBER_OFFICE,
    CHAMBERS,
    LEGISLATIVE,
    STATE_DATA_JURISDICTIONS,
)
from outreach.directory.officials_read import Official, load_officials
from outreach.directory.ordering import natural_key, sort_officials
from outreach.models import (
    FEDERAL_OFFICES,
    Committee,
    CommitteeMembership,
    DirectorySync,
    OfficeKind,
    Person,
    Role,
    ZipDistrict,
)

#: The offices of members of Congress, as stored.
FEDERAL = frozenset(kind.value for kind in FEDERAL_OFFICES)


@dataclass(frozen=True)
class District:
    """A congressional district: ``district`` is ``"0"`` for at-large seats."""

    state: str
    district: str

    @property
    def at_large(self) -> bool:
        return self.district == "0"

    @property
    def label(self) -> str:
        """``CA-12``, or ``AK at-large``."""
        return f"{self.state} at-large" if self.at_large else f"{self.state}-{self.district}"

    @property
    def ocd_id(self) -> str:
        base = jurisdictions.JURISDICTIONS[self.state].ocd_id
        return base if self.at_large else f"{base}/cd:{int(self.district)}"


@dataclass
class LookupResult:
    """The answer to "who represents me?" for one place."""

    states: list[str]
    districts: list[District]
    federal: list[Official]
    state_officials: list[Official]
    zip_code: str | None = None
    city: str | None = None
    #: ``zcta`` (Census crosswalk), ``zip-database`` (state only) or ``address``.
    source: str = "zcta"
    ambiguous: bool = False
    #: Plain sentences explaining each ambiguity, vacancy or fallback.
    notices: list[str] = field(default_factory=list)
    vacancies: list[str] = field(default_factory=list)
    #: The legislative districts used, per state and chamber.
    legislative_districts: dict[str, dict[str, str]] = field(default_factory=dict)
    matched_address: str | None = None

    @property
    def officials(self) -> list[Official]:
        return [*self.federal, *self.state_officials]

    def missing_chambers(self, state: str) -> list[str]:
        """The chambers of ``state`` whose district is not known yet."""
        known = self.legislative_districts.get(state, {})
        return [c for c in jurisdictions.chambers(state) if not known.get(c)]

    @property
    def needs_legislative_district(self) -> bool:
        """True while any chamber's legislators could not be placed."""
        return any(self.missing_chambers(s) for s in self.states)


def normalize_zip(raw: str | None) -> str:
    """Return the 5-digit ZIP in ``raw`` (``12345`` or ``12345-6789``).

    :raise InvalidZip: with a message fit to show the person.
    """
    value = (raw or "").strip()
    if not value:
        raise InvalidZip("Enter a 5-digit ZIP code.")
    if len(value) > 10:
        raise InvalidZip("A ZIP code has 5 digits, or 9 written as 12345-6789.")
    match = ZIP_RE.match(value)
    if not match:
        raise InvalidZip(
            f"“{value}” is not a ZIP code: use 5 digits, like 20500, or ZIP+4, like 20500-0003."
        )
    return match.group(1)


def normalize_state(raw: str | None) -> str:
    """Return the two-letter code of ``raw``; raise :class:`UnknownJurisdiction`."""
    info = jurisdictions.get(raw or "")
    if info is None:
        raise UnknownJurisdiction(f"“{(raw or '')[:20]}” is not a U.S. state or territory.")
    return info.abbr


def zip_districts(session: Session, zip5: str) -> list[District]:
    """Every congressional district the ZCTA ``zip5`` overlaps (maybe none)."""
    rows = session.execute(
        select(ZipDistrict.state_abbr, ZipDistrict.district).where(ZipDistrict.zcta == zip5)
    ).all()
    return sorted_districts((state, district) for state, district in rows)


def sorted_districts(pairs: Iterable[tuple[str, str]]) -> list[District]:
    """The distinct districts of ``(state, district)`` pairs, by state and number."""
    return sorted(
        {District(state, district) for state, district in pairs},
        key=lambda d: (d.state, int(d.district) if d.district.isdigit() else 0),
    )


def lookup_zip(
    session: Session,
    raw_zip: str,
    *,
    legislative: dict[str, dict[str, str]] | None = None,
) -> LookupResult:
    """Find the officials for a ZIP code.

    :param legislative: state legislative districts already known, per state
        and chamber (``{"CA": {"upper": "10", "lower": "20"}}``), from the
        district picker or the geocoder.
    :raise InvalidZip: for malformed input.
    :raise UnknownZip: when neither the crosswalk nor the ZIP database knows it.
    """
    zip5 = normalize_zip(raw_zip)
    place = zip_database.lookup(zip5)
    if place is not None and place.state not in jurisdictions.JURISDICTIONS:
        # Military (APO/FPO/DPO) ZIPs: service members vote where they live at home.
        raise UnknownZip(
            zip5,
            f"{zip5} is a military mail ZIP code. Enter the ZIP code of your home "
            "address in the United States to find the officials who represent you.",
        )
    version, pairs = reach_index.version_and_districts(session, zip5)
    districts = sorted_districts(pairs)
    notices: list[str] = []
    if districts:
        states = sorted({d.state for d in districts})
        source = "zcta"
    elif place is not None:
        states = [place.state]
        source = "zip-database"
    else:
        raise UnknownZip(zip5)
    result = officials_for(
        session,
        states=states,
        districts=districts,
        legislative=legislative or {},
        source=source,
        version=version,
    )
    result.zip_code = zip5
    result.city = place.city if place else None
    result.notices = notices + result.notices
    return result


def officials_for(
    session: Session,
    *,
    states: list[str],
    districts: list[District],
    legislative: dict[str, dict[str, str]],
    source: str,
    version: reach_index.VersionKey | None = None,
) -> LookupResult:
    """Collect federal, statewide and (where known) legislative officials.

    With no ``districts`` (a ZIP code known only by its state), every House member
    of the state is a candidate and the answer is marked ambiguous.

    :param version: the directory version when the caller read it already
        (with the ZIP code's districts), else it is read here.
    """
    notices: list[str] = []
    index = reach_index.index_for(
        session, version if version is not None else reach_index.current_version(session)
    )
    used, picks = _picked_districts(states, legislative)
    pairs = [(d.state, d.district) for d in districts]
    people = reach_index.reach(session, index, states, pairs, picks)
    federal = [p for p in people if p.role and p.role.office in FEDERAL]
    state_people = [p for p in people if p.role and p.role.office not in FEDERAL]

    ambiguous = False
    if len(states) > 1:
        ambiguous = True
        names = " and ".join(jurisdictions.JURISDICTIONS[s].name for s in states)
        notices.append(
            f"This ZIP code crosses state lines ({names}): everyone who may represent "
            "you is listed. Enter your street address for an exact answer."
        )
    if len(districts) > 1:
        ambiguous = True
        labels = ", ".join(d.label for d in districts)
        notices.append(
            f"This ZIP code is split between {len(districts)} congressional districts "
            f"({labels}). Each district's representative is listed; enter your street "
            "address to find yours."
        )
    if not districts:
        house = [p for p in federal if p.role and p.role.office == OfficeKind.US_REPRESENTATIVE]
        if len(house) > 1:
            ambiguous = True
            notices.append(
                "This ZIP code is a PO box or a single-organisation ZIP, so we know its "
                "state but not its congressional district. Every representative of the "
                "state is listed; enter your street address to find yours."
            )
    vacant_seats = _vacancies(states, districts, federal)
    vacancies: list[str] = []
    if vacant_seats:
        vacancies, missing = _loaded_only(index.loaded, states, vacant_seats)
        notices.extend(missing)
    return LookupResult(
        states=states,
        districts=districts,
        federal=federal,
        state_officials=state_people,
        source=source,
        ambiguous=ambiguous,
        notices=notices,
        vacancies=vacancies,
        legislative_districts=used,
    )


def _picked_districts(
    states: list[str], legislative: dict[str, dict[str, str]]
) -> tuple[dict[str, dict[str, str]], list[ColumnElement[bool]]]:
    """The legislative districts used, per state and chamber, and their members' conditions."""
    used: dict[str, dict[str, str]] = {}
    conditions: list[ColumnElement[bool]] = []
    for state in states:
        if state not in STATE_DATA_JURISDICTIONS:
            continue
        for chamber, district in (legislative.get(state) or {}).items():
            if chamber in CHAMBERS and district:
                used.setdefault(state, {})[chamber] = district
                conditions.append(
                    and_(
                        Role.jurisdiction_abbr == state,
                        Role.office == CHAMBER_OFFICE[chamber].value,
                        Role.district == district,
                    )
                )
    return used, conditions


def _vacancies(
    states: list[str], districts: list[District], federal: list[Official]
) -> list[tuple[str, str, str]]:
    """``(state, office, sentence)`` for each seat of this place no one holds."""
    seats = {
        (p.role.jurisdiction_abbr, p.role.district)
        for p in federal
        if p.role and p.role.office == OfficeKind.US_REPRESENTATIVE
    }
    vacancies = [
        (
            d.state,
            OfficeKind.US_REPRESENTATIVE.value,
            f"The House seat for {d.label} is vacant: there is no representative to contact "
            "until it is filled.",
        )
        for d in districts
        if (d.state, d.district) not in seats
    ]
    for state in states:
        if jurisdictions.JURISDICTIONS[state].kind != "state":
            continue
        senators = [
            p
            for p in federal
            if p.role
            and p.role.office == OfficeKind.US_SENATOR
            and p.role.jurisdiction_abbr == state
        ]
        if len(senators) < 2:
            vacancies.append(
                (
                    state,
                    OfficeKind.US_SENATOR.value,
                    f"{jurisdictions.JURISDICTIONS[state].name} has "
                    f"{2 - len(senators)} vacant U.S. Senate seat(s) in the directory.",
                )
            )
    return vacancies


def _loaded_only(
    held: frozenset[tuple[str, str]], states: list[str], vacancies: list[tuple[str, str, str]]
) -> tuple[list[str], list[str]]:
    """Vacancies only where the directory holds that state's members at all.

    An empty or partly loaded directory is not a row of vacant seats: it says so.

    :param held: the (state, office) of every member of Congress in the directory.
    """
    loaded = {(state, office) for state, office in held if state in states}
    if not loaded:
        return [], [
            "The directory holds no members of Congress for this place: it is empty or "
            "only partly loaded, so no one can be listed yet. Try again later."
        ]
    missing = []
    for state in states:
        info = jurisdictions.JURISDICTIONS[state]
        for office, noun in (
            (OfficeKind.US_SENATOR.value, "U.S. senators"),
            (OfficeKind.US_REPRESENTATIVE.value, "U.S. representatives"),
        ):
            if (state, office) not in loaded and (
                info.kind == "state" or office == OfficeKind.US_REPRESENTATIVE.value
            ):
                missing.append(
                    f"The directory holds no {noun} for {info.name}: its data is missing "
                    "or only partly loaded."
                )
    kept = [text for state, office, text in vacancies if (state, office) in loaded]
    return kept, missing


def state_officials(
    session: Session,
    state: str,
    *,
    office: str | None = None,
    chamber: str | None = None,
    district: str | None = None,
) -> list[Official]:
    """The officials of one state, filtered by office kind, chamber and district.

    :raise UnknownJurisdiction: for an unknown state code.
    :raise LookupInputError: for an unknown office or chamber, or a district
        that is too long.
    """
    abbr = normalize_state(state)
    conditions = [Role.jurisdiction_abbr == abbr]
    if office:
        office = query_filters.choice("office", office, [k.value for k in OfficeKind])
        conditions.append(Role.office == office)
    if chamber:
        chamber = query_filters.choice("chamber", chamber, CHAMBERS)
        # Chambers here are the state legislature's, not Congress's.
        conditions.append(Role.office == CHAMBER_OFFICE[chamber].value)
    if district:
        query_filters.at_most(
            "district", district, MAX_DISTRICT_LENGTH, "That district name is too long."
        )
        conditions.append(func.lower(Role.district) == district.strip().lower())
    return sort_officials(load_officials(session, [and_(*conditions)]))


def legislative_district_choices(session: Session, state: str) -> dict[str, list[str]]:
    """The state's legislative districts per chamber, in natural order (for a picker)."""
    return _district_choices(session, state)


def picker_district_choices(session: Session, state: str) -> dict[str, list[str]]:
    """:func:`legislative_district_choices` for a lookup's district picker.

    Read once per directory version and state, and kept with the version's
    index (:mod:`outreach.directory.reach_index`): district names only.
    """
    index = reach_index.index_for(session, reach_index.current_version(session))
    found = index.district_choices.get(state)
    if found is None:
        found = index.district_choices[state] = _district_choices(session, state)
    return dict(found)


def _district_choices(session: Session, state: str) -> dict[str, list[str]]:
    """A state's legislative districts per chamber, from the database."""
    rows = session.execute(
        select(Role.chamber, Role.district)
        .where(Role.jurisdiction_abbr == state, Role.office.in_(LEGISLATIVE))
        .distinct()
    ).all()
    choices: dict[str, list[str]] = {}
    for chamber, district in rows:
        if district and district.lower() not in AT_LARGE_DISTRICTS:
            choices.setdefault(chamber, []).append(district)
    return {c: sorted(ds, key=natural_key) for c, ds in sorted(choices.items())}


def get_official(session: Session, person_id: int) -> Person | None:
    """One official with contacts, social accounts and committee seats, or None."""
    query = (
        select(Person)
        .where(Person.id == person_id)
        .options(
            selectinload(Person.roles),
            selectinload(Person.offices),
            selectinload(Person.social_accounts),
            selectinload(Person.memberships).selectinload(CommitteeMembership.committee),
        )
    )
    return session.scalars(query).first()


def parent_committee_names(session: Session, committees: Iterable[Committee]) -> dict[str, str]:
    """The names of the parents of ``committees`` (subcommittees), by parent id.

    One query, none when no committee has a parent.
    """
    parent_ids = {c.parent_id for c in committees if c.parent_id}
    if not parent_ids:
        return {}
    rows = session.execute(
        select(Committee.id, Committee.name).where(Committee.id.in_(parent_ids))
    )
    return {committee_id: name for committee_id, name in rows}


def latest_sync(session: Session) -> DirectorySync | None:
    """The most recent successful directory sync, or None before the first one."""
    return session.scalars(
        select(DirectorySync)
        .where(DirectorySync.status == "ok")
        .order_by(DirectorySync.id.desc())
        .limit(1)
    ).first()


def stale_roles(people: Iterable[Official], today: date) -> set[int]:
    """Ids of the people whose recorded term has already ended."""
    return {p.id for p in people if p.role and p.role.is_stale(today)}
