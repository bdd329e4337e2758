"""Parts loaded on first use, so that a web worker never imports what only the CLI needs.

The command groups (``flask directory …``, ``flask db …``) pull in the migration
tool, the importers, spreadsheets and the terminal tables: about a second and
tens of megabytes that a worker answering lookups never uses. The app registers
them when the CLI first looks a command up (:func:`init_app`), and
:class:`PendingMigrate` for Flask-Migrate, which loads the real extension the
first time something reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import Flask


class PendingMigrate:
    """Stands for Flask-Migrate's ``app.extensions["migrate"]`` until something reads it.

    The first attribute read binds the real extension (importing alembic), which
    replaces this object in ``app.extensions``; the read is then answered by it.
    """

    def __init__(self, app: Flask, db: Any, directory: Path) -> None:
        self._app, self._db, self._directory = app, db, directory

    def bind(self) -> Any:
        """Bind the real extension (it adds ``flask db``); return its ``app.extensions`` entry."""
        from flask_migrate import Migrate

        Migrate(self._app, self._db, directory=str(self._directory))
        return self._app.extensions["migrate"]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.bind(), name)


def init_app(app: Flask, db: Any, migrations: Path) -> None:
    """Register the stand-ins: Flask-Migrate, and the command groups behind ``app.cli``.

    The first time the CLI looks a command up, the groups of :mod:`outreach.cli`
    are registered (its ``init_app``); the migration group (``flask db``) only
    when it is asked for, or when the commands are listed.
    """
    app.extensions["migrate"] = PendingMigrate(app, db, migrations)
    group = app.cli
    get_command, list_commands = group.get_command, group.list_commands
    loaded: set[str] = set()

    def load(*parts: str) -> None:
        if "commands" in parts and "commands" not in loaded:
            loaded.add("commands")
            from outreach import cli

            cli.init_app(app)
        if "db" in parts and "db" not in loaded:
            loaded.add("db")
            extension = app.extensions["migrate"]
            if isinstance(extension, PendingMigrate):
                extension.bind()

    def lazy_get_command(ctx: click.Context, name: str) -> click.Command | None:
        load("db" if name == "db" else "commands")
        return get_command(ctx, name)

    def lazy_list_commands(ctx: click.Context) -> list[str]:
        load("commands", "db")
        return list_commands(ctx)

    group.get_command = lazy_get_command  # type: ignore[method-assign,assignment]  # bound
    group.list_commands = lazy_list_commands  # type: ignore[method-assign]
