"""Parts loaded on first use, so that a web worker never imports what only the CLI needs.

The command groups (``flask directory …``, ``flask db …``) pull in the migration
tool, the importers, spreadsheets and the terminal tables: about a second and
tens of megabytes that a worker answering lookups never uses. The app registers
:class:`LazyGroup` stand-ins for them, and :class:`PendingMigrate` for
Flask-Migrate; each loads the real thing the first time it is used.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click
from flask import Flask


class LazyGroup(click.Group):
    """A command group that imports its real group (``"module:attribute"``) on first use."""

    def __init__(self, name: str, target: str, help: str) -> None:
        super().__init__(name, help=help)
        self._target = target
        self._real: click.Group | None = None

    def real(self) -> click.Group:
        """The real group, imported now if it was not yet."""
        if self._real is None:
            module, attribute = self._target.split(":")
            self._real = getattr(importlib.import_module(module), attribute)
        return self._real

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        """Parse and run as the real group (its own options and callback included)."""
        return self.real().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self.real().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self.real().get_command(ctx, name)


class PendingMigrate:
    """Stands for Flask-Migrate's ``app.extensions["migrate"]`` until something reads it.

    The first attribute read binds the real extension (importing alembic), which
    replaces this object in ``app.extensions``; the read is then answered by it.
    """

    def __init__(self, app: Flask, db: Any, directory: Path) -> None:
        self._app, self._db, self._directory = app, db, directory

    def __getattr__(self, name: str) -> Any:
        from flask_migrate import Migrate

        Migrate(self._app, self._db, directory=str(self._directory))
        return getattr(self._app.extensions["migrate"], name)


#: The command groups: name, where the real group lives, the help ``flask --help`` shows.
GROUPS = (
    ("db", "flask_migrate.cli:db", "Perform database migrations."),
    ("letters", "outreach.cli:letters_cli", "Check the letter templates."),
    ("directory", "outreach.cli:directory_cli", "Import and inspect the officials directory."),
    (
        "content",
        "outreach.cli:content_cli",
        "Load the campaign's content (rubric, records, bills).",
    ),
    ("organizers", "outreach.cli:organizers_cli", "Create and list organizer accounts."),
    ("assets", "outreach.cli:assets_cli", "Pre-render the share images."),
    ("export", "outreach.cli:export_cli", "Export the officials directory to files."),
)


def init_app(app: Flask, db: Any, migrations: Path) -> None:
    """Register the stand-ins: Flask-Migrate and every command group."""
    app.extensions["migrate"] = PendingMigrate(app, db, migrations)
    for name, target, help_text in GROUPS:
        app.cli.add_command(LazyGroup(name, target, help_text), name)
