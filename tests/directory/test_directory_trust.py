"""The directory against the shared mirror: current roles only, offices in the
jurisdiction, office kinds mapped, statewide offices accounted for, and the
shipped corrections applied over every sync."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from outreach.directory import statewide_status
from outreach.directory import sync as directory_sync
from outreach.directory.importers import offices
from outreach.extensions import db
from outreach.models import ContactOffice, DirectorySync, Person, Role
from tests.conftest import DATABASES, SHARED_DIRECTORY, make_config, new_database

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SHARED_DIRECTORY.is_dir(), reason="shared mirror not present"),
]
OPENSTATES = SHARED_DIRECTORY / "openstates-people" / "data"
TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module", params=DATABASES)
def mirror_app(request, tmp_path_factory):
    from outreach import create_app

    urls = new_database(request, request.param, tmp_path_factory.mktemp("trust"))
    app = create_app(make_config(next(urls)))
    with app.app_context():
        db.create_all()
        directory_sync.run_sync(
            db.session, str(SHARED_DIRECTORY), shared=None, timeout=5, today=TODAY
        )
        yield app
        db.session.remove()
        db.engine.dispose()
    next(urls, None)


@pytest.fixture
def mirror(mirror_app):
    with mirror_app.app_context():
        yield db.session


def holders(session, state: str, office: str) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .join(Role)
            .where(Role.jurisdiction_abbr == state, Role.office == office)
            .order_by(Person.name)
        )
    )


def test_texas_has_exactly_31_state_senators(mirror):
    senators = holders(mirror, "TX", "state_senator")
    assert len(senators) == 31
    assert "Jane Nelson" not in {p.name for p in senators}
    district_12 = [p for p in senators if p.role.district == "12"]
    assert [p.name for p in district_12] == ["Tan Parker"]
    assert [p.name for p in holders(mirror, "TX", "secretary_of_state")] == ["Jane Nelson"]


@pytest.mark.parametrize("state", ["RI", "VT"])
def test_secretaries_of_state_are_not_representatives(mirror, state):
    (secretary,) = holders(mirror, state, "secretary_of_state")
    assert secretary.role.office == "secretary_of_state"
    assert len(secretary.roles) == 1
    reps = {p.source_id for p in holders(mirror, state, "state_representative")}
    assert secretary.source_id not in reps


def test_no_person_holds_an_ended_role_as_current(mirror):
    """Every imported legislative role is current by the data's own dates; an
    executive with no current role keeps only an executive office (its term end
    shows as passed)."""
    import yaml

    by_id = {
        p.source_id: p for p in mirror.scalars(select(Person).where(Person.source == "openstates"))
    }
    checked = 0
    for path in sorted(OPENSTATES.glob("*/*/*.yml")):
        if path.parent.name not in ("legislature", "executive"):
            continue
        data = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
        person = by_id.get(data["id"])
        if person is None or person.role is None:
            continue
        role = person.role
        dated = [
            (r.get("type"), _d(r.get("start_date")), _d(r.get("end_date"))) for r in data["roles"]
        ]
        current = [t for t, s, e in dated if offices.is_current(s, e, TODAY)]
        kind = {
            "upper": "state_senator",
            "lower": "state_representative",
            "legislature": "state_legislator",
        }
        if role.office in kind.values():
            assert role.end_date is None or role.end_date >= TODAY, path.name
            assert any(kind.get(t) == role.office for t in current), path.name
        else:
            assert role.office in offices.EXECUTIVE_OFFICES, path.name
        checked += 1
    assert checked > 7000


def _d(value):
    return date.fromisoformat(str(value)) if value else None


def test_wyoming_governor_offices_are_all_in_wyoming(mirror):
    (governor,) = holders(mirror, "WY", "governor")
    assert governor.name == "Mark Gordon"
    for office in governor.offices:
        assert "PR" not in (office.address or "")
        assert not (office.phone or "").startswith("787")
    sync = mirror.scalars(select(DirectorySync).order_by(DirectorySync.id.desc())).first()
    dropped = [w for w in sync.warnings if "Mark-Gordon" in w and "La Fortaleza" in w]
    assert len(dropped) == 1
    assert dropped[0].startswith("openstates-people/data/wy/executive/Mark-Gordon-")


def test_no_state_official_has_an_office_in_another_state(mirror):
    rows = mirror.execute(
        select(
            Role.jurisdiction_abbr, ContactOffice.address, ContactOffice.state, ContactOffice.phone
        )
        .join(ContactOffice, ContactOffice.person_id == Role.person_id)
        .where(Role.office.not_in(["us_senator", "us_representative"]))
    ).all()
    assert len(rows) > 7000
    for abbr, address, state, phone in rows:
        assert (
            offices.foreign_office(
                abbr, address=address, state=state, phones=(phone,), congress=False
            )
            is None
        ), (abbr, address, phone)


def test_massachusetts_secretary_of_state_is_present(mirror):
    (secretary,) = holders(mirror, "MA", "secretary_of_state")
    assert secretary.name == "William Galvin"
    assert secretary.role.title == "Secretary of the Commonwealth"


@pytest.mark.parametrize("state", ["IL", "NC", "SC", "WI", "DC"])
def test_election_directors_are_not_secretaries_of_state(mirror, state):
    """Those states' "chief election officer" is an election board's director."""
    assert holders(mirror, state, "secretary_of_state") == []


def test_statewide_status_names_filled_and_missing_offices(mirror):
    rows = {r.abbr: r for r in statewide_status.statewide_status(mirror, TODAY)}
    assert len(rows) == 52
    seats = {r: {s.office: s for s in row.seats} for r, row in rows.items()}
    for state in ("IL", "NC", "SC", "WI"):
        assert seats[state]["secretary_of_state"].status == "missing"
    assert seats["DC"]["attorney_general"].status == "missing"
    assert seats["TX"]["secretary_of_state"].status == "filled"
    assert seats["MA"]["secretary_of_state"].holder == "William Galvin"
    assert seats["AK"]["secretary_of_state"].status == "none"
    assert seats["CA"]["governor"].status == "stale"  # upstream's end date 2026-01-01


def test_directory_status_command_lists_statewide_offices(mirror_app, mirror):
    result = mirror_app.test_cli_runner().invoke(args=["directory", "status"])
    assert result.exit_code == 0, result.output
    assert "Statewide offices" in result.output
    line = next(x for x in result.output.splitlines() if "Illinois" in x)
    assert "missing from the data" in line


REFERENCE = SHARED_DIRECTORY.parent / "reference" / "cases-officeholders-2026.md"
OFFICES = {"Gov.": "governor", "SoS": "secretary_of_state"}


def part_b() -> list[tuple[str, str, str, str]]:
    """``(office, STATE, listed, successor)`` from the reference's part B table."""
    import re

    text = REFERENCE.read_text(encoding="utf-8")
    text = text[text.index("## PART B") : text.index("## PART C")]
    rows = []
    for line in text.splitlines():
        match = re.match(r"^\| (Gov\.|SoS) ([A-Z]{2}) \| ([^|]+) \| \*\*([^*]+)\*\*", line)
        if match:
            rows.append((OFFICES[match[1]], match[2], match[3].strip(), match[4].strip()))
    return rows


def test_every_part_b_successor_holds_the_office_after_the_shipped_corrections(mirror):
    from outreach.directory import correction_files, correction_saving

    rows = part_b()
    assert len(rows) == 12
    correction_saving.save_corrections(
        mirror,
        correction_files.read_corrections(correction_files.DEFAULT_PATH),
        origin="content",
        actor="corrections load",
        today=TODAY,
    )
    mirror.commit()
    for _ in range(2):  # and after two more syncs
        for office, state, listed, successor in rows:
            names = [p.name for p in holders(mirror, state, office)]
            assert names == [successor], (state, office, names)
            gone = mirror.scalars(select(Person).where(Person.name == listed)).all()
            assert gone, listed  # their page stays …
            assert not any(
                r.office == office and r.jurisdiction_abbr == state for p in gone for r in p.roles
            ), listed  # … without the office
        directory_sync.run_sync(mirror, str(SHARED_DIRECTORY), shared=None, timeout=5, today=TODAY)


def test_directory_dates_are_the_upstream_commit_dates_of_the_mirror(mirror_app, mirror):
    """The mirror's copy date is not the data's age: its README names the commits."""
    body = mirror_app.test_client().get("/api/v1/directory").get_json()
    dated = {row["source"]: row for row in body["data_as_of"]["sources"]}
    assert dated["congress-legislators"]["date"] == "2026-06-15"
    assert dated["openstates-people"]["date"] == "2026-08-05"
    assert dated["us-zipcodes-congress"]["date"] == "2024-11-12"
    assert {row["date_kind"] for row in dated.values()} == {"commit"}
