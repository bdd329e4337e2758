"""Command-line output for the directory's statewide offices and its corrections."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask.cli import AppGroup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outreach.directory import statewide_status
from outreach.extensions import db
from outreach.models import DirectoryCorrection, OfficeKind, Person

if TYPE_CHECKING:
    from rich.console import Console

# rich and the corrections (with the importers they use) are imported by the
# commands that need them, so that the CLI starts without them.

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
    from rich.table import Table

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


corrections_cli = AppGroup("corrections", help="Corrections to the officials directory.")


@corrections_cli.command("load")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--if-empty", is_flag=True, help="Do nothing when corrections are already loaded.")
def load_command(path: Path | None, if_empty: bool) -> None:
    """Validate a corrections file and store and apply it, all or nothing."""
    from outreach.directory import correction_files, correction_saving

    session = db.session
    if if_empty and session.scalar(select(func.count()).select_from(DirectoryCorrection)):
        click.echo("Corrections are already loaded; nothing to do.")
        return
    if not session.scalar(select(func.count()).select_from(Person)):
        # A correction names officials of the directory: with none loaded there
        # is nothing to check it against. `make run` loads them after the sync.
        click.echo(
            "The directory is empty: load it first (`flask directory sync`), then the "
            "corrections.",
            err=True,
        )
        sys.exit(0 if if_empty else 1)
    path = path or correction_files.DEFAULT_PATH
    try:
        items = correction_files.read_corrections(path)
        counts = correction_saving.save_corrections(
            session,
            items,
            origin="content",
            actor="corrections load",
            retire_missing=True,
            today=date.today(),
        )
        session.commit()
    except correction_files.CorrectionError as error:
        session.rollback()
        click.echo(f"The corrections were refused; nothing changed.\n{error}", err=True)
        sys.exit(1)
    click.echo(
        f"Loaded {path.name}: {counts['added']} added, {counts['changed']} changed, "
        f"{counts['unchanged']} unchanged, {counts['retired']} retired."
    )


@corrections_cli.command("list")
def list_command() -> None:
    """Every correction, with how the last sync met it."""
    for row in session_rows():
        result = row.last_result or {}
        click.echo(
            f"{row.key} [{row.status}] {row.kind} {row.jurisdiction} {row.office}: "
            f"{result.get('state', 'not applied yet')} — {result.get('message', '')}"
        )


def session_rows() -> list[DirectoryCorrection]:
    return list(db.session.scalars(select(DirectoryCorrection).order_by(DirectoryCorrection.key)))
