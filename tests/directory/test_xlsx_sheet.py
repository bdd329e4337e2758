"""The one-sheet XLSX writer, read back by openpyxl and by an XML parser."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from xml.etree import ElementTree

import openpyxl
import pytest

from outreach.directory import xlsx_sheet
from outreach.directory.spreadsheet_safety import FORMULA_STARTS

HEADER = ("id", "name", "when", "flag", "ratio")


def write(rows, **options) -> bytes:
    out = io.BytesIO()
    count = xlsx_sheet.write_workbook(out, HEADER, rows, sheet_name="Officials", **options)
    assert count == len(rows)
    return out.getvalue()


def read(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return list(sheet.iter_rows(values_only=True))


def test_every_part_is_well_formed_xml():
    data = write([(1, "a & b <c>", date(2027, 1, 12), True, 0.5)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert "[Content_Types].xml" in names
        assert "xl/worksheets/sheet1.xml" in names
        for name in names:
            ElementTree.fromstring(archive.read(name))


def test_cells_keep_their_types():
    rows = [
        (1, "Ana", date(2027, 1, 12), True, 0.25),
        (2, "07011", None, False, -3),
        (3, None, date(1900, 3, 1), None, None),
    ]
    header, *back = read(write(rows))
    assert header == HEADER
    assert back[0] == (1, "Ana", datetime(2027, 1, 12), True, 0.25)
    assert back[1] == (2, "07011", None, False, -3)  # text stays text: the zero is kept
    assert back[2] == (3, None, datetime(1900, 3, 1), None, None)


def test_a_date_before_march_1900_is_written_as_text():
    """Excel's serials start with its 1900 leap-year bug: such a date stays readable text."""
    [_, row] = read(write([(1, "x", date(1899, 12, 31), None, None)]))
    assert row[2] == "1899-12-31"


def test_text_is_escaped_and_cleaned():
    rows = [
        (1, "Tom & Jerry <b>", None, None, None),
        (2, "  spaced  ", None, None, None),
        (3, "a\x00b\x1fc\ufffe", None, None, None),
        (4, "line\r\nbreak\rhere", None, None, None),
        (5, "_x0041_ stays as typed", None, None, None),
        (6, "x" * (xlsx_sheet.MAX_CELL_CHARS + 10), None, None, None),
    ]
    names = [row[1] for row in read(write(rows))[1:]]
    assert names[0] == "Tom & Jerry <b>"
    assert names[1] == "  spaced  "
    assert names[2] == "abc"
    assert names[3] == "line\nbreak\nhere"
    # Excel reads _x0041_ as "A": its underscore is escaped, as Excel (and XlsxWriter)
    # write it; Excel shows the text as typed, openpyxl shows the escape as it is.
    assert names[4] == "_x005F_x0041_ stays as typed"
    assert len(names[5]) == xlsx_sheet.MAX_CELL_CHARS


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_quote_starts_neutralise_text_never_numbers(start):
    rows = [(-5, f"{start}SUM(1,2)", None, None, None), (1, f"\x01{start}cmd", None, None, None)]
    back = read(write(rows, quote_starts=FORMULA_STARTS))
    assert back[1][0] == -5  # a number stays a number
    assert back[1][1] == f"'{start}SUM(1,2)".replace("\r", "\n")
    # The control character goes first, so what is left is neutralised too.
    assert back[2][1] == f"'{start}cmd".replace("\r", "\n")
    # Without quote_starts the text is kept as it is, and is still text, not a formula.
    sheet = openpyxl.load_workbook(io.BytesIO(write(rows[:1]))).active
    assert sheet["B2"].data_type == "s"


def test_header_frozen_bold_filtered_and_column_widths():
    data = write([(i, f"n{i}", None, None, None) for i in range(3)], widths=(8, 26, 11, 6, 6))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Officials"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E4"
    assert sheet["A1"].font.bold
    assert not sheet["A2"].font.bold
    assert round(sheet.column_dimensions["B"].width) == 27  # 26 characters and padding
    assert sheet["C1"].value == "when"


def test_no_rows_leaves_the_header():
    assert read(write([])) == [HEADER]


def test_column_letters():
    assert [xlsx_sheet.column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
