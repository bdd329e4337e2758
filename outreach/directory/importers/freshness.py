"""How old each source's data is, recorded with every sync.

Per source: the upstream commit and its date where known (a git checkout, a
GitHub archive, whose files carry the commit's time, or a mirror whose
``README.md`` lists the commit it copied), else the newest file date; and
the newest start date of a current role the data records, which no copy of
the files can make look younger than it is.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from outreach.directory.importers import ParsedSource
from outreach.directory.importers.sources import SourceTree

PERSON_SOURCES = {
    "congress-legislators": "congress-legislators",
    "openstates": "openstates-people",
}


def git_commit_date(folder: Path) -> str | None:
    """The commit date of a git checkout (``YYYY-MM-DD``), or None."""
    if not (folder / ".git").exists():
        return None
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "log", "-1", "--format=%cI"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = done.stdout.strip()
    return text[:10] if done.returncode == 0 and len(text) >= 10 else None


_COMMIT = re.compile(r"^`?([0-9a-f]{40})`?$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+-]+Z?)?$")
_FOLDER = re.compile(r"^`?([A-Za-z0-9._-]+)/?`?$")


def mirror_manifest(readme: Path) -> dict[str, dict[str, str]]:
    """The commits a mirror says it copied, from its ``README.md`` table.

    A row names the mirror folder (first cell), the commit (40 hex digits)
    and the commit's date (ISO 8601); rows without all three are passed over.
    A missing or unreadable README gives an empty answer.
    """
    try:
        text = readme.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    found: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        folder = _FOLDER.match(cells[0]) if cells else None
        commit = next((m.group(1) for c in cells if (m := _COMMIT.match(c))), None)
        when = next((m.group(1) for c in cells if (m := _DATE.match(c))), None)
        if folder and commit and when:
            found[folder.group(1)] = {"commit": commit, "commit_date": when}
    return found


def newest_file_date(paths: Iterable[Path]) -> str | None:
    """The newest modification date (UTC) of ``paths``, or None."""
    newest = 0.0
    for path in paths:
        try:
            newest = max(newest, path.stat().st_mtime)
        except OSError:
            continue
    if not newest:
        return None
    return datetime.fromtimestamp(newest, UTC).date().isoformat()


def record_dates(tree: SourceTree, parsed: ParsedSource, today: date) -> None:
    """Add ``commit_date``, ``file_date`` and ``newest_record`` to ``tree.upstream``."""
    folders = {
        "congress-legislators": (tree.congress, list(tree.congress.glob("*.yaml"))),
        "openstates-people": (
            tree.openstates_data.parent,
            list(tree.openstates_data.glob("*/*/*.yml")),
        ),
        "us-zipcodes-congress": (tree.zccd.parent, [tree.zccd]),
    }
    manifest = mirror_manifest(tree.root / "README.md")
    newest: dict[str, date] = {}
    for person in parsed.people:
        name = PERSON_SOURCES.get(person.source)
        start = person.start_date
        if name and start and start <= today and (name not in newest or start > newest[name]):
            newest[name] = start
    for name, (folder, files) in folders.items():
        info = tree.upstream.setdefault(name, {})
        commit_date = git_commit_date(folder)
        copied = manifest.get(name)
        if not commit_date and copied and info.get("commit", copied["commit"]) == copied["commit"]:
            info["commit"] = copied["commit"]
            commit_date = copied["commit_date"]
        if commit_date:
            info["commit_date"] = commit_date
        file_date = newest_file_date(files)
        if file_date:
            info["file_date"] = file_date
        if name in newest:
            info["newest_record"] = newest[name].isoformat()
