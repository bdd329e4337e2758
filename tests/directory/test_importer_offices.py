"""Current roles and offices in the jurisdiction, rule by rule."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.directory.importers import offices
from outreach.directory.importers.offices import Candidate

TODAY = date(2026, 12, 3)


def candidate(position, office, start, end):
    return Candidate(position, office, None, start, end, {"type": office})


def test_an_ended_role_never_wins_over_a_current_one_whatever_the_start_dates():
    # Jane Nelson: secretary of state (no start, ends 2027) and an ended senate seat.
    chosen, _ = offices.choose_role(
        [
            candidate(0, "secretary_of_state", None, date(2027, 1, 4)),
            candidate(1, "state_senator", date(2019, 1, 8), date(2023, 1, 5)),
        ],
        TODAY,
    )
    assert chosen.office == "secretary_of_state"


def test_a_legislator_whose_roles_all_ended_has_left():
    chosen, reason = offices.choose_role(
        [candidate(0, "state_representative", date(2019, 1, 1), date(2026, 6, 21))], TODAY
    )
    assert chosen is None
    assert reason == "every role has ended"


def test_an_executive_with_a_stale_term_keeps_the_executive_office_only():
    chosen, _ = offices.choose_role(
        [
            candidate(0, "state_senator", date(2010, 1, 1), date(2018, 1, 1)),
            candidate(1, "governor", date(2019, 1, 7), date(2026, 1, 1)),
        ],
        TODAY,
    )
    assert chosen.office == "governor"


def test_a_role_not_started_is_not_current():
    chosen, reason = offices.choose_role(
        [candidate(0, "state_senator", date(2027, 1, 4), None)], TODAY
    )
    assert chosen is None
    assert reason == "role not started yet"


def test_massachusetts_chief_election_officer_is_the_secretary_of_state_only_there():
    assert offices.office_for("MA", "chief election officer") == (
        "secretary_of_state",
        "Secretary of the Commonwealth",
    )
    assert offices.office_for("IL", "chief election officer") is None
    assert offices.office_for("TX", "secretary of state") == ("secretary_of_state", None)


@pytest.mark.parametrize(
    ("abbr", "address", "phones", "congress", "problem"),
    [
        (
            "WY",
            "La Fortaleza; P.O. Box 9020082; San Juan, PR 00902-0082",
            ("787-721-2400",),
            False,
            "PR",
        ),
        ("WY", "2323 Carey Ave, Cheyenne, WY 82002", ("787-721-2400",), False, "PR area code"),
        ("WY", "2323 Carey Ave, Cheyenne, WY 82002", ("307-777-7434",), False, None),
        ("KS", None, ("801-705-2898",), False, "UT area code"),
        (
            "CA",
            "331 Hart Senate Office Building Washington DC 20510",
            ("202-224-3553",),
            True,
            None,
        ),
        (
            "CA",
            "331 Hart Senate Office Building Washington DC 20510",
            ("202-224-3553",),
            False,
            "DC",
        ),
        ("TX", None, ("800-555-0100",), False, None),
        ("CA", None, ("613-555-0100",), False, "non-U.S."),
    ],
)
def test_offices_must_belong_to_the_jurisdiction(abbr, address, phones, congress, problem):
    found = offices.foreign_office(
        abbr, address=address, state=None, phones=phones, congress=congress
    )
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found
