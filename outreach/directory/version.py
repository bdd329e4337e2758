"""What version of the directory a process is serving, checked cheaply.

Each process remembers the latest successful sync, and the version of the
campaign content, for a few seconds
(``DIRECTORY_VERSION_TTL``) instead of asking the database on every
request. Rendered answers are cached under that version, so a new sync
reaches every process, on every host, within the TTL.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from outreach.models import ContentState, DirectorySync
from outreach.models.clock import utcnow

T = TypeVar("T")


@dataclass(frozen=True)
class DirectoryVersion:
    """The latest successful sync (its id, 0 before any, and date) and the content version."""

    sync_id: int
    as_of: date | None
    content: int = 0

    @property
    def key(self) -> tuple[int, int]:
        """What cached pages depend on: the directory and the campaign content."""
        return (self.sync_id, self.content)


def read_version(session: Session) -> DirectoryVersion:
    """The latest successful sync and the content version, in one query."""
    latest = (
        select(DirectorySync.id)
        .where(DirectorySync.status == "ok")
        .order_by(DirectorySync.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    finished = select(DirectorySync.finished_at).where(DirectorySync.id == latest)
    version = select(ContentState.version).where(ContentState.id == 1)
    sync_id, finished_at, content_version = session.execute(
        select(latest, finished.scalar_subquery(), version.scalar_subquery())
    ).one()
    return DirectoryVersion(
        sync_id or 0, finished_at.date() if finished_at else None, content_version or 0
    )


class VersionTracker:
    """Remembers the directory version for ``ttl`` seconds per process."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._value: DirectoryVersion | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def current(self, session: Session) -> DirectoryVersion:
        """The version, from memory when checked less than ``ttl`` seconds ago."""
        now = self._clock()
        with self._lock:
            if self._value is not None and now - self._checked < self.ttl:
                return self._value
        value = read_version(session)
        with self._lock:
            self._value, self._checked = value, now
        return value

    def forget(self) -> None:
        """Ask the database next time (after a sync in this process)."""
        with self._lock:
            self._value = None


class VersionedCache(Generic[T]):
    """A bounded LRU cache whose entries belong to one directory version.

    Bounded by entry count and, with ``sizeof``, by the total size of the
    values, so a flood of distinct keys cannot grow a process without limit.
    """

    def __init__(
        self,
        maxsize: int,
        *,
        max_bytes: int | None = None,
        sizeof: Callable[[T], int] | None = None,
    ) -> None:
        self.maxsize = maxsize
        self.max_bytes = max_bytes
        self._sizeof = sizeof
        self._bytes = 0
        self._data: OrderedDict[Hashable, tuple[Hashable, T, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, version: Hashable) -> T | None:
        """The value stored for ``key`` at ``version``, or None."""
        with self._lock:
            entry = self._data.get(key)
            if entry is not None and entry[0] == version:
                self._data.move_to_end(key)
                self.hits += 1
                return entry[1]
            self.misses += 1
            return None

    def put(self, key: Hashable, version: Hashable, value: T) -> None:
        """Store ``value``, evicting the least recently used entries past the bounds."""
        size = self._sizeof(value) if self._sizeof else 0
        if self.maxsize <= 0 or (self.max_bytes is not None and size > self.max_bytes):
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= old[2]
            self._data[key] = (version, value, size)
            self._bytes += size
            while len(self._data) > self.maxsize or (
                self.max_bytes is not None and self._bytes > self.max_bytes
            ):
                _, (_, _, evicted) = self._data.popitem(last=False)
                self._bytes -= evicted

    def get_or_make(self, key: Hashable, version: Hashable, make: Callable[[], T]) -> T:
        """The cached value for ``key`` at ``version``, else ``make()`` stored."""
        value = self.get(key, version)
        if value is None:
            value = make()
            self.put(key, version, value)
        return value

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._data)


def bump_version(session: Session, *, loaded_from: str | None = None) -> int:
    """Count one more content change and return the new version number."""
    state = session.get(ContentState, 1)
    if state is None:
        state = ContentState(id=1, version=0)
        session.add(state)
    state.version += 1
    if loaded_from is not None:
        state.loaded_from = loaded_from
        state.loaded_at = utcnow()
    return state.version


def content_version(session: Session) -> int:
    """The current content version (0 before any content)."""
    state = session.get(ContentState, 1)
    return state.version if state else 0
