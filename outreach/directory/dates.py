"""The data's own dates, per source, for pages and the API ("directory as of").

Read from the latest successful sync's record and kept per sync id, so pages
ask the database once per sync, not once per request.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from outreach.models import DirectorySync

#: The sources, as named in ``DirectorySync.upstream``, with their display names.
SOURCE_LABELS = {
    "congress-legislators": "congress-legislators (Congress)",
    "openstates-people": "Open States (state officials)",
    "us-zipcodes-congress": "us-zipcodes-congress (ZIP → district)",
}


@dataclass(frozen=True)
class SourceDate:
    """One source: its name, the data's date and what that date is."""

    source: str
    label: str
    date: datetime.date | None
    date_kind: str | None  # commit | file
    commit: str | None
    newest_record: datetime.date | None


@dataclass(frozen=True)
class DirectoryDates:
    """When the directory was synced, and how old each source's data is."""

    synced: date | None
    sources: tuple[SourceDate, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "synced": self.synced.isoformat() if self.synced else None,
            "sources": [
                {
                    "source": s.source,
                    "label": s.label,
                    "date": s.date.isoformat() if s.date else None,
                    "date_kind": s.date_kind,
                    "commit": s.commit,
                    "newest_record": s.newest_record.isoformat() if s.newest_record else None,
                }
                for s in self.sources
            ],
        }

    def of(self, source: str) -> SourceDate | None:
        """The entry of a person's source (``openstates`` → Open States)."""
        name = {"openstates": "openstates-people"}.get(source, source)
        return next((s for s in self.sources if s.source == name), None)


EMPTY = DirectoryDates(None, ())
_lock = threading.Lock()


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def dates_of(sync: DirectorySync | None) -> DirectoryDates:
    """The dates recorded by ``sync`` (None before the first sync)."""
    if sync is None:
        return EMPTY
    sources = tuple(
        SourceDate(
            entry["source"],
            entry["label"],
            _day(entry["date"]),
            entry["date_kind"],
            entry["commit"],
            _day(entry["newest_record"]),
        )
        for entry in source_dates(sync.upstream)
    )
    return DirectoryDates(sync.as_of, sources)


def dates_for(session: Session, sync_id: int, cache: dict[int, DirectoryDates]) -> DirectoryDates:
    """The dates of sync ``sync_id`` (0: none yet), remembered in ``cache``.

    The cache belongs to one app (one database): sync ids repeat across
    databases, so a process-wide cache would mix them up.
    """
    if not sync_id:
        return EMPTY
    with _lock:
        found = cache.get(sync_id)
    if found is not None:
        return found
    value = dates_of(session.get(DirectorySync, sync_id))
    with _lock:
        if len(cache) > 32:
            cache.clear()
        cache[sync_id] = value
    return value


def source_dates(upstream: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each source's data date: the commit date where known, else the file date."""
    out = []
    for name, label in SOURCE_LABELS.items():
        info = (upstream or {}).get(name) or {}
        when = info.get("commit_date") or info.get("file_date")
        out.append(
            {
                "source": name,
                "label": label,
                "date": when,
                "date_kind": "commit" if info.get("commit_date") else ("file" if when else None),
                "commit": info.get("commit"),
                "newest_record": info.get("newest_record"),
            }
        )
    return out
