"""Corrections to the directory that survive every sync.

The open data is sometimes wrong or late (a governor who left office a year
ago, a Puerto Rico office on Wyoming's governor). A correction says what is
right, with a source link and the date the campaign made it: replace an
officeholder, end a role, fix a term's end date, fix or add a contact office,
add a missing official. Corrections live in their own table and are applied
after every sync (and when they are loaded or made), so the next import of the
stale data does not undo them.

During a sync each correction is met against the fresh data:

* ``applied`` — the data is still wrong; the correction is applied;
* ``agrees`` — the data now says what the correction says: the sync reports
  it and the organizer can retire the correction;
* ``conflict`` — the data changed the same record differently since the
  correction was made: the sync warns and applies neither silently (the
  data stays, the correction waits for an organizer).

Shipped corrections are a reviewed file, ``content/corrections.yaml``,
loaded all or nothing like the campaign content.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from outreach.directory import jurisdictions
from outreach.directory.version import bump_version
from outreach.models import (
    STATEWIDE_OFFICES,
    AuditEntry,
    ContactOffice,
    DirectoryCorrection,
    OfficeKind,
    Person,
    Role,
)

# The importers' address and phone checks are imported where a correction is
# checked or applied, so that the web app starts without the importers.

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "content" / "corrections.yaml"
CAMPAIGN_SOURCE = "campaign"
ENTITY = "directory_correction"
SINGLE_SEAT = {k.value for k in STATEWIDE_OFFICES}


class CorrectionError(ValueError):
    """A correction (or a file of them) that is refused; ``problems`` name each reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s<>\"]+$", value):
        raise ValueError("must be an http(s) link without spaces")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Url = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_http_url)
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OfficeIn(Strict):
    """A contact office as a correction gives it."""

    kind: Literal["capitol", "district", "primary", "capitol-mail", "district-mail"] = "capitol"
    label: Text | None = None
    address: Annotated[str, StringConstraints(max_length=400)] | None = None
    phone: Annotated[str, StringConstraints(max_length=40)] | None = None
    fax: Annotated[str, StringConstraints(max_length=40)] | None = None

    @model_validator(mode="after")
    def _something(self) -> OfficeIn:
        if not (self.address or self.phone):
            raise ValueError("an office needs an address or a phone number")
        return self


class PersonIn(Strict):
    """A successor or a missing official."""

    name: Text
    given_name: Text | None = None
    family_name: Text | None = None
    party: Text | None = None
    title: Text | None = None
    start_date: date | None = None
    end_date: date | None = None
    email: Annotated[str, StringConstraints(max_length=254)] | None = None
    website: Url | None = None
    offices: list[OfficeIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates(self) -> PersonIn:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError(
                f"the term ends ({self.end_date}) before it starts ({self.start_date})"
            )
        return self


class CorrectionIn(Strict):
    """One correction, as written in the file or the organizer form."""

    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")]
    kind: Literal[
        "replace_officeholder",
        "end_role",
        "fix_end_date",
        "fix_office",
        "add_office",
        "add_official",
    ]
    jurisdiction: Annotated[str, StringConstraints(to_upper=True, min_length=2, max_length=2)]
    office: Literal[tuple(k.value for k in OfficeKind)]  # type: ignore[valid-type]
    district: Text | None = None
    #: The person corrected: their source id (``ocd-person/…`` or bioguide).
    person: Annotated[str, StringConstraints(max_length=80)] | None = None
    #: Their name as the data gives it, for the reader of the file.
    person_name: Text | None = None
    successor: PersonIn | None = None
    end_date: date | None = None
    office_details: OfficeIn | None = Field(default=None, alias="contact_office")
    source: Url
    date: date
    note: Annotated[str, StringConstraints(max_length=1000)] | None = None

    @model_validator(mode="after")
    def _shape(self) -> CorrectionIn:
        if self.jurisdiction not in jurisdictions.JURISDICTIONS:
            raise ValueError(f"unknown jurisdiction {self.jurisdiction}")
        needs_person = self.kind != "add_official"
        if needs_person and not self.person:
            raise ValueError(f"a {self.kind} correction names the person it corrects (person)")
        if self.kind in ("replace_officeholder", "add_official") and self.successor is None:
            raise ValueError(f"a {self.kind} correction gives the official (successor)")
        if self.kind in ("end_role", "fix_end_date") and self.end_date is None:
            raise ValueError(f"a {self.kind} correction gives the end date (end_date)")
        if self.kind in ("fix_office", "add_office") and self.office_details is None:
            raise ValueError(f"a {self.kind} correction gives the office (contact_office)")
        offices = list(self.successor.offices if self.successor else [])
        if self.office_details:
            offices.append(self.office_details)
        from outreach.directory.importers import split_address
        from outreach.directory.importers.offices import foreign_office

        congress = self.office in ("us_senator", "us_representative")
        for office in offices:
            _street, _city, state, _zip = split_address(office.address)
            outside = foreign_office(
                self.jurisdiction,
                address=office.address,
                state=state,
                phones=(office.phone, office.fax),
                congress=congress,
            )
            if outside:
                raise ValueError(
                    f"the office “{office.address or office.phone}” is outside "
                    f"{self.jurisdiction}: {outside}"
                )
        return self


class CorrectionsFile(Strict):
    corrections: list[CorrectionIn]


# --------------------------------------------------------------------------- reading


def parse_corrections(text: str, file: str = "corrections.yaml") -> list[CorrectionIn]:
    """Validate a corrections file whole.

    :raise CorrectionError: naming every problem, by correction key.
    """
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CorrectionError([f"{file}: not valid YAML ({error})"]) from None
    try:
        parsed = CorrectionsFile.model_validate(raw)
    except ValidationError as error:
        raise CorrectionError(
            [f"{file}: {_where(raw, e['loc'])}: {e['msg']}" for e in error.errors()]
        ) from None
    seen: set[str] = set()
    problems = []
    for item in parsed.corrections:
        if item.key in seen:
            problems.append(f"{file}: {item.key}: the key is used twice")
        seen.add(item.key)
    if problems:
        raise CorrectionError(problems)
    return parsed.corrections


def _where(raw: Any, loc: tuple) -> str:
    if len(loc) >= 2 and loc[0] == "corrections" and isinstance(loc[1], int):
        try:
            key = raw["corrections"][loc[1]].get("key")
        except (KeyError, IndexError, TypeError, AttributeError):
            key = None
        rest = ".".join(str(p) for p in loc[2:])
        return f"correction {key or loc[1] + 1}" + (f" ({rest})" if rest else "")
    return ".".join(str(p) for p in loc) or "file"


def read_corrections(path: Path) -> list[CorrectionIn]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CorrectionError([f"{path.name}: cannot be read ({error.strerror})"]) from None
    return parse_corrections(text, path.name)


# --------------------------------------------------------------------------- saving


def _now() -> datetime:
    from outreach.directory.sync import utcnow

    return utcnow()


def snapshot(row: DirectoryCorrection) -> dict[str, Any]:
    """What the audit log keeps of a correction."""
    return {
        "kind": row.kind,
        "jurisdiction": row.jurisdiction,
        "office": row.office,
        "district": row.district,
        "person": row.target,
        "person_name": row.target_name,
        "data": row.data,
        "source": row.source_url,
        "date": row.made_on.isoformat(),
        "note": row.note,
        "status": row.status,
    }


def _data_of(item: CorrectionIn) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if item.successor:
        data["successor"] = item.successor.model_dump(mode="json", exclude_none=True)
    if item.end_date:
        data["end_date"] = item.end_date.isoformat()
    if item.office_details:
        data["office"] = item.office_details.model_dump(mode="json", exclude_none=True)
    return data


def _target(session: Session, item: CorrectionIn) -> Person | None:
    if not item.person:
        return None
    return session.scalars(select(Person).where(Person.source_id == item.person)).first()


def check_targets(session: Session, items: list[CorrectionIn]) -> list[str]:
    """Reasons some corrections cannot apply: an unknown official, a wrong office."""
    problems = []
    for item in items:
        if item.kind == "add_official":
            continue
        person = _target(session, item)
        if person is None:
            problems.append(f"{item.key}: unknown official {item.person}")
            continue
        if person.source == CAMPAIGN_SOURCE:
            problems.append(f"{item.key}: {item.person} was added by a correction")
        start = next(
            (r.start_date for r in person.roles if r.office == item.office and r.start_date),
            None,
        )
        if item.kind in ("end_role", "fix_end_date") and start and item.end_date < start:
            problems.append(
                f"{item.key}: the end date {item.end_date} is before the term's start ({start})"
            )
    return problems


def save_corrections(
    session: Session,
    items: list[CorrectionIn],
    *,
    origin: str,
    actor: str,
    organizer_id: int | None = None,
    retire_missing: bool = False,
    today: date | None = None,
) -> dict[str, int]:
    """Store ``items`` (new or changed by key), audit each change, apply them.

    Every item is checked against the directory first: an unknown official or
    an end before the start refuses the whole lot and nothing is written.
    The caller commits.

    :raise CorrectionError: naming each refused correction.
    """
    problems = check_targets(session, items)
    if problems:
        raise CorrectionError(problems)
    existing = {c.key: c for c in session.scalars(select(DirectoryCorrection))}
    now = _now()
    counts = {"added": 0, "changed": 0, "unchanged": 0, "retired": 0}
    for item in items:
        row = existing.get(item.key)
        before = snapshot(row) if row else None
        target = _target(session, item)
        if row is None:
            row = DirectoryCorrection(
                key=item.key, origin=origin, created_at=now, created_by=actor, last_result={}
            )
            session.add(row)
        row.kind, row.jurisdiction, row.office = item.kind, item.jurisdiction, item.office
        row.district, row.target = item.district, item.person
        row.target_name = item.person_name or (target.name if target else None)
        row.data = _data_of(item)
        row.source_url, row.made_on, row.note = item.source, item.date, item.note
        row.status = "active"
        if before is None or not row.baseline:
            row.baseline = _baseline(session, row)
        after = snapshot(row)
        if before == after:
            counts["unchanged"] += 1
            continue
        counts["added" if before is None else "changed"] += 1
        _audit(
            session,
            actor,
            organizer_id,
            "create" if before is None else "update",
            row,
            before,
            after,
            now,
        )
    if retire_missing:
        keys = {item.key for item in items}
        for row in existing.values():
            if row.origin == origin and row.key not in keys and row.status == "active":
                before = snapshot(row)
                row.status = "retired"
                counts["retired"] += 1
                _audit(session, actor, organizer_id, "update", row, before, snapshot(row), now)
    session.flush()
    apply_corrections(session, today=today, in_sync=False)
    bump_version(session)  # cached pages show the corrected directory
    return counts


def retire(
    session: Session, key: str, *, actor: str, organizer_id: int | None = None
) -> DirectoryCorrection:
    """Retire a correction (the data agrees, or it was wrong); audited. The caller commits.

    Its effect goes at the next sync, which imports the data as published.
    """
    row = session.scalars(
        select(DirectoryCorrection).where(DirectoryCorrection.key == key)
    ).first()
    if row is None:
        raise CorrectionError([f"{key}: no such correction"])
    before = snapshot(row)
    row.status = "retired"
    _audit(session, actor, organizer_id, "update", row, before, snapshot(row), _now())
    bump_version(session)
    return row


def _audit(session, actor, organizer_id, action, row, before, after, now) -> None:
    session.add(
        AuditEntry(
            at=now,
            organizer_id=organizer_id,
            actor=actor,
            action=action,
            entity=ENTITY,
            entity_key=row.key,
            before=before,
            after=after,
        )
    )


def _baseline(session: Session, row: DirectoryCorrection) -> dict[str, Any]:
    """What the data says now about the record the correction changes."""
    person = (
        session.scalars(select(Person).where(Person.source_id == row.target)).first()
        if row.target
        else None
    )
    if person is None:
        return {}
    role = next((r for r in person.roles if r.office == row.office), None)
    return {
        "name": person.name,
        "holds_office": role is not None,
        "end_date": role.end_date.isoformat() if role and role.end_date else None,
        "offices": [[o.kind, o.address, o.phone] for o in person.offices],
    }


# --------------------------------------------------------------------------- applying


@dataclass
class Outcome:
    key: str
    state: str  # applied | agrees | conflict | missing
    message: str


def _norm(name: str | None) -> str:
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z ]", " ", text.lower()).split())


def _same_person(a: str | None, b: str | None) -> bool:
    """Loose name match: ``Jenniffer González-Colón`` = ``Jenniffer Gonzalez Colon``."""
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return False
    if x == y:
        return True
    xs, ys = x.split(), y.split()
    return xs[0] == ys[0] and xs[-1] == ys[-1]


def _holders(session: Session, row: DirectoryCorrection) -> list[tuple[Person, Role]]:
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
        successor = row.data.get("successor") or {}
        upstream = [(p, r) for p, r in _holders(session, row) if p.source != CAMPAIGN_SOURCE]
        if any(_same_person(p.name, successor.get("name")) for p, _ in upstream):
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


def _office_row(person_id: int, office: dict, position: int) -> ContactOffice:
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
    successor: dict,
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


# --------------------------------------------------------------------------- reading for pages


@dataclass(frozen=True)
class Applied:
    """A correction as a page shows it."""

    key: str
    kind: str
    made_on: date
    source_url: str
    note: str | None


def corrections_for(session: Session, person_id: int) -> list[Applied]:
    """Active corrections that changed or added this person."""
    person = session.get(Person, person_id)
    if person is None:
        return []
    rows = session.scalars(
        select(DirectoryCorrection).where(
            DirectoryCorrection.status == "active",
            (DirectoryCorrection.person_id == person_id)
            | (DirectoryCorrection.target == person.source_id),
        )
    )
    return [
        Applied(r.key, r.kind, r.made_on, r.source_url, r.note)
        for r in rows
        if (r.last_result or {}).get("state") == "applied"
    ]


@dataclass(frozen=True)
class Departure:
    """A person a correction says has left, and who holds the office now."""

    office: str
    jurisdiction: str
    successor_id: int | None
    successor_name: str | None
    since: date | None
    source_url: str
    made_on: date

    @property
    def office_label(self) -> str:
        return OfficeKind(self.office).label


def departure_of(session: Session, person_id: int) -> Departure | None:
    """Why the directory knows this person has left, and their successor."""
    row = session.scalars(
        select(DirectoryCorrection)
        .where(
            DirectoryCorrection.status == "active",
            DirectoryCorrection.predecessor_id == person_id,
            DirectoryCorrection.kind.in_(("replace_officeholder", "end_role")),
        )
        .order_by(DirectoryCorrection.id.desc())
    ).first()
    if row is None:
        return None
    successor = row.data.get("successor") or {}
    successor_id = row.person_id
    if successor_id is None and successor:
        match = [
            p for p, _ in _holders(session, row) if _same_person(p.name, successor.get("name"))
        ]
        successor_id = match[0].id if match else None
    start = successor.get("start_date")
    return Departure(
        office=row.office,
        jurisdiction=row.jurisdiction,
        successor_id=successor_id,
        successor_name=successor.get("name"),
        since=date.fromisoformat(start) if start else None,
        source_url=row.source_url,
        made_on=row.made_on,
    )


def corrected_ids(session: Session) -> dict[int, Applied]:
    """Every person an applied correction touched, by id (for lists and the API)."""
    out: dict[int, Applied] = {}
    rows = list(
        session.scalars(select(DirectoryCorrection).where(DirectoryCorrection.status == "active"))
    )
    targets = {r.target for r in rows if r.target}
    ids = (
        dict(
            session.execute(
                select(Person.source_id, Person.id).where(Person.source_id.in_(targets))
            ).all()
        )
        if targets
        else {}
    )
    for r in rows:
        if (r.last_result or {}).get("state") != "applied":
            continue
        applied = Applied(r.key, r.kind, r.made_on, r.source_url, r.note)
        if r.person_id:
            out[r.person_id] = applied
        elif r.target in ids and r.kind in ("fix_end_date", "fix_office", "add_office"):
            out[ids[r.target]] = applied
    return out


def vacant_seats(session: Session) -> set[tuple[str, str]]:
    """``(ABBR, office)`` of single seats a correction ended with no successor."""
    rows = session.scalars(
        select(DirectoryCorrection).where(
            DirectoryCorrection.status == "active", DirectoryCorrection.kind == "end_role"
        )
    )
    return {
        (r.jurisdiction, r.office)
        for r in rows
        if r.office in SINGLE_SEAT and (r.last_result or {}).get("state") == "applied"
    }


def sync_messages(session: Session, today: date) -> list[str]:
    """Apply the corrections after a sync; the warnings the sync records about them."""
    messages = []
    for outcome in apply_corrections(session, today=today, in_sync=True):
        if outcome.state == "agrees":
            messages.append(f"Correction {outcome.key}: {outcome.message}")
        elif outcome.state in ("conflict", "missing"):
            messages.append(f"Correction {outcome.key} ({outcome.state}): {outcome.message}")
    return messages
