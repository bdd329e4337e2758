"""``GET /api/v1/cases`` and the circuit and cases of ``GET /api/v1/states/{abbr}``.

The circuits are checked against the reference's own table (parsed from the
reference sheet), not against a copy of the content.
"""

from __future__ import annotations

import pytest

from outreach.campaign import case_content
from outreach.campaign.records import MAP_JURISDICTIONS
from tests.reference import reference_circuits

SHIPPED = case_content.read_cases(case_content.DEFAULT_PATH)


@pytest.fixture
def loaded(session):
    case_content.load_cases(session, SHIPPED, source="cases.yaml")
    session.commit()
    return SHIPPED


def test_every_state_dc_and_pr_has_the_reference_circuit_and_its_cases(client, loaded):
    expected = reference_circuits()
    assert len(MAP_JURISDICTIONS) == 52
    for code in MAP_JURISDICTIONS:
        body = client.get(f"/api/v1/states/{code}").get_json()
        assert body["circuit"]["code"] == expected[code], code
        assert code in body["circuit"]["jurisdictions"]
        assert body["circuit"]["sources"]
        own = sorted(c.slug for c in loaded.cases if c.state == code)
        assert sorted(c["id"] for c in body["cases"]) == own, code
        for case in body["cases"]:
            assert case["state"] == code
            assert case["circuit"] == expected[code]
            assert case["sources"]


def test_a_territory_missing_from_the_table_has_no_circuit(client, loaded):
    body = client.get("/api/v1/states/AS").get_json()
    assert body["circuit"] is None
    assert body["cases"] == []


def test_cases_are_filtered(client, loaded):
    everything = client.get("/api/v1/cases").get_json()
    assert len(everything["cases"]) == len(loaded.cases)
    assert everything["filters"] == {"state": None, "circuit": None, "outcome": None}
    years = [c["year"] for c in everything["cases"]]
    assert years == sorted(years, reverse=True)
    body = client.get("/api/v1/cases?state=tx&outcome=granted").get_json()
    assert body["filters"] == {"state": "TX", "circuit": None, "outcome": "granted"}
    assert {c["id"] for c in body["cases"]} == {
        c.slug for c in loaded.cases if c.state == "TX" and c.outcome.value == "granted"
    }
    ninth = client.get("/api/v1/cases?circuit=9TH").get_json()["cases"]
    assert {c["id"] for c in ninth} == {"jessop-v-city-of-fresno", "kisela-v-hughes"}
    collie = next(c for c in everything["cases"] if c["id"] == "collie-v-barron")
    assert collie["url"] == "/cases/collie-v-barron"
    assert collie["image_url"] == "/share/cases/collie-v-barron.png"
    assert collie["sources"][0]["url"] == "http://casetext.com/case/collie-v-barron-2"


@pytest.mark.parametrize(
    ("query", "named", "valid"),
    [
        ("circuit=13th", "circuit “13th”", "1st, 2nd, 3rd, 4th, 5th"),
        ("state=ZZ", "state “ZZ”", "AK, AL, AR"),
        ("outcome=won", "outcome “won”", "granted, denied, other"),
        ("state=TX&circuit=first", "circuit “first”", "dc"),
    ],
)
def test_unknown_filters_answer_400_listing_the_valid_values(client, loaded, query, named, valid):
    response = client.get(f"/api/v1/cases?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_parameter"
    assert named in error["message"]
    assert valid in error["message"]
