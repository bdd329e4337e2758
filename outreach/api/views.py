"""Blueprint `api`: the public JSON API of the officials directory, the campaign and letters.

Views only read parameters, call :mod:`outreach.directory.lookup` and hand the
rows to :mod:`outreach.api.serialize`. Every error is
``{"error": {"code", "message"}}`` with a stable ``code``; the codes and every
shape are documented in ``outreach/api/openapi.yaml`` (served at
``/api/v1/openapi.json``), which the tests check against these routes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge

from outreach.api import serialize, serialize_campaign, serialize_cases, serialize_letters
from outreach.api.serialize import JSON
from outreach.campaign import cases
from outreach.campaign import pages as campaign_pages
from outreach.campaign import records as campaign
from outreach.campaign.policy.views import public_link
from outreach.directory import (
    address_lookup,
    checks,
    corrections,
    district_picks,
    errors,
    jurisdictions,
    lookup,
    query_filters,
)
from outreach.directory.views.dates import directory_dates
from outreach.directory.views.provenance import corrected_ids
from outreach.extensions import db
from outreach.letters import api_requests, drafts, situations
from outreach.letters.catalog import UnknownTemplate
from outreach.web import rate_limits
from outreach.web.errors import api_error
from outreach.web.response_cache import cached_response, plain_zip_key

bp = Blueprint("api", __name__, url_prefix="/api/v1")

OPENAPI_PATH = Path(__file__).resolve().parent / "openapi.yaml"
#: Longest accepted query parameter (name or value), in characters.
MAX_PARAMETER_LENGTH = 200


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI document, read once from ``outreach/api/openapi.yaml``.

    It goes through JSON once so that a value YAML would load as something
    else (an unquoted date) fails here rather than being served changed.
    """
    with OPENAPI_PATH.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    loaded: dict[str, Any] = json.loads(json.dumps(document))
    return loaded


@bp.before_request
def _check_parameter_lengths() -> ResponseReturnValue | None:
    for name, value in request.args.items(multi=True):
        if len(name) > MAX_PARAMETER_LENGTH or len(value) > MAX_PARAMETER_LENGTH:
            return api_error(
                400,
                "parameter_too_long",
                f"The parameter “{name[:40]}” is too long: at most "
                f"{MAX_PARAMETER_LENGTH} characters.",
            )
    return None


@bp.after_request
def _allow_any_origin(response: Response) -> Response:
    # Public data without cookies: campaign sites may call it (rendering a
    # letter changes nothing on the server either).
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    if request.method == "OPTIONS":
        response.headers.setdefault("Access-Control-Allow-Headers", "Content-Type")
    return response


def _arg(name: str) -> str | None:
    """A query parameter stripped of spaces, or None when absent or blank."""
    value = (request.args.get(name) or "").strip()
    return value or None


def _filter_args(*names: str) -> dict[str, str | None]:
    """Filters from the query string (None where absent), as every list reads them.

    :raise outreach.directory.errors.BlankFilters: a filter given blank (``office=``),
        which the views answer with a 400 ``invalid_parameter``.
    """
    return query_filters.read_query(request.args, names, refuse_blank=True)


def _officials_json(serializer: Callable[..., JSON], *args: object, **kwargs: object) -> Response:
    """``serializer(*args, **kwargs)`` as JSON, judged against today and the directory date.

    The directory's dates and its corrected officials are read once per directory
    version (the app's version tracker), not on every answer.
    """
    dates = directory_dates()
    body = serializer(
        *args,
        today=date.today(),
        directory_as_of=dates.synced,
        url_prefix=request.script_root,
        provenance=serialize.Provenance(dates, corrected_ids()),
        **kwargs,
    )
    return jsonify(body)


@bp.get("/lookup")
@rate_limits.lookups
@cached_response(plain_zip_key)
def lookup_officials() -> ResponseReturnValue:
    """Who represents a ZIP code or a street address."""
    raw_zip = _arg("zip")
    address = _arg("address")
    picked = {chamber: _arg(chamber) for chamber in jurisdictions.CHAMBERS}
    query = {"zip": raw_zip, "address": address, **picked}
    chosen = {chamber: value for chamber, value in picked.items() if value}
    if raw_zip is None and address is None:
        return api_error(
            400,
            "missing_parameter",
            "Give a ZIP code (zip=20500) or a street address (address=…).",
        )
    try:
        zip5 = lookup.normalize_zip(raw_zip) if raw_zip is not None else None
        if address is not None:
            result = address_lookup.lookup_address(
                db.session, address, zip_code=zip5, config=current_app.config
            )
        else:
            assert zip5 is not None  # no address: the ZIP code was given
            result = district_picks.lookup_zip_with_districts(db.session, zip5, chosen)
    except errors.InvalidZip as error:
        return api_error(400, "invalid_zip", str(error))
    except errors.UnknownZip as error:
        return api_error(404, "unknown_zip", str(error))
    except errors.UnknownJurisdiction as error:
        return api_error(404, "unknown_state", str(error))
    except errors.LookupInputError as error:
        code = "invalid_address" if address is not None else "invalid_parameter"
        return api_error(400, code, str(error))
    return _officials_json(serialize.lookup_result, result, query=query)


@bp.get("/states/<abbr>/officials")
def state_officials(abbr: str) -> ResponseReturnValue:
    """The officials of one state or territory, optionally filtered."""
    try:
        filters = _filter_args("office", "chamber", "district")
        state = lookup.normalize_state(abbr)
        people = lookup.state_officials(db.session, state, **filters)
    except errors.UnknownJurisdiction as error:
        return api_error(404, "unknown_state", str(error))
    except errors.LookupInputError as error:
        return api_error(400, "invalid_parameter", str(error))
    return _officials_json(serialize.state_officials, state, people, filters=filters)


@bp.get("/officials/<int:official_id>")
def official(official_id: int) -> ResponseReturnValue:
    """One official, with committee seats."""
    person = lookup.get_official(db.session, official_id) if official_id <= checks.MAX_ID else None
    if person is not None and person.role is None:
        departure = corrections.departure_of(db.session, person.id)
        if departure is not None:
            successor = (
                f" {departure.successor_name} holds it"
                + (f" (official {departure.successor_id})" if departure.successor_id else "")
                + "."
                if departure.successor_name
                else ""
            )
            return api_error(
                404,
                "left_office",
                f"{person.name} no longer holds the office of {departure.office_label}."
                + successor,
            )
    if person is None or person.role is None:
        return api_error(404, "unknown_official", f"There is no official with id {official_id}.")
    return _officials_json(serialize.official_detail, person)


# --------------------------------------------------------------------------- campaign


def _campaign_key() -> tuple[str, str] | None:
    """Campaign answers change with the content (the cache version) and the day."""
    return ("today", date.today().isoformat()) if not request.args else None


@bp.get("/states")
@cached_response(_campaign_key)
def campaign_states() -> ResponseReturnValue:
    """Every state, DC and Puerto Rico on the map, with status and score; then the cities."""
    today = date.today()
    body = serialize_campaign.campaign_states(
        campaign.get_campaign(db.session),
        campaign.all_standings(db.session, today),
        campaign.place_standings(db.session, today),
        url_prefix=request.script_root,
    )
    return jsonify(body)


@bp.get("/states/<abbr>")
def campaign_state(abbr: str) -> ResponseReturnValue:
    """One jurisdiction's full record: status, summary, sources, bills and assessments."""
    try:
        standing = campaign.standing(db.session, abbr[:20], date.today())
    except errors.UnknownJurisdiction as error:
        return api_error(404, "unknown_state", str(error))
    found = campaign.get_campaign(db.session)
    body = serialize_campaign.standing_detail(
        standing,
        criteria=found.criteria if found else (),
        parent=campaign_pages.parent_state(db.session, standing.code),
        url_prefix=request.script_root,
    )
    in_state = cases.state_cases(db.session, standing.code)
    body["circuit"] = serialize_cases.circuit_json(in_state.circuit)
    body["cases"] = [serialize_cases.case_json(c, request.script_root) for c in in_state.own]
    return jsonify(body)


@bp.get("/cases")
def campaign_cases() -> ResponseReturnValue:
    """Qualified-immunity cases, filtered by state, circuit and outcome, newest first."""
    try:
        filters = cases.parse_filters(
            db.session, request.args.get("state"), request.args.get("circuit"),
            request.args.get("outcome"),
        )  # fmt: skip
    except cases.UnknownFilter as error:
        message = " ".join(
            f"Unknown {name} “{value[:40]}”. Valid values: {', '.join(error.valid[name])}."
            for name, value in error.problems.items()
        )
        return api_error(400, "invalid_parameter", message)
    body = serialize_cases.cases_response(
        cases.find_cases(db.session, filters), filters, request.script_root
    )
    return jsonify(body)


@bp.get("/bills")
def campaign_bills() -> ResponseReturnValue:
    """Bills and laws, filtered by jurisdiction and stage, newest action first."""
    try:
        filters = _filter_args("jurisdiction", "stage")
        bills = campaign.find_bills(db.session, **filters)
    except errors.UnknownJurisdiction as error:
        return api_error(404, "unknown_state", str(error))
    except errors.LookupInputError as error:
        return api_error(400, "invalid_parameter", str(error))
    found = campaign.get_campaign(db.session)
    body = serialize_campaign.campaign_bills(
        bills, criteria=found.criteria if found else (), filters=filters
    )
    return jsonify(body)


# --------------------------------------------------------------------------- letters

#: Largest accepted body of ``POST /letters/render``, in bytes.
MAX_RENDER_BODY = 64 * 1024


@bp.get("/letters/templates")
def letter_templates() -> ResponseReturnValue:
    """Every letter template: where it fits (offices, situations, channels) and its length."""
    return jsonify(serialize_letters.letter_templates(current_app.extensions["letters"]))


@bp.post("/letters/render")
@rate_limits.letters
def render_letter() -> ResponseReturnValue:
    """A message to one official in the writer's words, with the links that send it.

    Nothing of the request is stored or logged, and nothing is counted.
    """
    request.max_content_length = MAX_RENDER_BODY
    try:
        payload = json.loads(request.get_data(cache=False) or b"null")
    except RequestEntityTooLarge:
        return api_error(413, "body_too_large", "The body is too large: at most 64 KB.")
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested absurdly deep
        return api_error(400, "invalid_body", "The body is not valid JSON.")
    try:
        wanted = api_requests.RenderRequest.from_json(payload)
    except api_requests.InvalidRequest as error:
        return api_error(400, error.code, str(error))
    person = (
        lookup.get_official(db.session, wanted.official_id)
        if wanted.official_id <= checks.MAX_ID
        else None
    )
    if person is None or person.role is None:
        return api_error(
            404, "unknown_official", f"There is no official with id {wanted.official_id}."
        )
    today = date.today()
    setting = situations.load_setting(
        db.session, person, today, model_policy_url=public_link("policy.model_policy")
    )
    try:
        rendered = api_requests.api_render(
            current_app.extensions["letters"], setting, wanted, today
        )
    except UnknownTemplate as error:
        return api_error(404, "unknown_template", str(error))
    except drafts.TemplateNotForOffice as error:
        return api_error(400, "invalid_parameter", str(error))
    return jsonify(serialize_letters.rendered_letter(rendered))


@bp.get("/directory")
def directory() -> ResponseReturnValue:
    """Where the directory comes from and when it was last synced."""
    return jsonify(serialize.directory(lookup.latest_sync(db.session)))


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """This API's OpenAPI 3.1 document."""
    return jsonify(openapi_document())
