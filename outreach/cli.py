"""Command-line interface: ``flask directory …``, ``flask content …``, ``flask organizers …``,
``flask export …``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from outreach.campaign import content
from outreach.directory import commands as directory_commands
from outreach.directory import exports, lookup
from outreach.extensions import db
from outreach.models import OfficeKind
from outreach.organizers import accounts

if TYPE_CHECKING:
    from rich.console import Console

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
    tasks: dict[str, int] = {}

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


content_cli = AppGroup("content", help="Load the campaign's content (rubric, records, bills).")


@content_cli.command("load")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--if-empty", is_flag=True, help="Do nothing when content is already loaded.")
def content_load_command(path: Path | None, if_empty: bool) -> None:
    """Validate the content file and replace the campaign's content with it."""
    session = db.session
    if if_empty and not content.content_is_empty(session):
        click.echo("Campaign content is already loaded; nothing to do.")
        return
    path = path or content.DEFAULT_PATH
    try:
        parsed = content.read_content(path)
        counts = content.load_content(session, parsed, source=path.name)
        session.commit()
    except content.ContentError as error:
        session.rollback()
        click.echo(f"The content file was rejected; nothing changed.\n{error}", err=True)
        sys.exit(1)
    except BaseException:
        session.rollback()
        raise
    click.echo(
        f"Loaded {counts['criteria']} criteria, {counts['records']} records, "
        f"{counts['bills']} bills and {counts['places']} places from {path.name}."
    )


@content_cli.command("check")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--points",
    "points_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The talking points file (default: the shipped one).",
)
@click.option("--today", "today_text", help="Check as of this day (YYYY-MM-DD).")
def content_check_command(path: Path | None, points_path: Path | None, today_text: str | None):
    """Report, with file and line, what in the content is not yet true enough to send.

    Missing or unknown effects where a letter needs them, pending bills past their
    session's end, facts without a source link, invented dates. Exits 1 on any finding.
    """
    from datetime import date as _date

    from outreach.campaign import review as content_review

    try:
        today = _date.fromisoformat(today_text) if today_text else _date.today()
    except ValueError:
        raise click.BadParameter("write the day as YYYY-MM-DD", param_hint="--today") from None
    findings = content_review.check_files(
        path or content_review.CONTENT_PATH,
        points_path or content_review.POINTS_PATH,
        today=today,
    )
    for finding in findings:
        click.echo(str(finding))
    if findings:
        click.echo(f"{len(findings)} finding{'s' if len(findings) != 1 else ''}.", err=True)
        sys.exit(1)
    click.echo("No findings: the content checks out.")


organizers_cli = AppGroup("organizers", help="Create and list organizer accounts.")


def _read_password(password_stdin: bool) -> str:
    """The new password: one line of stdin, or asked twice without echo."""
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(
        f"Password (at least {accounts.MIN_PASSWORD_LENGTH} characters)",
        hide_input=True,
        confirmation_prompt="Repeat the password",
    )


@organizers_cli.command("create")
@click.option("--email", required=True, help="The organizer's email address (their login).")
@click.option("--name", required=True, help="The organizer's name, as shown in the audit log.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of stdin instead of asking for it.",
)
def organizers_create_command(email: str, name: str, password_stdin: bool) -> None:
    """Create an organizer account (the password is asked twice, hidden)."""
    session = db.session
    try:
        accounts.check_email(email)
        if accounts.get_organizer(session, email) is not None:
            raise accounts.DuplicateEmail(
                f"An organizer with the email address {accounts.normalize_email(email)} "
                "exists already."
            )
        password = _read_password(password_stdin)
        organizer = accounts.create_organizer(session, email=email, name=name, password=password)
        session.commit()
    except accounts.AccountError as error:
        session.rollback()
        click.echo(f"No account created: {error}", err=True)
        sys.exit(1)
    click.echo(f"Created organizer {organizer.email} ({organizer.name}).")


@organizers_cli.command("set-password")
@click.option("--email", required=True, help="The organizer's email address.")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
def organizers_set_password_command(email: str, password_stdin: bool) -> None:
    """Give an organizer a new password: ends their sessions and lifts a pause."""
    session = db.session
    organizer = accounts.get_organizer(session, email)
    if organizer is None:
        click.echo(f"There is no organizer {accounts.normalize_email(email)}.", err=True)
        sys.exit(1)
    try:
        accounts.set_password(session, organizer, _read_password(password_stdin))
        session.commit()
    except accounts.AccountError as error:
        session.rollback()
        click.echo(f"Password unchanged: {error}", err=True)
        sys.exit(1)
    click.echo(f"New password set for {organizer.email}.")


@organizers_cli.command("deactivate")
@click.option("--email", required=True, help="The organizer's email address.")
def organizers_deactivate_command(email: str) -> None:
    """Deactivate an organizer: they cannot sign in, and every session of theirs ends.

    The account and its audit entries stay; `set-password` does not reactivate it.
    """
    session = db.session
    organizer = accounts.get_organizer(session, email)
    if organizer is None:
        click.echo(f"There is no organizer {accounts.normalize_email(email)}.", err=True)
        sys.exit(1)
    accounts.deactivate(session, organizer)
    session.commit()
    click.echo(f"Deactivated {organizer.email}: signed out everywhere, no sign-in any more.")


@organizers_cli.command("list")
def organizers_list_command() -> None:
    """List the organizer accounts."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    organizers = accounts.list_organizers(db.session)
    if not organizers:
        click.echo("No organizers yet: add one with `flask organizers create`.")
        return
    now = accounts.utcnow()
    table = Table(title=f"{len(organizers)} organizer(s)")
    for column in ("Email", "Name", "Active", "Created (UTC)", "Sign-in"):
        table.add_column(column)
    for organizer in organizers:
        throttle = accounts.throttle_state(
            db.session, accounts.throttle_key("account", organizer.email), now
        )
        if throttle.paused_until is not None and throttle.paused_until > now:
            state = f"paused until {throttle.paused_until:%Y-%m-%d %H:%M}"
        elif throttle.failures:
            state = f"{throttle.failures} failed"
        else:
            state = "ok"
        table.add_row(
            *(
                Text(value)
                for value in (
                    organizer.email,
                    organizer.name,
                    "yes" if organizer.active else "no",
                    f"{organizer.created_at:%Y-%m-%d %H:%M}",
                    state,
                )
            )
        )
    Console(width=120).print(table)


letters_cli = AppGroup("letters", help="Check the letter templates.")


@letters_cli.command("check")
def letters_check_command() -> None:
    """List the letter templates; report broken ones with file and line."""
    catalog = current_app.extensions["letters"]
    for template in catalog:
        click.echo(
            f"{template.id:34} {'/'.join(template.channels):18} {template.length:5} "
            f"{', '.join(template.situations)}"
        )
    for error in catalog.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"{len(catalog.templates)} templates, {len(catalog.errors)} broken.")
    if catalog.errors:
        sys.exit(1)


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
        parsed = exports.parse_filters(session, filters)
    except exports.FilterError as error:
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


assets_cli = AppGroup("assets", help="Pre-render the share images.")


@assets_cli.command("render")
@click.option("--force", is_flag=True, help="Draw every image again, even those already stored.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes drawing the images (default: the number of CPUs, at most 8).",
)
def assets_render_command(force: bool, jobs: int | None) -> None:
    """Draw every share image of the current content (the campaign, every state, DC,
    Puerto Rico and city, every pending bill; all four sizes) into SHARE_CACHE_DIR."""
    import os
    import time

    from outreach.share import cards

    images = current_app.extensions["share_images"]
    started = time.perf_counter()
    jobs = jobs or min(8, os.cpu_count() or 1)
    counts = images.render_all(db.session, force=force, jobs=jobs)
    db.session.rollback()
    drawn = counts["campaign"] + counts["place"] + counts["bill"]
    seconds = time.perf_counter() - started
    sizes = len(cards.SIZES)
    stats = images.store.stats()
    click.echo(
        f"Drew {drawn} image(s) in {seconds:.1f} s "
        f"({counts['campaign']} campaign, {counts['place']} jurisdiction, {counts['bill']} bill; "
        f"{sizes} sizes each; {jobs} process(es)); {counts['stored']} already stored."
    )
    click.echo(
        f"{stats.files} image(s), {stats.bytes / 1_000_000:.1f} MB in {images.store.root} "
        f"({stats.folders} content version(s) kept)."
    )


def init_app(app: Flask) -> None:
    """Register the command groups on ``app`` (on the CLI's first look-up: outreach/lazy.py)."""
    app.cli.add_command(letters_cli)
    app.cli.add_command(directory_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(organizers_cli)
    app.cli.add_command(assets_cli)
    app.cli.add_command(export_cli)
    app.cli.add_command(directory_commands.corrections_cli)
