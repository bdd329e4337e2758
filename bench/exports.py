"""Measure 3: exporting the whole directory, time and memory, through the Flask test client.

Runs in a child process (``python -m bench.exports --db PATH``) so that the
memory the sync left in the parent does not count. The child builds the app
on the synced database, makes one small export per format (imports, caches),
then streams ``/export/officials.csv`` three times (the database was
just written by the sync, so its pages are in the OS cache), reading the body chunk by chunk as a
client would; the time is from the request to the last byte.

Memory is the peak resident set size during the first full export minus the
resident size just before it (Linux: the peak is reset through ``/proc/self/clear_refs``
before each export, then read as ``VmHWM``). A second figure, Python's own
allocations at their peak (``tracemalloc``), is taken in a separate run, as
tracing slows the export down. The other formats (XLSX, vCard, JSON) are
timed once each, for information.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

from bench import app as bench_app
from bench.report import Measure
from bench.stats import median

RUNS = 3
MAX_SECONDS = 1.0
MAX_MIB = 50.0
MIB = 1024 * 1024
FORMATS = ("csv", "xlsx", "vcf", "json")


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
    rss = None
    if can_peak:
        peak = _status_kib("VmHWM")
        rss = max(0, (peak - before) * 1024) if peak is not None else None
    return Download(seconds, first or seconds, size, chunks, rss)


def measure(db_path: Path) -> dict:
    """Everything this part measures, as JSON-ready data (runs in the child)."""
    app = bench_app.make_app(db_path)  # OUTREACH_RATELIMIT=0: see run()
    client = app.test_client()
    with app.app_context():
        from outreach.extensions import db
        from outreach.models import Person

        officials = db.session.query(Person).count()
        db.session.remove()
    for fmt in FORMATS:
        stream(client, f"/export/officials.{fmt}?state=DC", measure_rss=False)
    # The first full export is the one that can grow the process: its peak is
    # the memory figure. Later runs reuse what it freed, so they only add time.
    runs = [stream(client, "/export/officials.csv") for _ in range(RUNS)]
    gc.collect()
    tracemalloc.start()
    stream(client, "/export/officials.csv", measure_rss=False)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    others = {fmt: stream(client, f"/export/officials.{fmt}") for fmt in FORMATS[1:]}
    rss = [r.rss_delta for r in runs if r.rss_delta is not None]
    return {
        "officials": officials,
        "csv_seconds": [r.seconds for r in runs],
        "csv_first_byte_seconds": [r.first_byte for r in runs],
        "csv_bytes": runs[0].size,
        "csv_chunks": runs[0].chunks,
        "csv_rss_delta_bytes": rss,  # the first is the figure
        "csv_tracemalloc_peak_bytes": traced_peak,
        "baseline_rss_bytes": (_status_kib("VmRSS") or 0) * 1024,
        "others": {
            fmt: {
                "seconds": d.seconds,
                "bytes": d.size,
                "rss_delta_bytes": d.rss_delta,
            }
            for fmt, d in others.items()
        },
    }


@dataclass
class ExportResult:
    """The child's figures and the report rows made from them."""

    data: dict = field(default_factory=dict)

    def measures(self) -> list[Measure]:
        """The report rows for this part."""
        d = self.data
        seconds = median(d["csv_seconds"])
        rows = [
            Measure.check(
                "Export: full-directory CSV",
                seconds,
                "s",
                "<=",
                MAX_SECONDS,
                note=(
                    f"{d['officials']:,} officials, {d['csv_bytes'] / MIB:.1f} MiB in "
                    f"{d['csv_chunks']} chunks via the test client, median of {RUNS}; first "
                    f"byte {median(d['csv_first_byte_seconds']) * 1000:.0f} ms"
                ),
            )
        ]
        traced = d["csv_tracemalloc_peak_bytes"] / MIB
        if d["csv_rss_delta_bytes"]:
            rows.append(
                Measure.check(
                    "Export: CSV peak memory above baseline",
                    d["csv_rss_delta_bytes"][0] / MIB,
                    "MiB",
                    "<=",
                    MAX_MIB,
                    note=f"peak RSS − RSS before, first full export; Python allocations "
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
        labels = {"xlsx": "XLSX", "vcf": "vCard", "json": "JSON"}
        for fmt, other in d["others"].items():
            memory = other["rss_delta_bytes"]
            rows.append(
                Measure(
                    f"Export: full-directory {labels[fmt]}",
                    other["seconds"],
                    "s",
                    note=f"{other['bytes'] / MIB:.1f} MiB"
                    + (f"; peak RSS +{memory / MIB:.0f} MiB" if memory is not None else ""),
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
    """The child: measure and print one line of JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.exports")
    parser.add_argument("--db", type=Path, required=True, help="the synced SQLite file")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.db)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
