"""Blueprint `officials`: lookup results, one official's page, a state's directory.

Views parse the query string, call :mod:`outreach.services.lookup` (or the
address lookup) and render. Bad input answers 400 with the form and its
messages, an unknown ZIP code or state 404; nothing typed by a person reaches
a page unescaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..filters import chamber_name, is_leadership, state_name
from ..forms import (
    LookupForm,
    StateFilterForm,
    address_only_form,
    district_picker,
    has_control_characters,
)
from ..models import LEGISLATIVE_OFFICES, STATEWIDE_OFFICES, Committee, OfficeKind
from ..services import jurisdictions, lookup

bp = Blueprint("officials", __name__)

LEGISLATIVE = frozenset(k.value for k in LEGISLATIVE_OFFICES)
#: Largest id SQLite (and PostgreSQL bigint) can hold: larger ones are simply not found.
MAX_ID = 2**63 - 1


@dataclass
class Picks:
    """State legislative districts picked with the district picker."""

    state: str | None = None
    valid: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[str]] | None = None

    @property
    def messages(self) -> list[str]:
        return list(self.errors.values())


@bp.get("/lookup", endpoint="lookup")
def lookup_page():
    """Officials for a ZIP code, a street address, or a ZIP plus picked districts."""
    form = LookupForm(request.args)
    if not form.validate():
        return _invalid_lookup(form)
    session = db.session
    picks = Picks()
    try:
        if form.address.data:
            from outreach.services import address_lookup

            result = address_lookup.lookup_address(
                session,
                form.address.data,
                zip_code=form.zip.data or None,
                config=current_app.config,
            )
        else:
            result, picks = _lookup_zip_with_picks(form.zip.data, request.args)
    except lookup.InvalidZip as exc:
        form.zip.errors.append(str(exc))
        return _invalid_lookup(form)
    except lookup.LookupInputError as exc:
        target = form.address if form.address.data else form.zip
        target.errors.append(str(exc))
        return _invalid_lookup(form)
    except lookup.UnknownZip as exc:
        return render_template("errors/404.html", status=404, message=str(exc), form=form), 404

    pickers, missing = _district_pickers(result, picks)
    return render_template(
        "officials/results.html",
        form=form,
        result=result,
        place=_place_label(result, form),
        pickers=pickers,
        missing_legislatures=missing,
        pick_errors=picks.messages,
        address_form=address_only_form(result.zip_code),
    )


def _invalid_lookup(form: LookupForm):
    return render_template("index.html", form=form), 400


def _place_label(result: lookup.LookupResult, form: LookupForm) -> str:
    if result.matched_address:
        return result.matched_address
    if result.zip_code:
        return f"ZIP code {result.zip_code}"
    return form.address.data or "this place"


def _picked_districts(args: MultiDict) -> dict[str, str]:
    picked = {}
    for chamber in lookup.CHAMBERS:
        value = (args.get(chamber) or "").strip()
        if value:
            picked[chamber] = value
    return picked


def _lookup_zip_with_picks(zip_code: str, args: MultiDict):
    """Look up ``zip_code``, adding the districts picked in the picker when they exist.

    A picked district that is not among the state's districts is ignored, with a
    message; the lookup never falls back to a guess.
    """
    session = db.session
    picked = _picked_districts(args)
    if not picked:
        return lookup.lookup_zip(session, zip_code), Picks()
    picks = Picks()
    result = None
    try:
        picks.state = lookup.normalize_state(args.get("state", "")[:20])
    except lookup.UnknownJurisdiction:
        result = lookup.lookup_zip(session, zip_code)
        if len(result.states) == 1:
            picks.state = result.states[0]
        else:
            picks.errors["state"] = "Choose your districts in one state at a time."
            return result, picks
    picks.choices = lookup.legislative_district_choices(session, picks.state)
    where = state_name(picks.state)
    for chamber, district in picked.items():
        if district in picks.choices.get(chamber, []):
            picks.valid[chamber] = district
            continue
        shown = "" if has_control_characters(district) else district[:40]
        picks.errors[chamber] = (
            f"“{shown}” is not a {chamber_name(chamber, picks.state)} district of {where}, "
            "so it was ignored. Choose one from the list."
        )
    if picks.valid:
        result = lookup.lookup_zip(session, zip_code, legislative={picks.state: picks.valid})
    elif result is None:
        result = lookup.lookup_zip(session, zip_code)
    if picks.state not in result.states:
        picks.errors["state"] = (
            f"ZIP code {result.zip_code} is not in {where}, so the districts you chose "
            "were ignored."
        )
    return result, picks


def _district_pickers(result: lookup.LookupResult, picks: Picks):
    """A picker per state whose legislators are not (all) placed; states without data."""
    pickers, missing = [], []
    for state in result.states:
        if state not in lookup.STATE_DATA:
            continue
        used = result.legislative_districts.get(state, {})
        if state == picks.state and picks.choices is not None:
            choices = picks.choices
        else:
            choices = lookup.legislative_district_choices(db.session, state)
        if not choices:
            if not used:
                missing.append(state)
            continue
        choices = {c: d for c, d in choices.items() if c in _default_chambers(state)}
        if all(chamber in used for chamber in choices):
            continue
        picker = district_picker(state, choices, selected=used)
        if state == picks.state:
            for chamber, message in picks.errors.items():
                if chamber in choices:
                    picker[chamber].errors = [message]
        pickers.append(picker)
    return pickers, missing


@bp.get("/officials/<int:person_id>", endpoint="detail")
def detail(person_id: int):
    """Everything the directory knows about one official."""
    person = lookup.get_official(db.session, person_id) if person_id <= MAX_ID else None
    if person is None:
        abort(
            404,
            description="We could not find that official. They may have left office "
            "since the directory was last updated.",
        )
    memberships = sorted(
        person.memberships,
        key=lambda m: (not is_leadership(m.role), m.committee.name.lower()),
    )
    parent_ids = {m.committee.parent_id for m in memberships if m.committee.parent_id}
    parents = {}
    if parent_ids:
        rows = db.session.execute(
            select(Committee.id, Committee.name).where(Committee.id.in_(parent_ids))
        )
        parents = {committee_id: name for committee_id, name in rows}
    return render_template(
        "officials/detail.html", person=person, memberships=memberships, parents=parents
    )


@bp.get("/states", endpoint="states")
def states():
    """Every state and territory; ``?state=CA`` (the no-JavaScript picker) redirects."""
    raw = request.args.get("state", "")
    if raw:
        try:
            abbr = lookup.normalize_state(raw[:20])
        except lookup.UnknownJurisdiction as exc:
            return render_template("officials/states.html", message=str(exc)), 400
        return redirect(url_for("officials.state", abbr=abbr.lower()))
    return render_template("officials/states.html", message=None)


#: Sections of a state page: (key, title or chamber, offices, shown as cards).
_STATE_GROUPS = (
    ("statewide", "Statewide officials", {k.value for k in STATEWIDE_OFFICES}, True),
    ("us-senate", "U.S. Senators", {OfficeKind.US_SENATOR.value}, True),
    ("us-house", "U.S. House of Representatives", {OfficeKind.US_REPRESENTATIVE.value}, False),
)


@dataclass
class Group:
    key: str
    title: str
    cards: bool
    people: list = field(default_factory=list)


@bp.get("/states/<abbr>/officials", endpoint="state")
def state(abbr: str):
    """A state's officials, filtered by office, chamber and district."""
    try:
        code = lookup.normalize_state(abbr[:20])
    except lookup.UnknownJurisdiction as exc:
        abort(404, description=f"{exc} Choose a state or territory from the list below.")
    session = db.session
    choices = lookup.legislative_district_choices(session, code)
    chambers = list(choices) or _default_chambers(code)
    form = StateFilterForm(request.args, state=code, chambers=chambers)
    info = jurisdictions.JURISDICTIONS[code]
    filtered = any(f.data for f in (form.office, form.chamber, form.district))
    context = {"state_info": info, "form": form, "filtered": filtered, "groups": [], "total": 0}
    if not form.validate():
        return render_template("officials/state.html", form_invalid=True, **context), 400
    try:
        people = lookup.state_officials(
            session,
            code,
            office=form.office.data or None,
            chamber=form.chamber.data or None,
            district=form.district.data or None,
        )
    except lookup.LookupInputError as exc:
        form.district.errors = [str(exc)]
        return render_template("officials/state.html", form_invalid=True, **context), 400
    if form.chamber.data:
        # Congress roles may carry a chamber too: a legislative chamber means the legislature.
        people = [p for p in people if p.role and p.role.office in LEGISLATIVE]
    context.update(groups=_group_state_officials(people, code), total=len(people))
    return render_template("officials/state.html", form_invalid=False, **context)


def _default_chambers(code: str) -> list[str]:
    if code not in lookup.STATE_DATA:
        return []
    return ["legislature"] if code in {"NE", "DC"} else ["upper", "lower"]


def _group_state_officials(people, code: str) -> list[Group]:
    groups = {key: Group(key, title, cards) for key, title, _, cards in _STATE_GROUPS}
    for chamber in lookup.CHAMBERS:
        groups[chamber] = Group(chamber, chamber_name(chamber, code), False)
    other = Group("other", "Other officials", True)
    for person in people:
        role = person.role
        target = None
        for key, _, offices, _ in _STATE_GROUPS:
            if role.office in offices:
                target = groups[key]
        if target is None and role.chamber in lookup.CHAMBERS:
            target = groups[role.chamber]
        (target or other).people.append(person)
    ordered = [*groups.values(), other]
    return [g for g in ordered if g.people]
