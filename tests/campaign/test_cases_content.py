"""The cases file: every rule of the loader, each refusal naming its line."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from outreach.campaign import case_content
from outreach.campaign.content import ContentError
from outreach.models import AuditEntry, Case, Circuit

SHIPPED = case_content.DEFAULT_PATH.read_text(encoding="utf-8")

VALID = """\
circuits:
  sources:
    - title: The statute
      url: https://example.org/28-usc-41
  table:
    - code: 5th
      name: Fifth Circuit
      jurisdictions: [LA, MS, TX]
    - code: 1st
      name: First Circuit
      jurisdictions: [ME, MA, NH, RI, PR]
cases:
  - slug: first-case
    name: First v. Case
    citation: 1 F.4th 1
    court: U.S. Court of Appeals for the Fifth Circuit
    year: 2020
    state: TX
    circuit: 5th
    outcome: granted
    brief: One sentence.
    summary: What happened.
    held: What the court held.
    sources:
      - title: The opinion
        url: https://example.org/first
  - slug: second-case
    name: Second v. Case
    citation:
    court: U.S. Court of Appeals for the First Circuit
    year: 2011
    state: MA
    circuit: 1st
    outcome: denied
    brief: Another sentence.
    summary: What happened there.
    held: What that court held.
    sources:
      - title: The opinion
        url: https://example.org/second
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


def test_the_shipped_file_loads(session):
    parsed = case_content.read_cases(case_content.DEFAULT_PATH)
    counts = case_content.load_cases(session, parsed, source="cases.yaml")
    session.commit()
    rows = session.scalars(select(Case)).all()
    assert len(rows) == counts["cases"] >= 20
    assert all(case.sources for case in rows)
    assert {c.code for c in session.scalars(select(Circuit))} == {
        *(f"{n}{s}" for n, s in [(1, "st"), (2, "nd"), (3, "rd")]),
        *(f"{n}th" for n in range(4, 12)),
        "dc",
    }
    entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "cases")).one()
    assert entry.after["cases"] == counts["cases"]


BAD = [
    pytest.param(
        "    sources:\n      - title: The opinion\n        url: https://example.org/first\n",
        "    sources: []\n",
        "    sources: []",
        "sources",
        id="no-source",
    ),
    pytest.param(
        "    circuit: 5th", "    circuit: 12th", "circuit: 12th", "unknown circuit", id="circuit"
    ),
    pytest.param(
        "    circuit: 5th",
        "    circuit: 1st",
        "circuit: 1st",
        "TX is in the 5th",
        id="wrong-circuit",
    ),
    pytest.param("    state: TX", "    state: ZZ", "state: ZZ", "unknown state", id="state"),
    pytest.param(
        "    outcome: granted", "    outcome: won", "outcome: won", "unknown outcome", id="outcome"
    ),
    pytest.param(
        "url: https://example.org/first", "url: ftp://x", "ftp://x", "http(s)", id="link"
    ),
    pytest.param(
        "slug: second-case", "slug: first-case", "slug: first-case#2", "used twice", id="twice"
    ),
    pytest.param(
        "[LA, MS, TX]",
        "[LA, MS, TX, ZZ]",
        "[LA, MS, TX, ZZ]",
        "unknown state",
        id="circuit-member",
    ),
    pytest.param("[ME, MA,", "[TX, MA,", "[TX, MA,", "already in the 5th", id="two-circuits"),
]


@pytest.mark.parametrize(("old", "new", "needle", "message"), BAD)
def test_refusals_name_the_line(old, new, needle, message):
    assert old in VALID
    bad = VALID.replace(old, new, 1)
    with pytest.raises(ContentError) as caught:
        case_content.parse_cases(bad, "cases.yaml")
    text = str(caught.value)
    assert message in text
    text_needle, _, occurrence = needle.partition("#")
    expected = line_of(bad, text_needle, int(occurrence or 1))
    assert f"cases.yaml:{expected}:" in text, text


def test_rejected_file_leaves_the_previous_cases(app, session, runner, tmp_path):
    case_content.load_cases(session, case_content.parse_cases(VALID), source="a")
    session.commit()
    before = [
        (c.slug, c.outcome, c.summary) for c in session.scalars(select(Case).order_by(Case.slug))
    ]
    bad = tmp_path / "cases.yaml"
    bad.write_text(VALID.replace("    circuit: 5th", "    circuit: 12th", 1))
    result = runner.invoke(args=["content", "load", "--cases", str(bad)])
    assert result.exit_code == 1
    assert (
        f"cases.yaml:{line_of(bad.read_text(), 'circuit: 12th')}: cases.0.circuit" in result.output
    )
    assert "nothing changed" in result.output
    session.expire_all()
    after = [
        (c.slug, c.outcome, c.summary) for c in session.scalars(select(Case).order_by(Case.slug))
    ]
    assert after == before


def test_if_empty_loads_the_cases_when_only_they_are_missing(app, runner, tmp_path):
    good = tmp_path / "cases.yaml"
    good.write_text(VALID)
    first = runner.invoke(args=["content", "load", "--cases", str(good), "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "Loaded 2 cases and 2 circuits from cases.yaml" in first.output
    again = runner.invoke(args=["content", "load", "--cases", str(good), "--if-empty"])
    assert "already loaded" in again.output


def test_content_check_reports_a_bad_cases_file(app, runner, tmp_path):
    bad = tmp_path / "cases.yaml"
    bad.write_text(VALID.replace("    state: TX", "    state: ZZ", 1))
    result = runner.invoke(args=["content", "check", "--cases", str(bad)])
    assert result.exit_code == 1
    assert f"cases.yaml:{line_of(bad.read_text(), 'state: ZZ')}: cases.0.state" in result.output


def test_every_shipped_case_has_a_source_and_a_known_circuit():
    parsed = case_content.parse_cases(SHIPPED)
    circuits = {c.code: set(c.jurisdictions) for c in parsed.circuits.table}
    for case in parsed.cases:
        assert case.sources, case.slug
        assert case.state in circuits[case.circuit], case.slug
