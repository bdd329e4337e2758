"""The server-rendered pages: home and lookup results."""

from __future__ import annotations

import re
from html import escape

import pytest
from sqlalchemy import event

from outreach import jinja as filters
from outreach.directory import errors, lookup
from outreach.extensions import db
from tests.directory.pages_helpers import (
    between,
    federal_section,
    html_of,
    picker_section,
    state_section,
)
from tests.factories import make_person, make_sync, make_zip
from tests.markup import inline_code

# ----------------------------------------------------------------------------- home


def test_home_renders_the_lookup_form_and_state_links(client):
    response = client.get("/")
    assert response.status_code == 200
    html = html_of(response)
    assert html.count("<h1") == 1
    assert 'action="/lookup"' in html
    assert 'method="get"' in html
    assert re.search(r'<label[^>]*for="zip"[^>]*>ZIP code</label>', html)
    assert 'name="zip"' in html
    assert 'name="address"' in html
    assert 'autocomplete="postal-code"' in html
    assert "qualified immunity" in html.lower()
    assert 'href="/states/ca/officials"' in html
    assert 'href="/states/pr/officials"' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    # No inline scripts or style attributes (a strict CSP is planned).
    assert inline_code(html) == []


def test_footer_shows_directory_date_with_one_query(app, client, session):
    sync = make_sync(session)
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get("/")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    html = html_of(response)
    assert f'Directory as of <time datetime="{sync.as_of.isoformat()}">' in html
    assert filters.format_date(sync.as_of) in html
    assert len([s for s in statements if "directory_syncs" in s]) == 1
    assert len(statements) == 1


def test_footer_without_a_sync_says_so(client):
    assert "has not been loaded yet" in html_of(client.get("/"))


# ----------------------------------------------------------------------------- results


def test_results_group_officials_with_every_contact_link(client, california):
    response = client.get("/lookup?zip=94538")
    assert response.status_code == 200
    html = html_of(response)
    federal, state = federal_section(html), state_section(html)
    for name in ("Sam Senator", "Sue Second", "Rita Rep"):
        assert name in federal
        assert name not in state
    assert "Gale Governor" in state
    assert "Gale Governor" not in federal
    # Legislators are not placed from a ZIP code alone.
    assert "Lena Upper" not in html
    assert "Lou Lower" not in html
    assert 'href="mailto:rita@house.example.gov"' in federal
    assert 'href="tel:+12022250014"' in federal
    assert 'href="tel:+12022243553"' in federal
    assert 'href="https://senator.example.gov/contact"' in federal
    assert 'href="https://senator.example.gov"' in federal
    assert 'href="https://x.com/SamSenator"' in federal
    assert "1021 O St, Sacramento, CA 95814" in federal
    assert "California, District 14" in federal
    assert "U.S. Representative" in federal
    assert "Governor" in state
    assert html.count("<h1") == 1
    assert "Directory as of" in between(html, "<main", "</main>")
    assert f'href="/officials/{california["rep"].id}"' in federal


def test_split_zip_lists_every_candidate_with_a_notice(client, session, california):
    make_zip(session, "94538", "CA", "17")
    make_person(session, name="Rob Other", office="us_representative", district="17")
    html = html_of(client.get("/lookup?zip=94538"))
    federal = federal_section(html)
    assert "Rita Rep" in federal
    assert "Rob Other" in federal
    assert escape("split between 2 congressional districts (CA-14, CA-17)", quote=True) in html


def test_cross_state_zip_names_both_states(client, session):
    make_zip(session, "02861", "RI", "1")
    make_zip(session, "02861", "MA", "4")
    make_person(session, name="Ria Island", office="us_representative", state="RI", district="1")
    make_person(session, name="Max Mass", office="us_representative", state="MA", district="4")
    make_person(session, name="Rhody Sen", office="state_senator", state="RI", district="3")
    make_person(session, name="Bay Rep", office="state_representative", state="MA", district="9")
    html = html_of(client.get("/lookup?zip=02861"))
    assert "crosses state lines" in html
    assert "Ria Island" in html
    assert "Max Mass" in html
    # One district picker per state, each with its hidden state field.
    assert 'name="state" value="MA"' in html
    assert 'name="state" value="RI"' in html
    assert 'id="ma-lower"' in html
    assert 'id="ri-upper"' in html
    assert "Choose your districts in Massachusetts" in html


def test_state_without_legislators_says_so(client, session):
    make_zip(session, "02861", "RI", "1")
    make_person(session, name="Ria Island", office="us_representative", state="RI", district="1")
    html = html_of(client.get("/lookup?zip=02861"))
    assert "no state legislators for Rhode Island yet" in html


def test_vacant_house_seat_is_reported(client, session):
    make_zip(session, "94538", "CA", "14")
    make_person(session, name="Sam Senator", office="us_senator", district=None)
    make_person(session, name="Ray Rep", office="us_representative", district="12")
    html = html_of(client.get("/lookup?zip=94538"))
    assert "The House seat for CA-14 is vacant" in html
    assert "vacant U.S. Senate seat" in html


def test_district_picker_then_picking_shows_the_legislator(client, california):
    html = html_of(client.get("/lookup?zip=94538"))
    picker = picker_section(html)
    assert re.search(r'<select[^>]*name="upper"', picker)
    assert re.search(r'<select[^>]*name="lower"', picker)
    assert '<option value="10">District 10</option>' in picker
    assert 'name="zip" value="94538"' in picker
    assert 'name="address"' in picker

    response = client.get("/lookup?zip=94538&state=CA&upper=10")
    assert response.status_code == 200
    html = html_of(response)
    state = state_section(html)
    assert "Lena Upper" in state
    assert "Lou Lower" not in state
    assert "California, District 10" in state
    # The chamber still unknown keeps its picker; the chosen one stays selected.
    picker = picker_section(html)
    assert re.search(r'<select[^>]*name="lower"', picker)
    assert '<option selected value="10">' in picker

    both = html_of(client.get("/lookup?zip=94538&state=CA&upper=10&lower=20"))
    assert "Lena Upper" in both
    assert "Lou Lower" in both
    assert 'id="picker-title"' not in both


def test_picked_district_without_state_uses_the_zip_state(client, california):
    html = html_of(client.get("/lookup?zip=94538&lower=20"))
    assert "Lou Lower" in state_section(html)


def test_unknown_picked_district_is_ignored_with_a_message(client, california):
    response = client.get("/lookup?zip=94538&state=CA&upper=999&lower=20")
    assert response.status_code == 200
    html = html_of(response)
    assert "Lena Upper" not in html
    assert "Lou Lower" in state_section(html)
    assert "is not a State Senate district of California" in html
    assert re.search(r'<select[^>]*aria-invalid="true"[^>]*name="upper"', html)


def test_picked_district_of_another_state_is_ignored(client, california, session):
    make_person(session, name="Tex Senator", office="state_senator", state="TX", district="10")
    html = html_of(client.get("/lookup?zip=94538&state=TX&upper=10"))
    assert "Tex Senator" not in html
    assert "is not in Texas" in html


def test_malformed_zip_is_a_400_with_the_message(client):
    response = client.get("/lookup?zip=12ab")
    assert response.status_code == 400
    html = html_of(response)
    with pytest.raises(errors.InvalidZip) as raised:
        lookup.normalize_zip("12ab")
    assert escape(str(raised.value), quote=True) in html
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*name="zip"', html)
    assert 'aria-describedby="zip-hint zip-error"' in html
    assert 'value="12ab"' in html
    assert html.count("<h1") == 1


def test_empty_lookup_asks_for_a_zip(client):
    response = client.get("/lookup?zip=&address=")
    assert response.status_code == 400
    assert "Enter a 5-digit ZIP code, or your street address." in html_of(response)


def test_unknown_zip_is_a_404_with_a_state_picker(client):
    response = client.get("/lookup?zip=00000")
    assert response.status_code == 404
    html = html_of(response)
    assert "We could not find the ZIP code 00000." in html
    assert re.search(r'<select[^>]*name="state"', html)
    assert 'href="/states/ny/officials"' in html
    assert 'action="/lookup"' in html
    assert 'value="00000"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"zip": "1" * 5000}, "too long for a ZIP code"),
        ({"zip": "94538", "address": "1 Main St " * 500}, "That address is too long"),
        ({"zip": "94538\x00"}, "control characters"),
        ({"zip": "94538", "address": "1 Main St\x07"}, "control characters"),
        ({"zip": "94538", "address": "1 Main St {x}"}, "can only contain letters"),
    ],
)
def test_overlong_or_odd_input_is_a_400(client, california, query, message):
    response = client.get("/lookup", query_string=query)
    assert response.status_code == 400
    assert message in html_of(response)


def test_script_in_input_is_escaped(client, california):
    payload = "<script>alert(1)</script>"
    for query in (
        {"zip": payload},
        {"zip": "94538", "address": payload},
        {"zip": "94538", "state": "CA", "upper": payload},
    ):
        response = client.get("/lookup", query_string=query)
        html = html_of(response)
        assert payload not in html, query
        assert response.status_code in (200, 400)
    assert "&lt;script&gt;" in html_of(client.get("/lookup", query_string={"zip": payload}))
    response = client.get("/states/ca/officials", query_string={"district": payload})
    assert response.status_code == 400
    assert payload not in html_of(response)


def test_address_lookup_falls_back_to_the_zip_when_geocoder_is_off(client, california):
    from outreach.directory import address_lookup

    response = client.get("/lookup?zip=94538&address=1600+Main+St")
    assert response.status_code == 200
    html = html_of(response)
    assert escape(address_lookup.NOTICE_UNAVAILABLE, quote=True) in html
    assert "Rita Rep" in federal_section(html)


def test_address_without_zip_when_geocoder_is_off_is_a_400(client, california):
    response = client.get("/lookup?address=1600+Main+St")
    assert response.status_code == 400
    assert "Add your 5-digit ZIP code" in html_of(response)
