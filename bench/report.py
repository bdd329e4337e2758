"""The report: one row per figure, printed as a table and written as JSON."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

#: How each unit is shown in the table.
_FORMATS = {
    "s": "{:.2f} s",
    "ms": "{:.2f} ms",
    "x": "{:.2f}×",
    "%": "{:.0f}%",
    "req/s": "{:,.0f} req/s",
    "count": "{:,.0f}",
    "load": "{:.1f}",
    "MiB": "{:.0f} MiB",
}
_STYLES = {"PASS": "green", "FAIL": "bold red", "missing": "yellow", "error": "bold red"}


@dataclass
class Measure:
    """One row of the report.

    ``passed`` is None for a figure shown for information (no target);
    ``status`` replaces the verdict when the figure could not be measured
    (``missing`` for a route that does not exist yet, ``error``, ``skipped``).
    """

    name: str
    value: float | None
    unit: str
    target: str = ""
    passed: bool | None = None
    status: str | None = None
    note: str = ""

    @classmethod
    def check(
        cls, name: str, value: float, unit: str, op: str, limit: float, note: str = ""
    ) -> Measure:
        """A figure with a target: ``value op limit`` (``op`` is ``<=`` or ``>=``)."""
        if op not in ("<=", ">="):
            raise ValueError(f"unknown comparison {op!r}")
        passed = value <= limit if op == "<=" else value >= limit
        target = f"{'≤' if op == '<=' else '≥'} {_format(limit, unit)}"
        return cls(name, value, unit, target, passed, note=note)

    @classmethod
    def unavailable(cls, name: str, status: str, target: str = "", note: str = "") -> Measure:
        """A figure that could not be measured, with the reason in ``note``."""
        return cls(name, None, "", target, None, status=status, note=note)

    @property
    def verdict(self) -> str:
        """``PASS``, ``FAIL``, ``info``, or the status of an unmeasured figure."""
        if self.status:
            return self.status
        if self.passed is None:
            return "info"
        return "PASS" if self.passed else "FAIL"

    @property
    def shown(self) -> str:
        """The value as printed in the table."""
        return "—" if self.value is None else _format(self.value, self.unit)


def _format(value: float, unit: str) -> str:
    return _FORMATS.get(unit, "{:g} " + unit).format(value)


@dataclass
class Report:
    """Every measure plus the raw details of each part of the run."""

    measures: list[Measure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, *measures: Measure) -> None:
        """Append rows in order."""
        self.measures.extend(measures)

    def table(self) -> Table:
        """The rich table: measure, value, target, pass/fail (and a note)."""
        table = Table(title="Outreach benchmark", title_justify="left")
        table.add_column("measure")
        table.add_column("value", justify="right")
        table.add_column("target", justify="right")
        table.add_column("pass/fail")
        table.add_column("note", overflow="fold")
        for m in self.measures:
            style = _STYLES.get(m.verdict, "dim")
            # Names and notes are plain text: "/lookup?zip=[zip]" is not markup.
            table.add_row(
                escape(m.name), m.shown, m.target, f"[{style}]{m.verdict}[/]", escape(m.note)
            )
        return table

    def print(self, console: Console | None = None) -> None:
        """Print the table and a one-line summary of the missed targets."""
        console = console or Console()
        console.print(self.table())
        missed = [m.name for m in self.measures if m.verdict in ("FAIL", "error")]
        if missed:
            console.print(f"[bold red]Missed or failed:[/] {escape(', '.join(missed))}")
        else:
            console.print("[green]Every measured target was met.[/]")

    def to_json(self, project_root: Path) -> dict[str, Any]:
        """The report as JSON-ready data, with the date, machine and commit."""
        return {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "git": git_info(project_root),
            "machine": machine_info(),
            "measures": [{**asdict(m), "verdict": m.verdict} for m in self.measures],
            "details": self.details,
        }

    def write(self, path: Path, project_root: Path) -> None:
        """Write :meth:`to_json` to ``path``."""
        path.write_text(json.dumps(self.to_json(project_root), indent=2, default=str) + "\n")


def machine_info() -> dict[str, Any]:
    """CPU count, Python and SQLite versions, and the CPU model when known."""
    info: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info


def git_info(project_root: Path) -> dict[str, Any]:
    """The commit checked out and whether the work tree has changes (read-only)."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args], cwd=project_root, capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}
