"""``python -m bench``: run every measure, print the table, write bench/results.json.

Exits 0 when everything could be measured, even if a target is missed (that
is marked FAIL in the report); exits 1 only when a part could not run at all.
"""

from __future__ import annotations

import argparse
import os
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console

from bench import app as bench_app
from bench import boot, cli, exports, http, lookup, mix, server, sync
from bench import share as share_bench
from bench.report import Measure, Report

T = TypeVar("T")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line: how many sync runs, which parts, where to write."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="sync and floor runs (default 3)")
    parser.add_argument(
        "--no-http", action="store_true", help="skip the gunicorn measures (and the mixed load)"
    )
    parser.add_argument(
        "--mix-seconds",
        type=int,
        default=mix.DEFAULT_SECONDS,
        help=f"how long Locust runs the mixed load (default {mix.DEFAULT_SECONDS})",
    )
    parser.add_argument(
        "--http-seconds",
        type=int,
        default=int(http.MEASURE_SECONDS),
        help=f"how long wrk loads each route (default {http.MEASURE_SECONDS:.0f})",
    )
    parser.add_argument(
        "--output", type=Path, default=bench_app.RESULTS_PATH, help="where to write the JSON"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not 1 <= args.mix_seconds <= 600:
        parser.error("--mix-seconds must be between 1 and 600")
    if not 1 <= args.http_seconds <= 600:
        parser.error("--http-seconds must be between 1 and 600")
    return args


def _interrupt(signum: int, _frame: object) -> None:
    """Turn SIGTERM into KeyboardInterrupt so cleanup (stopping gunicorn) runs."""
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    console = Console()
    if not console.is_terminal:
        console = Console(width=130)
    err = Console(stderr=True)
    report = Report()
    failed = False
    load_before = os.getloadavg()
    report.details["load_average_before"] = load_before
    cpus = os.cpu_count() or 1
    if load_before[0] > cpus / 2:
        err.print(
            f"[yellow]The machine is busy (load {load_before[0]:.1f} on {cpus} CPUs): "
            "expect noisy figures.[/]"
        )
    started = time.perf_counter()

    def part(title: str, name: str, body: Callable[[], T]) -> T | None:
        nonlocal failed
        err.print(f"[bold]{title}[/]")
        try:
            return body()
        except Exception as error:
            failed = True
            err.print(traceback.format_exc())
            report.add(Measure.unavailable(name, "error", note=f"{type(error).__name__}: {error}"))
            return None

    def stage(title: str, name: str, key: str, body: Callable[[], Any], skip: str | None) -> Any:
        """Run one part unless ``skip`` says why not; record its measures and details."""
        nonlocal failed
        if skip:
            report.add(Measure.unavailable(name, "skipped", note=skip))
            return None
        result = part(title, name, body)
        if result is not None:
            report.add(*result.measures())
            report.details[key] = result.details()
            failed = failed or getattr(result, "error", None) is not None
        return result

    with tempfile.TemporaryDirectory(prefix="outreach-bench-") as tmp:
        workdir = Path(tmp)
        synced = stage(
            f"1/5 Directory sync vs YAML parse floor ({args.runs} runs each)",
            "Directory sync",
            "sync",
            lambda: sync.run(workdir, args.runs, log=err.print),
            None,
        )
        database = synced.database if synced else None
        no_database = "no database" if database is None else None
        no_http = "--no-http" if args.no_http else no_database
        stage(
            f"2/5 lookup_zip latency ({lookup.SAMPLE} ZIPs, in-process)",
            "lookup_zip latency",
            "lookup",
            lambda: lookup.run(database),
            no_database,
        )
        stage(
            "3/5 Officials export: whole directory, cold build and cached file, per format "
            "(child process)",
            "Export: full directory",
            "exports",
            lambda: exports.run(database),
            no_database,
        )
        stage(
            "Command line: flask --app wsgi directory status vs import flask",
            "CLI: flask --app wsgi directory status",
            "cli",
            lambda: cli.run(database),
            no_database,
        )
        stage(
            "Start-up: import and worker boot, the app vs Flask + SQLAlchemy",
            "Start-up",
            "boot",
            lambda: boot.run(database, workdir),
            no_http,
        )
        stage(
            f"4/5 Requests/second under gunicorn, {args.http_seconds} s a route "
            f"({server.describe()})",
            "HTTP under gunicorn",
            "http",
            lambda: http.run(database, workdir, log=err.print, seconds=args.http_seconds),
            no_http,
        )
        stage(
            f"5/5 Mixed load: Locust, {mix.USERS} users, {args.mix_seconds} s, "
            "against gunicorn as shipped",
            "Mix: Locust load",
            "mix",
            lambda: mix.run(database, workdir, args.mix_seconds, log=err.print),
            no_http,
        )
        stage(
            "Share images: cold render per kind and size, cached serving (in-process)",
            "Share images",
            "share",
            lambda: share_bench.run(workdir / "share"),
            None,
        )

    load_after = os.getloadavg()
    report.details["load_average_after"] = load_after
    report.add(
        Measure(
            "Machine: 1-min load average",
            load_before[0],
            "load",
            note=f"before; {load_after[0]:.1f} after, on {cpus} CPUs (others' work adds noise)",
        )
    )
    report.details["bench_seconds"] = time.perf_counter() - started
    report.print(console)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    report.write(args.output, bench_app.PROJECT_ROOT)
    console.print(
        f"Wrote {args.output} ({report.details['bench_seconds']:.0f} s; "
        f"load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f})."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except KeyboardInterrupt:
        Console(stderr=True).print("[bold red]Interrupted: no results written.[/]")
        raise SystemExit(130) from None
