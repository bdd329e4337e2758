"""What a letter knows: the official, the state's standing, the bill, the sender.

Letters adapt to where the state stands and how far the bill has gone: a
state with no reform gets a request to introduce one, a pending bill is named
with its stage, a law below 9/9 gets thanks and the criteria it still misses,
and a state that wrote the immunity into law gets a request to undo it.
Members of Congress are asked about the current federal bill. What counts as
reform, pending or a rollback is :mod:`outreach.campaign.standings`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from outreach.campaign.scoring import Score, bill_score
from outreach.campaign.standings import Standing, reform_bill_pending
from outreach.directory import jurisdictions
from outreach.directory import labels as presentation
from outreach.letters.catalog import Missing, given
from outreach.letters.officials import LetterOfficial
from outreach.models import (
    FEDERAL_OFFICES,
    Bill,
    BillStage,
    Criterion,
    OfficeKind,
    QiEffect,
    Rating,
)

#: Limits on what a writer may send, in characters.
SENDER_LIMITS = {"name": 120, "address": 200, "city": 120, "zip": 10, "email": 254}
STORY_LIMIT = 3000

PLACEHOLDERS = {
    "name": "your name",
    "address": "your street address",
    "city": "your city",
    "zip": "your ZIP code",
    "email": "your email",
}
STORY_PLACEHOLDER = "your story: a sentence or two on why this matters to you"


@dataclass(frozen=True)
class Sender:
    """The writer's details, as typed (they are never stored)."""

    name: str = ""
    address: str = ""
    city: str = ""
    zip: str = ""
    email: str = ""

    def as_context(self) -> dict[str, object]:
        return {key: given(getattr(self, key), label) for key, label in PLACEHOLDERS.items()}

    def missing(self) -> list[str]:
        """The labels of the details not given yet."""
        return [label for key, label in PLACEHOLDERS.items() if not getattr(self, key).strip()]


def situation_for(
    official_office: str, standing: Standing | None, federal_bill: Bill | None
) -> str:
    """Which of the four situations a letter to this official is in."""
    if official_office in FEDERAL_OFFICES:
        return "pending_bill" if federal_bill is not None else "no_reform"
    if standing is None:
        return "no_reform"
    if reform_bill_pending(standing) is not None:
        return "pending_bill"
    if standing.qi_law is not None:
        return "below_max" if bill_score(standing.qi_law).points < 9 else "no_reform"
    if standing.status is not None and standing.status.value == "strengthened":
        return "strengthened"
    return "no_reform"


def honorific(office: str, state: str, chamber: str | None, title: str | None) -> str:
    """``Senator``, ``Assemblymember``, ``Representative``, ``Delegate``, ``Governor`` …"""
    kind = OfficeKind(office)
    if kind is OfficeKind.US_REPRESENTATIVE:
        if title in ("Delegate", "Resident Commissioner"):
            return title
        return "Representative"
    if kind in (OfficeKind.US_SENATOR, OfficeKind.STATE_SENATOR):
        return "Senator"
    if kind is OfficeKind.STATE_LEGISLATOR:
        return "Councilmember" if state == "DC" else "Senator"
    if kind is OfficeKind.GOVERNOR and state == "DC":
        return "Mayor"
    if kind is OfficeKind.STATE_REPRESENTATIVE:
        lower = presentation.chamber_name("lower", state)
        if "Assembly" in lower and state != "WI":  # Wisconsin's members are Representatives
            return "Assemblymember"
        if "Delegates" in lower:
            return "Delegate"
        return "Representative"
    return kind.label


def official_context(
    official: LetterOfficial, committees: Iterable[tuple[str, str]] = ()
) -> dict[str, Any]:
    """The ``official`` values of a letter, from a model row or a read-only view."""
    role = official.role
    last = official.family_name or official.name.split()[-1]
    title = honorific(role.office, role.jurisdiction_abbr, role.chamber, role.title)
    seats = [
        f"{name} ({presentation.committee_role(seat)})"
        if presentation.is_leadership(seat)
        else name
        for name, seat in committees
    ]
    return {
        "name": official.name,
        "last_name": last,
        "honorific": title,
        "salutation": f"Dear {title} {last}",
        "office": presentation.office_label(role),
        "district": presentation.district_label(role),
        "chamber": presentation.role_chamber(role),
        "committees": seats,
        "is_federal": role.office in FEDERAL_OFFICES,
    }


def _titles(criteria: Mapping[int, Criterion], numbers: Iterable[int]) -> list[str]:
    return [criteria[n].title for n in numbers if n in criteria]


def state_context(
    abbr: str, standing: Standing | None, criteria: Mapping[int, Criterion]
) -> dict[str, Any]:
    """The ``state`` values: name, status, score, strongest law, met and unmet criteria."""
    info = jurisdictions.JURISDICTIONS[abbr]
    # Only a law that ends or limits the immunity is "the law" a letter may thank for.
    law = standing.qi_law if standing else None
    ratings = {a.criterion: a.rating for a in law.assessments} if law else {}
    met = [n for n in range(1, 10) if ratings.get(n) == Rating.MET]
    unmet = [n for n in range(1, 10) if law is not None and ratings.get(n) != Rating.MET]
    score: Score | None = bill_score(law) if law else (standing.score if standing else None)
    name = presentation.place_phrase(abbr, info.name)
    return {
        "name": name,
        "Name": name[:1].upper() + name[1:],
        "abbr": info.abbr,
        "status": standing.status_label if standing else "No action recorded",
        "status_code": standing.status.value if standing and standing.status else "",
        "score": score.label if score else "0/9",
        "law": (
            {
                "identifier": law.identifier,
                "title": law.title,
                "effect": law.effect.value,
                "ends": law.effect is QiEffect.ENDS,
                "verb": "ends" if law.effect is QiEffect.ENDS else "limits",
                "scope": law.qi_scope or "",
            }
            if law
            else None
        ),
        "met": _titles(criteria, met),
        "unmet": _titles(criteria, unmet),
        "gaps": gap_phrases(unmet),
        "other_law": _other_law(abbr, law),
    }


#: What each unmet criterion asks the law to add, in words a letter can use.
GAP_PHRASES = {
    1: "cover every police officer, with no good-faith substitute for the defense",
    2: "cover every public employee, not only police",
    3: "cover violations of both state and U.S. constitutional rights",
    4: "let victims recover the full damages a court awards, with no cap",
    5: "require courts to award attorney fees to victims who win",
    6: "guarantee that victims are paid the full amount awarded",
    7: "make officers who fail to intervene civilly liable",
    8: "make misconduct records relevant to a case public",
    9: "carry a real consequence for the officer who did wrong",
}


def gap_phrases(unmet: Iterable[int]) -> list[str]:
    """What the law should add, one phrase per unmet criterion (never a list of evils)."""
    return [GAP_PHRASES[n] for n in unmet if n in GAP_PHRASES]


#: Laws a letter may name as an example, by state: identifier and what it did.
EXAMPLE_LAWS = {
    "CO": "Colorado's SB 20-217 (2020)",
    "NM": "New Mexico's Civil Rights Act (2021)",
}


def _other_law(abbr: str, law: Bill | None) -> str:
    """The example of another state's law: never the writer's own state."""
    others = [text for code, text in EXAMPLE_LAWS.items() if code != abbr]
    return " and ".join(others)


#: What a letter may say a bill does, by effect.
EFFECT_PHRASES = {
    QiEffect.ENDS: "end qualified immunity",
    QiEffect.LIMITS: "limit qualified immunity",
}


def bill_context(bill: Bill | None, today: date | None = None) -> dict[str, Any] | None:
    """The ``bill`` values, or None when there is no bill to name."""
    if bill is None:
        return None
    stage = bill.stage_kind
    note = ""
    if stage is BillStage.PASSED_ONE_CHAMBER:
        note = "It has already passed one chamber."
    effect = bill.effect
    if effect in EFFECT_PHRASES:
        aim = EFFECT_PHRASES[effect]
    else:
        aim = "give people a way to hold officials to account when their rights are violated"
    return {
        "identifier": bill.identifier,
        "title": bill.title,
        "stage": stage.label,
        "session": bill.session,
        "chamber_note": note,
        "effect": effect.value,
        "ends": effect is QiEffect.ENDS,
        "aim": aim,
        "subject_aim": f" to {EFFECT_PHRASES[effect]}" if effect in EFFECT_PHRASES else "",
        "scope": bill.qi_scope or "",
        "companion": None,
    }


def build_context(
    *,
    official: LetterOfficial,
    standing: Standing | None,
    federal_bill: Bill | None,
    criteria: Mapping[int, Criterion],
    committees: Iterable[tuple[str, str]],
    sender: Sender,
    story: str,
    today: date,
    campaign_name: str,
    companion: Bill | None = None,
    arguments: Iterable[str] = (),
    short_arguments: Iterable[str] | None = None,
    model_policy_url: str = "",
) -> tuple[str, dict[str, Any]]:
    """The situation and the full rendering context for one official.

    :returns: ``(situation, context)``.
    """
    role = official.role
    situation = situation_for(role.office, standing, federal_bill)
    bill = federal_bill if role.office in FEDERAL_OFFICES else reform_bill_pending(standing)
    bill_values = bill_context(bill)
    if bill_values is not None and bill is not None and companion is not None:
        bill_values["companion"] = companion.identifier
    context = {
        "official": official_context(official, committees),
        "state": state_context(role.jurisdiction_abbr, standing, criteria),
        "bill": bill_values,
        "sender": sender.as_context(),
        "story": given(story, STORY_PLACEHOLDER),
        "today": presentation.format_date(today),
        "campaign": {"name": campaign_name, "model_policy_url": model_policy_url},
        "arguments": list(arguments),
        "short_arguments": list(arguments)[:2]
        if short_arguments is None
        else list(short_arguments),
    }
    return situation, context


def is_missing(value: object) -> bool:
    """Whether a context value is still a placeholder."""
    return isinstance(value, Missing)
