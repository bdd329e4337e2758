"""Measure 1: full directory sync into a fresh SQLite file, beside the parse floor.

The floor is the time just to parse every YAML file the sync reads, with the
same loader (libyaml's ``CSafeLoader``): the five congress-legislators files
and the Open States ``legislature``, ``executive`` and ``committees`` files,
listed by the importer's own functions so the set is the same.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench import app as bench_app
from bench.report import Measure
from bench.stats import median
from outreach.directory import sync as directory_sync
from outreach.directory.importers import YamlLoader, congress, openstates
from outreach.directory.importers.sources import SourceTree, local_tree
from outreach.extensions import db

#: Target: the sync takes at most this many times the parse floor.
MAX_RATIO = 1.5


@dataclass
class SyncRun:
    """One timed sync: wall time and the parse/write split that run_sync reports."""

    total: float
    parse: float
    write: float


@dataclass
class SyncResult:
    """Every run of the floor and the sync, and the database of the last sync."""

    files: int
    floor_runs: list[float] = field(default_factory=list)
    sync_runs: list[SyncRun] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    database: Path | None = None

    @property
    def floor(self) -> float:
        """Median floor time, seconds."""
        return median(self.floor_runs)

    @property
    def sync(self) -> float:
        """Median sync wall time, seconds."""
        return median([r.total for r in self.sync_runs])

    @property
    def ratio(self) -> float:
        """Median sync over median floor."""
        return self.sync / self.floor

    def measures(self) -> list[Measure]:
        """The report rows for this part."""
        n = len(self.sync_runs)
        return [
            Measure(
                "Sync: YAML parse floor",
                self.floor,
                "s",
                note=f"{self.files:,} files, median of {n}",
            ),
            Measure("Sync: full sync, fresh SQLite", self.sync, "s", note=f"median of {n}"),
            Measure(
                "Sync: parse+validate / write+commit",
                None,
                "",
                note=(
                    f"{median([r.parse for r in self.sync_runs]):.2f} s / "
                    f"{median([r.write for r in self.sync_runs]):.2f} s"
                ),
            ),
            Measure.check("Sync ÷ parse floor", self.ratio, "x", "<=", MAX_RATIO),
        ]

    def details(self) -> dict:
        """Raw figures for results.json."""
        return {
            "yaml_files": self.files,
            "floor_seconds": self.floor_runs,
            "sync_seconds": [r.total for r in self.sync_runs],
            "sync_parse_seconds": [r.parse for r in self.sync_runs],
            "sync_write_seconds": [r.write for r in self.sync_runs],
            "floor_median": self.floor,
            "sync_median": self.sync,
            "ratio": self.ratio,
            "counts": {k: v for k, v in self.counts.items() if k != "by_state"},
        }


def yaml_files(tree: SourceTree) -> list[Path]:
    """Every YAML file a sync of ``tree`` parses, in the order it parses them."""
    files = [tree.congress / name for name in congress.FILES]
    files += [path for _abbr, path in openstates.person_files(tree.openstates_data)]
    files += [
        path
        for _abbr, folder in openstates.state_folders(tree.openstates_data)
        for path in sorted((folder / "committees").glob("*.yml"))
    ]
    return files


def warm_page_cache(tree: SourceTree, files: list[Path]) -> None:
    """Read every file the sync reads once, untimed, so all runs see a warm cache."""
    for path in [*files, tree.zccd]:
        path.read_bytes()


def parse_floor(files: list[Path]) -> float:
    """Seconds to open and parse every file in ``files`` with the sync's loader."""
    start = time.perf_counter()
    for path in files:
        with path.open("rb") as handle:
            yaml.load(handle, Loader=YamlLoader)
    return time.perf_counter() - start


def timed_sync(db_path: Path, shared: Path) -> tuple[SyncRun, dict]:
    """Create a fresh database at ``db_path``, sync ``shared`` into it, time it.

    :returns: the run and the counts the sync recorded.
    """
    app = bench_app.make_app(db_path)
    bench_app.create_schema(app)
    with app.app_context():
        try:
            start = time.perf_counter()
            outcome = directory_sync.run_sync(
                db.session,
                str(shared),
                shared=shared,
                timeout=app.config["DIRECTORY_DOWNLOAD_TIMEOUT"],
            )
            total = time.perf_counter() - start
            counts = dict(outcome.sync.counts)
        finally:
            db.session.remove()
            db.engine.dispose()
    return SyncRun(total, outcome.parse_seconds, outcome.write_seconds), counts


def run(workdir: Path, runs: int = 3, log: Callable[[str], object] = print) -> SyncResult:
    """Time the floor and the sync ``runs`` times each, interleaved.

    Each sync writes a new database file in ``workdir``; the last one is kept
    (``result.database``) for the lookup and HTTP measures.
    """
    shared = bench_app.shared_directory()
    tree = local_tree(shared)
    files = yaml_files(tree)
    warm_page_cache(tree, files)
    result = SyncResult(files=len(files))
    for number in range(1, runs + 1):
        gc.collect()
        result.floor_runs.append(parse_floor(files))
        gc.collect()
        db_path = workdir / f"sync-{number}.sqlite3"
        sync_run, result.counts = timed_sync(db_path, shared)
        result.sync_runs.append(sync_run)
        if result.database is not None:
            _remove_database(result.database)
        result.database = db_path
        log(
            f"  run {number}/{runs}: floor {result.floor_runs[-1]:.2f} s, "
            f"sync {sync_run.total:.2f} s (parse {sync_run.parse:.2f} s, "
            f"write {sync_run.write:.2f} s)"
        )
    return result


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
