"""Members of Congress from the ``unitedstates/congress-legislators`` files.

``legislators-current.yaml`` is the list of sitting members; each member's
last term is the current one. District offices, social accounts and
committee seats live in separate files joined on the bioguide id.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from outreach.directory import jurisdictions
from outreach.directory.importers import (
    CommitteeRecord,
    OfficeRecord,
    ParsedSource,
    PersonRecord,
    SyncError,
    check_url,
    clean,
    normalize_party,
    parse_date,
)
from outreach.directory.importers.offices import foreign_office

SOURCE = "congress-legislators"
FILES = (
    "legislators-current.yaml",
    "legislators-district-offices.yaml",
    "legislators-social-media.yaml",
    "committees-current.yaml",
    "committee-membership-current.yaml",
)
DELEGATE_TITLES = {"PR": "Resident Commissioner"}
SOCIAL_KEYS = ("twitter", "facebook", "instagram", "youtube", "mastodon")
PHOTO_URL = "https://theunitedstates.io/images/congress/225x275/{bioguide}.jpg"
_DC_ADDRESS = re.compile(r"^(?P<street>.+?),?\s+Washington,?\s+DC\s+(?P<zip>\d{5}(?:-\d{4})?)$")


def load_yaml(path: Path) -> object:
    """Parse one YAML file; a missing, malformed, huge or aliased file is a :class:`SyncError`."""
    from outreach.directory.importers.validation import load_yaml as checked_load

    return checked_load(path)


def _yaml_problem(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"line {mark.line + 1}: {problem}" if mark else str(problem)


def _expect_list(data: object, file: str) -> list[Any]:
    if not isinstance(data, list):
        raise SyncError(file, "expected a list of records at the top level")
    return data


def parse(root: Path, result: ParsedSource) -> None:
    """Parse the congress-legislators folder ``root`` into ``result``."""
    by_bioguide = _read_members(root / "legislators-current.yaml", result)
    _attach_district_offices(root / "legislators-district-offices.yaml", by_bioguide, result)
    _attach_social_accounts(root / "legislators-social-media.yaml", by_bioguide)
    _committees(root, by_bioguide, result)


def _read_members(current_file: Path, result: ParsedSource) -> dict[str, PersonRecord]:
    """Add every sitting member to ``result.people``; return them by bioguide id."""
    people = _expect_list(load_yaml(current_file), str(current_file))
    by_bioguide: dict[str, PersonRecord] = {}
    for index, entry in enumerate(people):
        record = _person(entry, str(current_file), index, result)
        if record is None:
            continue
        if record.source_id in by_bioguide:
            raise SyncError(str(current_file), "bioguide id appears twice", record.origin)
        by_bioguide[record.source_id] = record
        result.people.append(record)
    return by_bioguide


def _attach_district_offices(
    offices_file: Path, by_bioguide: dict[str, PersonRecord], result: ParsedSource
) -> None:
    """Give each member their district offices; warn about non-members and foreign offices."""
    for index, entry in enumerate(_expect_list(load_yaml(offices_file), str(offices_file))):
        bioguide = _bioguide(entry, str(offices_file), index)
        person = by_bioguide.get(bioguide)
        if person is None:
            result.warnings.append(
                f"{offices_file.name}: district offices for {bioguide}, who is not a "
                "current member, were skipped"
            )
            continue
        for office in entry.get("offices") or []:
            _add_district_office(person, _district_office(office), offices_file, bioguide, result)


def _add_district_office(
    person: PersonRecord,
    office_record: OfficeRecord,
    offices_file: Path,
    bioguide: str,
    result: ParsedSource,
) -> None:
    """Append one district office unless it lies outside the member's jurisdiction."""
    outside = foreign_office(
        person.jurisdiction,
        address=office_record.address,
        state=office_record.state,
        phones=(office_record.phone, office_record.fax),
        congress=True,
    )
    if outside:
        result.warnings.append(
            f"{offices_file.name}: {bioguide}: dropped the office "
            f"“{office_record.address}”: {outside}, not {person.jurisdiction}"
        )
        return
    person.offices.append(office_record)


def _attach_social_accounts(social_file: Path, by_bioguide: dict[str, PersonRecord]) -> None:
    """Copy each member's social media handles onto their record."""
    for index, entry in enumerate(_expect_list(load_yaml(social_file), str(social_file))):
        bioguide = _bioguide(entry, str(social_file), index)
        person = by_bioguide.get(bioguide)
        if person is None:
            continue
        social = entry.get("social") or {}
        for key in SOCIAL_KEYS:
            handle = clean(social.get(key))
            if handle:
                person.social[key] = handle
        if "youtube" not in person.social and clean(social.get("youtube_id")):
            person.social["youtube_channel"] = clean(social.get("youtube_id")) or ""


def _bioguide(entry: object, file: str, index: int) -> str:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), dict):
        raise SyncError(file, "record has no id block", f"record {index + 1}")
    bioguide = clean(entry["id"].get("bioguide"))
    if not bioguide:
        raise SyncError(file, "record has no bioguide id", f"record {index + 1}")
    return bioguide


def _current_term(entry: dict[str, Any], file: str, where: str) -> tuple[dict[str, Any], str, str]:
    """The member's last term, its type (sen/rep) and its state; anything odd is a SyncError."""
    terms = entry.get("terms")
    if not isinstance(terms, list) or not terms:
        raise SyncError(file, "member has no terms", where)
    term = terms[-1]
    if not isinstance(term, dict):
        raise SyncError(file, "the last term is not a mapping", where)
    kind = term.get("type")
    state = clean(term.get("state"))
    if kind not in {"sen", "rep"}:
        raise SyncError(file, f"term type “{kind}” is neither sen nor rep", where)
    if state not in jurisdictions.JURISDICTIONS:
        raise SyncError(file, f"unknown state “{state}”", where)
    assert state is not None
    return term, kind, state


def _district_and_title(
    term: dict[str, Any], kind: str, state: str, file: str, where: str
) -> tuple[str | None, str]:
    """The House district (None for senators) and the member's title."""
    if kind != "rep":
        return None, "Senator"
    raw_district = term.get("district")
    if isinstance(raw_district, bool) or not isinstance(raw_district, int):
        raise SyncError(file, f"House district “{raw_district}” is not a number", where)
    if raw_district < 0:
        raise SyncError(file, f"House district {raw_district} is negative", where)
    kind_info = jurisdictions.JURISDICTIONS[state]
    title = (
        DELEGATE_TITLES.get(state, "Delegate") if kind_info.kind != "state" else "Representative"
    )
    return str(raw_district), title


def _display_name(
    name: dict[str, Any], first: str | None, last: str, nickname: str | None, suffix: str | None
) -> str:
    """The official full name, or one built from the (nick)name, last name and suffix."""
    display = clean(name.get("official_full"))
    if display:
        return display
    display = " ".join(p for p in (nickname or first, last) if p)
    if suffix:
        display = f"{display}, {suffix}" if suffix.endswith(".") else f"{display} {suffix}"
    return display


def _party_and_detail(term: dict[str, Any]) -> tuple[str | None, str | None]:
    """The normalized party and its detail (the latest affiliation, any other caucus)."""
    party_raw = clean(term.get("party"))
    affiliations = term.get("party_affiliations")
    if isinstance(affiliations, list) and affiliations:
        party_raw = clean(affiliations[-1].get("party")) or party_raw
    party, detail = normalize_party(party_raw)
    caucus = clean(term.get("caucus"))
    if caucus and caucus != party_raw:
        detail = f"{party_raw}, caucuses with the {normalize_party(caucus)[0]}s"
    return party, detail


def _person(entry: object, file: str, index: int, result: ParsedSource) -> PersonRecord | None:
    bioguide = _bioguide(entry, file, index)
    assert isinstance(entry, dict)
    where = f"record {index + 1} ({bioguide})"
    name = entry.get("name") or {}
    term, kind, state = _current_term(entry, file, where)
    district, title = _district_and_title(term, kind, state, file, where)
    first = clean(name.get("first"))
    last = clean(name.get("last"))
    if not last:
        raise SyncError(file, "member has no last name", where)
    nickname = clean(name.get("nickname"))
    suffix = clean(name.get("suffix"))
    party, detail = _party_and_detail(term)
    record = PersonRecord(
        source=SOURCE,
        source_id=bioguide,
        bioguide_id=bioguide,
        name=_display_name(name, first, last, nickname, suffix),
        sort_name=f"{last}, {first or ''}".strip(", "),
        given_name=first,
        family_name=last,
        middle_name=clean(name.get("middle")),
        suffix=suffix,
        nickname=nickname,
        gender=clean((entry.get("bio") or {}).get("gender")),
        office="us_senator" if kind == "sen" else "us_representative",
        jurisdiction=state,
        chamber="upper" if kind == "sen" else "lower",
        district=district,
        title=title,
        start_date=parse_date(term.get("start"), file, where, "start"),
        end_date=parse_date(term.get("end"), file, where, "end"),
        party=party,
        party_detail=detail,
        photo_url=PHOTO_URL.format(bioguide=bioguide),
        contact_form_url=check_url(term.get("contact_form")),
        website_url=check_url(term.get("url")),
        origin=f"{file}: {where}",
    )
    capitol = _capitol_office(term)
    if capitol is not None:
        record.offices.append(capitol)
    for bad in ("contact_form", "url"):
        if clean(term.get(bad)) and not check_url(term.get(bad)):
            result.warnings.append(f"{file}: {where}: dropped malformed {bad} “{term.get(bad)}”")
    return record


def _capitol_office(term: dict[str, Any]) -> OfficeRecord | None:
    """The Washington office of a term, when it has an address or a phone."""
    address = clean(term.get("address"))
    if not (address or clean(term.get("phone"))):
        return None
    street = zip_code = None
    match = _DC_ADDRESS.match(address or "")
    if match:
        street, zip_code = match["street"], match["zip"]
    return OfficeRecord(
        kind="capitol",
        label="Washington, DC office",
        address=address,
        street=street,
        city="Washington" if match else None,
        state="DC" if match else None,
        zip=zip_code,
        phone=clean(term.get("phone")),
        fax=clean(term.get("fax")),
    )


def _district_office(office: dict[str, Any]) -> OfficeRecord:
    street = " ".join(p for p in (clean(office.get("address")), clean(office.get("suite"))) if p)
    building = clean(office.get("building"))
    if building:
        street = f"{street}, {building}" if street else building
    city, state, zip_code = clean(office.get("city")), clean(office.get("state")), None
    zip_code = clean(office.get("zip"))
    one_line = ", ".join(p for p in (street, city, f"{state or ''} {zip_code or ''}".strip()) if p)
    return OfficeRecord(
        kind="district",
        label=f"{city} office" if city else "District office",
        address=one_line or None,
        street=street or None,
        city=city,
        state=state,
        zip=zip_code,
        phone=clean(office.get("phone")),
        fax=clean(office.get("fax")),
        hours=clean(office.get("hours")),
        latitude=_float(office.get("latitude")),
        longitude=_float(office.get("longitude")),
    )


def _float(value: object) -> float | None:
    try:
        return float(value) if value is not None else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _committees(root: Path, people: dict[str, PersonRecord], result: ParsedSource) -> None:
    committees_file = root / "committees-current.yaml"
    committees: dict[str, CommitteeRecord] = {}
    for index, entry in enumerate(_expect_list(load_yaml(committees_file), str(committees_file))):
        if not isinstance(entry, dict) or not clean(entry.get("thomas_id")):
            raise SyncError(
                str(committees_file), "committee has no thomas_id", f"record {index + 1}"
            )
        thomas = str(entry["thomas_id"]).strip()
        chamber = clean(entry.get("type"))
        committees[thomas] = CommitteeRecord(
            id=thomas,
            level="federal",
            jurisdiction=None,
            chamber=chamber,
            name=_committee_name(chamber, clean(entry.get("name")) or thomas),
            url=check_url(entry.get("url")),
        )
        for sub in entry.get("subcommittees") or []:
            sub_id = f"{thomas}{str(sub.get('thomas_id', '')).strip()}"
            committees[sub_id] = CommitteeRecord(
                id=sub_id,
                level="federal",
                jurisdiction=None,
                chamber=chamber,
                name=clean(sub.get("name")) or sub_id,
                parent_id=thomas,
            )
    membership_file = root / "committee-membership-current.yaml"
    memberships = load_yaml(membership_file)
    if not isinstance(memberships, dict):
        raise SyncError(str(membership_file), "expected a mapping of committee ids to members")
    for committee_id, members in memberships.items():
        committee = committees.get(str(committee_id))
        if committee is None:
            result.warnings.append(
                f"{membership_file.name}: members of unknown committee {committee_id} skipped"
            )
            continue
        for member in members or []:
            bioguide = clean((member or {}).get("bioguide"))
            if bioguide not in people:
                result.warnings.append(
                    f"{membership_file.name}: {committee_id}: member {bioguide} is not a "
                    "current legislator; seat skipped"
                )
                continue
            role = clean(member.get("title")) or "Member"
            committee.members.append((bioguide, role))
    result.committees.extend(committees.values())


def _committee_name(chamber: str | None, name: str) -> str:
    prefix = {"house": "House", "senate": "Senate", "joint": "Joint"}.get(chamber or "")
    if prefix and not name.lower().startswith(prefix.lower()):
        return f"{prefix} {name}"
    return name
