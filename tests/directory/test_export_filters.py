"""The filters of the directory exports: every one, and the messages of bad values."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from outreach.directory.errors import FilterError
from outreach.directory.export_columns import COLUMN_KEYS
from outreach.directory.export_filters import ExportFilters, parse_filters
from outreach.directory.exports import OfficialsExport
from outreach.models import Committee
from tests.directory.exports_helpers import (
    csv_rows,
    export_directory,
    names,
    run,
    xlsx_rows,
)


@pytest.fixture
def directory(session):
    return export_directory(session)


# ----------------------------------------------------------------------------- filters


def test_every_filter(session, directory):
    assert names(session) == ["Ana Alvarez", "Bo Brown", "Cy Chen", "Di Diaz", "Ed Evans"]
    assert names(session, state="tx") == ["Ana Alvarez", "Bo Brown"]
    assert names(session, office="governor") == ["Di Diaz"]
    assert names(session, chamber="upper") == ["Ana Alvarez", "Cy Chen"]
    assert names(session, chamber="legislature") == ["Ed Evans"]
    assert names(session, state="TX", district="21a") == ["Bo Brown"]
    assert names(session, party="democratic") == ["Ana Alvarez", "Cy Chen", "Di Diaz"]
    assert names(session, party="D") == ["Ana Alvarez", "Cy Chen", "Di Diaz"]
    assert names(session, party="Nonpartisan") == ["Ed Evans"]
    assert names(session, committee="criminal") == ["Ana Alvarez", "Bo Brown"]
    assert names(session, committee="business & commerce") == ["Bo Brown"]
    committee_id = session.scalars(
        select(Committee.id).where(Committee.name == "Criminal Justice")
    ).one()
    assert names(session, committee=committee_id) == ["Ana Alvarez", "Bo Brown"]
    assert names(session, has_email="1") == ["Ana Alvarez", "Ed Evans"]
    assert names(session, has_email="0") == ["Bo Brown", "Cy Chen", "Di Diaz"]
    assert names(session, has_phone="yes") == ["Ana Alvarez", "Cy Chen", "Di Diaz", "Ed Evans"]
    assert names(session, has_phone="no") == ["Bo Brown"]
    assert names(session, status="enacted") == ["Di Diaz"]
    assert names(session, status="pending") == ["Ana Alvarez", "Bo Brown"]
    assert names(session, status="no_record") == ["Cy Chen", "Ed Evans"]
    assert names(session, status="limited") == []
    assert names(session, state="TX", has_email="0", committee="justice") == ["Bo Brown"]


def test_committee_names_match_literally(session, directory):
    with pytest.raises(FilterError):
        parse_filters(session, {"committee": "%"})
    with pytest.raises(FilterError):
        parse_filters(session, {"committee": "crim_nal"})


def test_unknown_values_list_the_valid_ones(session, directory):
    with pytest.raises(FilterError) as caught:
        parse_filters(
            session,
            {
                "state": "ZZ",
                "office": "mayor",
                "chamber": "senate",
                "party": "Whig",
                "committee": "nothing like it",
                "has_email": "maybe",
                "has_phone": "2",
                "status": "done",
                "district": "x" * 81,
            },
        )
    problems = caught.value.by_field
    assert set(problems) == {
        "state",
        "office",
        "chamber",
        "party",
        "committee",
        "has_email",
        "has_phone",
        "status",
        "district",
    }
    assert "Valid values: AK, AL" in problems["state"]
    assert "WY" in problems["state"]
    assert "us_senator" in problems["office"]
    assert "state_legislator" in problems["office"]
    assert "upper, lower, legislature" in problems["chamber"]
    assert "Democratic, Nonpartisan, Republican" in problems["party"]
    assert "judiciary" in problems["committee"]
    assert "1 (yes), 0 (no)" in problems["has_email"]
    assert "enacted, limited, pending, none, strengthened, no_record" in problems["status"]
    assert "too long" in problems["district"]


def test_blank_and_unknown_parameters_are_ignored(session, directory):
    filters = parse_filters(session, {"state": " ", "format": "csv", "utm": "x", "party": None})
    assert filters == ExportFilters()
    assert not filters.active


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "vcf", "json"])
def test_empty_results_are_valid_files(session, directory, fmt):
    data = run(session, fmt, state="WY")
    if fmt == "csv":
        assert data == b"\xef\xbb\xbf" + ",".join(COLUMN_KEYS).encode() + b"\r\n"
        assert csv_rows(data) == []
    elif fmt == "xlsx":
        header, rows = xlsx_rows(data)
        assert header == list(COLUMN_KEYS)
        assert rows == []
    elif fmt == "vcf":
        assert data == b""
    else:
        assert json.loads(data)["officials"] == []


def test_empty_directory_exports_too(session):
    job = OfficialsExport(session)
    assert job.as_of is None
    assert json.loads(b"".join(job.chunks("json"))) == {
        "as_of": None,
        "filters": {},
        "officials": [],
    }
    assert job.filename("csv") == f"officials-all-{date.today().isoformat()}.csv"
