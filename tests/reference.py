"""The reference sheets the campaign's facts come from, read by the tests (never a copy of
the content): here, the table of which states each federal circuit covers."""

from __future__ import annotations

import re
from pathlib import Path

from outreach.directory import jurisdictions

ROOT = Path(__file__).resolve().parents[1]
CASES_REFERENCE = ROOT.parent / "shared" / "reference" / "cases-officeholders-2026.md"
#: How the reference spells a circuit, and our code for it.
CIRCUIT_CODES = {"D.C.": "dc"}


def reference_circuits(path: Path = CASES_REFERENCE) -> dict[str, str]:
    """Each state, DC and territory code to its circuit code (``5th``, ``dc``), as the
    reference's table "Which states each circuit covers" lists them."""
    text = path.read_text(encoding="utf-8")
    table = text.split("### Which states each circuit covers", 1)[1].split("\n\n", 2)[1]
    by_name = {j.name: j.abbr for j in jurisdictions.JURISDICTIONS.values()}
    found: dict[str, str] = {}
    for row in table.splitlines():
        match = re.match(r"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|$", row)
        if not match or match.group(1) in ("Circuit", "---"):
            continue
        circuit = CIRCUIT_CODES.get(match.group(1), match.group(1))
        for name in match.group(2).split(","):
            found[by_name[name.strip()]] = circuit
    return found
