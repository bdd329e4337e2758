"""Test data builders: rows written straight to the database."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from outreach.directory import jurisdictions
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


RUBRIC_TITLES = [
    "Qualified immunity for all police officers",
    "Qualified immunity for all public employees",
    "Qualified immunity for all state and U.S. constitutional violations",
    "Caps on the money awarded to victims",
    "Attorney fees covered for victims",
    "Victims compensated the full amount awarded",
    "Officers who fail to intervene held liable",
    "Misconduct records disclosed",
    "Consequences for officers who do wrong",
]


def make_campaign(session: Session):
    """The campaign with its nine criteria."""
    from outreach.models import Campaign, Criterion

    campaign = Campaign(
        slug="end-qualified-immunity",
        name="End Qualified Immunity",
        summary="A test campaign.",
        as_of=date(2026, 6, 30),
    )
    campaign.criteria = [
        Criterion(
            number=n,
            group="end" if n <= 4 else "start",
            title=title,
            explanation=f"What criterion {n} asks.",
        )
        for n, title in enumerate(RUBRIC_TITLES, 1)
    ]
    session.add(campaign)
    session.flush()
    return campaign


def make_record(session: Session, jurisdiction: str, status: str = "enacted", **overrides):
    from outreach.models import ReformRecord

    record = ReformRecord(
        jurisdiction=jurisdiction,
        status=status,
        summary=overrides.pop("summary", f"What {jurisdiction} did."),
        as_of=overrides.pop("as_of", date(2026, 3, 1)),
        sources=overrides.pop("sources", [{"title": "Source", "url": "https://example.org/s"}]),
        **overrides,
    )
    session.add(record)
    session.flush()
    return record


def make_bill(
    session: Session,
    jurisdiction: str,
    identifier: str,
    *,
    stage: str = "enacted",
    ratings: dict[int, str] | None = None,
    active: bool = False,
    last_action: date = date(2021, 6, 1),
    congress: int | None = None,
    **overrides,
):
    """A bill with a rating for each criterion (unknown where not given)."""
    from outreach.models import Assessment, Bill

    ratings = ratings or {}
    slug = overrides.pop("slug", f"{jurisdiction}-{identifier}".lower().replace(" ", "-"))
    # Test bills are reform bills unless they fail criterion 1 (then they stand for
    # rollbacks) or say otherwise: the effect is stated, never inferred by the app.
    overrides.setdefault("qi_effect", "rollback" if ratings.get(1) == "not_met" else "ends")
    bill = Bill(
        slug=slug,
        jurisdiction=jurisdiction,
        identifier=identifier,
        title=overrides.pop("title", f"Bill {identifier}"),
        session=overrides.pop("session", "2021"),
        congress=congress,
        stage=stage,
        active=active,
        last_action=last_action,
        url=overrides.pop("url", "https://example.org/bill"),
        sponsors=overrides.pop("sponsors", []),
        summary=overrides.pop("summary", "What the bill does."),
        events=overrides.pop(
            "events", [{"date": "2021-06-01", "text": "Signed.", "source": None}]
        ),
        **overrides,
    )
    bill.assessments = [
        Assessment(
            criterion=n,
            rating=ratings.get(n, "unknown"),
            note=f"Note {n}",
            source=None if ratings.get(n, "unknown") == "unknown" else "https://example.org/src",
        )
        for n in range(1, 10)
    ]
    session.add(bill)
    session.flush()
    return bill
