"""The importer on small files the tests write: data rules, atomicity, idempotence."""

from __future__ import annotations

import http.server
import shutil
import threading
from datetime import date
from functools import partial
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import create_engine, func, select, text

from outreach.directory import sync as directory_sync
from outreach.directory.importers import SyncError
from outreach.models import (
    Committee,
    CommitteeMembership,
    ContactOffice,
    DirectorySync,
    Person,
    Role,
    SocialAccount,
    ZipDistrict,
)
from tests import sources

TODAY = date(2026, 8, 5)
TABLES = (Person, Role, ContactOffice, SocialAccount, Committee, CommitteeMembership, ZipDistrict)


def dump(session) -> dict[str, list[tuple]]:
    """Every directory row, as plain tuples, for before/after comparisons."""
    out = {}
    for model in TABLES:
        table = model.__table__
        rows = session.execute(select(table)).all()
        out[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return out


def sync(session, root: Path | str, **kwargs):
    return directory_sync.run_sync(
        session, str(root), shared=None, timeout=5, today=TODAY, **kwargs
    )


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return sources.write_source(tmp_path / "source")


def person(session, source_id: str) -> Person:
    found = session.scalars(select(Person).where(Person.source_id == source_id)).one()
    return found


def test_sync_imports_every_source(session, source):
    outcome = sync(session, source)
    assert outcome.sync.status == "ok"
    ids = set(session.scalars(select(Person.source_id)))
    expected_state = {
        "ocd-person/00000000-0000-0000-0000-00000000ca10",
        "ocd-person/00000000-0000-0000-0000-00000000ca20",
        "ocd-person/00000000-0000-0000-0000-0000000gov02",
        "ocd-person/00000000-0000-0000-0000-00000000co01",
        "ocd-person/00000000-0000-0000-0000-00000000ne01",
        "ocd-person/00000000-0000-0000-0000-00000000mn21",
    }
    assert ids == {"S000001", "R000014", "A000000", "D000011"} | expected_state
    counts = outcome.sync.counts
    assert counts["people"] == len(ids)
    assert counts["by_state"]["CA"] == {
        "governor": 1,
        "state_representative": 1,
        "state_senator": 1,
        "us_representative": 1,
        "us_senator": 1,
    }
    assert counts["zip_rows"] == 6  # the duplicate row is dropped
    assert counts["skipped"] == {"no role among the offices the directory lists": 1}


def test_congress_fields(session, source):
    sync(session, source)
    sara = person(session, "S000001")
    assert sara.role.office == "us_senator"
    assert sara.role.start_date == date(2021, 1, 3)  # the last term is the current one
    assert sara.party == "Democratic"
    assert sara.contact_form_url == "https://www.senator.senate.gov/contact"
    capitol, district = sara.offices
    assert (capitol.kind, capitol.city, capitol.zip, capitol.phone) == (
        "capitol",
        "Washington",
        "20510",
        "202-224-3553",
    )
    assert (district.city, district.zip, district.street) == (
        "Fremont",
        "94538",
        "39510 Paseo Padre Pkwy Suite 280",
    )
    assert {(s.platform, s.handle) for s in sara.social_accounts} == {
        ("facebook", "sensara"),
        ("twitter", "SenSara"),
    }
    seats = {(m.committee.name, m.role) for m in sara.memberships}
    assert seats == {
        ("Senate Committee on the Judiciary", "Chair"),
        ("The Constitution", "Member"),
    }

    bob = person(session, "R000014")
    assert bob.name == "Bob Rep"  # built from nickname and last name
    assert bob.role.district == "14"
    assert bob.party == "Independent"
    assert "caucuses with the Democratic" in bob.party_detail

    alice = person(session, "A000000")
    assert alice.role.district == "0"
    dana = person(session, "D000011")
    assert (dana.role.district, dana.role.title) == ("0", "Delegate")


def test_openstates_fields(session, source):
    outcome = sync(session, source)
    casey = person(session, "ocd-person/00000000-0000-0000-0000-00000000ca10")
    role = casey.role
    assert (role.office, role.chamber, role.district) == ("state_senator", "upper", "10")
    assert role.start_date == date(2022, 12, 5)  # latest of two roles, unquoted date
    assert casey.contact_form_url == "https://sd10.senate.ca.gov/contact"
    assert casey.website_url == "https://sd10.senate.ca.gov/"
    assert [o.kind for o in casey.offices] == ["capitol", "district"]
    assert (casey.offices[0].street, casey.offices[0].city, casey.offices[0].zip) == (
        "1021 O St. Suite 8530",
        "Sacramento",
        "95814",
    )
    assert [(m.committee.name, m.role) for m in casey.memberships] == [("Public Safety", "Chair")]

    avery = person(session, "ocd-person/00000000-0000-0000-0000-00000000ca20")
    assert avery.role.start_date == date(2020, 12, 7)  # quoted date

    lori = person(session, "ocd-person/00000000-0000-0000-0000-00000000co01")
    assert lori.email is None
    assert any("lori example.house@coleg.gov" in w for w in outcome.sync.warnings)

    nell = person(session, "ocd-person/00000000-0000-0000-0000-00000000ne01")
    assert (nell.role.office, nell.role.chamber) == ("state_legislator", "legislature")
    morgan = person(session, "ocd-person/00000000-0000-0000-0000-00000000mn21")
    assert morgan.role.district == "21A"
    assert (morgan.party, morgan.party_detail) == ("Democratic", "Democratic-Farmer-Labor")

    governors = session.scalars(select(Role).where(Role.office == "governor")).all()
    assert [g.person.name for g in governors] == ["New Governor"]
    assert governors[0].is_stale(TODAY)  # term end passed: flagged, not dropped
    assert any("Old Governor" in w and "kept New Governor" in w for w in outcome.sync.warnings)
    # Warnings name files as upstream does, not by this machine's paths.
    assert not any(str(source) in w for w in outcome.sync.warnings)


def test_second_sync_gives_the_same_rows(session, source):
    sync(session, source)
    first = dump(session)
    outcome = sync(session, source)
    assert dump(session) == first
    assert (outcome.added, outcome.removed) == (0, 0)
    assert outcome.updated == outcome.sync.counts["people"]


def test_leavers_disappear_and_ids_stay(session, source):
    sync(session, source)
    before = dict(session.execute(select(Person.source_id, Person.id)).all())
    (source / "openstates-people/data/ca/legislature/Avery-Ochoa.yml").unlink()
    outcome = sync(session, source)
    after = dict(session.execute(select(Person.source_id, Person.id)).all())
    gone = "ocd-person/00000000-0000-0000-0000-00000000ca20"
    assert gone not in after
    assert outcome.removed == 1
    assert after == {k: v for k, v in before.items() if k != gone}


def _break(path: Path, text: str) -> None:
    path.write_text(text)


BROKEN = [
    pytest.param(
        "openstates-people/data/ca/legislature/Avery-Ochoa.yml",
        "id: [unclosed\n",
        "not valid YAML",
        id="yaml-syntax",
    ),
    pytest.param(
        "openstates-people/data/ca/legislature/Avery-Ochoa.yml",
        sources.CA_ASSEMBLY.replace("'2020-12-07'", "'2020-13-45'"),
        "is not a date",
        id="bad-date",
    ),
    pytest.param(
        "openstates-people/data/ca/legislature/Avery-Ochoa.yml",
        sources.CA_ASSEMBLY.replace("id: ocd-person/", "id: person/"),
        "is not an ocd-person id",
        id="bad-id",
    ),
    pytest.param(
        "openstates-people/data/ca/legislature/Avery-Ochoa.yml",
        sources.CA_ASSEMBLY.replace("  district: '20'\n", ""),
        "has no district",
        id="no-district",
    ),
    pytest.param(
        "congress-legislators/legislators-current.yaml",
        sources.CONGRESS_CURRENT.replace("district: 14", "district: fourteen"),
        "is not a number",
        id="congress-district",
    ),
    pytest.param(
        "congress-legislators/legislators-current.yaml",
        sources.CONGRESS_CURRENT.replace("    bioguide: R000014\n", "    govtrack: 1\n"),
        "no bioguide id",
        id="congress-no-bioguide",
    ),
    pytest.param(
        "us-zipcodes-congress/zccd.csv",
        sources.ZCCD.replace("02,AK,99501,0", "02,AK,9950,0"),
        "line 5",
        id="zip-row",
    ),
    pytest.param(
        "us-zipcodes-congress/zccd.csv",
        "zip,district\r\n",
        "header must be",
        id="zip-header",
    ),
]


@pytest.mark.parametrize(("relative", "content", "message"), BROKEN)
def test_malformed_file_changes_nothing(session, source, relative, content, message):
    sync(session, source)
    before = dump(session)
    _break(source / relative, content)
    with pytest.raises(SyncError) as caught:
        sync(session, source)
    assert relative in str(caught.value)
    assert message in str(caught.value)
    assert dump(session) == before
    last = session.scalars(select(DirectorySync).order_by(DirectorySync.id.desc())).first()
    assert last.status == "failed"
    assert message in last.error


@pytest.mark.parametrize(
    "relative",
    [
        "us-zipcodes-congress/zccd.csv",
        "congress-legislators/legislators-social-media.yaml",
        "openstates-people/data",
    ],
)
def test_missing_file_changes_nothing(session, source, relative):
    sync(session, source)
    before = dump(session)
    target = source / relative
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    with pytest.raises(SyncError, match="missing"):
        sync(session, source)
    assert dump(session) == before


def test_cli_names_the_file_and_exits_nonzero(app, runner, source):
    assert runner.invoke(args=["directory", "sync", "--source", str(source)]).exit_code == 0
    _break(source / "us-zipcodes-congress/zccd.csv", sources.ZCCD.replace("06,CA", "07,CA"))
    result = runner.invoke(args=["directory", "sync", "--source", str(source)])
    assert result.exit_code == 1
    assert "us-zipcodes-congress/zccd.csv: line 2: FIPS 07 does not match state CA" in (
        result.output
    )
    assert "unchanged" in result.output


def test_cli_if_empty_and_summary(app, runner, source):
    first = runner.invoke(args=["directory", "sync", "--source", str(source), "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "10 officials (10 added, 0 updated, 0 removed)" in " ".join(first.output.split())
    second = runner.invoke(args=["directory", "sync", "--source", str(source), "--if-empty"])
    assert "already loaded" in second.output
    status = runner.invoke(args=["directory", "status"])
    assert "10 officials" in status.output


def test_interrupt_while_writing_keeps_the_previous_directory(app, session, source):
    sync(session, source)
    before = dump(session)
    (source / "openstates-people/data/ca/legislature/Avery-Ochoa.yml").unlink()
    seen_by_reader: list[int] = []
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])

    def interrupt(stage: str, done: int, total: int) -> None:
        if stage == "write:contacts":
            # Another connection (the web app) still sees the old directory.
            with engine.connect() as reader:
                seen_by_reader.append(reader.execute(text("SELECT COUNT(*) FROM people")).scalar())
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sync(session, source, progress=interrupt)
    engine.dispose()
    assert seen_by_reader == [10]
    assert dump(session) == before
    last = session.scalars(select(DirectorySync).order_by(DirectorySync.id.desc())).first()
    assert (last.status, last.error) == ("failed", "interrupted")


class _Handler(http.server.SimpleHTTPRequestHandler):
    broken: ClassVar[set[str]] = set()

    def do_GET(self):  # http.server's naming
        if self.path.lstrip("/") in self.broken:
            self.send_error(500, "broken on purpose")
            return
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def served_source(tmp_path: Path, source: Path):
    """The small tree served over HTTP on 127.0.0.1, Open States as an archive."""
    web = tmp_path / "web"
    shutil.copytree(source / "congress-legislators", web / "congress-legislators")
    shutil.copytree(source / "us-zipcodes-congress", web / "us-zipcodes-congress")
    sources.write_openstates_archive(source, web / "openstates-people.tar.gz", commit="a" * 40)
    handler = partial(_Handler, directory=str(web))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Handler.broken = set()
    server.shutdown()
    server.server_close()


def test_sync_from_a_url(session, served_source, source):
    outcome = sync(session, served_source)
    assert outcome.sync.counts["people"] == 10
    assert outcome.sync.upstream["openstates-people"]["commit"] == "a" * 40
    # The archive's retired/, municipalities/ and data/us folders are skipped too.
    assert session.scalar(select(func.count()).select_from(Person)) == 10


def test_failed_download_changes_nothing(session, served_source, source):
    sync(session, source)
    before = dump(session)
    _Handler.broken = {"us-zipcodes-congress/zccd.csv"}
    with pytest.raises(SyncError, match=r"zccd\.csv: download failed"):
        sync(session, served_source)
    assert dump(session) == before


def test_unreachable_server_changes_nothing(session, source):
    sync(session, source)
    before = dump(session)
    with pytest.raises(SyncError, match="download failed"):
        sync(session, "http://127.0.0.1:9")  # the discard port: nothing listens
    assert dump(session) == before
