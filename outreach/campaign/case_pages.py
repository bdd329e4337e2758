"""What the case pages show: the library with its filters, one case, the history box.

One call per page, from the database, for :mod:`outreach.campaign.views`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from outreach.campaign import cases
from outreach.campaign.case_map import CaseMap, case_map
from outreach.campaign.cases import CaseFilters, UnknownFilter
from outreach.models import Case, CaseOutcome, Circuit


@dataclass(frozen=True)
class Option:
    """One choice of a filter's list."""

    value: str
    label: str


@dataclass
class LibraryPage:
    """``/cases``: the cases that match, and the filters' choices."""

    cases: list[Case]
    filters: CaseFilters
    circuits: list[Circuit]
    states: list[Option]
    outcomes: list[Option]
    total: int
    #: For unknown filter values: each filter's problem, and the values it accepts.
    problems: dict[str, str] = field(default_factory=dict)
    valid: dict[str, list[str]] = field(default_factory=dict)

    @property
    def circuit_names(self) -> dict[str, str]:
        return {c.code: c.name for c in self.circuits}


def _options(session: Session) -> tuple[list[Circuit], list[Option], list[Option]]:
    circuits = cases.all_circuits(session)
    states = sorted(
        (Option(code, cases.jurisdiction_name(code)) for code in cases.circuit_map(circuits)),
        key=lambda o: o.label,
    )
    outcomes = [Option(o.value, o.label) for o in CaseOutcome]
    return circuits, states, outcomes


def library_page(session: Session, filters: CaseFilters) -> LibraryPage:
    """The cases matching ``filters`` (already parsed), newest first."""
    circuits, states, outcomes = _options(session)
    found = cases.find_cases(session, filters)
    total = len(found) if not filters.active else len(cases.all_cases(session))
    return LibraryPage(found, filters, circuits, states, outcomes, total)


def refused_library_page(session: Session, error: UnknownFilter) -> LibraryPage:
    """The library with no results, saying which filter values are unknown and the valid ones."""
    circuits, states, outcomes = _options(session)
    return LibraryPage(
        [],
        error.accepted,
        circuits,
        states,
        outcomes,
        len(cases.all_cases(session)),
        problems=error.problems,
        valid=error.valid,
    )


@dataclass
class CasePage:
    """``/cases/<slug>``: the case, its circuit, and others from the same circuit."""

    case: Case
    circuit: Circuit | None
    sentence: str
    related: list[Case]


def case_page(session: Session, slug: str) -> CasePage | None:
    """One case's page; None when there is no such case."""
    case = cases.get_case(session, slug)
    if case is None:
        return None
    circuit = cases.circuit_of(session, case.state)
    related = [
        c
        for c in cases.find_cases(session, cases.CaseFilters(circuit=case.circuit))
        if c.id != case.id
    ]
    sentence = cases.circuit_sentence(case.state, circuit) if circuit else ""
    return CasePage(case, circuit, sentence, related[:6])


@dataclass
class CaseMapPage:
    """``/cases/map``: the tile map by number of cases, and the same data as a table."""

    map: CaseMap
    circuits: list[Circuit]
    counts: dict[str, int]
    total: int

    def circuit_count(self, circuit: Circuit) -> int:
        return sum(self.counts.get(code, 0) for code in circuit.jurisdictions or [])


def case_map_page(session: Session) -> CaseMapPage:
    """Where the cases come from."""
    circuits = cases.all_circuits(session)
    counts = dict(cases.case_counts(session))
    by_state = {code: (c.code, c.name) for code, c in cases.circuit_map(circuits).items()}
    names = {code: cases.jurisdiction_name(code) for code in by_state}
    return CaseMapPage(case_map(counts, by_state, names), circuits, counts, sum(counts.values()))
