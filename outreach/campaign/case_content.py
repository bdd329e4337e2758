"""Load the cases file (``content/cases.yaml``), all or nothing.

The file holds the federal circuits (which states each one covers, with the
sources of that table) and the qualified-immunity cases. It is validated whole
before anything is written, in the same way as the campaign's content file
(:mod:`outreach.campaign.content`): a case without a source, or with a state,
circuit or outcome we do not know, is rejected with the line of the problem,
and the cases already in the database stay exactly as they were.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, StringConstraints, field_validator
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from outreach.campaign.content import (
    Short,
    Slug,
    SourceIn,
    Strict,
    Text,
    _line_of,
    parse_yaml_file,
    read_text_file,
)
from outreach.directory import jurisdictions
from outreach.directory.version import bump_version
from outreach.models import AuditEntry, Case, CaseOutcome, Circuit
from outreach.models.clock import utcnow

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "content" / "cases.yaml"
CircuitCode = Annotated[str, StringConstraints(pattern=r"^(?:[0-9]{1,2}(?:st|nd|rd|th)|dc)$")]
Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]


class CircuitIn(Strict):
    code: CircuitCode
    name: Short
    jurisdictions: list[str] = Field(min_length=1, max_length=20)

    @field_validator("jurisdictions")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [code for code in value if code not in jurisdictions.JURISDICTIONS]
        if unknown:
            raise ValueError(f"unknown state or territory code {', '.join(unknown)}")
        return value


class CircuitsIn(Strict):
    sources: list[SourceIn] = Field(min_length=1, max_length=10)
    table: list[CircuitIn] = Field(min_length=1, max_length=20)


class CaseIn(Strict):
    slug: Slug
    name: Short
    citation: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] | None
    court: Short
    year: int = Field(ge=1789, le=2100)
    state: str
    circuit: str
    outcome: CaseOutcome
    outcome_note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""
    history: Sentence | None = None
    brief: Sentence
    summary: Text
    held: Text
    sources: list[SourceIn] = Field(min_length=1, max_length=20)

    @field_validator("state")
    @classmethod
    def _state(cls, value: str) -> str:
        if value not in jurisdictions.JURISDICTIONS:
            raise ValueError(f"unknown state or territory “{value}”")
        return value


class CasesFile(Strict):
    circuits: CircuitsIn
    cases: list[CaseIn] = Field(default_factory=list, max_length=1000)


def parse_cases(text: str, file: str = "cases.yaml") -> CasesFile:
    """Validate the cases file's text.

    :raise ContentError: listing every problem with its line.
    """
    return parse_yaml_file(
        text,
        file,
        CasesFile,
        expected="circuits and cases",
        cross_checks=_cross_checks,
        reword=_outcome_message,
    )


def _outcome_message(loc: tuple[object, ...], item: Mapping[str, object]) -> str | None:
    """An unknown outcome is answered with the outcomes there are."""
    if "outcome" in loc and item["type"] == "enum":
        return f"unknown outcome; use one of {', '.join(o.value for o in CaseOutcome)}"
    return None


def _cross_checks(parsed: CasesFile, root: yaml.Node | None) -> Iterator[tuple[int | None, str]]:
    circuit_of: dict[str, str] = {}
    codes: set[str] = set()
    for i, circuit in enumerate(parsed.circuits.table):
        if circuit.code in codes:
            yield (
                _line_of(root, ("circuits", "table", i, "code")),
                f"circuits.table.{i}.code: “{circuit.code}” is listed twice",
            )
        codes.add(circuit.code)
        for code in circuit.jurisdictions:
            if code in circuit_of:
                yield (
                    _line_of(root, ("circuits", "table", i, "jurisdictions")),
                    f"circuits.table.{i}.jurisdictions: {code} is already in the "
                    f"{circuit_of[code]} circuit",
                )
            circuit_of[code] = circuit.code
    slugs: set[str] = set()
    valid = ", ".join(sorted(codes, key=_circuit_order))
    for i, case in enumerate(parsed.cases):
        if case.slug in slugs:
            yield (
                _line_of(root, ("cases", i, "slug")),
                f"cases.{i}.slug: “{case.slug}” is used twice",
            )
        slugs.add(case.slug)
        if case.circuit not in codes:
            yield (
                _line_of(root, ("cases", i, "circuit")),
                f"cases.{i}.circuit: unknown circuit “{case.circuit}”; use one of {valid}",
            )
        elif circuit_of.get(case.state) != case.circuit:
            yield (
                _line_of(root, ("cases", i, "circuit")),
                f"cases.{i}.circuit: {case.state} is in the "
                f"{circuit_of.get(case.state, 'no')} circuit, not the {case.circuit}",
            )


def _circuit_order(code: str) -> int:
    """1st … 11th, then dc."""
    digits = "".join(ch for ch in code if ch.isdigit())
    return int(digits) if digits else 100


def read_cases(path: Path) -> CasesFile:
    """Read and validate the cases file at ``path``.

    :raise ContentError: for a missing, unreadable or invalid file.
    """
    return parse_cases(read_text_file(path), path.name)


def cases_are_empty(session: Session) -> bool:
    """True before the circuits and cases were loaded."""
    return (session.scalar(select(func.count()).select_from(Circuit)) or 0) == 0


def case_fields(case: CaseIn) -> dict[str, object]:
    """The columns of a :class:`Case` row for a validated ``cases`` entry."""
    data = case.model_dump(mode="json")
    data["outcome"] = case.outcome.value
    return data


def load_cases(session: Session, parsed: CasesFile, *, source: str) -> dict[str, int]:
    """Replace all circuits and cases with ``parsed``; the caller commits.

    :returns: counts of what was loaded.
    """
    session.execute(delete(Case))
    session.execute(delete(Circuit))
    sources = [s.model_dump() for s in parsed.circuits.sources]
    for position, circuit in enumerate(parsed.circuits.table):
        session.add(Circuit(**circuit.model_dump(), position=position, sources=sources))
    now = utcnow()
    session.add_all(Case(**case_fields(case), updated_at=now) for case in parsed.cases)
    counts = {"circuits": len(parsed.circuits.table), "cases": len(parsed.cases)}
    version = bump_version(session)
    session.add(
        AuditEntry(
            at=now,
            actor="content load",
            action="load",
            entity="cases",
            entity_key=source,
            before=None,
            after={**counts, "version": version},
        )
    )
    session.flush()
    return counts
