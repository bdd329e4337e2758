"""Measure 3: exporting the whole directory, cold and cached, through the Flask test client.

Runs in a child process (``python -m bench.exports --db PATH``) so that the
memory the sync left in the parent does not count. The child builds the app
on the synced database with its own empty folder of built files, makes one
small export per format (imports, caches), then, for each format:

* **cold build**: the export of the whole directory is built once per
  directory and content version and kept on disk (``built_exports``); the
  first request after a new version builds it (query, rows, file, store) and
  every later one reads the stored file. The folder of built files is emptied
  before each cold run, which is what a new version does; the time is from the
  request to the last byte, read chunk by chunk as a client would. Median of
  :data:`RUNS`; the note adds the median CPU time of this process, which a busy
  machine does not inflate. The targets are on these: the first supporter to
  ask after a sync waits for them.
* **cached serve**: the same request again, answered from the stored file.
  Median of :data:`RUNS`.

Memory is the peak resident set size during the first cold CSV build minus the
resident size just before it (Linux: the peak is reset through ``/proc/self/clear_refs``
before each export, then read as ``VmHWM``). A second figure, Python's own
allocations at their peak (``tracemalloc``), is taken in a separate cold build,
as tracing slows the export down.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

from bench import app as bench_app
from bench.report import Measure
from bench.stats import median
from outreach import create_app

RUNS = 3
#: Cold build targets, seconds (issue: XLSX ≤ 0.6 s, CSV ≤ 0.4 s); vCard and JSON: none.
MAX_COLD_SECONDS = {"csv": 0.4, "xlsx": 0.6}
MAX_MIB = 50.0
MIB = 1024 * 1024
FORMATS = ("csv", "xlsx", "vcf", "json")
LABELS = {"csv": "CSV", "xlsx": "XLSX", "vcf": "vCard", "json": "JSON"}


def _status_kib(field_name: str) -> int | None:
    """A ``VmRSS``/``VmHWM`` line of /proc/self/status, in KiB (None off Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset the peak RSS (``VmHWM``) to the current RSS; False when not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@dataclass
class Download:
    """One streamed export: its time, size and memory."""

    seconds: float
    cpu_seconds: float
    first_byte: float
    size: int
    chunks: int
    rss_delta: int | None  # bytes above the RSS before the request


def stream(client, path: str, *, measure_rss: bool = True) -> Download:
    """GET ``path`` and read the body chunk by chunk, as a client would."""
    gc.collect()
    before = _status_kib("VmRSS") if measure_rss else None
    can_peak = measure_rss and before is not None and _reset_peak()
    start = time.perf_counter()
    cpu = time.process_time()
    response = client.get(path, buffered=False)
    first = None
    size = chunks = 0
    try:
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        for chunk in response.response:
            if first is None:
                first = time.perf_counter() - start
            size += len(chunk)
            chunks += 1
    finally:
        response.close()
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    rss = None
    if can_peak:
        peak = _status_kib("VmHWM")
        rss = max(0, (peak - before) * 1024) if peak is not None else None
    return Download(seconds, cpu, first or seconds, size, chunks, rss)


def _timing(runs: list[Download]) -> dict:
    return {
        "seconds": [r.seconds for r in runs],
        "cpu_seconds": [r.cpu_seconds for r in runs],
        "bytes": runs[0].size,
    }


def measure(db_path: Path) -> dict:
    """Everything this part measures, as JSON-ready data (runs in the child)."""
    with tempfile.TemporaryDirectory(prefix="outreach-bench-exports-") as cache:
        # Built files of its own: never a file a previous run left for the same version.
        config = type(
            "ExportBenchConfig",
            (bench_app.bench_config(bench_app.database_url(db_path), db_path.parent),),
            {"SHARE_CACHE_DIR": Path(cache)},
        )
        app = create_app(config)  # OUTREACH_RATELIMIT=0: see run()
        return _measure(app)


def _measure(app) -> dict:
    client = app.test_client()
    built = app.extensions["built_exports"]
    with app.app_context():
        from outreach.extensions import db
        from outreach.models import Person

        officials = db.session.query(Person).count()
        db.session.remove()
    for fmt in FORMATS:
        stream(client, f"/export/officials.{fmt}?state=DC", measure_rss=False)

    def cold(fmt: str, *, measure_rss: bool = True) -> Download:
        shutil.rmtree(built.root, ignore_errors=True)  # what a new version does
        return stream(client, f"/export/officials.{fmt}", measure_rss=measure_rss)

    result: dict = {"officials": officials, "cold": {}, "cached": {}}
    # The first cold CSV build is the one that can grow the process: its peak is
    # the memory figure. Later runs reuse what it freed, so they only add time.
    csv_cold = [cold("csv") for _ in range(RUNS)]
    result["csv_rss_delta_bytes"] = [r.rss_delta for r in csv_cold if r.rss_delta is not None]
    gc.collect()
    tracemalloc.start()
    cold("csv", measure_rss=False)
    _, result["csv_tracemalloc_peak_bytes"] = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    for fmt in FORMATS:
        runs = csv_cold if fmt == "csv" else [cold(fmt) for _ in range(RUNS)]
        result["cold"][fmt] = _timing(runs)
        result["cold"][fmt]["rss_delta_bytes"] = runs[0].rss_delta
        cached = [stream(client, f"/export/officials.{fmt}") for _ in range(RUNS)]
        result["cached"][fmt] = _timing(cached)
        if cached[0].size != runs[-1].size:  # the store keeps the last build
            raise RuntimeError(f"the stored {fmt} file differs from the one built")
    result["baseline_rss_bytes"] = (_status_kib("VmRSS") or 0) * 1024
    return result


@dataclass
class ExportResult:
    """The child's figures and the report rows made from them."""

    data: dict = field(default_factory=dict)

    def measures(self) -> list[Measure]:
        """The report rows for this part."""
        d = self.data
        rows = []
        for fmt in FORMATS:
            cold = d["cold"][fmt]
            seconds = median(cold["seconds"])
            name = f"Export: full-directory {LABELS[fmt]}, cold build"
            memory = cold.get("rss_delta_bytes")
            note = (
                f"{d['officials']:,} officials, {cold['bytes'] / MIB:.1f} MiB; median of {RUNS}, "
                f"CPU {median(cold['cpu_seconds']):.2f} s"
                + (f"; peak RSS +{memory / MIB:.0f} MiB" if memory is not None else "")
            )
            if fmt in MAX_COLD_SECONDS:
                rows.append(Measure.check(name, seconds, "s", "<=", MAX_COLD_SECONDS[fmt], note))
            else:
                rows.append(Measure(name, seconds, "s", note=note))
        cached = {fmt: median(d["cached"][fmt]["seconds"]) for fmt in FORMATS}
        rows.append(
            Measure(
                "Export: full directory, cached file served",
                max(cached.values()),
                "s",
                note="slowest; "
                + ", ".join(f"{LABELS[f]} {s * 1000:.0f} ms" for f, s in cached.items())
                + f", median of {RUNS} each",
            )
        )
        traced = d["csv_tracemalloc_peak_bytes"] / MIB
        if d["csv_rss_delta_bytes"]:
            rows.append(
                Measure.check(
                    "Export: CSV peak memory above baseline",
                    d["csv_rss_delta_bytes"][0] / MIB,
                    "MiB",
                    "<=",
                    MAX_MIB,
                    note=f"peak RSS − RSS before, first cold build; Python allocations "
                    f"(tracemalloc) peak {traced:.1f} MiB",
                )
            )
        else:
            rows.append(
                Measure.check(
                    "Export: CSV peak memory above baseline",
                    traced,
                    "MiB",
                    "<=",
                    MAX_MIB,
                    note="tracemalloc peak (peak RSS not readable here)",
                )
            )
        return rows

    def details(self) -> dict:
        """Raw figures for results.json."""
        return self.data


def run(db_path: Path) -> ExportResult:
    """Measure in a child process on the synced database at ``db_path``."""
    env = {**os.environ, "OUTREACH_RATELIMIT": "0", "OUTREACH_GEOCODER": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.exports", "--db", str(db_path)],
        cwd=bench_app.PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the export measure failed:\n{done.stderr[-3000:]}")
    return ExportResult(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.exports``: this part alone, printed as the report's table.

    With ``--db PATH`` (as ``make bench`` runs it, in a child process): measure
    on that synced database and print one line of JSON. Without it: sync a fresh
    database into a temporary folder, measure in a child and print the rows; with
    ``--keep PATH`` the synced database is kept there, for later runs with ``--db``.
    """
    parser = argparse.ArgumentParser(prog="python -m bench.exports")
    parser.add_argument("--db", type=Path, help="the synced SQLite file (prints JSON)")
    parser.add_argument("--keep", type=Path, help="without --db: keep the synced file here")
    args = parser.parse_args(argv)
    if args.db is not None:
        print(json.dumps(measure(args.db)))
        return 0
    from rich.console import Console

    from bench import sync
    from bench.report import Report

    err = Console(stderr=True)
    with tempfile.TemporaryDirectory(prefix="outreach-bench-exports-") as tmp:
        database = args.keep or Path(tmp) / "sync.sqlite3"
        err.print(f"Syncing the shared directory mirror into {database}")
        sync.timed_sync(database, bench_app.shared_directory())
        err.print("Officials export: whole directory, cold and cached, per format")
        result = run(database)
    report = Report()
    report.add(*result.measures())
    report.print(Console(width=130))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
