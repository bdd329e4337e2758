"""The layering rules of docs/architecture.md, read from the imports of every module.

Feature packages sit in levels: ``directory`` (1) → ``campaign`` (2) →
``letters`` and ``organizers`` (3) → ``share`` and ``api`` (4). A package may
import its own modules, the levels below it, the models and the web plumbing;
never a package on its own level or above. ``web`` and ``models`` import no
feature package. Only views, ``web``, the CLI and the app wiring touch Flask's
request-bound globals (``request``, ``g``, ``session``, ``current_app``).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "outreach"
LEVELS = {"directory": 1, "campaign": 2, "letters": 3, "organizers": 3, "share": 4, "api": 4}
FLOOR = {"models", "web", "extensions"}
REQUEST_GLOBALS = {"request", "g", "session", "current_app"}
WIRING = {"outreach", "outreach.cli", "outreach.jinja", "outreach.lazy", "outreach.extensions"}


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(path: Path) -> list[tuple[str, set[str], int]]:
    """(module, names, line) for each absolute ``import``/``from … import`` in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            found.append((node.module or "", {a.name for a in node.names}, node.lineno))
        elif isinstance(node, ast.Import):
            found.extend((a.name, set(), node.lineno) for a in node.names)
    return found


def part_of(module: str) -> str | None:
    """The top-level part of ``outreach`` a dotted module belongs to, if any."""
    parts = module.split(".")
    if parts[0] != "outreach" or len(parts) == 1:
        return None
    return parts[1]


def targets(module: str, names: set[str]) -> list[str]:
    """The project modules an import statement reaches (``from outreach import x``)."""
    if module == "outreach":
        return [f"outreach.{name}" for name in names]
    return [module]


def is_view(module: str) -> bool:
    return module.endswith(".views") or ".views." in module


def layer_violations() -> list[str]:
    problems = []
    for module, path in sorted(modules().items()):
        own = part_of(module)
        if own is None or module in WIRING or module == "outreach.cli":
            continue
        for imported, names, line in imports(path):
            for target in targets(imported, names):
                other = part_of(target)
                if other is None or other == own or other in FLOOR:
                    continue
                where = f"{path.relative_to(ROOT)}:{line}: {own} imports {target}"
                if own in FLOOR:
                    problems.append(f"{where} (the floor imports no feature package)")
                elif other in LEVELS and LEVELS[other] >= LEVELS.get(own, 0):
                    problems.append(f"{where} (level {LEVELS[other]} ≥ {LEVELS[own]})")
                elif other not in LEVELS:
                    problems.append(f"{where} (only the app wiring imports {other})")
    return problems


def request_global_users() -> list[str]:
    problems = []
    for module, path in sorted(modules().items()):
        allowed = (
            is_view(module)
            or part_of(module) == "web"
            or module in WIRING
            or module.endswith(".commands")
        )
        if allowed:
            continue
        for imported, names, line in imports(path):
            if imported == "flask" and names & REQUEST_GLOBALS:
                used = ", ".join(sorted(names & REQUEST_GLOBALS))
                problems.append(f"{path.relative_to(ROOT)}:{line}: imports flask's {used}")
    return problems


def test_every_feature_package_has_a_level():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages - FLOOR == set(LEVELS)


def test_no_package_imports_its_level_or_above():
    problems = layer_violations()
    assert not problems, "\n".join(problems)


def test_only_views_web_and_cli_touch_request_globals():
    problems = request_global_users()
    assert not problems, "\n".join(problems)


def test_the_checker_sees_a_violation(tmp_path, monkeypatch):
    """The rules catch what they are for: a directory module importing letters code."""
    fake = tmp_path / "outreach"
    (fake / "directory").mkdir(parents=True)
    (fake / "letters").mkdir()
    for package in ("outreach", "outreach/directory", "outreach/letters"):
        (tmp_path / package / "__init__.py").write_text("")
    (fake / "directory" / "bad.py").write_text(
        "from outreach.letters import catalog\nfrom flask import request\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    monkeypatch.setattr(f"{__name__}.PACKAGE", fake)
    assert layer_violations() == [
        "outreach/directory/bad.py:1: directory imports outreach.letters (level 3 ≥ 1)"
    ]
    assert request_global_users() == ["outreach/directory/bad.py:2: imports flask's request"]
