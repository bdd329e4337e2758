"""Partial dates, session ends and `flask content check`: the content stays true."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from outreach.campaign import content
from outreach.campaign import records as campaign
from outreach.campaign import review as content_review
from outreach.campaign.partial_dates import PartialDate
from outreach.models import Bill
from tests.campaign.test_content import valid_text

ROOT = Path(__file__).resolve().parents[2]
DEC_2026 = date(2026, 12, 3)


# --------------------------------------------------------------------------- partial dates


@pytest.mark.parametrize(
    ("text", "precision", "label", "start", "end"),
    [
        ("2021-03-08", "day", "March 8, 2021", date(2021, 3, 8), date(2021, 3, 8)),
        ("2021-03", "month", "March 2021", date(2021, 3, 1), date(2021, 3, 31)),
        ("2024-02", "month", "February 2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("2021", "year", "2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("unknown", "unknown", "date unknown", date(1900, 1, 1), None),
    ],
)
def test_a_date_is_as_precise_as_its_source(text, precision, label, start, end):
    value = PartialDate.parse(text)
    assert (value.precision, value.label, value.start, value.end) == (precision, label, start, end)
    assert value.iso == text


@pytest.mark.parametrize("text", ["2021-13", "2021-02-30", "21", "March 2021", "", "2021-3-8"])
def test_a_malformed_date_is_refused(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD, YYYY-MM, YYYY or unknown"):
        PartialDate.parse(text)


def _with_bill(extra: str, *, last_action: str = '"2021"', events: str = "") -> str:
    """The valid test file with one more bill."""
    return (
        valid_text()
        + f"""\
  - id: ny-s1-2021
    jurisdiction: NY
    identifier: S1
    title: A bill
    session: "2021"
    stage: introduced
    qi_effect: ends
    qi_scope: Public officials.
    last_action: {last_action}
    url: https://example.org/s1
    summary: A bill.
{extra}{events}    assessment:
      1: {{rating: unknown}}
      2: {{rating: unknown}}
      3: {{rating: unknown}}
      4: {{rating: unknown}}
      5: {{rating: unknown}}
      6: {{rating: unknown}}
      7: {{rating: unknown}}
      8: {{rating: unknown}}
      9: {{rating: unknown}}
"""
    )


def _line(text: str, needle: str) -> int:
    return next(n for n, row in enumerate(text.splitlines(), 1) if needle in row)


def test_the_loader_accepts_all_four_precisions_and_keeps_them(session):
    for value in ('"2021-03-08"', '"2021-03"', '"2021"', "unknown"):
        parsed = content.parse_content(_with_bill("", last_action=value))
        content.load_content(session, parsed, source="t")
        session.commit()
        bill = session.scalars(select(Bill).where(Bill.slug == "ny-s1-2021")).one()
        assert bill.last_action_text == value.strip('"')


def test_a_malformed_partial_date_is_rejected_whole_naming_the_line(session):
    content.load_content(session, content.parse_content(valid_text()), source="good")
    session.commit()
    before = session.scalars(select(Bill.slug).order_by(Bill.slug)).all()
    text = _with_bill("", last_action='"2021-3"')
    with pytest.raises(content.ContentError) as error:
        content.parse_content(text)
    assert (_line(text, 'last_action: "2021-3"'), "bills.2.last_action: “2021-3” is not a date: "
            "write YYYY-MM-DD, YYYY-MM, YYYY or unknown") in error.value.problems  # fmt: skip
    assert session.scalars(select(Bill.slug).order_by(Bill.slug)).all() == before


def test_a_session_ending_before_the_bill_was_introduced_is_rejected(session):
    events = (
        "    events:\n      - date: 2021-02\n        text: Introduced.\n"
        "        source: https://example.org/s1\n"
    )
    text = _with_bill('    session_end: "2020-12"\n', events=events)
    with pytest.raises(content.ContentError) as error:
        content.parse_content(text)
    (problem,) = error.value.problems
    assert problem[0] == _line(text, "- id: ny-s1-2021")
    assert "session_end 2020-12 is before the bill was introduced (2021" in problem[1]


def test_no_day_is_invented_in_the_shipped_content():
    """Only the year is known of these bills: the pages say "2021", never "January 1"."""
    parsed = content.read_content(ROOT / "content" / "campaign.yaml")
    by_id = {b.id: b for b in parsed.bills}
    for bill_id in ("ny-s176-2025", "ct-hb6123-2023", "ga-hb107-2023", "us-s3625-119"):
        assert by_id[bill_id].last_action.precision == "year", bill_id
    assert by_id["ma-s1004-2023"].last_action.iso == "2023-02"  # in committee from Feb 2023
    assert by_id["nh-hb111-2021"].last_action.iso == "2021-03"  # a House committee, Mar 2021
    for bill in parsed.bills:
        assert not (
            bill.last_action.precision == "day" and bill.last_action.iso.endswith("-01-01")
        )


def test_a_year_only_date_is_shown_as_the_year(client, session):
    parsed = content.read_content(ROOT / "content" / "campaign.yaml")
    content.load_content(session, parsed, source="campaign.yaml")
    session.commit()
    html = client.get("/states/ga").get_data(as_text=True)
    assert "January 1, 2023" not in html
    assert '<time datetime="2023">2023</time>' in html
    api = client.get("/api/v1/bills?jurisdiction=GA").get_json()["bills"]
    assert api[0]["last_action"] == "2023"
    assert api[0]["last_action_label"] == "2023"


# --------------------------------------------------------------------------- stale pending bills


def test_pending_bills_past_their_session_are_shown_as_outcome_not_confirmed(client, session):
    parsed = content.read_content(ROOT / "content" / "campaign.yaml")
    content.load_content(session, parsed, source="campaign.yaml")
    session.commit()
    for code, ident in (
        ("CO", "SB 26-005"),
        ("MN", "HF 3961"),
        ("CA", "SB 747"),
        ("MA", "H.1641"),
    ):
        standing = campaign.standing(session, code, DEC_2026)
        assert ident not in [b.identifier for b, _ in standing.pending], code
        assert ident in [b.identifier for b, _ in standing.stale], code
    html = client.get("/states/mn").get_data(as_text=True)
    assert "Session ended; outcome not confirmed" in html
    items = content_review.needs_review(session, DEC_2026)
    stale = {i.title for i in items if i.kind == "stale"}
    assert {"CO SB 26-005", "MN HF 3961", "CA SB 747", "MA H.1641"} <= stale
    # New York's two-year session runs to the end of 2026: S176 is still pending.
    ny = campaign.standing(session, "NY", DEC_2026)
    assert [b.identifier for b, _ in ny.pending] == ["S176"]


# --------------------------------------------------------------------------- flask content check


def test_the_shipped_content_passes_the_check(runner):
    result = runner.invoke(args=["content", "check", "--today", "2026-12-03"])
    assert result.exit_code == 0, result.output
    assert "No findings" in result.output


def test_the_check_reports_each_problem_with_file_and_line(tmp_path):
    text = _with_bill(
        '    active: true\n    session_end: "2021-06"\n    session_end_source: https://x.org/\n',
        last_action="2021-01-01",
        events="    events:\n      - date: 2021-01-01\n        text: Introduced.\n",
    ).replace("    qi_effect: ends\n", "    qi_effect: unknown\n", 1)
    text = text.replace("    stage: enacted\n", "    stage: enacted\n    qi_scope: Police.\n", 1)
    path = tmp_path / "campaign.yaml"
    path.write_text(text)
    findings = content_review.check_files(path, None, today=DEC_2026)
    messages = {(f.line, f.message.split(": ", 1)[1].split(" ")[0]) for f in findings}
    got = "\n".join(str(f) for f in findings)
    # the first bill states no effect at all
    assert (
        f"campaign.yaml:{_line(text, '- id: co-sb20-217')}: co-sb20-217: qi_effect is missing"
        in got
    )
    assert (_line(text, "qi_effect: unknown"), "qi_effect") in messages
    assert (_line(text, 'session_end: "2021-06"'), "its") in messages
    assert (_line(text, "last_action: 2021-01-01"), "last_action") in messages
    assert any("event date 2021-01-01 looks invented" in f.message for f in findings)
    assert any("an event without a source link" in f.message for f in findings)


def test_the_check_reports_a_talking_point_without_a_source(tmp_path, runner):
    points = tmp_path / "points.yaml"
    points.write_text(
        "points:\n  - id: bare\n    kind: argument\n    title: A point\n"
        "    text: Something true.\n    source_title: Somebody\n"
    )
    result = runner.invoke(
        args=["content", "check", "--today", "2026-12-03", "--points", str(points)]
    )
    assert result.exit_code == 1
    assert "points.yaml:2: bare: a talking point without a source link" in result.output


def test_the_check_names_the_line_of_a_file_that_does_not_load(tmp_path, runner):
    path = tmp_path / "campaign.yaml"
    path.write_text(_with_bill("").replace("qi_effect: ends", "qi_effect: abolish"))
    result = runner.invoke(args=["content", "check", str(path), "--today", "2026-12-03"])
    assert result.exit_code == 1
    assert f"campaign.yaml:{_line(path.read_text(), 'qi_effect: abolish')}:" in result.output


def test_the_dashboard_lists_what_needs_review(client, session):
    from outreach.organizers import accounts

    accounts.create_organizer(
        session, email="o@example.org", name="Olga", password="pw-long-enough-1"
    )
    parsed = content.read_content(ROOT / "content" / "campaign.yaml")
    content.load_content(session, parsed, source="campaign.yaml")
    session.commit()
    client.post(
        "/organizers/login", data={"email": "o@example.org", "password": "pw-long-enough-1"}
    )
    html = client.get("/organizers/").get_data(as_text=True)
    if "Needs review" not in html:
        html = client.get("/organizers/dashboard").get_data(as_text=True)
    assert "Needs review" in html
    assert "MN HF 3961" in html
    assert "outcome not" in html
