"""State officials from the Open States ``people`` repository.

Layout: ``data/<state>/legislature/*.yml``, ``executive/*.yml`` and
``committees/*.yml``, one YAML document per file. Everyone in
``legislature/`` and ``executive/`` is taken as serving (upstream moves
leavers to ``retired/``, which is skipped, as are ``municipalities/`` and
``data/us``: Congress comes from congress-legislators). The office a person
holds is their current role (see :mod:`.offices`): an ended role is never
taken for a current one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from outreach.directory import jurisdictions
from outreach.directory.importers import (
    CommitteeRecord,
    OfficeRecord,
    ParsedSource,
    PersonRecord,
    Progress,
    SyncError,
    check_email,
    check_url,
    clean,
    normalize_party,
    parse_date,
    split_address,
)
from outreach.directory.importers.congress import load_yaml
from outreach.directory.importers.offices import Candidate, choose_role, foreign_office, office_for
from outreach.directory.labels import OFFICE_KIND_LABELS

SOURCE = "openstates"
#: Offices with one holder per state: a second file for the same office is
#: an outgoing holder upstream has not retired yet.
SINGLE_SEAT = {"governor", "lt_governor", "attorney_general", "secretary_of_state"}
CONTACT_FORM_NOTES = ("contact form", "webform", "contact", "member contact page", "email form")
SOCIAL_KEYS = ("twitter", "facebook", "instagram", "youtube", "mastodon", "bluesky")
PERSON_FOLDERS = ("legislature", "executive")


@dataclass
class FileResult:
    """What one person file gave: a record, or a reason it was skipped."""

    record: PersonRecord | None = None
    skipped: str | None = None
    warnings: list[str] = field(default_factory=list)


def state_folders(data_root: Path) -> list[tuple[str, Path]]:
    """The ``(ABBR, folder)`` pairs to import, in order; ``data/us`` excluded.

    :raise SyncError: when ``data_root`` is missing.
    """
    if not data_root.is_dir():
        raise SyncError(str(data_root), "folder is missing (expected Open States data/)")
    folders = []
    for child in sorted(data_root.iterdir()):
        abbr = child.name.upper()
        if child.is_dir() and abbr in jurisdictions.STATE_DATA_JURISDICTIONS:
            folders.append((abbr, child))
    if not folders:
        raise SyncError(str(data_root), "no state folders found")
    return folders


def person_files(data_root: Path) -> list[tuple[str, Path]]:
    """Every ``(ABBR, file)`` of serving people, legislature then executive."""
    files: list[tuple[str, Path]] = []
    for abbr, folder in state_folders(data_root):
        for sub in PERSON_FOLDERS:
            files.extend((abbr, path) for path in sorted((folder / sub).glob("*.yml")))
    return files


def _candidates(abbr: str, roles: list[Any], file: str, where: str) -> list[Candidate]:
    """The roles of a person file among the offices the directory lists, with their dates.

    :raise SyncError: for a role that is not a mapping or has unusable dates.
    """
    expected_jurisdiction = jurisdictions.JURISDICTIONS[abbr].ocd_jurisdiction_id
    candidates: list[Candidate] = []
    for position, role in enumerate(roles):
        if not isinstance(role, dict):
            raise SyncError(file, f"role {position + 1} is not a mapping", where)
        role_type = clean(role.get("type"))
        start = parse_date(role.get("start_date"), file, where, "start_date")
        end = parse_date(role.get("end_date"), file, where, "end_date")
        mapped = office_for(abbr, role_type)
        if mapped is None:
            continue
        if clean(role.get("jurisdiction")) not in (None, expected_jurisdiction):
            continue
        candidates.append(Candidate(position, mapped[0], mapped[1], start, end, role))
    return candidates


def _links(data: dict[str, Any]) -> tuple[str | None, str | None]:
    """The contact form and the website among a person's links (either may be None)."""
    links = [link for link in data.get("links") or [] if isinstance(link, dict)]
    contact_form = next(
        (
            check_url(link.get("url"))
            for link in links
            if (clean(link.get("note")) or "").lower() in CONTACT_FORM_NOTES
            and check_url(link.get("url"))
        ),
        None,
    )
    website = next(
        (
            check_url(link.get("url"))
            for link in links
            if check_url(link.get("url")) and check_url(link.get("url")) != contact_form
        ),
        None,
    )
    return contact_form, website


def parse_person_file(abbr: str, path: Path, today: date) -> FileResult:
    """Parse one person file into the office they hold now.

    :raise SyncError: for a file that is not valid YAML or lacks an id, a
        name or usable role dates.
    """
    file = str(path)
    data, person_id, name = _read_person(path, file)
    where = f"{person_id}"
    out = FileResult()
    roles = data.get("roles")
    if not isinstance(roles, list):
        raise SyncError(file, "roles is missing or not a list", where)
    candidates = _candidates(abbr, roles, file, where)
    if not candidates:
        out.skipped = "no role among the offices the directory lists"
        return out
    current = [c for c in candidates if c.end is None or c.end >= today]
    if len({c.office for c in current}) > 1:
        out.warnings.append(
            f"{file}: {where}: holds {len(current)} current roles; the latest started is kept"
        )
    chosen, reason = choose_role(candidates, today)
    if chosen is None:
        out.skipped = f"no current role ({reason})"
        out.warnings.append(f"{file}: {name}: skipped, no current role ({reason})")
        return out
    record = _person_record(abbr, data, chosen, file, where, name, out)
    _add_offices(record, data, abbr, file, name, out)
    _add_social(record, data)
    out.record = record
    return out


def _read_person(path: Path, file: str) -> tuple[dict[str, Any], str, str]:
    """The file's mapping, its ocd-person id and the person's name; else a SyncError."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise SyncError(file, "expected a mapping (one person per file)")
    person_id = clean(data.get("id"))
    if not person_id or not person_id.startswith("ocd-person/"):
        raise SyncError(file, f"id “{person_id}” is not an ocd-person id")
    name = clean(data.get("name"))
    if not name:
        raise SyncError(file, "person has no name", f"{person_id}")
    return data, person_id, name


def _chamber_and_district(chosen: Candidate, file: str, where: str) -> tuple[Any, str | None]:
    """The chamber and district of a legislative role (None, None for other offices)."""
    chamber = chosen.role["type"] if chosen.office.startswith("state_") else None
    district = clean(chosen.role.get("district")) if chamber else None
    if chamber and not district:
        raise SyncError(file, "legislative role has no district", where)
    return chamber, district


def _email(data: dict[str, Any], file: str, name: str, out: FileResult) -> str | None:
    """The person's email address; a malformed one is dropped with a warning."""
    raw_email = clean(data.get("email"))
    email = check_email(raw_email)
    if raw_email and not email:
        out.warnings.append(f"{file}: {name}: dropped malformed email “{raw_email}”")
    return email


def _person_record(
    abbr: str,
    data: dict[str, Any],
    chosen: Candidate,
    file: str,
    where: str,
    name: str,
    out: FileResult,
) -> PersonRecord:
    """The person record for the role ``chosen`` (offices and social accounts not yet added)."""
    chamber, district = _chamber_and_district(chosen, file, where)
    party_raw = _current_party(data.get("party"), file, where)
    party, detail = normalize_party(party_raw)
    email = _email(data, file, name, out)
    photo = check_url(data.get("image"))
    contact_form, website = _links(data)
    given, family = clean(data.get("given_name")), clean(data.get("family_name"))
    return PersonRecord(
        source=SOURCE,
        source_id=where,
        ocd_person_id=where,
        name=name,
        sort_name=f"{family}, {given}" if family and given else (family or name),
        given_name=given,
        family_name=family,
        middle_name=clean(data.get("middle_name")),
        suffix=clean(data.get("suffix")),
        nickname=None,
        gender=clean(data.get("gender")),
        office=chosen.office,
        jurisdiction=abbr,
        chamber=chamber,
        district=district,
        title=chosen.title,
        start_date=chosen.start,
        end_date=chosen.end,
        party=party,
        party_detail=detail,
        photo_url=photo,
        email=email,
        contact_form_url=contact_form,
        website_url=website,
        origin=f"{file}: {where}",
    )


def _add_offices(
    record: PersonRecord, data: dict[str, Any], abbr: str, file: str, name: str, out: FileResult
) -> None:
    """Add the person's offices in the state, capitol offices first."""
    for office_data in data.get("offices") or []:
        if not isinstance(office_data, dict):
            continue
        office = _office(office_data, abbr, file, name, out)
        if office is not None:
            record.offices.append(office)
    # Capitol offices first, then district offices, as people expect to see them.
    record.offices.sort(key=lambda o: 0 if o.kind.startswith("capitol") else 1)


def _office(
    office_data: dict[str, Any], abbr: str, file: str, name: str, out: FileResult
) -> OfficeRecord | None:
    """One office, or None when it is empty or (with a warning) outside the state."""
    address = clean(office_data.get("address"))
    phone, fax = clean(office_data.get("voice")), clean(office_data.get("fax"))
    if not (address or phone or fax):
        return None
    kind = clean(office_data.get("classification")) or "primary"
    street, city, state, zip_code = split_address(address)
    outside = foreign_office(
        abbr, address=address, state=state, phones=(phone, fax), congress=False
    )
    if outside:
        out.warnings.append(
            f"{file}: {name}: dropped the {kind} office “{address or phone}”: "
            f"{outside}, not {abbr}"
        )
        return None
    return OfficeRecord(
        kind=kind,
        label=OFFICE_KIND_LABELS.get(kind, kind.title()),
        address=address,
        street=street,
        city=city,
        state=state,
        zip=zip_code,
        phone=phone,
        fax=fax,
    )


def _add_social(record: PersonRecord, data: dict[str, Any]) -> None:
    """Copy the person's social media handles onto the record."""
    ids = data.get("ids") or {}
    if isinstance(ids, dict):
        for key in SOCIAL_KEYS:
            handle = clean(ids.get(key))
            if handle:
                record.social[key] = handle


def _current_party(parties: object, file: str, where: str) -> str | None:
    if not isinstance(parties, list) or not parties:
        return None
    open_ended = [p for p in parties if isinstance(p, dict) and not p.get("end_date")]
    chosen = (open_ended or [p for p in parties if isinstance(p, dict)])[-1:]
    return clean(chosen[0].get("name")) if chosen else None


def keep_latest_single_seat(
    records: list[PersonRecord], result: ParsedSource
) -> list[PersonRecord]:
    """For governor and the other one-holder offices, keep the latest holder.

    Upstream sometimes lists the outgoing and the incoming holder (or the same
    person twice under two ids); the one whose role started last is kept.
    """
    best: dict[tuple[str, str], PersonRecord] = {}
    kept: list[PersonRecord] = []
    for record in records:
        if record.office not in SINGLE_SEAT:
            kept.append(record)
            continue
        key = (record.jurisdiction, record.office)
        other = best.get(key)
        if other is None:
            best[key] = record
            continue
        newer, older = sorted(
            (record, other),
            key=lambda r: (r.start_date or date.min, r.end_date or date.max, r.source_id),
            reverse=True,
        )
        best[key] = newer
        result.warnings.append(
            f"{older.origin}: {older.name} is listed as {older.office} of {older.jurisdiction} "
            f"beside {newer.name}, whose role started later; kept {newer.name}"
        )
    kept.extend(best.values())
    return kept


def parse_committees(
    data_root: Path, known: set[str], result: ParsedSource, progress: Progress | None = None
) -> None:
    """Parse every state's committees, keeping seats of people in ``known``."""
    files = [
        (abbr, path)
        for abbr, folder in state_folders(data_root)
        for path in sorted((folder / "committees").glob("*.yml"))
    ]
    unknown_seats = 0
    for done, (abbr, path) in enumerate(files, 1):
        data = load_yaml(path)
        file = str(path)
        if not isinstance(data, dict) or not clean(data.get("id")) or not clean(data.get("name")):
            raise SyncError(file, "committee needs an id and a name")
        committee = CommitteeRecord(
            id=str(data["id"]).strip(),
            level="state",
            jurisdiction=abbr,
            chamber=clean(data.get("chamber")),
            name=str(data["name"]).strip(),
            parent_id=clean(data.get("parent")),
            url=next(
                (
                    check_url(link.get("url"))
                    for link in data.get("links") or []
                    if isinstance(link, dict) and check_url(link.get("url"))
                ),
                None,
            ),
        )
        for member in data.get("members") or []:
            person_id = clean((member or {}).get("person_id"))
            if person_id not in known:
                unknown_seats += 1
                continue
            committee.members.append((person_id, clean(member.get("role")) or "member"))
        result.committees.append(committee)
        if progress and done % 200 == 0:
            progress("committees", done, len(files))
    if progress:
        progress("committees", len(files), len(files))
    if unknown_seats:
        result.warnings.append(
            f"Open States committees: {unknown_seats} seats name no current official "
            "(retired or missing person id) and were skipped"
        )
