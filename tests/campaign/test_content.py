"""Loading the campaign's content file: validation with lines, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from outreach.campaign import content
from outreach.directory import version
from outreach.models import Assessment, AuditEntry, Bill, Campaign, ContentState, ReformRecord
from tests.factories import RUBRIC_TITLES

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "campaign.yaml"


def rubric_yaml() -> str:
    lines = []
    for n, title in enumerate(RUBRIC_TITLES, 1):
        group = "end" if n <= 4 else "start"
        lines.append(
            f"  - number: {n}\n    group: {group}\n    title: {title}\n"
            f"    explanation: What criterion {n} asks."
        )
    return "\n".join(lines)


def assessment_yaml(ratings: dict[int, str]) -> str:
    rows = []
    for n in range(1, 10):
        rating = ratings.get(n, "unknown")
        source = "" if rating == "unknown" else ", source: https://example.org/src"
        rows.append(f"      {n}: {{rating: {rating}, note: Note {n}{source}}}")
    return "\n".join(rows)


def valid_text(colorado_status: str = "enacted") -> str:
    return f"""\
campaign:
  slug: end-qualified-immunity
  name: End Qualified Immunity
  summary: A test campaign.
  as_of: 2026-06-30
rubric:
{rubric_yaml()}
places:
  - code: NYC
    name: New York City
    kind: city
    state: NY
records:
  - jurisdiction: CO
    status: {colorado_status}
    summary: Colorado ended the defense for police.
    as_of: 2021-07-06
    sources:
      - title: Scorecard
        url: https://endqi.org/state/co
  - jurisdiction: NYC
    status: enacted
    summary: A city law.
    as_of: 2021-03-25
    sources:
      - title: Council
        url: https://council.nyc.gov/
bills:
  - id: co-sb20-217
    jurisdiction: CO
    identifier: SB 20-217
    title: Enhance Law Enforcement Integrity
    session: "2020"
    stage: enacted
    last_action: 2020-06-19
    url: https://leg.colorado.gov/bills/sb20-217
    summary: The law.
    events:
      - date: 2020-06-19
        text: Signed.
        source: https://leg.colorado.gov/bills/sb20-217
    assessment:
{assessment_yaml({1: "met", 2: "not_met", 3: "partial"})}
  - id: us-hr1280-117
    jurisdiction: US
    identifier: H.R. 1280
    title: George Floyd Justice in Policing Act
    session: 117th Congress
    congress: 117
    stage: passed_one_chamber
    last_action: 2021-03-03
    url: https://www.congress.gov/bill/117th-congress/house-bill/1280
    summary: Passed the House.
    assessment:
{assessment_yaml({1: "met"})}
"""


def test_valid_file_loads(session):
    parsed = content.parse_content(valid_text())
    counts = content.load_content(session, parsed, source="test.yaml")
    session.commit()
    assert counts == {"criteria": 9, "places": 1, "records": 2, "bills": 2}
    bill = session.scalars(select(Bill).where(Bill.slug == "co-sb20-217")).one()
    assert [a.rating for a in bill.assessments][:4] == ["met", "not_met", "partial", "unknown"]
    assert bill.events[0]["text"] == "Signed."
    assert version.content_version(session) == 1
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.entity, entry.after["bills"]) == ("load", "content", 2)


def test_loading_again_replaces_everything(session):
    content.load_content(session, content.parse_content(valid_text()), source="a")
    session.commit()
    content.load_content(session, content.parse_content(valid_text("limited")), source="b")
    session.commit()
    assert session.scalar(select(func.count()).select_from(Campaign)) == 1
    assert session.scalar(select(func.count()).select_from(Assessment)) == 18
    record = session.scalars(select(ReformRecord).where(ReformRecord.jurisdiction == "CO")).one()
    assert record.status == "limited"
    assert version.content_version(session) == 2


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


BAD = [
    pytest.param("status: enacted", "status: abolished", "status", id="bad-status"),
    pytest.param("stage: enacted", "stage: signed", "stage", id="bad-stage"),
    pytest.param("as_of: 2021-07-06", "as_of: 2021", "YYYY-MM-DD", id="year-only-date"),
    pytest.param(
        "last_action: 2020-06-19", "last_action: 2020-13-40", "last_action", id="bad-date"
    ),
    pytest.param(
        "url: https://leg.colorado.gov/bills/sb20-217",
        "url: javascript:alert(1)",
        "http(s) link",
        id="bad-link",
    ),
    pytest.param(
        "      2: {rating: not_met, note: Note 2, source: https://example.org/src}",
        "      2: {rating: not_met, note: Note 2}",
        "needs a source link",
        id="unsourced-rating",
    ),
    pytest.param(
        "      3: {rating: partial, note: Note 3, source: https://example.org/src}",
        "      3: {rating: 0.5, note: Note 3, source: https://example.org/src}",
        "rating",
        id="numeric-rating",
    ),
    pytest.param(
        "      9: {rating: unknown, note: Note 9}\n  - id: us-hr1280-117",
        "  - id: us-hr1280-117",
        "missing [9]",
        id="missing-criterion",
    ),
    pytest.param(
        "  - jurisdiction: CO", "  - jurisdiction: ZZ", "unknown jurisdiction", id="bad-code"
    ),
    pytest.param("    congress: 117\n", "", "give a congress", id="federal-without-congress"),
    pytest.param("  - id: us-hr1280-117", "  - id: co-sb20-217", "used twice", id="duplicate-id"),
    pytest.param(
        "    summary: The law.", "    summary: " + "x" * 5000, "at most 4000", id="too-long"
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD)
def test_errors_name_the_line(old, new, message):
    good = valid_text()
    assert old in good
    bad = good.replace(old, new, 1)
    first_changed = next(
        i
        for i, (a, b) in enumerate(zip(good.splitlines(), bad.splitlines(), strict=False), 1)
        if a != b
    )
    with pytest.raises(content.ContentError) as caught:
        content.parse_content(bad, "campaign.yaml")
    text = str(caught.value)
    assert message in text
    lines = [line for line, _ in caught.value.problems]
    # The line named is the changed line, or the start of the block it belongs to.
    assert any(line is not None and abs(line - first_changed) <= 12 for line in lines), text


def test_yaml_syntax_error_names_its_line():
    bad = valid_text().replace("  name: End Qualified Immunity", "  name: [unclosed")
    with pytest.raises(content.ContentError) as caught:
        content.parse_content(bad, "campaign.yaml")
    assert "not valid YAML" in str(caught.value)
    assert caught.value.problems[0][0] is not None


def test_rejected_file_leaves_previous_content(app, session, runner, tmp_path):
    content.load_content(session, content.parse_content(valid_text()), source="a")
    session.commit()
    before = [(b.slug, b.stage) for b in session.scalars(select(Bill).order_by(Bill.slug))]
    bad = tmp_path / "campaign.yaml"
    bad.write_text(valid_text().replace("stage: enacted", "stage: signed"))
    result = runner.invoke(args=["content", "load", str(bad)])
    assert result.exit_code == 1
    expected = line_of(bad.read_text(), "stage: signed")
    assert f"campaign.yaml:{expected}: bills.0.stage" in result.output
    assert "nothing changed" in result.output
    assert [(b.slug, b.stage) for b in session.scalars(select(Bill).order_by(Bill.slug))] == before
    assert session.get(ContentState, 1).version == 1


def test_cli_load_and_if_empty(app, runner, tmp_path):
    good = tmp_path / "campaign.yaml"
    good.write_text(valid_text())
    first = runner.invoke(args=["content", "load", str(good), "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "Loaded 9 criteria, 2 records, 2 bills and 1 places" in first.output
    second = runner.invoke(args=["content", "load", str(good), "--if-empty"])
    assert "already loaded" in second.output
    missing = runner.invoke(args=["content", "load", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 1
    assert "file not found" in missing.output


@pytest.mark.skipif(not SHIPPED.exists(), reason="content file not written yet")
def test_shipped_content_is_valid_and_covers_the_required_places(session):
    parsed = content.read_content(SHIPPED)
    records = {r.jurisdiction: r.status.value for r in parsed.records}
    assert records["CO"] == "enacted"
    assert records["NM"] == "enacted"
    assert records["CT"] == "limited"
    assert records["MA"] == "limited"
    assert records["IA"] == "strengthened"
    assert records["NYC"] == "enacted"
    for code in ("CA", "MD", "IL"):
        assert code in records
    bills = {(b.jurisdiction, b.identifier): b for b in parsed.bills}
    assert bills[("CA", "SB 2")].stage.value == "enacted"
    # SB 747's session ended with no outcome found: no longer marked active.
    assert not bills[("CA", "SB 747")].active
    assert bills[("CA", "SB 747")].session_end.iso == "2026-08-31"
    congresses = {b.congress for b in parsed.bills if b.jurisdiction == "US"}
    assert {116, 117, 118, 119} <= congresses
    # Every fact rated met/partial/not met carries its source (the loader enforces it).
    raw = yaml.safe_load(SHIPPED.read_text())
    for bill in raw["bills"]:
        for criterion in bill["assessment"].values():
            if criterion["rating"] != "unknown":
                assert criterion.get("source", "").startswith("http")
    content.load_content(session, parsed, source=SHIPPED.name)
    session.commit()
