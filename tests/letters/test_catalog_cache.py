"""A letter template's parse is shared by every app of the process until its file changes."""

from __future__ import annotations

import shutil

from config import LETTERS_DIR
from outreach.letters.catalog import load_catalog


def test_an_unchanged_file_is_parsed_once_and_a_changed_one_again(tmp_path):
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS_DIR, folder)
    first, second = load_catalog(folder), load_catalog(folder)
    assert first is not second  # each app has a catalog of its own
    assert first.templates
    assert all(second.templates[key] is first.templates[key] for key in first.templates)

    path = next(folder.rglob("*.txt"))
    text = path.read_text(encoding="utf-8")
    changed_id = next(t.id for t in first.templates.values() if t.file.endswith(path.name))
    path.write_text(text.replace("\n---\n", "\n---\nA line added by the test.\n", 1), "utf-8")
    third = load_catalog(folder)
    assert third.templates[changed_id] is not first.templates[changed_id]
    assert "A line added by the test." in third.templates[changed_id].body_source


def test_a_broken_file_is_reported_every_time(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "broken.txt").write_text("no header here\n", "utf-8")
    assert len(load_catalog(folder).errors) == 1
    assert len(load_catalog(folder).errors) == 1
