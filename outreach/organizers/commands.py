"""``flask organizers …``: create, list and deactivate organizer accounts."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from outreach.extensions import db
from outreach.models.clock import utcnow
from outreach.organizers import accounts

organizers_cli = AppGroup("organizers", help="Create and list organizer accounts.")


def _read_password(password_stdin: bool) -> str:
    """The new password: one line of stdin, or asked twice without echo."""
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = click.prompt(
        f"Password (at least {accounts.MIN_PASSWORD_LENGTH} characters)",
        hide_input=True,
        confirmation_prompt="Repeat the password",
    )
    return password


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
    now = utcnow()
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
