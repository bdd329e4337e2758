"""A lean, read-only path for lists of officials: lookups and state pages.

The ORM builds and tracks an object per row, which is most of the time a
lookup takes. Lists of officials need none of that: they are read, never
changed. This module reads the same rows with three plain SQL statements and
builds small read-only objects that answer to the same attribute names as the
models (``person.role.office``, ``person.offices``, ``person.phones`` …), so
pages and the API render either. They are detached from any session and so
safe to keep in a per-version cache and share between requests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from outreach.models import (
    PERSON_DATA_COLUMNS,
    ContactOffice,
    Person,
    PersonBehaviour,
    Role,
    RoleBehaviour,
    SocialAccount,
)

PERSON_COLUMNS = ("id", *PERSON_DATA_COLUMNS, "contact_form_fields")
ROLE_COLUMNS = (
    "office",
    "jurisdiction_abbr",
    "chamber",
    "district",
    "title",
    "start_date",
    "end_date",
)
OFFICE_COLUMNS = (
    "kind",
    "label",
    "address",
    "street",
    "city",
    "state",
    "zip",
    "phone",
    "fax",
    "hours",
    "latitude",
    "longitude",
)


@dataclass(frozen=True, slots=True)
class RoleView(RoleBehaviour):
    """An office held, read-only."""

    office: str
    jurisdiction_abbr: str
    chamber: str | None
    district: str | None
    title: str | None
    start_date: date | None
    end_date: date | None


@dataclass(frozen=True, slots=True)
class OfficeView:
    """A postal office with phone and fax, read-only."""

    kind: str
    label: str | None
    address: str | None
    street: str | None
    city: str | None
    state: str | None
    zip: str | None
    phone: str | None
    fax: str | None
    hours: str | None
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True, slots=True)
class SocialView:
    """A social media account, read-only."""

    platform: str
    handle: str


@dataclass(slots=True)
class OfficialView(PersonBehaviour["RoleView", "OfficeView"]):
    """An official with their office, contact offices and social accounts."""

    id: int
    source: str
    source_id: str
    bioguide_id: str | None
    ocd_person_id: str | None
    name: str
    sort_name: str
    given_name: str | None
    family_name: str | None
    middle_name: str | None
    suffix: str | None
    nickname: str | None
    gender: str | None
    party: str | None
    party_detail: str | None
    photo_url: str | None
    email: str | None
    contact_form_url: str | None
    website_url: str | None
    contact_form_fields: dict[str, Any] | None = None
    roles: list[RoleView] = field(default_factory=list)
    offices: list[OfficeView] = field(default_factory=list)
    social_accounts: list[SocialView] = field(default_factory=list)


def load_officials(
    session: Session, conditions: Sequence[ColumnElement[bool]]
) -> list[OfficialView]:
    """Officials whose role matches any of ``conditions`` (on ``Role`` columns).

    Unordered; every person appears once, with their role, offices (in
    position order) and social accounts (by platform).
    """
    if not conditions:
        return []
    person_table, role_table = Person.__table__, Role.__table__
    query = (
        select(
            *(person_table.c[name] for name in PERSON_COLUMNS),
            *(role_table.c[name] for name in ROLE_COLUMNS),
        )
        .join_from(role_table, person_table, role_table.c.person_id == person_table.c.id)
        .where(or_(*conditions))
        .order_by(role_table.c.id)
    )
    people: dict[int, OfficialView] = {}
    split = len(PERSON_COLUMNS)
    for row in session.execute(query):
        values = tuple(row)
        person = people.get(values[0])
        if person is None:
            person = people[values[0]] = OfficialView(*values[:split])
        person.roles.append(RoleView(*values[split:]))
    if not people:
        return []
    ids = list(people)
    office_table = ContactOffice.__table__
    offices = session.execute(
        select(office_table.c.person_id, *(office_table.c[n] for n in OFFICE_COLUMNS))
        .where(office_table.c.person_id.in_(ids))
        .order_by(office_table.c.person_id, office_table.c.position)
    )
    for person_id, *office_values in offices:
        people[person_id].offices.append(OfficeView(*office_values))
    social_table = SocialAccount.__table__
    accounts = session.execute(
        select(social_table.c.person_id, social_table.c.platform, social_table.c.handle)
        .where(social_table.c.person_id.in_(ids))
        .order_by(social_table.c.person_id, social_table.c.platform)
    )
    for person_id, platform, handle in accounts:
        people[person_id].social_accounts.append(SocialView(platform, handle))
    return list(people.values())


#: An official as the lookups return them (read-only views) or as a model row.
Official = Person | OfficialView
#: A contact office, as a model row or a read-only view.
Office = ContactOffice | OfficeView
#: An office held, as a model row or a read-only view.
AnyRole = Role | RoleView
