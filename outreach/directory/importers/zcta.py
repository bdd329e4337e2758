"""The ZCTA → congressional district crosswalk (``zccd.csv``).

Header ``state_fips,state_abbr,zcta,cd``; CRLF line endings; every value is a
string (ZCTAs and FIPS codes keep their leading zeros); ``cd`` is ``0`` for
at-large seats, DC and Puerto Rico.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from outreach.directory import jurisdictions
from outreach.directory.importers import ParsedSource, SyncError, ZipRecord

HEADER = ["state_fips", "state_abbr", "zcta", "cd"]
_ZCTA = re.compile(r"^\d{5}$")
_CD = re.compile(r"^\d{1,2}$")


def parse(path: Path, result: ParsedSource) -> None:
    """Read the crosswalk at ``path`` into ``result.zips`` (duplicates dropped).

    :raise SyncError: naming the line of the first malformed row.
    """
    file = str(path)
    seen: set[tuple[str, str, str]] = set()
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except FileNotFoundError:
        raise SyncError(file, "file is missing") from None
    with handle:
        reader = csv.reader(handle)
        try:
            _check_header(next(reader, None), file)
            for row in reader:
                if not row or row == [""]:
                    continue
                key = _row_key(row, file, f"line {reader.line_num}")
                if key not in seen:
                    seen.add(key)
                    result.zips.append(ZipRecord(*key))
        except (UnicodeDecodeError, csv.Error) as error:
            raise SyncError(file, f"unreadable CSV ({error})", f"line {reader.line_num}") from None
    if not result.zips:
        raise SyncError(file, "no rows")


def _check_header(header: list[str] | None, file: str) -> None:
    """Raise a SyncError unless the first row is :data:`HEADER`."""
    if header is None or [h.strip() for h in header] != HEADER:
        raise SyncError(file, f"header must be {','.join(HEADER)}, found {header}", "line 1")


def _row_key(row: list[str], file: str, line: str) -> tuple[str, str, str]:
    """``(zcta, state, district)`` of one checked row; a malformed row is a SyncError."""
    if len(row) != 4:
        raise SyncError(file, f"expected 4 columns, found {len(row)}", line)
    fips, state, zcta, cd = (value.strip() for value in row)
    info = jurisdictions.JURISDICTIONS.get(state)
    if info is None:
        raise SyncError(file, f"unknown state “{state}”", line)
    if fips != info.fips:
        raise SyncError(file, f"FIPS {fips} does not match state {state}", line)
    if not _ZCTA.match(zcta):
        raise SyncError(file, f"ZCTA “{zcta}” is not five digits", line)
    if not _CD.match(cd):
        raise SyncError(file, f"district “{cd}” is not a number", line)
    return (zcta, state, str(int(cd)))
