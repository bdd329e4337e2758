"""Which statewide offices each jurisdiction's directory fills, and which it lacks.

For every jurisdiction with state data (the 50 states, DC and Puerto Rico)
and each statewide office, one of:

* ``filled`` — someone holds it (``stale`` when the recorded term has ended and
  no correction says otherwise);
* ``vacant`` — a correction ended the holder's role and names no successor;
* ``missing`` — the office exists there but the data has no holder;
* ``none`` — the jurisdiction has no such elected office (no lieutenant
  governor in Arizona, no secretary of state in Alaska…).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from outreach.directory import jurisdictions
from outreach.models import STATEWIDE_OFFICES, Person, Role

#: Jurisdictions without the office (as an elected statewide office).
NO_SUCH_OFFICE: dict[str, frozenset[str]] = {
    "lt_governor": frozenset({"AZ", "ME", "NH", "OR", "WY", "DC", "PR"}),
    "secretary_of_state": frozenset({"AK", "HI", "UT", "DC"}),
}
STATUS_LABELS = {
    "filled": "filled",
    "stale": "filled, term ended in the data",
    "vacant": "vacant",
    "missing": "missing from the data",
    "none": "no such office",
}


@dataclass(frozen=True)
class Seat:
    """One statewide office of one jurisdiction."""

    office: str
    status: str
    holder: str | None = None
    person_id: int | None = None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class JurisdictionSeats:
    """The statewide offices of one jurisdiction."""

    abbr: str
    name: str
    seats: list[Seat] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for s in self.seats if s.status == status)


def statewide_status(
    session: Session, today: date, *, vacant: set[tuple[str, str]] | None = None
) -> list[JurisdictionSeats]:
    """Every state-data jurisdiction's statewide offices, in name order.

    :param vacant: ``(ABBR, office)`` pairs known to be vacant (from corrections).
    """
    vacant = vacant or set()
    offices = [k.value for k in STATEWIDE_OFFICES]
    rows = session.execute(
        select(Role.jurisdiction_abbr, Role.office, Role.end_date, Person.id, Person.name)
        .join(Person, Person.id == Role.person_id)
        .where(Role.office.in_(offices))
        .order_by(Role.id)
    ).all()
    held: dict[tuple[str, str], tuple[int, str, date | None]] = {}
    for abbr, office, end_date, person_id, name in rows:
        held.setdefault((abbr, office), (person_id, name, end_date))
    result = []
    for abbr in sorted(
        jurisdictions.STATE_DATA_JURISDICTIONS, key=lambda a: jurisdictions.JURISDICTIONS[a].name
    ):
        entry = JurisdictionSeats(abbr, jurisdictions.JURISDICTIONS[abbr].name)
        for office in offices:
            holder = held.get((abbr, office))
            if holder:
                person_id, name, end_date = holder
                status = "stale" if end_date is not None and end_date < today else "filled"
                entry.seats.append(Seat(office, status, name, person_id))
            elif (abbr, office) in vacant:
                entry.seats.append(Seat(office, "vacant"))
            elif abbr in NO_SUCH_OFFICE.get(office, ()):
                entry.seats.append(Seat(office, "none"))
            else:
                entry.seats.append(Seat(office, "missing"))
        result.append(entry)
    return result


def summary(rows: list[JurisdictionSeats]) -> dict[str, int]:
    """How many seats have each status, over every jurisdiction."""
    totals = dict.fromkeys(STATUS_LABELS, 0)
    for row in rows:
        for seat in row.seats:
            totals[seat.status] += 1
    return totals
