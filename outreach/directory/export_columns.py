"""The columns of every export format, and the row of one official.

Every format carries the same fields (:data:`COLUMNS`, documented on the
export page); :func:`export_row` gives them for one official.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from outreach.directory import vcard
from outreach.directory.contact_links import format_phone, safe_url
from outreach.directory.contact_links import valid_email as _valid_email
from outreach.directory.labels import office_label, party_name
from outreach.directory.officials_read import Office, Official
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


def export_row(person: Official, as_of: date | None) -> dict[str, object]:
    """The exported fields of one official: text, or None when missing; dates; the id."""
    role = person.role
    capitol = first_office(person, CAPITOL_KINDS)
    district_office = first_office(person, DISTRICT_KINDS)
    cap = vcard.split_address(capitol) if capitol else ("", "", "", "")
    dis = vcard.split_address(district_office) if district_office else ("", "", "", "")
    phone = main_phone(person)
    row: dict[str, object] = {
        "id": person.id,
        "name": person.name,
        "given_name": person.given_name,
        "middle_name": person.middle_name,
        "family_name": person.family_name,
        "suffix": person.suffix,
        "office": role.office if role else None,
        "office_label": office_label(role) if role else None,
        "state": role.jurisdiction_abbr if role else None,
        "district": role.district if role else None,
        "chamber": role.chamber if role else None,
        "party": party_name(person.party),
        "email": main_email(person),
        "phone": format_phone(phone) if phone else None,
        "capitol_street": cap[0],
        "capitol_city": cap[1],
        "capitol_state": cap[2],
        "capitol_zip": cap[3],
        "district_office_street": dis[0],
        "district_office_city": dis[1],
        "district_office_state": dis[2],
        "district_office_zip": dis[3],
        "contact_form": link(person.contact_form_url),
        "website": link(person.website_url),
        "source_id": source_id(person),
        "term_end": role.end_date if role else None,
        "as_of": as_of,
    }
    # One vocabulary for "missing": None (an empty CSV cell, JSON null).
    return {key: (None if value == "" else value) for key, value in row.items()}
