"""Exports of the officials directory: CSV, XLSX, vCard and JSON, streamed.

Organizers build call lists, mail merges and lobby-day packets from these
files, so every format carries the same columns (:data:`COLUMNS`, documented
on the export page) and the same filters (:class:`ExportFilters`): state,
office kind, chamber, district, party, committee, has email / has phone and
the state's reform status.

Nothing holds the whole directory in memory. :meth:`OfficialsExport.officials`
reads people, their role and their offices with one streamed query (``yield_per``:
a server-side cursor on PostgreSQL, the cursor read as it goes on SQLite; one row
per contact office, a person's rows together) and yields read-only views; each
format turns them into chunks of bytes as it goes. XLSX is the exception that
proves the rule: a zip file is only complete at the end, so
:mod:`outreach.directory.xlsx_sheet` writes the rows to a temporary file on disk,
which is then sent in chunks.

Text cells of CSV and XLSX go through :func:`outreach.directory.spreadsheet_safety.neutralize`
(OWASP's rule against formula injection); JSON and vCard carry the data as is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, case, literal, null, select
from sqlalchemy.orm import Session

from outreach.directory.export_columns import export_values, main_email, main_phone
from outreach.directory.export_filters import ExportFilters, conditions
from outreach.directory.export_writers import csv_chunks, json_chunks, vcard_chunks, xlsx_chunks
from outreach.directory.officials_read import (
    OFFICE_COLUMNS,
    ROLE_COLUMNS,
    OfficeView,
    OfficialView,
    RoleView,
)
from outreach.directory.version import read_version
from outreach.models import OFFICE_ORDER, PERSON_DATA_COLUMNS, ContactOffice, Person, Role

#: Rows read from the database at a time.
BATCH_SIZE = 500
#: A person's columns in an export (their contact form's fields are not exported).
EXPORT_PERSON_COLUMNS = ("id", *PERSON_DATA_COLUMNS)
#: Columns of the read-only views that no format shows: read as NULL (an empty text
#: where the view needs text), so the database and the driver skip their values.
NOT_EXPORTED = frozenset(
    {
        "source",
        "sort_name",
        "nickname",
        "gender",
        "party_detail",
        "photo_url",
        "title",
        "start_date",
        "label",
        "hours",
        "latitude",
        "longitude",
    }
)


def _column(table: FromClause, name: str) -> ColumnElement[Any]:
    """``table``'s column ``name``, or an empty stand-in for one in :data:`NOT_EXPORTED`."""
    column = table.c[name]
    if name not in NOT_EXPORTED:
        return column
    return (null() if column.nullable else literal("")).label(name)


# --------------------------------------------------------------------------- formats


@dataclass(frozen=True)
class Format:
    """One file format: its extension, media type and name on the page."""

    ext: str
    mimetype: str
    label: str
    description: str


FORMATS: dict[str, Format] = {
    f.ext: f
    for f in (
        Format(
            "csv",
            "text/csv; charset=utf-8",
            "CSV",
            "UTF-8 with a byte-order mark and CRLF line endings, for Excel, Numbers, "
            "LibreOffice, Google Sheets and mail merges.",
        ),
        Format(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel (XLSX)",
            "A workbook with a frozen header row and filters; ZIP codes and districts stay "
            "text, dates are dates.",
        ),
        Format(
            "vcf",
            "text/vcard; charset=utf-8",
            "Contacts (vCard)",
            "One .vcf file with a vCard 4.0 contact per official, for phone and desktop "
            "address books.",
        ),
        Format(
            "json",
            "application/json",
            "JSON",
            'An object {"as_of", "filters", "officials": [...]} with the same fields.',
        ),
    )
}


# --------------------------------------------------------------------------- the export


@dataclass
class OfficialsExport:
    """One export: the filters, the directory's date, and the officials as they stream.

    ``count`` grows as :meth:`officials` is read (the CLI reports it at the end).
    """

    session: Session
    filters: ExportFilters = field(default_factory=ExportFilters)
    batch_size: int = BATCH_SIZE
    as_of: date | None = None
    count: int = 0

    def __post_init__(self) -> None:
        if self.as_of is None:
            self.as_of = read_version(self.session).as_of

    def filename(self, ext: str) -> str:
        """``officials-tx-state_senator-2026-08-05.csv`` (the directory's date)."""
        day = self.as_of or date.today()
        return f"officials-{self.filters.slug()}-{day.isoformat()}.{ext}"

    def _query(self) -> Select[tuple[Any, ...]]:
        """Each matching official's role and offices: one row per contact office.

        An official without an office has one row with empty office columns. Rows
        come by state, office and name, a person's rows together, offices in order.
        """
        people, roles, offices = Person.__table__, Role.__table__, ContactOffice.__table__
        rank = case(OFFICE_ORDER, value=roles.c.office, else_=len(OFFICE_ORDER))
        return (
            select(
                roles.c.id,
                *(_column(people, name) for name in EXPORT_PERSON_COLUMNS),
                *(_column(roles, name) for name in ROLE_COLUMNS),
                *(_column(offices, name) for name in OFFICE_COLUMNS),
            )
            .join_from(roles, people, roles.c.person_id == people.c.id)
            .outerjoin(offices, offices.c.person_id == people.c.id)
            .where(*conditions(self.filters))
            .order_by(
                roles.c.jurisdiction_abbr,
                rank,
                people.c.sort_name,
                people.c.id,
                roles.c.id,
                offices.c.position,
                offices.c.id,
            )
        )

    def officials(self) -> Iterator[OfficialView]:
        """The matching officials by state, office and name, each with their offices.

        One streamed query (:meth:`_query`) read ``batch_size`` rows at a time; a
        person's rows come together, so each official is complete when the next
        one starts.
        """
        self.count = 0
        result = self.session.execute(
            self._query(), execution_options={"yield_per": self.batch_size}
        )
        person_end = 1 + len(EXPORT_PERSON_COLUMNS)
        role_end = person_end + len(ROLE_COLUMNS)
        seen: set[int] = set()
        person: OfficialView | None = None
        role_id = None
        try:
            for rows in result.partitions():
                for row in rows:
                    if row[0] != role_id:
                        if person is not None and self._keep(person):
                            self.count += 1
                            yield person
                        role_id, person = row[0], None
                        if row[1] in seen:
                            continue  # a second role (the directory keeps one; the first counts)
                        seen.add(row[1])
                        person = OfficialView(*row[1:person_end])
                        person.roles.append(RoleView(*row[person_end:role_end]))
                    if person is not None and row[role_end] is not None:
                        person.offices.append(OfficeView(*row[role_end:]))
            if person is not None and self._keep(person):
                self.count += 1
                yield person
        finally:
            result.close()

    def _keep(self, person: OfficialView) -> bool:
        wants_email, wants_phone = self.filters.has_email, self.filters.has_phone
        if wants_email is not None and (main_email(person) is not None) != wants_email:
            return False
        return not (wants_phone is not None and (main_phone(person) is not None) != wants_phone)

    def rows(self) -> Iterator[tuple[object, ...]]:
        """:func:`export_values` of each matching official (the columns' values, in order)."""
        as_of = self.as_of
        for person in self.officials():
            yield export_values(person, as_of)

    def chunks(self, ext: str) -> Iterator[bytes]:
        """The file in format ``ext`` (csv, xlsx, vcf, json), in chunks of bytes."""
        writers: dict[str, Callable[[], Iterator[bytes]]] = {
            "csv": lambda: csv_chunks(self.rows()),
            "xlsx": lambda: xlsx_chunks(self.rows()),
            "vcf": lambda: vcard_chunks(self.officials(), self.as_of),
            "json": lambda: json_chunks(self.rows(), self.as_of, self.filters),
        }
        if ext not in writers:
            raise ValueError(f"unknown format {ext!r}")
        return writers[ext]()
