"""The public JSON API: every endpoint, every documented error, on factory data."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from outreach.api import serialize
from outreach.directory import errors, lookup
from outreach.models import ContactOffice, SocialAccount
from tests.factories import make_committee, make_person, make_sync, make_zip

OFFICIAL_FIELDS = {
    "id",
    "name",
    "given_name",
    "family_name",
    "office",
    "office_label",
    "title",
    "level",
    "state",
    "state_name",
    "district",
    "district_label",
    "chamber",
    "party",
    "emails",
    "phones",
    "faxes",
    "contact_form",
    "contact_form_fields",
    "website",
    "offices",
    "social",
    "photo_url",
    "bioguide_id",
    "ocd_person_id",
    "term_start",
    "term_end",
    "stale",
    "url",
    "data_as_of",
    "corrected",
}
OFFICE_FIELDS = {
    "kind",
    "label",
    "address",
    "street",
    "city",
    "state",
    "zip",
    "phone",
    "fax",
    "hours",
}
LOOKUP_FIELDS = {
    "query",
    "zip",
    "city",
    "states",
    "districts",
    "ambiguous",
    "notices",
    "vacancies",
    "legislative_districts",
    "needs_legislative_district",
    "matched_address",
    "officials",
    "directory_as_of",
    "source",
}
YESTERDAY = date.today() - timedelta(days=1)
NEXT_YEAR = date.today() + timedelta(days=365)


def build_directory(session) -> dict:
    """California and Wyoming, with a split ZIP, a vacant seat and a stale governor.

    * 94538 (Fremont) is split between CA-14 and CA-17; CA-17 has no member.
    * 94103 is wholly in CA-12.
    * 96161 crosses into NV (NV-2, which has no member either).
    * 82001 (Cheyenne) is wholly in WY at-large.
    * 90001 is in no crosswalk row: only its state (CA) is known.
    """
    make_zip(session, "94538", "CA", "14")
    make_zip(session, "94538", "CA", "17")
    make_zip(session, "94103", "CA", "12")
    make_zip(session, "96161", "CA", "3")
    make_zip(session, "96161", "NV", "2")
    make_zip(session, "82001", "WY", "0")
    people = {
        "sen1": make_person(
            session,
            name="Sam Senator",
            office="us_senator",
            district=None,
            chamber="upper",
            email=None,
            contact_form_url="https://senate.example/contact",
            website_url="https://senate.example",
            address="331 Hart Senate Office Building, Washington, DC 20510",
            phone="202-224-0001",
            twitter="SenSam",
            end_date=NEXT_YEAR,
        ),
        "sen2": make_person(
            session,
            name="Tess Senator",
            office="us_senator",
            district=None,
            chamber="upper",
            email=None,
            phone="202-224-0002",
        ),
        "rep14": make_person(
            session,
            name="Rita Rep",
            office="us_representative",
            district="14",
            chamber="lower",
            email=None,
            phone="202-225-0014",
        ),
        "rep12": make_person(
            session,
            name="Ned Rep",
            office="us_representative",
            district="12",
            chamber="lower",
            email=None,
        ),
        "rep3": make_person(
            session,
            name="Cal Rep",
            office="us_representative",
            district="3",
            chamber="lower",
            email=None,
        ),
        "governor": make_person(
            session,
            name="Gail Governor",
            office="governor",
            district=None,
            email="governor@ca.example",
            end_date=YESTERDAY,
        ),
        "state_sen": make_person(
            session, name="Sue Statesen", office="state_senator", district="10"
        ),
        "assembly": make_person(
            session,
            name="Abe Assembly",
            office="state_representative",
            district="20",
            email="abe assembly@ca.example",
        ),
        "wy_rep": make_person(
            session,
            name="Wanda Wyoming",
            office="us_representative",
            state="WY",
            district="0",
            chamber="lower",
            email=None,
        ),
        "nv_sen": make_person(
            session,
            name="Nev Senator",
            office="us_senator",
            state="NV",
            district=None,
            chamber="upper",
            email=None,
        ),
    }
    sen1 = people["sen1"]
    sen1.offices.append(
        ContactOffice(
            position=1,
            kind="district",
            label="San Francisco office",
            street="1 Post St",
            city="San Francisco",
            state="CA",
            zip="94104",
            phone="415-555-0101",
            fax="415-555-0102",
            hours="M-F 9-5",
        )
    )
    sen1.social_accounts.append(
        SocialAccount(platform="youtube", handle="UCabcdefghijklmnopqrstuv")
    )
    session.flush()
    make_committee(
        session,
        "Senate Committee on the Judiciary",
        None,
        [(sen1, "Ranking Member")],
    )
    make_committee(session, "Appropriations", None, [(sen1, "member")])
    return people


@pytest.fixture
def people(session):
    return build_directory(session)


def error_of(response, status: int, code: str) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    return body["error"]["message"]


def names(body: dict) -> list[str]:
    return [o["name"] for o in body["officials"]]


# -- /lookup -------------------------------------------------------------------------------


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


@pytest.fixture
def address_lookup(monkeypatch):
    """The address module, with ``lookup_address`` replaced by a recorder."""
    from outreach.directory import address_lookup as module

    calls: list[dict] = []
    outcome: dict = {}

    def fake(session, address, *, zip_code=None, config=None):
        calls.append({"address": address, "zip_code": zip_code, "config": config})
        if "error" in outcome:
            raise outcome["error"]
        result = lookup.lookup_zip(
            session, "94103", legislative={"CA": {"upper": "10", "lower": "20"}}
        )
        result.source = "address"
        result.ambiguous = False
        result.matched_address = "1 DR CARLTON B GOODLETT PL, SAN FRANCISCO, CA, 94102"
        return result

    monkeypatch.setattr(module, "lookup_address", fake)
    monkeypatch.setattr(module, "calls", calls, raising=False)
    monkeypatch.setattr(module, "outcome", outcome, raising=False)
    return module


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


def test_directory_before_any_sync(client):
    assert client.get("/api/v1/directory").get_json() == {
        "directory_as_of": None,
        "data_as_of": {"synced": None, "sources": []},
        "sync": None,
    }


def test_directory_reports_the_latest_successful_sync(client, session):
    make_sync(session, source="https://mirror.example/data")
    good = make_sync(
        session,
        source="/srv/outreach/shared/directory",
        upstream={
            "congress-legislators": {"commit": "abc123", "commit_date": "2026-06-15"},
            "openstates-people": {"file_date": "2026-08-05", "newest_record": "2026-07-01"},
        },
        counts={"people": 3, "by_office": {"governor": 1}},
        warnings=["a", "b"],
    )
    good.finished_at = datetime(2026, 8, 5, 12, 30, 15, 123)
    good.started_at = datetime(2026, 8, 5, 12, 29, 0)
    make_sync(session, source="later-but-failed", status="failed")
    session.flush()
    body = client.get("/api/v1/directory").get_json()
    sources = {s["source"]: s for s in body.pop("data_as_of")["sources"]}
    assert sources["congress-legislators"]["date"] == "2026-06-15"
    assert sources["congress-legislators"]["date_kind"] == "commit"
    assert sources["openstates-people"]["date"] == "2026-08-05"
    assert sources["openstates-people"]["date_kind"] == "file"
    assert sources["openstates-people"]["newest_record"] == "2026-07-01"
    assert sources["us-zipcodes-congress"]["date"] is None
    assert body == {
        "directory_as_of": "2026-08-05",
        "sync": {
            "source": "local:directory",
            "upstream": {
                "congress-legislators": {"commit": "abc123", "commit_date": "2026-06-15"},
                "openstates-people": {"file_date": "2026-08-05", "newest_record": "2026-07-01"},
            },
            "started_at": "2026-08-05T12:29:00Z",
            "finished_at": "2026-08-05T12:30:15Z",
            "counts": {"people": 3, "by_office": {"governor": 1}},
            "warning_count": 2,
        },
    }


def test_openapi_document_is_served_as_json(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json()["openapi"].startswith("3.1")


def test_api_allows_any_origin(client, people):
    assert client.get("/api/v1/lookup?zip=94103").headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/lookup").headers["Access-Control-Allow-Origin"] == "*"


def test_unknown_api_path_and_method_answer_json(client):
    error_of(client.get("/api/v1/nothing-here"), 404, "not_found")
    error_of(client.post("/api/v1/lookup?zip=94103"), 405, "method_not_allowed")


def test_unexpected_fault_is_a_json_500(client, monkeypatch):
    def boom(_session):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(lookup, "latest_sync", boom)
    message = error_of(client.get("/api/v1/directory"), 500, "internal_error")
    assert "fire" not in message


# -- serialize helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("office", "state", "district", "label"),
    [
        ("us_representative", "CA", "12", "CA-12"),
        ("us_representative", "AK", "0", "AK at-large"),
        ("us_senator", "CA", None, None),
        ("state_senator", "MN", "21A", "District 21A"),
        ("state_senator", "AK", "B", "District B"),
        ("state_representative", "NH", "Hillsborough 12", "Hillsborough 12"),
        ("state_legislator", "DC", "Ward 1", "Ward 1"),
        ("state_legislator", "DC", "At-Large", "At-Large"),
        ("state_representative", "MA", "10th Bristol", "10th Bristol"),
    ],
)
def test_district_label(office, state, district, label):
    assert serialize.district_label(office, state, district) == label


@pytest.mark.parametrize(
    ("platform", "handle", "url"),
    [
        ("twitter", "@SenSam", "https://x.com/SenSam"),
        ("facebook", "sen.sam", "https://www.facebook.com/sen.sam"),
        ("instagram", "sensam", "https://www.instagram.com/sensam"),
        ("youtube", "SenSamTube", "https://www.youtube.com/user/SenSamTube"),
        ("youtube", "@sensam", "https://www.youtube.com/@sensam"),
        ("mastodon", "@sam@Social.example", "https://social.example/@sam"),
        (
            "youtube_channel",
            "UCr4KOYv1o1oEQhy1jhhm3pQ",
            "https://www.youtube.com/channel/UCr4KOYv1o1oEQhy1jhhm3pQ",
        ),
        ("bluesky", "@sam.bsky.social", "https://bsky.app/profile/sam.bsky.social"),
        ("mastodon", "sam", None),
        ("myspace", "sam", None),
        ("facebook", "https://facebook.com/sam", "https://facebook.com/sam"),
        ("twitter", "a/../b?c", "https://x.com/a%2F..%2Fb%3Fc"),
    ],
)
def test_social_url(platform, handle, url):
    assert serialize.social_url(platform, handle) == url


@pytest.mark.parametrize(
    ("source", "public"),
    [
        ("upstream repositories", "upstream repositories"),
        ("/srv/outreach/mirror/directory/", "local:directory"),
        (
            "https://user:secret@mirror.example:8443/data?token=x#f",
            "https://mirror.example:8443/data",
        ),
        ("http://[broken/data", "http://"),
    ],
)
def test_public_source_hides_paths_and_credentials(source, public):
    assert serialize.public_source(source) == public


def test_serializing_a_person_without_office_is_refused(session):
    person = make_person(session)
    person.roles.clear()
    with pytest.raises(ValueError, match="holds no office"):
        serialize.official(person, today=date.today())
