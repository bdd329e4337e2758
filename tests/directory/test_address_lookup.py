"""Lookup by street address: district matching, and end to end with a local geocoder.

The geocoder here is a real HTTP server on 127.0.0.1 serving the recorded
answers of ``tests/data/geocoder/`` (see ``test_geocoder.py`` for where their
shape comes from). Nothing goes beyond 127.0.0.1.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from outreach.directory.address_lookup import (
    MAX_ADDRESS_LENGTH,
    NOTICE_NOT_FOUND,
    NOTICE_UNAVAILABLE,
    AddressLookupError,
    district_key,
    lookup_address,
    match_district,
    validate_address,
    zip_in_text,
)
from outreach.directory.errors import InvalidZip, LookupInputError, UnknownZip
from outreach.directory.lookup import District
from outreach.models import Person
from tests.directory.test_geocoder import GeocoderServer, layer, load
from tests.factories import make_person, make_zip

# --- match_district ----------------------------------------------------------------------

NUMBERED = ["1", "2", "9", "10", "11", "17", "71", "90"]


@pytest.mark.parametrize(
    ("census", "choices", "expected"),
    [
        ("9", NUMBERED, "9"),
        ("009", NUMBERED, "9"),
        ("011", NUMBERED, "11"),
        ("State Senate District 9", NUMBERED, "9"),
        ("STATE SENATE DISTRICT 09", NUMBERED, "9"),
        ("Assembly District 17", NUMBERED, "17"),
        ("State House District 017", NUMBERED, "17"),
        ("Legislative District 10", NUMBERED, "10"),
        ("21A", ["21", "21A", "21B", "2A"], "21A"),
        ("021a", ["21", "21A", "21B", "2A"], "21A"),
        ("State House District 21B", ["21", "21A", "21B"], "21B"),
        ("A", ["A", "B", "T"], "A"),
        ("State Senate District T", ["A", "B", "T"], "T"),
        (
            "Hillsborough 23",
            ["Hillsborough 2", "Hillsborough 23", "Belknap 23"],
            "Hillsborough 23",
        ),
        (
            "State House District Hillsborough 03",
            ["Hillsborough 3", "Hillsborough 30"],
            "Hillsborough 3",
        ),
        (
            "Washington-5 State House District",
            ["Washington-5", "Washington-Chittenden"],
            "Washington-5",
        ),
        ("Chittenden-Central", ["Chittenden Central", "Chittenden North"], "Chittenden Central"),
        ("chittenden-6-4", ["Chittenden-6", "Chittenden-6-4"], "Chittenden-6-4"),
        ("First Barnstable", ["1st Barnstable", "2nd Barnstable"], "1st Barnstable"),
        ("Third Suffolk District", ["3rd Suffolk", "13th Suffolk"], "3rd Suffolk"),
        ("Twenty-Third Middlesex", ["23rd Middlesex", "3rd Middlesex"], "23rd Middlesex"),
        ("Worcester & Norfolk", ["Worcester and Norfolk", "Norfolk"], "Worcester and Norfolk"),
        ("Ward 2", ["Ward 1", "Ward 2", "Ward 8"], "Ward 2"),
        ("2", ["Ward 1", "Ward 2", "Ward 8"], "Ward 2"),
    ],
)
def test_match_district_finds_the_directory_name(
    census: str, choices: list[str], expected: str
) -> None:
    assert match_district(census, choices) == expected


@pytest.mark.parametrize(
    ("census", "choices"),
    [
        ("12", NUMBERED),  # not in the directory
        ("State Senate District 3", NUMBERED),
        ("21C", ["21A", "21B"]),
        ("21", ["21A", "21B"]),  # a senate number is not a house sub-district
        ("Washington", ["Washington-1", "Washington-2", "Washington-Chittenden"]),
        ("WA5", ["Washington-5"]),  # a bare code names nothing here
        ("523", ["Hillsborough 23"]),
        ("9", ["Hillsborough 9", "Belknap 9"]),
        ("Chittenden 06", ["Chittenden-6", "Chittenden 6"]),  # two candidates: no guess
        ("ZZZ", NUMBERED),
        ("State Senate District", NUMBERED),
        ("", NUMBERED),
        (None, NUMBERED),
        ("9", []),
    ],
)
def test_match_district_returns_none_when_unsure(census: str | None, choices: list[str]) -> None:
    assert match_district(census, choices) is None


def test_district_key() -> None:
    assert district_key("State House District 021A") == "21a"
    assert district_key("Orleans-4 State House District") == "orleans 4"
    assert district_key("Thirty-seventh Middlesex") == "37th middlesex"
    assert district_key("Eleventh Essex") == "11th essex"


# --- input checks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["", "   ", "1 Main St\x00", "1 Main St\nSpringfield", "1 Main\u200b St", "x" * 201, None],
)
def test_validate_address_rejects(address: str | None) -> None:
    with pytest.raises(AddressLookupError) as caught:
        validate_address(address)
    assert caught.value.code == "invalid_address"
    assert isinstance(caught.value, LookupInputError)
    assert str(caught.value)


def test_validate_address_tidies_spaces_and_accepts_the_maximum() -> None:
    assert validate_address("  1  Main St ,  Springfield ") == "1 Main St , Springfield"
    longest = "x" * MAX_ADDRESS_LENGTH
    assert validate_address(longest) == longest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 Dr Carlton B Goodlett Pl, San Francisco, CA 94102", "94102"),
        ("1 Dr Carlton B Goodlett Pl, San Francisco, CA 94102-4603", "94102"),
        ("1600 Pennsylvania Ave NW, Washington, DC 20500, USA", "20500"),
        ("12345 Main St, Springfield", None),
        ("1 Main St, Springfield, IL", None),
        ("1 Main St, Springfield, IL 627", None),
    ],
)
def test_zip_in_text(text: str, expected: str | None) -> None:
    assert zip_in_text(text) == expected


# --- end to end with a local geocoder ------------------------------------------------------


@pytest.fixture
def server() -> Iterator[GeocoderServer]:
    """A running local geocoder; stopped after the test."""
    running = GeocoderServer()
    running.start()
    yield running
    running.stop()


def config_for(url: str, *, enabled: bool = True, timeout: float = 5) -> dict[str, Any]:
    """The geocoder settings of the app config."""
    return {"GEOCODER_ENABLED": enabled, "GEOCODER_URL": url, "GEOCODER_TIMEOUT": timeout}


@pytest.fixture
def california(session: Session) -> dict[str, Person]:
    """CA officials: the right ones for SF City Hall, and one decoy per office."""
    make_zip(session, "94102", "CA", "11")
    make_zip(session, "94102", "CA", "12")  # the ZIP alone cannot tell
    people = {
        "sen1": make_person(session, name="Ann Senator", office="us_senator", district=None),
        "sen2": make_person(session, name="Bea Senator", office="us_senator", district=None),
        "rep11": make_person(
            session, name="Cal Eleven", office="us_representative", district="11"
        ),
        "rep12": make_person(
            session, name="Dee Twelve", office="us_representative", district="12"
        ),
        "sd11": make_person(session, name="Eve Upper", office="state_senator", district="11"),
        "sd1": make_person(session, name="Fay Upper", office="state_senator", district="1"),
        "ad17": make_person(
            session, name="Gus Lower", office="state_representative", district="17"
        ),
        "ad71": make_person(
            session, name="Hal Lower", office="state_representative", district="71"
        ),
    }
    return people


def names(people: Iterable[Person]) -> set[str]:
    """The names of some officials."""
    return {p.name for p in people}


SF = "1 Dr Carlton B Goodlett Pl, San Francisco, CA 94102"


def test_address_gives_exact_districts_and_legislators(session, server, california) -> None:
    server.answer = server.recorded("ca_san_francisco.json")
    result = lookup_address(session, SF, zip_code=None, config=config_for(server.url))

    recorded = load("ca_san_francisco.json")
    assert server.requests[0]["address"] == [SF]
    assert result.source == "address"
    assert result.states == ["CA"]
    assert result.districts == [District("CA", "11")]
    assert names(result.federal) == {"Ann Senator", "Bea Senator", "Cal Eleven"}
    assert names(result.state_officials) == {"Eve Upper", "Gus Lower"}
    assert result.legislative_districts == {"CA": {"upper": "11", "lower": "17"}}
    assert result.matched_address == recorded["result"]["addressMatches"][0]["matchedAddress"]
    assert result.zip_code == "94102"
    assert result.city == "San Francisco"
    assert result.ambiguous is False
    assert result.notices == []
    assert result.needs_legislative_district is False


def test_named_districts_new_hampshire(session, server) -> None:
    make_person(session, name="Ned Rep", office="us_representative", state="NH", district="1")
    make_person(session, name="Nia Rep", office="us_representative", state="NH", district="2")
    make_person(session, name="Sal Twenty", office="state_senator", state="NH", district="20")
    make_person(session, name="Sam Two", office="state_senator", state="NH", district="2")
    for name, district in [
        ("Hank TwentyThree", "Hillsborough 23"),
        ("Hope TwentyThree", "Hillsborough 23"),
        ("Hugo Two", "Hillsborough 2"),
        ("Hal Belknap", "Belknap 23"),
    ]:
        make_person(
            session, name=name, office="state_representative", state="NH", district=district
        )
    server.answer = server.recorded("nh_manchester.json")

    result = lookup_address(
        session,
        "1 City Hall Plz, Manchester, NH 03101",
        zip_code=None,
        config=config_for(server.url),
    )

    assert (
        layer(load("nh_manchester.json"), "Lower")["NAME"]
        == "State House District Hillsborough 23"
    )
    assert names(result.federal) == {"Ned Rep"}
    assert names(result.state_officials) == {"Sal Twenty", "Hank TwentyThree", "Hope TwentyThree"}
    assert result.legislative_districts == {"NH": {"upper": "20", "lower": "Hillsborough 23"}}
    assert result.city == "Manchester"


def test_at_large_state_with_named_districts_vermont(session, server) -> None:
    make_person(session, name="Val AtLarge", office="us_representative", state="VT", district="0")
    make_person(
        session, name="Wes Senator", office="state_senator", state="VT", district="Washington"
    )
    make_person(
        session, name="Win Senator", office="state_senator", state="VT", district="Chittenden"
    )
    make_person(
        session,
        name="Ada Five",
        office="state_representative",
        state="VT",
        district="Washington-5",
    )
    make_person(
        session,
        name="Abe Four",
        office="state_representative",
        state="VT",
        district="Washington-4",
    )
    server.answer = server.recorded("vt_montpelier.json")

    result = lookup_address(
        session, "39 Main St, Montpelier, VT 05602", zip_code=None, config=config_for(server.url)
    )

    assert result.districts == [District("VT", "0")]
    assert names(result.federal) == {"Val AtLarge"}
    assert names(result.state_officials) == {"Wes Senator", "Ada Five"}
    assert result.legislative_districts == {"VT": {"upper": "Washington", "lower": "Washington-5"}}


def test_dc_delegate_and_council_ward(session, server) -> None:
    make_person(session, name="Del Egate", office="us_representative", state="DC", district="0")
    for name, district in [
        ("Wendy Two", "Ward 2"),
        ("Walt Six", "Ward 6"),
        ("Al Large", "At-Large"),
        ("Chair Person", "Chairman"),
    ]:
        make_person(session, name=name, office="state_legislator", state="DC", district=district)
    server.answer = server.recorded("dc_white_house.json")

    result = lookup_address(
        session,
        "1600 Pennsylvania Ave NW, Washington, DC 20500",
        zip_code=None,
        config=config_for(server.url),
    )

    assert result.districts == [District("DC", "0")]
    assert names(result.federal) == {"Del Egate"}
    assert names(result.state_officials) == {"Wendy Two", "Al Large", "Chair Person"}
    assert result.legislative_districts == {"DC": {"legislature": "Ward 2"}}
    assert result.notices == []


def test_nebraska_unicameral(session, server) -> None:
    # Both senators too: a state without them reads as a partly loaded directory.
    make_person(session, name="Deb Senator", office="us_senator", state="NE")
    make_person(session, name="Pete Senator", office="us_senator", state="NE")
    make_person(session, name="Nora One", office="us_representative", state="NE", district="1")
    make_person(session, name="Leg FortySix", office="state_legislator", state="NE", district="46")
    make_person(
        session, name="Leg FortyFive", office="state_legislator", state="NE", district="45"
    )
    server.answer = server.recorded("ne_lincoln.json")

    result = lookup_address(
        session, "1445 K St, Lincoln, NE 68508", zip_code=None, config=config_for(server.url)
    )

    assert names(result.state_officials) == {"Leg FortySix"}
    assert result.legislative_districts == {"NE": {"legislature": "46"}}
    assert result.notices == []


def test_unmatched_legislative_district_is_left_out_with_a_notice(session, server) -> None:
    # Both senators too: a state without them reads as a partly loaded directory.
    make_person(session, name="Alex Senator", office="us_senator")
    make_person(session, name="Adam Senator", office="us_senator")
    make_person(session, name="Cal Eleven", office="us_representative", district="11")
    make_person(session, name="Fay Upper", office="state_senator", district="1")  # no SD 11
    make_person(session, name="Gus Lower", office="state_representative", district="17")
    server.answer = server.recorded("ca_san_francisco.json")

    result = lookup_address(session, SF, zip_code=None, config=config_for(server.url))

    assert result.legislative_districts == {"CA": {"lower": "17"}}
    assert names(result.state_officials) == {"Gus Lower"}
    assert len(result.notices) == 1
    assert "state senate district" in result.notices[0]
    assert "State Senate District 11" in result.notices[0]


def test_geocoder_disabled_falls_back_to_zip(session, server, california) -> None:
    result = lookup_address(
        session, SF, zip_code=None, config=config_for(server.url, enabled=False)
    )

    assert server.requests == []
    assert result.source == "zcta"
    assert result.zip_code == "94102"
    assert result.districts == [District("CA", "11"), District("CA", "12")]
    assert names(result.federal) == {"Ann Senator", "Bea Senator", "Cal Eleven", "Dee Twelve"}
    assert result.state_officials == []
    assert result.notices[0] == NOTICE_UNAVAILABLE
    assert result.matched_address is None


def test_server_down_falls_back_to_zip(session, california) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/geocoder/geographies/onelineaddress"

    result = lookup_address(session, SF, zip_code=None, config=config_for(url, timeout=2))

    assert result.source == "zcta"
    assert result.notices[0] == NOTICE_UNAVAILABLE
    assert names(result.federal) >= {"Cal Eleven", "Dee Twelve"}


@pytest.mark.parametrize("failure", ["status", "invalid_json", "timeout"])
def test_geocoder_failures_fall_back_to_zip(session, server, california, failure: str) -> None:
    server.answer = {
        "status": server.status(500),
        "invalid_json": server.raw(b"not json"),
        "timeout": server.slow(5, "ca_san_francisco.json"),
    }[failure]

    result = lookup_address(session, SF, zip_code=None, config=config_for(server.url, timeout=0.3))

    assert len(server.requests) == 1
    assert result.source == "zcta"
    assert result.notices[0] == NOTICE_UNAVAILABLE
    assert result.legislative_districts == {}


def test_unknown_address_falls_back_with_its_own_notice(session, server, california) -> None:
    server.answer = server.recorded("no_match.json")
    result = lookup_address(
        session, "1 Nowhere Lane, Nowhere", zip_code="94102", config=config_for(server.url)
    )
    assert result.source == "zcta"
    assert result.zip_code == "94102"
    assert result.notices[0] == NOTICE_NOT_FOUND


def test_given_zip_wins_over_the_one_in_the_address(session, california) -> None:
    make_zip(session, "94105", "CA", "11")
    result = lookup_address(
        session, SF, zip_code="94105", config=config_for("http://127.0.0.1:9", enabled=False)
    )
    assert result.zip_code == "94105"
    assert result.districts == [District("CA", "11")]


def test_no_zip_anywhere_asks_for_one(session, server, california) -> None:
    with pytest.raises(AddressLookupError) as disabled:
        lookup_address(
            session,
            "1 Dr Carlton B Goodlett Pl, San Francisco, CA",
            zip_code=None,
            config=config_for(server.url, enabled=False),
        )
    assert "ZIP code" in str(disabled.value)
    assert disabled.value.code == "invalid_address"

    server.answer = server.recorded("no_match.json")
    with pytest.raises(AddressLookupError) as not_found:
        lookup_address(session, "1 Nowhere Lane", zip_code="  ", config=config_for(server.url))
    assert "ZIP code" in str(not_found.value)
    assert "find" in str(not_found.value)


def test_bad_address_is_rejected_before_asking_the_geocoder(session, server) -> None:
    with pytest.raises(AddressLookupError):
        lookup_address(session, "1 Main St\r\n", zip_code="94102", config=config_for(server.url))
    with pytest.raises(AddressLookupError):
        lookup_address(session, "y" * 201, zip_code="94102", config=config_for(server.url))
    assert server.requests == []


def test_bad_or_unknown_zip(session, server) -> None:
    with pytest.raises(InvalidZip):
        lookup_address(session, SF, zip_code="9410", config=config_for(server.url))
    with pytest.raises(UnknownZip):
        lookup_address(
            session, "1 Main St", zip_code="00000", config=config_for(server.url, enabled=False)
        )
