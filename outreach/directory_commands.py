"""Command-line output for the directory's statewide offices and its corrections."""

from __future__ import annotations

from datetime import date

from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from .models import OfficeKind
from .services import statewide_status

STATUS_STYLES = {
    "filled": "green",
    "stale": "yellow",
    "vacant": "magenta",
    "missing": "bold red",
    "none": "dim",
}


def print_statewide(
    console: Console, session: Session, today: date, vacant: set[tuple[str, str]] | None = None
) -> None:
    """A table of each jurisdiction's statewide offices: filled, vacant or missing."""
    rows = statewide_status.statewide_status(session, today, vacant=vacant)
    table = Table(title="Statewide offices")
    table.add_column("Jurisdiction")
    offices = [seat.office for seat in rows[0].seats] if rows else []
    for office in offices:
        table.add_column(OfficeKind(office).label)
    for row in rows:
        cells = []
        for seat in row.seats:
            text = seat.label if seat.status != "filled" else (seat.holder or "filled")
            if seat.status == "stale":
                text = f"{seat.holder} (term ended in the data)"
            cells.append(f"[{STATUS_STYLES[seat.status]}]{text}[/]")
        table.add_row(f"{row.abbr} {row.name}", *cells)
    console.print(table)
    totals = statewide_status.summary(rows)
    console.print(
        "Statewide offices: "
        + ", ".join(f"{n} {statewide_status.STATUS_LABELS[k]}" for k, n in totals.items())
    )
