"""Measure 3: requests per second under gunicorn, each route against the floor.

gunicorn serves with the shipped gunicorn.conf.py (workers, worker class,
preload, recycling, access log as they ship). The floor is ``/healthz`` (the
smallest route: what Flask, gunicorn and the socket cost on their own). Each
ZIP route is loaded for :data:`MEASURE_SECONDS` with a script rotating through
200 random ZCTAs, and its rate is reported as a share of the floor's, measured
in the same run. A route that does not exist yet is reported as ``missing``.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.exceptions import MethodNotAllowed, NotFound

from bench import app as bench_app
from bench import load, server
from bench.lookup import sample_zctas
from bench.report import Measure

WARMUP_SECONDS = 2.0
#: Long enough for worker recycling (if the shipped settings keep it) to show.
MEASURE_SECONDS = 60.0
ZIPS = 200
ZIP_SEED = 7


@dataclass(frozen=True)
class Route:
    """A route to load: ``template`` takes ``{zip}`` when it is a ZIP route."""

    label: str
    template: str
    #: The least share of the floor's rate it must hold (percent); None for the floor.
    min_percent: float | None = None

    @property
    def path(self) -> str:
        """The URL path without the query string (to check it is routed)."""
        return self.template.split("?", 1)[0]

    def paths(self, zips: list[str]) -> list[str]:
        """The request paths to rotate through."""
        if "{zip}" not in self.template:
            return [self.template]
        return [self.template.format(zip=z) for z in zips]


FLOOR = Route("/healthz (floor)", "/healthz")
ROUTES = (
    FLOOR,
    Route("/api/v1/lookup", "/api/v1/lookup?zip={zip}", 80.0),
    Route("/lookup (page)", "/lookup?zip={zip}", 70.0),
)


@dataclass
class RouteResult:
    """The outcome for one route: a load result, or why there is none."""

    route: Route
    result: load.LoadResult | None = None
    status: str | None = None  # missing | error
    reason: str = ""
    #: The floor only: the same load again after the other routes.
    again: load.LoadResult | None = None


@dataclass
class HttpResult:
    """Every route's outcome, the load tool used and the workers' memory."""

    tool: str
    seconds: float = MEASURE_SECONDS
    routes: list[RouteResult] = field(default_factory=list)
    worker_rss_mib: list[float] = field(default_factory=list)
    error: str | None = None

    def measures(self) -> list[Measure]:
        """The report rows for this part."""
        if self.error:
            return [Measure.unavailable("HTTP under gunicorn", "error", note=self.error)]
        rows: list[Measure] = []
        floor_rps = self.floor_rps()
        for item in self.routes:
            name = item.route.label
            if item.result is None:
                target = "" if item.route == FLOOR else f"≥ {item.route.min_percent:.0f}% of floor"
                rows.append(
                    Measure.unavailable(name, item.status or "error", target, note=item.reason)
                )
                continue
            res = item.result
            note = f"{res.requests:,} req in {res.seconds:.1f} s, p50 {res.p50_ms:.1f} ms"
            if item.again is not None:
                note = (
                    f"mean of {res.rps:,.0f} (first) and {item.again.rps:,.0f} (after the "
                    f"routes); p50 {res.p50_ms:.1f} ms"
                )
            rows.append(
                Measure(
                    f"{name}: rps",
                    floor_rps if item.route == FLOOR and floor_rps else res.rps,
                    "req/s",
                    note=f"{note}; {res.tool}",
                )
            )
            if item.route != FLOOR and floor_rps:
                rows.append(
                    Measure.check(
                        f"{name}: rps % of floor",
                        100 * res.rps / floor_rps,
                        "%",
                        ">=",
                        item.route.min_percent or 0.0,
                        note=f"{res.seconds:.0f} s, {ZIPS} rotating ZIPs; {server.describe()}",
                    )
                )
            rows.append(Measure(f"{name}: p99 latency", res.p99_ms, "ms"))
            rows.append(
                Measure.check(
                    f"{name}: non-200 + socket errors",
                    res.non200 + res.socket_errors,
                    "count",
                    "<=",
                    0,
                    note=f"{res.non200} non-200, {res.socket_errors} socket errors",
                )
            )
        if self.worker_rss_mib:
            rows.append(
                Measure(
                    "gunicorn: worker RSS after load",
                    max(self.worker_rss_mib),
                    "MiB",
                    note="max of " + ", ".join(f"{v:.0f}" for v in self.worker_rss_mib) + " MiB",
                )
            )
        return rows

    def floor_rps(self) -> float | None:
        """The floor's rate: the mean of its two runs (before and after the routes)."""
        item = next((r for r in self.routes if r.route == FLOOR and r.result), None)
        if item is None or item.result is None:
            return None
        runs = [item.result.rps] + ([item.again.rps] if item.again else [])
        return sum(runs) / len(runs)

    def details(self) -> dict:
        """Raw figures for results.json."""
        return {
            "tool": self.tool,
            "floor_rps": self.floor_rps(),
            "server": server.describe(),
            "connections": load.CONNECTIONS,
            "warmup_seconds": WARMUP_SECONDS,
            "measure_seconds": self.seconds,
            "zips": ZIPS,
            "error": self.error,
            "worker_rss_mib": self.worker_rss_mib,
            "routes": [
                {
                    "route": r.route.template,
                    "status": r.status or ("measured" if r.result else "not run"),
                    "reason": r.reason,
                    **(
                        {
                            "rps": r.result.rps,
                            "requests": r.result.requests,
                            "seconds": r.result.seconds,
                            "p50_ms": r.result.p50_ms,
                            "p99_ms": r.result.p99_ms,
                            "non200": r.result.non200,
                            "socket_errors": r.result.socket_errors,
                            **({"rps_again": r.again.rps} if r.again else {}),
                        }
                        if r.result
                        else {}
                    ),
                }
                for r in self.routes
            ],
        }


def routed(db_path: Path, routes: tuple[Route, ...]) -> dict[Route, bool]:
    """Whether the app has a GET route for each of ``routes`` (checked in-process)."""
    adapter = bench_app.make_app(db_path).url_map.bind("localhost")
    present = {}
    for route in routes:
        try:
            adapter.match(route.path, method="GET")
        except (NotFound, MethodNotAllowed):
            present[route] = False
        else:
            present[route] = True
    return present


def probe(url: str) -> int:
    """The status of one GET of ``url`` (0 when the connection failed)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0


def measure_route(
    base_url: str, paths: list[str], script: Path, seconds: float = MEASURE_SECONDS
) -> load.LoadResult:
    """Warm up, then measure one route with the available load tool."""
    if load.wrk_available():
        load.lua_script(paths, script)
        load.run_wrk(base_url, script, WARMUP_SECONDS)
        return load.run_wrk(base_url, script, seconds)
    load.run_python(base_url, paths, WARMUP_SECONDS)
    return load.run_python(base_url, paths, seconds)


def run(
    db_path: Path,
    workdir: Path,
    log: Callable[[str], object] = print,
    routes: tuple[Route, ...] = ROUTES,
    seconds: float = MEASURE_SECONDS,
) -> HttpResult:
    """Serve ``db_path`` with gunicorn and load each of ``routes`` in turn (floor first)."""
    tool = "wrk" if load.wrk_available() else "python (wrk missing)"
    result = HttpResult(tool=tool, seconds=seconds)
    zips = sample_zctas(db_path, ZIPS, ZIP_SEED)
    present = routed(db_path, routes)
    try:
        with server.gunicorn(db_path, workdir / "gunicorn.log") as srv:
            for index, route in enumerate(routes):
                item = RouteResult(route)
                result.routes.append(item)
                if not present[route]:
                    item.status, item.reason = "missing", f"{route.path} is not routed yet"
                    log(f"  {route.label}: missing")
                    continue
                paths = route.paths(zips)
                status = probe(srv.url + paths[0])
                if status != 200:
                    item.status = "error"
                    item.reason = f"{paths[0]} answered {status or 'nothing'}"
                    log(f"  {route.label}: {item.reason}")
                    continue
                item.result = measure_route(
                    srv.url, paths, workdir / f"route-{index}.lua", seconds
                )
                log(
                    f"  {route.label}: {item.result.rps:,.0f} req/s, "
                    f"p99 {item.result.p99_ms:.1f} ms"
                )
            floor = result.routes[0]
            if floor.result is not None and any(r.result for r in result.routes[1:]):
                floor.again = measure_route(
                    srv.url, FLOOR.paths(zips), workdir / "floor.lua", seconds
                )
                log(f"  {FLOOR.label}, again: {floor.again.rps:,.0f} req/s")
            result.worker_rss_mib = srv.worker_rss_mib()
    except (RuntimeError, OSError) as error:
        result.error = str(error)[:500]
    return result
