"""The public campaign pages: the map, a state's page, the federal page, the rubric."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest

from outreach.campaign.records import MAP_JURISDICTIONS
from outreach.models import Place
from tests.factories import (
    make_bill,
    make_campaign,
    make_committee,
    make_person,
    make_record,
    make_sync,
    make_zip,
)
from tests.markup import inline_code

RECENT = date.today() - timedelta(days=30)


def html_of(response) -> str:
    return response.get_data(as_text=True)


def between(html: str, start: str, end: str | None = None) -> str:
    assert start in html, f"{start!r} not in page"
    rest = html.split(start, 1)[1]
    return rest.split(end, 1)[0] if end and end in rest else rest


def headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def assert_heading_order(html: str) -> None:
    """One h1, first; no level skipped on the way down."""
    levels = headings(html)
    assert levels.count(1) == 1, levels
    assert levels[0] == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def tile(html: str, code: str) -> str:
    """The SVG link of one tile."""
    match = re.search(rf'<a class="tile [^"]*"[^>]*data-code="{code}".*?</a>', html, re.S)
    assert match, f"no tile for {code}"
    return match.group(0)


def build_campaign(session) -> dict:
    """Campaign content for the pages and the API.

    Colorado: two laws (the stronger, SB 2, gives 5.5/9), a pending bill and a
    failed one; a senator on the Judiciary committee. Iowa wrote the immunity
    into law; New York has a pending bill and New York City its own law; two
    federal bills in two Congresses.
    """
    make_campaign(session)
    make_record(session, "CO", "enacted", summary="Colorado ended it in 2020.")
    weak = make_bill(
        session,
        "CO",
        "SB 1",
        ratings={1: "met", 2: "met"},
        last_action=date(2023, 5, 1),
        events=[{"date": "2023-05-01", "text": "Weak law signed.", "source": None}],
    )
    strong = make_bill(
        session,
        "CO",
        "SB 2",
        title="Enhance Law Enforcement Integrity",
        ratings={1: "met", 2: "partial", 3: "not_met", 5: "met", 6: "met", 7: "met", 9: "met"},
        last_action=date(2020, 6, 19),
        events=[
            {"date": "2020-06-03", "text": "Introduced in the Senate.", "source": None},
            {
                "date": "2020-06-19",
                "text": "Signed into law.",
                "source": "https://leg.example.gov/sb2",
            },
        ],
    )
    pending = make_bill(
        session,
        "CO",
        "HB 9",
        title="Finish the job",
        stage="passed_one_chamber",
        active=True,
        ratings={n: "met" for n in range(1, 9)},
        last_action=RECENT,
        events=[{"date": RECENT.isoformat(), "text": "Passed the House.", "source": None}],
    )
    failed = make_bill(
        session,
        "CO",
        "HB 4",
        stage="failed",
        last_action=date(2019, 4, 1),
        events=[{"date": "2019-04-01", "text": "Died in committee.", "source": None}],
    )
    make_record(session, "IA", "strengthened", summary="Iowa wrote it into statute.")
    # The status comes from the law: an enacted rollback (rated not met on criterion 1).
    make_bill(session, "IA", "SF 342", ratings={1: "not_met"}, last_action=date(2021, 6, 17))
    make_record(session, "NY", "pending")
    make_bill(session, "NY", "S 1", stage="introduced", active=True, ratings={1: "met"})
    session.add(Place(code="NYC", name="New York City", kind="city", state="NY"))
    make_record(session, "NYC", "enacted", summary="The city ended it for its police.")
    make_bill(session, "NYC", "Int 2220", ratings={1: "met", 7: "partial"})
    make_bill(
        session, "US", "H.R. 1470", stage="introduced", congress=117, last_action=date(2021, 3, 1)
    )
    make_bill(
        session,
        "US",
        "H.R. 1280",
        stage="passed_one_chamber",
        congress=117,
        last_action=date(2021, 3, 3),
        ratings={1: "met", 2: "met"},
    )
    make_bill(
        session, "US", "H.R. 7085", stage="introduced", congress=116, last_action=date(2020, 6, 1)
    )
    chair = make_person(
        session, name="Juda Chair", office="state_senator", state="CO", district="8"
    )
    backbencher = make_person(
        session, name="Abe Aardvark", office="state_representative", state="CO", district="1"
    )
    governor = make_person(
        session, name="Gov Colorado", office="governor", state="CO", district=None
    )
    make_person(session, name="Fed Senator", office="us_senator", state="CO", district=None)
    make_committee(session, "Senate Judiciary", "CO", [(chair, "Chair")])
    make_committee(session, "Agriculture", "CO", [(backbencher, "Chair")])
    return {
        "weak": weak,
        "strong": strong,
        "pending": pending,
        "failed": failed,
        "chair": chair,
        "backbencher": backbencher,
        "governor": governor,
    }


@pytest.fixture
def content(session):
    return build_campaign(session)


# ----------------------------------------------------------------------------- the map


def test_map_draws_every_jurisdiction_as_a_linked_tile(client, content):
    response = client.get("/map")
    assert response.status_code == 200
    html = html_of(response)
    for code in MAP_JURISDICTIONS:
        drawn = tile(html, code)
        assert f'href="/states/{code.lower()}"' in drawn
        assert "<title>" in drawn
        assert 'aria-label="' in drawn
    assert html.count('class="tile ') == 52
    co = tile(html, "CO")
    assert "tile--band-5" in co
    assert "tile--pending" in co
    assert "tile--recent" in co
    assert ">5.5/9<" in co
    assert (
        'aria-label="Colorado: score 5.5/9, Has a law that ends qualified immunity, '
        'Bill pending, Recently passed"'
    ) in co
    assert 'class="tile__pending"' in co
    assert 'class="tile__recent"' in co
    assert "tile--strengthened" in tile(html, "IA")
    wy = tile(html, "WY")
    assert "tile--none-recorded" in wy
    assert "No action recorded" in wy
    assert ">–<" in wy
    assert "tile--pending" in tile(html, "NY")
    # the hover/focus detail is text, hidden until :hover/:focus
    assert 'class="tile__detail" display="none"' in co
    assert "Score 5.5/9 · Has a law that ends qualified immunity" in co


def test_map_page_is_accessible_and_self_contained(client, content):
    html = html_of(client.get("/map"))
    assert_heading_order(html)
    assert re.search(r'<svg class="tile-map__svg"[^>]*aria-labelledby="map-svg-title"', html)
    assert '<title id="map-svg-title">' in html
    assert '<desc id="map-svg-desc">' in html
    assert inline_code(html) == []
    assert "http://" not in between(html, "<svg", "</svg>").replace("http://www.w3.org", "")
    # the key names every special tile in words
    legend = between(html, 'class="map-legend"', "</section>")
    assert "No action recorded" in legend
    assert "Wrote qualified immunity into law" in legend
    assert "a bill is pending" in legend
    assert "passed in the last year" in legend


def test_map_lists_cities_with_records(client, content):
    cities = between(html_of(client.get("/map")), 'id="places-title"', "</section>")
    assert 'href="/states/nyc"' in cities
    assert "New York City" in cities
    assert "1.5/9" in cities


def table_rows(html: str) -> list[str]:
    body = between(html, "<tbody>", "</tbody>")
    return re.findall(r'<th scope="row"><a href="/states/([a-z]+)">', body)


def test_table_is_sorted_by_name_by_default(client, content):
    html = html_of(client.get("/map"))
    rows = table_rows(html)
    assert len(rows) == 52
    assert rows[:3] == ["al", "ak", "az"]
    header = between(html, "<thead>", "</thead>")
    assert re.search(
        r'<th scope="col" aria-sort="ascending"[^>]*>\s*<a href="/map\?sort=name', header
    )
    assert header.count("aria-sort") == 1


def test_table_sorts_by_score_on_the_server(client, content):
    html = html_of(client.get("/map?sort=score&dir=desc"))
    rows = table_rows(html)
    assert rows[:3] == ["co", "al", "ak"]  # 5.5, then the rest at 0 in name order
    header = between(html, "<thead>", "</thead>")
    assert 'aria-sort="descending"' in header
    # the sorted header's link reverses it; the others use their defaults
    assert 'href="/map?sort=score&amp;dir=asc#standings"' in header
    assert 'href="/map?sort=name&amp;dir=asc#standings"' in header
    ascending = table_rows(html_of(client.get("/map?sort=score&dir=asc")))
    assert ascending[-1] == "co"


def test_table_sorts_by_status_and_ignores_nonsense(client, content):
    rows = table_rows(html_of(client.get("/map?sort=status&dir=asc")))
    assert rows[0] == "co"
    assert rows.index("ny") < rows.index("ia") < rows.index("al")
    html = html_of(client.get("/map?sort=%3Cscript%3E&dir=up"))
    assert table_rows(html)[0] == "al"
    assert inline_code(html) == []


def test_table_shows_status_in_words_and_legislation(client, content):
    body = between(html_of(client.get("/map")), "<tbody>", "</tbody>")
    colorado = between(body, 'href="/states/co"', "</tr>")
    assert "Has a law that ends qualified immunity" in colorado
    assert "1 bill pending" in colorado
    assert "Recently passed" in colorado
    assert "(2 unknown)" in colorado
    wyoming = between(body, 'href="/states/wy"', "</tr>")
    assert "No action recorded" in wyoming
    assert "unknown" not in wyoming


def test_map_before_content_is_loaded(client):
    response = client.get("/map")
    assert response.status_code == 200
    html = html_of(response)
    assert "campaign content is not loaded yet" in html
    assert html.count("tile--none-recorded") == 52


# ----------------------------------------------------------------------------- a state


def test_state_page_shows_score_and_strongest_law_checklist(client, content):
    response = client.get("/states/co")
    assert response.status_code == 200
    html = html_of(response)
    assert_heading_order(html)
    assert re.search(r"<h1[^>]*>Colorado</h1>", html)
    panel = between(html, 'class="score-panel"', "</div>")
    assert "5.5" in panel
    assert "/9" in panel
    assert "2 criteria unknown" in panel
    checklist = between(html, 'id="checklist-title"', 'id="bills-title"')
    assert "SB 2" in checklist
    assert "SB 1</a>" not in checklist
    items = re.findall(r'checklist__item checklist__item--([a-z_]+)" value="(\d)"', checklist)
    assert items == [
        ("met", "1"),
        ("partial", "2"),
        ("not_met", "3"),
        ("unknown", "4"),
        ("met", "5"),
        ("met", "6"),
        ("met", "7"),
        ("unknown", "8"),
        ("met", "9"),
    ]
    assert "Partly met" in checklist
    assert "Not met" in checklist
    assert "Unknown" in checklist
    assert "Qualified immunity for all police officers" in checklist
    assert "Note 1" in checklist
    assert 'href="https://example.org/src"' in checklist
    assert "End" in checklist
    assert "Start" in checklist


def test_state_page_lists_bills_with_their_own_scores_pending_first(client, content):
    html = html_of(client.get("/states/co"))
    bills = between(html, 'id="bills-title"', 'id="timeline-title"')
    order = re.findall(r'id="bill-\d+">(?:<a [^>]*>)?([^<]+)', bills)
    assert order == ["HB 9", "SB 1", "SB 2", "HB 4"]
    pending = between(bills, "bill--pending", "</article>")
    assert "HB 9" in pending
    assert "Passed one chamber" in pending
    assert "8/9" in pending
    assert bills.count("bill--pending") == 1
    articles = {
        re.search(r'id="bill-\d+">(?:<a [^>]*>)?([^<]+)', a).group(1): a
        for a in bills.split("<article")[1:]
    }
    assert "2/9" in articles["SB 1"]
    assert "Enacted" in articles["SB 1"]
    assert "Failed" in articles["HB 4"]
    assert 'href="https://example.org/bill"' in bills


def test_state_page_timeline_is_oldest_first_with_sources(client, content):
    html = html_of(client.get("/states/co"))
    timeline = between(html, 'id="timeline-title"', "</section>")
    texts = re.findall(r'timeline__bill">([^<]+):</span> ([^<]+)', timeline)
    assert [t.strip() for _, t in texts] == [
        "Died in committee.",
        "Introduced in the Senate.",
        "Signed into law.",
        "Weak law signed.",
        "Passed the House.",
    ]
    assert texts[0][0] == "HB 4"
    assert 'href="https://leg.example.gov/sb2"' in timeline


def test_state_page_lists_committee_members_first(client, content):
    html = html_of(client.get("/states/co"))
    officials = between(html, 'id="write-title"')
    assert 'href="/"' in between(officials, 'class="card cta"', "</div>")
    chair = officials.index("Juda Chair")
    assert chair < officials.index("Gov Colorado") < officials.index("Abe Aardvark")
    committee = between(officials, 'id="committee-title"', 'id="statewide-title"')
    assert "Juda Chair" in committee
    assert "Senate Judiciary" in committee
    assert "Chair" in committee
    assert "Abe Aardvark" not in committee  # Agriculture does not hear these bills
    assert "Fed Senator" not in html  # members of Congress are on the federal page


def test_state_page_of_a_city_has_its_record_and_no_officials(client, content):
    html = html_of(client.get("/states/NYC"))
    assert re.search(r"<h1[^>]*>New York City</h1>", html)
    assert "The city ended it for its police." in html
    assert "Int 2220" in html
    assert "1.5" in html
    assert 'href="/states/ny"' in html  # its state
    assert "committee-title" not in html
    assert 'href="/"' in html  # write to your officials


def test_state_page_of_a_state_lists_its_cities(client, content):
    html = html_of(client.get("/states/ny"))
    assert "Bill pending" in html
    places = between(html, 'id="places-title"', "</section>")
    assert 'href="/states/nyc"' in places


def test_strengthened_state_says_so(client, content):
    html = html_of(client.get("/states/ia"))
    assert "Wrote qualified immunity into law" in html
    assert "Iowa wrote it into statute." in html
    assert "No reform law in force" in html


@pytest.mark.parametrize("code", ["dc", "PR", "wy", "gu"])
def test_other_jurisdictions_have_pages(client, content, code):
    response = client.get(f"/states/{code}")
    assert response.status_code == 200
    assert "No action recorded" in html_of(response)


def test_state_page_before_content_is_loaded(client):
    response = client.get("/states/co")
    assert response.status_code == 200
    html = html_of(response)
    assert "campaign content is not loaded yet" in html
    assert "No action recorded" in html


@pytest.mark.parametrize("code", ["zz", "XYZ123", "<script>", "a" * 300])
def test_unknown_state_is_a_404_offering_the_map(client, code):
    response = client.get(f"/states/{code}")
    assert response.status_code == 404
    html = html_of(response)
    assert 'href="/map"' in html
    assert "See where every state stands" in html
    assert "<script>" not in html
    assert_heading_order(html)


def test_content_is_escaped_never_html(client, session):
    make_campaign(session)
    make_record(
        session,
        "CO",
        "enacted",
        summary="<script>alert('summary')</script>",
        sources=[{"title": "<b>bold</b>", "url": "javascript:alert(1)"}],
    )
    make_bill(
        session,
        "CO",
        "SB <i>1</i>",
        title="<img src=x onerror=alert(1)>",
        url="javascript:alert(2)",
        summary="<script>alert('bill')</script>",
        ratings={1: "met"},
        events=[{"date": "2020-01-01", "text": "<script>x</script>", "source": "javascript:y"}],
    )
    html = html_of(client.get("/states/co"))
    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "<b>bold" not in html
    assert "&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:" not in html
    map_html = html_of(client.get("/map"))
    assert inline_code(map_html) == []


# ----------------------------------------------------------------------------- federal, rubric


def test_federal_page_groups_bills_by_congress_and_stage(client, content):
    response = client.get("/federal")
    assert response.status_code == 200
    html = html_of(response)
    assert_heading_order(html)
    congresses = re.findall(r'<h2 id="congress-(\d+)"', html)
    assert congresses == ["117", "116"]
    c117 = between(html, 'id="congress-117"', 'id="congress-116"')
    stages = re.findall(r'<h3 class="subhead stage-heading" id="congress-117-([a-z_]+)"', c117)
    assert stages == ["passed_one_chamber", "introduced"]
    assert c117.index("H.R. 1280") < c117.index("H.R. 1470")
    assert "2/9" in between(c117, ">H.R. 1280<", "</article>")
    assert "117th Congress (2021–2022)" in html
    assert "H.R. 7085" in between(html, 'id="congress-116"')


def test_federal_page_has_a_zip_lookup_form(client):
    html = html_of(client.get("/federal"))
    form = between(html, 'class="lookup-form federal-lookup__form"', "</form>")
    assert 'action="/lookup"' in form
    assert 'method="get"' in form
    assert 'name="zip"' in form
    assert 'for="zip"' in form
    assert "No federal bills recorded" in html


def test_rubric_page_explains_each_criterion_and_scoring(client, content):
    response = client.get("/rubric")
    assert response.status_code == 200
    html = html_of(response)
    assert_heading_order(html)
    end = between(html, 'id="rubric-end"', 'id="rubric-start"')
    start = between(html, 'id="rubric-start"', 'id="scoring-title"')
    assert len(re.findall(r'class="card rubric__item" value="[1-4]"', end)) == 4
    assert len(re.findall(r'class="card rubric__item" value="[5-9]"', start)) == 5
    assert "Qualified immunity for all police officers" in end
    assert "What criterion 9 asks." in start
    scoring = between(html, 'id="scoring-title"')
    assert "1 point" in scoring
    assert "half a point" in scoring
    assert "nothing" in scoring
    assert "strongest law in force" in scoring


def test_rubric_before_content_is_loaded(client):
    html = html_of(client.get("/rubric"))
    assert "campaign content is not loaded yet" in html
    assert "How scoring works" in html


# ----------------------------------------------------------------------------- elsewhere


def test_nav_links_to_the_campaign_pages(client):
    html = html_of(client.get("/rubric"))
    nav = between(html, '<nav class="site-nav"', "</nav>")
    assert 'href="/map"' in nav
    assert 'href="/federal"' in nav
    assert re.search(r'href="/rubric" aria-current="page">Rubric', nav)


def test_home_links_to_the_map(client):
    html = html_of(client.get("/"))
    assert 'href="/map"' in between(html, 'id="map-teaser-title"')


def test_lookup_results_say_where_the_state_stands(client, session, content):
    make_zip(session, "80202", "CO", "1")
    make_sync(session)
    html = html_of(client.get("/lookup?zip=80202"))
    line = between(html, 'class="standing-line"', "</p>")
    assert 'href="/states/co"' in line
    assert "Colorado" in line
    assert "5.5/9" in line
    assert "Has a law that ends qualified immunity" in line
    assert "bill pending" in line


def test_lookup_results_without_content_have_no_status_line(client, session):
    make_zip(session, "80202", "CO", "1")
    html = html_of(client.get("/lookup?zip=80202"))
    assert "standing-line" not in html


def test_a_pending_status_is_said_once_on_the_state_page(client, content):
    """New York: the badge says "Bill pending"; no second "1 bill pending" beside it."""
    html = html_of(client.get("/states/ny"))
    header = between(html, 'class="standing-header__status"', "</p>")
    assert header.count("Bill pending") == 1
    assert "1 bill pending" not in header


def test_dc_is_named_as_the_district_of_columbia_in_sentences(client, content):
    html = html_of(client.get("/states/dc"))
    assert "What the District of Columbia has done" in html
    assert "What District of Columbia has done" not in html
