"""The public JSON API: a state's officials, their filters, one official."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api.helpers import (
    OFFICIAL_FIELDS,
    error_of,
    names,
)
from tests.factories import make_sync


def test_state_officials_lists_everyone_in_order(client, session, people):
    make_sync(session)
    response = client.get("/api/v1/states/CA/officials")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"state", "filters", "officials", "directory_as_of"}
    assert body["state"] == {
        "abbr": "CA",
        "name": "California",
        "kind": "state",
        "fips": "06",
        "ocd_id": "ocd-division/country:us/state:ca",
        "has_state_officials": True,
    }
    assert body["filters"] == {"office": None, "chamber": None, "district": None}
    assert body["directory_as_of"] == date.today().isoformat()
    assert names(body) == [
        "Sam Senator",
        "Tess Senator",
        "Cal Rep",
        "Ned Rep",
        "Rita Rep",
        "Gail Governor",
        "Sue Statesen",
        "Abe Assembly",
    ]
    assert all(set(o) == OFFICIAL_FIELDS for o in body["officials"])


def test_state_code_is_case_insensitive(client, people):
    body = client.get("/api/v1/states/wy/officials").get_json()
    assert body["state"]["abbr"] == "WY"
    assert names(body) == ["Wanda Wyoming"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("office=governor", ["Gail Governor"]),
        ("office=us_representative&district=14", ["Rita Rep"]),
        ("office=state_senator&chamber=upper", ["Sue Statesen"]),
        ("chamber=lower&district=20", ["Abe Assembly"]),
        ("district=10", ["Sue Statesen"]),
        ("office=attorney_general", []),
    ],
)
def test_state_officials_filters(client, people, query, expected):
    body = client.get(f"/api/v1/states/CA/officials?{query}").get_json()
    assert names(body) == expected
    for pair in query.split("&"):
        key, value = pair.split("=")
        assert body["filters"][key] == value


def test_at_large_district_filter_is_zero(client, people):
    body = client.get("/api/v1/states/WY/officials?district=0").get_json()
    assert names(body) == ["Wanda Wyoming"]


def test_unknown_office_is_400_listing_the_valid_values(client, people):
    message = error_of(
        client.get("/api/v1/states/CA/officials?office=mayor"), 400, "invalid_parameter"
    )
    assert "mayor" in message
    assert "us_senator" in message
    assert "state_legislator" in message


def test_unknown_chamber_is_400_listing_the_valid_values(client, people):
    message = error_of(
        client.get("/api/v1/states/CA/officials?chamber=house"), 400, "invalid_parameter"
    )
    assert "upper, lower, legislature" in message


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/states/CA/officials?chamber=&office=",
        "/api/v1/states/CA/officials?office=%20",
        "/api/v1/bills?stage=",
    ],
)
def test_a_filter_given_blank_is_400_naming_it(client, people, url):
    """The OpenAPI document lists each filter's values: a blank one is none of them."""
    message = error_of(client.get(url), 400, "invalid_parameter")
    assert "empty" in message
    assert ("office" in message) if "office" in url else ("stage" in message)


def test_over_long_district_filter_is_400(client, people):
    error_of(
        client.get("/api/v1/states/CA/officials", query_string={"district": "9" * 81}),
        400,
        "invalid_parameter",
    )
    error_of(
        client.get("/api/v1/states/CA/officials", query_string={"district": "9" * 201}),
        400,
        "parameter_too_long",
    )


@pytest.mark.parametrize("abbr", ["ZZ", "California", "x" * 300])
def test_unknown_state_is_404(client, abbr):
    error_of(client.get(f"/api/v1/states/{abbr}/officials"), 404, "unknown_state")


# -- /officials/<id> ------------------------------------------------------------------------------


def test_official_detail_has_committees(client, people):
    sam = people["sen1"]
    response = client.get(f"/api/v1/officials/{sam.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == OFFICIAL_FIELDS | {"committees", "directory_as_of"}
    assert body["id"] == sam.id
    assert body["name"] == "Sam Senator"
    assert [(c["name"], c["role"], c["chamber"]) for c in body["committees"]] == [
        ("Appropriations", "member", "upper"),
        ("Senate Committee on the Judiciary", "Ranking Member", "upper"),
    ]
    assert all(set(c) == {"id", "name", "chamber", "role"} for c in body["committees"])
    assert body["committees"][0]["id"].startswith("test-committee-")


def test_official_without_committees_has_an_empty_list(client, people):
    body = client.get(f"/api/v1/officials/{people['governor'].id}").get_json()
    assert body["committees"] == []
    assert body["stale"] is True


@pytest.mark.parametrize("official_id", ["999999", str(2**63), "9" * 40])
def test_unknown_official_is_404(client, people, official_id):
    error_of(client.get(f"/api/v1/officials/{official_id}"), 404, "unknown_official")


@pytest.mark.parametrize("path", ["/api/v1/officials/abc", "/api/v1/officials/-1"])
def test_official_id_must_be_a_number(client, path):
    error_of(client.get(path), 404, "not_found")


# -- /directory, /openapi.json and the API as a whole --------------------------------------------
