"""Run gunicorn on the synced database for the HTTP measures, and always stop it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from runpy import run_path

from bench import app as bench_app

#: The project's gunicorn settings, served as they ship.
SHIPPED_CONF = bench_app.PROJECT_ROOT / "gunicorn.conf.py"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


@cache
def shipped() -> dict:
    """The settings gunicorn.conf.py gives (with no GUNICORN_* override in the environment)."""
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("GUNICORN_")}
    try:
        return {k: v for k, v in run_path(str(SHIPPED_CONF)).items() if k.islower()}
    finally:
        os.environ.update(saved)


def workers() -> int:
    """How many workers the shipped settings start on this machine."""
    return int(shipped()["workers"])


def describe() -> str:
    """The shipped settings that shape throughput, in a few words (for the report)."""
    conf = shipped()
    kind = conf["worker_class"]
    if kind == "gthread":
        kind = f"gthread × {conf['threads']}"
    recycle = (
        f"recycled after {conf['max_requests']:,} ± {conf['max_requests_jitter']:,} requests"
        if conf["max_requests"]
        else "no recycling"
    )
    return (
        f"gunicorn.conf.py as shipped: {conf['workers']} {kind} workers, "
        f"{'preloaded' if conf['preload_app'] else 'not preloaded'}, {recycle}, "
        f"access log {'on' if conf['accesslog'] else 'off'}"
    )


@dataclass
class Server:
    """A running gunicorn: its base URL, master process and log file."""

    url: str
    process: subprocess.Popen
    log: Path

    def worker_rss_mib(self, field: str = "VmRSS:") -> list[float]:
        """Resident memory of each worker, in MiB (empty when unknown).

        ``field="Pss:"`` gives each worker's proportional share instead (pages
        shared with the master and the other workers divided among them).
        """
        source = "status" if field == "VmRSS:" else "smaps_rollup"
        sizes = []
        for pid in _children(self.process.pid):
            try:
                status = Path(f"/proc/{pid}/{source}").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith(field):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(db_path: Path, port: int, extra: dict[str, str] | None = None) -> dict:
    """The environment gunicorn and the app are built from.

    No GUNICORN_* override: gunicorn.conf.py serves as it ships (workers,
    worker class, preload, recycling, access log), on a free port of 127.0.0.1.
    ``OUTREACH_RATELIMIT=0`` turns every rate limit off: the benchmark measures
    what the server can do, not the limiter (which would answer 429 to the load,
    all from one address).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    env.update(
        {
            "DATABASE_URL": bench_app.database_url(db_path),
            "OUTREACH_GEOCODER": "0",
            "OUTREACH_RATELIMIT": "0",
            "OUTREACH_ENV": "production",
            "OUTREACH_INSTANCE_DIR": str(db_path.parent),
            "SECRET_KEY": "bench-" + os.urandom(32).hex(),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("GUNICORN_CMD_ARGS", None)
    env.update(extra or {})
    return env


@contextmanager
def gunicorn(
    db_path: Path,
    log: Path,
    extra_env: dict[str, str] | None = None,
    *,
    app: str = "wsgi:app",
    config: Path = SHIPPED_CONF,
    workers_expected: int | None = None,
) -> Iterator[Server]:
    """Start gunicorn (own process group) on a free port; stop it on exit, whatever happens.

    It serves ``app`` with ``config`` (the shipped gunicorn.conf.py), with the
    control socket off so that it never takes over another gunicorn's.
    """
    port = free_port()
    root = bench_app.PROJECT_ROOT
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(config),
        "--no-control-socket",
        app,
    ]
    with log.open("wb") as log_handle:
        process = subprocess.Popen(
            command,
            cwd=root,
            env=server_environment(db_path, port, extra_env),
            stdin=subprocess.DEVNULL,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_ready(server, workers() if workers_expected is None else workers_expected)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn's whole process group: TERM, then KILL after a grace period."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


def _wait_ready(server: Server, expected: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited with {server.process.returncode}: see {server.log}\n"
                + _tail(server.log)
            )
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=2) as response:
                if response.status == 200 and len(_children(server.process.pid)) >= expected:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within {START_TIMEOUT:.0f} s")


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
