"""The command line: ``flask --app wsgi directory status`` from start to exit.

An organizer's command pays for everything the app imports and builds before
it runs. This part times the whole command in a fresh process, as an
organizer types it, on the synced database (``DATABASE_URL``), median of
:data:`RUNS`, interleaved with the import floor: a fresh process that only runs
``import flask``, timed the same way. The note gives both, and the command's
CPU time (a busy machine inflates wall time, not CPU time).

``python -m bench.cli --db PATH`` runs this part alone on a synced SQLite file.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import app as bench_app
from bench.report import Measure
from bench.stats import median

RUNS = 3
#: Target (issue): the status command within 1.5 s of wall time on an idle machine.
MAX_SECONDS = 1.5
COMMAND = ("--app", "wsgi", "directory", "status")
FLOOR = ("-c", "import flask")


def flask_command() -> list[str]:
    """The ``flask`` script of this Python's environment (``python -m flask`` without one)."""
    script = Path(sys.executable).parent / "flask"
    return [str(script)] if script.exists() else [sys.executable, "-m", "flask"]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``argv`` to its end; its wall time and CPU time (user + system), in seconds.

    :raise RuntimeError: when it fails.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        argv,
        cwd=bench_app.PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


@dataclass
class CliResult:
    """Wall and CPU times of the command and of the import floor."""

    command: list[float] = field(default_factory=list)
    command_cpu: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    floor_cpu: list[float] = field(default_factory=list)

    def measures(self) -> list[Measure]:
        """The report row for this part."""
        return [
            Measure.check(
                "CLI: flask --app wsgi directory status",
                median(self.command),
                "s",
                "<=",
                MAX_SECONDS,
                note=(
                    f"start to exit, median of {len(self.command)}; CPU "
                    f'{median(self.command_cpu):.2f} s; floor `python -c "import flask"` '
                    f"{median(self.floor):.2f} s (CPU {median(self.floor_cpu):.2f} s)"
                ),
            )
        ]

    def details(self) -> dict:
        """Raw figures for results.json."""
        return {
            "command_seconds": self.command,
            "command_cpu_seconds": self.command_cpu,
            "floor_seconds": self.floor,
            "floor_cpu_seconds": self.floor_cpu,
        }


def run(db_path: Path, runs: int = RUNS) -> CliResult:
    """Time the command on the SQLite file ``db_path``, interleaved with the floor."""
    env = {
        **os.environ,
        "DATABASE_URL": bench_app.database_url(db_path),
        "OUTREACH_GEOCODER": "0",
        "OUTREACH_INSTANCE_DIR": str(db_path.parent),
        "COLUMNS": "200",
    }
    command = [*flask_command(), *COMMAND]
    floor = [sys.executable, *FLOOR]
    timed(command, env)  # warm the OS page cache and the bytecode caches: untimed
    result = CliResult()
    for _ in range(runs):
        wall, cpu = timed(floor, env)
        result.floor.append(wall)
        result.floor_cpu.append(cpu)
        wall, cpu = timed(command, env)
        result.command.append(wall)
        result.command_cpu.append(cpu)
    return result


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a manual entry point
    """``python -m bench.cli --db PATH``: this part alone, printed as the report's table."""
    from rich.console import Console

    from bench.report import Report

    parser = argparse.ArgumentParser(prog="python -m bench.cli")
    parser.add_argument("--db", type=Path, required=True, help="a synced SQLite file")
    args = parser.parse_args(argv)
    report = Report()
    report.add(*run(args.db).measures())
    report.print(Console(width=130))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
