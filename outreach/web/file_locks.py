"""One lock file per bucket of names, shared by threads, processes and hosts.

The share-image store and the built files (kits, full exports) both let one
request do a costly piece of work while the others wait for its result. A name
hashes to one of a fixed number of lock files, so the folder never grows.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout


@contextlib.contextmanager
def bucket_lock(folder: Path, name: str, *, buckets: int, wait: float) -> Iterator[None]:
    """Hold the lock of ``name``'s bucket in ``folder`` while the block runs.

    Waits at most ``wait`` seconds, then goes on without the lock (a stuck holder
    must not stop every other request); without a writable folder, goes on at once.
    """
    bucket = int(hashlib.sha256(name.encode()).hexdigest(), 16) % buckets
    width = len(str(buckets - 1))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(folder / f"{bucket:0{width}d}.lock", timeout=wait)
        lock.acquire()
    except (OSError, Timeout):
        yield
        return
    try:
        yield
    finally:
        lock.release()
