"""The setting of a letter: the official, the state's standing, the bills, the committees.

The database is read here (:func:`load_setting`, :func:`load_settings`), once
per page; everything downstream is pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from outreach.campaign import cases
from outreach.campaign import records as campaign
from outreach.campaign.standings import Standing, current_federal_bill, office_chamber
from outreach.directory import errors
from outreach.letters import arguments as letter_arguments
from outreach.letters.context import (
    Sender,
    build_context,
    situation_for,
)
from outreach.letters.officials import LetterOfficial
from outreach.models import FEDERAL_OFFICES, Bill, Criterion

# --------------------------------------------------------------------------- the setting


@dataclass(frozen=True)
class Setting:
    """Everything a letter to one official knows apart from the writer."""

    official: LetterOfficial
    standing: Standing | None
    federal_bill: Bill | None
    criteria: Mapping[int, Criterion]
    committees: tuple[tuple[str, str], ...]
    campaign_name: str
    #: The federal bill's companion in the other chamber, named beside it.
    companion: Bill | None = None
    #: The official's place in a "write to all" list: no two letters read the same.
    variant: int = 0
    #: Talking-point ids the writer chose instead of the arguments picked for them.
    chosen_arguments: tuple[str, ...] = ()
    #: A case from the official's own federal circuit, from the case library.
    circuit_case: letter_arguments.Argument | None = None
    #: The model policy's public address (empty without a configured public URL).
    model_policy_url: str = ""

    @property
    def office(self) -> str:
        office: str = self.official.role.office
        return office

    @property
    def state(self) -> str:
        state: str = self.official.role.jurisdiction_abbr
        return state

    def context(self, sender: Sender, story: str, today: date) -> tuple[str, dict[str, Any]]:
        """``(situation, context)`` for rendering, per :func:`build_context`."""
        picked = letter_arguments.pick(
            office=self.office,
            state=self.state,
            standing=self.standing,
            committees=self.committees,
            variant=self.variant,
            chosen=self.chosen_arguments,
            circuit_case=self.circuit_case,
        )
        return build_context(
            official=self.official,
            standing=self.standing,
            federal_bill=self.federal_bill,
            criteria=self.criteria,
            committees=self.committees,
            sender=sender,
            story=story,
            today=today,
            campaign_name=self.campaign_name,
            companion=self.companion,
            arguments=[a.text for a in picked],
            short_arguments=[a.text for a in letter_arguments.shorten(picked)],
            model_policy_url=self.model_policy_url,
        )

    @property
    def situation(self) -> str:
        """``no_reform``, ``pending_bill``, ``below_max`` or ``strengthened``."""
        return situation_for(self.office, self.standing, self.federal_bill)


def load_settings(
    session: Session,
    officials: Sequence[LetterOfficial],
    today: date,
    *,
    model_policy_url: str = "",
) -> list[Setting]:
    """A :class:`Setting` per official, reading each state's standing and seats once.

    ``model_policy_url`` is the model policy's absolute address, which letters
    asking for a new bill point to (empty: they do not mention it).
    """
    found = campaign.get_campaign(session)
    criteria = {c.number: c for c in found.criteria} if found else {}
    name = found.name if found else "End Qualified Immunity"
    federal = [b for b, _ in campaign.find_bills(session, jurisdiction="US")]
    by_slug = {b.slug: b for b in federal}
    standings: dict[str, Standing | None] = {}
    seats: dict[str, dict[int, list[tuple[str, str]]]] = {}
    cited: dict[str, letter_arguments.Argument | None] = {}
    settings = []
    for position, official in enumerate(officials):
        state = official.role.jurisdiction_abbr
        # A senator is asked about a Senate bill, a representative about a House bill.
        bill = current_federal_bill(federal, office_chamber(official.role.office), today)
        companion = by_slug.get(bill.companion) if bill is not None and bill.companion else None
        if state not in standings:
            try:
                standings[state] = campaign.standing(session, state, today)
            except errors.UnknownJurisdiction:
                standings[state] = None
            seats[state] = campaign.relevant_committee_seats(session, state)
            cited[state] = _circuit_case(session, state)
        settings.append(
            Setting(
                official=official,
                standing=standings[state],
                federal_bill=bill,
                criteria=criteria,
                committees=tuple(seats[state].get(official.id, [])),
                campaign_name=name,
                companion=companion,
                variant=position,
                circuit_case=cited[state],
                model_policy_url=model_policy_url,
            )
        )
    return settings


def _circuit_case(session: Session, state: str) -> letter_arguments.Argument | None:
    """The case a letter to an official of ``state`` may cite: one from the state's own
    federal circuit where immunity was granted (see :func:`cases.letter_case`)."""
    found = cases.letter_case(session, state)
    if found is None:
        return None
    case, circuit = found
    return letter_arguments.case_argument(case, circuit.name)


def load_setting(
    session: Session, official: LetterOfficial, today: date, *, model_policy_url: str = ""
) -> Setting:
    """The :class:`Setting` of one official."""
    return load_settings(session, [official], today, model_policy_url=model_policy_url)[0]


def situation_note(setting: Setting, today: date) -> str:
    """One plain sentence on where things stand, which the recommended message answers."""
    situation, context = setting.context(Sender(), "", today)
    state = context["state"]
    bill = context["bill"]
    federal = setting.office in FEDERAL_OFFICES
    if situation == "pending_bill" and bill:
        where = "in Congress" if federal else f"in {state['name']}"
        companion = f" Its companion is {bill['companion']}." if bill.get("companion") else ""
        return (
            f"{bill['identifier']} ({bill['title']}) is pending {where} "
            f"({bill['stage'].lower()}); it would {bill['aim']}.{companion} "
            "The message asks for support for it."
        )
    if federal:
        chamber = context["official"]["chamber"] or "Congress"
        return (
            f"No bill to end qualified immunity is pending in the {chamber} right now, so "
            "the message asks to introduce or support one."
        )
    if situation == "strengthened":
        return (
            f"{state['Name']} wrote qualified immunity into its own laws. "
            "The message asks to take it back out."
        )
    if situation == "below_max":
        law = state["law"]
        gaps = f" The law should also: {'; '.join(state['gaps'])}." if state["gaps"] else ""
        return (
            f"{state['Name']} has a law that {law['verb']} qualified immunity, "
            f"{law['identifier']}, which scores {state['score']} on the campaign's rubric. "
            f"The message says thank you and asks to close its gaps.{gaps}"
        )
    return (
        f"{state['Name']} has no law that ends or limits qualified immunity and no such bill "
        "pending. The message asks for one."
    )
