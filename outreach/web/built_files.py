"""Costly files built once per version and kept on disk: share kits, full exports.

A share kit (a ZIP of every image of a state) and the export of the whole
directory (every official, no filter) are the same for everyone until the
content or the directory changes, and each costs seconds of CPU to build.
:class:`BuiltFiles` keeps them under ``<root>/<version>/<name>``:

- the first request builds the file while every other request for it —
  threads, worker processes, hosts sharing the folder — waits on a file lock
  (``filelock``) and then reads what was built;
- files are written to a temporary name and moved into place, so a reader
  never sees half a file;
- a new version's first file removes the folders of the other versions.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from outreach.web.file_locks import bucket_lock

VERSION_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]{0,60}$")
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,120}$")
#: How long a request waits for another's build before building itself.
BUILD_WAIT_SECONDS = 60
LOCKS = ".locks"
LOCK_BUCKETS = 64


class BuiltFiles:
    """Files built by :meth:`get_or_build`, one folder per version under ``root``."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, version: str, name: str) -> Path:
        if not VERSION_PATTERN.match(version) or not NAME_PATTERN.match(name):
            raise ValueError(f"bad built file {version!r}/{name!r}")
        return self.root / version / name

    def read(self, version: str, name: str) -> bytes | None:
        try:
            return self.path(version, name).read_bytes() or None
        except OSError:
            return None

    def get_or_build(self, version: str, name: str, build: Callable[[], bytes]) -> bytes:
        """The stored file, else ``build()``'s bytes, stored (one build at a time per name)."""
        data = self.read(version, name)
        if data is not None:
            return data
        with self._lock(name):
            data = self.read(version, name)
            if data is not None:
                return data
            data = build()
            self._write(version, name, data)
            return data

    def _lock(self, name: str) -> AbstractContextManager[None]:
        return bucket_lock(self.root / LOCKS, name, buckets=LOCK_BUCKETS, wait=BUILD_WAIT_SECONDS)

    def _write(self, version: str, name: str, data: bytes) -> None:
        target = self.path(version, name)
        try:
            try:
                target.parent.mkdir(parents=True)
                self._prune(keep=version)
            except FileExistsError:
                pass
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(temp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            pass  # not stored: the next request builds it again

    def _prune(self, keep: str) -> None:
        try:
            entries = list(os.scandir(self.root))
        except OSError:
            return
        for entry in entries:
            if entry.name in (keep, LOCKS) or not VERSION_PATTERN.match(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
