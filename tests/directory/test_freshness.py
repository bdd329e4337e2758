"""Data dates: a mirror's README names the upstream commit it copied."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from outreach.directory import dates as directory_dates
from outreach.directory.importers import ParsedSource, freshness
from outreach.directory.importers.sources import local_tree
from tests import sources

README = """# A mirror

| mirror folder | upstream repository | branch | commit copied | commit date | licence |
|---|---|---|---|---|---|
| `congress-legislators/` | u | `main` | `{a}` | 2026-06-15T15:26:56-04:00 | CC0 |
| `openstates-people/` | u | `main` | `{b}` | 2026-08-05T18:45:08-05:00 | CC0 |
| `us-zipcodes-congress/` | u | `master` | not a commit | 2024-11-12 | - |
"""
A, B = "a" * 40, "b" * 40


def test_a_mirror_readme_gives_each_folder_its_commit_and_date(tmp_path: Path):
    readme = tmp_path / "README.md"
    readme.write_text(README.format(a=A, b=B))
    assert freshness.mirror_manifest(readme) == {
        "congress-legislators": {"commit": A, "commit_date": "2026-06-15"},
        "openstates-people": {"commit": B, "commit_date": "2026-08-05"},
    }
    assert freshness.mirror_manifest(tmp_path / "missing.md") == {}


def test_commit_dates_from_the_readme_win_over_file_dates(tmp_path: Path):
    root = sources.write_source(tmp_path / "source")
    (root / "README.md").write_text(README.format(a=A, b=B))
    tree = local_tree(root)
    freshness.record_dates(tree, ParsedSource(), date(2026, 12, 3))
    dated = {row["source"]: row for row in directory_dates.source_dates(tree.upstream)}
    assert dated["congress-legislators"]["date"] == "2026-06-15"
    assert dated["congress-legislators"]["date_kind"] == "commit"
    assert dated["congress-legislators"]["commit"] == A
    assert dated["openstates-people"]["date"] == "2026-08-05"
    # No commit in the table for this one: the files' own date stands.
    assert dated["us-zipcodes-congress"]["date_kind"] == "file"


def test_without_a_readme_the_file_date_stands(tmp_path: Path):
    tree = local_tree(sources.write_source(tmp_path / "source"))
    freshness.record_dates(tree, ParsedSource(), date(2026, 12, 3))
    dated = {row["source"]: row for row in directory_dates.source_dates(tree.upstream)}
    assert dated["openstates-people"]["date_kind"] == "file"


def test_each_app_remembers_the_dates_of_its_own_database(tmp_path: Path):
    """Sync ids repeat across databases: one app's dates never show in another's pages."""
    from datetime import datetime

    from outreach import create_app
    from outreach.extensions import db
    from outreach.jinja import directory_dates
    from outreach.models import DirectorySync
    from tests.conftest import make_config

    answers = []
    for n, day in enumerate(("2026-06-15", "2025-01-02")):
        app = create_app(make_config(f"sqlite:///{tmp_path / f'{n}.sqlite3'}"))
        with app.app_context():
            db.create_all()
            db.session.add(
                DirectorySync(
                    id=1,
                    source="test",
                    status="ok",
                    started_at=datetime(2026, 12, 1),
                    finished_at=datetime(2026, 12, 1),
                    upstream={"openstates-people": {"commit_date": day}},
                )
            )
            db.session.commit()
            with app.test_request_context("/"):
                answers.append(directory_dates().of("openstates").date.isoformat())
            db.session.remove()
            db.engine.dispose()
    assert answers == ["2026-06-15", "2025-01-02"]
