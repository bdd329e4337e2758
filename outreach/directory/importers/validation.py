"""Checks on everything a sync imports, before any of it reaches the database.

- YAML files are refused over :data:`MAX_YAML_BYTES`, and when they use
  aliases (``*name``), before anything is built from them: an alias can make
  a 1 KB file expand to gigabytes ("billion laughs"), and upstream never uses
  them.
- Every imported value is checked against the column it goes to: its type,
  and its length against the column's own (``String(200)``), or
  :data:`MAX_TEXT` for unbounded text columns. A value that does not fit is a
  :class:`SyncError` naming the file, the record and the field, on every
  database alike (SQLite would store a 10 MB name; PostgreSQL would fail with
  a raw driver error).
- Phone and fax numbers are validated like emails: a value that is not a
  phone number is dropped with a warning, and the person is kept.

:func:`check_parsed` runs after parsing and before writing.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import fields
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import String, Text
from sqlalchemy.sql.schema import Table

from outreach.directory.importers import (
    CommitteeRecord,
    OfficeRecord,
    ParsedSource,
    PersonRecord,
    SyncError,
    YamlLoader,
    ZipRecord,
)
from outreach.directory.tables import table_of
from outreach.extensions import Model
from outreach.models import (
    Committee,
    CommitteeMembership,
    ContactOffice,
    Person,
    Role,
    SocialAccount,
    ZipDistrict,
)

#: The largest YAML file a sync reads (upstream's largest is about 1 MB).
MAX_YAML_BYTES = 16 * 1024 * 1024
#: The longest value an unbounded text column takes (an address as published).
MAX_TEXT = 2000

_PHONE_CHARS = re.compile(r"^\+?[0-9 ().\-/]+$")
_EXTENSION = re.compile(r"\s*(?:,|;)?\s*(?:ext\.?|extension|x)\s*\d{1,6}\s*$", re.IGNORECASE)


def load_yaml(path: Path) -> object:
    """Parse one YAML file of a source, refusing huge files and aliases first.

    :raise SyncError: for a missing, too large or malformed file, or one with aliases.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SyncError(str(path), "file is missing") from None
    if size > MAX_YAML_BYTES:
        raise SyncError(
            str(path),
            f"file is {size / 1024 / 1024:.1f} MB, more than the "
            f"{MAX_YAML_BYTES // 1024 // 1024} MB a source file may have",
        )
    data = path.read_bytes()
    try:
        if b"*" in data:  # an alias needs a "*"; most files have none
            for event in yaml.parse(data, Loader=YamlLoader):
                if isinstance(event, yaml.AliasEvent):
                    mark = event.start_mark
                    line = mark.line + 1 if mark is not None else "?"
                    raise SyncError(
                        str(path),
                        f"line {line}: YAML aliases (*{event.anchor}) are not "
                        "accepted in source files",
                    )
        return yaml.load(data, Loader=YamlLoader)
    except yaml.YAMLError as error:
        raise SyncError(str(path), f"not valid YAML ({_yaml_problem(error)})") from None


def _yaml_problem(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"line {mark.line + 1}: {problem}" if mark else str(problem)


def check_phone(value: object) -> str | None:
    """The number as published when it looks like a phone number, else None.

    Accepted: digits with spaces, ``()``, ``-``, ``.``, ``/`` or a leading
    ``+``, 7 digits (a local number), 10, or 11 starting with 1, and an
    optional extension (``x123``, ``ext. 123``).
    """
    if value is None:
        return None
    if not isinstance(value, str | int):
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    number = _EXTENSION.sub("", text)
    if not _PHONE_CHARS.match(number):
        return None
    digits = re.sub(r"\D", "", number)
    if len(digits) in (7, 10) or (len(digits) == 11 and digits.startswith("1")):
        return text
    return None


def _limits(table: Table) -> dict[str, int | None]:
    """Each text column's length limit (None: no limit but :data:`MAX_TEXT`)."""
    limits: dict[str, int | None] = {}
    for column in table.columns:
        if isinstance(column.type, String | Text):
            limits[column.name] = getattr(column.type, "length", None)
    return limits


def _length(model: type[Model], column: str) -> int | None:
    """The length limit of one text column of ``model``."""
    length: int | None = getattr(table_of(model).c[column].type, "length", None)
    return length


_PERSON_LIMITS = {**_limits(table_of(Person)), **_limits(table_of(Role))}
_PERSON_LIMITS["jurisdiction"] = _length(Role, "jurisdiction_abbr")
_OFFICE_LIMITS = _limits(table_of(ContactOffice))
_SOCIAL_LIMITS = _limits(table_of(SocialAccount))
_COMMITTEE_LIMITS = {**_limits(table_of(Committee))}
_COMMITTEE_LIMITS["jurisdiction"] = _length(Committee, "jurisdiction_abbr")
_MEMBER_ROLE = _length(CommitteeMembership, "role")
_ZIP_LIMITS = {**_limits(table_of(ZipDistrict)), "state": 2}


def _check_value(file: str, record: str, name: str, value: object, limit: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, str):
        raise SyncError(
            file, f"{name} must be text, not {type(value).__name__} ({str(value)[:40]!r})", record
        )
    most = limit or MAX_TEXT
    if len(value) > most:
        raise SyncError(
            file,
            f"{name} has {len(value):,} characters, more than the {most:,} it may have "
            f"(“{value[:40]}…”)",
            record,
        )


def _where(origin: str) -> tuple[str, str | None]:
    file, sep, record = origin.partition(": ")
    return file, (record if sep else None)


def _check_record(
    obj: object, limits: dict[str, int | None], origin: str, skip: Collection[str] = ()
) -> None:
    file, record = _where(origin)
    for spec in fields(obj):  # type: ignore[arg-type]
        if spec.name in skip or spec.name not in limits:
            continue
        _check_value(file, record or "", spec.name, getattr(obj, spec.name), limits[spec.name])


def _check_date(origin: str, name: str, value: object) -> None:
    if value is not None and not isinstance(value, date):
        file, record = _where(origin)
        raise SyncError(file, f"{name} must be a date, not {value!r:.40}", record)


def _check_number(origin: str, name: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        file, record = _where(origin)
        raise SyncError(file, f"{name} must be a number, not {value!r:.40}", record)


def check_person(person: PersonRecord, warnings: list[str]) -> None:
    """Check one person's values (raise :class:`SyncError`); drop bad phone numbers."""
    origin = person.origin or person.source_id
    _check_record(person, _PERSON_LIMITS, origin, skip={"origin"})
    for name in ("start_date", "end_date"):
        _check_date(origin, name, getattr(person, name))
    offices: object = person.offices  # parsers build them; checked all the same
    social: object = person.social
    if not isinstance(offices, list) or not isinstance(social, dict):
        file, record = _where(origin)
        raise SyncError(file, "offices and social accounts must be lists", record)
    for office in person.offices:
        if not isinstance(office, OfficeRecord):  # pragma: no cover - parsers build them
            raise SyncError(*_where(origin)[:1], "an office is not a record")
        for name in ("phone", "fax"):
            value = getattr(office, name)
            if value is None:
                continue
            checked = check_phone(value)
            if checked is None:
                warnings.append(
                    f"{origin}: {office.kind} office {name} “{str(value)[:60]}” is not a "
                    "phone number; dropped"
                )
            setattr(office, name, checked)
        _check_record(office, _OFFICE_LIMITS, origin)
        _check_number(origin, "latitude", office.latitude)
        _check_number(origin, "longitude", office.longitude)
    for platform, handle in person.social.items():
        file, record = _where(origin)
        _check_value(file, record or "", "social platform", platform, _SOCIAL_LIMITS["platform"])
        _check_value(file, record or "", f"{platform} handle", handle, _SOCIAL_LIMITS["handle"])


def check_committee(committee: CommitteeRecord) -> None:
    """Check one committee's values and its members' roles."""
    _check_record(committee, _COMMITTEE_LIMITS, f"committee {committee.id[:80]}")
    for source_id, role in committee.members:
        _check_value(f"committee {committee.name[:80]}", source_id, "role", role, _MEMBER_ROLE)


def check_zip(row: ZipRecord) -> None:
    """Check one ZIP-district row."""
    zcta = row.zcta[:10] if isinstance(row.zcta, str) else row.zcta
    _check_record(row, _ZIP_LIMITS, f"zccd.csv: {zcta}")


def check_parsed(parsed: ParsedSource) -> None:
    """Check every value of ``parsed`` before it is written; see the module docstring.

    :raise SyncError: naming the file, the record and the field of the first value
        that cannot be stored.
    """
    for person in parsed.people:
        check_person(person, parsed.warnings)
    for committee in parsed.committees:
        check_committee(committee)
    for row in parsed.zips:
        check_zip(row)
