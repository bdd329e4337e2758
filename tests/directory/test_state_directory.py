"""A state's directory page in sections, and the chamber filter, without HTTP."""

from __future__ import annotations

import pytest

from outreach.directory import errors, state_directory
from outreach.models import Person, Role
from tests.factories import make_person


def person(name: str, office: str, state: str = "CA", chamber: str | None = None) -> Person:
    return Person(name=name, roles=[Role(office=office, jurisdiction_abbr=state, chamber=chamber)])


def sections(groups: list[state_directory.Group]) -> dict[str, list[str]]:
    return {g.key: [p.name for p in g.people] for g in groups}


def test_officials_are_grouped_in_page_order():
    people = [
        person("Sam Senator", "us_senator"),
        person("Hal House", "us_representative", chamber="lower"),
        person("Gale Governor", "governor"),
        person("Ada Attorney", "attorney_general"),
        person("Lena Upper", "state_senator", chamber="upper"),
        person("Lou Lower", "state_representative", chamber="lower"),
        person("Odd One", "county_sheriff"),
    ]
    groups = state_directory.group_state_officials(people, "CA")
    assert sections(groups) == {
        "statewide": ["Gale Governor", "Ada Attorney"],
        "us-senate": ["Sam Senator"],
        # An office section wins over the chamber a House member may carry.
        "us-house": ["Hal House"],
        "upper": ["Lena Upper"],
        "lower": ["Lou Lower"],
        "other": ["Odd One"],
    }
    titles = {g.key: (g.title, g.cards) for g in groups}
    assert titles["lower"] == ("State Assembly", False)
    assert titles["us-senate"] == ("U.S. Senators", True)
    assert titles["other"] == ("Other officials", True)


def test_empty_sections_are_left_out():
    groups = state_directory.group_state_officials(
        [person("Ward Member", "state_legislator", "DC", "legislature")], "DC"
    )
    assert [(g.key, g.title) for g in groups] == [("legislature", "Council")]
    assert state_directory.group_state_officials([], "DC") == []


def test_filter_chambers_before_and_after_legislators_are_loaded(session):
    assert state_directory.filter_chambers(session, "CA") == ["upper", "lower"]
    assert state_directory.filter_chambers(session, "NE") == ["legislature"]
    assert state_directory.filter_chambers(session, "GU") == []
    make_person(session, name="Lou Lower", office="state_representative", district="20")
    assert state_directory.filter_chambers(session, "CA") == ["lower"]


def test_state_directory_filters_to_the_state_legislature(session):
    make_person(
        session, name="Hal House", office="us_representative", district="7", chamber="lower"
    )
    make_person(session, name="Sal State", office="state_representative", district="7")
    make_person(session, name="Gale Governor", office="governor", district=None)
    everyone = state_directory.state_directory(session, "CA")
    assert everyone.total == 3
    assert sections(everyone.groups) == {
        "statewide": ["Gale Governor"],
        "us-house": ["Hal House"],
        "lower": ["Sal State"],
    }
    lower = state_directory.state_directory(session, "CA", chamber="lower")
    assert (lower.total, sections(lower.groups)) == (1, {"lower": ["Sal State"]})
    seventh = state_directory.state_directory(session, "CA", district="7")
    assert seventh.total == 2


def test_state_directory_rejects_unknown_filters(session):
    with pytest.raises(errors.LookupInputError):
        state_directory.state_directory(session, "CA", chamber="attic")
    with pytest.raises(errors.UnknownJurisdiction):
        state_directory.state_directory(session, "ZZ")
