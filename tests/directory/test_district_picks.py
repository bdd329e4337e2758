"""Districts picked on the results page: checked, used or explained, without HTTP."""

from __future__ import annotations

import pytest

from outreach.directory import district_picks, errors, lookup
from tests.factories import make_person, make_zip


@pytest.fixture
def california(session):
    """ZIP 94538 in CA-14, with a state senator (10) and an assemblymember (20)."""
    make_zip(session, "94538", "CA", "14")
    make_person(session, name="Rita Rep", office="us_representative", district="14")
    make_person(session, name="Lena Upper", office="state_senator", district="10")
    make_person(session, name="Lou Lower", office="state_representative", district="20")


@pytest.fixture
def border(session, california):
    """ZIP 02861 across Rhode Island and Massachusetts, each with a legislator."""
    make_zip(session, "02861", "RI", "1")
    make_zip(session, "02861", "MA", "4")
    make_person(session, name="Rhody Sen", office="state_senator", state="RI", district="3")
    make_person(session, name="Bay Rep", office="state_representative", state="MA", district="9")


def state_names(result: lookup.LookupResult) -> list[str]:
    return [p.name for p in result.state_officials]


def test_picked_districts_keeps_non_blank_chambers_only():
    params = {"upper": " 10 ", "lower": "", "legislature": None, "state": "CA", "zip": "94538"}
    assert district_picks.picked_districts(params) == {"upper": "10"}


def test_nothing_picked_is_a_plain_zip_lookup(session, california):
    result, picks = district_picks.lookup_zip_with_picks(session, "94538", {}, "CA")
    assert state_names(result) == []
    assert picks == district_picks.Picks()
    assert picks.messages == []


def test_valid_picks_place_the_legislators(session, california):
    result, picks = district_picks.lookup_zip_with_picks(
        session, "94538", {"upper": "10", "lower": "20"}, "ca"
    )
    assert state_names(result) == ["Lena Upper", "Lou Lower"]
    assert picks.state == "CA"
    assert picks.valid == {"upper": "10", "lower": "20"}
    assert picks.choices == {"lower": ["20"], "upper": ["10"]}
    assert picks.errors == {}


def test_unknown_district_is_ignored_with_a_message(session, california):
    result, picks = district_picks.lookup_zip_with_picks(
        session, "94538", {"upper": "999", "lower": "20"}, "CA"
    )
    assert state_names(result) == ["Lou Lower"]
    assert picks.valid == {"lower": "20"}
    assert picks.errors == {
        "upper": "“999” is not a State Senate district of California, so it was ignored. "
        "Choose one from the list."
    }


def test_a_rejected_district_is_echoed_short_and_never_with_control_characters(
    session, california
):
    _, picks = district_picks.lookup_zip_with_picks(session, "94538", {"upper": "9" * 300}, "CA")
    assert f"“{'9' * 40}” is not" in picks.errors["upper"]
    _, picks = district_picks.lookup_zip_with_picks(session, "94538", {"upper": "1\x07"}, "CA")
    assert picks.errors["upper"].startswith("“” is not")


def test_without_a_state_the_zip_state_is_used(session, california):
    for state_param in (None, "", "Narnia"):
        result, picks = district_picks.lookup_zip_with_picks(
            session, "94538", {"lower": "20"}, state_param
        )
        assert picks.state == "CA"
        assert state_names(result) == ["Lou Lower"]


def test_without_a_state_a_zip_across_states_asks_for_one(session, border):
    result, picks = district_picks.lookup_zip_with_picks(session, "02861", {"upper": "3"}, None)
    assert result.states == ["MA", "RI"]
    assert state_names(result) == []
    assert picks.state is None
    assert picks.messages == ["Choose your districts in one state at a time."]


def test_districts_of_another_state_are_ignored(session, california):
    make_person(session, name="Tex Senator", office="state_senator", state="TX", district="10")
    result, picks = district_picks.lookup_zip_with_picks(session, "94538", {"upper": "10"}, "TX")
    assert "Tex Senator" not in state_names(result)
    assert picks.errors["state"] == (
        "ZIP code 94538 is not in Texas, so the districts you chose were ignored."
    )


def test_a_bad_zip_still_raises(session, california):
    with pytest.raises(errors.InvalidZip):
        district_picks.lookup_zip_with_picks(session, "12ab", {"upper": "10"}, "CA")
    with pytest.raises(errors.UnknownZip):
        district_picks.lookup_zip_with_picks(session, "00000", {"upper": "10"}, "CA")


def test_api_districts_apply_as_given_in_a_one_state_zip(session, california):
    result = district_picks.lookup_zip_with_districts(session, "94538", {"upper": "10"})
    assert state_names(result) == ["Lena Upper"]
    assert result.legislative_districts == {"CA": {"upper": "10"}}
    unknown = district_picks.lookup_zip_with_districts(session, "94538", {"upper": "999"})
    assert state_names(unknown) == []
    assert unknown.legislative_districts == {"CA": {"upper": "999"}}
    plain = district_picks.lookup_zip_with_districts(session, "94538", {})
    assert plain.legislative_districts == {}


def test_api_districts_are_not_used_across_state_lines(session, border):
    result = district_picks.lookup_zip_with_districts(session, "02861", {"upper": "3"})
    assert state_names(result) == []
    assert "legislative districts you chose were not used" in result.notices[-1]


def test_lookup_place_uses_the_address_and_ignores_picks(session, california):
    config = {"GEOCODER_ENABLED": False}
    result, picks = district_picks.lookup_place(
        session,
        zip_code="94538",
        address="1 Main St",
        picked={"upper": "10"},
        state_param="CA",
        config=config,
    )
    assert result.zip_code == "94538"
    assert state_names(result) == []
    assert picks == district_picks.Picks()
    result, picks = district_picks.lookup_place(
        session,
        zip_code="94538",
        address=None,
        picked={"upper": "10"},
        state_param="CA",
        config=config,
    )
    assert state_names(result) == ["Lena Upper"]
    assert picks.valid == {"upper": "10"}


# ----------------------------------------------------------------------------- pickers


def test_a_picker_for_each_chamber_not_yet_placed(session, california):
    result, picks = district_picks.lookup_zip_with_picks(session, "94538", {"upper": "10"}, "CA")
    specs, missing = district_picks.pickers_needed(session, result, picks)
    assert missing == []
    assert specs == [
        district_picks.PickerSpec(
            state="CA",
            choices={"lower": ["20"], "upper": ["10"]},
            selected={"upper": "10"},
            errors={},
        )
    ]


def test_no_picker_once_every_chamber_is_placed(session, california):
    result, picks = district_picks.lookup_zip_with_picks(
        session, "94538", {"upper": "10", "lower": "20"}, "CA"
    )
    assert district_picks.pickers_needed(session, result, picks) == ([], [])


def test_picker_errors_go_to_their_chamber_only(session, california):
    result, picks = district_picks.lookup_zip_with_picks(
        session, "94538", {"upper": "999", "legislature": "1"}, "CA"
    )
    assert set(picks.errors) == {"upper", "legislature"}
    [spec], _ = district_picks.pickers_needed(session, result, picks)
    assert set(spec.errors) == {"upper"}


def test_states_without_legislators_are_listed_as_missing(session, border):
    make_zip(session, "02861", "GU", "0")
    result = lookup.lookup_zip(session, "02861")
    specs, missing = district_picks.pickers_needed(session, result, district_picks.Picks())
    # Guam has no state data at all; Massachusetts and Rhode Island get a picker each.
    assert [s.state for s in specs] == ["MA", "RI"]
    assert specs[0].choices == {"lower": ["9"]}
    assert missing == []
    make_zip(session, "02861", "CT", "2")
    result = lookup.lookup_zip(session, "02861")
    assert district_picks.pickers_needed(session, result, district_picks.Picks())[1] == ["CT"]


def test_pickers_only_offer_the_state_chambers(session):
    """A unicameral legislature offers its one chamber, whatever else the data holds."""
    make_zip(session, "68508", "NE", "1")
    make_person(session, name="Nell Unicam", office="state_legislator", state="NE", district="5")
    make_person(session, name="Odd Row", office="state_senator", state="NE", district="7")
    result = lookup.lookup_zip(session, "68508")
    [spec], _ = district_picks.pickers_needed(session, result, district_picks.Picks())
    assert spec.choices == {"legislature": ["5"]}
