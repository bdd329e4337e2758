"""Reading the campaign: standings, bills, committee seats, and what each page shows."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.campaign import pages as campaign_pages
from outreach.campaign import records as campaign
from outreach.campaign.pages import (
    TableSort,
    checklist,
    congress_label,
    group_by_stage,
    order_officials,
    ordinal,
    sort_standings,
    timeline,
)
from outreach.campaign.scoring import ZERO, score_ratings
from outreach.campaign.standings import Standing
from outreach.directory import errors, lookup
from outreach.models import Bill, BillStage, Criterion, Place, Rating
from tests.factories import (
    ensure_jurisdiction,
    make_bill,
    make_campaign,
    make_committee,
    make_person,
    make_record,
)

TODAY = date(2026, 7, 1)


def fake(code: str, name: str, points: float = 0, status: str | None = None) -> Standing:
    from outreach.models import ReformRecord

    record = ReformRecord(jurisdiction=code, status=status) if status else None
    ratings = {n: "met" for n in range(1, int(points) + 1)}
    if points % 1:
        ratings[int(points) + 1] = "partial"
    # The status comes from the bills: a law's effect, or a pending reform bill.
    effect = {"enacted": "ends", "limited": "limits", "strengthened": "rollback"}.get(status or "")
    law = Bill(identifier="L", stage="enacted", qi_effect=effect) if effect else None
    pending = Bill(identifier="P", stage="introduced", active=True, qi_effect="ends")
    return Standing(
        code=code,
        name=name,
        kind="state",
        record=record,
        score=score_ratings(ratings) if ratings else ZERO,
        strongest_law=law,
        laws=[(law, ZERO)] if law else [],
        pending=[(pending, ZERO)] if status == "pending" else [],
    )


# ----------------------------------------------------------------------------- the table


@pytest.mark.parametrize(
    ("raw_sort", "raw_dir", "expected"),
    [
        (None, None, TableSort("name", "asc")),
        ("score", None, TableSort("score", "desc")),
        ("score", "asc", TableSort("score", "asc")),
        ("STATUS", "DESC", TableSort("status", "desc")),
        ("<script>", "sideways", TableSort("name", "asc")),
        ("name", "desc", TableSort("name", "desc")),
    ],
)
def test_sort_parsing_falls_back_to_defaults(raw_sort, raw_dir, expected):
    assert TableSort.parse(raw_sort, raw_dir) == expected


def test_header_links_reverse_the_sorted_column_and_default_the_others():
    order = TableSort("score", "desc")
    assert order.aria_sort("score") == "descending"
    assert order.aria_sort("name") is None
    assert order.link_direction("score") == "asc"
    assert order.link_direction("name") == "asc"
    assert order.link_direction("status") == "asc"
    assert TableSort("name", "asc").link_direction("name") == "desc"
    assert TableSort("name", "asc").aria_sort("name") == "ascending"


STANDINGS = [
    fake("CA", "California", 3, "limited"),
    fake("CO", "Colorado", 6.5, "enacted"),
    fake("AL", "Alabama"),
    fake("IA", "Iowa", 0, "strengthened"),
    fake("NM", "New Mexico", 4, "enacted"),
    fake("NY", "New York", 0, "pending"),
    fake("WY", "Wyoming"),
]


def names(rows):
    return [s.code for s in rows]


def test_sort_by_name_both_ways():
    assert names(sort_standings(STANDINGS, TableSort("name", "asc"))) == [
        "AL", "CA", "CO", "IA", "NM", "NY", "WY",
    ]  # fmt: skip
    assert names(sort_standings(STANDINGS, TableSort("name", "desc")))[0] == "WY"


def test_sort_by_score_keeps_ties_in_name_order():
    assert names(sort_standings(STANDINGS, TableSort("score", "desc"))) == [
        "CO", "NM", "CA", "AL", "IA", "NY", "WY",
    ]  # fmt: skip
    assert names(sort_standings(STANDINGS, TableSort("score", "asc"))) == [
        "AL", "IA", "NY", "WY", "CA", "NM", "CO",
    ]  # fmt: skip


def test_sort_by_status_furthest_reform_first_no_record_last():
    assert names(sort_standings(STANDINGS, TableSort("status", "asc"))) == [
        "CO", "NM", "CA", "NY", "IA", "AL", "WY",
    ]  # fmt: skip


# ----------------------------------------------------------------------------- checklist, timeline


def criteria() -> list[Criterion]:
    return [
        Criterion(number=n, group="end" if n <= 4 else "start", title=f"Title {n}", explanation="")
        for n in range(1, 10)
    ]


def test_checklist_gives_nine_items_in_order_with_notes_and_sources(session):
    bill = make_bill(session, "CO", "SB 1", ratings={1: "met", 2: "partial", 3: "not_met"})
    items = checklist(criteria(), bill)
    assert [i.number for i in items] == list(range(1, 10))
    assert [i.rating for i in items[:4]] == [
        Rating.MET,
        Rating.PARTIAL,
        Rating.NOT_MET,
        Rating.UNKNOWN,
    ]
    assert items[0].title == "Title 1"
    assert items[0].group == "end"
    assert items[4].group == "start"
    assert items[0].note == "Note 1"
    assert items[0].source == "https://example.org/src"
    assert items[3].source is None
    assert items[1].points == "0.5"


def test_checklist_without_a_law_or_a_rubric(session):
    assert checklist(criteria(), None) == []
    bill = make_bill(session, "CO", "SB 1", ratings={1: "met"})
    items = checklist([], bill)
    assert items[0].title == "Criterion 1"
    assert items[8].group == "start"


def transient_bill(identifier: str, last_action: date, events: list[dict]) -> Bill:
    return Bill(identifier=identifier, last_action=last_action, events=events)


def test_timeline_merges_every_bill_oldest_first():
    first = transient_bill(
        "SB 1",
        date(2020, 6, 19),
        [
            {"date": "2020-06-03", "text": "Introduced.", "source": "https://a.example"},
            {"date": "2020-06-19", "text": "Signed.", "source": None},
        ],
    )
    second = transient_bill(
        "HB 2",
        date(2021, 7, 6),
        [
            {"date": "2021-07-06", "text": "Signed.", "source": None},
            {"date": "2020-06-10", "text": "Drafted.", "source": None},
            {"date": "not a date", "text": "Undated.", "source": None},
        ],
    )
    events = timeline([second, first])
    assert [(e.bill.identifier, e.text) for e in events] == [
        ("SB 1", "Introduced."),
        ("HB 2", "Drafted."),
        ("SB 1", "Signed."),
        ("HB 2", "Signed."),
        ("HB 2", "Undated."),
    ]
    assert events[0].day == date(2020, 6, 3)
    assert events[0].source == "https://a.example"
    assert events[-1].day is None


def test_timeline_same_day_keeps_bill_order():
    a = transient_bill("A", date(2021, 1, 1), [{"date": "2021-07-06", "text": "a"}])
    b = transient_bill("B", date(2022, 1, 1), [{"date": "2021-07-06", "text": "b"}])
    assert [e.text for e in timeline([b, a])] == ["a", "b"]


# ----------------------------------------------------------------------------- officials


def test_committee_members_come_first_leaders_before_members(session):
    def person(name, office="state_senator", district="1"):
        return make_person(session, name=name, office=office, state="CO", district=district)

    governor = person("Gov Ernor", "governor", None)
    senator = person("Us Senator", "us_senator", None)
    plain = person("Plain Member", district="1")
    chair = person("Chair Person", district="9")
    vice = person("Vice Person", "state_representative", "2")
    other = person("Not On It", "state_representative", "3")
    make_committee(session, "Judiciary", "CO", [(plain, "member"), (chair, "Chair")])
    make_committee(session, "Agriculture", "CO", [(other, "Chair")])
    make_committee(
        session,
        "House Committee on Public Safety",
        "CO",
        [(plain, "member"), (vice, "Vice Chair")],
    )
    people = lookup.state_officials(session, "CO")
    seats = campaign.relevant_committee_seats(session, "CO")
    result = order_officials(people, seats)
    assert [e.person.name for e in result.committee] == [
        "Chair Person",
        "Vice Person",
        "Plain Member",
    ]
    assert [e.leads for e in result.committee] == [True, True, False]
    assert result.committee[2].seats == (
        ("House Committee on Public Safety", "member"),
        ("Judiciary", "member"),
    )
    assert [e.person.name for e in result.statewide] == [governor.name]
    assert [e.person.name for e in result.legislators] == ["Not On It"]
    everyone = {e.person.id for e in result.committee + result.statewide + result.legislators}
    assert senator.id not in everyone
    assert result.total == 5


def test_committee_seats_match_policing_committees_only(session):
    member = make_person(
        session, name="Sam Seat", office="state_senator", state="CO", district="2"
    )
    make_committee(session, "Senate Judiciary Committee", "CO", [(member, "member")])
    make_committee(session, "Criminal Justice and Corrections", "CO", [(member, "Chair")])
    make_committee(session, "Finance", "CO", [(member, "Chair")])
    ensure_jurisdiction(session, "NM")
    make_committee(session, "Judiciary", "NM", [(member, "member")])
    seats = campaign.relevant_committee_seats(session, "CO")
    assert sorted(seats[member.id]) == [
        ("Criminal Justice and Corrections", "Chair"),
        ("Senate Judiciary Committee", "member"),
    ]


# ----------------------------------------------------------------------------- federal


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (11, "11th"), (112, "112th"), (121, "121st")],
)
def test_ordinal(n, text):
    assert ordinal(n) == text


def test_congress_label():
    assert congress_label(117) == "117th Congress (2021–2022)"
    assert congress_label(119) == "119th Congress (2025–2026)"
    assert congress_label(0) == "Congress not given"


def test_federal_bills_grouped_by_congress_then_stage(session):
    make_bill(
        session, "US", "H.R. 7085", stage="introduced", congress=116, last_action=date(2020, 6, 1)
    )
    make_bill(
        session,
        "US",
        "H.R. 1280",
        stage="passed_one_chamber",
        congress=117,
        last_action=date(2021, 3, 3),
    )
    make_bill(
        session, "US", "S. 492", stage="introduced", congress=117, last_action=date(2021, 3, 1)
    )
    make_bill(
        session, "US", "H.R. 1470", stage="introduced", congress=117, last_action=date(2021, 3, 2)
    )
    make_bill(session, "CO", "SB 1")
    groups = group_by_stage(campaign.federal_bills(session))
    assert [g.congress for g in groups] == [117, 116]
    assert [s.stage for s in groups[0].stages] == [
        BillStage.PASSED_ONE_CHAMBER,
        BillStage.INTRODUCED,
    ]
    assert [b.identifier for b, _ in groups[0].stages[1].bills] == ["H.R. 1470", "S. 492"]
    assert groups[0].count == 3
    assert groups[0].label.startswith("117th Congress")


# ----------------------------------------------------------------------------- database


def test_all_standings_cover_the_map_in_name_order(session):
    make_record(session, "CO", "enacted")
    make_bill(session, "CO", "SB 1", ratings={1: "met", 2: "met"})
    standings = campaign.all_standings(session, TODAY)
    assert len(standings) == 52
    assert [s.name for s in standings] == sorted(s.name for s in standings)
    co = next(s for s in standings if s.code == "CO")
    assert co.score.points == 2
    assert next(s for s in standings if s.code == "WY").record is None


def test_standing_of_a_city_and_an_unknown_code(session):
    session.add(Place(code="NYC", name="New York City", kind="city", state="NY"))
    make_record(session, "NYC", "enacted")
    make_bill(session, "NYC", "Int 2220", ratings={1: "met", 7: "partial"})
    found = campaign.standing(session, "nyc", TODAY)
    assert (found.code, found.name, found.kind) == ("NYC", "New York City", "city")
    assert found.score.points == 1.5
    assert campaign_pages.parent_state(session, "NYC") == "NY"
    assert campaign_pages.parent_state(session, "CO") is None
    with pytest.raises(errors.UnknownJurisdiction):
        campaign.standing(session, "ZZ", TODAY)


def test_find_bills_filters_and_rejects_bad_input(session):
    make_bill(session, "CO", "SB 1", stage="enacted")
    make_bill(session, "CO", "HB 2", stage="failed")
    make_bill(session, "US", "H.R. 1", stage="introduced", congress=117)
    assert [b.identifier for b, _ in campaign.find_bills(session, jurisdiction="co")] == [
        "HB 2",
        "SB 1",
    ]
    assert [b.identifier for b, _ in campaign.find_bills(session, jurisdiction="us")] == ["H.R. 1"]
    assert [b.identifier for b, _ in campaign.find_bills(session, stage="failed")] == ["HB 2"]
    with pytest.raises(errors.LookupInputError, match="Valid values: introduced"):
        campaign.find_bills(session, stage="law")
    with pytest.raises(errors.UnknownJurisdiction):
        campaign.find_bills(session, jurisdiction="ZZ")


def test_state_page_puts_it_all_together(session):
    make_campaign(session)
    make_record(session, "NY", "pending")
    session.add(Place(code="NYC", name="New York City", kind="city", state="NY"))
    make_record(session, "NYC", "enacted")
    make_bill(session, "NY", "S 1", stage="introduced", active=True, ratings={1: "met"})
    make_person(session, name="Jo Judge", office="state_senator", state="NY", district="5")
    page = campaign_pages.state_page(session, "ny", TODAY)
    assert page.standing.code == "NY"
    assert page.checklist == []  # no law in force
    assert [p.code for p in page.places] == ["NYC"]
    assert page.officials is not None
    assert page.officials.total == 1
    assert page.parent is None
    assert not page.is_place
    bill_id = page.standing.pending[0][0].id
    assert page.pending_ids == {bill_id}
    assert page.bill_checklists[bill_id][0].title == "Qualified immunity for all police officers"

    city = campaign_pages.state_page(session, "NYC", TODAY)
    assert city.is_place
    assert city.officials is None
    assert city.parent.abbr == "NY"


def test_pages_work_before_content_is_loaded(session):
    page = campaign_pages.map_page(session, TODAY, TableSort())
    assert page.campaign is None
    assert len(page.tiles.tiles) == 52
    assert all(t.swatch.css_class == "tile--none-recorded" for t in page.tiles.tiles)
    assert page.places == []
    assert campaign_pages.federal_page(session).congresses == []
    assert campaign_pages.state_page(session, "CO", TODAY).campaign is None
