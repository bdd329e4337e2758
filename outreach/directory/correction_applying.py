"""Applying directory corrections to the directory as it stands, after each sync.

Each active correction is met against the fresh data (applied, agrees,
conflict, missing: see :mod:`outreach.directory.corrections`) and its outcome
kept on the correction's row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from outreach.directory import jurisdictions
from outreach.directory.correction_files import CAMPAIGN_SOURCE
from outreach.models import (
    STATEWIDE_OFFICES,
    ContactOffice,
    DirectoryCorrection,
    OfficeKind,
    Person,
    Role,
)

# The importers' address and phone checks are imported where a correction is
# applied, so that the web app starts without the importers.

#: Offices with one holder per jurisdiction: a successor takes the seat.
SINGLE_SEAT = {k.value for k in STATEWIDE_OFFICES}

# --------------------------------------------------------------------------- applying


@dataclass
class Outcome:
    key: str
    state: str  # applied | agrees | conflict | missing
    message: str


def _norm(name: str | None) -> str:
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z ]", " ", text.lower()).split())


def same_person(a: str | None, b: str | None) -> bool:
    """Loose name match: ``Jenniffer González-Colón`` = ``Jenniffer Gonzalez Colon``."""
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return False
    if x == y:
        return True
    xs, ys = x.split(), y.split()
    return xs[0] == ys[0] and xs[-1] == ys[-1]


def office_holders(session: Session, row: DirectoryCorrection) -> list[tuple[Person, Role]]:
    query = (
        select(Person, Role)
        .join(Role, Role.person_id == Person.id)
        .where(Role.jurisdiction_abbr == row.jurisdiction, Role.office == row.office)
    )
    if row.district:
        query = query.where(Role.district == row.district)
    return list(session.execute(query).tuples())


def active_corrections(session: Session) -> list[DirectoryCorrection]:
    return list(
        session.scalars(
            select(DirectoryCorrection)
            .where(DirectoryCorrection.status == "active")
            .order_by(DirectoryCorrection.id)
        )
    )


def apply_corrections(
    session: Session, *, today: date | None = None, in_sync: bool = True
) -> list[Outcome]:
    """Apply every active correction to the directory as it stands; the caller commits.

    ``in_sync``: the directory was just rewritten from the data, so each
    correction is also met against it (agrees, conflicts). Outside a sync the
    directory already carries earlier corrections, and they are only
    (re-)applied, which changes nothing the second time.
    """
    session.flush()
    session.expire_all()
    outcomes = []
    for row in active_corrections(session):
        outcome = _apply_one(session, row, in_sync=in_sync)
        if in_sync or outcome.state != "agrees":
            row.last_result = {"state": outcome.state, "message": outcome.message}
        outcomes.append(outcome)
        session.flush()
    return outcomes


def _apply_one(session: Session, row: DirectoryCorrection, *, in_sync: bool) -> Outcome:
    target = (
        session.scalars(select(Person).where(Person.source_id == row.target)).first()
        if row.target
        else None
    )
    target_role = (
        next((r for r in target.roles if r.office == row.office), None) if target else None
    )
    label = f"{jurisdictions.JURISDICTIONS[row.jurisdiction].name} {OfficeKind(row.office).label}"
    if row.kind in ("replace_officeholder", "add_official"):
        return _apply_successor(session, row, target, target_role, label)
    if target is None:
        return Outcome(
            row.key, "missing", f"{row.target_name or row.target} is no longer in the data"
        )
    if row.kind == "end_role":
        if target_role is None:
            return Outcome(row.key, "agrees", f"the data no longer lists {target.name} as {label}")
        session.delete(target_role)
        row.predecessor_id = target.id
        return Outcome(row.key, "applied", f"{target.name} no longer holds the office")
    if target_role is None:
        return Outcome(row.key, "missing", f"{target.name} no longer holds the office in the data")
    if row.kind == "fix_end_date":
        return _apply_end_date(row, target_role, in_sync=in_sync)
    return _apply_office(session, row, target, in_sync=in_sync)


def _apply_successor(
    session: Session,
    row: DirectoryCorrection,
    target: Person | None,
    target_role: Role | None,
    label: str,
) -> Outcome:
    """A new officeholder (``replace_officeholder``) or a missing one (``add_official``)."""
    successor = row.data.get("successor") or {}
    upstream = [(p, r) for p, r in office_holders(session, row) if p.source != CAMPAIGN_SOURCE]
    if any(same_person(p.name, successor.get("name")) for p, _ in upstream):
        if target_role is not None and target is not None:
            session.delete(target_role)
            row.predecessor_id = target.id
        _remove_campaign_person(session, row)
        return Outcome(
            row.key,
            "agrees",
            f"the data now lists {successor.get('name')} as {label}: "
            "the correction can be retired",
        )
    others = [p for p, _ in upstream if target is None or p.id != target.id]
    if row.kind == "replace_officeholder" and others and row.office in SINGLE_SEAT:
        _remove_campaign_person(session, row)
        names = ", ".join(p.name for p in others)
        return Outcome(
            row.key,
            "conflict",
            f"the data now lists {names} as {label}, the correction says "
            f"{successor.get('name')}: not applied, review it",
        )
    predecessor = None
    if target_role is not None and target is not None:
        offices = [o for o in target.offices]
        session.delete(target_role)
        row.predecessor_id = target.id
        predecessor = target
    else:
        offices = []
    _upsert_campaign_person(session, row, successor, offices, predecessor=predecessor)
    return Outcome(row.key, "applied", f"{successor.get('name')} is {label}")


def _apply_end_date(row: DirectoryCorrection, target_role: Role, *, in_sync: bool) -> Outcome:
    """The end date of the target's term (``fix_end_date``)."""
    wanted = date.fromisoformat(row.data["end_date"])
    current = target_role.end_date
    if in_sync and current == wanted:
        return Outcome(row.key, "agrees", f"the data now gives the end date {wanted}")
    baseline = row.baseline or {}
    now_end = current.isoformat() if current else None
    if in_sync and "end_date" in baseline and now_end != baseline["end_date"]:
        return Outcome(
            row.key,
            "conflict",
            f"the data changed the end date from {baseline['end_date'] or 'none'} to "
            f"{now_end or 'none'}, the correction says {wanted}: not applied, review it",
        )
    target_role.end_date = wanted
    return Outcome(row.key, "applied", f"term ends {wanted}")


def _apply_office(
    session: Session, row: DirectoryCorrection, target: Person, *, in_sync: bool
) -> Outcome:
    """A contact office fixed or added (``fix_office``, ``add_office``)."""
    office = row.data.get("office") or {}
    kind = office.get("kind", "capitol")
    present = any(
        (o.phone or None) == office.get("phone") and (o.address or None) == office.get("address")
        for o in target.offices
    )
    if present:
        if in_sync:
            return Outcome(row.key, "agrees", "the data now has this office")
        return Outcome(row.key, "applied", "office present")
    keep = [o for o in target.offices if row.kind == "add_office" or o.kind != kind]
    for old in target.offices:
        if old not in keep:
            session.delete(old)
    for position, other in enumerate(sorted(keep, key=lambda o: o.position), 1):
        other.position = position
    session.add(_office_row(target.id, office, 0))
    session.flush()
    session.expire(target, ["offices"])
    return Outcome(row.key, "applied", "office corrected")


def _office_row(person_id: int, office: dict[str, Any], position: int) -> ContactOffice:
    from outreach.directory.importers import split_address

    street, city, state, zip_code = split_address(office.get("address"))
    kind = office.get("kind", "capitol")
    return ContactOffice(
        person_id=person_id,
        position=position,
        kind=kind,
        label=office.get("label") or {"capitol": "Capitol office"}.get(kind, kind.title()),
        address=office.get("address"),
        street=street,
        city=city,
        state=state,
        zip=zip_code,
        phone=office.get("phone"),
        fax=office.get("fax"),
    )


def _remove_campaign_person(session: Session, row: DirectoryCorrection) -> None:
    if row.person_id is not None:
        person = session.get(Person, row.person_id)
        if person is not None and person.source == CAMPAIGN_SOURCE:
            session.delete(person)
        row.person_id = None


def _upsert_campaign_person(
    session: Session,
    row: DirectoryCorrection,
    successor: dict[str, Any],
    inherited: list[ContactOffice],
    *,
    predecessor: Person | None = None,
) -> Person:
    source_id = f"{CAMPAIGN_SOURCE}:{row.key}"
    person = session.scalars(select(Person).where(Person.source_id == source_id)).first()
    name = successor["name"]
    given = successor.get("given_name") or name.split()[0]
    family = successor.get("family_name") or name.split()[-1]
    if person is None:
        person = Person(source=CAMPAIGN_SOURCE, source_id=source_id, name=name, sort_name="")
        session.add(person)
    person.name = name
    person.given_name, person.family_name = given, family
    person.sort_name = f"{family}, {given}"
    person.party = successor.get("party")
    person.email = successor.get("email")
    person.website_url = successor.get("website")
    if (
        predecessor is not None
        and row.office not in ("us_senator", "us_representative")
        and not person.contact_form_url
        and predecessor.contact_form_url
    ):
        # A statewide office's web form belongs to the office (a member of
        # Congress's form is their own): it goes with the office, like its phone.
        person.contact_form_url = predecessor.contact_form_url
        person.contact_form_fields = predecessor.contact_form_fields
    session.flush()
    row.person_id = person.id
    session.execute(delete(Role).where(Role.person_id == person.id))
    session.execute(delete(ContactOffice).where(ContactOffice.person_id == person.id))
    session.add(
        Role(
            person_id=person.id,
            office=row.office,
            jurisdiction_abbr=row.jurisdiction,
            chamber=None,
            district=row.district,
            title=successor.get("title"),
            start_date=date.fromisoformat(successor["start_date"])
            if successor.get("start_date")
            else None,
            end_date=date.fromisoformat(successor["end_date"])
            if successor.get("end_date")
            else None,
        )
    )
    offices = successor.get("offices") or []
    if offices:
        for position, office in enumerate(offices):
            session.add(_office_row(person.id, office, position))
    else:
        # The office's own postal address and phone go with the office.
        for position, old in enumerate(o for o in inherited if o.kind in ("capitol", "primary")):
            session.add(
                ContactOffice(
                    person_id=person.id,
                    position=position,
                    kind=old.kind,
                    label=old.label,
                    address=old.address,
                    street=old.street,
                    city=old.city,
                    state=old.state,
                    zip=old.zip,
                    phone=old.phone,
                    fax=old.fax,
                )
            )
    session.flush()
    return person
