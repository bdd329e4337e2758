"""The columns of every export format, and the row of one official.

Every format carries the same fields (:data:`COLUMNS`, documented on the
export page); :func:`export_row` gives them for one official.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from outreach.directory.contact_links import format_phone, safe_url
from outreach.directory.contact_links import valid_email as _valid_email
from outreach.directory.labels import office_label, party_name
from outreach.directory.officials_read import Office, Official
from outreach.directory.vcard import split_address
from outreach.models import (
    OfficeKind,
)

#: Contact offices that count as the capitol and as the district office, by preference.
CAPITOL_KINDS = ("capitol", "capitol-mail", "primary")
DISTRICT_KINDS = ("district", "district-mail")

# --------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    """One exported field: its name (the CSV header and JSON key) and meaning."""

    key: str
    description: str
    width: int = 14  # XLSX column width, in characters


COLUMNS: tuple[Column, ...] = (
    Column("id", "The directory’s number for the official (as in their page’s address).", 8),
    Column("name", "Full name, as published.", 26),
    Column("given_name", "Given (first) name.", 14),
    Column("middle_name", "Middle name or initial.", 10),
    Column("family_name", "Family (last) name.", 16),
    Column("suffix", "Jr., III…", 7),
    Column(
        "office",
        "Office kind: " + ", ".join(k.value for k in OfficeKind) + ".",
        20,
    ),
    Column(
        "office_label",
        "The office’s title where it sits (State Senator, Assemblymember, Delegate…).",
        22,
    ),
    Column("state", "Two-letter state or territory code.", 6),
    Column(
        "district",
        "District as published (12, 21A, Ward 1, Chittenden-1; 0 = an at-large House seat); "
        "empty for offices elected statewide.",
        12,
    ),
    Column(
        "chamber",
        "upper (U.S. Senate, state senates), lower (U.S. House, state houses and "
        "assemblies), legislature (unicameral: Nebraska, the DC Council); empty for "
        "executives.",
        11,
    ),
    Column("party", "Party, as published (Democrat is written Democratic).", 14),
    Column("email", "Main email address (empty when none, or when it is malformed).", 30),
    Column(
        "phone",
        "Main phone: the first office’s, as (202) 555-0100 for U.S. numbers.",
        16,
    ),
    Column("capitol_street", "Capitol (or Washington, DC) office: street.", 30),
    Column("capitol_city", "Capitol office: city.", 14),
    Column("capitol_state", "Capitol office: state.", 6),
    Column("capitol_zip", "Capitol office: ZIP code (text, leading zeros kept).", 10),
    Column("district_office_street", "First district office: street.", 30),
    Column("district_office_city", "First district office: city.", 14),
    Column("district_office_state", "First district office: state.", 6),
    Column("district_office_zip", "First district office: ZIP code.", 10),
    Column("contact_form", "Web contact form (members of Congress have no public email).", 30),
    Column("website", "Official website.", 30),
    Column(
        "source_id",
        "Public id at the source: bioguide id (Congress) or ocd-person id (Open States).",
        22,
    ),
    Column(
        "term_end",
        "When the recorded term ends (YYYY-MM-DD); a date in the past means the record "
        "may be out of date.",
        11,
    ),
    Column("as_of", "The day the directory was last synced from its sources (YYYY-MM-DD).", 11),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
DATE_COLUMNS = frozenset({"term_end", "as_of"})


# --------------------------------------------------------------------------- rows


def main_email(person: Official) -> str | None:
    """The official's email when it looks deliverable, else None."""
    return _valid_email(person.email)


def main_phone(person: Official) -> str | None:
    """The first phone of the official's offices, as published, or None."""
    phones = person.phones
    return phones[0] if phones else None


def first_office(person: Official, kinds: tuple[str, ...]) -> Office | None:
    """The first contact office of the first of ``kinds`` the official has, or None."""
    for kind in kinds:
        for office in person.offices:
            if (office.kind or "").lower() == kind:
                return office
    return None


#: A plain http(s) URL (no spaces, a simple host): what safe_url keeps as it is.
_PLAIN_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#]\S*)?$", re.IGNORECASE)


def link(raw: str | None) -> str | None:
    """:func:`outreach.directory.labels.safe_url`, fast for the plain URLs most rows hold."""
    if raw:
        value = raw.strip()
        if len(value) <= 2000 and _PLAIN_URL.match(value):
            return value
    return safe_url(raw)


def source_id(person: Official) -> str:
    """The official's public id at the source: bioguide id, else ocd-person id."""
    return person.bioguide_id or person.ocd_person_id or person.source_id


#: A U.S. number as most offices publish it (``512-463-0106``, ``(512) 463-0106``,
#: ``512.463.0106``): :func:`phone` formats it without the general parser.
_PLAIN_PHONE = re.compile(r"^\(?(\d{3})\)?[-. ]?(\d{3})[-. ](\d{4})$")


def phone_text(raw: str) -> str:
    """:func:`outreach.directory.contact_links.format_phone`, fast for the usual forms."""
    match = _PLAIN_PHONE.match(raw)
    if match:
        return "({}) {}-{}".format(*match.groups())
    return format_phone(raw)


def _address(office: Office | None) -> tuple[str | None, str | None, str | None, str | None]:
    """Street, city, state and ZIP of ``office``, None for each missing part."""
    if office is None:
        return (None, None, None, None)
    street, city, region, code = split_address(office)
    return (street or None, city or None, region or None, code or None)


def export_values(person: Official, as_of: date | None) -> tuple[object, ...]:
    """The exported fields of one official, in the order of :data:`COLUMN_KEYS`.

    Text, or None when missing (never an empty string); dates; the id, a number.
    """
    role = person.role
    phone = next((o.phone for o in person.offices if o.phone), None)
    if role is None:
        held: tuple[object, ...] = (None, None, None, None, None)
        term_end = None
    else:
        held = (
            role.office or None,
            office_label(role) or None,
            role.jurisdiction_abbr or None,
            role.district or None,
            role.chamber or None,
        )
        term_end = role.end_date
    return (
        person.id,
        person.name or None,
        person.given_name or None,
        person.middle_name or None,
        person.family_name or None,
        person.suffix or None,
        *held,
        party_name(person.party) or None,
        main_email(person),
        (phone_text(phone) or None) if phone else None,
        *_address(first_office(person, CAPITOL_KINDS)),
        *_address(first_office(person, DISTRICT_KINDS)),
        link(person.contact_form_url) or None,
        link(person.website_url) or None,
        source_id(person) or None,
        term_end,
        as_of,
    )


def export_row(person: Official, as_of: date | None) -> dict[str, object]:
    """:func:`export_values` by column name."""
    return dict(zip(COLUMN_KEYS, export_values(person, as_of), strict=True))
