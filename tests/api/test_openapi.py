"""The OpenAPI document is valid, complete, and true to what the API answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator

from outreach.api import views as api
from outreach.campaign import case_content
from outreach.directory import lookup
from tests.api.helpers import build_directory
from tests.factories import make_committee, make_sync

PREFIX = "/api/v1"
#: Requests covering every documented (path, status) pair; see
#: test_every_documented_response_is_exercised.
CASES = [
    "/api/v1/lookup?zip=94103&upper=10&lower=20",
    "/api/v1/lookup?zip=94538",
    "/api/v1/lookup?zip=96161",
    "/api/v1/lookup?zip=90001",
    "/api/v1/lookup?zip=82001",
    "/api/v1/lookup?address=1+Main+St&zip=94103",
    "/api/v1/lookup",
    "/api/v1/lookup?zip=12",
    "/api/v1/lookup?address=1+Main+St",
    "/api/v1/lookup?zip=00000",
    "/api/v1/lookup?zip=" + "1" * 201,
    "/api/v1/states/CA/officials",
    "/api/v1/states/wy/officials?district=0",
    "/api/v1/states/CA/officials?office=governor",
    "/api/v1/states/CA/officials?chamber=house",
    "/api/v1/states/ZZ/officials",
    "/api/v1/states/CA/officials?office=" + "x" * 201,
    "/api/v1/officials/{sen1}",
    "/api/v1/officials/{governor}",
    "/api/v1/officials/999999",
    "/api/v1/officials/abc",
    "/api/v1/officials/{sen1}?x=" + "x" * 201,
    "/api/v1/states",
    "/api/v1/states?x=" + "x" * 201,
    "/api/v1/states/CO",
    "/api/v1/states/zz",
    "/api/v1/states/CO?x=" + "x" * 201,
    "/api/v1/bills?jurisdiction=co&stage=enacted",
    "/api/v1/bills?stage=law",
    "/api/v1/bills?jurisdiction=ZZ",
    "/api/v1/bills?x=" + "x" * 201,
    "/api/v1/cases?circuit=5th&outcome=granted",
    "/api/v1/cases?circuit=13th",
    "/api/v1/cases?x=" + "x" * 201,
    "/api/v1/directory",
    "/api/v1/directory?x=" + "x" * 201,
    "/api/v1/openapi.json",
    "/api/v1/openapi.json?x=" + "x" * 201,
    "/api/v1/letters/templates",
    "/api/v1/letters/templates?x=" + "x" * 201,
    ("POST", "/api/v1/letters/render", lambda d: {"official_id": d["sen1"].id}),
    (
        "POST",
        "/api/v1/letters/render",
        lambda d: {
            "official_id": d["governor"].id,
            "template_id": "statewide-officer",
            "channel": "letter",
            "sender": {"name": "Jane Doe", "address": "1 Main St", "zip": "94103", "email": None},
            "story": "It matters to me.",
        },
    ),
    ("POST", "/api/v1/letters/render", b"{not json"),
    ("POST", "/api/v1/letters/render", lambda d: {"official_id": "1"}),
    ("POST", "/api/v1/letters/render", lambda d: {"official_id": 1, "story": "x" * 3001}),
    ("POST", "/api/v1/letters/render", lambda d: {"official_id": 999999}),
    (
        "POST",
        "/api/v1/letters/render",
        lambda d: {"official_id": d["sen1"].id, "template_id": "no-such-template"},
    ),
    ("POST", "/api/v1/letters/render", b"[" + b" " * 70000 + b"]"),
    ("POST", "/api/v1/letters/render?x=" + "x" * 201, lambda d: {"official_id": 1}),
]
#: Statuses that need a fault to appear; exercised by test_internal_error_matches_the_document.
FAULTS = {
    (path, "500")
    for path in (
        "/lookup",
        "/states/{abbr}/officials",
        "/officials/{official_id}",
        "/directory",
        "/states",
        "/states/{abbr}",
        "/bills",
        "/cases",
        "/letters/templates",
        "/letters/render",
    )
}


@pytest.fixture(scope="module")
def document() -> dict:
    return api.openapi_document()


def openapi_path(rule: str) -> str:
    """``/api/v1/officials/<int:official_id>`` → ``/officials/{official_id}``."""
    assert rule.startswith(PREFIX)
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule[len(PREFIX) :])


def api_rules(app) -> dict[str, set[str]]:
    """The api blueprint's routes, as OpenAPI paths, with their methods."""
    return {
        openapi_path(rule.rule): {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }


def validator_for(document: dict, schema: dict) -> Draft202012Validator:
    """A JSON Schema 2020-12 validator for a schema of the document.

    The document's components ride along so that ``#/components/...``
    references resolve; OpenAPI 3.1 schemas are JSON Schema 2020-12.
    """
    root = {**schema, "components": document["components"]}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def operations(item: dict) -> dict:
    """The operations of a path item, by method (``get``, ``post``…)."""
    return {method: operation for method, operation in item.items() if method != "parameters"}


def response_schema(document: dict, path: str, status: int, method: str = "get") -> dict:
    response = document["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        name = response["$ref"].rsplit("/", 1)[-1]
        response = document["components"]["responses"][name]
    return response["content"]["application/json"]["schema"]


def test_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1.")
    OpenAPIV31SpecValidator(document).validate()


def test_validator_rejects_a_broken_document(document):
    broken = {**document, "paths": {"/lookup": {"get": {"responses": {"200": {}}}}}}
    assert list(OpenAPIV31SpecValidator(broken).iter_errors())


def test_served_document_is_the_yaml_file(client):
    path = Path(api.__file__).resolve().parent / "openapi.yaml"
    served = client.get("/api/v1/openapi.json").get_json()
    assert served == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_route_is_documented_and_every_path_is_a_route(app, document):
    routes = api_rules(app)
    documented = {path: set(item) - {"parameters"} for path, item in document["paths"].items()}
    assert routes == documented
    assert {"/lookup", "/states/{abbr}/officials", "/officials/{official_id}"} <= set(routes)


def test_path_parameters_match_the_routes(app, document):
    for path, item in document["paths"].items():
        for operation in operations(item).values():
            parameters = operation.get("parameters", [])
            declared = {p["name"] for p in parameters if p["in"] == "path"}
            assert declared == set(re.findall(r"{([^}]+)}", path)), path


def test_every_error_code_of_the_views_is_documented(document):
    source = Path(api.__file__).read_text(encoding="utf-8")
    emitted = set(re.findall(r'api_error\(\s*\d+,\s*"([a-z_]+)"', source))
    for line in source.splitlines():
        if re.match(r"\s*code = ", line):
            emitted |= set(re.findall(r'"([a-z]+(?:_[a-z]+)+)"', line))
    assert {"invalid_zip", "invalid_address", "unknown_official", "parameter_too_long"} <= emitted
    assert emitted <= set(document["components"]["schemas"]["ErrorCode"]["enum"])


@pytest.fixture
def directory(session):
    case_content.load_cases(
        session, case_content.read_cases(case_content.DEFAULT_PATH), source="x"
    )
    people = build_directory(session)
    make_committee(session, "House Committee on Agriculture", None, [(people["rep14"], "Chair")])
    make_sync(
        session,
        source="/srv/mirror/directory",
        upstream={"openstates-people": {"commit": "934bf09"}},
        counts={"people": 10, "by_state": {"CA": {"governor": 1}}},
    )
    return people


def run_case(client, directory, case):
    """Send one case of :data:`CASES`: ``(url, response, method)``.

    A case is a GET URL whose ``{name}`` parts are ids of ``directory``, or
    ``(method, url, body)`` where the body is bytes or a function of the
    directory returning the JSON to send.
    """
    if isinstance(case, str):
        url = case.format(**{name: person.id for name, person in directory.items()})
        return url, client.get(url), "get"
    method, url, body = case
    if callable(body):
        response = client.open(url, method=method, json=body(directory))
    else:
        response = client.open(url, method=method, data=body, content_type="application/json")
    return url, response, method.lower()


def match_path(app, url: str, method: str = "get") -> str | None:
    """The documented path of a request URL, or None when no route matches."""
    adapter = app.url_map.bind("localhost")
    try:
        rule, _args = adapter.match(url.split("?", 1)[0], method=method.upper(), return_rule=True)
    except Exception:
        return None
    return openapi_path(rule.rule)


@pytest.mark.parametrize("template", CASES)
def test_response_matches_its_documented_schema(app, client, directory, document, template):
    url, response, method = run_case(client, directory, template)
    path = match_path(app, url, method) or ""
    if response.status_code == 404 and not path:
        schema = {"$ref": "#/components/schemas/Error"}  # no route: the generic error
    else:
        schema = response_schema(document, path, response.status_code, method)
    errors = sorted(
        validator_for(document, schema).iter_errors(response.get_json()), key=lambda e: e.path
    )
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_validation_catches_an_undocumented_field(app, client, directory, document):
    body = run_case(client, directory, "/api/v1/officials/{sen1}")[1].get_json()
    schema = response_schema(document, "/officials/{official_id}", 200)
    validator = validator_for(document, schema)
    assert validator.is_valid(body)
    assert not validator.is_valid({**body, "surprise": 1})
    missing = dict(body)
    del missing["stale"]
    assert not validator.is_valid(missing)
    assert not validator.is_valid({**body, "term_end": "5 May 2026"})
    lookup_schema = response_schema(document, "/lookup", 200)
    lookup_body = run_case(client, directory, "/api/v1/lookup?zip=94103")[1].get_json()
    lookup_body["officials"][0]["extra"] = True
    assert not validator_for(document, lookup_schema).is_valid(lookup_body)


def test_every_documented_response_is_exercised(app, client, directory, document):
    seen = set()
    for template in CASES:
        url, response, method = run_case(client, directory, template)
        path = match_path(app, url, method)
        if path:
            seen.add((path, str(response.status_code)))
    documented = {
        (path, status)
        for path, item in document["paths"].items()
        for operation in operations(item).values()
        for status in operation["responses"]
    }
    assert documented - FAULTS == seen - FAULTS
    assert documented >= FAULTS


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/lookup?zip=94103",
        "/api/v1/states/CA/officials",
        "/api/v1/officials/1",
        "/api/v1/directory",
    ],
)
def test_internal_error_matches_the_document(app, client, document, monkeypatch, url):
    def boom(*_args, **_kwargs):
        raise RuntimeError("fault")

    monkeypatch.setattr(lookup, "latest_sync", boom)
    monkeypatch.setattr(lookup, "lookup_zip", boom)
    monkeypatch.setattr(lookup, "state_officials", boom)
    monkeypatch.setattr(lookup, "get_official", boom)
    response = client.get(url)
    assert response.status_code == 500
    schema = response_schema(document, match_path(app, url), 500)
    assert validator_for(document, schema).is_valid(response.get_json())
