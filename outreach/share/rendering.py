"""Drawing and keeping the share images: :class:`ShareImages` draws an image once per
content version and size, keeps it in the store, and remembers alt texts.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy.orm import Session

from outreach.directory.version import VersionedCache, content_version
from outreach.share import cards
from outreach.share.card_builders import card_for
from outreach.share.shareable import ImageKey, image_keys, key_limit
from outreach.share.store import ShareStore, etag_for, style_hash

# --------------------------------------------------------------------------- images


@dataclass(frozen=True)
class RenderedImage:
    """An image's bytes, its ETag, the content version it shows and whether it was drawn now."""

    data: bytes
    etag: str
    version: int
    drawn: bool


class ShareImages:
    """Images (and their alt texts) read from the store, or drawn and stored on a miss."""

    def __init__(self, store: ShareStore, site: str = "") -> None:
        self.store = store
        self.site = site
        #: Alt texts for link previews, per content version, in this process.
        self.alts: VersionedCache[str] = VersionedCache(512)

    @cached_property
    def style(self) -> str:
        """:func:`style_hash` of the site (computed on first use: it loads the drawing)."""
        return style_hash(self.site)

    def get(
        self, session: Session, key: ImageKey, size: tuple[int, int], version: int
    ) -> RenderedImage:
        """The image of ``key`` at ``size`` for content ``version`` (as the caller's
        version tracker sees it).

        :raise NotShareable: for a key with no image.
        """
        name = key.file_name(size)
        tag = self.store.tag(version, self.style)
        data = self.store.read(tag, name)
        if data is not None:
            return RenderedImage(data, etag_for(data), version, drawn=False)
        # One request draws a cold image; the others (threads and processes, on
        # every host sharing the store) wait for it and read what it stored.
        with self.store.drawing(name):
            data = self.store.read(tag, name)
            if data is not None:
                return RenderedImage(data, etag_for(data), version, drawn=False)
            return self.draw(session, key, size)

    def draw(self, session: Session, key: ImageKey, size: tuple[int, int]) -> RenderedImage:
        """Draw the image now from the database and store it, with its alt text.

        The content version is read before and after the card, in the same
        session; when an edit landed in between, the image is served but not
        stored (it could mix two versions).
        """
        before = content_version(session)
        card, alt = card_for(session, key, self.site)
        from outreach.share import images as share_images  # Pillow: loaded on first draw

        data = share_images.render(card, size)
        if content_version(session) == before:
            tag = self.store.tag(before, self.style)
            limit = key_limit(session)
            self.store.write(tag, key.file_name(size), data, limit=limit)
            self._keep_alt(tag, key, alt, limit)
        return RenderedImage(data, etag_for(data), before, drawn=True)

    def alt(
        self, session: Session, key: ImageKey, version: int, *, read_db: bool = True
    ) -> str | None:
        """The alt text of ``key``'s image: from this process's memory, else the store,
        else (unless ``read_db`` is false) the database; None when not found.

        :raise NotShareable: for a key with no image (when the database is read).
        """
        memo = (key.kind, key.key)
        found = self.alts.get(memo, version)
        if found is not None:
            return found
        tag = self.store.tag(version, self.style)
        stored = self.store.read(tag, key.alt_name())
        if stored is not None:
            found = stored.decode("utf-8", "replace")
        elif not read_db:
            return None
        else:
            before = content_version(session)
            _card, found = card_for(session, key)
            if before == version:
                self._keep_alt(tag, key, found, key_limit(session))
        self.alts.put(memo, version, found)
        return found

    def _keep_alt(self, tag: str, key: ImageKey, alt: str, image_limit: int) -> None:
        if self.store.read(tag, key.alt_name()) is None:
            keys = image_limit // len(cards.SIZES)
            self.store.write(tag, key.alt_name(), alt.encode(), limit=keys)

    def render_all(
        self,
        session: Session,
        *,
        force: bool = False,
        jobs: int = 1,
    ) -> dict[str, int]:
        """Draw every image of the current content that is not stored yet (all with
        ``force``), with the alt texts; return counts by kind and how many were
        already stored.

        The cards are read here; with ``jobs`` > 1 the drawing (pure, the slow
        part) runs in that many worker processes, and the images are stored here.
        """
        version = content_version(session)
        tag = self.store.tag(version, self.style)
        counts = {"campaign": 0, "place": 0, "bill": 0, "stored": 0}
        limit = key_limit(session)
        tasks: list[tuple[ImageKey, str, cards.Card, tuple[int, int]]] = []
        for key in image_keys(session):
            card = None
            for size in cards.SIZES.values():
                name = key.file_name(size)
                if not force and self.store.read(tag, name) is not None:
                    counts["stored"] += 1
                    continue
                if card is None:
                    card, alt = card_for(session, key, self.site)
                    self._keep_alt(tag, key, alt, limit)
                tasks.append((key, name, card, size))
        for (key, name, _card, _size), data in zip(
            tasks, _draw_many([(t[2], t[3]) for t in tasks], jobs), strict=True
        ):
            self.store.write(tag, name, data, limit=limit)
            counts[key.kind] += 1
        self.store.prune(keep=tag)
        return counts


def _draw_one(job: tuple[cards.Card, tuple[int, int]]) -> bytes:
    from outreach.share import images as share_images

    return share_images.render(*job)


def _draw_many(jobs_list: list[tuple[cards.Card, tuple[int, int]]], jobs: int) -> Iterator[bytes]:
    """Draw the cards, in ``jobs`` worker processes when more than one."""
    if jobs <= 1 or len(jobs_list) < 2:
        yield from map(_draw_one, jobs_list)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from pool.map(_draw_one, jobs_list, chunksize=4)
