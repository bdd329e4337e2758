"""Letters adapt to the state's standing and the bill's stage."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.campaign import records as campaign
from outreach.campaign import standings
from outreach.letters import context as letter_context
from outreach.letters.context import Sender, build_context
from tests.factories import make_bill, make_campaign, make_person, make_record

TODAY = date(2026, 11, 21)


def context_for(session, person):
    criteria = {c.number: c for c in make_campaign(session).criteria}
    state = person.role.jurisdiction_abbr
    standing = campaign.standing(session, state, TODAY)
    federal = standings.current_federal_bill(
        [b for b, _ in campaign.find_bills(session, jurisdiction="US")]
    )
    return build_context(
        official=person,
        standing=standing,
        federal_bill=federal,
        criteria=criteria,
        committees=[("Public Safety", "Chair")],
        sender=Sender(name="Pat Doe"),
        story="",
        today=TODAY,
        campaign_name="End Qualified Immunity",
    )


def test_no_reform(session):
    person = make_person(session, state="TX", office="state_senator", district="5")
    situation, context = context_for(session, person)
    assert situation == "no_reform"
    assert context["bill"] is None
    assert context["state"]["status"] == "No action recorded"


def test_pending_bill_is_named_with_its_stage(session):
    make_record(session, "NY", "pending")
    make_bill(session, "NY", "S176", stage="introduced", active=True, ratings={1: "met"})
    make_bill(
        session,
        "NY",
        "S1",
        stage="introduced",
        active=True,
        ratings={1: "not_met"},
        last_action=date(2026, 5, 1),
    )  # a rollback: never the one to support
    person = make_person(session, state="NY", office="state_senator", district="5")
    situation, context = context_for(session, person)
    assert situation == "pending_bill"
    assert context["bill"]["identifier"] == "S176"
    assert context["bill"]["stage"] == "Introduced"


def test_law_below_nine_lists_what_it_misses(session):
    make_record(session, "CO", "enacted")
    make_bill(
        session,
        "CO",
        "SB 20-217",
        ratings={
            1: "met",
            2: "not_met",
            3: "met",
            4: "met",
            5: "met",
            6: "partial",
            7: "met",
            9: "met",
        },
    )
    person = make_person(session, state="CO", office="state_representative", district="9")
    situation, context = context_for(session, person)
    assert situation == "below_max"
    state = context["state"]
    assert state["score"] == "6.5/9"
    assert state["law"]["identifier"] == "SB 20-217"
    assert len(state["unmet"]) == 3  # not met, partly met, and unknown
    assert state["unmet"][0] == "Qualified immunity for all public employees"


def test_strengthened(session):
    make_record(session, "IA", "strengthened")
    make_bill(session, "IA", "SF 342", ratings={1: "not_met", 2: "not_met", 3: "not_met"})
    person = make_person(session, state="IA", office="governor", district=None)
    situation, context = context_for(session, person)
    assert situation == "strengthened"
    assert context["state"]["status_code"] == "strengthened"


def test_congress_is_asked_about_the_current_federal_bill(session):
    make_bill(
        session,
        "US",
        "H.R. 1",
        stage="introduced",
        active=True,
        congress=119,
        ratings={1: "met", 2: "met"},
        last_action=date(2025, 3, 1),
    )
    make_bill(
        session,
        "US",
        "H.R. 2",
        stage="introduced",
        active=True,
        congress=119,
        ratings={1: "met"},
        last_action=date(2026, 3, 1),
    )
    make_bill(
        session, "US", "S. 9", stage="failed", congress=118, ratings={1: "met", 2: "met", 3: "met"}
    )
    person = make_person(session, state="TX", office="us_senator", district=None)
    situation, context = context_for(session, person)
    assert situation == "pending_bill"
    assert context["bill"]["identifier"] == "H.R. 1"  # the alive bill that scores best
    assert context["official"]["is_federal"]


def test_sender_placeholders_and_committees(session):
    person = make_person(session, name="Aisha Wahab", state="CA", office="state_senator")
    _, context = context_for(session, person)
    assert str(context["sender"]["address"]) == "[your street address]"
    assert context["sender"]["name"] == "Pat Doe"
    assert str(context["story"]).startswith("[your story")
    assert context["official"]["salutation"] == "Dear Senator Wahab"
    assert context["official"]["committees"] == ["Public Safety (Chair)"]
    assert Sender(name="x").missing() == [
        "your street address",
        "your city",
        "your ZIP code",
        "your email",
    ]


@pytest.mark.parametrize(
    ("office", "state", "title", "expected"),
    [
        ("state_representative", "CA", None, "Assemblymember"),
        ("state_representative", "WI", None, "Representative"),
        ("state_representative", "MD", None, "Delegate"),
        ("state_representative", "TX", None, "Representative"),
        ("state_legislator", "DC", None, "Councilmember"),
        ("state_legislator", "NE", None, "Senator"),
        ("us_representative", "DC", "Delegate", "Delegate"),
        ("us_representative", "PR", "Resident Commissioner", "Resident Commissioner"),
        ("us_representative", "OH", "Representative", "Representative"),
        ("attorney_general", "OH", None, "Attorney General"),
    ],
)
def test_honorifics(office, state, title, expected):
    assert letter_context.honorific(office, state, None, title) == expected
