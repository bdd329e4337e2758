"""Share images: cold render time per kind and size, and cached serving speed.

Runs in-process on its own SQLite database (schema by the migrations, the
campaign content loaded from ``content/campaign.yaml``; no directory needed),
with its own empty image folder:

* **Cold render**: :meth:`ShareImages.draw` for the campaign, a state (Colorado)
  and a pending bill, at each size: read the card from the database, draw,
  reduce to a palette, write the PNG (zlib level 6), store it atomically. Median
  of :data:`RUNS` runs after one untimed warm-up per size (fonts loaded);
  the note adds the median CPU time, which a busy machine does not inflate.
* **Cached serving**: ``GET /share/co.png`` through the Flask test client, in
  this process, one thread, for :data:`SERVE_SECONDS` (after a warm-up), once
  with a full answer (the store's file read and hashed) and once revalidated
  with ``If-None-Match`` (304).

``python -m bench.share`` runs this part alone and prints its rows.
"""

from __future__ import annotations

import contextlib
import io
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask

from bench import app as bench_app
from bench.report import Measure
from bench.stats import median
from outreach.campaign import content
from outreach.extensions import db
from outreach.share import cards, shareable
from outreach.share.shareable import ImageKey

RUNS = 5
SERVE_SECONDS = 3.0
MAX_RENDER_MS = 150.0
MAX_KB = 300.0
KINDS = ("campaign", "state", "bill")


@dataclass
class ShareTimings:
    #: (kind, size) → milliseconds of each run
    render_ms: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    #: the same runs in CPU time of this process: far below wall time means a busy machine
    cpu_ms: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    png_bytes: dict[tuple[str, str], int] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    serve_rps: float = 0.0
    revalidate_rps: float = 0.0
    serve_requests: int = 0

    def measures(self) -> list[Measure]:
        rows = []
        for kind in KINDS:
            for size in cards.SIZES:
                runs = self.render_ms[(kind, size)]
                name = f"Share: cold render, {kind} {size.replace('x', '×')}"
                note = (
                    f"{self.keys[kind]}; {self.png_bytes[(kind, size)] / 1000:.0f} KB; "
                    f"CPU {median(self.cpu_ms[(kind, size)]):.0f} ms"
                )
                if size == cards.DEFAULT_SIZE:
                    rows.append(
                        Measure.check(name, median(runs), "ms", "<=", MAX_RENDER_MS, note=note)
                    )
                else:
                    rows.append(Measure(name, median(runs), "ms", note=note))
        largest = max(self.png_bytes.values()) / 1000
        rows.append(
            Measure.check(
                "Share: largest PNG",
                largest,
                "KB",
                "<=",
                MAX_KB,
                note="of the 12 above (palette, zlib level 6)",
            )
        )
        rows.append(
            Measure(
                "Share: cached image, req/s",
                self.serve_rps,
                "req/s",
                note="GET /share/co.png (200 from the store), Flask test client in-process, "
                "1 thread",
            )
        )
        rows.append(
            Measure(
                "Share: revalidation (304), req/s",
                self.revalidate_rps,
                "req/s",
                note="the same with If-None-Match",
            )
        )
        return rows

    def details(self) -> dict:
        return {
            "runs": RUNS,
            "render_ms": {f"{k}/{s}": v for (k, s), v in self.render_ms.items()},
            "cpu_ms": {f"{k}/{s}": v for (k, s), v in self.cpu_ms.items()},
            "png_bytes": {f"{k}/{s}": v for (k, s), v in self.png_bytes.items()},
            "keys": self.keys,
            "serve_rps": self.serve_rps,
            "revalidate_rps": self.revalidate_rps,
            "serve_seconds": SERVE_SECONDS,
        }


def make_app(workdir: Path) -> Flask:
    """An app on a new SQLite file with the campaign content, and an empty image folder."""
    db_path = workdir / "share-bench.sqlite3"
    config = bench_app.bench_config(bench_app.database_url(db_path), workdir)
    attrs = {"SHARE_CACHE_DIR": workdir / "share", "RATELIMIT_ENABLED": False}
    from outreach import create_app

    app = create_app(type("ShareBenchConfig", (config,), attrs))
    bench_app.create_schema(app)
    with app.app_context():
        parsed = content.read_content(content.DEFAULT_PATH)
        content.load_content(db.session, parsed, source="campaign.yaml")
        db.session.commit()
        db.session.remove()
    return app


def _keys(session) -> dict[str, ImageKey]:
    bills = shareable.pending_bills(session, "CO") or shareable.pending_bills(session)
    if not bills:
        raise RuntimeError("the content has no pending bill to draw")
    return {
        "campaign": ImageKey.campaign(),
        "state": ImageKey.place("CO"),
        "bill": ImageKey.bill(bills[0][0].slug),
    }


def _rate(client, path: str, headers: dict[str, str], status: int) -> tuple[float, int]:
    for _ in range(50):
        assert client.get(path, headers=headers).status_code == status
    count = 0
    start = time.perf_counter()
    deadline = start + SERVE_SECONDS
    while time.perf_counter() < deadline:
        response = client.get(path, headers=headers)
        if response.status_code != status:
            raise RuntimeError(f"{path} answered {response.status_code}")
        count += 1
    return count / (time.perf_counter() - start), count


def run(workdir: Path) -> ShareTimings:
    """Measure on a fresh database and image folder under ``workdir``."""
    workdir.mkdir(parents=True, exist_ok=True)
    app = make_app(workdir)
    timings = ShareTimings()
    with app.app_context():
        try:
            images = app.extensions["share_images"]
            keys = _keys(db.session)
            timings.keys = {kind: key.key or "campaign" for kind, key in keys.items()}
            for size in cards.SIZES.values():
                images.draw(db.session, keys["campaign"], size)  # warm-up: fonts, caches
                db.session.remove()
            for kind, key in keys.items():
                for size_name, size in cards.SIZES.items():
                    runs, cpu = [], []
                    for _ in range(RUNS):
                        cpu_start = time.process_time()
                        start = time.perf_counter()
                        image = images.draw(db.session, key, size)
                        runs.append((time.perf_counter() - start) * 1000)
                        cpu.append((time.process_time() - cpu_start) * 1000)
                        db.session.remove()
                    timings.render_ms[(kind, size_name)] = runs
                    timings.cpu_ms[(kind, size_name)] = cpu
                    timings.png_bytes[(kind, size_name)] = len(image.data)
            client = app.test_client()
            path = "/share/co.png?size=1200x630"
            first = client.get(path)
            etag = first.headers["ETag"]
            timings.serve_rps, timings.serve_requests = _rate(client, path, {}, 200)
            timings.revalidate_rps, _ = _rate(client, path, {"If-None-Match": etag}, 304)
        finally:
            db.session.remove()
            db.engine.dispose()
    return timings


def main() -> int:  # pragma: no cover - a manual entry point
    """``python -m bench.share``: this part alone, printed as the report's table."""
    import tempfile

    from rich.console import Console

    from bench.report import Report

    report = Report()
    with (
        tempfile.TemporaryDirectory(prefix="outreach-bench-share-") as tmp,
        contextlib.redirect_stdout(io.StringIO()),
    ):
        timings = run(Path(tmp))
    report.add(*timings.measures())
    report.print(Console(width=130))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
