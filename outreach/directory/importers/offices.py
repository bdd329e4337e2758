"""Which office a person holds now, and whether their contact offices are theirs.

Two rules the importers share:

* **Current roles only.** A role is current on a day when it has started (or
  has no start date) and has not ended (no end date, or an end on or after that
  day). An ended role never becomes current because of its start date. When a
  file has no current role, an executive (whose recorded term ends are often
  stale upstream) keeps their latest executive office, flagged by its past end
  date; a legislator whose every role has ended has left.
* **Offices in the jurisdiction.** A contact office whose postal address names
  another state, or whose phone or fax has another state's area code, is not
  the official's (upstream has copied Puerto Rico's governor's office onto
  Wyoming's governor): it is dropped with a warning naming the file. Offices in
  Washington, DC are accepted for members of Congress.

Office kinds are spelled differently upstream: Massachusetts' Secretary of the
Commonwealth is typed ``chief election officer``. Elsewhere that type names
an election board's director (Illinois, North Carolina, South Carolina,
Wisconsin, DC…), who is not a secretary of state, so the alias is per
jurisdiction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import phonenumbers
from phonenumbers import geocoder

from outreach.directory import jurisdictions

#: Open States role types → the directory's office kinds, everywhere.
ROLE_OFFICES = {
    "upper": "state_senator",
    "lower": "state_representative",
    "legislature": "state_legislator",
    "governor": "governor",
    "lt_governor": "lt_governor",
    "attorney general": "attorney_general",
    "secretary of state": "secretary_of_state",
}
#: Role types that mean a listed office in one jurisdiction only:
#: ``(ABBR, type) → (office, title)``.
JURISDICTION_ROLE_ALIASES: dict[tuple[str, str], tuple[str, str]] = {
    # The Secretary of the Commonwealth is Massachusetts' chief election officer.
    ("MA", "chief election officer"): ("secretary_of_state", "Secretary of the Commonwealth"),
}
EXECUTIVE_OFFICES = frozenset(
    {"governor", "lt_governor", "attorney_general", "secretary_of_state"}
)


def office_for(abbr: str, role_type: str | None) -> tuple[str, str | None] | None:
    """The ``(office, title)`` a role type means in ``abbr``, or None when not listed."""
    if not role_type:
        return None
    alias = JURISDICTION_ROLE_ALIASES.get((abbr, role_type))
    if alias:
        return alias
    office = ROLE_OFFICES.get(role_type)
    return (office, None) if office else None


def is_current(start: date | None, end: date | None, today: date) -> bool:
    """Whether a role dated ``start``–``end`` is held on ``today``."""
    return (start is None or start <= today) and (end is None or end >= today)


@dataclass(frozen=True)
class Candidate:
    """One role of a person file that maps to a listed office."""

    position: int
    office: str
    title: str | None
    start: date | None
    end: date | None
    role: dict[str, Any]


def choose_role(candidates: list[Candidate], today: date) -> tuple[Candidate | None, str | None]:
    """The role a person holds on ``today``: ``(candidate, None)`` or ``(None, reason)``.

    Among current roles the latest started wins (then the later in the file).
    With none current, the latest-ending executive role is kept (its term end
    has passed: the pages say the data may be out of date); legislative roles
    that have ended are never kept.
    """
    current = [c for c in candidates if is_current(c.start, c.end, today)]
    if current:
        return max(current, key=lambda c: (c.start or date.min, c.position)), None
    executive = [c for c in candidates if c.office in EXECUTIVE_OFFICES and c.end is not None]
    executive = [c for c in executive if c.end is not None and c.end < today]
    if executive:
        return max(executive, key=lambda c: (c.end or date.min, c.position)), None
    if any(c.start and c.start > today for c in candidates):
        return None, "role not started yet"
    return None, "every role has ended"


#: Numbering-plan regions that are U.S. territories with their own region code.
TERRITORY_REGIONS = frozenset({"PR", "VI", "GU", "AS", "MP"})
_STATE_IN_TEXT = re.compile(r"\b([A-Z]{2})\.?,?\s+\d{5}(?:-\d{0,4})?\s*$")
_NAMES = {info.name.lower(): abbr for abbr, info in jurisdictions.JURISDICTIONS.items()}
_NAMES["washington d.c."] = "DC"
_NAMES["washington, d.c."] = "DC"


def address_state(address: str | None, parsed_state: str | None = None) -> str | None:
    """The two-letter state an address names (``…, San Juan, PR 00902-0082`` → ``PR``)."""
    if parsed_state:
        return parsed_state.upper()
    if not address:
        return None
    text = " ".join(address.replace(";", " ").split())
    match = _STATE_IN_TEXT.search(text)
    if match and match[1] in jurisdictions.JURISDICTIONS:
        return match[1]
    return None


@cache
def phone_state(phone: str) -> str | None:
    """The state or territory a phone number's area code belongs to, when known.

    Toll-free, overlay-free lookups that the numbering data cannot place, and
    malformed numbers give None (and are not judged here).
    """
    try:
        number = phonenumbers.parse(phone, "US")
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(number)
    if region in TERRITORY_REGIONS:
        return region
    if region and region != "US":
        return f"non-U.S. ({region})"
    description = geocoder.description_for_number(number, "en")
    if not description:
        return None
    match = re.search(r",\s*([A-Z]{2})$", description)
    if match:
        return match[1]
    return _NAMES.get(description.lower())


def foreign_office(
    jurisdiction: str,
    *,
    address: str | None,
    state: str | None,
    phones: tuple[str | None, ...],
    congress: bool,
) -> str | None:
    """Why an office does not belong to an official of ``jurisdiction``, or None.

    Offices in Washington, DC are accepted for members of Congress.
    """
    allowed = {jurisdiction, "DC"} if congress else {jurisdiction}
    in_state = address_state(address, state)
    if in_state and in_state not in allowed:
        return f"its address is in {in_state}"
    for phone in phones:
        if not phone:
            continue
        found = phone_state(phone)
        if found and found not in allowed:
            return f"its number {phone} has a {found} area code"
    return None
