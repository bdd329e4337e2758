"""The 120th Congress: a synthetic next-Congress data set synced over the current one.

Built by the test from a copy of a small subset of the shared mirror (Colorado
and Delaware), in a temporary folder: members leave, fictional members
arrive, Colorado gains a ninth district. Lookups, letters, corrections and
exports stay consistent, and those who left keep no current role.
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from outreach.directory import correction_files, correction_saving, exports, lookup
from outreach.directory import sync as directory_sync
from outreach.models import Person, Role
from tests.conftest import SHARED_DIRECTORY

pytestmark = pytest.mark.skipif(not SHARED_DIRECTORY.is_dir(), reason="shared mirror not present")
STATES = {"CO", "DE"}
CONGRESS_FILES = (
    "legislators-current.yaml",
    "legislators-district-offices.yaml",
    "legislators-social-media.yaml",
    "committees-current.yaml",
    "committee-membership-current.yaml",
)
BEFORE, AFTER = date(2026, 12, 3), date(2027, 1, 4)
LEAVERS = {"E000300": "Gabe Evans", "H000273": "John W. Hickenlooper"}
MOVED_ZCTA_PREFIX = "806"  # Colorado ZCTAs that move from CO-8 to the new CO-9


def load(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def current_subset(root: Path) -> Path:
    """Colorado and Delaware from the mirror, laid out like upstream."""
    congress = root / "congress-legislators"
    congress.mkdir(parents=True)
    source = SHARED_DIRECTORY / "congress-legislators"
    members = [
        m for m in load(source / "legislators-current.yaml") if m["terms"][-1]["state"] in STATES
    ]
    keep = {m["id"]["bioguide"] for m in members}
    dump(congress / "legislators-current.yaml", members)
    for name in ("legislators-district-offices.yaml", "legislators-social-media.yaml"):
        dump(congress / name, [e for e in load(source / name) if e["id"]["bioguide"] in keep])
    dump(congress / "committees-current.yaml", load(source / "committees-current.yaml"))
    seats = load(source / "committee-membership-current.yaml")
    dump(
        congress / "committee-membership-current.yaml",
        {cid: [m for m in ms if m.get("bioguide") in keep] for cid, ms in seats.items()},
    )
    for state in STATES:
        for part in ("legislature", "executive", "committees"):
            shutil.copytree(
                SHARED_DIRECTORY / "openstates-people/data" / state.lower() / part,
                root / "openstates-people/data" / state.lower() / part,
            )
    zccd = root / "us-zipcodes-congress/zccd.csv"
    zccd.parent.mkdir(parents=True)
    with (SHARED_DIRECTORY / "us-zipcodes-congress/zccd.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    with zccd.open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(
            [rows[0], *[r for r in rows[1:] if r[1] in STATES]]
        )
    return root


def new_member(bioguide: str, first: str, last: str, kind: str, district: int | None) -> dict:
    term = {
        "type": kind,
        "start": "2027-01-03",
        "end": "2029-01-03",
        "state": "CO",
        "party": "Independent",
    }
    if kind == "rep":
        term["district"] = district
        term["phone"] = "202-225-0009"
    else:
        term.update({"class": 2, "end": "2033-01-03", "phone": "202-224-0002"})
    return {
        "id": {"bioguide": bioguide},
        "name": {"first": first, "last": last, "official_full": f"{first} {last}"},
        "terms": [term],
    }


def next_congress(root: Path) -> Path:
    """The synthetic 120th Congress: leavers gone, fictional newcomers, a ninth CO seat."""
    path = root / "congress-legislators/legislators-current.yaml"
    members = [m for m in load(path) if m["id"]["bioguide"] not in LEAVERS]
    for member in members:
        last = member["terms"][-1]
        if last["end"] == "2027-01-03":  # every returning member starts a new term
            span = 6 if last["type"] == "sen" else 2
            member["terms"].append({**last, "start": "2027-01-03", "end": f"{2027 + span}-01-03"})
    members += [
        new_member("Z999908", "Nova", "Newmember", "rep", 8),
        new_member("Z999909", "Dee", "Ninth", "rep", 9),
        new_member("Z999902", "Sam", "Synthetic", "sen", None),
    ]
    dump(path, members)
    zccd = root / "us-zipcodes-congress/zccd.csv"
    with zccd.open(newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        if row[1] == "CO" and row[3] == "8" and row[2].startswith(MOVED_ZCTA_PREFIX):
            row[3] = "9"
    with zccd.open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    return root


def reps(session, zip5: str) -> list[str]:
    result = lookup.lookup_zip(session, zip5)
    return sorted(p.name for p in result.federal if p.role.office == "us_representative")


def test_a_sync_into_the_next_congress_stays_consistent(client, session, tmp_path):
    root = current_subset(tmp_path / "source")
    directory_sync.run_sync(session, str(root), shared=None, timeout=5, today=BEFORE)
    shipped = [
        c
        for c in correction_files.read_corrections(correction_files.DEFAULT_PATH)
        if c.jurisdiction == "DE"
    ]
    evans = session.scalars(select(Person).where(Person.bioguide_id == "E000300")).one()
    leaver_fix = correction_files.CorrectionIn.model_validate(
        {
            "key": "evans-term",
            "kind": "fix_end_date",
            "jurisdiction": "CO",
            "office": "us_representative",
            "district": "8",
            "person": "E000300",
            "end_date": "2027-01-03",
            "source": "https://example.org/evans",
            "date": "2026-12-03",
        }
    )
    correction_saving.save_corrections(
        session, [*shipped, leaver_fix], origin="content", actor="t", today=BEFORE
    )
    session.commit()
    moved = sorted(
        {
            z
            for (z,) in session.execute(
                select(lookup.ZipDistrict.zcta).where(
                    lookup.ZipDistrict.state_abbr == "CO", lookup.ZipDistrict.district == "8"
                )
            )
            if z.startswith(MOVED_ZCTA_PREFIX)
        }
    )
    stayed = sorted(
        {
            z
            for (z,) in session.execute(
                select(lookup.ZipDistrict.zcta).where(
                    lookup.ZipDistrict.state_abbr == "CO", lookup.ZipDistrict.district == "8"
                )
            )
            if not z.startswith(MOVED_ZCTA_PREFIX)
        }
    )
    assert moved
    assert stayed
    assert "Gabe Evans" in reps(session, moved[0])
    evans_id = evans.id

    outcome = directory_sync.run_sync(
        session, str(next_congress(root)), shared=None, timeout=5, today=AFTER
    )
    # Lookups: the new seat and the newcomers; the leavers nowhere.
    after = reps(session, moved[0])
    assert "Dee Ninth" in after
    assert "Gabe Evans" not in after
    assert lookup.District("CO", "9") in lookup.zip_districts(session, moved[0])
    assert "Nova Newmember" in reps(session, stayed[0])
    senators = lookup.lookup_zip(session, stayed[0]).federal
    names = {p.name for p in senators if p.role.office == "us_senator"}
    assert names == {"Michael F. Bennet", "Sam Synthetic"}
    # Those who left keep no current role.
    gone = session.scalars(select(Role).join(Person).where(Person.bioguide_id.in_(LEAVERS))).all()
    assert gone == []
    assert session.get(Person, evans_id) is None
    # No federal role in the directory has ended.
    ended = session.scalars(
        select(Role).where(
            Role.office.in_(["us_senator", "us_representative"]), Role.end_date < AFTER
        )
    ).all()
    assert ended == []
    # Corrections: still applied where they apply; the leaver's is reported.
    governors = session.scalars(
        select(Person.name)
        .join(Role)
        .where(Role.office == "governor", Role.jurisdiction_abbr == "DE")
    ).all()
    assert governors == ["Matt Meyer"]
    assert any(w.startswith("Correction evans-term (missing)") for w in outcome.sync.warnings)
    # Letters: the newcomers can be written to; the leaver's page is gone.
    nova = session.scalars(select(Person).where(Person.bioguide_id == "Z999908")).one()
    page = client.get(f"/write/{nova.id}")
    assert page.status_code == 200
    assert "Newmember" in page.get_data(as_text=True)
    assert client.get(f"/write/{evans_id}").status_code == 404
    # Exports: every official with a role, the newcomers in, the leavers out.
    job = exports.OfficialsExport(session)
    rows = list(csv.DictReader(io.StringIO(b"".join(job.chunks("csv")).decode("utf-8-sig"))))
    exported = {r["name"] for r in rows}
    assert {"Nova Newmember", "Dee Ninth", "Sam Synthetic", "Matt Meyer"} <= exported
    assert not exported & set(LEAVERS.values())
    with_role = session.scalars(select(Role.person_id).distinct()).all()
    assert len(rows) == len(with_role)
