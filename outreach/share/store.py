"""The share images on disk: one folder per content version, written atomically, bounded.

Images live in ``SHARE_CACHE_DIR/<tag>/<name>.png``, each image's alt text
beside it in ``<name>-alt.txt`` (so pages can describe the image without
asking the database). The *tag* names the
content version and the drawing's *style* (the revision of the drawing code,
the Pillow version and the site address printed on the images), for example
``c12-3f9a0c41d2``: a new content version (or a new drawing) gets a new
folder, so nothing stale is ever served, and the first write into a new
folder removes the folders of older versions.

Several processes may render the same image at once: each writes a temporary
file in the same folder and moves it into place with :func:`os.replace`, so a
reader sees the old file, no file, or the whole new one, never a partial one.
Renders are deterministic, so two writers produce the same bytes.

One image is drawn once however many requests want it at the same moment:
:meth:`ShareStore.drawing` is a lock per image name, a file lock in
``SHARE_CACHE_DIR/.locks/`` (``filelock``), which holds across threads,
processes and hosts sharing the folder. The first request draws; the others
wait, then read what it stored. Names share :data:`LOCK_BUCKETS` lock files
by a hash, so no request can make the folder grow.

A folder holds at most ``limit`` images (the caller passes the number of
known keys times the sizes): names come only from known keys, and the bound
is checked again before each write, so no request can fill the disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from outreach.web.file_locks import bucket_lock

TAG_PATTERN = re.compile(r"^c(\d{1,12})-([0-9a-f]{10})$")
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,120}\.(png|txt)$")
#: Temporary files older than this (a crashed writer's) are removed when pruning.
STALE_TEMP_SECONDS = 600
#: How long a request waits for another's drawing before drawing itself.
DRAW_WAIT_SECONDS = 30
LOCKS = ".locks"
#: Lock files: image names are spread over this many by a hash of the name.
LOCK_BUCKETS = 256


def style_hash(site: str = "") -> str:
    """What the pixels depend on besides the content: the drawing, Pillow, the site."""
    import PIL  # the drawing and Pillow load on first use, not when the app starts

    from outreach.share import images as share_images

    raw = f"{share_images.REVISION}|{PIL.__version__}|{site}"
    return hashlib.sha256(raw.encode()).hexdigest()[:10]


def etag_for(data: bytes) -> str:
    """A strong validator: a hash of the bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class StoreStats:
    folders: int
    files: int
    bytes: int


class ShareStore:
    """Rendered images under ``root``, one folder per tag."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    @staticmethod
    def tag(version: int, style: str) -> str:
        """The folder name of content ``version`` drawn in ``style``."""
        tag = f"c{int(version)}-{style}"
        if not TAG_PATTERN.match(tag):
            raise ValueError(f"bad tag {tag!r}")
        return tag

    def path(self, tag: str, name: str) -> Path:
        """Where an image lives; only well-formed tags and names are accepted."""
        if not TAG_PATTERN.match(tag) or not NAME_PATTERN.match(name):
            raise ValueError(f"bad image path {tag!r}/{name!r}")
        return self.root / tag / name

    @contextlib.contextmanager
    def drawing(self, name: str) -> Iterator[None]:
        """Hold the lock of image ``name`` (any version) while drawing it.

        Waits at most :data:`DRAW_WAIT_SECONDS`, then goes on without the lock
        (a stuck drawer must not stop every other request); without a writable
        folder, goes on at once.
        """
        if not NAME_PATTERN.match(name):
            raise ValueError(f"bad image name {name!r}")
        with bucket_lock(self.root / LOCKS, name, buckets=LOCK_BUCKETS, wait=DRAW_WAIT_SECONDS):
            yield

    def read(self, tag: str, name: str) -> bytes | None:
        """The stored bytes, or None when the image is not stored (or is empty)."""
        try:
            data = self.path(tag, name).read_bytes()
        except OSError:
            return None
        return data or None

    def count(self, tag: str, suffix: str = ".png") -> int:
        """How many images (or, with ``suffix=".txt"``, alt texts) ``tag``'s folder holds."""
        try:
            with os.scandir(self.root / tag) as entries:
                return sum(1 for e in entries if e.name.endswith(suffix))
        except OSError:
            return 0

    def write(self, tag: str, name: str, data: bytes, *, limit: int) -> bool:
        """Store ``data`` atomically; False when the folder already holds ``limit`` files
        of that kind (images, or alt texts) or the write failed.

        The first write into a new folder prunes the folders of older versions.
        """
        target = self.path(tag, name)
        folder = target.parent
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            try:
                folder.mkdir()
                created = True
            except FileExistsError:
                created = False
            if created:
                self.prune(keep=tag)
            if not target.exists() and self.count(tag, target.suffix) >= limit:
                return False
            fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            return False
        return True

    def prune(self, keep: str) -> int:
        """Remove the folders of versions older than ``keep`` (and of other styles of
        the same version), and stale temporary files; return how many folders went.

        Folders of newer versions are left alone: a process that has not seen the
        newest version yet must not remove the newest images.
        """
        match = TAG_PATTERN.match(keep)
        if not match:
            raise ValueError(f"bad tag {keep!r}")
        version = int(match.group(1))
        removed = 0
        try:
            entries = list(os.scandir(self.root))
        except OSError:
            return 0
        for entry in entries:
            found = TAG_PATTERN.match(entry.name)
            if not found or not entry.is_dir(follow_symlinks=False) or entry.name == keep:
                continue
            other = int(found.group(1))
            if other <= version:
                shutil.rmtree(entry.path, ignore_errors=True)
                removed += 1
        self._remove_stale_temps(self.root / keep)
        return removed

    def _remove_stale_temps(self, folder: Path) -> None:
        cutoff = time.time() - STALE_TEMP_SECONDS
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith(".tmp-"):
                        with contextlib.suppress(OSError):
                            if entry.stat().st_mtime < cutoff:
                                os.unlink(entry.path)
        except OSError:
            pass

    def clear(self) -> None:
        """Remove every stored image (the folders this store made)."""
        try:
            entries = list(os.scandir(self.root))
        except OSError:
            return
        for entry in entries:
            if TAG_PATTERN.match(entry.name) and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)

    def stats(self) -> StoreStats:
        folders = files = size = 0
        try:
            entries = list(os.scandir(self.root))
        except OSError:
            return StoreStats(0, 0, 0)
        for entry in entries:
            if not (TAG_PATTERN.match(entry.name) and entry.is_dir(follow_symlinks=False)):
                continue
            folders += 1
            with os.scandir(entry.path) as images:
                for image in images:
                    if image.name.endswith(".png"):
                        files += 1
                        size += image.stat().st_size
        return StoreStats(folders, files, size)
