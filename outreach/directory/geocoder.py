"""Street address → districts, through the U.S. Census Bureau geocoder.

The "geographies/onelineaddress" endpoint is free and needs no key. Asked for
the congressional and state legislative district layers, it answers (trimmed)::

    {"result": {
        "input": {"address": {"address": "..."}, "benchmark": {...}, "vintage": {...}},
        "addressMatches": [{
            "matchedAddress": "1 DR CARLTON B GOODLETT PL, SAN FRANCISCO, CA, 94102",
            "coordinates": {"x": -122.41827, "y": 37.77863},
            "addressComponents": {"city": "SAN FRANCISCO", "state": "CA", "zip": "94102", ...},
            "tigerLine": {...},
            "geographies": {
                "119th Congressional Districts": [
                    {"STATE": "06", "CD119": "11", "GEOID": "0611", "BASENAME": "11",
                     "NAME": "Congressional District 11", "CDSESSN": "119", ...}],
                "2024 State Legislative Districts - Upper": [
                    {"STATE": "06", "SLDU": "011", "GEOID": "06011", "BASENAME": "11",
                     "NAME": "State Senate District 11", ...}],
                "2024 State Legislative Districts - Lower": [...]}}]}}

Layer names carry the Congress or the plan year, and change when the Census
publishes new maps ("120th Congressional Districts", "2026 State Legislative
Districts - Upper"), so layers are found by pattern and the one in force for
the sitting Congress is used. Census codes: congressional ``00`` is an
at-large seat, ``98`` a delegate or resident commissioner (DC, PR, the
territories), ``ZZ``/``ZZZ`` an area with no district (mostly water).
Nebraska's unicameral legislature and the DC council are in the *upper*
layer; those two have no lower layer.

:func:`parse_response` is a pure function; :func:`geocode` adds the HTTP call.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from outreach.directory import jurisdictions

logger = logging.getLogger(__name__)

BENCHMARK = "Public_AR_Current"
VINTAGE = "Current_Current"
#: Layer ids in the ``Current_Current`` vintage (TIGERweb ``tigerWMS_Current``):
#: 54 congressional districts, 56 state legislative districts upper, 58 lower.
#: Ids can move between vintages; the parser relies on layer *names*, not ids.
LAYERS = "54,56,58"
USER_AGENT = "Outreach campaign toolkit (python-requests)"

_CD_LAYER = re.compile(r"^(?:(\d+)(?:st|nd|rd|th)\s+)?Congressional Districts$", re.I)
_SLD_LAYER = re.compile(r"^(?:(\d{4})\s+)?State Legislative Districts - (Upper|Lower)$", re.I)
_CD_FIELD = re.compile(r"^CD(\d{3})$")
#: Census codes for an area that has no district (water, undefined parts).
_UNDEFINED = {"ZZ", "ZZZ", ""}
#: Congressional codes for seats elected by the whole jurisdiction.
_AT_LARGE_CODES = {"00", "98", "0"}


class GeocoderError(Exception):
    """The geocoder could not be asked or gave an unusable answer.

    :attr:`reason` is short and safe to log (no address in it).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LegislativeArea:
    """A state legislative district as the Census names it.

    ``code`` is the raw three-character Census code (``"009"``, ``"21A"``);
    ``name`` the full name (``"State Senate District 9"``, ``"State House
    District Hillsborough 23"``); ``basename`` the name without its kind
    (``"9"``, ``"Hillsborough 23"``) when the response has it.
    """

    code: str
    name: str
    basename: str | None = None

    def candidates(self) -> list[str]:
        """The values worth matching against the directory, best first.

        The bare code stands in for the name only when the Census gave no
        name: in states with named districts a code such as ``"523"`` (NH,
        Hillsborough 23) would match the wrong district.
        """
        return [v for v in dict.fromkeys([self.basename, self.name]) if v]


@dataclass(frozen=True)
class GeocodeMatch:
    """The first address the Census matched, with its districts.

    ``congressional_district`` uses the directory's convention: ``"12"``, or
    ``"0"`` for at-large seats and delegates; None when the Census gave none.
    ``upper``/``lower`` are None when the state has no such chamber (NE and
    DC have only ``upper``) or the address is outside any district.
    """

    matched_address: str
    state: str
    zip_code: str | None
    city: str | None
    congressional_district: str | None
    upper: LegislativeArea | None
    lower: LegislativeArea | None
    longitude: float | None
    latitude: float | None


def current_congress(today: date) -> int:
    """The Congress in session on ``today`` (a new one starts on 3 January of odd years)."""
    year = today.year
    if year % 2 == 1 and (today.month, today.day) < (1, 3):
        year -= 1
    return (year - 1789) // 2 + 1


def geocode(
    address: str,
    *,
    url: str,
    timeout: float,
    http: Any = None,
    today: date | None = None,
) -> GeocodeMatch | None:
    """Ask the Census geocoder for ``address``; None when it matches nothing.

    A failure is logged (a warning with its reason: never the address).

    :param http: ``requests`` (the default) or anything with the same ``get`` (a Session).
    :raise GeocoderError: on network errors, timeouts, HTTP errors, non-JSON
        or an answer of an unexpected shape.
    """
    try:
        payload = _ask(address, url=url, timeout=timeout, http=http)
        return parse_response(payload, today=today)
    except GeocoderError as error:
        logger.warning(
            "geocoder failed: %s",
            error.reason,
            extra={"geocoder_reason": error.reason, "geocoder_timeout": timeout},
        )
        raise


def _ask(address: str, *, url: str, timeout: float, http: Any) -> Any:
    """The geocoder's answer to ``address``, decoded from JSON.

    :raise GeocoderError: on network errors, timeouts, HTTP errors or non-JSON.
    """
    import requests  # on the first address lookup, not at a worker's start

    http = requests if http is None else http
    params = {
        "address": address,
        "benchmark": BENCHMARK,
        "vintage": VINTAGE,
        "layers": LAYERS,
        "format": "json",
    }
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    try:
        response = http.get(url, params=params, timeout=timeout, headers=headers)
        response.raise_for_status()
    except requests.Timeout as exc:
        raise GeocoderError("timed out") from exc
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        raise GeocoderError(f"HTTP {status}") from exc
    except requests.RequestException as exc:
        raise GeocoderError(f"network error ({type(exc).__name__})") from exc
    try:
        return response.json()
    except ValueError as exc:
        raise GeocoderError("answer is not JSON") from exc


def parse_response(payload: Any, *, today: date | None = None) -> GeocodeMatch | None:
    """Read a geographies/onelineaddress answer; None when no address matched.

    :param today: picks the layers in force (default: today).
    :raise GeocoderError: when the payload does not have the expected shape.
    """
    if not isinstance(payload, Mapping):
        raise GeocoderError("unexpected answer (not an object)")
    if payload.get("errors"):
        raise GeocoderError("the geocoder refused the request")
    result = payload.get("result")
    if not isinstance(result, Mapping):
        raise GeocoderError("unexpected answer (no result)")
    matches = result.get("addressMatches")
    if not isinstance(matches, list):
        raise GeocoderError("unexpected answer (no addressMatches)")
    if not matches:
        return None
    match = matches[0]
    if not isinstance(match, Mapping):
        raise GeocoderError("unexpected answer (bad match)")
    geographies = match.get("geographies")
    if not isinstance(geographies, Mapping):
        raise GeocoderError("unexpected answer (no geographies)")
    components = match.get("addressComponents")
    components = components if isinstance(components, Mapping) else {}
    matched_address = _text(match.get("matchedAddress"))
    if not matched_address:
        raise GeocoderError("unexpected answer (no matchedAddress)")

    congress = current_congress(today or date.today())
    cd_record = _record(_pick_congress_layer(geographies, congress))
    upper_record = _record(_pick_sld_layer(geographies, "upper", congress))
    lower_record = _record(_pick_sld_layer(geographies, "lower", congress))

    state = _state([cd_record, upper_record, lower_record], components)
    longitude, latitude = _coordinates(match.get("coordinates"))
    zip_code = _text(components.get("zip"))
    city = _text(components.get("city"))
    return GeocodeMatch(
        matched_address=matched_address,
        state=state,
        zip_code=zip_code if zip_code and re.fullmatch(r"\d{5}", zip_code) else None,
        city=city.title() if city else None,
        congressional_district=_congressional_district(cd_record),
        upper=_legislative_area(upper_record, "SLDU"),
        lower=_legislative_area(lower_record, "SLDL"),
        longitude=longitude,
        latitude=latitude,
    )


def _text(value: Any) -> str | None:
    """A stripped string, or None for anything empty or not a string."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _pick_congress_layer(geographies: Mapping[str, Any], congress: int) -> Any:
    """The congressional layer of the sitting Congress, else the newest older one."""
    layers: dict[int, Any] = {}
    for key, value in geographies.items():
        found = _CD_LAYER.match(str(key))
        if found:
            layers[int(found.group(1) or 0)] = value
    return _pick(layers, congress)


def _pick_sld_layer(geographies: Mapping[str, Any], chamber: str, congress: int) -> Any:
    """The legislative layer of the plan used at the last general election."""
    election_year = 1786 + 2 * congress  # the 119th Congress was elected in 2024
    layers: dict[int, Any] = {}
    for key, value in geographies.items():
        found = _SLD_LAYER.match(str(key))
        if found and found.group(2).lower() == chamber:
            layers[int(found.group(1) or 0)] = value
    return _pick(layers, election_year)


def _pick(layers: dict[int, Any], wanted: int) -> Any:
    """The layer for ``wanted``, else the newest before it, else the only one."""
    if not layers:
        return None
    if wanted in layers:
        return layers[wanted]
    older = [k for k in layers if k < wanted]
    if older:
        return layers[max(older)]
    if len(layers) == 1:
        return next(iter(layers.values()))
    return None  # only maps for later years: not in force yet


def _record(layer: Any) -> Mapping[str, Any] | None:
    """The first record of a layer, or None when the layer is absent or empty."""
    if layer is None:
        return None
    if not isinstance(layer, list):
        raise GeocoderError("unexpected answer (layer is not a list)")
    if not layer:
        return None
    if not isinstance(layer[0], Mapping):
        raise GeocoderError("unexpected answer (bad layer record)")
    return layer[0]


def _state(records: list[Mapping[str, Any] | None], components: Mapping[str, Any]) -> str:
    """The two-letter state, from a record's FIPS code or the address components."""
    by_fips = {j.fips: j.abbr for j in jurisdictions.JURISDICTIONS.values()}
    for record in records:
        if record:
            fips = _text(record.get("STATE")) or (_text(record.get("GEOID")) or "")[:2]
            if fips in by_fips:
                return by_fips[fips]
    info = jurisdictions.get(_text(components.get("state")) or "")
    if info is not None:
        return info.abbr
    raise GeocoderError("unexpected answer (no state)")


def _congressional_district(record: Mapping[str, Any] | None) -> str | None:
    """``"12"``, ``"0"`` for at-large or delegate seats, None when unknown."""
    if not record:
        return None
    code = None
    for key, value in record.items():
        if _CD_FIELD.match(str(key)) and _text(value):
            code = _text(value)
            break
    if code is None:
        geoid = _text(record.get("GEOID")) or ""
        if len(geoid) == 4:
            code = geoid[2:]
    if code is None:
        basename = _text(record.get("BASENAME")) or ""
        if basename.isdigit():
            code = basename
        elif "at large" in basename.lower():
            code = "00"
    if code is None or code.upper() in _UNDEFINED:
        return None
    if code in _AT_LARGE_CODES:
        return "0"
    if not code.isdigit():
        return None
    return str(int(code))


def _legislative_area(record: Mapping[str, Any] | None, field: str) -> LegislativeArea | None:
    """A legislative district from a layer record, None when there is none."""
    if not record:
        return None
    code = _text(record.get(field))
    if code is None:
        geoid = _text(record.get("GEOID")) or ""
        code = geoid[2:] if len(geoid) > 2 else None
    if code is None or code.upper() in _UNDEFINED:
        return None
    name = _text(record.get("NAME")) or code
    return LegislativeArea(code=code, name=name, basename=_text(record.get("BASENAME")))


def _coordinates(value: Any) -> tuple[float | None, float | None]:
    """(longitude, latitude) from ``{"x": ..., "y": ...}``."""
    if not isinstance(value, Mapping):
        return None, None
    try:
        return float(value["x"]), float(value["y"])
    except (KeyError, TypeError, ValueError):
        return None, None
