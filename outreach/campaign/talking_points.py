"""Talking points for supporters' letters, loaded from ``content/talking_points.yaml``.

The file holds the campaign's main arguments and short answers to the usual
objections, each with its source. It is checked whole when read: a file with
any problem is rejected with a :class:`TalkingPointsError` that names the file
and the point (by id, or by position when the id itself is missing).

Loads are cached per file, and a file is read again when it changes on disk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "content" / "talking_points.yaml"
KINDS = ("argument", "objection")
MAX_TEXT = 600
REQUIRED = ("id", "kind", "title", "text", "source_title")
OPTIONAL = ("source_url",)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL = re.compile(r"^https?://[^\s<>\"]+$")


@dataclass(frozen=True)
class TalkingPoint:
    """One argument, or one objection with its answer, ready to paste into a letter."""

    id: str
    kind: str
    title: str
    text: str
    source_title: str
    source_url: str | None = None


class TalkingPointsError(ValueError):
    """A talking-points file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}: {problem}" for problem in problems))


def load_talking_points(path: Path = DEFAULT_PATH) -> list[TalkingPoint]:
    """Return the points in ``path``, in file order.

    Raises :class:`TalkingPointsError` if the file cannot be read or any point
    is invalid. The result is cached until the file's modification time or
    size changes.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as error:
        raise TalkingPointsError(path, [f"cannot read the file ({error.strerror})"]) from error
    return list(_load(path.resolve(), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=16)
def _load(path: Path, mtime_ns: int, size: int) -> tuple[TalkingPoint, ...]:
    """Read and check ``path``; the stat arguments only key the cache."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TalkingPointsError(path, [f"cannot read the file ({error})"]) from error
    return parse_talking_points(text, path)


def parse_talking_points(text: str, path: Path) -> tuple[TalkingPoint, ...]:
    """Check the YAML ``text`` of a talking-points file and build its points.

    ``path`` is used only in error messages.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise TalkingPointsError(path, [f"not valid YAML: {error}"]) from error
    if not isinstance(data, Mapping) or not isinstance(data.get("points"), list):
        raise TalkingPointsError(path, ["the file must have a top-level 'points' list"])
    entries: list[Any] = data["points"]
    if not entries:
        raise TalkingPointsError(path, ["'points' is empty"])

    problems: list[str] = []
    points: list[TalkingPoint] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries, 1):
        point, point_problems = _check_point(index, entry)
        problems.extend(point_problems)
        if point is None:
            continue
        if point.id in seen:
            problems.append(
                f"point {index} (id '{point.id}'): duplicate id, already used by point "
                f"{seen[point.id]}"
            )
        else:
            seen[point.id] = index
        points.append(point)
    if problems:
        raise TalkingPointsError(path, problems)
    return tuple(points)


def _required_values(entry: Mapping[str, Any], label: str, problems: list[str]) -> dict[str, str]:
    """The required fields that are text, stripped; a problem for each one that is not."""
    values: dict[str, str] = {}
    for field in REQUIRED:
        value = entry.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(f"{label}: missing required field '{field}'")
        elif not isinstance(value, str):
            problems.append(f"{label}: '{field}' must be text, not {type(value).__name__}")
        else:
            values[field] = value.strip()
    return values


def _check_point(index: int, entry: Any) -> tuple[TalkingPoint | None, list[str]]:
    """Check one entry; return the point (``None`` if unusable) and its problems."""
    if not isinstance(entry, Mapping):
        return None, [f"point {index}: must be a mapping of fields"]
    raw_id = entry.get("id")
    label = (
        f"point {index} (id '{raw_id}')"
        if isinstance(raw_id, str) and raw_id.strip()
        else f"point {index}"
    )
    problems: list[str] = []

    unknown = sorted(str(key) for key in entry if key not in REQUIRED + OPTIONAL)
    if unknown:
        problems.append(f"{label}: unknown field(s) {', '.join(unknown)}")

    values = _required_values(entry, label, problems)
    if "id" in values and not _SLUG.match(values["id"]):
        problems.append(f"{label}: id must be lower-case letters, digits and hyphens")
    if "kind" in values and values["kind"] not in KINDS:
        problems.append(f"{label}: kind '{values['kind']}' is not one of {', '.join(KINDS)}")
    if "text" in values and len(values["text"]) > MAX_TEXT:
        problems.append(f"{label}: text is {len(values['text'])} characters, more than {MAX_TEXT}")

    url = entry.get("source_url")
    if isinstance(url, str) and not url.strip():
        url = None
    if url is not None:
        if not isinstance(url, str) or not _is_http_url(url.strip()):
            problems.append(f"{label}: source_url {url!r} is not an http(s) link")
        else:
            url = url.strip()

    if problems:
        return (None if "id" not in values else _partial(values)), problems
    return TalkingPoint(source_url=url, **values), []


def _partial(values: dict[str, str]) -> TalkingPoint:
    """A placeholder point that carries the id, so duplicates are still reported."""
    return TalkingPoint(
        id=values["id"],
        kind=values.get("kind", ""),
        title=values.get("title", ""),
        text=values.get("text", ""),
        source_title=values.get("source_title", ""),
    )


def _is_http_url(value: str) -> bool:
    """True for an absolute http(s) link with a host and no spaces."""
    return bool(_URL.match(value)) and bool(urlsplit(value).hostname)
