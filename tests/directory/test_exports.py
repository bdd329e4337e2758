"""Exports of officials: every format read back by a real reader, filters, safety."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import openpyxl
import pytest

from outreach.directory import export_writers, vcard
from outreach.directory.export_columns import COLUMN_KEYS
from outreach.directory.export_filters import parse_filters
from outreach.directory.exports import OfficialsExport
from outreach.directory.spreadsheet_safety import FORMULA_STARTS, is_dangerous, neutralize
from outreach.models import Person
from tests.directory.exports_helpers import (
    csv_rows,
    export_directory,
    run,
    today,
    vcards,
    xlsx_rows,
)
from tests.factories import make_person, make_sync


@pytest.fixture
def directory(session):
    return export_directory(session)


# ----------------------------------------------------------------------------- formats


def test_csv_is_excel_friendly_and_matches_the_directory(session, directory):
    data = run(session, "csv")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    assert "\n" not in text.replace("\r\n", "")
    rows = csv_rows(data)
    assert list(rows[0]) == list(COLUMN_KEYS)
    assert len(rows) == 5
    by_name = {row["name"]: row for row in rows}
    ana = by_name["Ana Alvarez"]
    assert ana == {
        "id": str(directory["ana"].id),
        "name": "Ana Alvarez",
        "given_name": "Ana",
        "middle_name": "B.",
        "family_name": "Alvarez",
        "suffix": "Jr.",
        "office": "state_senator",
        "office_label": "State Senator",
        "state": "TX",
        "district": "6",
        "chamber": "upper",
        "party": "Democratic",
        "email": "ana@senate.texas.gov",
        "phone": "(512) 463-0106",
        "capitol_street": "Room 1E.9, Capitol Station",
        "capitol_city": "Austin",
        "capitol_state": "TX",
        "capitol_zip": "78711",
        "district_office_street": "4450 Harrisburg Suite 436",
        "district_office_city": "Houston",
        "district_office_state": "TX",
        "district_office_zip": "07011",
        "contact_form": "",
        "website": "https://example.org/pat",
        "source_id": directory["ana"].source_id,
        "term_end": "2027-01-12",
        "as_of": today().isoformat(),
    }
    cy = by_name["Cy Chen"]
    assert cy["party"] == "Democratic"  # stored "Democrat"
    assert cy["source_id"] == directory["cy"].bioguide_id
    assert cy["contact_form"] == "https://chen.senate.gov/contact"
    assert (cy["district"], cy["chamber"]) == ("", "upper")
    # An address the importer could not split stays whole in the street column.
    assert cy["capitol_street"] == "1021 O St, Sacramento, CA 95814"
    assert by_name["Di Diaz"]["email"] == ""  # malformed
    assert by_name["Bo Brown"]["phone"] == ""
    # Ordered by state, then office, then name.
    assert [r["state"] for r in rows] == ["CA", "CO", "NE", "TX", "TX"]


def test_xlsx_has_a_frozen_header_and_typed_cells(session, directory):
    data = run(session, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(COLUMN_KEYS))}6"
    assert sheet["A1"].font.bold
    header, rows = xlsx_rows(data)
    assert header == list(COLUMN_KEYS)
    by_name = {row["name"]: row for row in rows}
    ana = by_name["Ana Alvarez"]
    assert ana["id"] == directory["ana"].id  # a number
    assert ana["district_office_zip"] == "07011"  # text: the zero stays
    assert ana["term_end"] == datetime(2027, 1, 12)  # a date cell
    assert ana["phone"] == "(512) 463-0106"
    assert by_name["Bo Brown"]["email"] is None
    csv_by_name = {row["name"]: row for row in csv_rows(run(session, "csv"))}
    for name, row in by_name.items():
        for key in COLUMN_KEYS:
            value = row[key]
            if isinstance(value, datetime):
                value = value.date().isoformat()
            assert ("" if value is None else str(value)) == csv_by_name[name][key], key


def test_json_has_the_same_fields(session, directory):
    data = json.loads(run(session, "json", state="TX"))
    assert data["as_of"] == today().isoformat()
    assert data["filters"] == {"state": "TX"}
    officials = data["officials"]
    assert [o["name"] for o in officials] == ["Ana Alvarez", "Bo Brown"]
    assert list(officials[0]) == list(COLUMN_KEYS)
    assert officials[0]["id"] == directory["ana"].id
    assert officials[0]["term_end"] == "2027-01-12"
    assert officials[1]["email"] is None


def test_vcards_read_back(session, directory):
    data = run(session, "vcf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    cards = {card.fn.value: card for card in vcards(data)}
    assert set(cards) == {"Ana Alvarez", "Bo Brown", "Cy Chen", "Di Diaz", "Ed Evans"}
    ana = cards["Ana Alvarez"]
    assert ana.version.value == "4.0"
    assert (ana.n.value.family, ana.n.value.given) == ("Alvarez", "Ana")
    assert ana.n.value.additional == "B."
    assert ana.n.value.suffix == "Jr."
    assert ana.email.value == "ana@senate.texas.gov"
    assert ana.org.value == ["Texas State Senate"]
    assert ana.title.value == "State Senator"
    tels = {(t.value, tuple(t.params["TYPE"])) for t in ana.contents["tel"]}
    assert ("tel:+1-512-463-0106", ("work", "voice")) in tels
    assert ("tel:+1-713-555-0199", ("work", "voice")) in tels
    assert ("tel:+1-512-463-0000", ("work", "fax")) in tels
    addresses = [a.value for a in ana.contents["adr"]]
    assert (addresses[0].street, addresses[0].city, addresses[0].region, addresses[0].code) == (
        "Room 1E.9, Capitol Station",
        "Austin",
        "TX",
        "78711",
    )
    assert addresses[1].city == "Houston"
    assert ana.note.value.startswith("State Senator, Texas, District 6 (Democratic).")
    cy = cards["Cy Chen"]
    assert cy.org.value == ["U.S. Senate"]
    assert [u.value for u in cy.contents["url"]] == [
        "https://chen.senate.gov",
        "https://chen.senate.gov/contact",
    ]
    assert "email" not in cy.contents
    assert "email" not in cards["Di Diaz"].contents  # malformed address left out
    assert cards["Di Diaz"].org.value == ["State of Colorado"]
    assert cards["Ed Evans"].org.value == ["Nebraska Legislature"]
    # The UID is stable: the same official gets the same contact every time.
    again = {card.fn.value: card for card in vcards(run(session, "vcf"))}
    assert again["Ana Alvarez"].uid.value == ana.uid.value


def test_vcard_escaping_and_folding():
    assert vcard.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    line = "NOTE:" + "é" * 100
    folded = vcard.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    assert vcard.fold("SHORT:x") == "SHORT:x"


def test_vcard_round_trips_awkward_text(session):
    make_sync(session)
    person = make_person(
        session,
        name="Ōkubo, Jr.; \\the\\ one",
        email="o@example.org",
        website_url="https://example.org/" + "a" * 120,
    )
    session.commit()
    [card] = vcards(run(session, "vcf"))
    assert card.fn.value == person.name
    assert card.url.value == "https://example.org/" + "a" * 120
    lines = run(session, "vcf").split(b"\r\n")
    assert max(len(line) for line in lines) <= 75


# ----------------------------------------------------------------------------- spreadsheet safety


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_formulas_are_neutralised_in_csv_and_xlsx(session, start):
    make_sync(session)
    make_person(
        session,
        name=f'{start}HYPERLINK("http://evil.example")',
        email=None,
        phone="+44 20 7946 0958" if start == "+" else "202-555-0100",
        website_url=None,
    )
    session.commit()
    expected_name = f'\'{start}HYPERLINK("http://evil.example")'
    [row] = csv_rows(run(session, "csv"))
    assert row["name"] == expected_name
    assert not any(is_dangerous(value) for value in row.values())
    _, [cells] = xlsx_rows(run(session, "xlsx"))
    # (XML reads a carriage return back as a newline; the cell still starts with ').
    assert cells["name"] == expected_name.replace("\r", "\n")
    assert not any(is_dangerous(value) for value in cells.values())
    assert isinstance(cells["id"], int)  # numbers stay numbers
    if start == "+":
        # A number that is not a U.S. one is kept as published: text, so neutralised.
        assert row["phone"] == "'+44 20 7946 0958" == cells["phone"]
    else:
        assert row["phone"] == "(202) 555-0100"
    # JSON and vCard carry the data unchanged (vCard has no carriage return: a newline).
    assert json.loads(run(session, "json"))["officials"][0]["name"] == expected_name[1:]
    assert vcards(run(session, "vcf"))[0].fn.value == expected_name[1:].replace("\r", "\n")


def test_neutralize_rule():
    for start in FORMULA_STARTS:
        assert neutralize(f"{start}x") == f"'{start}x"
    assert neutralize("'=x") == "'=x"
    assert neutralize("a=b") == "a=b"
    assert neutralize("") == ""
    assert neutralize(-5) == -5
    assert neutralize(1.5) == 1.5
    assert neutralize(None) is None
    assert neutralize(date(2026, 1, 1)) == date(2026, 1, 1)


# ----------------------------------------------------------------------------- streaming


def test_streams_in_batches_with_each_officials_offices(session, directory):
    job = OfficialsExport(session, batch_size=2)
    people = list(job.officials())
    assert job.count == 5
    assert [p.name for p in people] == [
        "Cy Chen",
        "Di Diaz",
        "Ed Evans",
        "Ana Alvarez",
        "Bo Brown",
    ]
    for person in people:
        stored = session.get(Person, person.id)
        assert [o.kind for o in person.offices] == [o.kind for o in stored.offices]
        assert person.phones == stored.phones


def test_csv_comes_in_several_chunks():
    rows = (tuple(str(i) for _key in COLUMN_KEYS) for i in range(25))
    chunks = list(export_writers.csv_chunks(rows, rows_per_chunk=10))
    assert len(chunks) == 3
    assert len(csv_rows(b"".join(chunks))) == 25


def test_chunks_are_lazy(session, directory):
    job = OfficialsExport(session)
    chunks = job.chunks("csv")
    assert job.count == 0  # nothing read until the response is sent
    first = next(chunks)
    assert first.startswith(b"\xef\xbb\xbf")
    with pytest.raises(ValueError, match="unknown format"):
        job.chunks("pdf")


def test_file_names_tell_the_filters(session, directory):
    filters = parse_filters(
        session,
        {"state": "tx", "office": "state_senator", "has_email": "0", "committee": "Criminal J"},
    )
    job = OfficialsExport(session, filters, as_of=date(2026, 8, 5))
    assert job.filename("csv") == (
        "officials-tx-state_senator-committee-criminal-j-no-email-2026-08-05.csv"
    )
    assert OfficialsExport(session, as_of=date(2026, 8, 5)).filename("vcf") == (
        "officials-all-2026-08-05.vcf"
    )
