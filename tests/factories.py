"""Test data builders: rows written straight to the database."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from outreach.models import (
    Committee,
    CommitteeMembership,
    ContactOffice,
    DirectorySync,
    Jurisdiction,
    Person,
    Role,
    SocialAccount,
    ZipDistrict,
)
from outreach.services import jurisdictions

_ids = itertools.count(1)


def ensure_jurisdiction(session: Session, abbr: str) -> Jurisdiction:
    found = session.get(Jurisdiction, abbr)
    if found:
        return found
    info = jurisdictions.JURISDICTIONS[abbr]
    row = Jurisdiction(
        abbr=abbr, name=info.name, ocd_id=info.ocd_id, kind=info.kind, fips=info.fips
    )
    session.add(row)
    session.flush()
    return row


def make_person(
    session: Session,
    *,
    name: str = "Pat Example",
    office: str = "state_senator",
    state: str = "CA",
    district: str | None = "10",
    chamber: str | None = None,
    party: str | None = "Democratic",
    email: str | None = "pat@example.org",
    phone: str | None = "916-555-0100",
    contact_form_url: str | None = None,
    website_url: str | None = "https://example.org/pat",
    address: str | None = "1021 O St, Sacramento, CA 95814",
    end_date: date | None = None,
    twitter: str | None = None,
    source_id: str | None = None,
) -> Person:
    """Add a person holding one office, with a capitol office, and return it."""
    ensure_jurisdiction(session, state)
    n = next(_ids)
    if chamber is None:
        chamber = {
            "state_senator": "upper",
            "state_representative": "lower",
            "state_legislator": "legislature",
        }.get(office)
    federal = office in {"us_senator", "us_representative"}
    sid = source_id or (f"T{n:06d}" if federal else f"ocd-person/test-{n}")
    given, _, family = name.partition(" ")
    person = Person(
        source="congress-legislators" if federal else "openstates",
        source_id=sid,
        bioguide_id=sid if federal else None,
        ocd_person_id=None if federal else sid,
        name=name,
        sort_name=f"{family}, {given}",
        given_name=given,
        family_name=family or given,
        party=party,
        email=email,
        contact_form_url=contact_form_url,
        website_url=website_url,
        photo_url=None,
    )
    person.roles.append(
        Role(
            office=office,
            jurisdiction_abbr=state,
            chamber=chamber,
            district=district,
            start_date=date(2023, 1, 3),
            end_date=end_date,
        )
    )
    if address or phone:
        person.offices.append(
            ContactOffice(position=0, kind="capitol", address=address, phone=phone)
        )
    if twitter:
        person.social_accounts.append(SocialAccount(platform="twitter", handle=twitter))
    session.add(person)
    session.flush()
    return person


def make_zip(session: Session, zcta: str, state: str, district: str) -> None:
    ensure_jurisdiction(session, state)
    session.add(ZipDistrict(zcta=zcta, state_abbr=state, district=district))
    session.flush()


def make_committee(
    session: Session, name: str, state: str | None, members: list[tuple[Person, str]]
) -> Committee:
    committee = Committee(
        id=f"test-committee-{next(_ids)}",
        level="state" if state else "federal",
        jurisdiction_abbr=state,
        chamber="upper",
        name=name,
    )
    session.add(committee)
    for person, role in members:
        session.add(CommitteeMembership(committee=committee, person=person, role=role))
    session.flush()
    return committee


def make_sync(session: Session, **overrides) -> DirectorySync:
    now = datetime.now(UTC).replace(tzinfo=None)
    sync = DirectorySync(
        source=overrides.pop("source", "tests"),
        status=overrides.pop("status", "ok"),
        started_at=now,
        finished_at=now,
        counts=overrides.pop("counts", {}),
        warnings=overrides.pop("warnings", []),
        upstream=overrides.pop("upstream", {}),
    )
    session.add(sync)
    session.flush()
    return sync
