"""A one-sheet XLSX workbook written as its rows come: typed cells, a frozen header, filters.

The export of the whole directory is about 8,000 rows of 27 columns. A
general spreadsheet library spends about 10 µs a cell on checks and
bookkeeping that one flat sheet of text, numbers and dates does not need;
this writer formats each row's XML directly and streams it into the zip
file, in a fraction of that time. It writes what the export needs and no more:

- one worksheet, a bold header row that stays frozen, column widths, an
  autofilter over the rows written;
- text as inline strings (``t="inlineStr"``), numbers as numbers, booleans,
  and dates as date serials with a ``yyyy-mm-dd`` format;
- every part of a minimal SpreadsheetML package (content types, relations,
  workbook, styles, the sheet and the document's properties).

Text is written as given, but a file must stay valid XML, so characters XML
1.0 forbids (control characters other than tab and newline, unpaired
surrogates, U+FFFE and U+FFFF) are dropped and ``&``, ``<`` and ``>``
escaped; a literal ``_x0041_``-like sequence, which Excel would decode as a
character, is escaped as Excel does (``_x005F_x0041_``). A carriage return
becomes a newline (an XML reader would read it back so anyway). Text is
never written as a formula, whatever it starts with; a spreadsheet's user can
still turn it into one by editing the cell, so the caller passes the starts
that must gain an apostrophe (``quote_starts``, the rule of
:mod:`outreach.directory.spreadsheet_safety`).

Pure functions: no Flask, no database.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import IO

#: zlib level of the zip entries: 1 packs the sheet to about the size level 6
#: does for this kind of text (within a few per cent), in about a third of the time.
COMPRESS_LEVEL = 1
#: Rows formatted before each write to the zip stream.
ROWS_PER_WRITE = 200
#: The most characters an Excel cell holds; longer text is cut.
MAX_CELL_CHARS = 32767

#: Characters XML 1.0 cannot hold, dropped from text.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Sequences Excel reads as an escaped character; their underscore is escaped.
_EXCEL_ESCAPE = re.compile("(_x[0-9A-Fa-f]{4}_)")
#: Dates before 1 March 1900 do not map to Excel serials (its 1900 leap-year bug).
_FIRST_SERIAL_DATE = date(1900, 3, 1)
_EPOCH = date(1899, 12, 30).toordinal()

#: Style indexes of ``styles.xml`` (0 is plain): bold header, date.
_BOLD, _DATE = 1, 2

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    _XML + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_DOC_TYPE}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC_TYPE}/extended-properties" '
    'Target="docProps/app.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    _XML + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_DOC_TYPE}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC_TYPE}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
STYLES = (
    _XML + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
    '<fonts count="2">'
    '<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
    '<scheme val="minor"/></font>'
    '<font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
    '<scheme val="minor"/></font>'
    "</fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
    'defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
)
APP_PROPERTIES = (
    _XML + "<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop></Properties>"
)


def column_letter(index: int) -> str:
    """``A`` for 0, ``Z`` for 25, ``AA`` for 26…"""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def xml_text(value: str, quote_starts: tuple[str, ...] = ()) -> str:
    """``value`` as the content of an XML element that Excel reads back unchanged.

    Characters XML cannot hold are dropped first; then text that starts with one
    of ``quote_starts`` gains a leading apostrophe; a carriage return becomes a
    newline; ``&``, ``<``, ``>`` and Excel's own escapes are escaped.
    """
    printable = value.isprintable()  # the usual case skips the regular expressions
    if not printable:
        value = ILLEGAL_XML.sub("", value)
    if quote_starts and value.startswith(quote_starts):
        value = f"'{value}"
    if not printable and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > MAX_CELL_CHARS:
        value = value[:MAX_CELL_CHARS]
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "_x" in value:
        value = _EXCEL_ESCAPE.sub(r"_x005F\1", value)
    return value


def _attribute(value: str) -> str:
    return xml_text(value).replace('"', "&quot;")


def date_serial(day: date) -> int | None:
    """Excel's serial number of ``day`` (1900 date system); None before 1 March 1900."""
    if day < _FIRST_SERIAL_DATE:
        return None
    return day.toordinal() - _EPOCH


def _string_cell(ref: str, text: str) -> str:
    """An inline string cell of ``text``, already escaped."""
    if text.strip() != text:
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _other_cell(ref: str, value: object, quote_starts: tuple[str, ...]) -> str:
    """The ``<c>`` element of a value that is not text: a number, a boolean, a date."""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, date) and not isinstance(value, datetime):
        serial = date_serial(value)
        if serial is not None:
            return f'<c r="{ref}" s="{_DATE}"><v>{serial}</v></c>'
        return _string_cell(ref, value.isoformat())
    return _string_cell(ref, xml_text(str(value), quote_starts))


def _is_plain(texts: list[str]) -> bool:
    """Whether every text of a row can go into XML as it is (the usual case)."""
    probe = "".join(texts)
    return (
        probe.isprintable()
        and len(probe) <= MAX_CELL_CHARS
        and "&" not in probe
        and "<" not in probe
        and ">" not in probe
        and "_x" not in probe
    )


def _row(
    number: int, letters: Sequence[str], values: Sequence[object], quote_starts: tuple[str, ...]
) -> str:
    """The ``<row>`` element of row ``number`` (1-based); None leaves a cell empty."""
    plain = _is_plain([value for value in values if type(value) is str])
    row = str(number)
    cells = []
    for letter, value in zip(letters, values, strict=False):
        if type(value) is str:
            if not plain:
                value = xml_text(value, quote_starts)
            elif quote_starts and value.startswith(quote_starts):
                value = f"'{value}"
            if value.strip() == value:
                cells.append(f'<c r="{letter}{row}" t="inlineStr"><is><t>{value}</t></is></c>')
            else:
                cells.append(_string_cell(letter + row, value))
        elif value is not None:
            cells.append(_other_cell(letter + row, value, quote_starts))
    return f'<row r="{row}">{"".join(cells)}</row>'


def _sheet_head(widths: Sequence[float]) -> str:
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{width + 0.7109375:.7g}" customWidth="1"/>'
        for i, width in enumerate(widths, 1)
    )
    return (
        _XML + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + "<sheetData>"
    )


def _workbook(sheet_name: str, filter_ref: str | None) -> str:
    name = _attribute(sheet_name)
    defined = (
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"'{name.replace(chr(39), chr(39) * 2)}'!{filter_ref}</definedName></definedNames>"
        if filter_ref
        else ""
    )
    return (
        _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" '
        'windowHeight="9660"/></bookViews>'
        f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>'
        f'{defined}<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


def _core_properties(created: datetime | None) -> str:
    stamp = (created or datetime(1980, 1, 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        _XML + "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def write_workbook(
    handle: IO[bytes],
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet_name: str = "Sheet1",
    widths: Sequence[float] = (),
    quote_starts: tuple[str, ...] = (),
    created: datetime | None = None,
) -> int:
    """Write an XLSX file to ``handle``: ``header`` in bold and frozen, then ``rows``.

    Each row holds one value per header column (None leaves a cell empty).
    ``widths`` are column widths in characters. Text that starts with one of
    ``quote_starts`` gains a leading apostrophe (see
    :mod:`outreach.directory.spreadsheet_safety`), after characters XML cannot
    hold are dropped. The autofilter covers the header and every row. Returns the
    number of rows written (header aside).
    """
    letters = [column_letter(i) for i in range(max(len(header), 1))]
    last = letters[len(header) - 1] if header else "A"
    count = 0
    with zipfile.ZipFile(
        handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
    ) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("docProps/app.xml", APP_PROPERTIES)
        archive.writestr("docProps/core.xml", _core_properties(created))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            head = "".join(
                f'<c r="{letter}1" s="{_BOLD}" t="inlineStr"><is><t>{xml_text(name)}</t></is></c>'
                for letter, name in zip(letters, header, strict=False)
            )
            sheet.write((_sheet_head(widths) + f'<row r="1">{head}</row>').encode("utf-8"))
            pending: list[str] = []
            for count, values in enumerate(rows, 1):
                pending.append(_row(count + 1, letters, values, quote_starts))
                if len(pending) >= ROWS_PER_WRITE:
                    sheet.write("".join(pending).encode("utf-8"))
                    pending = []
            filter_ref = f"$A$1:${last}${count + 1}" if header else None
            tail = f'<autoFilter ref="A1:{last}{count + 1}"/>' if header else ""
            sheet.write(
                (
                    "".join(pending) + "</sheetData>" + tail + '<pageMargins left="0.7" '
                    'right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                    "</worksheet>"
                ).encode("utf-8")
            )
        archive.writestr("xl/workbook.xml", _workbook(sheet_name, filter_ref))
    return count
