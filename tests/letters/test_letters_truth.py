"""Every letter template, for an official of every office kind in every jurisdiction.

With the shipped content loaded, each template written for an office is
rendered for that office in every state, DC and Puerto Rico, and checked for
what a staffer would catch: a House bill asked of a senator (or the reverse),
thanks for a law that does not end or limit qualified immunity, "end" said of
a bill that does not end it. Each jurisdiction's "write to all" is checked for
two officials receiving the same body.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

import config
from outreach.campaign import case_content, content
from outreach.campaign.standings import chamber_of
from outreach.directory import jurisdictions
from outreach.letters import drafts, situations, write_all
from outreach.letters.catalog import load_catalog, render
from outreach.letters.context import Sender
from outreach.models import Bill, Case, OfficeKind, QiEffect
from tests.factories import make_person
from tests.reference import reference_circuits

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "campaign.yaml"
TODAY = date(2026, 12, 3)
SENDER = Sender(name="Jordan Quill", address="1 Main St", city="Springfield", zip="00000")
STORY = "My brother was hurt at a traffic stop."
#: Thanks for a law (a closing "thank you for your time" is not that).
THANKS = re.compile(
    r"\b(grateful|thank you for (?!your\b)|glad [^.]* is law|is law in|already done)",
    re.IGNORECASE,
)
#: The reference's table of circuits (not the content's copy of it).
CIRCUIT_OF = reference_circuits()
MODEL_POLICY_URL = "https://outreach.example.org/model-policy"
HOUSE_BILL = re.compile(r"\bH\.R\. \d+")
SENATE_BILL = re.compile(r"\bS\. \d+")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(config.LETTERS_DIR)


def load_shipped(session) -> dict[str, Bill]:
    content.load_content(session, content.read_content(SHIPPED), source=SHIPPED.name)
    cases = case_content.read_cases(case_content.DEFAULT_PATH)
    case_content.load_cases(session, cases, source="cases.yaml")
    session.commit()
    return {b.identifier: b for b in session.scalars(select(Bill))}


def people_of(session, state: str) -> list:
    """An official of every office kind, and a second senator and state senator."""
    offices = [k.value for k in OfficeKind] + ["us_senator", "state_senator"]
    people = []
    for n, office in enumerate(offices):
        district = None if office in ("us_senator", "governor", "lt_governor") else str(n + 1)
        if office in ("attorney_general", "secretary_of_state"):
            district = None
        people.append(
            make_person(
                session, name=f"Alex Official{state}{n}", office=office, state=state,
                district=district,
            )
        )  # fmt: skip
    session.commit()
    return people


def strip_names(text: str, person) -> str:
    """The body with the official's own name and salutation taken out."""
    lines = text.splitlines()
    if lines and lines[0].startswith("Dear "):
        lines = lines[1:]
    body = "\n".join(lines)
    for part in {person.name, person.family_name or "", person.given_name or ""} - {""}:
        body = body.replace(part, "NAME")
    return body


def wrong_chamber(office: str, text: str) -> list[str]:
    """A House bill asked of a senator, or a Senate bill of a representative.

    A companion may be named beside the chamber's own bill, never asked for alone.
    """
    pattern, problem = {
        OfficeKind.US_SENATOR.value: (HOUSE_BILL, "House bill asked of a senator"),
        OfficeKind.US_REPRESENTATIVE.value: (SENATE_BILL, "Senate bill asked of a representative"),
    }.get(office, (None, ""))
    if pattern is None:
        return []
    asked = [
        i for i in pattern.findall(text) if f"companion in the other chamber is {i}" not in text
    ]
    return [f"{problem}: {asked}"] if asked else []


def wrong_thanks(setting, office: str, text: str) -> list[str]:
    """Thanks for a law the state does not have, or thanks sent to Congress."""
    if not THANKS.search(text):
        return []
    law = setting.standing.qi_law if setting.standing else None
    if law is None or law.effect not in (QiEffect.ENDS, QiEffect.LIMITS):
        return ["thanks for a law where no ends/limits law is enacted"]
    if office in ("us_senator", "us_representative"):
        return ["thanks in a letter to Congress"]
    return []


def wrong_bill_claims(ident: str, bill: Bill, text: str) -> list[str]:
    """What a letter wrongly says of one bill it names."""
    problems = []
    if bill.effect is not QiEffect.ENDS and re.search(
        rf"{re.escape(ident)}[^.\n]{{0,120}}(to|would) end qualified immunity", text
    ):
        problems.append(f"“end” said of {ident}, which is {bill.effect.value}")
    if bill.effect in (QiEffect.UNKNOWN, QiEffect.ROLLBACK, QiEffect.UNRELATED) and (
        f"support {ident}" in text or f"cosponsor {ident}" in text
    ):
        problems.append(f"support asked for {ident}, which is {bill.effect.value}")
    if bill.stage != "enacted" and re.search(rf"{re.escape(ident)}[^.]{{0,40}}is law", text):
        problems.append(f"{ident} called law")
    return problems


def wrong_cases(setting, text: str, library: list[Case]) -> list[str]:
    """A case cited from another circuit than the official's, or without its source.

    The cases that built the doctrine (Pierson, Harlow, Pearson) bind every state and are
    told as history, not as the circuit's case.
    """
    flat = " ".join(text.split())
    problems = []
    for case in library:
        if case.history or case.name not in flat:
            continue
        if case.circuit != CIRCUIT_OF.get(setting.state):
            problems.append(
                f"{case.name} ({case.circuit}) cited to an official of {setting.state}"
            )
        argument = setting.circuit_case
        if argument is None or argument.source not in {s["url"] for s in case.sources}:
            problems.append(f"{case.name} cited without one of its sources")
        if case.brief not in flat:
            problems.append(f"{case.name} cited without its summary")
    return problems


def check_one(setting, template, rendered, bills: dict[str, Bill], library=()) -> list[str]:
    """What is wrong with one rendered message (empty when nothing is)."""
    office = setting.office
    text = f"{rendered.subject}\n{rendered.body}"
    named = [
        ident
        for ident in bills
        if ident in text and re.search(rf"(?<![\w.]){re.escape(ident)}(?!\d)", text)
    ]
    problems = wrong_chamber(office, text) + wrong_thanks(setting, office, text)
    problems += wrong_cases(setting, text, list(library))
    for ident in named:
        problems += wrong_bill_claims(ident, bills[ident], text)
    if "before the legislature" in text:
        bill = next((bills[i] for i in named if bills[i].jurisdiction != "US"), None)
        if bill is None or bill.slug not in {b.slug for b, _ in setting.standing.pending}:
            problems.append("“before the legislature” without a live bill")
    if "[" in rendered.body.replace("[your", ""):
        problems.append("a stray bracket")
    if MODEL_POLICY_URL in text and "no_reform" not in template.situations:
        problems.append("the model policy offered where a bill or a law exists")
    if setting.state == "CO" and office.startswith("state_") and "SB 20-217" not in text:
        problems.append("a Colorado legislator's letter does not name SB 20-217")
    return problems


def test_every_template_for_every_office_in_every_jurisdiction(session, catalog):
    bills = load_shipped(session)
    library = list(session.scalars(select(Case)))
    problems: list[str] = []
    rendered_count = 0
    cited: set[str] = set()
    for state in sorted(jurisdictions.STATE_DATA_JURISDICTIONS):
        people = people_of(session, state)
        settings = situations.load_settings(
            session, people, TODAY, model_policy_url=MODEL_POLICY_URL
        )
        for setting in settings:
            for template in catalog:
                if setting.office not in template.offices:
                    continue
                _, context = setting.context(SENDER, STORY, TODAY)
                letter = render(template, context)
                rendered_count += 1
                if setting.circuit_case and setting.circuit_case.text in " ".join(
                    letter.body.split()
                ):
                    cited.add(setting.state)
                for problem in check_one(setting, template, letter, bills, library):
                    problems.append(f"{state} {setting.office} {template.id}: {problem}")
        # The "write to all": each official's recommended message, no two bodies alike.
        messages = write_all.all_messages(
            catalog, settings, sender=SENDER, story=STORY, today=TODAY
        )
        bodies = {}
        for message in messages:
            body = strip_names(message.draft.body, message.setting.official)
            other = bodies.get(body)
            if other is not None:
                problems.append(f"{state}: {message.setting.office} and {other} get the same body")
            bodies[body] = message.setting.office
    assert rendered_count > 52 * 9 * 3
    assert problems == [], "\n".join(problems[:40])
    # Every jurisdiction's letters cite a case from its own circuit somewhere.
    assert cited == set(jurisdictions.STATE_DATA_JURISDICTIONS)


def test_what_letters_say_of_the_model_policy_is_what_it_holds(session, catalog):
    """Letters call it a model bill for all nine criteria that builds on CO, NM and NYC."""
    from outreach.campaign.model_policy import load_policy

    policy = load_policy()
    assert sorted(s.criterion for s in policy.sections) == list(range(1, 10))
    names = " ".join(law.name for law in policy.laws)
    for place in ("Colorado", "New Mexico", "New York City"):
        assert place in names
    load_shipped(session)
    (person,) = people_of(session, "WY")[-1:]
    (setting,) = situations.load_settings(
        session, [person], TODAY, model_policy_url=MODEL_POLICY_URL
    )
    _, context = setting.context(SENDER, STORY, TODAY)
    body = render(catalog.get("state-introduce"), context).body
    assert f"Colorado, New Mexico and New York City that it builds on: {MODEL_POLICY_URL}" in body


def test_senators_get_senate_bills_and_representatives_house_bills(session, catalog):
    load_shipped(session)
    senator, rep = (
        make_person(session, name="Sam Senator", office="us_senator", state="OH", district=None),
        make_person(
            session, name="Rita Rep", office="us_representative", state="OH", district="3"
        ),
    )
    session.commit()
    s_setting, r_setting = situations.load_settings(session, [senator, rep], TODAY)
    assert chamber_of(s_setting.federal_bill) == "senate"
    assert chamber_of(r_setting.federal_bill) == "house"
    # The companion is named beside the bill.
    assert s_setting.companion is not None
    assert s_setting.companion.slug == s_setting.federal_bill.companion
    draft = drafts.make_draft(
        s_setting, catalog.get("congress-cosponsor"), sender=SENDER, story="", channel="letter",
        today=TODAY,
    )  # fmt: skip
    assert s_setting.federal_bill.identifier in draft.subject
    assert f"companion in the other chamber is {s_setting.companion.identifier}" in draft.body


def test_colorado_letters_name_its_law_and_thank_only_for_it(session, catalog):
    load_shipped(session)
    person = make_person(session, name="Cara Colo", office="state_senator", state="CO")
    session.commit()
    (setting,) = situations.load_settings(session, [person], TODAY)
    # SB 26-005's session ended with no outcome confirmed: the letter thanks for SB 20-217.
    assert setting.situation == "below_max"
    draft = drafts.make_draft(
        setting, catalog.get("state-strengthen"), sender=SENDER, story="", channel="letter",
        today=TODAY,
    )  # fmt: skip
    assert draft.subject == "Thank you for SB 20-217, and please close its gaps"
    assert "SB 20-217" in draft.body
    assert "SB 26-005" not in draft.body
    assert "ends qualified immunity for the claims it covers" in draft.body


@pytest.mark.parametrize("state", ["IL", "MD", "VT"])
def test_no_thank_you_where_no_law_ends_or_limits_it(session, catalog, state):
    load_shipped(session)
    person = make_person(session, name="Lee Legislator", office="state_senator", state=state)
    session.commit()
    (setting,) = situations.load_settings(session, [person], TODAY)
    assert setting.situation == "no_reform"
    draft = drafts.make_draft(
        setting, catalog.choose(setting.office, setting.situation, "letter"), sender=SENDER,
        story="", channel="letter", today=TODAY,
    )  # fmt: skip
    assert not THANKS.search(draft.subject + draft.body)
    assert "close the gaps" not in draft.subject.lower()


def test_the_writer_can_swap_the_arguments_for_talking_points(session, catalog):
    load_shipped(session)
    person = make_person(session, name="Ona Ohio", office="state_senator", state="OH")
    session.commit()
    (setting,) = situations.load_settings(session, [person], TODAY)
    from dataclasses import replace

    from outreach.campaign.talking_points import load_talking_points

    point = next(p for p in load_talking_points() if p.id == "frivolous-lawsuits")
    chosen = replace(setting, chosen_arguments=("frivolous-lawsuits",))
    draft = drafts.make_draft(
        chosen, catalog.get("state-introduce"), sender=SENDER, story="", channel="letter",
        today=TODAY,
    )  # fmt: skip
    assert " ".join(point.text.split()) in " ".join(draft.body.split())
    usual = drafts.make_draft(
        setting, catalog.get("state-introduce"), sender=SENDER, story="", channel="letter",
        today=TODAY,
    )  # fmt: skip
    assert usual.body != draft.body
