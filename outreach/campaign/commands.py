"""``flask content …``: load the campaign's content, and check it is true enough to send."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from outreach.campaign import case_content, content
from outreach.extensions import db

content_cli = AppGroup("content", help="Load the campaign's content (rubric, records, bills).")


@content_cli.command("load")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--cases",
    "cases_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The cases and circuits file (default: the shipped one).",
)
@click.option("--if-empty", is_flag=True, help="Do nothing when content is already loaded.")
def content_load_command(path: Path | None, cases_path: Path | None, if_empty: bool) -> None:
    """Validate the content and cases files and replace the campaign's content with them.

    Both files are checked before anything changes; with ``--if-empty`` each is
    loaded only when its part of the database is still empty.
    """
    session = db.session
    load_main = not (if_empty and not content.content_is_empty(session))
    load_cases = not (if_empty and not case_content.cases_are_empty(session))
    if not load_main and not load_cases:
        click.echo("Campaign content is already loaded; nothing to do.")
        return
    path = path or content.DEFAULT_PATH
    cases_path = cases_path or case_content.DEFAULT_PATH
    try:
        parsed = content.read_content(path) if load_main else None
        parsed_cases = case_content.read_cases(cases_path) if load_cases else None
        if parsed is not None:
            counts = content.load_content(session, parsed, source=path.name)
            click.echo(
                f"Loaded {counts['criteria']} criteria, {counts['records']} records, "
                f"{counts['bills']} bills and {counts['places']} places from {path.name}."
            )
        if parsed_cases is not None:
            counted = case_content.load_cases(session, parsed_cases, source=cases_path.name)
            click.echo(
                f"Loaded {counted['cases']} cases and {counted['circuits']} circuits "
                f"from {cases_path.name}."
            )
        session.commit()
    except content.ContentError as error:
        session.rollback()
        click.echo(f"The content file was rejected; nothing changed.\n{error}", err=True)
        sys.exit(1)
    except BaseException:
        session.rollback()
        raise


@content_cli.command("check")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--points",
    "points_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The talking points file (default: the shipped one).",
)
@click.option(
    "--cases",
    "cases_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The cases and circuits file (default: the shipped one).",
)
@click.option("--today", "today_text", help="Check as of this day (YYYY-MM-DD).")
def content_check_command(
    path: Path | None, points_path: Path | None, cases_path: Path | None, today_text: str | None
) -> None:
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
    try:
        case_content.read_cases(cases_path or case_content.DEFAULT_PATH)
    except content.ContentError as error:
        findings.extend(
            content_review.Finding(error.file, line, message) for line, message in error.problems
        )
    for finding in findings:
        click.echo(str(finding))
    if findings:
        click.echo(f"{len(findings)} finding{'s' if len(findings) != 1 else ''}.", err=True)
        sys.exit(1)
    click.echo("No findings: the content checks out.")
