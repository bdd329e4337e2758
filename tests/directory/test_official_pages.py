"""The server-rendered pages: stale records, an official, a state and its filters."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from outreach import jinja as filters
from outreach.models import ContactOffice, SocialAccount
from tests.directory.pages_helpers import (
    between,
    html_of,
)
from tests.factories import make_committee, make_person, make_zip

# ----------------------------------------------------------------------------- stale


def test_stale_role_shows_a_notice(client, session):
    make_zip(session, "94538", "CA", "14")
    ended = date.today() - timedelta(days=30)
    old = make_person(
        session, name="Olga Old", office="us_representative", district="14", end_date=ended
    )
    current = make_person(
        session,
        name="Cora Current",
        office="us_senator",
        district=None,
        end_date=date.today() + timedelta(days=300),
    )
    html = html_of(client.get("/lookup?zip=94538"))
    old_card = between(html, f'id="official-{old.id}"', "</article>")
    current_card = between(html, f'id="official-{current.id}"', "</article>")
    assert "may be out of date" in old_card
    assert filters.format_date(ended) in old_card
    assert "may be out of date" not in current_card
    assert "may be out of date" in html_of(client.get(f"/officials/{old.id}"))
    assert "may be out of date" not in html_of(client.get(f"/officials/{current.id}"))


# ----------------------------------------------------------------------------- official


def test_official_page_shows_everything(client, session):
    person = make_person(
        session,
        name="Ada Chair",
        office="state_senator",
        district="21A",
        party="Democratic-Farmer-Labor",
        email="ada@senate.mn",
        phone="651-555-0123",
        twitter="AdaChair",
        state="MN",
    )
    person.offices.append(
        ContactOffice(
            position=1,
            kind="district",
            street="12 Lake St",
            city="Duluth",
            state="MN",
            zip="55802",
            phone="218-555-0199",
            fax="218-555-0100",
        )
    )
    channel = "UC" + "x" * 22
    person.social_accounts.append(SocialAccount(platform="youtube_channel", handle=channel))
    make_committee(session, "Judiciary and Public Safety", "MN", [(person, "chair")])
    make_committee(session, "Taxes", "MN", [(person, "member")])
    session.flush()
    response = client.get(f"/officials/{person.id}")
    assert response.status_code == 200
    html = html_of(response)
    assert re.search(r"<h1[^>]*>Ada Chair</h1>", html)
    assert "State Senator" in html
    assert "District 21A" in html
    assert "Democratic-Farmer-Labor" in html
    assert person.ocd_person_id in html
    assert "Open States ID" in html
    assert 'href="mailto:ada@senate.mn"' in html
    assert 'href="tel:+16515550123"' in html
    assert "12 Lake St" in html
    assert "Duluth, MN 55802" in html
    assert 'href="tel:+12185550199"' in html
    assert "(218) 555-0100" in html
    assert 'href="https://x.com/AdaChair"' in html
    assert f'href="https://www.youtube.com/channel/{channel}"' in html
    committees = between(html, 'id="committees-title"', "</section>")
    assert committees.index("Judiciary and Public Safety") < committees.index("Taxes")
    assert re.search(r"role-badge--lead\">Chair<", committees)
    assert filters.format_date(person.role.start_date) in html


def test_federal_official_page_shows_bioguide_id(client, session):
    person = make_person(session, name="Fed Person", office="us_senator", district=None)
    html = html_of(client.get(f"/officials/{person.id}"))
    assert "Bioguide ID" in html
    assert person.bioguide_id in html
    assert "U.S. Senate" in html


@pytest.mark.parametrize("person_id", ["999999", "99999999999999999999999999"])
def test_unknown_official_is_a_404(client, person_id):
    response = client.get(f"/officials/{person_id}")
    assert response.status_code == 404
    assert "could not find that official" in html_of(response)


# ----------------------------------------------------------------------------- state page


def test_state_page_lists_and_filters(client, california):
    response = client.get("/states/CA/officials")
    assert response.status_code == 200
    html = html_of(response)
    for person in california.values():
        assert person.name in html
    assert re.search(r"<h1[^>]*>California officials</h1>", html)

    upper = html_of(client.get("/states/ca/officials?chamber=upper"))
    assert "Lena Upper" in upper
    assert "Lou Lower" not in upper
    assert "Gale Governor" not in upper

    governor = html_of(client.get("/states/ca/officials?office=governor"))
    assert "Gale Governor" in governor
    assert "Lena Upper" not in governor

    district = html_of(client.get("/states/ca/officials?district=20"))
    assert "Lou Lower" in district
    assert "Lena Upper" not in district
    assert "1 official match these filters" in district

    assert client.get("/states/ca/officials?office=emperor").status_code == 400
    assert client.get("/states/ca/officials?chamber=attic").status_code == 400
    long_district = client.get("/states/ca/officials", query_string={"district": "9" * 500})
    assert long_district.status_code == 400


def test_state_page_chamber_filter_leaves_out_congress(client, session):
    # The importer files House members in the "lower" chamber too.
    make_person(
        session, name="Hal House", office="us_representative", district="7", chamber="lower"
    )
    make_person(session, name="Sal State", office="state_representative", district="7")
    html = html_of(client.get("/states/ca/officials?chamber=lower"))
    assert "Sal State" in html
    assert "Hal House" not in html


def test_state_page_uses_state_specific_names(client, session):
    make_person(
        session, name="Ward Member", office="state_legislator", state="DC", district="Ward 1"
    )
    make_person(session, name="Del Egate", office="us_representative", state="DC", district="0")
    html = html_of(client.get("/states/dc/officials"))
    assert "Council" in html
    assert "Ward 1" in html
    assert "Del Egate" in html


@pytest.mark.parametrize("abbr", ["ZZ", "california1", "x" * 300])
def test_unknown_state_is_a_404_listing_states(client, abbr):
    response = client.get(f"/states/{abbr}/officials")
    assert response.status_code == 404
    html = html_of(response)
    assert "is not a U.S. state or territory" in html
    assert 'href="/states/tx/officials"' in html


def test_states_index_and_picker_redirect(client):
    assert client.get("/states").status_code == 200
    response = client.get("/states?state=ca")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/states/ca/officials")
    assert client.get("/states?state=zz").status_code == 400


def test_unknown_page_is_a_404_with_lookup_form(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    html = html_of(response)
    assert 'action="/lookup"' in html
    assert re.search(r'<select[^>]*name="state"', html)


# ----------------------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("raw", "href", "text"),
    [
        ("916-555-0100", "tel:+19165550100", "(916) 555-0100"),
        ("(202) 225-3121 ext. 12", "tel:+12022253121;ext=12", "(202) 225-3121 ext. 12"),
        ("1-202-224-3553", "tel:+12022243553", "(202) 224-3553"),
        ("none", None, "none"),
    ],
)
def test_phone_filters(raw, href, text):
    assert filters.tel_href(raw) == href
    assert filters.format_phone(raw) == text


@pytest.mark.parametrize(
    ("district", "label"),
    [
        ("12", "District 12"),
        ("021A", "District 21A"),
        ("0", "At-large"),
        ("At-Large", "At-large"),
        ("Ward 1", "Ward 1"),
        ("Hillsborough 12", "Hillsborough 12"),
        ("A", "District A"),
        (None, ""),
    ],
)
def test_district_label(district, label):
    assert filters.district_label(district) == label


def test_links_are_only_built_from_safe_values():
    assert filters.safe_url("javascript:alert(1)") is None
    assert filters.safe_url("https://ok.example") == "https://ok.example"
    assert filters.safe_url("www.example.org") == "https://www.example.org"
    assert filters.mailto_href("lori garciasander.house@coleg.gov") is None
    assert filters.mailto_href("a@b.org") == "mailto:a@b.org"
    assert filters.party_short("Democrat") == "D"
    assert filters.party_name("Democrat") == "Democratic"


def test_an_empty_directory_says_so_on_the_pages_that_need_it(client, session):
    make_zip(session, "80202", "CO", "1")
    session.commit()
    results = html_of(client.get("/lookup?zip=80202"))
    assert "vacant" not in results
    assert "empty or only partly loaded" in results
    state = html_of(client.get("/states/co/officials"))
    assert "has not been loaded yet" in state
