"""Parsers for the public data behind the directory.

Each parser turns one upstream source into plain records: it reads files and
returns data, and never touches the database. A problem that makes a file
unusable raises :class:`SyncError` naming the file, the record and what is
wrong; a problem with one value (a malformed email, say) is kept as a warning
and the value is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import yaml
from email_validator import EmailNotValidError, validate_email

try:  # libyaml is several times faster; PyYAML's wheels ship it.
    YamlLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - only without libyaml
    YamlLoader = yaml.SafeLoader

#: Called as ``progress(stage, done, total)`` while a sync runs.
Progress = Callable[[str, int, int], None]


class SyncError(Exception):
    """A source file that cannot be imported; the sync stops and changes nothing."""

    def __init__(self, file: str, message: str, record: str | None = None) -> None:
        self.file = file
        self.record = record
        self.message = message
        where = f"{file}: {record}" if record else file
        super().__init__(f"{where}: {message}")


@dataclass
class OfficeRecord:
    """A postal office with phone and fax, as published."""

    kind: str
    label: str | None = None
    address: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    phone: str | None = None
    fax: str | None = None
    hours: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class PersonRecord:
    """One official and the office they hold, normalised from either source."""

    source: str
    source_id: str
    name: str
    sort_name: str
    office: str
    jurisdiction: str
    origin: str  # file (and record) it came from, for messages
    chamber: str | None = None
    district: str | None = None
    title: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    given_name: str | None = None
    family_name: str | None = None
    middle_name: str | None = None
    suffix: str | None = None
    nickname: str | None = None
    gender: str | None = None
    party: str | None = None
    party_detail: str | None = None
    photo_url: str | None = None
    email: str | None = None
    contact_form_url: str | None = None
    website_url: str | None = None
    bioguide_id: str | None = None
    ocd_person_id: str | None = None
    offices: list[OfficeRecord] = field(default_factory=list)
    social: dict[str, str] = field(default_factory=dict)


@dataclass
class CommitteeRecord:
    """A committee and its members, by the members' source ids."""

    id: str
    level: str
    jurisdiction: str | None
    chamber: str | None
    name: str
    parent_id: str | None = None
    url: str | None = None
    members: list[tuple[str, str]] = field(default_factory=list)  # (source_id, role)


@dataclass
class ZipRecord:
    """One ZCTA–district pair."""

    zcta: str
    state: str
    district: str


@dataclass
class ParsedSource:
    """Everything one source yielded, with the warnings met on the way."""

    people: list[PersonRecord] = field(default_factory=list)
    committees: list[CommitteeRecord] = field(default_factory=list)
    zips: list[ZipRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def parse_date(value: object, file: str, record: str, field_name: str) -> date | None:
    """Read a YAML date, quoted (``'2023-01-17'``) or not (a ``date``).

    :raise SyncError: when the value is not a calendar date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise SyncError(
            file, f"{field_name} “{value}” is not a date (YYYY-MM-DD)", record
        ) from None


_US_ADDRESS = re.compile(
    r"^(?P<street>.+?)[,;]?\s+(?P<city>[A-Za-z][A-Za-z .'\-]*?),?\s+"
    r"(?P<state>[A-Z]{2})\.?,?\s+(?P<zip>\d{5}(?:-\d{4})?)\s*$"
)


def split_address(address: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """Split a one-line U.S. address into street, city, state and ZIP.

    Published addresses are free text; when the shape is not recognised the
    parts are None and the caller keeps the whole address.
    """
    if not address:
        return None, None, None, None
    text = " ".join(address.replace("\n", " ").split())
    if "," in text:
        head, _, tail = text.rpartition(",")
        match = re.match(r"^\s*(?P<state>[A-Z]{2})\.?\s+(?P<zip>\d{5}(?:-\d{4})?)\s*$", tail)
        if match:
            street, _, city = head.rpartition(",")
            if street.strip() and city.strip():
                return street.strip(), city.strip(), match["state"], match["zip"]
    match = _US_ADDRESS.match(text)
    if match:
        return match["street"].strip(" ,"), match["city"].strip(), match["state"], match["zip"]
    return None, None, None, None


def clean(value: object) -> str | None:
    """A stripped string, or None for empty values."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def normalize_party(raw: str | None) -> tuple[str | None, str | None]:
    """Map a published party name to a display party and the detail kept aside.

    ``Democrat``/``Democratic-Farmer-Labor`` → ``Democratic``; fusion labels
    such as ``Republican/Conservative`` keep their main party.
    """
    if not raw:
        return None, None
    text = raw.strip()
    lower = text.lower()
    if lower.startswith("democrat"):
        main = "Democratic"
    elif lower.startswith("republican"):
        main = "Republican"
    else:
        main = text
    plain = lower in {"democrat", "democratic", "republican"}
    return main, (None if plain or text == main else text)


_PLAIN_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


def check_email(value: object) -> str | None:
    """Return the address, or None when it is not a valid email.

    Plain ASCII addresses (nearly all) are checked with a strict pattern; anything
    else goes through ``email_validator``, which knows the full rules.
    """
    text = clean(value)
    if text is None:
        return None
    if _PLAIN_EMAIL.match(text) and ".." not in text and not text.startswith("."):
        local, _, domain = text.rpartition("@")
        return f"{local}@{domain.lower()}"
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def check_url(value: object) -> str | None:
    """Return ``value`` if it is an http(s) URL without spaces, else None."""
    text = clean(value)
    if text and re.match(r"^https?://[^\s]+$", text, re.IGNORECASE):
        return text
    return None
