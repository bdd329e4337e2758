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
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from outreach.directory import vcard
from outreach.directory.export_columns import COLUMN_KEYS, COLUMNS
from outreach.directory.export_filters import ExportFilters
from outreach.directory.officials_read import Official
from outreach.directory.spreadsheet_safety import FORMULA_STARTS, neutralize
from outreach.directory.xlsx_sheet import ILLEGAL_XML, write_workbook

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


def csv_chunks(rows: Iterable[Sequence[object]], rows_per_chunk: int = 200) -> Iterator[bytes]:
    """CSV for Excel: a byte-order mark, a header row, CRLF line endings, minimal quoting.

    Each row holds the values of :data:`COLUMN_KEYS`, in that order.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(COLUMN_KEYS)
    pending = 0
    for row in rows:
        writer.writerow(
            [
                (f"'{value}" if value.startswith(FORMULA_STARTS) else value)
                if type(value) is str
                else text_cell(value)
                for value in row
            ]
        )
        pending += 1
        if pending >= rows_per_chunk:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode("utf-8")


#: Characters an XLSX file cannot hold (XML 1.0 forbids them): dropped.
ILLEGAL_CHARACTERS_RE = ILLEGAL_XML


def xlsx_value(value: object) -> object:
    """An XLSX cell value: numbers and dates as such, text cleaned, then neutralised."""
    if value is None or isinstance(value, int | float | date):
        return value
    text = str(value)
    if not text.isprintable():  # the usual case skips the regular expression
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return neutralize(text)


def xlsx_chunks(rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """An XLSX workbook: a bold, frozen header row with filters, one row per official.

    :mod:`outreach.directory.xlsx_sheet` writes the rows as they come into a
    temporary file (a zip is complete only at the end), which is then read back in
    chunks. Every cell keeps its own type: text never becomes a formula, a number or
    a link; control characters are dropped, then text is neutralised (as
    :func:`xlsx_value` does).
    """
    with tempfile.TemporaryFile() as handle:
        write_workbook(
            handle,
            COLUMN_KEYS,
            rows,
            sheet_name="Officials",
            widths=[column.width for column in COLUMNS],
            quote_starts=FORMULA_STARTS,
        )
        handle.seek(0)
        while chunk := handle.read(FILE_CHUNK):
            yield chunk


def json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def json_chunks(
    rows: Iterable[Sequence[object]],
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
        parts.append(
            json.dumps(
                {key: json_value(value) for key, value in zip(COLUMN_KEYS, row, strict=True)},
                ensure_ascii=False,
            )
        )
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
