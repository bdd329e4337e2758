"""``flask letters check``: every letter template renders."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

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
