"""The in-memory index of who a ZIP code reaches: one query a lookup, never stale.

Each test would fail with an index that outlived the data it was built from:
after a sync, a correction or a content edit, the next lookup answers from the
new directory.
"""

from __future__ import annotations

import gc
import runpy
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from outreach import create_app
from outreach.directory import correction_files, correction_saving, lookup, reach_index
from outreach.directory import sync as directory_sync
from outreach.directory.version import bump_version
from outreach.extensions import db
from outreach.models import Role
from tests import sources
from tests.conftest import ROOT, make_config, new_database
from tests.factories import make_person, make_sync, make_zip

TODAY = date(2026, 12, 3)
GOVERNOR = "ocd-person/00000000-0000-0000-0000-0000000gov02"


def names(result: lookup.LookupResult) -> list[str]:
    return [p.name for p in result.officials]


def sync(session, root: Path) -> None:
    outcome = directory_sync.run_sync(session, str(root), shared=None, timeout=5, today=TODAY)
    assert outcome.sync.status == "ok"
    session.commit()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return sources.write_source(tmp_path / "source")


class StatementCounter:
    """Counts the SQL statements run on an engine while it listens."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.count = 0

    def _count(self, *_args) -> None:
        self.count += 1

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


def test_a_sync_is_seen_by_the_next_lookup(session, source):
    sync(session, source)
    before = lookup.lookup_zip(session, "94538")
    rep = next(p for p in before.federal if p.name == "Bob Rep")
    assert rep.phones == ["202-225-0014"]
    assert "Sara Senator" in names(before)
    current = source / "congress-legislators" / "legislators-current.yaml"
    text = current.read_text().replace("202-225-0014", "202-225-9999")
    # Sara Senator leaves: her record goes from the current file.
    start = text.index("- id:\n    bioguide: S000001")
    end = text.index("- id:\n    bioguide: R000014")
    current.write_text(text[:start] + text[end:])
    sync(session, source)
    after = lookup.lookup_zip(session, "94538")
    rep = next(p for p in after.federal if p.name == "Bob Rep")
    assert rep.phones == ["202-225-9999"]
    assert "Sara Senator" not in names(after)
    assert any("holds no U.S. senators for California" in n for n in after.notices)


def test_a_correction_is_seen_by_the_next_lookup(session, source):
    sync(session, source)
    assert "Gina Neuer" not in names(lookup.lookup_zip(session, "94538"))
    item = correction_files.CorrectionIn.model_validate(
        {
            "key": "governor-ca-2027",
            "kind": "replace_officeholder",
            "jurisdiction": "CA",
            "office": "governor",
            "person": GOVERNOR,
            "successor": {"name": "Gina Neuer", "party": "Democratic", "start_date": "2025-01-06"},
            "source": "https://example.org/news/sworn-in",
            "date": "2026-12-01",
        }
    )
    correction_saving.save_corrections(
        session, [item], origin="organizer", actor="olga@example.org", today=TODAY
    )
    session.commit()
    result = lookup.lookup_zip(session, "94538")
    governors = [p.name for p in result.state_officials if p.role.office == "governor"]
    assert governors == ["Gina Neuer"]


def test_a_content_edit_rebuilds_the_index(session):
    make_zip(session, "80202", "CO", "1")
    make_person(session, name="Cora Senator", office="us_senator", state="CO", district=None)
    make_sync(session)
    assert names(lookup.lookup_zip(session, "80202")) == ["Cora Senator"]
    # Written by hand, the new governor is not in the index of this version...
    make_person(session, name="Cole Governor", office="governor", state="CO", district=None)
    assert names(lookup.lookup_zip(session, "80202")) == ["Cora Senator"]
    # ...a content edit moves the version, and the next lookup has them.
    bump_version(session)
    assert names(lookup.lookup_zip(session, "80202")) == ["Cora Senator", "Cole Governor"]


def test_one_query_per_lookup_and_one_build_per_version(app, session):
    make_zip(session, "94538", "CA", "14")
    make_person(session, name="Cy Fourteen", office="us_representative", district="14")
    make_sync(session)
    builds = reach_index.STORE.builds
    lookup.lookup_zip(session, "94538")
    assert reach_index.STORE.builds == builds + 1
    with StatementCounter(db.engine) as counter:
        for _ in range(3):
            result = lookup.lookup_zip(session, "94538")
    assert counter.count == 3
    assert reach_index.STORE.builds == builds + 1
    assert names(result) == ["Cy Fourteen"]
    # Picked legislative districts are asked of the database: one more query.
    with StatementCounter(db.engine) as counter:
        lookup.lookup_zip(session, "94538", legislative={"CA": {"upper": "10"}})
    assert counter.count == 2


def test_each_database_has_its_own_index(request, session, database_url, tmp_path):
    """Two databases in one process, at the same version, never share officials."""
    make_zip(session, "94538", "CA", "14")
    make_person(session, name="Cy Fourteen", office="us_representative", district="14")
    session.commit()
    assert names(lookup.lookup_zip(session, "94538")) == ["Cy Fourteen"]
    kind = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    (tmp_path / "other").mkdir()
    urls = new_database(request, kind, tmp_path / "other")
    other = create_app(make_config(next(urls), SHARE_CACHE_DIR=tmp_path / "other-share"))
    try:
        with other.app_context():
            db.create_all()
            make_zip(db.session, "94538", "CA", "14")
            db.session.commit()
            assert names(lookup.lookup_zip(db.session, "94538")) == []
            db.session.remove()
            db.engine.dispose()
    finally:
        next(urls, None)


def test_someone_holding_two_indexed_offices_keeps_only_the_matching_one(session):
    make_zip(session, "94538", "CA", "14")
    make_zip(session, "94612", "CA", "17")
    rep = make_person(session, name="Two Seats", office="us_representative", district="14")
    rep.roles.append(
        Role(office="us_representative", jurisdiction_abbr="CA", chamber=None, district="17")
    )
    make_sync(session)
    for zip_code, district in (("94538", "14"), ("94612", "17")):
        result = lookup.lookup_zip(session, zip_code)
        (person,) = result.federal
        assert [r.district for r in person.roles] == [district]


def test_a_picked_district_adds_its_member_in_order(session):
    make_zip(session, "94538", "CA", "14")
    make_person(session, name="Sam Senator", office="us_senator", district=None)
    make_person(session, name="Gale Governor", office="governor", district=None)
    make_person(session, name="Lena Upper", office="state_senator", district="10")
    make_person(session, name="Lou Lower", office="state_representative", district="20")
    make_sync(session)
    result = lookup.lookup_zip(session, "94538", legislative={"CA": {"lower": "20"}})
    assert names(result) == ["Sam Senator", "Gale Governor", "Lou Lower"]


def test_gunicorn_builds_the_index_before_it_forks(app, session):
    """The shipped gunicorn.conf.py's ``when_ready``: the workers inherit a built index."""
    make_zip(session, "94538", "CA", "14")
    make_person(session, name="Cy Fourteen", office="us_representative", district="14")
    make_sync(session)
    session.commit()
    session.remove()
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    # What the hook uses of gunicorn's arbiter: its settings and the loaded app.
    server = SimpleNamespace(cfg=SimpleNamespace(preload_app=True), app=SimpleNamespace())
    server.app.wsgi = lambda: app
    builds = reach_index.STORE.builds
    try:
        hooks["when_ready"](server)
    finally:
        gc.unfreeze()  # the hook freezes the heap for the workers: not this test process's
    assert reach_index.STORE.builds == builds + 1
    with StatementCounter(db.engine) as counter:
        assert names(lookup.lookup_zip(session, "94538")) == ["Cy Fourteen"]
    assert counter.count == 1
    assert reach_index.STORE.builds == builds + 1


def test_the_pickers_districts_follow_the_version(session):
    make_person(session, name="Lena Upper", office="state_senator", district="10")
    make_sync(session)
    assert lookup.picker_district_choices(session, "CA") == {"upper": ["10"]}
    make_person(session, name="Ivy Upper", office="state_senator", district="9")
    assert lookup.picker_district_choices(session, "CA") == {"upper": ["10"]}  # same version
    assert lookup.legislative_district_choices(session, "CA") == {"upper": ["9", "10"]}
    bump_version(session)
    assert lookup.picker_district_choices(session, "CA") == {"upper": ["9", "10"]}
