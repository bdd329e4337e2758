"""Measure 5: a realistic mix of requests under Locust, against gunicorn on 127.0.0.1.

The synced database is copied and the campaign content loaded into the copy
(state pages, share images and letters need it); gunicorn serves the copy as
in the HTTP measure (:mod:`bench.server`, rate limits off). Every kind of
request is checked once (each must answer 200), each share image is drawn
once and the pages are warmed on both workers, then Locust runs headless in
a child process for a fixed time with :data:`USERS` users making the requests
of ``bench/locustfile.py`` (weights in :data:`bench.mix_plan.TASKS`). Its
``--csv`` statistics give the requests per second and the latency
percentiles, in total and per kind of request. Locust rewrites that file
every second while it runs, so the figures are its last snapshot: the last
second or so of the run (and the requests finishing after it) may be left
out. Locust rounds response times above 100 ms to 10 ms for its percentiles.

Locust is only ever aimed at ``http://127.0.0.1:<port>``
(:func:`bench.mix_plan.check_host`, checked here and again in the locustfile).
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import distinct, select
from sqlalchemy.orm import Session

from bench import app as bench_app
from bench import mix_plan, server
from bench.lookup import all_zctas
from bench.mix_plan import MixPlan
from bench.report import Measure
from outreach.campaign import content
from outreach.campaign.records import MAP_JURISDICTIONS
from outreach.extensions import db
from outreach.models import Jurisdiction, Place, Role

#: Locust users: more than gunicorn's workers, so every worker stays busy.
USERS = 10
DEFAULT_SECONDS = 20
#: Seconds Locust lets running requests finish at the end of the run.
STOP_TIMEOUT = 2
#: Seconds allowed on top of the run for Locust to start and write its files.
SLACK_SECONDS = 60
ZIPS = 1000
OFFICIALS = 400
SEED = 11
#: The offices a supporter writes to (every one has letter templates).
OFFICES = (
    "us_senator",
    "us_representative",
    "governor",
    "state_senator",
    "state_representative",
    "state_legislator",
)
#: How often each page (not image) is requested before the run, to warm both workers.
WARM_REPEATS = 4

#: Targets. The figures come from a closed loop of USERS users on 2 workers,
#: so latency includes the wait behind the other users' requests.
MAX_FAILURES = 0
MAX_P99_MS = 500.0
MAX_ENDPOINT_P99_MS = 750.0
MAX_WORKER_RSS_MIB = 120.0

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
AGGREGATED = "Aggregated"


@dataclass
class EndpointStats:
    """One row of Locust's ``_stats.csv`` (times in milliseconds)."""

    method: str
    name: str
    requests: int
    failures: int
    median_ms: float | None
    average_ms: float
    max_ms: float
    rps: float
    failures_per_s: float
    p95_ms: float | None
    p99_ms: float | None

    @property
    def label(self) -> str:
        """``GET /lookup?zip=[zip]``, or ``all requests`` for the total row."""
        return "all requests" if self.name == AGGREGATED else f"{self.method} {self.name}"


def _number(value: str) -> float | None:
    """A CSV cell as a number; None for Locust's ``N/A`` (no requests)."""
    value = value.strip()
    if not value or value == "N/A":
        return None
    return float(value)


def parse_stats_csv(path: Path) -> tuple[list[EndpointStats], EndpointStats]:
    """Read Locust's ``<prefix>_stats.csv``: the rows per request name, and the total.

    :raise ValueError: when a column is missing or there is no ``Aggregated`` row.
    """
    with Path(path).open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        needed = {"Type", "Name", "Request Count", "Failure Count", "Requests/s", "99%"}
        missing = needed - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path.name}: missing columns {sorted(missing)}")
        rows = [
            EndpointStats(
                method=row["Type"],
                name=row["Name"],
                requests=int(row["Request Count"]),
                failures=int(row["Failure Count"]),
                median_ms=_number(row.get("Median Response Time", "")),
                average_ms=_number(row.get("Average Response Time", "")) or 0.0,
                max_ms=_number(row.get("Max Response Time", "")) or 0.0,
                rps=_number(row["Requests/s"]) or 0.0,
                failures_per_s=_number(row.get("Failures/s", "")) or 0.0,
                p95_ms=_number(row.get("95%", "")),
                p99_ms=_number(row["99%"]),
            )
            for row in reader
        ]
    total = [r for r in rows if r.name == AGGREGATED]
    if len(total) != 1:
        raise ValueError(f"{path.name}: expected one {AGGREGATED} row, found {len(total)}")
    return [r for r in rows if r.name != AGGREGATED], total[0]


def in_task_order(endpoints: list[EndpointStats]) -> list[EndpointStats]:
    """The rows in the order of :data:`bench.mix_plan.TASKS` (heaviest weight first)."""
    order = {name: i for i, (_, name) in enumerate(mix_plan.TASKS.values())}
    return sorted(endpoints, key=lambda e: (order.get(e.name, len(order)), e.name, e.method))


def parse_failures_csv(path: Path) -> list[dict[str, str]]:
    """Read Locust's ``<prefix>_failures.csv`` (Method, Name, Error, Occurrences)."""
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


@dataclass
class MixResult:
    """What the mixed load measured, or why it could not."""

    users: int
    seconds: int
    endpoints: list[EndpointStats] = field(default_factory=list)
    total: EndpointStats | None = None
    failures: list[dict[str, str]] = field(default_factory=list)
    plan_sizes: dict[str, int] = field(default_factory=dict)
    probes: dict[str, int] = field(default_factory=dict)
    warmup_seconds: float = 0.0
    wall_seconds: float = 0.0
    locust_cpu_seconds: float = 0.0
    worker_rss_mib: list[float] = field(default_factory=list)
    worker_pss_mib: list[float] = field(default_factory=list)
    error: str | None = None

    def measures(self) -> list[Measure]:
        """The report rows for this part."""
        if self.error or self.total is None or not self.total.requests:
            note = self.error or "Locust made no requests"
            return [Measure.unavailable("Mix: Locust load", "error", note=note)]
        total = self.total
        cores = self.locust_cpu_seconds / self.wall_seconds if self.wall_seconds else 0.0
        rows = [
            Measure(
                "Mix: requests/second",
                total.rps,
                "req/s",
                note=f"{total.requests:,} requests, {self.users} users, {self.seconds} s "
                f"(Locust used {cores:.0%} of a core)",
            ),
            Measure.check(
                "Mix: p99 latency (all requests)",
                total.p99_ms if total.p99_ms is not None else 0.0,
                "ms",
                "<=",
                MAX_P99_MS,
                note=f"median {total.median_ms or 0:.0f} ms, p95 {total.p95_ms or 0:.0f} ms, "
                f"max {total.max_ms:.0f} ms",
            ),
        ]
        failing = [e for e in self.endpoints if e.failures]
        first = self.failures[0].get("Error", "")[:120] if self.failures else ""
        rows.append(
            Measure.check(
                "Mix: failures (not 200, or no answer)",
                total.failures,
                "count",
                "<=",
                MAX_FAILURES,
                note=(
                    "; ".join(f"{e.label}: {e.failures}" for e in failing)
                    + (f" (first: {first})" if first else "")
                )
                or "none",
            )
        )
        if self.worker_rss_mib:
            rows.append(
                Measure.check(
                    "Mix: worker RSS after the load mix",
                    max(self.worker_rss_mib),
                    "MiB",
                    "<=",
                    MAX_WORKER_RSS_MIB,
                    note="max of "
                    + ", ".join(f"{v:.0f}" for v in self.worker_rss_mib)
                    + " MiB"
                    + (
                        f"; proportional share (PSS) max {max(self.worker_pss_mib):.0f} MiB"
                        if self.worker_pss_mib
                        else ""
                    ),
                )
            )
        for item in self.endpoints:
            share = 100 * item.requests / total.requests
            if item.p99_ms is None:
                rows.append(
                    Measure.unavailable(f"Mix: {item.label} p99", "error", note="no requests")
                )
                continue
            rows.append(
                Measure.check(
                    f"Mix: {item.label} p99",
                    item.p99_ms,
                    "ms",
                    "<=",
                    MAX_ENDPOINT_P99_MS,
                    note=f"{item.rps:,.1f} req/s ({share:.0f}% of requests), "
                    f"{item.failures} failures, median {item.median_ms or 0:.0f} ms",
                )
            )
        return rows

    def details(self) -> dict:
        """Raw figures for results.json."""
        return {
            "tool": "locust",
            "locustfile": "bench/locustfile.py",
            "users": self.users,
            "spawn_rate": self.users,
            "wait_time": "between(0.0, 0.05)",
            "run_seconds": self.seconds,
            "stop_timeout": STOP_TIMEOUT,
            "server": server.describe(),
            "weights": {kind: weight for kind, (weight, _) in mix_plan.TASKS.items()},
            "names": {kind: name for kind, (_, name) in mix_plan.TASKS.items()},
            "plan": self.plan_sizes,
            "probes": self.probes,
            "warmup_seconds": self.warmup_seconds,
            "wall_seconds": self.wall_seconds,
            "locust_cpu_seconds": self.locust_cpu_seconds,
            "worker_rss_mib": self.worker_rss_mib,
            "worker_pss_mib": self.worker_pss_mib,
            "targets": {
                "failures": MAX_FAILURES,
                "p99_ms": MAX_P99_MS,
                "endpoint_p99_ms": MAX_ENDPOINT_P99_MS,
            },
            "error": self.error,
            "total": asdict(self.total) if self.total else None,
            "endpoints": [asdict(e) for e in self.endpoints],
            "failures": self.failures,
        }


def prepare_database(synced: Path, target: Path) -> Path:
    """Copy the synced database to ``target`` and load the campaign content into the copy.

    The copy leaves the synced file as the other measures use it (directory
    only). The content is ``content/campaign.yaml``, as ``make db`` loads it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(synced)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    app = bench_app.make_app(target)
    with app.app_context():
        try:
            parsed = content.read_content(content.DEFAULT_PATH)
            content.load_content(db.session, parsed, source="campaign.yaml")
            db.session.commit()
        finally:
            db.session.remove()
            db.engine.dispose()
    return target


def plan_from_session(
    session: Session, zips: int = ZIPS, officials: int = OFFICIALS, seed: int = SEED
) -> MixPlan:
    """ZIP codes, state and city codes and official ids from the database of ``session``.

    ZCTAs and officials (of :data:`OFFICES`) are random samples with a fixed
    ``seed``; the codes are every jurisdiction on the campaign map that the
    database has, then every city with a record of its own.
    """
    rng = random.Random(seed)
    zctas = all_zctas(session)
    known = set(session.scalars(select(Jurisdiction.abbr)))
    places = list(session.scalars(select(Place.code).order_by(Place.code)))
    people = list(
        session.scalars(
            select(distinct(Role.person_id))
            .where(Role.office.in_(OFFICES))
            .order_by(Role.person_id)
        )
    )
    return MixPlan(
        zips=rng.sample(zctas, min(zips, len(zctas))),
        states=[abbr for abbr in MAP_JURISDICTIONS if abbr in known] + places,
        officials=rng.sample(people, min(officials, len(people))),
        seed=seed,
    ).check()


def collect_plan(db_path: Path) -> MixPlan:
    """:func:`plan_from_session` on the SQLite database at ``db_path``."""
    app = bench_app.make_app(db_path)
    with app.app_context():
        try:
            return plan_from_session(db.session)
        finally:
            db.session.remove()
            db.engine.dispose()


def _request(url: str, body: bytes | None = None) -> int:
    """The status of one GET (or JSON POST when ``body`` is given); 0 when nothing answered."""
    request = urllib.request.Request(url, data=body)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0


def probe_and_warm(base_url: str, plan: MixPlan) -> dict[str, int]:
    """Check one request of each kind; draw every share image once; warm the pages.

    :returns: the status of the first request of each kind (all 200 when the
        app serves the whole mix).
    """
    mix_plan.check_host(base_url)
    paths = mix_plan.get_paths(plan)
    body = json.dumps(mix_plan.render_bodies(plan)[0]).encode()
    statuses = {kind: _request(base_url + found[0]) for kind, found in paths.items()}
    statuses[mix_plan.LETTER_RENDER] = _request(base_url + mix_plan.RENDER_PATH, body)
    if any(status != 200 for status in statuses.values()):
        return statuses
    images = [*paths[mix_plan.STATE_IMAGE], *paths[mix_plan.CAMPAIGN_IMAGE]]
    pages = [
        found[i % len(found)]
        for kind, found in paths.items()
        if kind not in (mix_plan.STATE_IMAGE, mix_plan.CAMPAIGN_IMAGE)
        for i in range(WARM_REPEATS)
    ]
    with ThreadPoolExecutor(max_workers=server.workers()) as pool:
        list(pool.map(lambda path: _request(base_url + path), images + pages))
        list(
            pool.map(
                lambda _: _request(base_url + mix_plan.RENDER_PATH, body), range(WARM_REPEATS)
            )
        )
    return statuses


def locust_command(base_url: str, csv_prefix: Path, seconds: int, users: int) -> list[str]:
    """The headless Locust command line, bounded in time, aimed at ``base_url`` only."""
    mix_plan.check_host(base_url)
    return [
        sys.executable,
        "-m",
        "locust",
        "--locustfile",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        base_url,
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        str(STOP_TIMEOUT),
        "--csv",
        str(csv_prefix),
        "--only-summary",
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
    ]


def run_locust(
    base_url: str, plan_file: Path, workdir: Path, seconds: int, users: int = USERS
) -> tuple[Path, float, float]:
    """Run Locust in its own process group; kill it if it overruns its time.

    :returns: the CSV prefix, the wall time and the CPU time Locust used.
    :raise RuntimeError: when Locust fails or overruns.
    """
    prefix = workdir / "locust"
    log = workdir / "locust.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOCUST_")}
    env.update(
        {
            mix_plan.PLAN_ENV: str(plan_file),
            "PYTHONPATH": str(bench_app.PROJECT_ROOT),
            "PYTHONUNBUFFERED": "1",
        }
    )
    command = locust_command(base_url, prefix, seconds, users)
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with log.open("wb") as log_handle:
        # cwd is the work folder, so no locust.conf of the project is read.
        process = subprocess.Popen(
            command,
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            code = process.wait(timeout=seconds + STOP_TIMEOUT + SLACK_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise RuntimeError(f"Locust overran {seconds} s and was killed: see {log}") from None
        except BaseException:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            raise
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    stats = Path(f"{prefix}_stats.csv")
    if code != 0 or not stats.exists():
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        raise RuntimeError(f"Locust exited with {code}: {tail}")
    return prefix, wall, cpu


def run(
    synced: Path,
    workdir: Path,
    seconds: int = DEFAULT_SECONDS,
    log: Callable[[str], object] = print,
    users: int = USERS,
) -> MixResult:
    """Serve a copy of ``synced`` with the campaign content and load it with the mix."""
    result = MixResult(users=users, seconds=seconds)
    folder = workdir / "mix"
    folder.mkdir(parents=True, exist_ok=True)
    database = prepare_database(synced, folder / "mix.sqlite3")
    plan = collect_plan(database)
    result.plan_sizes = {
        "zips": len(plan.zips),
        "states": len(plan.states),
        "officials": len(plan.officials),
    }
    plan_file = plan.write(folder / "plan.json")
    extra = {"OUTREACH_SHARE_CACHE_DIR": str(folder / "share-images")}
    try:
        with server.gunicorn(database, folder / "gunicorn.log", extra) as srv:
            mix_plan.check_host(srv.url)
            started = time.perf_counter()
            result.probes = probe_and_warm(srv.url, plan)
            result.warmup_seconds = time.perf_counter() - started
            bad = {kind: status for kind, status in result.probes.items() if status != 200}
            if bad:
                result.error = "not every request answers 200: " + ", ".join(
                    f"{kind} {status or 'no answer'}" for kind, status in bad.items()
                )
                return result
            log(f"  checked and warmed in {result.warmup_seconds:.1f} s; Locust for {seconds} s")
            prefix, result.wall_seconds, result.locust_cpu_seconds = run_locust(
                srv.url, plan_file, folder, seconds, users
            )
            result.worker_rss_mib = srv.worker_rss_mib()
            result.worker_pss_mib = srv.worker_rss_mib("Pss:")
        endpoints, result.total = parse_stats_csv(Path(f"{prefix}_stats.csv"))
        result.endpoints = in_task_order(endpoints)
        result.failures = parse_failures_csv(Path(f"{prefix}_failures.csv"))
        log(
            f"  {result.total.rps:,.0f} req/s, p99 {result.total.p99_ms or 0:.0f} ms, "
            f"{result.total.failures} failures"
        )
    except (RuntimeError, OSError, ValueError) as error:
        result.error = str(error)[:500]
    return result


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a manual entry point
    """``python -m bench.mix [SECONDS]``: sync a fresh database, run this part alone, print it."""
    import tempfile

    from rich.console import Console

    from bench import sync
    from bench.report import Report

    args = sys.argv[1:] if argv is None else argv
    seconds = int(args[0]) if args else DEFAULT_SECONDS
    err = Console(stderr=True)
    with tempfile.TemporaryDirectory(prefix="outreach-bench-mix-") as tmp:
        workdir = Path(tmp)
        database = workdir / "sync.sqlite3"
        err.print("Syncing the shared directory mirror into a fresh database")
        sync.timed_sync(database, bench_app.shared_directory())
        err.print(f"Mixed load: Locust, {USERS} users, {seconds} s")
        result = run(database, workdir, seconds, log=err.print)
    report = Report()
    report.add(*result.measures())
    console = Console()
    report.print(console if console.is_terminal else Console(width=130))
    return 1 if result.error else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
