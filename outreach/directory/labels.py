"""How directory data reads to people: labels, links and dates for pages and the API.

The one place that turns public data into text: district, office and
chamber names, party names and dates (phone numbers, e-mail addresses and
links: :mod:`outreach.directory.contact_links`). :mod:`outreach.jinja` registers these as Jinja
filters; :mod:`outreach.api.serialize` calls them for the JSON API.

Pure functions on plain values and model rows: no request, no database query,
no Flask. The data comes from public sources, so every function tolerates
missing or odd input, and nothing here builds a link from a URL that is not
http(s).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TypeVar

from outreach.directory import jurisdictions
from outreach.directory.jurisdictions import CHAMBERS
from outreach.directory.lookup import District
from outreach.directory.officials_read import AnyRole, RoleView
from outreach.models import (
    STATEWIDE_OFFICES,
    CommitteeMembership,
    ContactOffice,
    OfficeKind,
    Person,
    Role,
)

# --------------------------------------------------------------------------- places and districts

_NO_DISTRICT_OFFICES = frozenset(
    {OfficeKind.US_SENATOR.value, *(k.value for k in STATEWIDE_OFFICES)}
)
_NUMBERED_DISTRICT = re.compile(r"^(\d+)([A-Za-z]{0,2})$")
_LETTERED_DISTRICT = re.compile(r"^[A-Za-z]{1,2}$")


def state_name(abbr: str | None) -> str | None:
    """``California`` for ``CA`` (any case), or None for a code that is not a jurisdiction."""
    info = jurisdictions.get(abbr or "")
    return info.name if info else None


def numbered_district_label(district: str | None) -> str | None:
    """``District 12`` for ``12`` or ``012``, ``District 21A``, ``District B``; else None.

    Only districts that are a number (with up to two letters) or one or two
    letters have this form; named ones (``Ward 1``) get None.
    """
    text = (district or "").strip()
    match = _NUMBERED_DISTRICT.match(text)
    if match:
        return f"District {int(match.group(1))}{match.group(2).upper()}"
    if _LETTERED_DISTRICT.match(text):
        return f"District {text.upper()}"
    return None


def district_label(value: AnyRole | str | None) -> str:
    """The district as pages show it; ``""`` for none.

    ``District 12``, ``District 21A``, ``At-large`` (for ``0``, ``AL``,
    ``At-Large``…), ``At-large (Chairman)``; named districts (``Ward 1``,
    ``Hillsborough 12``) as published. Accepts a :class:`Role` (offices
    elected statewide have no district) or a district string.
    """
    if isinstance(value, Role | RoleView):
        if value.office in _NO_DISTRICT_OFFICES:
            return ""
        value = value.district
    text = (value or "").strip()
    if not text:
        return ""
    low = text.lower()
    if low in {"0", "00", "at-large", "at large", "al"}:
        return "At-large"
    if low == "chairman":
        return "At-large (Chairman)"
    return numbered_district_label(text) or text


def compact_district_label(
    office: str | None, state: str | None, district: str | None
) -> str | None:
    """The district as the API labels it: the state is part of a House seat's label.

    House seats read ``CA-12`` or ``AK at-large`` (at-large seats are stored
    as ``"0"``); numbered legislative districts read ``District 21A`` (see
    :func:`numbered_district_label`); named ones (``Ward 1``, ``At-Large``,
    ``Chairman``) are kept as published. Offices without a district get None.
    """
    if not district:
        return None
    if office == OfficeKind.US_REPRESENTATIVE and state in jurisdictions.JURISDICTIONS:
        return District(state, district).label
    return numbered_district_label(district) or district


def seat_label(role: AnyRole | None) -> str:
    """``California, District 12`` or ``California``: where the office's voters live."""
    if role is None:
        return ""
    district = district_label(role)
    name = state_name(role.jurisdiction_abbr) or role.jurisdiction_abbr or ""
    return f"{name}, {district}" if district else name


# --------------------------------------------------------------------------- chambers and offices

_LOWER_CHAMBERS = {
    "CA": "State Assembly",
    "NV": "State Assembly",
    "NY": "State Assembly",
    "WI": "State Assembly",
    "NJ": "General Assembly",
    "MD": "House of Delegates",
    "VA": "House of Delegates",
    "WV": "House of Delegates",
    "PR": "House of Representatives",
}


def chamber_name(chamber: str | None, state: str | None = None) -> str:
    """The name of a legislative chamber: ``State Senate``, ``State Assembly``, ``Council``…"""
    state = (state or "").upper()
    if chamber == "upper":
        return "Senate" if state == "PR" else "State Senate"
    if chamber == "lower":
        return _LOWER_CHAMBERS.get(state, "State House")
    if chamber == "legislature":
        return {"DC": "Council", "NE": "Legislature"}.get(state, "Legislature")
    return (chamber or "").title()


def role_chamber(role: AnyRole | None) -> str:
    """The chamber an office sits in: ``U.S. Senate``, ``State Assembly``…; else ``""``."""
    if role is None:
        return ""
    if role.office == OfficeKind.US_SENATOR.value:
        return "U.S. Senate"
    if role.office == OfficeKind.US_REPRESENTATIVE.value:
        return "U.S. House of Representatives"
    if role.chamber in CHAMBERS:
        return chamber_name(role.chamber, role.jurisdiction_abbr)
    return ""


#: What a member of each lower chamber is called, where it is not "State Representative".
_LOWER_MEMBER_TITLES = {
    "State Assembly": "Assemblymember",
    "House of Delegates": "Delegate",
    "General Assembly": "Member of the General Assembly",
}


_US_REPRESENTATIVE = OfficeKind.US_REPRESENTATIVE.value
_GOVERNOR = OfficeKind.GOVERNOR.value
_STATE_LEGISLATOR = OfficeKind.STATE_LEGISLATOR.value
_STATE_REPRESENTATIVE = OfficeKind.STATE_REPRESENTATIVE.value
#: The generic name of each office kind (``OfficeKind.label``), by value.
_KIND_LABELS = {kind.value: kind.label for kind in OfficeKind}


def _local_title(role: AnyRole) -> str | None:
    """The local name of the office where it differs from the generic one, else None."""
    state = role.jurisdiction_abbr
    office = role.office
    if office == _US_REPRESENTATIVE:
        if state == "PR":
            return "Resident Commissioner"
        info = jurisdictions.JURISDICTIONS.get(state)
        if info is not None and info.kind != "state":
            return "Delegate to the U.S. House"
    if office == _GOVERNOR and state == "DC":
        return "Mayor"
    if office == _STATE_LEGISLATOR:
        if state == "DC":
            chairman = (role.district or "").lower() == "chairman"
            return "Council Chairman" if chairman else "Councilmember"
        if state == "NE":
            return "State Senator"
    if office == _STATE_REPRESENTATIVE:
        return _LOWER_MEMBER_TITLES.get(_LOWER_CHAMBERS.get(state, ""))
    return None


def office_label(role: AnyRole | None) -> str:
    """The title of the office where it sits: ``Assemblymember``, ``Delegate``, ``Mayor``…

    Pages use these local names; the API gives the generic ``OfficeKind.label``.
    """
    if role is None:
        return ""
    local = _local_title(role)
    if local is not None:
        return local
    label = _KIND_LABELS.get(role.office)
    if label is not None:
        return label
    return (role.office or "").replace("_", " ").title()


#: How each kind of contact office is named on pages (and by the importer).
OFFICE_KIND_LABELS = {
    "capitol": "Capitol office",
    "district": "District office",
    "capitol-mail": "Capitol mailing address",
    "district-mail": "District mailing address",
    "primary": "Main office",
    "home": "Home office",
}
_FEDERAL_OFFICES = frozenset({OfficeKind.US_SENATOR.value, OfficeKind.US_REPRESENTATIVE.value})


def contact_office_label(office: ContactOffice) -> str:
    """``Washington, DC office``, ``District office: Fresno``, or the published label."""
    if office.label:
        return office.label
    kind = (office.kind or "").lower()
    person = getattr(office, "person", None)  # read-only views carry no back-reference
    role = person.role if person is not None else None
    if kind == "capitol" and role is not None and role.office in _FEDERAL_OFFICES:
        return "Washington, DC office"
    label = OFFICE_KIND_LABELS.get(kind, kind.replace("-", " ").capitalize() or "Office")
    if kind == "district" and office.city:
        return f"{label}: {office.city}"
    return label


def address_lines(office: ContactOffice) -> list[str]:
    """The postal address of a :class:`ContactOffice`, line by line."""
    if office.address and not (office.street and office.city):
        parts = [office.address]
    else:
        place = ", ".join(p for p in [office.city, office.state] if p)
        zip_code = (office.zip or "").strip().rstrip("-")
        if zip_code:
            place = f"{place} {zip_code}".strip()
        parts = [office.street or "", place]
    lines = []
    for part in parts:
        lines.extend(re.split(r"\s*(?:\n|;)\s*", part.strip()))
    return [line for line in lines if line]


def source_label(person: Person) -> str:
    """What the person's public id is called: ``Bioguide ID``, ``Open States ID``…"""
    if person.bioguide_id:
        return "Bioguide ID"
    if person.ocd_person_id:
        return "Open States ID"
    return "Source ID"


# --------------------------------------------------------------------------- parties

_PARTY_NAMES = {"democrat": "Democratic", "democratic party": "Democratic"}
_PARTY_SHORT = {
    "democratic": "D",
    "democrat": "D",
    "republican": "R",
    "independent": "I",
    "democratic-farmer-labor": "DFL",
    "nonpartisan": "NP",
    "libertarian": "L",
    "green": "G",
    "progressive": "P",
}


def party_name(raw: str | None) -> str:
    """``Democratic`` for ``Democrat``; other names as published."""
    value = (raw or "").strip()
    return _PARTY_NAMES.get(value.lower(), value)


def party_short(raw: str | None) -> str:
    """``D``, ``R``, ``I``, ``DFL``…; the whole name when there is no usual short form."""
    value = party_name(raw)
    return _PARTY_SHORT.get(value.lower(), value)


# --------------------------------------------------------------------------- committees

M = TypeVar("M", bound=CommitteeMembership)


def committee_role(raw: str | None) -> str:
    """``Ranking Member`` for ``ranking member``; ``Member`` when empty."""
    value = (raw or "member").strip() or "member"
    return " ".join(w[:1].upper() + w[1:] for w in value.replace("_", " ").split())


def is_leadership(raw: str | None) -> bool:
    """Whether a committee role is more than a seat (chair, ranking member…)."""
    return (raw or "member").strip().lower() not in {"member", ""}


def leadership_first(memberships: Iterable[M]) -> list[M]:
    """Committee seats with a leadership role first, then by committee name."""
    return sorted(memberships, key=lambda m: (not is_leadership(m.role), m.committee.name.lower()))


# --------------------------------------------------------------------------- dates and names


def place_phrase(abbr: str, name: str) -> str:
    """How a sentence names a jurisdiction: ``the District of Columbia``, ``Ohio``."""
    if abbr == "DC":
        return "the District of Columbia"
    return name


def format_date(value: date | datetime | None) -> str:
    """``June 15, 2026``; ``""`` for None."""
    if value is None:
        return ""
    return f"{value:%B} {value.day}, {value.year}"


def iso_date(value: date | datetime | None) -> str | None:
    """``YYYY-MM-DD`` (the day of a datetime), or None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def iso_datetime(value: datetime | None) -> str | None:
    """An RFC 3339 timestamp in UTC (``2026-08-05T12:00:00Z``), or None.

    The database stores naive datetimes in UTC.
    """
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def initials(name: str | None) -> str:
    """``PE`` for ``Pat Example`` (the placeholder when there is no photo)."""
    words = [w for w in re.split(r"[\s.-]+", name or "") if w and w[0].isalpha()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()
