"""The organizer dashboard's figures: actions over a period, the directory's health."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from outreach.directory.export_filters import parse_filters
from outreach.directory.exports import OfficialsExport
from outreach.models import ActionCount
from outreach.organizers import dashboard
from tests.factories import make_person, make_sync

TODAY = date(2026, 11, 21)


def add(session, days_ago: int, count: int, **key) -> None:
    values = {
        "template_id": "state-introduce",
        "office": "state_senator",
        "state": "TX",
        "channel": "email",
        "edited": False,
        **key,
    }
    session.add(ActionCount(day=TODAY - timedelta(days=days_ago), count=count, **values))


@pytest.fixture
def actions(session):
    add(session, 0, 5)
    add(session, 0, 2, edited=True)
    add(
        session, 1, 3, state="CA", channel="call", template_id="call-congress", office="us_senator"
    )
    add(session, 29, 4, state="CA", edited=True)
    add(session, 30, 100, state="NY")  # day 31: outside the 30-day period
    add(session, 89, 1, state="NY", channel="letter")
    add(session, 200, 50, state="FL")  # outside both periods
    session.commit()


def test_activity_over_thirty_days(session, actions):
    act = dashboard.activity(
        session, TODAY, 30, {"state-introduce": "Ask your state legislator to introduce a bill"}
    )
    assert (act.start, act.end, act.days) == (TODAY - timedelta(days=29), TODAY, 30)
    assert act.total == 14
    assert len(act.by_day) == 30
    assert act.by_day[-1] == (TODAY, 7)
    assert act.by_day[-2] == (TODAY - timedelta(days=1), 3)
    assert act.by_day[0] == (TODAY - timedelta(days=29), 4)
    assert sum(count for _, count in act.by_day) == 14
    assert [(t.label, t.count) for t in act.by_state] == [("California", 7), ("Texas", 7)]
    assert [(t.label, t.count) for t in act.by_office] == [
        ("U.S. Senator", 3),
        ("State Senator", 11),
    ]
    assert [(t.key, t.label, t.count) for t in act.by_template] == [
        ("state-introduce", "Ask your state legislator to introduce a bill", 11),
        ("call-congress", "call-congress", 3),
    ]
    assert [(t.label, t.count) for t in act.by_channel] == [("Email", 11), ("Phone call", 3)]
    assert (act.edited, act.unedited) == (6, 8)
    assert act.edited_share == pytest.approx(6 / 14)
    assert dashboard.percent(act.edited_share) == "43%"


def test_activity_over_ninety_days_and_none(session, actions):
    act = dashboard.activity(session, TODAY, 90)
    assert act.total == 115
    assert len(act.by_day) == 90
    assert act.by_state[0].label == "New York"
    empty = dashboard.activity(session, TODAY - timedelta(days=1000), 30)
    assert empty.total == 0
    assert empty.edited_share is None
    assert empty.by_state == []
    assert all(count == 0 for _, count in empty.by_day)
    assert dashboard.percent(None) == "—"


@pytest.mark.parametrize(
    ("raw", "days"), [(None, 30), ("90", 90), ("30", 30), ("7", 30), ("x", 30)]
)
def test_period_days(raw, days):
    assert dashboard.period_days(raw) == days


def test_charts_draw_every_tally(session, actions):
    act = dashboard.activity(session, TODAY, 90)
    health = dashboard.directory_health(session, TODAY)
    charts = dashboard.charts(act, health)
    for svg in charts.values():
        ET.fromstring(str(svg))
    by_state = ET.fromstring(str(charts["by_state"]))
    bars = [e for e in by_state.iter() if e.get("class") == "chart__bar"]
    assert len(bars) == len(act.by_state) == 3
    points = [
        e for e in ET.fromstring(str(charts["by_day"])).iter() if e.get("class") == "chart__point"
    ]
    assert len(points) == 90
    edited = [
        e for e in ET.fromstring(str(charts["edited"])).iter() if e.get("class") == "chart__bar"
    ]
    assert len(edited) == 2


def test_directory_health_counts_what_is_missing(session):
    make_sync(session)
    make_person(session, name="A One", state="TX", email="a@tx.gov", phone="512-555-0100")
    make_person(session, name="B Two", state="TX", email=None, phone=None, address=None)
    make_person(session, name="C Three", state="TX", email="broken address", phone="512-555-0101")
    make_person(
        session,
        name="D Four",
        office="us_senator",
        state="CA",
        district=None,
        email=None,
        end_date=TODAY - timedelta(days=1),
    )
    make_person(
        session,
        name="E Five",
        office="governor",
        state="CA",
        district=None,
        end_date=TODAY,  # ends today: not yet over
    )
    session.commit()
    health = dashboard.directory_health(session, TODAY)
    assert health.total == 5
    assert health.as_of is not None
    states = {row.key: row for row in health.by_state}
    assert [row.label for row in health.by_state] == ["California", "Texas"]
    tx, ca = states["TX"], states["CA"]
    assert (tx.total, tx.no_email, tx.no_phone, tx.stale) == (3, 2, 1, 0)
    assert (ca.total, ca.no_email, ca.no_phone, ca.stale) == (2, 1, 0, 1)
    assert dict(ca.groups) == {"congress": 1, "statewide": 1}
    assert dict(tx.groups) == {"legislature": 3}
    assert [row.key for row in health.by_office] == ["us_senator", "governor", "state_senator"]
    assert (health.no_email, health.no_phone) == (3, 1)
    assert [(s.name, s.office, s.state) for s in health.stale] == [("D Four", "us_senator", "CA")]


def test_health_matches_the_exports(session):
    """The dashboard links to has_email=0 / has_phone=0 exports: same officials, same count."""
    make_sync(session)
    make_person(session, name="A One", state="TX", email="a@tx.gov")
    make_person(session, name="B Two", state="TX", email="no at sign", phone=None, address=None)
    make_person(session, name="C Three", state="OK", email=None, phone="  ")
    session.commit()
    health = dashboard.directory_health(session, TODAY)
    for row in health.by_state:
        for name, missing in (("has_email", row.no_email), ("has_phone", row.no_phone)):
            job = OfficialsExport(session, parse_filters(session, {"state": row.key, name: "0"}))
            text = b"".join(job.chunks("csv")).decode("utf-8-sig")
            assert len(list(csv.DictReader(io.StringIO(text)))) == missing, (row.key, name)
