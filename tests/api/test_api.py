"""The public JSON API: lookups by ZIP code and their documented errors."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api.helpers import (
    LOOKUP_FIELDS,
    NEXT_YEAR,
    OFFICE_FIELDS,
    OFFICIAL_FIELDS,
    YESTERDAY,
    error_of,
    names,
)
from tests.factories import make_sync


def test_lookup_answers_every_field_for_a_single_district_zip(client, session, people):
    make_sync(session)
    response = client.get("/api/v1/lookup?zip=94103")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == LOOKUP_FIELDS
    assert body["query"] == {
        "zip": "94103",
        "address": None,
        "upper": None,
        "lower": None,
        "legislature": None,
    }
    assert body["zip"] == "94103"
    assert body["city"] == "San Francisco"
    assert body["states"] == ["CA"]
    assert body["districts"] == [
        {
            "state": "CA",
            "district": "12",
            "label": "CA-12",
            "ocd_id": "ocd-division/country:us/state:ca/cd:12",
        }
    ]
    assert body["ambiguous"] is False
    assert body["notices"] == []
    assert body["vacancies"] == []
    assert body["source"] == "zcta"
    assert body["directory_as_of"] == date.today().isoformat()
    assert body["needs_legislative_district"] is True
    assert body["legislative_districts"] == {}
    # Federal first (senators, then the representative), then statewide; no
    # legislator until a district is known.
    assert names(body) == ["Sam Senator", "Tess Senator", "Ned Rep", "Gail Governor"]
    for official in body["officials"]:
        assert set(official) == OFFICIAL_FIELDS
        for office in official["offices"]:
            assert set(office) == OFFICE_FIELDS


def test_lookup_serializes_an_official_with_every_channel(client, people):
    body = client.get("/api/v1/lookup?zip=94103").get_json()
    sam = next(o for o in body["officials"] if o["name"] == "Sam Senator")
    assert sam["id"] == people["sen1"].id
    assert sam["given_name"] == "Sam"
    assert sam["family_name"] == "Senator"
    assert sam["office"] == "us_senator"
    assert sam["office_label"] == "U.S. Senator"
    assert sam["level"] == "federal"
    assert sam["state"] == "CA"
    assert sam["state_name"] == "California"
    assert sam["district"] is None
    assert sam["district_label"] is None
    assert sam["emails"] == []
    assert sam["phones"] == ["202-224-0001", "415-555-0101"]
    assert sam["faxes"] == ["415-555-0102"]
    assert sam["contact_form"] == "https://senate.example/contact"
    assert sam["website"] == "https://senate.example"
    assert [o["kind"] for o in sam["offices"]] == ["capitol", "district"]
    assert sam["offices"][1] == {
        "kind": "district",
        "label": "San Francisco office",
        "address": None,
        "street": "1 Post St",
        "city": "San Francisco",
        "state": "CA",
        "zip": "94104",
        "phone": "415-555-0101",
        "fax": "415-555-0102",
        "hours": "M-F 9-5",
    }
    assert sam["social"] == {
        "twitter": {"handle": "SenSam", "url": "https://x.com/SenSam"},
        "youtube": {
            "handle": "UCabcdefghijklmnopqrstuv",
            "url": "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv",
        },
    }
    assert sam["bioguide_id"] == people["sen1"].bioguide_id
    assert sam["ocd_person_id"] is None
    assert sam["term_start"] == "2023-01-03"
    assert sam["term_end"] == NEXT_YEAR.isoformat()
    assert sam["stale"] is False
    assert sam["url"] == f"/officials/{people['sen1'].id}"


def test_lookup_flags_an_official_whose_term_has_ended(client, people):
    body = client.get("/api/v1/lookup?zip=94103").get_json()
    stale = {o["name"]: o["stale"] for o in body["officials"]}
    assert stale["Gail Governor"] is True
    assert stale["Tess Senator"] is False  # no recorded end
    governor = next(o for o in body["officials"] if o["name"] == "Gail Governor")
    assert governor["term_end"] == YESTERDAY.isoformat()
    assert governor["emails"] == ["governor@ca.example"]
    assert governor["level"] == "state"


def test_split_zip_is_ambiguous_and_lists_every_candidate(client, people):
    body = client.get("/api/v1/lookup?zip=94538").get_json()
    assert body["ambiguous"] is True
    assert [d["label"] for d in body["districts"]] == ["CA-14", "CA-17"]
    assert "split between 2 congressional districts" in " ".join(body["notices"])
    # CA-17 has no member: it is named as vacant rather than silently dropped.
    assert any("CA-17" in v and "vacant" in v for v in body["vacancies"])
    assert "Rita Rep" in names(body)
    assert "Ned Rep" not in names(body)


def test_zip_across_state_lines_lists_both_states(client, people):
    body = client.get("/api/v1/lookup?zip=96161&upper=10").get_json()
    assert body["states"] == ["CA", "NV"]
    assert body["ambiguous"] is True
    assert {"Cal Rep", "Sam Senator", "Nev Senator"} <= set(names(body))
    # NV has one senator and no House member at all in this small directory: its
    # House seats are missing data, not vacant.
    assert not any("NV-2" in v for v in body["vacancies"])
    assert any("no U.S. representatives for Nevada" in n for n in body["notices"])
    assert any("Nevada has 1 vacant U.S. Senate seat" in v for v in body["vacancies"])
    # District choices cannot apply to two states at once: said, not ignored silently.
    assert "Sue Statesen" not in names(body)
    assert any("legislative districts you chose were not used" in n for n in body["notices"])
    assert body["query"]["upper"] == "10"


def test_at_large_house_seat_is_district_zero_with_a_label(client, people):
    body = client.get("/api/v1/lookup?zip=82001").get_json()
    assert body["districts"][0]["district"] == "0"
    assert body["districts"][0]["label"] == "WY at-large"
    assert body["districts"][0]["ocd_id"] == "ocd-division/country:us/state:wy"
    wanda = next(o for o in body["officials"] if o["name"] == "Wanda Wyoming")
    assert wanda["district"] == "0"
    assert wanda["district_label"] == "WY at-large"
    # Wyoming has no senator in this directory: missing data, not two vacant seats.
    assert not any("Wyoming" in v for v in body["vacancies"])
    assert any("no U.S. senators for Wyoming" in n for n in body["notices"])


def test_zip_outside_the_crosswalk_falls_back_to_the_state(client, people):
    body = client.get("/api/v1/lookup?zip=90001").get_json()
    assert body["source"] == "zip-database"
    assert body["states"] == ["CA"]
    assert body["districts"] == []
    assert body["ambiguous"] is True
    assert {"Rita Rep", "Ned Rep", "Cal Rep"} <= set(names(body))


def test_zip_plus_four_is_accepted(client, people):
    body = client.get("/api/v1/lookup?zip=94103-1234").get_json()
    assert body["zip"] == "94103"
    assert body["query"]["zip"] == "94103-1234"


def test_legislative_districts_add_state_legislators(client, people):
    response = client.get("/api/v1/lookup?zip=94103&upper=10&lower=20")
    body = response.get_json()
    assert body["legislative_districts"] == {"CA": {"upper": "10", "lower": "20"}}
    assert body["needs_legislative_district"] is False
    assert names(body)[-2:] == ["Sue Statesen", "Abe Assembly"]
    assembly = next(o for o in body["officials"] if o["name"] == "Abe Assembly")
    assert assembly["district_label"] == "District 20"
    assert assembly["chamber"] == "lower"
    assert assembly["emails"] == []  # the directory's address has a space in it
    assert assembly["ocd_person_id"].startswith("ocd-person/")


def test_lookup_without_a_sync_has_no_directory_date(client, people):
    assert client.get("/api/v1/lookup?zip=94103").get_json()["directory_as_of"] is None


@pytest.mark.parametrize("raw", ["123", "abcde", "941031", "94103-12", "9410 3", "1" * 11])
def test_malformed_zip_is_400_invalid_zip(client, raw):
    message = error_of(client.get("/api/v1/lookup", query_string={"zip": raw}), 400, "invalid_zip")
    assert "ZIP" in message


@pytest.mark.parametrize("url", ["/api/v1/lookup", "/api/v1/lookup?zip=", "/api/v1/lookup?zip=+"])
def test_missing_zip_is_400(client, url):
    error_of(client.get(url), 400, "missing_parameter")


def test_unknown_zip_is_404(client, people):
    message = error_of(client.get("/api/v1/lookup?zip=00000"), 404, "unknown_zip")
    assert "00000" in message


@pytest.mark.parametrize(
    "query",
    [
        {"zip": "9" * 201},
        {"address": "1 Main St " * 30},
        {"zip": "94103", "upper": "1" * 201},
        {"zip": "94103", "x" * 201: "1"},
    ],
)
def test_over_long_parameters_are_400(client, people, query):
    error_of(client.get("/api/v1/lookup", query_string=query), 400, "parameter_too_long")


def test_parameters_of_200_characters_are_accepted(client, people):
    response = client.get("/api/v1/lookup", query_string={"zip": "94103", "upper": "1" * 200})
    assert response.status_code == 200


# -- /lookup with an address ------------------------------------------------------------------
