"""The organizer dashboard: behind the login, charts with their numbers, health links."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html import unescape

import pytest

from outreach.models import ActionCount
from outreach.organizers import accounts
from tests.factories import make_person, make_sync

PASSWORD = "correct horse battery"
EMAIL = "olga@example.org"


@pytest.fixture
def signed_in(client, session):
    accounts.create_organizer(session, email=EMAIL, name="Olga Organizer", password=PASSWORD)
    session.commit()
    response = client.post("/organizers/login", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def data(session):
    make_sync(session)
    make_person(session, name="Ana Alvarez", state="TX", email=None)
    make_person(session, name="Bo Brown", state="CA", phone=None, address=None)
    today = accounts.utcnow().date()
    for days_ago, state, count, edited in [
        (0, "TX", 4, True),
        (2, "CA", 6, False),
        (60, "NY", 9, False),
    ]:
        session.add(
            ActionCount(
                day=today - timedelta(days=days_ago),
                template_id="state-introduce",
                office="state_senator",
                state=state,
                channel="email",
                edited=edited,
                count=count,
            )
        )
    session.commit()


def svgs(html: str) -> dict[str, ET.Element]:
    found = {}
    for markup in re.findall(r"<svg xmlns=.*?</svg>", html, re.S):
        root = ET.fromstring(markup)
        found[root.get("id")] = root
    return found


def bars(root: ET.Element) -> int:
    return sum(1 for e in root.iter() if e.get("class") in ("chart__bar", "chart__point"))


def test_anonymous_visitors_are_sent_to_sign_in(client, data):
    response = client.get("/organizers/dashboard?days=90")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/organizers/login?next=")
    assert "dashboard" in response.headers["Location"]


def test_dashboard_draws_the_last_thirty_days(signed_in, data):
    response = signed_in.get("/organizers/dashboard")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    charts = svgs(html)
    assert set(charts) == {
        "chart-by-day",
        "chart-by-state",
        "chart-by-office",
        "chart-by-template",
        "chart-by-channel",
        "chart-edited",
        "chart-officials-by-office",
    }
    for root in charts.values():
        assert root.get("role") == "img"
    assert bars(charts["chart-by-day"]) == 30
    assert bars(charts["chart-by-state"]) == 2  # NY's actions are 60 days old
    assert bars(charts["chart-edited"]) == 2
    assert bars(charts["chart-officials-by-office"]) == 1
    text = unescape(html)
    assert "10 actions from" in text  # the line chart's description
    assert "<dd>10</dd>" in text
    assert "<dd>40%</dd>" in text
    # Each chart has a data table beside it.
    assert text.count('class="dash-table__table"') >= 7
    assert '<th scope="row">California</th><td class="num">6</td>' in text
    assert 'aria-current="page">Last 30 days' in text


def test_ninety_days(signed_in, data):
    html = signed_in.get("/organizers/dashboard?days=90").get_data(as_text=True)
    charts = svgs(html)
    assert bars(charts["chart-by-day"]) == 90
    assert bars(charts["chart-by-state"]) == 3
    assert 'aria-current="page">Last 90 days' in html


def test_directory_health_links_to_exports_of_exactly_those(signed_in, data):
    html = unescape(signed_in.get("/organizers/dashboard").get_data(as_text=True))
    assert 'href="/export/officials.csv?has_email=0">1<' in html
    assert 'href="/export/officials.csv?has_phone=0">1<' in html
    assert 'href="/export/officials.csv?state=TX&has_email=0">1<' in html
    assert 'href="/export/officials.csv?state=CA&has_phone=0">1<' in html
    csv = signed_in.get("/export/officials.csv?state=TX&has_email=0").get_data(as_text=True)
    assert "Ana Alvarez" in csv
    assert "Bo Brown" not in csv


def test_overview_links_to_the_dashboard(signed_in, data):
    html = signed_in.get("/organizers/").get_data(as_text=True)
    assert 'href="/organizers/dashboard"' in html


def test_statewide_offices_filled_and_missing_per_jurisdiction(signed_in, session):
    make_sync(session)
    make_person(session, name="Gail Governor", office="governor", state="TX", district=None)
    make_person(session, name="Ann General", office="attorney_general", state="AK", district=None)
    session.commit()
    html = signed_in.get("/organizers/dashboard").get_data(as_text=True)
    assert 'id="statewide-heading"' in html
    html = html[html.index('id="statewide-heading"') :]
    texas = re.search(r"Texas <span class=\"muted\">TX</span></th>(.*?)</tr>", html, re.S)
    assert texas
    assert "Gail Governor" in texas[1]
    cells = re.findall(r'data-status="(\w+)"', texas[1])
    assert cells == ["filled", "missing", "missing", "missing"]
    alaska = re.search(r"Alaska <span class=\"muted\">AK</span></th>(.*?)</tr>", html, re.S)
    assert re.findall(r'data-status="(\w+)"', alaska[1]) == [
        "missing",
        "missing",
        "filled",
        "none",
    ]


def test_written_channel_coverage_per_office_kind(signed_in, session):
    make_sync(session)
    make_person(session, name="Ed Email", office="state_senator", email="ed@senate.example")
    make_person(session, name="Sue Senator", office="us_senator", email=None, district=None)
    make_person(
        session,
        name="Fay Form",
        office="us_senator",
        email=None,
        district=None,
        contact_form_url="https://form.senate.example/contact",
    )
    make_person(
        session,
        name="Jay Script",
        office="us_representative",
        email=None,
        contact_form_url="javascript:alert(1)",
    )
    session.commit()
    html = unescape(signed_in.get("/organizers/dashboard").get_data(as_text=True))
    cells = dict(re.findall(r'data-written="(\w+)">([^<]*)<', html))
    assert cells == {"us_senator": "50% ", "us_representative": "0% ", "state_senator": "100% "}
