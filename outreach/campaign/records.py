"""Reading the campaign's content: standings for the map, one state's page, bills.

Everything here reads; organizers' edits go through :mod:`outreach.campaign.editing`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from outreach.campaign.scoring import Score, bill_score
from outreach.campaign.standings import Standing, standing_for
from outreach.directory import jurisdictions
from outreach.directory.errors import LookupInputError, UnknownJurisdiction
from outreach.models import (
    Bill,
    BillStage,
    Campaign,
    Committee,
    CommitteeMembership,
    Place,
    ReformRecord,
)

FEDERAL = "US"
#: Jurisdictions on the national map: the states, DC and Puerto Rico.
MAP_JURISDICTIONS = tuple(
    sorted(
        jurisdictions.STATE_DATA_JURISDICTIONS, key=lambda a: jurisdictions.JURISDICTIONS[a].name
    )
)
#: Committees that hear qualified-immunity and policing bills, by name.
COMMITTEE_PATTERN = re.compile(
    r"judiciary|public safety|criminal justice|law enforcement|civil rights|"
    r"corrections|homeland security|crime|police",
    re.IGNORECASE,
)


def get_campaign(session: Session) -> Campaign | None:
    """The campaign with its rubric, or None before content is loaded."""
    return session.scalars(select(Campaign).options(selectinload(Campaign.criteria))).first()


def _bills_query() -> Select[tuple[Bill]]:
    return select(Bill).options(selectinload(Bill.assessments))


def all_standings(session: Session, today: date) -> list[Standing]:
    """Every state, DC and Puerto Rico, in name order, each scored."""
    records = {r.jurisdiction: r for r in session.scalars(select(ReformRecord))}
    bills: dict[str, list[Bill]] = defaultdict(list)
    for bill in session.scalars(_bills_query()):
        bills[bill.jurisdiction].append(bill)
    return [
        standing_for(
            abbr,
            jurisdictions.JURISDICTIONS[abbr].name,
            jurisdictions.JURISDICTIONS[abbr].kind,
            records.get(abbr),
            bills.get(abbr, []),
            today,
        )
        for abbr in MAP_JURISDICTIONS
    ]


def place_standings(session: Session, today: date) -> list[Standing]:
    """Cities and other places with records of their own."""
    places = list(session.scalars(select(Place).order_by(Place.name)))
    return [standing(session, place.code, today) for place in places]


def normalize_code(session: Session, raw: str) -> tuple[str, str, str]:
    """``(code, name, kind)`` for a state, territory or place code, in any case.

    :raise UnknownJurisdiction: when nothing has that code.
    """
    code = (raw or "").strip().upper()[:8]
    info = jurisdictions.JURISDICTIONS.get(code)
    if info is not None:
        return info.abbr, info.name, info.kind
    place = session.get(Place, code) if code else None
    if place is not None:
        return place.code, place.name, place.kind
    raise UnknownJurisdiction(f"“{(raw or '')[:20]}” is not a state, territory or city we track.")


def standing(session: Session, raw_code: str, today: date) -> Standing:
    """One jurisdiction's standing, with all its bills.

    :raise UnknownJurisdiction: for an unknown code.
    """
    code, name, kind = normalize_code(session, raw_code)
    record = session.scalars(select(ReformRecord).where(ReformRecord.jurisdiction == code)).first()
    bills = session.scalars(_bills_query().where(Bill.jurisdiction == code)).all()
    return standing_for(code, name, kind, record, bills, today)


def places_in(session: Session, state: str) -> list[Place]:
    """The places (cities) with records inside ``state``."""
    return list(session.scalars(select(Place).where(Place.state == state).order_by(Place.name)))


def federal_bills(session: Session) -> list[tuple[int, list[tuple[Bill, Score]]]]:
    """Federal bills grouped by Congress, newest Congress first, each with its score."""
    grouped: dict[int, list[tuple[Bill, Score]]] = defaultdict(list)
    query = _bills_query().where(Bill.jurisdiction == FEDERAL).order_by(Bill.last_action.desc())
    for bill in session.scalars(query):
        grouped[bill.congress or 0].append((bill, bill_score(bill)))
    return sorted(grouped.items(), reverse=True)


def find_bills(
    session: Session, *, jurisdiction: str | None = None, stage: str | None = None
) -> list[tuple[Bill, Score]]:
    """Bills filtered by jurisdiction (a code or US) and stage, newest action first.

    :raise LookupInputError: for an unknown stage.
    :raise UnknownJurisdiction: for an unknown jurisdiction.
    """
    query = _bills_query().order_by(Bill.last_action.desc(), Bill.identifier)
    if jurisdiction:
        code = jurisdiction.strip().upper()
        if code != FEDERAL:
            code = normalize_code(session, code)[0]
        query = query.where(Bill.jurisdiction == code)
    if stage:
        if stage not in {s.value for s in BillStage}:
            valid = ", ".join(s.value for s in BillStage)
            raise LookupInputError(f"Unknown stage “{stage[:40]}”. Valid values: {valid}.")
        query = query.where(Bill.stage == stage)
    return [(bill, bill_score(bill)) for bill in session.scalars(query)]


def get_bill(session: Session, slug: str) -> Bill | None:
    """A bill by its slug, with its assessments."""
    return session.scalars(_bills_query().where(Bill.slug == slug[:80])).first()


def relevant_committee_seats(session: Session, state: str) -> dict[int, list[tuple[str, str]]]:
    """Seats on committees that hear policing bills, per person id: (committee, role)."""
    rows = session.execute(
        select(CommitteeMembership.person_id, Committee.name, CommitteeMembership.role)
        .join(Committee, Committee.id == CommitteeMembership.committee_id)
        .where(Committee.jurisdiction_abbr == state)
    )
    seats: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for person_id, name, role in rows:
        if COMMITTEE_PATTERN.search(name):
            seats[person_id].append((name, role))
    return dict(seats)
