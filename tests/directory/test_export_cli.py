"""``flask export officials``: the same filters and formats as the web export."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from tests.factories import make_person, make_sync


@pytest.fixture
def directory(session):
    sync = make_sync(session)
    make_person(session, name="Ana Alvarez", office="state_senator", state="TX", district="6")
    make_person(session, name="Bo Brown", office="state_representative", state="TX")
    make_person(session, name="=Cy Chen", office="state_senator", state="OK", district="1")
    session.commit()
    return sync


def test_writes_a_filtered_csv_file(runner, directory, tmp_path):
    target = tmp_path / "senators.csv"
    result = runner.invoke(
        args=["export", "officials", "--state", "TX", "--office", "state_senator", "-o", target]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 1 official to" in result.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["name"], r["state"], r["office"]) for r in rows] == [
        ("Ana Alvarez", "TX", "state_senator")
    ]


def test_dash_writes_to_stdout(runner, directory):
    result = runner.invoke(args=["export", "officials", "--format", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    payload = result.stdout[: result.stdout.rindex("}") + 1]
    data = json.loads(payload)
    assert sorted(o["name"] for o in data["officials"]) == ["=Cy Chen", "Ana Alvarez", "Bo Brown"]
    assert "Wrote 3 officials to standard output" in result.stderr


def test_xlsx_with_a_default_name(runner, directory, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        args=["export", "officials", "--chamber", "upper", "--format", "xlsx", "--has-email", "1"]
    )
    assert result.exit_code == 0, result.output
    name = f"officials-upper-with-email-{directory.as_of.isoformat()}.xlsx"
    assert (tmp_path / name).is_file()
    sheet = openpyxl.load_workbook(tmp_path / name).active
    names = sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == ["'=Cy Chen", "Ana Alvarez"]  # neutralised


def test_bad_filters_exit_2_with_the_valid_values(runner, directory, tmp_path):
    target = tmp_path / "x.csv"
    result = runner.invoke(
        args=["export", "officials", "--state", "XX", "--status", "great", "-o", target]
    )
    assert result.exit_code == 2
    assert "Unknown state “XX”. Valid values: AK" in result.output
    assert "Valid values: enacted, limited, pending, none, strengthened, no_record." in (
        result.output
    )
    assert not target.exists()
    bad_format = runner.invoke(args=["export", "officials", "--format", "pdf"])
    assert bad_format.exit_code == 2


def test_empty_result_is_an_empty_vcard_file(runner, directory, tmp_path):
    target = tmp_path / "none.vcf"
    result = runner.invoke(
        args=["export", "officials", "--state", "WY", "--format", "vcf", "-o", target]
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == b""
    assert "Wrote 0 officials" in result.output
