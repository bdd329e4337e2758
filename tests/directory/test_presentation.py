"""Labels, links and dates shared by the pages and the API, on plain values (no app)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from outreach import jinja as filters
from outreach.api import serialize
from outreach.directory import checks, contact_links
from outreach.directory import labels as p
from outreach.models import Committee, CommitteeMembership, ContactOffice, Person, Role
from outreach.models import SocialAccount as Account

# ----------------------------------------------------------------------------- one implementation


@pytest.mark.parametrize(
    "name",
    ["district_label", "format_phone", "tel_href", "valid_email", "safe_url", "chamber_name"],
)
def test_pages_use_the_shared_functions(name):
    shared = contact_links if hasattr(contact_links, name) else p
    assert getattr(filters, name) is getattr(shared, name)


def test_the_api_uses_the_shared_functions():
    assert serialize.social_url is contact_links.social_url
    assert serialize.district_label is p.compact_district_label


# ----------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("raw", "digits", "ext"),
    [
        ("202-225-3121 ext. 12", "2022253121", "12"),
        ("1 (202) 225-3121", "2022253121", ""),
        ("555-0100 x7", "5550100", "7"),
        (None, "", ""),
    ],
)
def test_split_phone(raw, digits, ext):
    assert contact_links.split_phone(raw) == (digits, ext)


def test_short_numbers_keep_their_digits():
    assert contact_links.tel_href("555-0100") == "tel:5550100"
    assert contact_links.tel_href("911") is None
    assert contact_links.format_phone(" 555-0100 ") == "555-0100"


# ----------------------------------------------------------------------------- e-mail and links


@pytest.mark.parametrize(
    ("raw", "email"),
    [
        (" rita@house.example.gov ", "rita@house.example.gov"),
        ("MAILTO:a@b.org", "a@b.org"),
        ("james.o'day@mahouse.gov", "james.o'day@mahouse.gov"),
        ("lori garcia@coleg.gov", None),
        ("a<b>@x.org", None),
        ("a@b.c", None),
        ("two@one.org, three@two.org", None),
        (None, None),
    ],
)
def test_valid_email(raw, email):
    assert contact_links.valid_email(raw) == email
    assert contact_links.emails(raw) == ([email] if email else [])


def test_mailto_href_encodes_what_a_url_cannot_hold():
    assert (
        contact_links.mailto_href("james.o'day@mahouse.gov") == "mailto:james.o%27day@mahouse.gov"
    )
    assert contact_links.mailto_href("broken") is None


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("https://ok.example/x", "https://ok.example/x"),
        ("www.example.org", "https://www.example.org"),
        ("example.org/contact", "https://example.org/contact"),
        ("javascript:alert(1)", None),
        ("https://a b.example", None),
        ("ftp://files.example", None),
        ("https://", None),
        ("http://[broken", None),
        ("https://x.example/" + "a" * 2000, None),
        (None, None),
    ],
)
def test_safe_url(raw, url):
    assert contact_links.safe_url(raw) == url


def test_url_host():
    assert contact_links.url_host("https://www.senate.gov/contact") == "senate.gov"
    assert contact_links.url_host("javascript:alert(1)") == ""


# ----------------------------------------------------------------------------- social media


@pytest.mark.parametrize(
    ("platform", "handle", "url"),
    [
        ("Twitter", "@SenSam", "https://x.com/SenSam"),
        ("x", "SenSam", "https://x.com/SenSam"),
        ("threads", "sam", "https://www.threads.net/@sam"),
        ("tiktok", "@sam", "https://www.tiktok.com/@sam"),
        ("linkedin", "sam-s", "https://www.linkedin.com/in/sam-s"),
        ("youtube", "@sentedbudd", "https://www.youtube.com/@sentedbudd"),
        ("youtube", "SenatorTimKaine", "https://www.youtube.com/user/SenatorTimKaine"),
        ("youtube", "UC" + "x" * 22, "https://www.youtube.com/channel/UC" + "x" * 22),
        ("youtube_id", "UC123", "https://www.youtube.com/channel/UC123"),
        ("mastodon", "@Norton@Mastodon.social", "https://mastodon.social/@Norton"),
        ("mastodon", "norton@localhost", None),
        ("bluesky", "did:plc:abc", "https://bsky.app/profile/did:plc:abc"),
        ("facebook", "Jamie Scott", "https://www.facebook.com/Jamie%20Scott"),
        ("facebook", "https://facebook.com/sam", "https://facebook.com/sam"),
        ("facebook", "https://facebook.com/a b", None),
        ("myspace", "sam", None),
        (None, None, None),
    ],
)
def test_social_url_builds_an_encoded_profile_url(platform, handle, url):
    assert contact_links.social_url(platform, handle) == url


@pytest.mark.parametrize(
    ("platform", "handle", "url"),
    [
        ("youtube", "@sentedbudd", "https://www.youtube.com/@sentedbudd"),
        ("mastodon", "@sam@social.example", "https://social.example/@sam"),
        ("facebook", "https://facebook.com/sam", "https://facebook.com/sam"),
        # A display name or a path in the handle field is not linked on a page.
        ("facebook", "Jamie Scott", None),
        ("facebook", "profile.php?id=1000", None),
        ("twitter", "a/../b", None),
        ("bluesky", "did:plc:abc", None),
    ],
)
def test_social_link_only_links_plain_handles(platform, handle, url):
    assert contact_links.social_link(platform, handle) == url


def test_social_labels_and_handles():
    assert contact_links.social_label("TWITTER") == "X (Twitter)"
    assert contact_links.social_label("truth_social") == "Truth Social"
    assert contact_links.social_handle("twitter", "@@sam") == "@sam"
    assert contact_links.social_handle("youtube_channel", "UC123") == "Channel"
    assert contact_links.social_handle("mastodon", "sam@social.example") == "@sam@social.example"
    assert (
        contact_links.social_handle("facebook", "https://www.facebook.com/sam") == "facebook.com"
    )


def test_unique_social_drops_a_channel_id_beside_a_youtube_name():
    name = Account(platform="youtube", handle="@sam")
    channel = Account(platform="youtube_channel", handle="UC123")
    twitter = Account(platform="twitter", handle="sam")
    assert contact_links.unique_social([name, channel, twitter]) == [name, twitter]
    assert contact_links.unique_social(iter([channel, twitter])) == [channel, twitter]


# ----------------------------------------------------------------------------- districts


@pytest.mark.parametrize(
    ("district", "numbered", "page", "api"),
    [
        ("12", "District 12", "District 12", "District 12"),
        ("021a", "District 21A", "District 21A", "District 21A"),
        ("b", "District B", "District B", "District B"),
        ("0", "District 0", "At-large", "District 0"),
        ("At-Large", None, "At-large", "At-Large"),
        ("Chairman", None, "At-large (Chairman)", "Chairman"),
        ("Ward 1", None, "Ward 1", "Ward 1"),
        ("10th Bristol", None, "10th Bristol", "10th Bristol"),
        (None, None, "", None),
    ],
)
def test_district_labels_for_pages_and_api(district, numbered, page, api):
    assert p.numbered_district_label(district) == numbered
    assert p.district_label(district) == page
    assert p.compact_district_label("state_legislator", "DC", district) == api


def test_house_seats_read_with_their_state_in_the_api_only():
    assert p.compact_district_label("us_representative", "CA", "12") == "CA-12"
    assert p.compact_district_label("us_representative", "AK", "0") == "AK at-large"
    assert p.compact_district_label("us_representative", "ZZ", "3") == "District 3"
    role = Role(office="us_representative", jurisdiction_abbr="CA", district="12")
    assert p.district_label(role) == "District 12"
    assert p.seat_label(role) == "California, District 12"


def test_offices_elected_statewide_have_no_district():
    governor = Role(office="governor", jurisdiction_abbr="CA", district="0")
    assert p.district_label(governor) == ""
    assert p.seat_label(governor) == "California"
    assert p.seat_label(None) == ""


def test_state_name():
    assert p.state_name("ca") == "California"
    assert p.state_name("ZZ") is None
    assert filters.state_name("ZZ") == "ZZ"
    assert filters.state_name(None) == ""


# ----------------------------------------------------------------------------- chambers, offices


@pytest.mark.parametrize(
    ("chamber", "state", "name"),
    [
        ("upper", "CA", "State Senate"),
        ("upper", "PR", "Senate"),
        ("lower", "ca", "State Assembly"),
        ("lower", "TX", "State House"),
        ("lower", "VA", "House of Delegates"),
        ("legislature", "DC", "Council"),
        ("legislature", "NE", "Legislature"),
        ("joint", None, "Joint"),
    ],
)
def test_chamber_name(chamber, state, name):
    assert p.chamber_name(chamber, state) == name


@pytest.mark.parametrize(
    ("office", "state", "district", "label", "chamber"),
    [
        ("us_senator", "CA", None, "U.S. Senator", "U.S. Senate"),
        ("us_representative", "PR", "0", "Resident Commissioner", "U.S. House of Representatives"),
        (
            "us_representative",
            "GU",
            "0",
            "Delegate to the U.S. House",
            "U.S. House of Representatives",
        ),
        ("governor", "DC", None, "Mayor", ""),
        ("state_legislator", "DC", "Chairman", "Council Chairman", "Council"),
        ("state_legislator", "DC", "Ward 1", "Councilmember", "Council"),
        ("state_legislator", "NE", "3", "State Senator", "Legislature"),
        ("state_representative", "CA", "20", "Assemblymember", "State Assembly"),
        ("state_representative", "MD", "20", "Delegate", "House of Delegates"),
        ("state_representative", "NJ", "20", "Member of the General Assembly", "General Assembly"),
        ("state_representative", "TX", "20", "State Representative", "State House"),
        ("county_sheriff", "TX", None, "County Sheriff", ""),
    ],
)
def test_office_label_and_role_chamber(office, state, district, label, chamber):
    legislative = {"state_senator": "upper", "state_representative": "lower"}
    role = Role(
        office=office,
        jurisdiction_abbr=state,
        district=district,
        chamber=legislative.get(office, "legislature" if office == "state_legislator" else None),
    )
    assert p.office_label(role) == label
    assert p.role_chamber(role) == chamber
    assert p.office_label(None) == p.role_chamber(None) == ""


def test_contact_office_label():
    senator = Person(roles=[Role(office="us_senator", jurisdiction_abbr="CA")])
    assert p.contact_office_label(ContactOffice(kind="capitol", person=senator)) == (
        "Washington, DC office"
    )
    assert p.contact_office_label(ContactOffice(kind="capitol")) == "Capitol office"
    assert p.contact_office_label(ContactOffice(kind="district", city="Fresno")) == (
        "District office: Fresno"
    )
    assert p.contact_office_label(ContactOffice(kind="satellite-office")) == "Satellite office"
    assert p.contact_office_label(ContactOffice(kind="", label="Annex")) == "Annex"
    assert p.contact_office_label(ContactOffice(kind="")) == "Office"


def test_address_lines():
    parts = ContactOffice(street="12 Lake St", city="Duluth", state="MN", zip="55802-")
    assert p.address_lines(parts) == ["12 Lake St", "Duluth, MN 55802"]
    whole = ContactOffice(address="State Capitol; Room 5\nSacramento, CA 95814")
    assert p.address_lines(whole) == ["State Capitol", "Room 5", "Sacramento, CA 95814"]


def test_source_label():
    assert p.source_label(Person(bioguide_id="S000033")) == "Bioguide ID"
    assert p.source_label(Person(ocd_person_id="ocd-person/x")) == "Open States ID"
    assert p.source_label(Person()) == "Source ID"


# ----------------------------------------------------------------------------- parties, committees


def test_parties():
    assert p.party_name(" Democrat ") == "Democratic"
    assert p.party_short("Democratic-Farmer-Labor") == "DFL"
    assert p.party_short("Moderate") == "Moderate"
    assert p.party_name(None) == ""


def test_committee_roles_and_leadership_first():
    assert p.committee_role("ranking_member") == "Ranking Member"
    assert p.committee_role("  ") == "Member"
    assert p.is_leadership("Chair")
    assert not p.is_leadership(" member ")
    assert not p.is_leadership(None)
    seats = [
        CommitteeMembership(role="member", committee=Committee(name="Appropriations")),
        CommitteeMembership(role="member", committee=Committee(name="budget")),
        CommitteeMembership(role="chair", committee=Committee(name="Taxes")),
    ]
    ordered = p.leadership_first(seats)
    assert [m.committee.name for m in ordered] == ["Taxes", "Appropriations", "budget"]


# ----------------------------------------------------------------------------- dates, names


def test_dates():
    day = date(2026, 6, 5)
    assert p.format_date(day) == "June 5, 2026"
    assert p.format_date(None) == ""
    assert p.iso_date(datetime(2026, 6, 5, 23, 0)) == "2026-06-05"
    assert p.iso_date(None) is None
    assert filters.iso_date(None) == ""
    assert p.iso_datetime(datetime(2026, 8, 5, 12, 0, 0, 123)) == "2026-08-05T12:00:00Z"
    eastern = timezone(timedelta(hours=-4))
    assert p.iso_datetime(datetime(2026, 8, 5, 8, tzinfo=eastern)) == "2026-08-05T12:00:00Z"
    assert p.iso_datetime(datetime(2026, 8, 5, 12, tzinfo=UTC)) == "2026-08-05T12:00:00Z"
    assert p.iso_datetime(None) is None


@pytest.mark.parametrize(
    ("name", "letters"),
    [("Pat Example", "PE"), ("Cher", "C"), ("J. R. Doe-Smith", "JS"), ("", "?")],
)
def test_initials(name, letters):
    assert p.initials(name) == letters


def test_has_control_characters():
    assert checks.has_control_characters("94538\x00")
    assert checks.has_control_characters("a\u200bb")  # zero-width space: a format character
    assert not checks.has_control_characters("Ward 1 – Süd")


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("https://example.gov/a.jpg", "https://example.gov/a.jpg"),
        ("http://www.legislature.ms.gov/p/1.jpg", "https://www.legislature.ms.gov/p/1.jpg"),
        ("HTTP://Example.gov/A.JPG", "https://Example.gov/A.JPG"),
        ("javascript:alert(1)", None),
        ("", None),
        (None, None),
    ],
)
def test_photo_src_is_always_https(raw, url):
    assert contact_links.photo_src(raw) == url
