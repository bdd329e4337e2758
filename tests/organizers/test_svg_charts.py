"""Server-drawn SVG charts: well-formed, accessible, one mark per value."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from outreach.organizers import charts as svg_charts

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(markup) -> ET.Element:
    root = ET.fromstring(str(markup))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def classed(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{{{NS['svg']}}}{tag}") if e.get("class") == cls]


def assert_accessible(root: ET.Element, title: str, desc: str) -> None:
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    found = {e.get("id"): e.text for e in root if e.get("id")}
    assert [found[i] for i in ids] == [title, desc]
    assert root[0].tag.endswith("title")
    assert root[1].tag.endswith("desc")


def test_bar_chart_has_a_bar_per_item_and_labelled_axes():
    items = [("California", 422), ("Texas", 421), ("New York", 5)]
    root = parse(
        svg_charts.bar_chart(
            items, chart_id="c1", title="Actions by state", desc="Most from California."
        )
    )
    assert_accessible(root, "Actions by state", "Most from California.")
    bars = classed(root, "rect", "chart__bar")
    assert len(bars) == 3
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] > widths[1] > widths[2] > 0
    assert widths[0] / widths[2] == pytest.approx(422 / 5, rel=0.01)
    assert [b.find("svg:title", NS).text for b in bars] == [
        "California: 422",
        "Texas: 421",
        "New York: 5",
    ]
    assert [t.text for t in classed(root, "text", "chart__label")] == [
        "California",
        "Texas",
        "New York",
    ]
    assert [t.text for t in classed(root, "text", "chart__value")] == ["422", "421", "5"]
    ticks = [t.text for t in classed(root, "text", "chart__tick")]
    assert ticks[0] == "0"
    assert ticks[-1] == "500"
    assert [t.text for t in classed(root, "text", "chart__axis-label")] == ["Actions"]


def test_bar_chart_escapes_and_cuts_long_labels():
    label = "<script>&" + "x" * 200
    root = parse(svg_charts.bar_chart([(label, 1)], chart_id="c&2", title="T<", desc="D>"))
    assert_accessible(root, "T<", "D>")
    [text] = classed(root, "text", "chart__label")
    assert text.text.startswith("<script>&")
    assert text.text.endswith("…")
    assert len(text.text) < 40
    [bar] = classed(root, "rect", "chart__bar")
    assert bar.find("svg:title", NS).text == f"{label}: 1"


def test_empty_bar_chart_says_so():
    root = parse(svg_charts.bar_chart([], chart_id="e", title="T", desc="None."))
    assert classed(root, "rect", "chart__bar") == []
    assert [t.text for t in classed(root, "text", "chart__empty")] == ["No data for this period"]


def test_line_chart_has_a_point_per_day():
    start = date(2026, 6, 1)
    points = [(start + timedelta(days=i), i % 7) for i in range(30)]
    root = parse(svg_charts.line_chart(points, chart_id="days", title="Per day", desc="30 days."))
    assert_accessible(root, "Per day", "30 days.")
    circles = classed(root, "circle", "chart__point")
    assert len(circles) == 30
    assert circles[0].find("svg:title", NS).text == "June 1, 2026: 0"
    [line] = classed(root, "polyline", "chart__line")
    assert len(line.get("points").split()) == 30
    ys = [float(c.get("cy")) for c in circles]
    assert ys[6] < ys[0]  # 6 is higher up than 0
    labels = [t.text for t in classed(root, "text", "chart__tick")]
    assert "Jun 1" in labels
    assert [t.text for t in classed(root, "text", "chart__axis-label")] == ["Actions", "Day"]


def test_line_chart_of_nothing_is_still_valid():
    root = parse(svg_charts.line_chart([], chart_id="n", title="T", desc="D"))
    assert classed(root, "circle", "chart__point") == []
    one = parse(svg_charts.line_chart([(date(2026, 1, 1), 3)], chart_id="o", title="T", desc="D"))
    assert len(classed(one, "circle", "chart__point")) == 1


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (0, [0, 1]),
        (3, [0, 1, 2, 3]),
        (37, [0, 10, 20, 30, 40]),
        (422, [0, 250, 500]),
        (9, [0, 5, 10]),
        (5445, [0, 2000, 4000, 6000]),
        (0.4, [0, 0.1, 0.2, 0.3, 0.4]),
    ],
)
def test_nice_ticks(maximum, ticks):
    assert svg_charts.nice_ticks(maximum) == ticks
