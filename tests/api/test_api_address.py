"""The public JSON API: lookups by street address (the geocoder stood in for)."""

from __future__ import annotations

from outreach.directory import errors
from tests.api.helpers import (
    LOOKUP_FIELDS,
    error_of,
    names,
)


def test_address_lookup_answers_the_geocoded_districts(app, client, people, address_lookup):
    response = client.get(
        "/api/v1/lookup",
        query_string={
            "address": " 1 Dr Carlton B Goodlett Pl, San Francisco ",
            "zip": "94103-0001",
        },
    )
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == LOOKUP_FIELDS
    assert address_lookup.calls == [
        {
            "address": "1 Dr Carlton B Goodlett Pl, San Francisco",
            "zip_code": "94103",
            "config": app.config,
        }
    ]
    assert body["source"] == "address"
    assert body["matched_address"].startswith("1 DR CARLTON")
    assert body["query"]["address"] == "1 Dr Carlton B Goodlett Pl, San Francisco"
    assert body["legislative_districts"] == {"CA": {"upper": "10", "lower": "20"}}
    assert "Sue Statesen" in names(body)


def test_address_without_zip_passes_none(client, people, address_lookup):
    assert client.get("/api/v1/lookup?address=1+Main+St").status_code == 200
    assert address_lookup.calls[0]["zip_code"] is None


def test_address_that_cannot_be_used_is_400(client, people, address_lookup):
    address_lookup.outcome["error"] = address_lookup.AddressLookupError("We could not find it.")
    message = error_of(client.get("/api/v1/lookup?address=nowhere"), 400, "invalid_address")
    assert message == "We could not find it."


def test_address_with_a_malformed_zip_is_400_before_geocoding(client, address_lookup):
    error_of(client.get("/api/v1/lookup?address=1+Main+St&zip=12"), 400, "invalid_zip")
    assert address_lookup.calls == []


def test_address_with_an_unknown_zip_is_404(client, address_lookup):
    address_lookup.outcome["error"] = errors.UnknownZip("00000")
    error_of(client.get("/api/v1/lookup?address=1+Main+St&zip=00000"), 404, "unknown_zip")


def test_address_falls_back_to_the_zip_when_the_geocoder_is_off(client, people):
    # The real address module; the test configuration switches the geocoder off.
    body = client.get("/api/v1/lookup?address=1+Main+St&zip=94103").get_json()
    assert body["source"] == "zcta"
    assert body["zip"] == "94103"
    assert "results come from your ZIP code" in body["notices"][0]


def test_address_alone_without_the_geocoder_is_400(client, people):
    error_of(client.get("/api/v1/lookup?address=1+Main+St"), 400, "invalid_address")


# -- /states/<abbr>/officials -------------------------------------------------------------------
