"""The campaign's JSON API: states, one state's record, bills; true to openapi.yaml."""

from __future__ import annotations

import pytest

from outreach.api import views as api
from outreach.campaign import records as campaign
from tests.api.test_openapi import response_schema, validator_for
from tests.campaign.test_campaign_pages import build_campaign
from tests.factories import make_person


@pytest.fixture(scope="module")
def document() -> dict:
    return api.openapi_document()


@pytest.fixture
def content(session):
    return build_campaign(session)


def assert_documented(document, path: str, response) -> dict:
    """The body of ``response``, checked against the schema of ``path`` and its status."""
    body = response.get_json()
    schema = response_schema(document, path, response.status_code)
    errors = list(validator_for(document, schema).iter_errors(body))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    return body


# ----------------------------------------------------------------------------- /states


def test_states_lists_every_map_jurisdiction_with_score(client, content, document):
    response = client.get("/api/v1/states")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = assert_documented(document, "/states", response)
    assert body["content_loaded"] is True
    assert body["as_of"] == "2026-06-30"
    states = {s["abbr"]: s for s in body["states"]}
    assert set(states) == set(campaign.MAP_JURISDICTIONS)
    assert [s["name"] for s in body["states"]] == sorted(s["name"] for s in body["states"])
    assert states["CO"] == {
        "abbr": "CO",
        "name": "Colorado",
        "kind": "state",
        "status": "enacted",
        "status_label": "Has a law that ends qualified immunity",
        "score": 5.5,
        "score_label": "5.5/9",
        "unknown_count": 2,
        "pending_count": 1,
        "recently_passed": True,
        "url": "/states/co",
    }
    assert states["WY"]["status"] is None
    assert states["WY"]["score"] == 0
    assert states["WY"]["unknown_count"] == 0
    assert states["IA"]["status"] == "strengthened"
    assert states["NY"]["pending_count"] == 1
    assert [p["abbr"] for p in body["places"]] == ["NYC"]
    assert body["places"][0]["kind"] == "city"


def test_states_before_content_is_loaded(client, document):
    body = assert_documented(document, "/states", client.get("/api/v1/states"))
    assert body["content_loaded"] is False
    assert body["as_of"] is None
    assert len(body["states"]) == 52
    assert all(s["status"] is None and s["score"] == 0 for s in body["states"])
    assert body["places"] == []


# ----------------------------------------------------------------------------- /states/{abbr}


def test_state_record_has_bills_and_assessments(client, content, document):
    response = client.get("/api/v1/states/co")
    assert response.status_code == 200
    body = assert_documented(document, "/states/{abbr}", response)
    assert body["abbr"] == "CO"
    assert body["state"] is None
    assert body["summary"] == "Colorado ended it in 2020."
    assert body["as_of"] == "2026-03-01"
    assert body["sources"] == [{"title": "Source", "url": "https://example.org/s"}]
    assert body["strongest_law"] == content["strong"].slug
    assert [b["identifier"] for b in body["bills"]] == ["HB 9", "SB 1", "SB 2", "HB 4"]
    pending = body["bills"][0]
    assert pending["pending"] is True
    assert pending["in_force"] is False
    assert pending["stage"] == "passed_one_chamber"
    assert pending["score"] == 8
    strong = body["bills"][2]
    assert strong["score"] == 5.5
    assert strong["unknown_count"] == 2
    assert strong["events"][1] == {
        "date": "2020-06-19",
        "text": "Signed into law.",
        "source": "https://leg.example.gov/sb2",
    }
    first, second = strong["assessments"][:2]
    assert first == {
        "criterion": 1,
        "title": "Qualified immunity for all police officers",
        "group": "end",
        "rating": "met",
        "rating_label": "Met",
        "points": 1.0,
        "note": "Note 1",
        "source": "https://example.org/src",
    }
    assert second["rating"] == "partial"
    assert second["points"] == 0.5
    assert [a["criterion"] for a in strong["assessments"]] == list(range(1, 10))


def test_city_record_names_its_state(client, content, document):
    body = assert_documented(document, "/states/{abbr}", client.get("/api/v1/states/NYC"))
    assert body["abbr"] == "NYC"
    assert body["kind"] == "city"
    assert body["state"] == "NY"
    assert body["score"] == 1.5


def test_state_without_record(client, document):
    body = assert_documented(document, "/states/{abbr}", client.get("/api/v1/states/wy"))
    assert body["status"] is None
    assert body["summary"] is None
    assert body["bills"] == []
    assert body["strongest_law"] is None
    assert body["bills"] == []
    assert body["sources"] == []


@pytest.mark.parametrize("code", ["ZZ", "nowhere", "US"])
def test_unknown_state_is_a_404(client, document, code):
    response = client.get(f"/api/v1/states/{code}")
    assert response.status_code == 404
    body = assert_documented(document, "/states/{abbr}", response)
    assert body["error"]["code"] == "unknown_state"


def test_state_officials_endpoint_still_answers(client, session):
    make_person(session, name="Gov Colorado", office="governor", state="CO", district=None)
    response = client.get("/api/v1/states/CO/officials")
    assert response.status_code == 200
    assert [p["name"] for p in response.get_json()["officials"]] == ["Gov Colorado"]
    assert client.get("/api/v1/states/NYC/officials").status_code == 404


# ----------------------------------------------------------------------------- /bills


def test_bills_filter_by_jurisdiction_and_stage(client, content, document):
    response = client.get("/api/v1/bills?jurisdiction=co&stage=enacted")
    body = assert_documented(document, "/bills", response)
    assert body["filters"] == {"jurisdiction": "co", "stage": "enacted"}
    assert [b["identifier"] for b in body["bills"]] == ["SB 1", "SB 2"]
    federal = client.get("/api/v1/bills?jurisdiction=US").get_json()["bills"]
    assert {b["identifier"] for b in federal} == {"H.R. 1470", "H.R. 1280", "H.R. 7085"}
    assert {b["congress"] for b in federal} == {116, 117}
    everything = assert_documented(document, "/bills", client.get("/api/v1/bills"))
    assert len(everything["bills"]) == 10
    assert everything["filters"] == {"jurisdiction": None, "stage": None}


def test_unknown_stage_is_a_400_listing_valid_values(client, content, document):
    response = client.get("/api/v1/bills?stage=law")
    assert response.status_code == 400
    body = assert_documented(document, "/bills", response)
    assert body["error"]["code"] == "invalid_parameter"
    message = body["error"]["message"]
    for stage in ("introduced", "passed_one_chamber", "enacted", "failed", "vetoed"):
        assert stage in message


def test_unknown_jurisdiction_is_a_404(client, document):
    response = client.get("/api/v1/bills?jurisdiction=ZZ")
    assert response.status_code == 404
    body = assert_documented(document, "/bills", response)
    assert body["error"]["code"] == "unknown_state"


def test_overlong_parameter_is_a_400(client, document):
    response = client.get("/api/v1/bills?stage=" + "x" * 201)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "parameter_too_long"


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/api/v1/states", "/states"),
        ("/api/v1/states/CO", "/states/{abbr}"),
        ("/api/v1/bills", "/bills"),
    ],
)
def test_internal_error_matches_the_document(client, document, monkeypatch, url, path):
    def boom(*_args, **_kwargs):
        raise RuntimeError("fault")

    for name in ("all_standings", "standing", "find_bills"):
        monkeypatch.setattr(campaign, name, boom)
    response = client.get(url)
    assert response.status_code == 500
    body = assert_documented(document, path, response)
    assert body["error"]["code"] == "internal_error"


def test_schema_rejects_an_undocumented_field(client, content, document):
    body = client.get("/api/v1/states/co").get_json()
    validator = validator_for(document, response_schema(document, "/states/{abbr}", 200))
    assert validator.is_valid(body)
    assert not validator.is_valid({**body, "surprise": 1})
    body["bills"][0]["assessments"][0]["extra"] = True
    assert not validator.is_valid(body)
