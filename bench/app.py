"""Building the application on a benchmark database, as the tests do.

Everything is derived from :mod:`config`: the project root and the shared
directory mirror (``Config.SHARED_DIRECTORY``); no path is hard-coded.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

from flask import Flask

from config import BASE_DIR, Config
from outreach import create_app

PROJECT_ROOT: Path = BASE_DIR
RESULTS_PATH: Path = BASE_DIR / "bench" / "results.json"


def shared_directory() -> Path:
    """The public data mirror the sync reads.

    :raise SystemExit: with a clear message when the mirror is missing (the
        benchmark never downloads from upstream).
    """
    shared = Path(Config.SHARED_DIRECTORY)
    if not shared.is_dir():
        raise SystemExit(f"bench: the shared directory mirror is missing: {shared}")
    return shared


def database_url(path: Path) -> str:
    """The SQLAlchemy URL of the SQLite file ``path``."""
    return f"sqlite:///{path}"


def bench_config(url: str, instance_dir: Path) -> type[Config]:
    """A Config for an in-process app on ``url``: no geocoder, no CSRF."""
    attrs = {
        "SECRET_KEY": "bench-not-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "INSTANCE_DIR": instance_dir,
        "WTF_CSRF_ENABLED": False,
        "GEOCODER_ENABLED": False,
        "DIRECTORY_SOURCE": "",
    }
    return type("BenchConfig", (Config,), attrs)


def make_app(db_path: Path) -> Flask:
    """The application on the SQLite file ``db_path`` (created when missing)."""
    return create_app(bench_config(database_url(db_path), db_path.parent))


def create_schema(app: Flask) -> None:
    """Create the schema with the project's migrations, as ``make db`` does.

    Alembic's log lines go to a buffer (shown only if the upgrade fails) so
    they do not clutter the report.
    """
    from flask_migrate import upgrade

    buffer = io.StringIO()
    try:
        with contextlib.redirect_stderr(buffer), app.app_context():
            upgrade(directory=str(PROJECT_ROOT / "migrations"))
    except BaseException:
        sys.stderr.write(buffer.getvalue())
        raise
