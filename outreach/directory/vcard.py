"""vCard 4.0 (RFC 6350) contacts for officials, for phone and desktop address books.

One card per official: ``FN``, ``N``, ``ORG``, ``TITLE``, ``EMAIL``, ``TEL``
(work voice and fax), ``ADR`` (each postal office, ``TYPE=work``), ``URL``
(website and contact form), ``NOTE`` (office and district), ``CATEGORIES``
and a stable ``UID`` (from the official's public source id, so importing a
newer export updates the same contacts instead of adding copies).

Text is escaped as RFC 6350 §3.4 says (``\\`` ``,`` ``;`` and newlines),
lines end with CRLF and are folded at 75 octets without splitting a UTF-8
character (§3.2). Pure functions on a directory row or read-only view.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from outreach.directory import jurisdictions
from outreach.directory.contact_links import format_phone, safe_url, split_phone, valid_email
from outreach.directory.labels import (
    office_label,
    party_name,
    role_chamber,
    seat_label,
    state_name,
)
from outreach.directory.officials_read import AnyRole, Office, Official
from outreach.models import OfficeKind

CRLF = "\r\n"
MAX_OCTETS = 75
PRODID = "-//Outreach//Officials directory export//EN"
#: Namespace of the UIDs: uuid5(namespace, source id) is stable across exports.
UID_NAMESPACE = uuid.UUID("9a0f3c52-6f1e-4c2e-9d7e-2b8d5f0a4e11")
_NEWLINES = re.compile(r"\r\n|\r|\n")
#: Kinds of contact office that are postal addresses worth an ADR, in order.
ADDRESS_KINDS = ("capitol", "capitol-mail", "primary", "district", "district-mail")


def escape_text(value: object) -> str:
    """Escape a text value: backslash, comma, semicolon and newlines (RFC 6350 §3.4)."""
    text = str(value)
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return _NEWLINES.sub("\\\\n", text)


def structured(*components: object) -> str:
    """A structured value (``N``, ``ADR``): escaped components joined by ``;``."""
    return ";".join(escape_text(c) if c else "" for c in components)


def fold(line: str) -> str:
    """Fold a content line at 75 octets: CRLF and one space before each continuation.

    Never splits a multi-byte UTF-8 character; the space counts towards the
    75 octets of a continuation line.
    """
    if len(line.encode("utf-8")) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def content_line(name: str, text: str, **params: str) -> str:
    """``NAME;PARAM=value:text``, folded (``text`` is already escaped)."""
    head = name + "".join(f";{key.upper()}={val}" for key, val in params.items() if val)
    return fold(f"{head}:{text}")


def _tel_uri(raw: str) -> str | None:
    digits, ext = split_phone(raw)
    if len(digits) != 10:
        return None
    uri = f"tel:+1-{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return f"{uri};ext={ext}" if ext else uri


def tel_line(raw: str, kind: str) -> str:
    """A ``TEL`` line: a ``tel:`` URI for U.S. numbers, else the number as text."""
    uri = _tel_uri(raw)
    if uri:
        return content_line("TEL", uri, value="uri", type=f"work,{kind}")
    return content_line("TEL", escape_text(format_phone(raw)), type=f"work,{kind}")


def organization(role: AnyRole | None) -> str:
    """``U.S. Senate``, ``California State Assembly``, ``State of Texas``…"""
    if role is None:
        return ""
    if role.office in (OfficeKind.US_SENATOR.value, OfficeKind.US_REPRESENTATIVE.value):
        return role_chamber(role)
    name = state_name(role.jurisdiction_abbr) or role.jurisdiction_abbr or ""
    chamber = role_chamber(role)
    if chamber:
        # "Nebraska Legislature", "District of Columbia Council".
        return f"{name} {chamber}".strip()
    info = jurisdictions.get(role.jurisdiction_abbr or "")
    if info is not None and info.kind == "state":
        return f"State of {name}"
    return name


def note(person: Official) -> str:
    """``State Senator, California, District 10 (Democratic)``."""
    role = person.role
    if role is None:
        return ""
    text = ", ".join(p for p in (role.kind.label, seat_label(role)) if p)
    party = party_name(person.party)
    return f"{text} ({party})" if party else text


def split_address(office: Office) -> tuple[str, str, str, str]:
    """Street, city, state and ZIP of a contact office.

    The importer splits most addresses already; one that it could not split
    keeps the whole published address as the street, so nothing is lost.
    """
    street = " ".join((office.street or "").split())
    city = (office.city or "").strip()
    region = (office.state or "").strip()
    code = (office.zip or "").strip().rstrip("-")
    if not (street or city or region or code):
        street = ", ".join(
            line.strip() for line in _NEWLINES.split(office.address or "") if line.strip()
        )
    return street, city, region, code


def card_lines(person: Official, *, as_of: date | None = None) -> list[str]:
    """The content lines of one official's card (each already folded)."""
    role = person.role
    family = person.family_name or ""
    given = person.given_name or ""
    if not (family or given):
        family = person.name
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        content_line("PRODID", escape_text(PRODID)),
        "KIND:individual",
        content_line("UID", f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, person.source_id)}"),
        content_line("FN", escape_text(person.name)),
        content_line(
            "N",
            structured(family, given, person.middle_name, "", person.suffix),
        ),
    ]
    org = organization(role)
    if org:
        lines.append(content_line("ORG", escape_text(org)))
    title = office_label(role)
    if title:
        lines.append(content_line("TITLE", escape_text(title)))
    lines.extend(_contact_lines(person))
    lines.extend(_address_lines(person))
    lines.extend(_url_lines(person))
    lines.extend(_note_lines(person, as_of))
    categories = ["Elected officials"]
    if role is not None and role.jurisdiction_abbr:
        categories.append(role.jurisdiction_abbr)
    lines.append(content_line("CATEGORIES", ",".join(escape_text(c) for c in categories)))
    lines.append("END:VCARD")
    return lines


def _contact_lines(person: Official) -> list[str]:
    """The EMAIL line (a valid address only), then a TEL line per phone and per fax."""
    lines = []
    email = valid_email(person.email)
    if email:
        lines.append(content_line("EMAIL", escape_text(email), type="work"))
    lines.extend(tel_line(phone, "voice") for phone in person.phones)
    lines.extend(tel_line(fax, "fax") for fax in person.faxes)
    return lines


def _address_lines(person: Official) -> list[str]:
    """An ADR line per distinct postal address, capitol first."""
    lines = []
    seen: set[tuple[str, ...]] = set()
    for office in postal_offices(person.offices):
        parts = split_address(office)
        if not any(parts) or parts in seen:
            continue
        seen.add(parts)
        street, city, region, code = parts
        adr = structured("", "", street, city, region, code, "USA")
        lines.append(content_line("ADR", adr, type="work"))
    return lines


def _url_lines(person: Official) -> list[str]:
    """A URL line for the website and the contact form (each safe one, once)."""
    urls = (safe_url(person.website_url), safe_url(person.contact_form_url))
    return [content_line("URL", url, type="work") for url in dict.fromkeys(u for u in urls if u)]


def _note_lines(person: Official, as_of: date | None) -> list[str]:
    """The NOTE line, with the directory's date when given; none for an empty note."""
    text = note(person)
    if as_of:
        text = f"{text}. Directory as of {as_of.isoformat()}." if text else ""
    return [content_line("NOTE", escape_text(text))] if text else []


def postal_offices(offices: Sequence[Office]) -> list[Office]:
    """The offices worth an address on a card, capitol first, then district offices."""
    rank = {kind: i for i, kind in enumerate(ADDRESS_KINDS)}
    chosen = [o for o in offices if (o.kind or "").lower() in rank]
    return sorted(chosen, key=lambda o: rank[(o.kind or "").lower()])


def card(person: Official, *, as_of: date | None = None) -> str:
    """One official's vCard, CRLF line endings, ending with CRLF."""
    return CRLF.join(card_lines(person, as_of=as_of)) + CRLF


def cards(people: Iterable[Official], *, as_of: date | None = None) -> Iterator[str]:
    """A card per official (an empty iterable yields nothing: an empty file)."""
    for person in people:
        yield card(person, as_of=as_of)
