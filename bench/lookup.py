"""Measure 2: in-process ZIP lookup latency on the synced database.

Each call of :func:`outreach.directory.lookup.lookup_zip` is timed with
``time.perf_counter`` inside an app context, and the session is removed
after each call (untimed), as at the end of a request, so every lookup
starts from an empty identity map like a real request does.
"""

from __future__ import annotations

import gc
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import zipcodes
from sqlalchemy import distinct, select

from bench import app as bench_app
from bench.report import Measure
from bench.stats import median, percentile
from outreach.directory import errors, jurisdictions, lookup, zip_database
from outreach.extensions import db
from outreach.models import ZipDistrict

SEED = 20240611
SAMPLE = 1000
#: How many of the sample are USPS ZIPs that are not ZCTAs (PO boxes, single
#: organisations): the crosswalk misses them and the ZIP database answers.
NON_ZCTA = 20
WARMUP = 20
MAX_MEDIAN_MS = 0.5
MAX_P99_MS = 2.0


@dataclass
class LookupTimings:
    """Latency of every lookup, in milliseconds, by kind of ZIP."""

    zcta_ms: list[float] = field(default_factory=list)
    other_ms: list[float] = field(default_factory=list)
    #: CPU time of this process for each call: on a busy machine, the gap
    #: between wall-clock and CPU time is time spent waiting for a core.
    cpu_ms: list[float] = field(default_factory=list)
    unknown: int = 0
    slowest: list[tuple[float, str]] = field(default_factory=list)

    @property
    def all_ms(self) -> list[float]:
        """Every timing."""
        return [*self.zcta_ms, *self.other_ms]

    def measures(self) -> list[Measure]:
        """The report rows for this part."""
        n = len(self.all_ms)
        note = f"{n:,} ZIPs: {len(self.zcta_ms)} ZCTAs + {len(self.other_ms)} non-ZCTA"
        rows = [
            Measure.check(
                "Lookup: lookup_zip median",
                median(self.all_ms),
                "ms",
                "<=",
                MAX_MEDIAN_MS,
                note=note,
            ),
            Measure.check(
                "Lookup: lookup_zip p99",
                percentile(self.all_ms, 99),
                "ms",
                "<=",
                MAX_P99_MS,
                note=f"CPU time: median {median(self.cpu_ms):.2f} ms, "
                f"p99 {percentile(self.cpu_ms, 99):.2f} ms",
            ),
        ]
        if self.unknown:
            rows.append(
                Measure("Lookup: ZIPs not found", self.unknown, "count", note="UnknownZip raised")
            )
        return rows

    def details(self) -> dict:
        """Raw figures for results.json."""
        out = {
            "seed": SEED,
            "count": len(self.all_ms),
            "median_ms": median(self.all_ms),
            "p90_ms": percentile(self.all_ms, 90),
            "p99_ms": percentile(self.all_ms, 99),
            "max_ms": max(self.all_ms),
            "cpu_median_ms": median(self.cpu_ms),
            "cpu_p99_ms": percentile(self.cpu_ms, 99),
            "zcta_median_ms": median(self.zcta_ms),
            "unknown": self.unknown,
            "slowest": [{"zip": z, "ms": ms} for ms, z in self.slowest],
        }
        if self.other_ms:
            out["non_zcta_median_ms"] = median(self.other_ms)
        return out


def all_zctas(session) -> list[str]:
    """Every ZCTA in the synced crosswalk, sorted (so a seed picks the same ones)."""
    return list(session.scalars(select(distinct(ZipDistrict.zcta)).order_by(ZipDistrict.zcta)))


def non_zcta_zips(zctas: set[str], count: int, rng: random.Random) -> list[str]:
    """``count`` PO-box or unique ZIPs of the 56 jurisdictions that are not ZCTAs."""
    candidates = sorted(
        row["zip_code"]
        for row in zipcodes.list_all()
        if row["zip_code_type"] in ("PO BOX", "UNIQUE")
        and row["state"] in jurisdictions.JURISDICTIONS
        and row["zip_code"] not in zctas
    )
    return rng.sample(candidates, min(count, len(candidates)))


def sample_zctas(db_path: Path, count: int, seed: int) -> list[str]:
    """``count`` random ZCTAs of the database at ``db_path`` (fixed ``seed``)."""
    app = bench_app.make_app(db_path)
    with app.app_context():
        try:
            zctas = all_zctas(db.session)
        finally:
            db.session.remove()
            db.engine.dispose()
    return random.Random(seed).sample(zctas, count)


def run(db_path: Path, count: int = SAMPLE) -> LookupTimings:
    """Time ``count`` lookups on the synced database at ``db_path``."""
    app = bench_app.make_app(db_path)
    rng = random.Random(SEED)
    timings = LookupTimings()
    with app.app_context():
        try:
            session = db.session
            zctas = all_zctas(session)
            others = non_zcta_zips(set(zctas), NON_ZCTA, rng)
            picked = rng.sample(zctas, count - len(others) + WARMUP)
            warmup, picked = picked[:WARMUP], picked[WARMUP:]
            sample = [(z, True) for z in picked] + [(z, False) for z in others]
            rng.shuffle(sample)
            zip_database.warm()
            for zip5 in warmup:
                lookup.lookup_zip(session, zip5)
                db.session.remove()
            gc.collect()  # the sync's garbage; the collector itself stays on, as in a worker
            for zip5, is_zcta in sample:
                cpu_start = time.process_time()
                start = time.perf_counter()
                try:
                    lookup.lookup_zip(db.session, zip5)
                except errors.UnknownZip:
                    timings.unknown += 1
                elapsed = (time.perf_counter() - start) * 1000
                timings.cpu_ms.append((time.process_time() - cpu_start) * 1000)
                db.session.remove()
                (timings.zcta_ms if is_zcta else timings.other_ms).append(elapsed)
                timings.slowest.append((elapsed, zip5))
        finally:
            db.session.remove()
            db.engine.dispose()
    timings.slowest = sorted(timings.slowest, reverse=True)[:5]
    return timings
