"""The lookup service, without HTTP, on rows the tests write."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.directory import errors, lookup, zip_database
from outreach.directory.version import VersionedCache, VersionTracker
from tests.factories import make_person, make_sync, make_zip


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("94538", "94538"), (" 94538 ", "94538"), ("94538-1234", "94538"), ("945381234", "94538")],
)
def test_normalize_zip_accepts_zip_and_zip4(raw, expected):
    assert lookup.normalize_zip(raw) == expected


@pytest.mark.parametrize("raw", ["", "9453", "abcde", "94538-12", "9453812345678", "<script>"])
def test_normalize_zip_rejects_with_a_message(raw):
    with pytest.raises(errors.InvalidZip) as caught:
        lookup.normalize_zip(raw)
    assert "ZIP" in str(caught.value)


@pytest.fixture
def california(session):
    people = {
        "senator_a": make_person(session, name="Ann Alpha", office="us_senator", district=None),
        "senator_b": make_person(session, name="Ben Beta", office="us_senator", district=None),
        "rep14": make_person(
            session, name="Cy Fourteen", office="us_representative", district="14"
        ),
        "rep17": make_person(
            session, name="Di Seventeen", office="us_representative", district="17"
        ),
        "governor": make_person(session, name="Gil Gov", office="governor", district=None),
        "sd10": make_person(session, name="Sue Ten", office="state_senator", district="10"),
        "ad20": make_person(
            session, name="Al Twenty", office="state_representative", district="20"
        ),
        "ad21": make_person(
            session, name="Al TwentyOne", office="state_representative", district="21"
        ),
    }
    make_zip(session, "94538", "CA", "14")
    make_zip(session, "94538", "CA", "17")
    make_zip(session, "94612", "CA", "14")
    return people


def test_zip_in_two_districts_lists_both_and_says_so(session, california):
    result = lookup.lookup_zip(session, "94538")
    assert [d.label for d in result.districts] == ["CA-14", "CA-17"]
    assert result.ambiguous
    assert [p.name for p in result.federal] == [
        "Ann Alpha",
        "Ben Beta",
        "Cy Fourteen",
        "Di Seventeen",
    ]
    assert [p.name for p in result.state_officials] == ["Gil Gov"]
    assert any("split between 2 congressional districts" in n for n in result.notices)
    assert result.needs_legislative_district
    assert result.city == "Fremont"


def test_single_district_zip_is_not_ambiguous(session, california):
    result = lookup.lookup_zip(session, "94612")
    assert not result.ambiguous
    assert [p.name for p in result.federal if p.role.office == "us_representative"] == [
        "Cy Fourteen"
    ]


def test_chosen_legislative_districts_add_the_legislators(session, california):
    result = lookup.lookup_zip(
        session, "94612", legislative={"CA": {"upper": "10", "lower": "20"}}
    )
    assert [p.name for p in result.state_officials] == ["Gil Gov", "Sue Ten", "Al Twenty"]
    assert not result.needs_legislative_district
    half = lookup.lookup_zip(session, "94612", legislative={"CA": {"upper": "10"}})
    assert half.needs_legislative_district
    assert half.missing_chambers("CA") == ["lower"]


def test_zip_across_states(session):
    make_person(session, name="Kay Kentucky", office="us_representative", state="KY", district="1")
    make_person(
        session, name="Tim Tennessee", office="us_representative", state="TN", district="7"
    )
    make_zip(session, "42223", "KY", "1")
    make_zip(session, "42223", "TN", "7")
    result = lookup.lookup_zip(session, "42223")
    assert result.states == ["KY", "TN"]
    assert result.ambiguous
    assert any("crosses state lines (Kentucky and Tennessee)" in n for n in result.notices)
    # No senators in this small directory: that is missing data, not vacant seats.
    assert not any("vacant U.S. Senate" in v for v in result.vacancies)
    assert any("holds no U.S. senators for Kentucky" in n for n in result.notices)
    assert any("holds no U.S. senators for Tennessee" in n for n in result.notices)


def test_an_empty_directory_says_so_never_vacant_seats(session):
    make_zip(session, "80202", "CO", "1")
    result = lookup.lookup_zip(session, "80202")
    assert result.vacancies == []
    assert any("empty or only partly loaded" in n for n in result.notices)


def test_vacant_house_seat_is_reported(session, california):
    make_zip(session, "94000", "CA", "99")
    result = lookup.lookup_zip(session, "94000")
    assert result.vacancies == [
        "The House seat for CA-99 is vacant: there is no representative to contact until it "
        "is filled."
    ]


def test_po_box_zip_falls_back_to_its_state(session, california):
    place = zip_database.lookup("00604")
    assert place is not None
    assert place.kind == "PO BOX"
    make_person(session, name="Pia Rico", office="us_representative", state="PR", district="0")
    result = lookup.lookup_zip(session, "00604")
    assert result.source == "zip-database"
    assert result.states == ["PR"]
    assert [p.name for p in result.federal] == ["Pia Rico"]
    assert not result.ambiguous  # one at-large seat: nothing to choose


def test_po_box_zip_in_a_state_with_many_districts_is_ambiguous(session, california):
    # 95812 is a Sacramento PO-box ZIP: not a ZCTA.
    assert zip_database.lookup("95812").kind == "PO BOX"
    result = lookup.lookup_zip(session, "95812")
    assert result.ambiguous
    assert {p.name for p in result.federal} >= {"Cy Fourteen", "Di Seventeen"}
    assert any("PO box" in n for n in result.notices)


def test_unknown_and_military_zips(session):
    with pytest.raises(errors.UnknownZip):
        lookup.lookup_zip(session, "00000")
    with pytest.raises(errors.UnknownZip, match="military"):
        lookup.lookup_zip(session, "09001")


def test_at_large_council_members_represent_everyone(session):
    make_person(session, name="Ward One", office="state_legislator", state="DC", district="Ward 1")
    make_person(
        session, name="Ava Atlarge", office="state_legislator", state="DC", district="At-Large"
    )
    make_person(
        session, name="Cal Chair", office="state_legislator", state="DC", district="Chairman"
    )
    make_person(session, name="Del Egate", office="us_representative", state="DC", district="0")
    make_zip(session, "20001", "DC", "0")
    result = lookup.lookup_zip(session, "20001")
    assert [p.name for p in result.state_officials] == ["Ava Atlarge", "Cal Chair"]
    assert result.vacancies == []  # DC has no senate seats to be vacant
    picked = lookup.lookup_zip(session, "20001", legislative={"DC": {"legislature": "Ward 1"}})
    assert "Ward One" in [p.name for p in picked.state_officials]


def test_state_officials_filters(session, california):
    names = lambda people: [p.name for p in people]  # noqa: E731
    assert names(lookup.state_officials(session, "ca", chamber="lower")) == [
        "Al Twenty",
        "Al TwentyOne",
    ]
    assert names(lookup.state_officials(session, "CA", office="us_senator")) == [
        "Ann Alpha",
        "Ben Beta",
    ]
    assert names(lookup.state_officials(session, "CA", district="10")) == ["Sue Ten"]
    with pytest.raises(errors.LookupInputError, match="Valid values: us_senator"):
        lookup.state_officials(session, "CA", office="king")
    with pytest.raises(errors.LookupInputError, match="upper, lower, legislature"):
        lookup.state_officials(session, "CA", chamber="attic")
    with pytest.raises(errors.UnknownJurisdiction):
        lookup.state_officials(session, "ZZ")


def test_district_choices_sort_naturally(session):
    for district in ["10", "2", "21A", "21B", "1", "Hillsborough 12", "Hillsborough 2"]:
        make_person(
            session,
            name=f"M {district}",
            office="state_representative",
            state="NH",
            district=district,
        )
    # U.S. House seats of the state are not state legislative districts.
    make_person(session, name="Con Gress", office="us_representative", state="NH", district="3")
    choices = lookup.legislative_district_choices(session, "NH")
    assert choices == {
        "lower": ["1", "2", "10", "21A", "21B", "Hillsborough 2", "Hillsborough 12"]
    }


def test_stale_roles(session):
    old = make_person(session, name="Old Term", office="governor", end_date=date(2026, 1, 1))
    new = make_person(session, name="New Term", office="attorney_general", end_date=None)
    assert lookup.stale_roles([old, new], date(2026, 11, 21)) == {old.id}


def test_version_tracker_caches_for_its_ttl(session):
    now = [100.0]
    tracker = VersionTracker(ttl=2, clock=lambda: now[0])
    assert tracker.current(session).sync_id == 0
    sync = make_sync(session)
    assert tracker.current(session).sync_id == 0  # still remembered
    now[0] += 2.5
    assert tracker.current(session).sync_id == sync.id


def test_versioned_cache_is_bounded_and_invalidated():
    cache: VersionedCache[str] = VersionedCache(maxsize=2)
    calls = []

    def make(value):
        calls.append(value)
        return value

    assert cache.get_or_make("a", 1, lambda: make("A1")) == "A1"
    assert cache.get_or_make("a", 1, lambda: make("again")) == "A1"
    assert cache.get_or_make("a", 2, lambda: make("A2")) == "A2"  # new version
    cache.get_or_make("b", 2, lambda: make("B"))
    cache.get_or_make("c", 2, lambda: make("C"))
    assert len(cache) == 2  # "a" was evicted
    assert calls == ["A1", "A2", "B", "C"]


@pytest.mark.parametrize("raw", ["٩٤١٠٣", "９４１０３", "9410३"])
def test_only_ascii_digits_make_a_zip(raw):
    with pytest.raises(errors.InvalidZip):
        lookup.normalize_zip(raw)
