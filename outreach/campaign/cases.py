"""Reading the cases: by state, by circuit, filtered, and the sentence that places a state.

"Clearly established law" is settled circuit by circuit, so a state's page
shows its own cases and, when it has none, those of its federal circuit. The
pure parts (parsing filters, the circuit sentence) take plain values; the rest
takes a SQLAlchemy session.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from outreach.directory import jurisdictions
from outreach.models import Case, CaseOutcome, Circuit, Place

MAX_FILTER_LENGTH = 40


class UnknownFilter(ValueError):
    """A filter value we do not know; ``valid`` lists, by filter, the values that are."""

    def __init__(
        self,
        problems: dict[str, str],
        valid: dict[str, list[str]],
        accepted: CaseFilters | None = None,
    ) -> None:
        self.problems = problems
        self.valid = valid
        #: The filters given that were valid, kept for the form.
        self.accepted = accepted or CaseFilters()
        super().__init__(
            "; ".join(
                f"unknown {name} “{value}”; valid: {', '.join(valid[name])}"
                for name, value in problems.items()
            )
        )


@dataclass(frozen=True)
class CaseFilters:
    """What ``/cases`` and ``/api/v1/cases`` are filtered by; empty means all."""

    state: str = ""
    circuit: str = ""
    outcome: str = ""

    @property
    def active(self) -> bool:
        return bool(self.state or self.circuit or self.outcome)


def all_circuits(session: Session) -> list[Circuit]:
    """The circuits in the table's order (1st … 11th, D.C.)."""
    return list(session.scalars(select(Circuit).order_by(Circuit.position)))


def circuit_names(session: Session) -> dict[str, str]:
    """``{"5th": "Fifth Circuit", …}`` in the table's order."""
    return {c.code: c.name for c in all_circuits(session)}


def circuit_of(session: Session, code: str) -> Circuit | None:
    """The circuit of a state, DC or territory (a city: that of its state); None if unknown."""
    code = (code or "").upper()
    if code not in jurisdictions.JURISDICTIONS:
        place = session.get(Place, code)
        code = place.state if place else ""
    return next((c for c in all_circuits(session) if code in (c.jurisdictions or [])), None)


def circuit_map(circuits: list[Circuit]) -> dict[str, Circuit]:
    """Each jurisdiction code to its circuit."""
    return {code: c for c in circuits for code in c.jurisdictions or []}


def valid_filters(session: Session) -> dict[str, list[str]]:
    """The values each filter accepts: state codes with a circuit, circuit codes, outcomes."""
    circuits = all_circuits(session)
    states = sorted(circuit_map(circuits))
    return {
        "state": states,
        "circuit": [c.code for c in circuits],
        "outcome": [o.value for o in CaseOutcome],
    }


def parse_filters(
    session: Session, state: str | None, circuit: str | None, outcome: str | None
) -> CaseFilters:
    """Filters from the query string (any case, surrounding spaces ignored).

    :raise UnknownFilter: naming each unknown value and listing the valid ones.
    """
    valid = valid_filters(session)
    wanted = {
        "state": (state or "").strip()[:MAX_FILTER_LENGTH].upper(),
        "circuit": (circuit or "").strip()[:MAX_FILTER_LENGTH].lower(),
        "outcome": (outcome or "").strip()[:MAX_FILTER_LENGTH].lower(),
    }
    problems = {
        name: value for name, value in wanted.items() if value and value not in valid[name]
    }
    if problems:
        kept = {name: value for name, value in wanted.items() if name not in problems}
        raise UnknownFilter(problems, valid, CaseFilters(**kept))
    return CaseFilters(**wanted)


def find_cases(session: Session, filters: CaseFilters | None = None) -> list[Case]:
    """The cases that match ``filters``, newest first."""
    query = select(Case).order_by(Case.year.desc(), Case.name)
    if filters is not None:
        if filters.state:
            query = query.where(Case.state == filters.state)
        if filters.circuit:
            query = query.where(Case.circuit == filters.circuit)
        if filters.outcome:
            query = query.where(Case.outcome == filters.outcome)
    return list(session.scalars(query))


def all_cases(session: Session) -> list[Case]:
    """Every case, newest first."""
    return find_cases(session)


def get_case(session: Session, slug: str) -> Case | None:
    """The case with ``slug`` (lower case), or None."""
    return session.scalars(select(Case).where(Case.slug == (slug or "").lower()[:80])).first()


def history_cases(session: Session) -> list[Case]:
    """The cases that built the doctrine (those with a ``history`` note), oldest first."""
    query = select(Case).where(Case.history.is_not(None)).order_by(Case.year, Case.name)
    return [c for c in session.scalars(query) if (c.history or "").strip()]


def case_counts(session: Session) -> Counter[str]:
    """How many cases each state has."""
    return Counter(session.scalars(select(Case.state)))


def jurisdiction_name(code: str) -> str:
    """``Texas`` for ``TX``; the code itself when unknown."""
    found = jurisdictions.JURISDICTIONS.get(code)
    return found.name if found else code


def join_names(names: list[str]) -> str:
    """``Texas, Louisiana and Mississippi``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def circuit_sentence(code: str, circuit: Circuit) -> str:
    """ "Texas is in the Fifth Circuit, whose rulings bind federal courts in Texas, Louisiana
    and Mississippi." The place named first, then the others in the table's order."""
    members = list(circuit.jurisdictions or [])
    others = [m for m in members if m != code]
    names = [jurisdiction_name(m) for m in ([code] if code in members else []) + others]
    name = jurisdiction_name(code)
    if len(members) == 1:
        return f"{name} has its own federal circuit, the {circuit.name}."
    courts = join_names(names)
    return f"{name} is in the {circuit.name}, whose rulings bind federal courts in {courts}."


def letter_case(session: Session, code: str) -> tuple[Case, Circuit] | None:
    """The case a letter to an official of ``code`` may cite, with its circuit: one where
    immunity was granted, from the state itself if it has one, else from elsewhere in
    its circuit; the newest first. None when the circuit has no such case."""
    circuit = circuit_of(session, code)
    if circuit is None:
        return None
    granted = find_cases(
        session, CaseFilters(circuit=circuit.code, outcome=CaseOutcome.GRANTED.value)
    )
    # The cases that built the doctrine are told in the letters' general arguments already.
    granted = [
        c
        for c in granted
        if c.sources and c.state in (circuit.jurisdictions or []) and not (c.history or "").strip()
    ]
    own = [c for c in granted if c.state == code.upper()]
    choices = own or granted
    return (choices[0], circuit) if choices else None


@dataclass
class StateCases:
    """The cases a state's page shows: its own, else its circuit's."""

    code: str
    circuit: Circuit | None
    own: list[Case] = field(default_factory=list)
    from_circuit: list[Case] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        return circuit_sentence(self.code, self.circuit) if self.circuit else ""

    @property
    def shown(self) -> list[Case]:
        return self.own or self.from_circuit

    @property
    def count(self) -> int:
        return len(self.shown)


def state_cases(session: Session, code: str) -> StateCases:
    """What a state's (or a city's) page shows; a city takes its state's cases."""
    code = (code or "").upper()
    if code not in jurisdictions.JURISDICTIONS:
        place = session.get(Place, code)
        code = place.state if place else code
    circuit = circuit_of(session, code)
    own = find_cases(session, CaseFilters(state=code))
    from_circuit: list[Case] = []
    if not own and circuit is not None:
        from_circuit = find_cases(session, CaseFilters(circuit=circuit.code))
    return StateCases(code=code, circuit=circuit, own=own, from_circuit=from_circuit)
