"""Key legislative highlights: which steps count, their order, the pages and the feed."""

from __future__ import annotations

import re
from datetime import datetime
from xml.etree import ElementTree as ET

import pytest

from outreach.campaign import content, highlights
from outreach.campaign.partial_dates import PartialDate
from tests.factories import make_bill, make_campaign
from tests.markup import inline_code

ATOM = "{http://www.w3.org/2005/Atom}"


def event(day: str, text: str, source: str | None = "https://example.org/e") -> dict:
    return {"date": day, "text": text, "source": source}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Signed into law.", "enacted"),
        ("The General Assembly finished overriding the governor's vetoes.", "enacted"),
        ("Vetoed by the governor.", "vetoed"),
        ("Passed the House 86-58 after an amendment to strip the section failed.", "passed"),
        ("The Senate passed its own version, S.2800, 30-7.", "passed"),
        ("Passed both chambers on October 30–31 (Senate 40-18, House 75-32).", "passed"),
        ("Passed by the City Council.", "passed"),
        ("Introduced and referred to the Judiciary Committee.", "introduced"),
        ("Died at the house-of-origin cutoff.", "failed"),
        ("Cloture on the motion to proceed failed 55-45 (Roll Call 126).", "failed"),
        ("Senate Judiciary passed it by indefinitely, 12-3, and sent it for study.", "failed"),
        ("Passed the House Public Safety Committee.", None),
        ("Had a committee hearing.", None),
        ("Took effect.", None),
    ],
)
def test_steps_are_told_apart(text, kind):
    assert highlights.classify(text) == kind


def test_partial_dates_are_ordered_newest_first_without_inventing_days(session):
    make_campaign(session)
    make_bill(
        session,
        "CO",
        "SB 1",
        stage="enacted",
        events=[
            event("2025", "Introduced in the Senate."),
            event("2025-03", "Passed the Senate 20-10."),
            event("2025-03-10", "Passed the House 40-20."),
            event("2025-01-01", "Signed into law."),
            event("unknown", "Introduced in the House."),
            event("2024-12-31", "Had a committee hearing."),
        ],
    )
    make_bill(
        session,
        "US",
        "H.R. 9",
        stage="introduced",
        congress=119,
        qi_effect="rollback",
        events=[event("2026-01", "Introduced in the House.")],
    )
    session.commit()
    found = highlights.latest(session)
    assert [(h.date.iso, h.kind) for h in found] == [
        ("2026-01", "introduced"),
        ("2025-03-10", "passed"),
        ("2025-03", "passed"),
        ("2025-01-01", "enacted"),
        ("2025", "introduced"),
    ]
    assert [h.date.label for h in found[:2]] == ["January 2026", "March 10, 2025"]
    assert found[-1].date.label == "2025"
    assert found[0].direction == "rollback"
    assert found[0].place == "Congress"
    assert found[1].direction == "reform"
    assert highlights.latest(session, limit=2) == found[:2]


def test_a_year_sorts_with_its_first_day_and_below_it():
    day = PartialDate.parse("2025-01-01")
    year = PartialDate.parse("2025")
    month = PartialDate.parse("2025-01")
    items = [
        highlights.Highlight(
            d, "passed", "reform", "CO", "Colorado", "x", "SB 1", "T", "t", None, None
        )
        for d in (year, day, month)
    ]
    assert [h.date for h in highlights.newest_first(items)] == [day, month, year]


def load_shipped(session) -> None:
    content.load_content(session, content.read_content(content.DEFAULT_PATH), source="test")
    session.commit()


def highlight_items(html: str) -> list[str]:
    box = html.split('class="highlights__list"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<li class="highlight highlight--[a-z]+">.*?</li>', box, re.S)


def test_home_and_map_show_the_newest_steps_linked_to_their_pages(client, session):
    load_shipped(session)
    newest = highlights.latest(session, 8)
    updated = highlights.newest_change(session)
    assert updated is not None
    for url, count in (("/", 5), ("/map", 8)):
        response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "Key legislative highlights" in html
        assert f'Updated <time datetime="{updated.date().isoformat()}">' in html
        items = highlight_items(html)
        assert len(items) == count
        for item, expected in zip(items, newest, strict=False):
            assert f'<time datetime="{expected.date.iso}">{expected.date.label}</time>' in item
            code = expected.jurisdiction.lower()
            href = "/federal" if expected.is_federal else f"/states/{code}"
            assert f'href="{href}"' in item
        assert 'href="/highlights.atom"' in html
        assert not inline_code(html)
    # Reform and rollback are told apart in the shipped content's highlights.
    every = highlights.latest(session)
    assert {h.direction for h in every} >= {"reform", "rollback"}
    assert {"enacted", "passed", "introduced", "failed"} <= {h.kind for h in every}


def test_no_highlights_box_before_content(client):
    assert "Key legislative highlights" not in client.get("/").get_data(as_text=True)


def test_the_atom_feed_parses_back(client, session):
    load_shipped(session)
    response = client.get("/highlights.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title").endswith("key legislative highlights")
    assert root.find(f"{ATOM}author/{ATOM}name").text
    updated = root.findtext(f"{ATOM}updated")
    datetime.strptime(updated, "%Y-%m-%dT%H:%M:%SZ")
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "http://localhost/highlights.atom"
    assert root.findtext(f"{ATOM}id") == self_link
    entries = root.findall(f"{ATOM}entry")
    expected = highlights.latest(session, 50)
    assert len(entries) == len(expected) > 10
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("urn:uuid:") for i in ids)
    for entry, item in zip(entries, expected, strict=True):
        assert entry.findtext(f"{ATOM}title").endswith(f"({item.date.label})")
        datetime.strptime(entry.findtext(f"{ATOM}updated"), "%Y-%m-%dT%H:%M:%SZ")
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert link.startswith("http://localhost/")
        terms = {c.get("term") for c in entry.findall(f"{ATOM}category")}
        assert {item.kind, item.direction} == terms
        assert item.text in entry.findtext(f"{ATOM}summary")
    # The same content gives the same ids (readers show each step once).
    again = ET.fromstring(client.get("/highlights.atom").data)
    assert [e.findtext(f"{ATOM}id") for e in again.findall(f"{ATOM}entry")] == ids


def test_the_feed_before_content_is_still_valid(client):
    root = ET.fromstring(client.get("/highlights.atom").data)
    assert root.findall(f"{ATOM}entry") == []
    assert root.findtext(f"{ATOM}updated")
