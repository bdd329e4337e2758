"""Who represents me? By street address, through the Census geocoder.

A street address places a person in exactly one congressional district and
one district per legislative chamber, which a ZIP code cannot. When the
geocoder is switched off, fails, times out or does not know the address, the
lookup falls back to the ZIP code (given separately or at the end of the
address) and says so in a notice. A Census legislative district that cannot
be matched with certainty to a district name in the directory is left out,
with a notice, so the page offers the district picker instead of a guess.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from outreach.directory import jurisdictions, zip_database
from outreach.directory.errors import LookupInputError
from outreach.directory.geocoder import GeocodeMatch, GeocoderError, LegislativeArea, geocode
from outreach.directory.jurisdictions import STATE_DATA_JURISDICTIONS
from outreach.directory.lookup import (
    District,
    LookupResult,
    legislative_district_choices,
    lookup_zip,
    normalize_zip,
    officials_for,
)

log = logging.getLogger(__name__)

MAX_ADDRESS_LENGTH = 200
#: Jurisdictions whose single chamber the Census files as the *upper* layer.
UNICAMERAL = jurisdictions.UNICAMERAL

NOTICE_UNAVAILABLE = (
    "We could not check that street address just now, so these results come from your ZIP code."
)
NOTICE_NOT_FOUND = "We could not find that address, so these results come from your ZIP code."
NOTICE_NO_CONGRESSIONAL = (
    "We could not place that address in a congressional district, so the House results "
    "come from your ZIP code."
)

_ZIP_AT_END = re.compile(
    r"(?:^|[\s,])(\d{5})(?:-\d{4})?\s*(?:,?\s*(?:USA|U\.S\.A\.|US|United States))?\s*$",
    re.IGNORECASE,
)
_KINDS = r"(?:state|legislative|senate|house|assembly|representative|delegate|council)"
_KIND_PREFIX = re.compile(rf"^(?:{_KINDS}\s+)*(?:sub)?district\s+(?:no\.?\s+)?(?=\S)")
_KIND_SUFFIX = re.compile(rf"(?<=\S)\s+(?:{_KINDS}\s+)*(?:sub)?district$")
_WARD_PREFIX = re.compile(r"^ward\s+(?=\S)")
_UNDEFINED_CODES = {"zz", "zzz"}

_ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
_ORDINAL_WORDS = {
    **_ORDINAL_UNITS,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40}
_COMPOUND_ORDINAL = re.compile(
    rf"\b({'|'.join(_TENS)})[\s-]+({'|'.join(_ORDINAL_UNITS)})\b",
)
_SIMPLE_ORDINAL = re.compile(rf"\b({'|'.join(_ORDINAL_WORDS)})\b")


class AddressLookupError(LookupInputError):
    """The address cannot be used (empty, too long, unreadable, no ZIP to fall back on)."""

    code = "invalid_address"


def lookup_address(
    session: Session,
    address: str,
    *,
    zip_code: str | None,
    config: Mapping[str, Any],
) -> LookupResult:
    """Find the officials for a street address.

    :param zip_code: a ZIP code given beside the address, used when the
        geocoder cannot answer (else a ZIP at the end of ``address`` is used).
    :param config: the app config (``GEOCODER_ENABLED``, ``GEOCODER_URL``,
        ``GEOCODER_TIMEOUT``).
    :raise AddressLookupError: for an unusable address, or when the address
        cannot be checked and there is no ZIP code to fall back on.
    :raise InvalidZip: for a malformed ``zip_code``.
    :raise UnknownZip: when the fallback ZIP code is not known.
    """
    text = validate_address(address)
    given_zip = normalize_zip(zip_code) if zip_code and zip_code.strip() else None
    fallback_zip = given_zip or zip_in_text(text)

    if not config.get("GEOCODER_ENABLED", False):
        return _zip_fallback(session, fallback_zip, found=True)
    try:
        match = geocode(
            text,
            url=str(config["GEOCODER_URL"]),
            timeout=float(config.get("GEOCODER_TIMEOUT", 4)),
        )
    except GeocoderError as exc:
        log.warning("Census geocoder unavailable: %s", exc.reason)
        return _zip_fallback(session, fallback_zip, found=True)
    if match is None:
        return _zip_fallback(session, fallback_zip, found=False)
    return _from_match(session, match, given_zip)


def validate_address(address: str | None) -> str:
    """Return the address with its whitespace tidied.

    :raise AddressLookupError: when it is empty, longer than
        :data:`MAX_ADDRESS_LENGTH` characters or holds control characters.
    """
    raw = address or ""
    if any(unicodedata.category(ch).startswith("C") for ch in raw):
        raise AddressLookupError(
            "That address contains characters we cannot read: type it on one line."
        )
    text = " ".join(raw.split())
    if not text:
        raise AddressLookupError(
            "Enter your street address, like “1600 Pennsylvania Ave NW, Washington, DC 20500”."
        )
    if len(text) > MAX_ADDRESS_LENGTH:
        raise AddressLookupError(
            f"That address is too long: use at most {MAX_ADDRESS_LENGTH} characters."
        )
    return text


def zip_in_text(text: str) -> str | None:
    """The 5-digit ZIP code at the end of an address, if there is one."""
    found = _ZIP_AT_END.search(text)
    return found.group(1) if found else None


def match_district(census_value: str | None, choices: Sequence[str]) -> str | None:
    """The directory district name for a Census district, or None when unsure.

    ``census_value`` is a Census BASENAME, NAME or code (``"9"``, ``"State
    Senate District 9"``, ``"009"``, ``"State House District Hillsborough
    03"``); ``choices`` the directory's names for that state and chamber
    (from :func:`~outreach.directory.lookup.legislative_district_choices`).
    Names are compared case-insensitively after dropping the kind of
    district ("State Senate District", "… State House District", "Ward"),
    leading zeros and the difference between "-" and " ", and with ordinal
    words as numbers ("Third" = "3rd"). Only a single candidate is returned:
    no match, or several, gives None.
    """
    value = (census_value or "").strip()
    if not value or value.lower() in _UNDEFINED_CODES or not choices:
        return None
    exact = list(dict.fromkeys(c for c in choices if c.strip().lower() == value.lower()))
    if len(exact) == 1:
        return exact[0]
    key = district_key(value)
    if not key:
        return None
    found = list(dict.fromkeys(c for c in choices if district_key(c) == key))
    return found[0] if len(found) == 1 else None


def district_key(name: str) -> str:
    """A comparable form of a district name: ``"State House District 021A"`` → ``"21a"``."""
    text = " ".join(name.lower().replace("&", " and ").replace("_", " ").split())
    text = _COMPOUND_ORDINAL.sub(lambda m: _ordinal(_TENS[m[1]] + _ORDINAL_UNITS[m[2]]), text)
    text = _SIMPLE_ORDINAL.sub(lambda m: _ordinal(_ORDINAL_WORDS[m[1]]), text)
    text = _KIND_PREFIX.sub("", text)
    text = _KIND_SUFFIX.sub("", text)
    text = _WARD_PREFIX.sub("", text)
    tokens = text.replace("-", " ").split()
    return " ".join(_strip_zeros(token) for token in tokens)


def _ordinal(number: int) -> str:
    """``1`` → ``"1st"``, ``12`` → ``"12th"``, ``23`` → ``"23rd"``."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _strip_zeros(token: str) -> str:
    """``"009"`` → ``"9"``, ``"05a"`` → ``"5a"``, ``"00a"`` → ``"a"``; other tokens unchanged."""
    number = re.fullmatch(r"0*(\d+)([a-z]?)", token)
    if number:
        return f"{int(number[1])}{number[2]}"
    letter = re.fullmatch(r"0+([a-z])", token)
    return letter[1] if letter else token


def _zip_fallback(session: Session, zip5: str | None, *, found: bool) -> LookupResult:
    """Officials by ZIP code, with a notice saying why the address was not used.

    :param found: False when the geocoder answered but did not know the address.
    """
    if zip5 is None:
        if found:
            raise AddressLookupError(
                "We could not check that street address just now. Add your 5-digit ZIP code "
                "and try again."
            )
        raise AddressLookupError(
            "We could not find that address. Check it, or add your 5-digit ZIP code."
        )
    result = lookup_zip(session, zip5)
    result.notices.insert(0, NOTICE_UNAVAILABLE if found else NOTICE_NOT_FOUND)
    return result


def _from_match(session: Session, match: GeocodeMatch, given_zip: str | None) -> LookupResult:
    """Officials for the districts the geocoder found."""
    state = match.state
    zip5 = match.zip_code or given_zip
    legislative, notices = _legislative_districts(session, match)
    if match.congressional_district is None:
        if zip5 is None:
            raise AddressLookupError(
                "We could not place that address in a congressional district. Add your "
                "5-digit ZIP code and try again."
            )
        result = lookup_zip(session, zip5, legislative=legislative)
        notices.insert(0, NOTICE_NO_CONGRESSIONAL)
    else:
        result = officials_for(
            session,
            states=[state],
            districts=[District(state, match.congressional_district)],
            legislative=legislative,
            source="address",
        )
        result.zip_code = zip5
        place = zip_database.lookup(zip5) if zip5 else None
        result.city = place.city if place is not None and place.state == state else match.city
    result.matched_address = match.matched_address
    result.notices.extend(notices)
    return result


def _legislative_districts(
    session: Session, match: GeocodeMatch
) -> tuple[dict[str, dict[str, str]], list[str]]:
    """The directory's legislative districts for a match, and a notice per miss."""
    state = match.state
    if state not in STATE_DATA_JURISDICTIONS:
        return {}, []
    choices = legislative_district_choices(session, state)
    if state in UNICAMERAL:
        areas = [("legislature", match.upper)]
    else:
        areas = [("upper", match.upper), ("lower", match.lower)]
    found: dict[str, str] = {}
    notices: list[str] = []
    for chamber, area in areas:
        options = choices.get(chamber)
        if not options:
            continue  # nobody in the directory to pick from
        label = _chamber_label(state, chamber)
        if area is None:
            notices.append(
                f"We could not tell your {label} from that address: pick it from the list."
            )
            continue
        name = _match_area(area, options)
        if name is None:
            notices.append(
                f"We could not match your {label} (“{area.name}”) with our directory: "
                "pick it from the list."
            )
        else:
            found[chamber] = name
    return ({state: found} if found else {}), notices


def _match_area(area: LegislativeArea, options: Iterable[str]) -> str | None:
    """The one directory district all the Census names of ``area`` agree on."""
    options = list(options)
    matched = {match_district(value, options) for value in area.candidates()} - {None}
    return matched.pop() if len(matched) == 1 else None


def _chamber_label(state: str, chamber: str) -> str:
    """How a chamber's district is called in a notice."""
    if chamber == "legislature":
        return "council ward" if state == "DC" else "legislative district"
    return "state senate district" if chamber == "upper" else "state house district"
