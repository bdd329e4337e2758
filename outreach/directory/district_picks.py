"""State legislative districts a person picks when a ZIP code cannot place them.

A ZIP code says nothing about state legislative districts, so the results page
offers a picker per state: a select of the state's districts per chamber. The
choices come back as query parameters (``state=CA&upper=10&lower=20``); this
module checks them against the districts the directory knows, looks the ZIP
code up with the valid ones and says why any other was ignored. It never falls
back to a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from outreach.directory import address_lookup, errors, jurisdictions, lookup
from outreach.directory.checks import has_control_characters
from outreach.directory.labels import chamber_name, state_name

#: How much of a rejected district is repeated in the message.
ECHO_LENGTH = 40
#: How much of the ``state`` parameter is read.
STATE_PARAMETER_LENGTH = 20


@dataclass
class Picks:
    """The districts picked in one state: the valid ones, and a message per rejected one.

    ``errors`` is keyed by chamber, or by ``"state"`` when the state itself
    could not be used; ``choices`` are the state's districts per chamber, once
    they have been read.
    """

    state: str | None = None
    valid: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[str]] | None = None

    @property
    def messages(self) -> list[str]:
        """Every message, in the order found."""
        return list(self.errors.values())


@dataclass
class PickerSpec:
    """What a state's district picker offers: districts per chamber, the chosen ones, errors."""

    state: str
    choices: dict[str, list[str]]
    selected: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)


def picked_districts(params: Mapping[str, str | None]) -> dict[str, str]:
    """The non-blank district per chamber in ``params`` (``{"upper": "10"}``), spaces trimmed."""
    picked = {}
    for chamber in jurisdictions.CHAMBERS:
        value = (params.get(chamber) or "").strip()
        if value:
            picked[chamber] = value
    return picked


def lookup_zip_with_picks(
    session: Session,
    zip_code: str,
    picked: Mapping[str, str],
    state_param: str | None = None,
) -> tuple[lookup.LookupResult, Picks]:
    """Look up ``zip_code``, adding the ``picked`` districts that exist in the state.

    :param picked: a district per chamber, as from :func:`picked_districts`.
    :param state_param: the state the picker was for; when it is missing or
        unknown, the ZIP code's state is used if it has only one.
    :return: the lookup result and the picks, with a message for each district
        (or state) that was ignored.
    :raise errors.InvalidZip: for a malformed ZIP code.
    :raise errors.UnknownZip: for a ZIP code nobody knows.
    """
    if not picked:
        return lookup.lookup_zip(session, zip_code), Picks()
    picks = Picks()
    result = None
    try:
        picks.state = lookup.normalize_state((state_param or "")[:STATE_PARAMETER_LENGTH])
    except errors.UnknownJurisdiction:
        result = lookup.lookup_zip(session, zip_code)
        if len(result.states) != 1:
            picks.errors["state"] = "Choose your districts in one state at a time."
            return result, picks
        picks.state = result.states[0]
    picks.choices = lookup.picker_district_choices(session, picks.state)
    where = state_name(picks.state)
    for chamber, district in picked.items():
        if district in picks.choices.get(chamber, []):
            picks.valid[chamber] = district
            continue
        shown = "" if has_control_characters(district) else district[:ECHO_LENGTH]
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


def lookup_zip_with_districts(
    session: Session, zip_code: str, districts: Mapping[str, str]
) -> lookup.LookupResult:
    """Look up ``zip_code`` with legislative districts taken as given (the API's rule).

    Unlike :func:`lookup_zip_with_picks` nothing is checked against a list: the
    districts apply when the ZIP code lies in one state (one the state does not
    have matches nobody); across state lines they are not used, and a notice
    says so.

    :raise errors.InvalidZip: for a malformed ZIP code.
    :raise errors.UnknownZip: for a ZIP code nobody knows.
    """
    result = lookup.lookup_zip(session, zip_code)
    if not districts:
        return result
    if len(result.states) == 1:
        legislative = {result.states[0]: dict(districts)}
        return lookup.lookup_zip(session, zip_code, legislative=legislative)
    result.notices.append(
        "The legislative districts you chose were not used: this ZIP code "
        "spans more than one state. Enter your street address instead."
    )
    return result


def lookup_place(
    session: Session,
    *,
    zip_code: str | None,
    address: str | None,
    picked: Mapping[str, str],
    state_param: str | None,
    config: Mapping[str, Any],
) -> tuple[lookup.LookupResult, Picks]:
    """Who represents a street address, or a ZIP code plus the districts picked.

    An address is geocoded (its legislative districts come from the geocoder,
    so nothing picked is used); otherwise see :func:`lookup_zip_with_picks`.

    :param config: the app config, for the geocoder.
    :raise errors.InvalidZip: for a malformed ZIP code.
    :raise errors.LookupInputError: for an unusable address.
    :raise errors.UnknownZip: for a ZIP code nobody knows.
    """
    if address:
        result = address_lookup.lookup_address(
            session, address, zip_code=zip_code or None, config=config
        )
        return result, Picks()
    return lookup_zip_with_picks(session, zip_code or "", picked, state_param)


def pickers_needed(
    session: Session, result: lookup.LookupResult, picks: Picks
) -> tuple[list[PickerSpec], list[str]]:
    """A picker per state of ``result`` whose legislators are not all placed yet.

    :return: the pickers, and the states for which the directory has no
        legislative districts at all (and no legislator was placed).
    """
    pickers: list[PickerSpec] = []
    missing: list[str] = []
    for state in result.states:
        if state not in jurisdictions.STATE_DATA_JURISDICTIONS:
            continue
        used = result.legislative_districts.get(state, {})
        if state == picks.state and picks.choices is not None:
            choices = picks.choices
        else:
            choices = lookup.picker_district_choices(session, state)
        if not choices:
            if not used:
                missing.append(state)
            continue
        chambers = jurisdictions.chambers(state)
        choices = {c: d for c, d in choices.items() if c in chambers}
        if all(chamber in used for chamber in choices):
            continue
        errors = picks.errors if state == picks.state else {}
        pickers.append(
            PickerSpec(
                state=state,
                choices=choices,
                selected=dict(used),
                errors={c: m for c, m in errors.items() if c in choices},
            )
        )
    return pickers, missing
