"""The Census geocoder client: parsing recorded answers, and HTTP against a local server.

Recorded answers live in ``tests/data/geocoder/``. There is no internet here,
so they were written by hand in the shape of real answers of the
``geographies/onelineaddress`` endpoint, as found in public sources:

* Envelope ``result`` → ``input`` (``address.address``; ``benchmark`` and
  ``vintage`` with ``id`` "4", ``benchmarkName`` "Public_AR_Current",
  ``vintageName`` "Current_Current", descriptions, ``isDefault``) and
  ``addressMatches`` → ``matchedAddress``, ``coordinates`` {x, y},
  ``tigerLine`` {tigerLineId, side}, ``addressComponents`` {fromAddress,
  toAddress, preQualifier, preDirection, preType, streetName, suffixType,
  suffixDirection, suffixQualifier, city, state, zip}, ``geographies``:
  confirmed from a recorded 115th-Congress response kept as JavaScript test
  fixtures in a public repository (code search; SF City Hall, Helena MT,
  1025 5th St NW DC), from the fitnr/censusgeocode README and a Python
  fixture for 1600 Pennsylvania Ave NW (fromAddress 1600, toAddress 1698,
  tigerLineId 76225813, x -77.03535, y 38.898754), and from a project's
  "docs/api-contracts.md" documenting live answers of 2026-04-16.
* Congressional record fields ``STATE``, ``CD119``/``CD115``, ``GEOID``
  (state FIPS + code), ``BASENAME``, ``NAME``, ``CDSESSN``, ``LSADC``,
  ``FUNCSTAT``, ``MTFCC`` "G5200"; at-large ``CD…`` "00" with NAME and
  BASENAME "Congressional District (at Large)" (LSADC C1); DC ``CD…`` "98",
  GEOID "1198", "Delegate District (at Large)" (LSADC C4): same recorded
  115th fixture, and the api-contracts document (CD119 "00" WY, "98" DC).
* Layer names "119th Congressional Districts", "2024 State Legislative
  Districts - Upper"/"- Lower", and newer ones ("120th …", "2026 …") appearing
  beside them: several public clients and tests (code search), including a
  trimmed real ``layers=all`` answer for Manchester NH City Hall, the source of
  the New Hampshire values here (GEOID 3301, 33020 "State Senate District 20",
  33523 "State House District Hillsborough 23").
* Legislative record fields ``SLDU``/``SLDL`` (zero-padded, "011"), ``GEOID``,
  ``BASENAME``, ``NAME`` ("State Senate District 2", "Assembly District 12"),
  ``STATE``, ``MTFCC`` G5210/G5220: public client tests (code search).
* Nebraska and DC only in the upper layer, no lower data; "ZZZ" for areas
  with no district: the Census TIGER/Line SLD metadata (pages search).
* Layer ids 54, 56, 58 for ``Current_Current``: public clients (code search).
* No match: ``addressMatches`` is an empty list (several public tests).

Not confirmed, written by analogy and only used to exercise the parser: the
Vermont legislative codes ("WAS", "WA5") and the NAME order "Washington-5
State House District" (taken from the 2024 Gazetteer SLDL naming "Orleans-4
State House District"), the DC ward record ("Ward 2", code "002"), the
Nebraska NAME "Legislative District 46", whether an uncovered layer is absent
or an empty list (both are recorded here: DC empty, Nebraska absent), the
coordinates and address ranges of the VT, NE and NH answers, and their
placeholder ``tigerLineId`` "0". Area and centroid fields are left out.
"""

from __future__ import annotations

import contextlib
import copy
import json
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from outreach.directory import jurisdictions
from outreach.directory.geocoder import (
    BENCHMARK,
    LAYERS,
    VINTAGE,
    GeocodeMatch,
    GeocoderError,
    LegislativeArea,
    current_congress,
    geocode,
    parse_response,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "geocoder"
TODAY = date(2026, 8, 5)  # the 119th Congress sits; its members were elected in 2024
RECORDED = sorted(p.name for p in DATA.glob("*.json"))
MATCHED = [name for name in RECORDED if name != "no_match.json"]


def load(name: str) -> dict[str, Any]:
    """A recorded answer, as the geocoder sent it."""
    return json.loads((DATA / name).read_text())


def layer(payload: dict[str, Any], suffix: str) -> dict[str, Any] | None:
    """The first record of the layer whose name ends with ``suffix``, from a raw answer."""
    geographies = payload["result"]["addressMatches"][0]["geographies"]
    for key, records in geographies.items():
        if key.endswith(suffix) and records:
            return records[0]
    return None


# --- a real HTTP server on 127.0.0.1 ------------------------------------------------------


class GeocoderServer:
    """A local stand-in for the Census geocoder; tests choose how it answers."""

    def __init__(self) -> None:
        self.requests: list[dict[str, list[str]]] = []
        self.paths: list[str] = []
        self.answer: Callable[[BaseHTTPRequestHandler], None] = self.recorded("no_match.json")
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # http.server's name
                split = urlsplit(self.path)
                server.paths.append(split.path)
                server.requests.append(parse_qs(split.query))
                # the client may give up (timeout test)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    server.answer(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        host, port = self.httpd.server_address[:2]
        self.url = f"http://{host}:{port}/geocoder/geographies/onelineaddress"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    @staticmethod
    def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, kind: str) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def recorded(self, name: str) -> Callable[[BaseHTTPRequestHandler], None]:
        """Answer with a recorded response."""
        body = (DATA / name).read_bytes()
        return lambda h: self.send(h, 200, body, "application/json;charset=UTF-8")

    def payload(self, data: Any) -> Callable[[BaseHTTPRequestHandler], None]:
        """Answer with any JSON value."""
        body = json.dumps(data).encode()
        return lambda h: self.send(h, 200, body, "application/json")

    def status(self, code: int) -> Callable[[BaseHTTPRequestHandler], None]:
        """Answer with an HTTP error."""
        return lambda h: self.send(h, code, b"<html>Server Error</html>", "text/html")

    def raw(self, body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
        """Answer 200 with any bytes."""
        return lambda h: self.send(h, 200, body, "application/json")

    def slow(self, seconds: float, name: str) -> Callable[[BaseHTTPRequestHandler], None]:
        """Wait ``seconds`` (or until the server stops) before answering."""
        answer = self.recorded(name)

        def handle(handler: BaseHTTPRequestHandler) -> None:
            self.stopping.wait(seconds)
            answer(handler)

        return handle


@pytest.fixture
def geocoder_server() -> Iterator[GeocoderServer]:
    """A running local geocoder; stopped after the test."""
    server = GeocoderServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/geocoder/geographies/onelineaddress"


# --- parse_response on recorded answers --------------------------------------------------


@pytest.mark.parametrize("name", MATCHED)
def test_parse_reads_match_fields_from_the_recorded_answer(name: str) -> None:
    payload = load(name)
    raw = payload["result"]["addressMatches"][0]
    match = parse_response(payload, today=TODAY)

    assert isinstance(match, GeocodeMatch)
    assert match.matched_address == raw["matchedAddress"]
    assert match.zip_code == raw["addressComponents"]["zip"]
    assert match.city == raw["addressComponents"]["city"].title()
    assert match.longitude == raw["coordinates"]["x"]
    assert match.latitude == raw["coordinates"]["y"]
    cd = layer(payload, "Congressional Districts")
    assert cd is not None
    assert jurisdictions.JURISDICTIONS[match.state].fips == cd["STATE"]
    assert match.state == raw["addressComponents"]["state"]


@pytest.mark.parametrize("name", MATCHED)
def test_parse_reads_legislative_districts_from_the_recorded_answer(name: str) -> None:
    payload = load(name)
    match = parse_response(payload, today=TODAY)
    assert match is not None
    for suffix, field, area in (
        ("Upper", "SLDU", match.upper),
        ("Lower", "SLDL", match.lower),
    ):
        record = layer(payload, suffix)
        if record is None:
            assert area is None
        else:
            assert area == LegislativeArea(
                code=record[field], name=record["NAME"], basename=record["BASENAME"]
            )


@pytest.mark.parametrize(
    ("name", "state", "district"),
    [
        ("ca_san_francisco.json", "CA", "11"),
        ("nh_manchester.json", "NH", "1"),
        ("ne_lincoln.json", "NE", "1"),
        ("vt_montpelier.json", "VT", "0"),  # CD119 "00": at-large
        ("dc_white_house.json", "DC", "0"),  # CD119 "98": delegate
    ],
)
def test_parse_congressional_district_in_directory_convention(
    name: str, state: str, district: str
) -> None:
    match = parse_response(load(name), today=TODAY)
    assert match is not None
    assert (match.state, match.congressional_district) == (state, district)


def test_parse_numbered_district_drops_leading_zeros() -> None:
    payload = load("nh_manchester.json")
    assert layer(payload, "Congressional Districts")["CD119"] == "01"
    match = parse_response(payload, today=TODAY)
    assert match is not None
    assert match.congressional_district == "1"
    assert match.upper == LegislativeArea("020", "State Senate District 20", "20")


def test_parse_unicameral_and_dc_have_no_lower_chamber() -> None:
    nebraska = parse_response(load("ne_lincoln.json"), today=TODAY)
    dc = parse_response(load("dc_white_house.json"), today=TODAY)
    assert nebraska is not None
    assert dc is not None
    assert nebraska.upper is not None
    assert nebraska.lower is None
    assert dc.upper is not None
    assert dc.lower is None


def test_parse_no_match_is_none() -> None:
    payload = load("no_match.json")
    assert payload["result"]["addressMatches"] == []
    assert parse_response(payload, today=TODAY) is None


def test_parse_undefined_codes_mean_no_district() -> None:
    payload = load("ca_san_francisco.json")
    geographies = payload["result"]["addressMatches"][0]["geographies"]
    geographies["119th Congressional Districts"][0]["CD119"] = "ZZ"
    geographies["2024 State Legislative Districts - Upper"][0]["SLDU"] = "ZZZ"
    match = parse_response(payload, today=TODAY)
    assert match is not None
    assert match.congressional_district is None
    assert match.upper is None
    assert match.lower is not None


def test_parse_without_cd_field_reads_the_geoid() -> None:
    # ACS-vintage answers have been seen without the CD119 field.
    payload = load("ca_san_francisco.json")
    record = payload["result"]["addressMatches"][0]["geographies"][
        "119th Congressional Districts"
    ][0]
    del record["CD119"]
    match = parse_response(payload, today=TODAY)
    assert match is not None
    assert match.congressional_district == "11"


def test_parse_prefers_the_maps_in_force() -> None:
    payload = load("ca_san_francisco.json")
    geographies = payload["result"]["addressMatches"][0]["geographies"]
    later = copy.deepcopy(geographies)
    geographies["120th Congressional Districts"] = [
        {**later["119th Congressional Districts"][0], "CD120": "12", "GEOID": "0612"}
    ]
    del geographies["120th Congressional Districts"][0]["CD119"]
    geographies["2026 State Legislative Districts - Upper"] = [
        {**later["2024 State Legislative Districts - Upper"][0], "SLDU": "099", "BASENAME": "99"}
    ]
    during_119th = parse_response(payload, today=TODAY)
    during_120th = parse_response(payload, today=date(2027, 2, 1))
    assert during_119th is not None
    assert during_120th is not None
    assert (during_119th.congressional_district, during_119th.upper.code) == ("11", "011")
    assert (during_120th.congressional_district, during_120th.upper.code) == ("12", "099")


def test_parse_several_future_maps_are_not_used() -> None:
    payload = load("ca_san_francisco.json")
    geographies = payload["result"]["addressMatches"][0]["geographies"]
    geographies["120th Congressional Districts"] = geographies.pop("119th Congressional Districts")
    geographies["121st Congressional Districts"] = copy.deepcopy(
        geographies["120th Congressional Districts"]
    )
    match = parse_response(payload, today=TODAY)
    assert match is not None
    assert match.congressional_district is None


@pytest.mark.parametrize(
    "payload",
    [
        [],
        "text",
        {},
        {"result": None},
        {"result": {"addressMatches": "none"}},
        {"result": {"addressMatches": ["x"]}},
        {"result": {"addressMatches": [{"matchedAddress": "1 A ST", "geographies": []}]}},
        {"errors": ["Specify Benchmark"], "status": "400"},
        {"result": {"addressMatches": [{"matchedAddress": "1 A ST", "geographies": {}}]}},
    ],
)
def test_parse_unexpected_shapes_raise_geocoder_error(payload: Any) -> None:
    with pytest.raises(GeocoderError):
        parse_response(payload, today=TODAY)


def test_current_congress() -> None:
    assert current_congress(date(2026, 8, 5)) == 119
    assert current_congress(date(2025, 1, 3)) == 119
    assert current_congress(date(2025, 1, 2)) == 118
    assert current_congress(date(2027, 1, 3)) == 120


# --- geocode() over HTTP -----------------------------------------------------------------


def test_geocode_sends_the_census_parameters(geocoder_server: GeocoderServer) -> None:
    geocoder_server.answer = geocoder_server.recorded("ca_san_francisco.json")
    address = "1 Dr Carlton B Goodlett Pl, San Francisco, CA 94102"
    match = geocode(address, url=geocoder_server.url, timeout=5, today=TODAY)

    assert match == parse_response(load("ca_san_francisco.json"), today=TODAY)
    assert geocoder_server.paths == ["/geocoder/geographies/onelineaddress"]
    assert geocoder_server.requests == [
        {
            "address": [address],
            "benchmark": [BENCHMARK],
            "vintage": [VINTAGE],
            "layers": [LAYERS],
            "format": ["json"],
        }
    ]
    assert (BENCHMARK, VINTAGE, LAYERS) == ("Public_AR_Current", "Current_Current", "54,56,58")


@pytest.mark.parametrize("name", RECORDED)
def test_geocode_reads_every_recorded_answer(geocoder_server: GeocoderServer, name: str) -> None:
    geocoder_server.answer = geocoder_server.recorded(name)
    match = geocode("anything", url=geocoder_server.url, timeout=5, today=TODAY)
    assert match == parse_response(load(name), today=TODAY)
    assert (match is None) == (name == "no_match.json")


def test_geocode_accepts_a_session(geocoder_server: GeocoderServer) -> None:
    geocoder_server.answer = geocoder_server.recorded("nh_manchester.json")
    with requests.Session() as session:
        match = geocode("x", url=geocoder_server.url, timeout=5, http=session, today=TODAY)
    assert match is not None
    assert match.state == "NH"


@pytest.mark.parametrize("status", [500, 503, 400, 404])
def test_geocode_http_error(geocoder_server: GeocoderServer, status: int) -> None:
    geocoder_server.answer = geocoder_server.status(status)
    with pytest.raises(GeocoderError) as caught:
        geocode("x", url=geocoder_server.url, timeout=5)
    assert caught.value.reason == f"HTTP {status}"


def test_geocode_invalid_json(geocoder_server: GeocoderServer) -> None:
    geocoder_server.answer = geocoder_server.raw(b"<html>not json{")
    with pytest.raises(GeocoderError) as caught:
        geocode("x", url=geocoder_server.url, timeout=5)
    assert caught.value.reason == "answer is not JSON"


def test_geocode_unexpected_json(geocoder_server: GeocoderServer) -> None:
    geocoder_server.answer = geocoder_server.payload({"result": {"something": []}})
    with pytest.raises(GeocoderError):
        geocode("x", url=geocoder_server.url, timeout=5)


def test_geocode_timeout(geocoder_server: GeocoderServer) -> None:
    geocoder_server.answer = geocoder_server.slow(5, "ca_san_francisco.json")
    with pytest.raises(GeocoderError) as caught:
        geocode("x", url=geocoder_server.url, timeout=0.3)
    assert caught.value.reason == "timed out"


def test_geocode_server_down(closed_port_url: str) -> None:
    with pytest.raises(GeocoderError) as caught:
        geocode("x", url=closed_port_url, timeout=2)
    assert caught.value.reason.startswith("network error")


def test_a_geocoder_failure_is_logged_without_the_address(
    geocoder_server: GeocoderServer, caplog: pytest.LogCaptureFixture
) -> None:
    geocoder_server.answer = geocoder_server.status(503)
    address = "1600 Pennsylvania Ave NW, Washington, DC 20500"
    with (
        caplog.at_level("WARNING", logger="outreach.directory.geocoder"),
        pytest.raises(GeocoderError),
    ):
        geocode(address, url=geocoder_server.url, timeout=5)
    (record,) = [r for r in caplog.records if r.name == "outreach.directory.geocoder"]
    assert record.levelname == "WARNING"
    assert record.geocoder_reason == "HTTP 503"
    assert record.geocoder_timeout == 5
    assert "Pennsylvania" not in record.getMessage()
    assert "Pennsylvania" not in str(vars(record))


def test_a_bad_geocoder_answer_is_logged(
    geocoder_server: GeocoderServer, caplog: pytest.LogCaptureFixture
) -> None:
    geocoder_server.answer = geocoder_server.raw(b"<html>not json{")
    with (
        caplog.at_level("WARNING", logger="outreach.directory.geocoder"),
        pytest.raises(GeocoderError),
    ):
        geocode("x", url=geocoder_server.url, timeout=5)
    assert [r.geocoder_reason for r in caplog.records] == ["answer is not JSON"]
