"""Which officials an export holds: its filters, read from a query string or CLI options.

State, office kind, chamber, district, party, committee, has email / has
phone and the state's reform status (:class:`ExportFilters`). Each filter is
checked by one function of :data:`CHECKS`; the reading and the messages are
those of :mod:`outreach.directory.query_filters`, shared with the API.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from outreach.directory import jurisdictions, query_filters
from outreach.directory.checks import MAX_DISTRICT_LENGTH
from outreach.directory.errors import FilterError, InvalidFilter
from outreach.directory.jurisdictions import CHAMBERS
from outreach.directory.labels import party_name, party_short
from outreach.models import (
    Committee,
    CommitteeMembership,
    OfficeKind,
    Person,
    ReformRecord,
    ReformStatus,
    Role,
)

MAX_COMMITTEE_LENGTH = 120
MAX_PARTY_LENGTH = 80
NO_RECORD = "no_record"
STATUSES = (*(s.value for s in ReformStatus), NO_RECORD)
STATUS_LABELS = {
    **{s.value: s.label for s in ReformStatus},
    NO_RECORD: "No action recorded",
}
YES = ("1", "yes", "true", "on")
NO = ("0", "no", "false", "off")
OFFICES = tuple(k.value for k in OfficeKind)


#: The query parameters of an export, in the order they appear in file names.
FILTER_NAMES = (
    "state",
    "office",
    "chamber",
    "district",
    "party",
    "committee",
    "has_email",
    "has_phone",
    "status",
)


@dataclass(frozen=True)
class ExportFilters:
    """Which officials to export; empty fields do not filter."""

    state: str | None = None
    office: str | None = None
    chamber: str | None = None
    district: str | None = None
    #: As asked; ``parties`` holds the values stored in the directory it matches.
    party: str | None = None
    parties: tuple[str, ...] = ()
    #: A committee id, or part of a committee's name (``committee_exact`` tells which).
    committee: str | None = None
    committee_exact: bool = False
    has_email: bool | None = None
    has_phone: bool | None = None
    status: str | None = None
    #: The jurisdictions with a record of ``status`` (all recorded ones for ``no_record``).
    status_states: tuple[str, ...] = ()

    def query_args(self) -> dict[str, str]:
        """The filters as query parameters (only those set), in a stable order."""
        args: dict[str, str] = {}
        for name in FILTER_NAMES:
            value = getattr(self, name)
            if value is None or value == "":
                continue
            args[name] = ("1" if value else "0") if isinstance(value, bool) else str(value)
        return args

    @property
    def active(self) -> bool:
        return bool(self.query_args())

    def slug(self) -> str:
        """``tx-state_senator-no-email``: the filters for a file name; ``all`` without."""
        parts: list[str] = []
        for name, value in self.query_args().items():
            if name in ("has_email", "has_phone"):
                noun = name.removeprefix("has_")
                parts.append(f"with-{noun}" if value == "1" else f"no-{noun}")
            elif name in ("district", "committee", "party"):
                parts.append(f"{name}-{_slugify(value)}")
            else:
                parts.append(_slugify(value))
        text = "-".join(p for p in parts if p)[:100].strip("-")
        return text or "all"


def _slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", value.lower()).strip("-")[:40]


def party_choices(session: Session) -> dict[str, list[str]]:
    """Each party name as pages write it, with the stored values it stands for."""
    raws = session.scalars(select(Person.party).where(Person.party.is_not(None)).distinct())
    choices: dict[str, list[str]] = {}
    for raw in raws:
        name = party_name(raw)
        if name and raw is not None:
            choices.setdefault(name, []).append(raw)
    return dict(sorted(choices.items(), key=lambda item: item[0].lower()))


#: The fields of :class:`ExportFilters` that one filter sets.
Fields = dict[str, Any]
#: A filter's check: the fields its value sets, or :class:`InvalidFilter`.
Check = Callable[[Session, str], Fields]


def _state(session: Session, raw: str) -> Fields:
    info = jurisdictions.get(raw)
    if info is None:
        raise query_filters.unknown("state", raw, sorted(jurisdictions.JURISDICTIONS), shown=20)
    return {"state": info.abbr}


def _office(session: Session, raw: str) -> Fields:
    return {"office": query_filters.choice("office", raw, OFFICES, fold_case=True)}


def _chamber(session: Session, raw: str) -> Fields:
    return {"chamber": query_filters.choice("chamber", raw, CHAMBERS, fold_case=True)}


def _district(session: Session, raw: str) -> Fields:
    message = f"That district is too long (at most {MAX_DISTRICT_LENGTH} characters)."
    return {"district": query_filters.at_most("district", raw, MAX_DISTRICT_LENGTH, message)}


def _party(session: Session, raw: str) -> Fields:
    wanted = raw.lower()
    choices = party_choices(session)
    matched = tuple(
        stored
        for name, stored_values in choices.items()
        for stored in stored_values
        if wanted in {name.lower(), stored.lower(), party_short(stored).lower()}
    )
    if len(raw) > MAX_PARTY_LENGTH or not matched:
        raise query_filters.unknown("party", raw, choices, none="none (the directory is empty)")
    return {"party": raw, "parties": matched}


def _committee(session: Session, raw: str) -> Fields:
    message = f"That committee is too long (at most {MAX_COMMITTEE_LENGTH} characters)."
    query_filters.at_most("committee", raw, MAX_COMMITTEE_LENGTH, message)
    if session.get(Committee, raw) is not None:
        return {"committee": raw, "committee_exact": True}
    if session.scalar(select(exists().where(_committee_name_matches(raw)))):
        return {"committee": raw}
    raise InvalidFilter(
        "committee",
        f"No committee has the id or a name containing “{raw[:40]}”. Use a "
        "committee’s id from the sources (SSJU for the Senate Judiciary Committee, "
        "ocd-organization/… for state committees) or a word of its name, such as "
        "judiciary or public safety.",
    )


def _flag(name: str) -> Check:
    def check(session: Session, raw: str) -> Fields:
        value = raw.strip().lower()
        if value not in YES + NO:
            raise InvalidFilter(
                name, f"Unknown {name} value “{raw[:20]}”. Valid values: 1 (yes), 0 (no)."
            )
        return {name: value in YES}

    return check


def _status(session: Session, raw: str) -> Fields:
    status = query_filters.choice("status", raw, STATUSES, fold_case=True)
    query = select(ReformRecord.jurisdiction)
    if status != NO_RECORD:
        query = query.where(ReformRecord.status == status)
    return {"status": status, "status_states": tuple(sorted(session.scalars(query)))}


#: How each filter is checked, in the order of :data:`FILTER_NAMES`.
CHECKS: dict[str, Check] = {
    "state": _state,
    "office": _office,
    "chamber": _chamber,
    "district": _district,
    "party": _party,
    "committee": _committee,
    "has_email": _flag("has_email"),
    "has_phone": _flag("has_phone"),
    "status": _status,
}


def parse_filters(session: Session, args: Mapping[str, str | None]) -> ExportFilters:
    """Read the filters from query parameters (or CLI options); blank ones are ignored.

    Parameters that are not filters are ignored (a form's button, a cache buster).

    :raise FilterError: listing every bad value with the values that are valid.
    """
    raw = query_filters.read_query(args, FILTER_NAMES)
    problems: dict[str, str] = {}
    values: Fields = {}
    for name in FILTER_NAMES:
        value = raw[name]
        if value is None:
            continue
        try:
            values.update(CHECKS[name](session, value))
        except InvalidFilter as error:
            problems[name] = str(error)
    if problems:
        raise FilterError(problems)
    return ExportFilters(**values)


def _committee_name_matches(value: str) -> ColumnElement[bool]:
    return func.lower(Committee.name).contains(value.lower(), autoescape=True)


def conditions(filters: ExportFilters) -> list[ColumnElement[bool]]:
    """The SQL conditions of ``filters`` on ``Person`` and ``Role``.

    ``has_email`` and ``has_phone`` are checked on each row instead (an email
    must also be well formed to count), see :meth:`OfficialsExport.officials`.
    """
    where: list[ColumnElement[bool]] = []
    if filters.state:
        where.append(Role.jurisdiction_abbr == filters.state)
    if filters.office:
        where.append(Role.office == filters.office)
    if filters.chamber:
        where.append(Role.chamber == filters.chamber)
    if filters.district:
        where.append(func.lower(Role.district) == filters.district.strip().lower())
    if filters.party:
        where.append(Person.party.in_(filters.parties))
    if filters.committee:
        if filters.committee_exact:
            committees = CommitteeMembership.committee_id == filters.committee
        else:
            committees = CommitteeMembership.committee_id.in_(
                select(Committee.id).where(_committee_name_matches(filters.committee))
            )
        where.append(exists().where(CommitteeMembership.person_id == Person.id, committees))
    if filters.status:
        if filters.status == NO_RECORD:
            where.append(Role.jurisdiction_abbr.not_in(filters.status_states))
        else:
            where.append(Role.jurisdiction_abbr.in_(filters.status_states))
    return where
