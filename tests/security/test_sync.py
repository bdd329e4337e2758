"""Probes of the directory sync with sources that are missing parts or carry hostile values.

Each starts from a copy of part of the offline mirror (Congress, the ZIP
table and a few states) in a temporary folder, synced into a fresh database
of each kind, then breaks the copy as a truncated download or a careless
mirror would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from outreach.directory.importers import validation
from outreach.models import Committee, ContactOffice, DirectorySync, Person, Role
from tests.conftest import SHARED_DIRECTORY

STATES = ("tx", "ri", "vt")
pytestmark = pytest.mark.skipif(
    not SHARED_DIRECTORY.is_dir(), reason="the offline mirror of the directory is not here"
)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """Congress, the ZIP table and Texas, Rhode Island and Vermont, copied from the mirror."""
    root = tmp_path / "source"
    shutil.copytree(SHARED_DIRECTORY / "congress-legislators", root / "congress-legislators")
    shutil.copytree(SHARED_DIRECTORY / "us-zipcodes-congress", root / "us-zipcodes-congress")
    for state in STATES:
        shutil.copytree(
            SHARED_DIRECTORY / "openstates-people" / "data" / state,
            root / "openstates-people" / "data" / state,
        )
    return root


def sync(runner, source: Path, *extra: str):
    return runner.invoke(args=["directory", "sync", "--source", str(source), *extra])


def said(result, *phrases: str) -> bool:
    """Whether the command's output holds every phrase (the console wraps long lines)."""
    flat = "".join(result.output.split())
    return all("".join(phrase.split()) in flat for phrase in phrases)


def snapshot(session) -> dict:
    """Everything a sync could change, to compare around a refused one."""
    session.expire_all()
    return {
        "people": session.execute(
            select(Person.id, Person.source_id, Person.name, Person.email).order_by(Person.id)
        ).all(),
        "roles": session.execute(
            select(Role.person_id, Role.office, Role.district).order_by(Role.id)
        ).all(),
        "offices": session.scalar(select(func.count()).select_from(ContactOffice)),
        "committees": session.scalar(select(func.count()).select_from(Committee)),
        "syncs_ok": session.scalar(
            select(func.count()).select_from(DirectorySync).where(DirectorySync.status == "ok")
        ),
    }


def state_ids(session, abbr: str) -> dict[str, int]:
    session.expire_all()
    return dict(
        session.execute(
            select(Person.source_id, Person.id)
            .join(Role, Role.person_id == Person.id)
            .where(Role.jurisdiction_abbr == abbr, Person.source == "openstates")
        ).all()
    )


@pytest.fixture
def synced(runner, session, source):
    result = sync(runner, source)
    assert result.exit_code == 0, result.output
    return source


def test_a_source_without_a_state_folder_fails_naming_the_state_and_changes_nothing(
    runner, session, synced, client
):
    texas = state_ids(session, "TX")
    assert len(texas) > 150
    before = snapshot(session)
    shutil.rmtree(synced / "openstates-people" / "data" / "tx")

    result = sync(runner, synced)
    assert result.exit_code == 1
    assert said(result, "Sync failed; the directory is unchanged.", "Texas (TX): all")
    assert said(result, "--allow-shrink")
    assert snapshot(session) == before
    some_id = next(iter(texas.values()))
    assert client.get(f"/officials/{some_id}").status_code == 200


def test_with_allow_shrink_officials_who_come_back_keep_their_ids(runner, session, synced, client):
    texas = state_ids(session, "TX")
    folder = synced / "openstates-people" / "data" / "tx"
    aside = synced.parent / "tx-aside"
    shutil.move(folder, aside)

    result = sync(runner, synced, "--allow-shrink")
    assert result.exit_code == 0, result.output
    assert state_ids(session, "TX") == {}
    some_id = next(iter(texas.values()))
    assert client.get(f"/officials/{some_id}").status_code == 404
    session.expire_all()
    warnings = session.scalars(
        select(DirectorySync.warnings).order_by(DirectorySync.id.desc())
    ).first()
    assert any("Texas (TX)" in warning for warning in warnings)

    # A newcomer elsewhere meanwhile never takes a former Texan's id.
    shutil.move(aside, folder)
    result = sync(runner, synced)
    assert result.exit_code == 0, result.output
    assert state_ids(session, "TX") == texas
    assert client.get(f"/officials/{some_id}").status_code == 200


def test_a_state_missing_its_legislature_fails_naming_it(runner, session, synced):
    before = snapshot(session)
    shutil.rmtree(synced / "openstates-people" / "data" / "ri" / "legislature")
    result = sync(runner, synced)
    assert result.exit_code == 1
    assert said(result, "Rhode Island (RI)", "would go")
    assert snapshot(session) == before


def test_a_few_officials_leaving_is_ordinary_churn(runner, session, synced):
    files = sorted((synced / "openstates-people" / "data" / "tx" / "legislature").glob("*.yml"))
    for path in files[:3]:
        path.unlink()
    result = sync(runner, synced)
    assert result.exit_code == 0, result.output


def _first_person_file(source: Path, state: str = "vt") -> Path:
    return sorted((source / "openstates-people" / "data" / state / "legislature").glob("*.yml"))[0]


def test_a_ten_megabyte_name_is_refused_with_a_message(runner, session, synced):
    before = snapshot(session)
    path = _first_person_file(synced)
    data = yaml.safe_load(path.read_text())
    data["name"] = "A" * 10_000_000
    path.write_text(yaml.safe_dump(data))
    result = sync(runner, synced)
    assert result.exit_code == 1
    assert said(result, "Sync failed; the directory is unchanged.")
    assert said(result, path.name, "name has 10,000,000 characters")
    assert "Traceback" not in result.output
    assert "sqlalchemy" not in result.output.lower()
    assert snapshot(session) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_name", "G" * 101, "given_name has 101 characters"),
        ("party", "P" * 81, "party has 81 characters"),
    ],
)
def test_values_of_the_wrong_type_or_length_name_file_and_field(
    runner, session, synced, field, value, message
):
    before = snapshot(session)
    path = _first_person_file(synced)
    data = yaml.safe_load(path.read_text())
    if field == "party":
        data["party"] = [{"name": value}]
    else:
        data[field] = value
    path.write_text(yaml.safe_dump(data))
    result = sync(runner, synced)
    assert result.exit_code == 1, result.output
    assert said(result, path.name, message)
    assert snapshot(session) == before


def test_a_yaml_alias_bomb_is_refused_before_it_grows(runner, session, synced):
    before = snapshot(session)
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev, name = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    bomb = "\n".join(lines) + "\n"
    assert len(bomb) < 1200
    _first_person_file(synced).write_text(bomb)
    result = sync(runner, synced)
    assert result.exit_code == 1
    assert said(result, "YAML aliases")
    assert snapshot(session) == before


def test_a_huge_yaml_file_is_refused_before_parsing(runner, session, synced):
    before = snapshot(session)
    path = _first_person_file(synced)
    with path.open("a") as handle:
        handle.write("# " + "x" * validation.MAX_YAML_BYTES + "\n")
    result = sync(runner, synced)
    assert result.exit_code == 1
    assert said(result, path.name, "MB a source file may have")
    assert snapshot(session) == before


def test_a_truncated_phone_number_is_dropped_with_a_warning_and_the_person_kept(
    runner, session, synced
):
    path = _first_person_file(synced)
    data = yaml.safe_load(path.read_text())
    data.setdefault("offices", [{"classification": "capitol"}])
    data["offices"][0]["voice"] = '361-582-97  - "unterminated'
    path.write_text(yaml.safe_dump(data))
    result = sync(runner, synced)
    assert result.exit_code == 0, result.output
    session.expire_all()
    person = session.scalars(select(Person).where(Person.name == data["name"])).one()
    assert all("unterminated" not in (office.phone or "") for office in person.offices)
    warnings = session.scalars(
        select(DirectorySync.warnings).order_by(DirectorySync.id.desc())
    ).first()
    assert any("361-582-97" in w and "not a phone number" in w for w in warnings), warnings


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("512-463-0001", "512-463-0001"),
        ("(512) 463-0001", "(512) 463-0001"),
        ("512.463.0001 ext. 12", "512.463.0001 ext. 12"),
        ("+1 202 224 3553", "+1 202 224 3553"),
        ("463-0001", "463-0001"),
        ("5124630001", "5124630001"),
        ('361-582-97  - "unterminated', None),
        ("call the office", None),
        ("512-463-00011234", None),
        ("", None),
    ],
)
def test_phone_numbers_are_checked(raw, kept):
    assert validation.check_phone(raw) == kept
