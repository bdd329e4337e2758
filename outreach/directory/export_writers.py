"""The export's file formats written as they stream: CSV, XLSX, JSON and vCard.

Each writer turns rows (or officials, for vCard) into chunks of bytes as it
goes. Text cells of CSV and XLSX go through
:func:`outreach.directory.spreadsheet_safety.neutralize` (OWASP's rule
against formula injection); JSON and vCard carry the data as is.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from outreach.directory import vcard
from outreach.directory.export_columns import COLUMN_KEYS, COLUMNS
from outreach.directory.export_filters import ExportFilters
from outreach.directory.officials_read import Official
from outreach.directory.spreadsheet_safety import FORMULA_STARTS, neutralize

#: Bytes of a finished XLSX file sent at a time.
FILE_CHUNK = 64 * 1024

# --------------------------------------------------------------------------- writers


def text_cell(value: object) -> str:
    """A CSV cell: None empty, dates ISO, numbers as such, text with formulas neutralised."""
    if type(value) is str:
        return f"'{value}" if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return neutralize(str(value))


def csv_chunks(rows: Iterable[Mapping[str, object]], rows_per_chunk: int = 200) -> Iterator[bytes]:
    """CSV for Excel: a byte-order mark, a header row, CRLF line endings, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(COLUMN_KEYS)
    pending = 0
    for row in rows:
        writer.writerow([text_cell(row[key]) for key in COLUMN_KEYS])
        pending += 1
        if pending >= rows_per_chunk:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode("utf-8")


#: Control characters an XLSX file cannot hold (XML 1.0 forbids them): dropped.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def xlsx_value(value: object) -> object:
    """An XLSX cell value: numbers and dates as such, text neutralised and cleaned."""
    if value is None or isinstance(value, int | float | date):
        return value
    text = str(value)
    if not text.isprintable():  # the usual case skips the regular expression
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return neutralize(text)


def _xlsx_text(value: object) -> str:
    """Text for an XLSX cell: :func:`xlsx_value`, with line breaks as XML reads them back.

    An XML reader turns a carriage return into a newline; XlsxWriter would escape it
    as ``_x000D_``, which not every reader decodes. So the cell holds a newline.
    """
    text = str(xlsx_value(value))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def xlsx_chunks(rows: Iterable[Mapping[str, object]]) -> Iterator[bytes]:
    """An XLSX workbook: a bold, frozen header row with filters, one row per official.

    XlsxWriter's constant-memory mode writes each row to disk as it comes; the
    finished file (a zip, complete only at the end) is read back in chunks. Every
    cell is written with its own type: text never becomes a formula, a number or a
    link (whatever XlsxWriter would guess), and text is neutralised first.
    """
    import xlsxwriter  # only for this format: a worker that never exports never loads it

    with tempfile.TemporaryFile() as handle:
        workbook = xlsxwriter.Workbook(
            handle,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        sheet = workbook.add_worksheet("Officials")
        sheet.freeze_panes(1, 0)
        for index, column in enumerate(COLUMNS):
            sheet.set_column(index, index, column.width)
        sheet.write_row(0, 0, COLUMN_KEYS, workbook.add_format({"bold": True}))
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        write_string, write_number = sheet.write_string, sheet.write_number
        count = 0
        for count, row in enumerate(rows, 1):
            for col, key in enumerate(COLUMN_KEYS):
                value = row[key]
                if value is None:
                    continue
                if type(value) is str:
                    write_string(count, col, _xlsx_text(value))
                elif isinstance(value, bool):
                    sheet.write_boolean(count, col, value)
                elif isinstance(value, int | float):
                    write_number(count, col, value)
                elif isinstance(value, date):
                    sheet.write_datetime(count, col, value, day)
                else:
                    write_string(count, col, _xlsx_text(value))
        sheet.autofilter(0, 0, count, len(COLUMNS) - 1)
        workbook.close()
        handle.seek(0)
        while chunk := handle.read(FILE_CHUNK):
            yield chunk


def json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def json_chunks(
    rows: Iterable[Mapping[str, object]],
    as_of: date | None,
    filters: ExportFilters,
    rows_per_chunk: int = 200,
) -> Iterator[bytes]:
    """``{"as_of": …, "filters": {…}, "officials": [{…}, …]}``, one official a line."""
    head = json.dumps(
        {"as_of": as_of.isoformat() if as_of else None, "filters": filters.query_args()},
        ensure_ascii=False,
    )
    parts = [head[:-1] + ', "officials": [']
    separator = "\n"
    for row in rows:
        parts.append(separator)
        parts.append(json.dumps({k: json_value(row[k]) for k in COLUMN_KEYS}, ensure_ascii=False))
        separator = ",\n"
        if len(parts) >= 2 * rows_per_chunk:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append("\n]}\n" if separator != "\n" else "]}\n")
    yield "".join(parts).encode("utf-8")


def vcard_chunks(
    people: Iterable[Official], as_of: date | None, cards_per_chunk: int = 100
) -> Iterator[bytes]:
    """Every official's vCard in one file; no officials, an empty file."""
    parts: list[str] = []
    for text in vcard.cards(people, as_of=as_of):
        parts.append(text)
        if len(parts) >= cards_per_chunk:
            yield "".join(parts).encode("utf-8")
            parts = []
    if parts:
        yield "".join(parts).encode("utf-8")
