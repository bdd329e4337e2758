"""The on-disk image store: atomic writes, versioned folders, bounds, pruning."""

from __future__ import annotations

import os
import threading
import time

import pytest

from outreach.share import images as share_images
from outreach.share.store import STALE_TEMP_SECONDS, ShareStore, etag_for, style_hash

STYLE = style_hash("")


@pytest.fixture
def store(tmp_path):
    return ShareStore(tmp_path / "share")


def test_write_then_read(store):
    tag = store.tag(3, STYLE)
    assert store.read(tag, "co-1200x630.png") is None
    assert store.write(tag, "co-1200x630.png", b"png bytes", limit=10)
    assert store.read(tag, "co-1200x630.png") == b"png bytes"
    assert (store.root / tag / "co-1200x630.png").read_bytes() == b"png bytes"
    # no temporary file left behind
    assert [p.name for p in (store.root / tag).iterdir()] == ["co-1200x630.png"]


def test_folder_names_carry_the_content_version_and_style(store):
    assert store.tag(12, STYLE) == f"c12-{STYLE}"
    assert style_hash("") != style_hash("https://example.org")
    with pytest.raises(ValueError, match="bad tag"):
        store.tag(1, "not-a-style")


@pytest.mark.parametrize(
    "name",
    [
        "../escape.png",
        "co/../../x.png",
        "CO.png",
        ".hidden.png",
        "co.exe",
        "co.png.txt",
        "a" * 200 + ".png",
    ],
)
def test_only_well_formed_names_are_accepted(store, name):
    with pytest.raises(ValueError, match="bad image"):
        store.write(store.tag(1, STYLE), name, b"x", limit=10)
    with pytest.raises(ValueError, match="bad image"):
        store.read(store.tag(1, STYLE), name)
    assert not (store.root.parent / "escape.png").exists()


def test_a_folder_holds_at_most_limit_images(store):
    tag = store.tag(1, STYLE)
    for i in range(3):
        assert store.write(tag, f"k{i}-1200x630.png", b"x", limit=3)
    assert not store.write(tag, "k3-1200x630.png", b"x", limit=3)
    assert store.count(tag) == 3
    # rewriting a stored image is fine at the limit
    assert store.write(tag, "k0-1200x630.png", b"y", limit=3)
    assert store.read(tag, "k0-1200x630.png") == b"y"


def test_a_new_version_prunes_older_ones_but_not_newer(store):
    old = store.tag(1, STYLE)
    other_style = store.tag(2, style_hash("https://elsewhere.example"))
    newer = store.tag(9, STYLE)
    for tag in (old, other_style, newer):
        store.write(tag, "co-1200x630.png", b"x", limit=10)
    current = store.tag(2, STYLE)
    store.write(current, "co-1200x630.png", b"new", limit=10)
    folders = sorted(p.name for p in store.root.iterdir())
    assert folders == sorted([current, newer])
    assert store.stats().files == 2


def test_stale_temporary_files_are_removed(store):
    tag = store.tag(1, STYLE)
    store.write(tag, "co-1200x630.png", b"x", limit=10)
    stale = store.root / tag / ".tmp-crashed.part"
    stale.write_bytes(b"half")
    old = time.time() - STALE_TEMP_SECONDS - 5
    os.utime(stale, (old, old))
    fresh = store.root / tag / ".tmp-writing.part"
    fresh.write_bytes(b"half")
    store.prune(keep=tag)
    assert not stale.exists()
    assert fresh.exists(), "a write in progress is left alone"


def test_an_empty_file_counts_as_missing(store):
    tag = store.tag(1, STYLE)
    (store.root / tag).mkdir(parents=True)
    (store.root / tag / "co-1200x630.png").write_bytes(b"")
    assert store.read(tag, "co-1200x630.png") is None


def test_concurrent_writers_leave_one_whole_file(store):
    """Threads (standing in for processes) write the same image at once: readers see
    nothing or the whole image, never part of it."""
    tag = store.tag(1, STYLE)
    data = os.urandom(200_000)
    seen: list[bytes | None] = []
    errors: list[BaseException] = []

    def writer():
        try:
            for _ in range(5):
                store.write(tag, "co-1200x630.png", data, limit=10)
        except BaseException as error:
            errors.append(error)

    def reader():
        for _ in range(50):
            seen.append(store.read(tag, "co-1200x630.png"))

    threads = [threading.Thread(target=writer) for _ in range(4)] + [
        threading.Thread(target=reader) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert store.read(tag, "co-1200x630.png") == data
    assert all(found is None or found == data for found in seen)
    assert [p.name for p in (store.root / tag).iterdir()] == ["co-1200x630.png"]


def test_an_unwritable_store_serves_without_storing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = ShareStore(blocker / "share")
    assert store.write(store.tag(1, STYLE), "co-1200x630.png", b"x", limit=10) is False
    assert store.read(store.tag(1, STYLE), "co-1200x630.png") is None


def test_etags_follow_the_bytes():
    assert etag_for(b"a") == etag_for(b"a")
    assert etag_for(b"a") != etag_for(b"b")
    assert len(etag_for(b"a")) == 32


def test_the_style_follows_the_drawing_revision(monkeypatch):
    before = style_hash("")
    monkeypatch.setattr(share_images, "REVISION", share_images.REVISION + 1)
    assert style_hash("") != before


def test_clear_removes_only_the_stores_folders(store):
    store.write(store.tag(1, STYLE), "co-1200x630.png", b"x", limit=10)
    (store.root / "unrelated").mkdir()
    store.clear()
    assert [p.name for p in store.root.iterdir()] == ["unrelated"]


def test_alt_texts_sit_beside_the_images_with_their_own_bound(store):
    tag = store.tag(1, STYLE)
    assert store.write(tag, "co-1200x630.png", b"png", limit=1)
    assert store.write(tag, "co-alt.txt", b"Colorado scores 6 out of 9.", limit=1)
    assert not store.write(tag, "wy-alt.txt", b"x", limit=1)
    assert store.count(tag) == 1
    assert store.count(tag, ".txt") == 1
    assert store.read(tag, "co-alt.txt") == b"Colorado scores 6 out of 9."
