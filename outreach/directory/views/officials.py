"""Blueprint `officials`: lookup results, one official's page, a state's directory.

Views parse the query string, call :mod:`outreach.directory.lookup` (or the
address lookup, the district picks, the state directory) and render. Bad input
answers 400 with the form and its messages, an unknown ZIP code or state 404;
nothing typed by a person reaches a page unescaped.
"""

from __future__ import annotations

from typing import Any, cast

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from outreach.directory import checks, corrections, district_picks, errors, jurisdictions, lookup
from outreach.directory import labels as presentation
from outreach.directory.forms import (
    LookupForm,
    StateFilterForm,
    address_only_form,
    district_picker,
)
from outreach.directory.state_directory import filter_chambers, state_directory
from outreach.extensions import db
from outreach.web import rate_limits
from outreach.web.response_cache import cached_response, plain_zip_key

bp = Blueprint("officials", __name__)


@bp.get("/lookup", endpoint="lookup")
@rate_limits.lookups
@cached_response(plain_zip_key)
def lookup_page() -> ResponseReturnValue:
    """Officials for a ZIP code, a street address, or a ZIP plus picked districts."""
    form = LookupForm(request.args)
    if not form.validate():
        return _invalid_lookup(form)
    try:
        result, picks = district_picks.lookup_place(
            db.session,
            zip_code=form.zip.data,
            address=form.address.data,
            picked=district_picks.picked_districts(request.args),
            state_param=request.args.get("state"),
            config=current_app.config,
        )
    except errors.InvalidZip as exc:
        cast(list[str], form.zip.errors).append(str(exc))
        return _invalid_lookup(form)
    except errors.LookupInputError as exc:
        field = form.address if form.address.data else form.zip
        cast(list[str], field.errors).append(str(exc))
        return _invalid_lookup(form)
    except errors.UnknownZip as exc:
        return render_template("errors/404.html", status=404, message=str(exc), form=form), 404
    specs, missing = district_picks.pickers_needed(db.session, result, picks)
    return render_template(
        "officials/results.html",
        form=form,
        result=result,
        place=_place_label(result, form),
        pickers=[district_picker(s.state, s.choices, s.selected, s.errors) for s in specs],
        missing_legislatures=missing,
        pick_errors=picks.messages,
        address_form=address_only_form(result.zip_code),
        **_campaign_context(result.states),
    )


def _campaign_context(states: list[str]) -> dict[str, object]:
    """The campaign's line for each state and the page's link preview (the state's image
    for one state, else the campaign's), from the services the factory registers."""
    standing = current_app.extensions["campaign_standing"]
    preview = current_app.extensions["link_preview"]
    lines = [st for st in (standing(code) for code in states) if st]
    return {
        "campaign_lines": lines,
        "preview": preview("place", states[0]) if len(states) == 1 else preview(),
    }


def _invalid_lookup(form: LookupForm) -> ResponseReturnValue:
    return render_template("index.html", form=form), 400


def _place_label(result: lookup.LookupResult, form: LookupForm) -> str:
    if result.matched_address:
        return result.matched_address
    if result.zip_code:
        return f"ZIP code {result.zip_code}"
    return form.address.data or "this place"


@bp.get("/officials/<int:person_id>", endpoint="detail")
def detail(person_id: int) -> ResponseReturnValue:
    """Everything the directory knows about one official."""
    person = lookup.get_official(db.session, person_id) if person_id <= checks.MAX_ID else None
    if person is None:
        abort(
            404,
            description="We could not find that official. They may have left office "
            "since the directory was last updated.",
        )
    departure = corrections.departure_of(db.session, person.id) if person.role is None else None
    if person.role is None and departure is None:
        abort(
            404,
            description="We could not find that official. They may have left office "
            "since the directory was last updated.",
        )
    memberships = presentation.leadership_first(person.memberships)
    parents = lookup.parent_committee_names(db.session, (m.committee for m in memberships))
    return render_template(
        "officials/detail.html",
        person=person,
        memberships=memberships,
        parents=parents,
        departure=departure,
        corrected=corrections.corrections_for(db.session, person.id),
    )


@bp.get("/states", endpoint="states")
def states() -> ResponseReturnValue:
    """Every state and territory; ``?state=CA`` (the no-JavaScript picker) redirects."""
    raw = request.args.get("state", "")
    if raw:
        try:
            abbr = lookup.normalize_state(raw[:20])
        except errors.UnknownJurisdiction as exc:
            return render_template("officials/states.html", message=str(exc)), 400
        return redirect(url_for("officials.state", abbr=abbr.lower()))
    return render_template("officials/states.html", message=None)


@bp.get("/states/<abbr>/officials", endpoint="state")
def state(abbr: str) -> ResponseReturnValue:
    """A state's officials, filtered by office, chamber and district."""
    try:
        code = lookup.normalize_state(abbr[:20])
    except errors.UnknownJurisdiction as exc:
        abort(404, description=f"{exc} Choose a state or territory from the list below.")
    form = StateFilterForm(request.args, state=code, chambers=filter_chambers(db.session, code))
    filtered = any(f.data for f in (form.office, form.chamber, form.district))
    context = {"state_info": jurisdictions.JURISDICTIONS[code], "form": form, "filtered": filtered}
    if not form.validate():
        return _invalid_state(context)
    try:
        found = state_directory(
            db.session,
            code,
            office=form.office.data or None,
            chamber=form.chamber.data or None,
            district=form.district.data or None,
        )
    except errors.LookupInputError as exc:
        form.district.errors = [str(exc)]
        return _invalid_state(context)
    return render_template(
        "officials/state.html",
        form_invalid=False,
        groups=found.groups,
        total=found.total,
        **context,
    )


def _invalid_state(context: dict[str, Any]) -> ResponseReturnValue:
    return render_template(
        "officials/state.html", form_invalid=True, groups=[], total=0, **context
    ), 400
