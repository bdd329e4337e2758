"""A first run that explains itself: `make run`'s port check, `make directory` without a
reachable source, and the sync summary at 80 columns."""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import sys

import pytest

from outreach.cli import SHORT_OFFICE
from tests import sources
from tests.conftest import ROOT
from tests.net import free_port

CHECK_PORT = ROOT / "scripts" / "check_port.py"


def test_a_busy_port_gets_our_message_and_a_way_out():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, str(CHECK_PORT), "127.0.0.1", str(port)],
            capture_output=True,
            text=True,
        )
    assert done.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in done.stderr
    assert f"make run PORT={port + 1}" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_free_port_passes_and_a_bad_one_is_explained():
    free = subprocess.run([sys.executable, str(CHECK_PORT), "127.0.0.1", str(free_port())])
    assert free.returncode == 0
    bad = subprocess.run(
        [sys.executable, str(CHECK_PORT), "127.0.0.1", "http"], capture_output=True, text=True
    )
    assert bad.returncode == 2
    assert "usage" in bad.stderr


def test_make_run_checks_the_port_before_serving():
    planned = subprocess.run(
        ["make", "-n", "run", "PORT=5123", "HOST=127.0.0.1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    lines = planned.stdout.splitlines()
    check = next(i for i, text in enumerate(lines) if "check_port.py 127.0.0.1 5123" in text)
    serve = next(i for i, text in enumerate(lines) if "run --host 127.0.0.1 --port 5123" in text)
    assert check < serve


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_directory_loads_the_content_when_the_source_is_unreachable(tmp_path):
    """No mirror, no network: the sync says what it tried and how to point elsewhere;
    the campaign content, which is local, is loaded all the same."""
    database = tmp_path / "first-run.sqlite3"
    unreachable = f"http://127.0.0.1:{free_port()}"
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{database}",
        "OUTREACH_INSTANCE_DIR": str(tmp_path),
        "OUTREACH_DIRECTORY_SOURCE": unreachable,
        "OUTREACH_DOWNLOAD_TIMEOUT": "5",
    }
    flask = f"{sys.executable} -m flask --app wsgi"
    upgrade = subprocess.run(
        [*flask.split(), "db", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert upgrade.returncode == 0, upgrade.stderr
    # `install` and `db` are not remade: the virtualenv is there, the schema too.
    done = subprocess.run(
        ["make", "-o", "install", "-o", "db", "directory", f"FLASK={flask}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = " ".join((done.stdout + done.stderr).split())
    assert done.returncode == 0, output[-3000:]
    assert "Sync failed; the directory is unchanged." in output
    assert f"Source tried: {unreachable}." in output
    assert "--source PATH|URL|upstream" in output
    assert "OUTREACH_DIRECTORY_SOURCE" in output
    assert "loading the campaign content anyway" in output
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT COUNT(*) FROM criteria").fetchone()[0] > 0
        assert conn.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 0


def test_the_sync_summary_fits_80_columns(runner, tmp_path):
    source = sources.write_source(tmp_path / "source")
    result = runner.invoke(
        args=["directory", "sync", "--source", str(source)], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(line for line in lines if line.startswith("State") and "Total" in line)
    assert header.split() == ["State", *" ".join(SHORT_OFFICE.values()).split(), "Total"]
    table = lines[: lines.index(header) + 9]
    assert all(len(line) <= 80 and "…" not in line for line in table), table
    # Each short header is explained.
    legend = " ".join(result.output.split())
    assert "Lt Gov = Lieutenant Governor" in legend
    assert "SoS = Secretary of State" in legend
