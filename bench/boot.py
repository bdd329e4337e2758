"""Start-up: the app against the Flask + SQLAlchemy floor, measured the same way.

Two measures, each run for the app (``wsgi:app``) and for the floor
(``bench/floor_app.py``: Flask, Flask-SQLAlchemy, one trivial route),
interleaved, median of :data:`RUNS`:

- **Import**: a fresh Python process times ``import flask, flask_sqlalchemy,
  sqlalchemy`` (the floor), then the app's module; the share of the total that
  the app adds is printed, with the process's resident memory after each.
- **Worker boot, fork to first answer**: gunicorn with the shipped settings
  (``bench/boot_conf.py`` only adds two timestamps) and one worker; a client
  asks ``/healthz`` every few milliseconds from the start; the worker notes
  the moment it was forked and the moment its first answer was done. With
  ``preload_app`` the import happens once in the master, before the fork: the
  note gives that start too (process start to first answer, as the client saw it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench import app as bench_app
from bench import server
from bench.report import Measure
from bench.stats import median

RUNS = 3
MAX_BOOT_RATIO = 1.5
POLL_SECONDS = 0.002
APP, FLOOR = "wsgi:app", "bench.floor_app:app"

_IMPORT_SCRIPT = """
import json, sys, time
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
start = time.perf_counter()
import flask, flask_sqlalchemy, sqlalchemy
floor = time.perf_counter() - start
floor_rss = rss()
start = time.perf_counter()
__import__(sys.argv[1])
app = time.perf_counter() - start
print(json.dumps({"floor": floor, "app": app, "floor_rss": floor_rss, "rss": rss()}))
"""


@dataclass
class BootResult:
    """Import times and worker boots of the app and of the floor."""

    imports: list[dict] = field(default_factory=list)
    boots: dict[str, list[float]] = field(default_factory=dict)
    starts: dict[str, list[float]] = field(default_factory=dict)

    def measures(self) -> list[Measure]:
        """The report rows for this part."""
        rows = []
        if self.imports:
            floor = median([r["floor"] for r in self.imports])
            app = median([r["app"] for r in self.imports])
            share = app / (floor + app) if floor + app else 0.0
            rows.append(
                Measure(
                    "Start-up: import, floor / app's own",
                    floor + app,
                    "s",
                    note=f"Flask + SQLAlchemy {floor:.2f} s, then `import wsgi` {app:.2f} s: "
                    f"the app adds {share:.0%} of the import time; RSS "
                    f"{median([r['floor_rss'] for r in self.imports]):.0f} → "
                    f"{median([r['rss'] for r in self.imports]):.0f} MiB",
                )
            )
        app_boot, floor_boot = self.boots.get(APP), self.boots.get(FLOOR)
        if app_boot and floor_boot:
            ours, base = median(app_boot), median(floor_boot)
            starts = (
                f"; process start to first answer {median(self.starts[APP]):.2f} s "
                f"(floor {median(self.starts[FLOOR]):.2f} s)"
            )
            rows.append(
                Measure.check(
                    "Start-up: worker boot ÷ floor (fork to first answer)",
                    ours / base if base else float("inf"),
                    "x",
                    "<=",
                    MAX_BOOT_RATIO,
                    note=f"{ours * 1000:.0f} ms vs floor {base * 1000:.0f} ms, "
                    f"median of {len(app_boot)}{starts}",
                )
            )
        return rows

    def details(self) -> dict:
        """Raw figures for results.json."""
        return {
            "imports": self.imports,
            "worker_boot_seconds": self.boots,
            "process_start_to_answer_seconds": self.starts,
            "server": server.describe(),
        }


def _import_once(db_path: Path) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": bench_app.database_url(db_path),
        "OUTREACH_INSTANCE_DIR": str(db_path.parent),
    }
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_SCRIPT, "wsgi"],
        cwd=bench_app.PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def _boot_once(app: str, db_path: Path, workdir: Path) -> tuple[float, float]:
    """(fork → first answer, process start → first answer) in seconds, one worker."""
    log = workdir / f"boot-{app.split(':')[0]}.log"
    log.unlink(missing_ok=True)
    extra = {"BENCH_BOOT_LOG": str(log), "GUNICORN_WORKERS": "1"}
    started = time.perf_counter()
    port = server.free_port()
    env = server.server_environment(db_path, port, extra)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(Path(__file__).resolve().parent / "boot_conf.py"),
        "--no-control-socket",
        app,
    ]
    with (workdir / "boot-gunicorn.log").open("ab") as out:
        process = subprocess.Popen(
            command,
            cwd=bench_app.PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + server.START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn serving {app} exited with {process.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                time.sleep(POLL_SECONDS)
        else:
            raise RuntimeError(f"gunicorn serving {app} did not answer")
        start_to_answer = time.perf_counter() - started
        time.sleep(0.2)  # let the worker write its note
    finally:
        server.stop(process)
    events = {}
    for line in log.read_text().splitlines():
        event, pid, stamp = line.split()
        events.setdefault(pid, {})[event] = float(stamp)
    boots = [e["answer"] - e["fork"] for e in events.values() if {"fork", "answer"} <= set(e)]
    if not boots:
        raise RuntimeError(f"no worker of {app} noted its fork and first answer")
    return min(boots), start_to_answer


def run(db_path: Path, workdir: Path, runs: int = RUNS) -> BootResult:
    """Measure the app and the floor, interleaved, ``runs`` times each."""
    result = BootResult(boots={APP: [], FLOOR: []}, starts={APP: [], FLOOR: []})
    for _ in range(runs):
        result.imports.append(_import_once(db_path))
        for app in (FLOOR, APP):
            boot, start = _boot_once(app, db_path, workdir)
            result.boots[app].append(boot)
            result.starts[app].append(start)
    return result
