"""Command-line interface: ``flask directory …`` and ``flask export …`` here; each package's
own groups (``content``, ``organizers``, ``letters``, ``assets``) in its ``commands`` module."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from outreach.directory import commands as directory_commands
from outreach.directory import errors, export_filters, exports, lookup
from outreach.extensions import db
from outreach.models import OfficeKind

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import TaskID

    from outreach.directory import sync as directory_sync

# rich (tables, progress bars) and the importers are imported by the commands that
# use them: `flask directory status` starts without them.

directory_cli = AppGroup("directory", help="Import and inspect the officials directory.")

#: Column headers of the sync summary (explained under it).
SHORT_OFFICE = {
    "us_senator": "US Sen",
    "us_representative": "US Rep",
    "governor": "Gov",
    "lt_governor": "Lt Gov",
    "attorney_general": "AG",
    "secretary_of_state": "SoS",
    "state_senator": "St Sen",
    "state_representative": "St Rep",
    "state_legislator": "St Leg",
}

STAGE_LABELS = {
    "congress": "Congress (congress-legislators)",
    "people": "State officials (Open States)",
    "committees": "State committees",
    "zip": "ZIP → district table",
}


@directory_cli.command("sync")
@click.option(
    "--source",
    default=None,
    help="A folder laid out like upstream, an http(s) base URL, or 'upstream'. "
    "Default: OUTREACH_DIRECTORY_SOURCE, else the shared mirror, else upstream.",
)
@click.option("--if-empty", is_flag=True, help="Do nothing when a directory is already loaded.")
@click.option(
    "--allow-shrink",
    is_flag=True,
    help="Accept a source that removes a jurisdiction's officials, or more than 20% of them "
    "(refused by default: a folder missing from the source does that).",
)
def sync_command(source: str | None, if_empty: bool, allow_shrink: bool) -> None:
    """Import the public data into the directory, all or nothing."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from outreach.directory import sync as directory_sync
    from outreach.directory.importers import SyncError

    console = Console(stderr=True)
    session = db.session
    if if_empty and not directory_sync.directory_is_empty(session):
        console.print("The directory is already loaded; nothing to do.")
        return
    spec = source if source is not None else current_app.config["DIRECTORY_SOURCE"]
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,
    )
    tasks: dict[str, TaskID] = {}

    def report(stage: str, done: int, total: int) -> None:
        key = "write" if stage.startswith("write:") else stage
        label = "Writing the directory" if key == "write" else STAGE_LABELS.get(key, key)
        if key not in tasks:
            tasks[key] = progress.add_task(label, total=total)
        progress.update(tasks[key], completed=done, total=total)
        if not console.is_terminal and done == total and key != "write":
            console.print(f"{label}: {total} done")

    try:
        with progress:
            outcome = directory_sync.run_sync(
                session,
                spec,
                shared=current_app.config["SHARED_DIRECTORY"],
                timeout=current_app.config["DIRECTORY_DOWNLOAD_TIMEOUT"],
                progress=report,
                allow_shrink=allow_shrink,
            )
    except SyncError as error:
        console.print(f"[bold red]Sync failed; the directory is unchanged.[/]\n{error}")
        console.print(_source_hint(spec, current_app.config["SHARED_DIRECTORY"]), markup=False)
        sys.exit(1)
    except SQLAlchemyError as error:  # a value the checks missed: say so, no traceback
        problem = str(getattr(error, "orig", None) or error).splitlines()[0][:300]
        console.print(
            "[bold red]Sync failed; the directory is unchanged.[/]\n"
            f"The database refused a value: {problem}"
        )
        sys.exit(1)
    except KeyboardInterrupt:
        console.print("[bold red]Sync interrupted; the directory is unchanged.[/]")
        sys.exit(130)
    _print_summary(Console(), outcome)


def _source_hint(spec: str, shared: Path) -> str:
    """Which source a failed sync tried, and how to point it elsewhere."""
    spec = (spec or "").strip()
    if spec:
        tried = f"Source tried: {spec}."
    elif Path(shared).is_dir():
        tried = f"Source tried: the shared mirror at {shared}."
    else:
        tried = f"Source tried: upstream (there is no shared mirror at {shared})."
    return (
        f"{tried} Point the sync elsewhere with `--source PATH|URL|upstream` or the "
        "OUTREACH_DIRECTORY_SOURCE environment variable."
    )


def _print_summary(console: Console, outcome: directory_sync.SyncOutcome) -> None:
    from rich import box
    from rich.table import Table

    sync = outcome.sync
    counts = sync.counts
    kinds = list(OfficeKind)
    # Short headers, explained under the table, so that it fits 80 columns.
    table = Table(
        title=f"Directory as of {sync.as_of} — from {sync.source}",
        box=box.SIMPLE_HEAD,
        padding=(0, 1, 0, 0),
        show_edge=False,
    )
    table.add_column("State", no_wrap=True, min_width=5)
    for kind in kinds:
        table.add_column(SHORT_OFFICE.get(kind.value, kind.value), justify="right", no_wrap=True)
    table.add_column("Total", justify="right", no_wrap=True, min_width=5)
    for state, per_office in counts["by_state"].items():
        table.add_row(
            state,
            *(str(per_office.get(k.value, "")) for k in kinds),
            str(sum(per_office.values())),
        )
    table.add_row(
        "All",
        *(str(counts["by_office"].get(k.value, 0)) for k in kinds),
        str(counts["people"]),
        style="bold",
    )
    console.print(table)
    console.print(
        "; ".join(f"{SHORT_OFFICE.get(k.value, k.value)} = {k.label}" for k in kinds),
        highlight=False,
    )
    console.print(
        f"{counts['people']} officials ({outcome.added} added, {outcome.updated} updated, "
        f"{outcome.removed} removed); {counts['committees']} committees with "
        f"{counts['memberships']} seats; {counts['zctas']} ZIP areas in {counts['zip_rows']} "
        f"ZIP–district rows. Parsed in {outcome.parse_seconds:.1f} s, "
        f"written in {outcome.write_seconds:.1f} s."
    )
    for reason, n in counts.get("skipped", {}).items():
        console.print(f"Skipped {n} file(s): {reason}.")
    if sync.warnings:
        console.print(f"[yellow]{len(sync.warnings)} warning(s):[/]")
        for warning in sync.warnings:
            console.print(f"  • {warning}", markup=False, highlight=False)


@directory_cli.command("status")
def status_command() -> None:
    """Show when the directory was last synced, from where, and its counts."""
    sync = lookup.latest_sync(db.session)
    if sync is None:
        click.echo("The directory is empty: run `flask directory sync`.")
        sys.exit(1)
    click.echo(f"Directory as of {sync.as_of} (sync #{sync.id} from {sync.source})")
    for name, info in (sync.upstream or {}).items():
        click.echo(f"  {name}: {', '.join(f'{k} {v}' for k, v in info.items())}")
    counts = sync.counts
    click.echo(
        f"  {counts.get('people', 0)} officials, {counts.get('committees', 0)} committees, "
        f"{counts.get('zctas', 0)} ZIP areas; {len(sync.warnings or [])} warning(s)"
    )
    from rich.console import Console

    from outreach.directory import corrections

    directory_commands.print_statewide(
        Console(width=200), db.session, date.today(), corrections.vacant_seats(db.session)
    )


export_cli = AppGroup("export", help="Export the officials directory to files.")


@export_cli.command("officials")
@click.option("--state", help="Two-letter state or territory code.")
@click.option("--office", help="Office kind: " + ", ".join(k.value for k in OfficeKind) + ".")
@click.option("--chamber", help="upper, lower or legislature.")
@click.option("--district", help="District as published (12, 21A, Ward 1…).")
@click.option("--party", help="Party name (Democratic, Republican…) or initial (D, R, I).")
@click.option("--committee", help="A committee id, or a word of its name.")
@click.option("--has-email", "has_email", help="1: only with an email address; 0: only without.")
@click.option("--has-phone", "has_phone", help="1: only with a phone number; 0: only without.")
@click.option(
    "--status",
    help="The state's reform status: enacted, limited, pending, none, strengthened, no_record.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "vcf", "json"]),
    default="csv",
    show_default=True,
    help="File format.",
)
@click.option(
    "-o",
    "--output",
    default=None,
    help="File to write; '-' for standard output. Default: the name the web export "
    "would give, in the current folder.",
)
def export_officials_command(fmt: str, output: str | None, **filters: str | None) -> None:
    """Write the officials matching the filters as CSV, XLSX, vCard or JSON.

    The same filters, columns and formats as /export on the site.
    """
    session = db.session
    try:
        parsed = export_filters.parse_filters(session, filters)
    except errors.FilterError as error:
        message = "\n".join(error.problems)
        raise click.UsageError(message) from None
    job = exports.OfficialsExport(session, parsed)
    target = output or job.filename(fmt)
    if target == "-":
        stream = click.get_binary_stream("stdout")
        for chunk in job.chunks(fmt):
            stream.write(chunk)
        stream.flush()
    else:
        path = Path(target)
        try:
            with path.open("wb") as handle:
                for chunk in job.chunks(fmt):
                    handle.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    where = "standard output" if target == "-" else target
    click.echo(
        f"Wrote {job.count} official{'s' if job.count != 1 else ''} to {where} "
        f"(directory as of {job.as_of or 'never synced'}).",
        err=True,
    )


def init_app(app: Flask) -> None:
    """Register the command groups on ``app`` (on the CLI's first look-up: outreach/lazy.py)."""
    from outreach.campaign.commands import content_cli
    from outreach.letters.commands import letters_cli
    from outreach.organizers.commands import organizers_cli
    from outreach.share.commands import assets_cli

    app.cli.add_command(letters_cli)
    app.cli.add_command(directory_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(organizers_cli)
    app.cli.add_command(assets_cli)
    app.cli.add_command(export_cli)
    app.cli.add_command(directory_commands.corrections_cli)
