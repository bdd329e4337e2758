"""A state's directory page: its officials, filtered, in sections.

Statewide officials, U.S. senators and U.S. representatives come first, then
one section per legislative chamber (named the state's way: ``State
Assembly``, ``Council``…), then anyone else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from outreach.directory import jurisdictions, lookup
from outreach.directory.labels import chamber_name
from outreach.directory.officials_read import Official
from outreach.models import STATEWIDE_OFFICES, OfficeKind

#: Sections before the chambers: (key, title, offices, shown as cards rather than a table).
STATE_GROUPS: tuple[tuple[str, str, frozenset[str], bool], ...] = (
    ("statewide", "Statewide officials", frozenset(k.value for k in STATEWIDE_OFFICES), True),
    ("us-senate", "U.S. Senators", frozenset({OfficeKind.US_SENATOR.value}), True),
    (
        "us-house",
        "U.S. House of Representatives",
        frozenset({OfficeKind.US_REPRESENTATIVE.value}),
        False,
    ),
)


@dataclass
class Group:
    """One section of a state page."""

    key: str
    title: str
    #: Shown as cards (a few people) rather than as a table (many).
    cards: bool
    people: list[Official] = field(default_factory=list)


@dataclass
class StateDirectory:
    """The sections of a state page, and how many officials they hold."""

    groups: list[Group]
    total: int


def filter_chambers(session: Session, state: str) -> list[str]:
    """The chambers to offer in the state page's filter.

    Those with districts in the directory; before any legislator is loaded,
    the state's usual chambers (none for a territory without state data).
    """
    return list(lookup.legislative_district_choices(session, state)) or list(
        jurisdictions.chambers(state)
    )


def group_state_officials(people: Iterable[Official], state: str) -> list[Group]:
    """Sort ``people`` (officials of ``state``, in display order) into non-empty sections."""
    groups = {key: Group(key, title, cards) for key, title, _, cards in STATE_GROUPS}
    for chamber in jurisdictions.CHAMBERS:
        groups[chamber] = Group(chamber, chamber_name(chamber, state), False)
    other = Group("other", "Other officials", True)
    for person in people:
        role = person.role
        target = None
        for key, _, offices, _ in STATE_GROUPS:
            if role is not None and role.office in offices:
                target = groups[key]
        if target is None and role is not None and role.chamber in jurisdictions.CHAMBERS:
            target = groups[role.chamber]
        (target or other).people.append(person)
    ordered = [*groups.values(), other]
    return [g for g in ordered if g.people]


def state_directory(
    session: Session,
    state: str,
    *,
    office: str | None = None,
    chamber: str | None = None,
    district: str | None = None,
) -> StateDirectory:
    """The officials of ``state`` matching the filters, in sections.

    A chamber means the state legislature's (see :func:`lookup.state_officials`).

    :raise errors.UnknownJurisdiction: for an unknown state code.
    :raise errors.LookupInputError: for an unknown office or chamber, or a
        district that is too long.
    """
    people = lookup.state_officials(
        session, state, office=office, chamber=chamber, district=district
    )
    return StateDirectory(groups=group_state_officials(people, state), total=len(people))
