"""What a web worker loads at start-up: the app, not the CLI's, PDF's or importers' libraries."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

#: Modules only some requests or commands need: none is imported by ``import wsgi``.
LOADED_ON_USE = (
    "alembic",  # migrations: `flask db …`
    "flask_migrate",
    "rich",  # the CLI's tables and progress bars
    "outreach.cli",
    "outreach.directory.sync",  # the importers
    "requests",  # downloads and the geocoder
    "reportlab.platypus",  # printed letters
    "openpyxl",  # (the tests' XLSX reader)
    "PIL.Image",  # share images: drawn on first use
    "email_validator",  # organizer accounts
    "zipcodes",  # the ZIP index is read from its compact file
)


def _modules_after(code: str, tmp_path) -> set[str]:
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))\n"
    env = {"OUTREACH_INSTANCE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_a_web_worker_does_not_import_what_only_some_requests_use(tmp_path):
    loaded = _modules_after("import wsgi", tmp_path)
    assert "outreach.api.views" in loaded  # the app itself is there
    assert not loaded & set(LOADED_ON_USE), sorted(loaded & set(LOADED_ON_USE))


def test_the_command_groups_load_on_use(app, tmp_path):
    """Each group runs, options of its own group included; `flask --help` lists them all."""
    runner = app.test_cli_runner()
    # The migration group's own option (-d) reaches its commands. (Not read from the
    # output: alembic writes to the stdout of the moment it was first imported.)
    current = runner.invoke(args=["db", "-d", str(ROOT / "migrations"), "heads"])
    assert current.exit_code == 0, current.output
    elsewhere = runner.invoke(args=["db", "-d", str(tmp_path / "no-migrations"), "heads"])
    assert elsewhere.exit_code != 0
    status = runner.invoke(args=["directory", "status"])
    assert "The directory is empty" in status.output, status.output
    listed = runner.invoke(args=["--help"])
    for name in ("db", "directory", "content", "organizers", "export", "letters", "assets"):
        assert f"  {name} " in listed.output, name


def test_the_cli_module_starts_without_rich_or_the_importers(tmp_path):
    """`flask directory status` loads the CLI: it needs neither tables nor importers."""
    loaded = _modules_after("import wsgi, outreach.cli", tmp_path)
    for module in ("rich", "outreach.directory.sync", "outreach.directory.importers"):
        assert module not in loaded, module


def test_directory_status_imports_neither_migrations_nor_tables(tmp_path):
    """The command itself, as a person runs it: Python's import log shows what it loaded."""
    env = {
        "OUTREACH_INSTANCE_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "flask",
            "--app",
            "wsgi",
            "directory",
            "status",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    imported = {
        line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line
    }
    assert "outreach.cli" in imported, done.stderr[-2000:]
    # (rich comes with Flask-Limiter's own `flask limiter` command, loaded by every command.)
    for module in ("alembic", "flask_migrate", "outreach.directory.sync"):
        assert module not in imported, module


def _freeze_count(tmp_path, *, cli: bool) -> int:
    """How many objects ``import wsgi`` moved out of the collector's sight."""
    setting = "os.environ['FLASK_RUN_FROM_CLI'] = 'true'\n" if cli else ""
    script = f"import gc, os\n{setting}import wsgi\nprint(gc.get_freeze_count())\n"
    env = {"OUTREACH_INSTANCE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.splitlines()[-1])


def test_a_server_freezes_what_it_loaded_and_a_command_does_not(tmp_path):
    """A server keeps its start-up objects for life (frozen); a `flask` command exits."""
    assert _freeze_count(tmp_path, cli=False) > 10_000
    assert _freeze_count(tmp_path, cli=True) == 0
