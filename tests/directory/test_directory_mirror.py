"""Integration: sync the whole shared mirror into a fresh database and check it."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import and_, func, select

from outreach.directory import errors, lookup, reach_index
from outreach.directory import sync as directory_sync
from outreach.directory.officials_read import load_officials
from outreach.directory.ordering import sort_officials
from outreach.extensions import db
from outreach.models import Committee, CommitteeMembership, Person, Role, ZipDistrict
from tests.conftest import DATABASES, ROOT, SHARED_DIRECTORY, copy_of_mirror, make_config

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SHARED_DIRECTORY.is_dir(), reason="shared mirror not present"),
]
CONGRESS = SHARED_DIRECTORY / "congress-legislators"


@pytest.fixture(scope="module", params=DATABASES)
def mirror_app(request, tmp_path_factory, mirror_template):
    """The app on a copy of the mirror synced once for the session (``mirror_template``)."""
    from outreach import create_app

    folder = tmp_path_factory.mktemp("mirror")
    urls = copy_of_mirror(request, request.param, folder, mirror_template)
    app = create_app(make_config(next(urls), SHARE_CACHE_DIR=folder / "share"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    next(urls, None)


@pytest.fixture
def mirror(mirror_app):
    with mirror_app.app_context():
        yield db.session


def count(session, query) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery()))


def test_counts_match_the_sources(mirror):
    current = yaml.load((CONGRESS / "legislators-current.yaml").read_text(), yaml.CSafeLoader)
    senators = sum(1 for m in current if m["terms"][-1]["type"] == "sen")
    assert count(mirror, select(Role).where(Role.office == "us_senator")) == senators
    assert count(mirror, select(Role).where(Role.office == "us_representative")) == (
        len(current) - senators
    )
    ne_files = list((SHARED_DIRECTORY / "openstates-people/data/ne/legislature").glob("*.yml"))
    assert count(
        mirror,
        select(Role).where(Role.jurisdiction_abbr == "NE", Role.office == "state_legislator"),
    ) == len(ne_files)
    rows = (SHARED_DIRECTORY / "us-zipcodes-congress/zccd.csv").read_text().splitlines()[1:]
    assert count(mirror, select(ZipDistrict)) == len(set(rows))
    # Every jurisdiction with state data has its legislature.
    for state in ("CA", "TX", "NY", "NH", "PR", "DC"):
        assert count(mirror, select(Role).where(Role.jurisdiction_abbr == state)) > 10
    assert count(mirror, select(Committee)) > 2500
    assert count(mirror, select(CommitteeMembership)) > 30000


def test_known_officials(mirror):
    newest = mirror.scalars(select(Person).where(Person.bioguide_id == "G000607")).one()
    # No official_full upstream: the name is built from first and last.
    assert newest.name == "James Gallagher"
    assert (newest.role.jurisdiction_abbr, newest.role.district) == ("CA", "1")
    lori = mirror.scalars(select(Person).where(Person.name.like("Lori Garcia Sander"))).one()
    assert lori.email is None
    governor = mirror.scalars(
        select(Person).join(Role).where(Role.office == "governor", Role.jurisdiction_abbr == "CA")
    ).one()
    assert governor.name == "Gavin Newsom"
    assert governor.role.is_stale(date(2026, 11, 21))  # upstream end date 2026-01-01
    driscoll = mirror.scalars(
        select(Role).where(Role.office == "lt_governor", Role.jurisdiction_abbr == "MA")
    ).all()
    assert len(driscoll) == 1  # listed twice upstream under two ids


@pytest.mark.parametrize(
    ("zip_code", "districts"),
    [("53811", ["WI-2", "WI-3"]), ("42223", ["KY-1", "TN-7"]), ("20001", ["DC at-large"])],
)
def test_zip_edge_cases(mirror, zip_code, districts):
    result = lookup.lookup_zip(mirror, zip_code)
    assert [d.label for d in result.districts] == districts
    assert result.ambiguous == (len(districts) > 1)
    reps = {
        f"{p.role.jurisdiction_abbr}-{p.role.district}"
        for p in result.federal
        if p.role.office == "us_representative"
    }
    assert len(reps) == len(districts)
    senators = [p for p in result.federal if p.role.office == "us_senator"]
    assert len(senators) == 2 * len([s for s in result.states if s != "DC"])


def _as_rows(people) -> list[tuple]:
    return [(p.id, p.roles, p.offices, p.social_accounts) for p in people]


def test_lookups_from_the_index_match_the_database(mirror):
    """ZIP codes answer from the in-memory index exactly as a query of their seats would."""
    zctas = sorted(mirror.scalars(select(ZipDistrict.zcta).distinct()))
    # Across state lines, split, at-large, DC and Puerto Rico, and USPS-only ZIP codes.
    sample = [*random.Random(17).sample(zctas, 250), "42223", "53811", "20001", "00926"]
    sample += ["20500", "10008", "00501", "94299"]
    picked = 0
    for zip_code in sample:
        try:
            result = lookup.lookup_zip(mirror, zip_code)
        except errors.UnknownZip:
            continue
        pairs = [(d.state, d.district) for d in result.districts]
        conditions = reach_index.seat_conditions(result.states, pairs)
        expected = sort_officials(load_officials(mirror, conditions))
        assert _as_rows(result.officials) == _as_rows(expected), zip_code
        state = result.states[0]
        choices = lookup.legislative_district_choices(mirror, state)
        if picked < 25 and "upper" in choices:
            picked += 1
            district = choices["upper"][-1]
            chosen = lookup.lookup_zip(mirror, zip_code, legislative={state: {"upper": district}})
            upper = Role.jurisdiction_abbr == state, Role.office == "state_senator"
            conditions.append(and_(*upper, Role.district == district))
            expected = sort_officials(load_officials(mirror, conditions))
            assert _as_rows(chosen.officials) == _as_rows(expected), (zip_code, district)
    assert picked == 25


def test_second_sync_is_idempotent(mirror_app, mirror):
    before = dict(mirror.execute(select(Person.source_id, Person.id)).all())
    outcome = directory_sync.run_sync(mirror, str(SHARED_DIRECTORY), shared=None, timeout=5)
    after = dict(mirror.execute(select(Person.source_id, Person.id)).all())
    assert after == before
    assert (outcome.added, outcome.removed) == (0, 0)


def test_ctrl_c_during_a_real_sync_leaves_the_directory(tmp_path: Path, mirror_template):
    """Start `flask directory sync` in a subprocess, interrupt it, check nothing changed.

    The directory it starts from is a copy of the mirror already synced by the CLI
    for the session (``mirror_template``), so only the interrupted sync runs here.
    """
    db_path = tmp_path / "interrupt.sqlite3"
    shutil.copyfile(mirror_template("sqlite").removeprefix("sqlite:///"), db_path)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "OUTREACH_DIRECTORY_SOURCE": str(SHARED_DIRECTORY),
        "FLASK_APP": "wsgi",
    }
    flask = [sys.executable, "-m", "flask"]

    def snapshot() -> tuple:
        import sqlite3

        with sqlite3.connect(db_path) as conn:
            return tuple(
                conn.execute(f"SELECT COUNT(*), SUM(id) FROM {table}").fetchone()
                for table in ("people", "roles", "contact_offices", "zip_districts")
            )

    before = snapshot()

    def default_sigint() -> None:
        # A job started in the background by a non-interactive shell (as CI runners
        # may do) inherits SIGINT ignored, and Python keeps it ignored: restore it.
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    proc = subprocess.Popen(
        [*flask, "directory", "sync"],
        cwd=ROOT,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=default_sigint,
    )
    # Interrupt once the sync is under way: after it has parsed Congress.
    seen = []
    deadline = time.monotonic() + 120
    assert proc.stdout is not None
    for line in proc.stdout:
        seen.append(line)
        if line.startswith("Congress (congress-legislators)") or time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=60)
    returncode, output = proc.returncode, "".join(seen) + rest
    assert returncode != 0, output[-2000:]
    assert "unchanged" in output
    assert snapshot() == before


def test_every_template_renders_for_real_officials(mirror_app, mirror):
    """Each letter template, for a real official of each office kind in each state."""
    from outreach.campaign import content, standings
    from outreach.campaign import records as campaign
    from outreach.letters import catalog as letters
    from outreach.letters import context as letter_context
    from outreach.models import OfficeKind

    if content.content_is_empty(mirror):
        content.load_content(mirror, content.read_content(content.DEFAULT_PATH), source="test")
        mirror.commit()
    catalog = mirror_app.extensions["letters"]
    assert not catalog.errors
    criteria = {c.number: c for c in campaign.get_campaign(mirror).criteria}
    today = date(2026, 11, 21)
    federal = standings.current_federal_bill(
        [b for b, _ in campaign.find_bills(mirror, jurisdiction="US")]
    )
    senders = [
        letter_context.Sender(),
        letter_context.Sender("Pat Doe", "1 Main St", "Fresno, CA", "93721", "pat@example.org"),
    ]
    rendered = 0
    situations: set[str] = set()
    for state in campaign.MAP_JURISDICTIONS:
        standing = campaign.standing(mirror, state, today)
        seats = campaign.relevant_committee_seats(mirror, state)
        seen: set[str] = set()
        for official in lookup.state_officials(mirror, state):
            if official.role.office in seen:
                continue
            seen.add(official.role.office)
            for sender in senders:
                situation, context = letter_context.build_context(
                    official=official,
                    standing=standing,
                    federal_bill=federal,
                    criteria=criteria,
                    committees=seats.get(official.id, []),
                    sender=sender,
                    story="",
                    today=today,
                    campaign_name="End Qualified Immunity",
                )
                situations.add(situation)
                fitting = [t for t in catalog if t.fits(official.role.office, situation)]
                assert fitting, (state, official.role.office, situation)
                for template in fitting:
                    letter = letters.render(template, context)
                    text = letter.subject + letter.body
                    assert "None" not in text
                    assert "{{" not in text
                    assert "{%" not in text
                    last = official.family_name or official.name.split()[-1]
                    assert last in letter.subject + letter.body, (template.id, last)
                    allowed = {"your story: a sentence or two on why this matters to you"}
                    if not sender.name:
                        allowed |= set(letter_context.PLACEHOLDERS.values())
                    assert set(letter.placeholders) <= allowed, (template.id, letter.placeholders)
                    rendered += 1
    assert situations >= {"no_reform", "pending_bill", "below_max", "strengthened"}
    assert {k.value for k in OfficeKind} >= seen
    assert rendered > 1000


def test_the_whole_directory_exports_in_every_format(mirror):
    """Every official in CSV, XLSX, vCard and JSON, read back and checked against the rows.

    The expected values are built from ORM rows (not the export's streamed
    views), so a batch that loses or mixes up offices shows here.
    """
    import csv
    import io
    import json
    from datetime import datetime

    import openpyxl
    import vobject
    from sqlalchemy.orm import selectinload

    from outreach.directory import export_columns, export_writers, exports
    from outreach.directory.contact_links import valid_email
    from outreach.directory.spreadsheet_safety import is_dangerous

    people = mirror.scalars(
        select(Person).options(selectinload(Person.roles), selectinload(Person.offices))
    ).all()
    total = len(people)
    assert total > 8000
    job = exports.OfficialsExport(mirror)
    expected = {p.id: export_columns.export_row(p, job.as_of) for p in people}

    def export(fmt: str) -> bytes:
        run = exports.OfficialsExport(mirror, as_of=job.as_of)
        data = b"".join(run.chunks(fmt))
        assert run.count == total, fmt
        return data

    # CSV, as Excel would read it: BOM, CRLF, every cell safe.
    data = export("csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == total
    assert {int(r["id"]) for r in rows} == set(expected)
    for row in rows:
        want = expected[int(row["id"])]
        assert row == {k: export_writers.text_cell(want[k]) for k in export_columns.COLUMN_KEYS}, (
            row["id"]
        )
        assert not any(is_dangerous(v) for v in row.values()), row["id"]
    injected = [r for r in rows if "HYPERLINK" in r["name"]]
    assert all(r["name"].startswith("'=") for r in injected)

    # XLSX: numbers, dates and neutralised text.
    sheet = openpyxl.load_workbook(io.BytesIO(export("xlsx")), read_only=True).active
    cells = sheet.iter_rows(values_only=True)
    assert list(next(cells)) == list(export_columns.COLUMN_KEYS)
    count = 0
    for values in cells:
        count += 1
        row = dict(zip(export_columns.COLUMN_KEYS, values, strict=True))
        want = expected[row["id"]]
        for key in export_columns.COLUMN_KEYS:
            value = export_writers.xlsx_value(want[key])
            if isinstance(value, str):
                value = value.replace("\r\n", "\n").replace("\r", "\n")
            elif value is not None and key in export_columns.DATE_COLUMNS:
                value = datetime(value.year, value.month, value.day)
            assert row[key] == value, (row["id"], key)
        assert not any(is_dangerous(v) for v in values)
    assert count == total

    # JSON: the values unchanged.
    officials = json.loads(export("json"))["officials"]
    assert len(officials) == total
    for item in officials:
        want = expected[item["id"]]
        assert item == {k: export_writers.json_value(want[k]) for k in export_columns.COLUMN_KEYS}

    # vCard: a card per official, each one parsed.
    cards = list(vobject.readComponents(export("vcf").decode("utf-8")))
    assert len(cards) == total
    assert len({card.uid.value for card in cards}) == total
    by_name: dict[str, set] = {}
    for person in people:
        by_name.setdefault(person.name.replace("\r", "\n"), set()).add(valid_email(person.email))
    for card in cards:
        assert card.fn.value in by_name
        email = card.contents.get("email")
        assert (email[0].value if email else None) in by_name[card.fn.value]
