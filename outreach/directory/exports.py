"""Exports of the officials directory: CSV, XLSX, vCard and JSON, streamed.

Organizers build call lists, mail merges and lobby-day packets from these
files, so every format carries the same columns (:data:`COLUMNS`, documented
on the export page) and the same filters (:class:`ExportFilters`): state,
office kind, chamber, district, party, committee, has email / has phone and
the state's reform status.

Nothing holds the whole directory in memory. :meth:`OfficialsExport.officials`
reads people and their offices with one streamed query (``yield_per``: a
server-side cursor on PostgreSQL, the cursor read as it goes on SQLite) and
one query for the offices of each batch, and yields read-only views; each
format turns them into chunks of bytes as it goes. XLSX is the exception that
proves the rule: a zip file is only complete at the end, so XlsxWriter, in its
constant-memory mode, writes the rows to a temporary file on disk, which is
then sent in chunks.

Text cells of CSV and XLSX go through :func:`outreach.directory.spreadsheet_safety.neutralize`
(OWASP's rule against formula injection); JSON and vCard carry the data as is.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import Session

from outreach.directory import jurisdictions, vcard
from outreach.directory.checks import MAX_DISTRICT_LENGTH
from outreach.directory.contact_links import format_phone, safe_url
from outreach.directory.contact_links import valid_email as _valid_email
from outreach.directory.jurisdictions import CHAMBERS
from outreach.directory.labels import office_label, party_name, party_short
from outreach.directory.officials_read import (
    OFFICE_COLUMNS,
    PERSON_COLUMNS,
    ROLE_COLUMNS,
    OfficeView,
    OfficialView,
    RoleView,
)
from outreach.directory.spreadsheet_safety import FORMULA_STARTS, neutralize
from outreach.directory.version import read_version
from outreach.models import (
    OFFICE_ORDER,
    Committee,
    CommitteeMembership,
    ContactOffice,
    OfficeKind,
    Person,
    ReformRecord,
    ReformStatus,
    Role,
)

#: Rows read from the database at a time.
BATCH_SIZE = 500
#: Bytes of a finished XLSX file sent at a time.
FILE_CHUNK = 64 * 1024
MAX_COMMITTEE_LENGTH = 120
MAX_PARTY_LENGTH = 80
NO_RECORD = "no_record"
STATUSES = (*(s.value for s in ReformStatus), NO_RECORD)
STATUS_LABELS = {
    **{s.value: s.label for s in ReformStatus},
    NO_RECORD: "No action recorded",
}
YES = ("1", "yes", "true", "on")
NO = ("0", "no", "false", "off")
#: Contact offices that count as the capitol and as the district office, by preference.
CAPITOL_KINDS = ("capitol", "capitol-mail", "primary")
DISTRICT_KINDS = ("district", "district-mail")


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


# --------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    """One exported field: its name (the CSV header and JSON key) and meaning."""

    key: str
    description: str
    width: int = 14  # XLSX column width, in characters


COLUMNS: tuple[Column, ...] = (
    Column("id", "The directory’s number for the official (as in their page’s address).", 8),
    Column("name", "Full name, as published.", 26),
    Column("given_name", "Given (first) name.", 14),
    Column("middle_name", "Middle name or initial.", 10),
    Column("family_name", "Family (last) name.", 16),
    Column("suffix", "Jr., III…", 7),
    Column(
        "office",
        "Office kind: " + ", ".join(k.value for k in OfficeKind) + ".",
        20,
    ),
    Column(
        "office_label",
        "The office’s title where it sits (State Senator, Assemblymember, Delegate…).",
        22,
    ),
    Column("state", "Two-letter state or territory code.", 6),
    Column(
        "district",
        "District as published (12, 21A, Ward 1, Chittenden-1; 0 = an at-large House seat); "
        "empty for offices elected statewide.",
        12,
    ),
    Column(
        "chamber",
        "upper (U.S. Senate, state senates), lower (U.S. House, state houses and "
        "assemblies), legislature (unicameral: Nebraska, the DC Council); empty for "
        "executives.",
        11,
    ),
    Column("party", "Party, as published (Democrat is written Democratic).", 14),
    Column("email", "Main email address (empty when none, or when it is malformed).", 30),
    Column(
        "phone",
        "Main phone: the first office’s, as (202) 555-0100 for U.S. numbers.",
        16,
    ),
    Column("capitol_street", "Capitol (or Washington, DC) office: street.", 30),
    Column("capitol_city", "Capitol office: city.", 14),
    Column("capitol_state", "Capitol office: state.", 6),
    Column("capitol_zip", "Capitol office: ZIP code (text, leading zeros kept).", 10),
    Column("district_office_street", "First district office: street.", 30),
    Column("district_office_city", "First district office: city.", 14),
    Column("district_office_state", "First district office: state.", 6),
    Column("district_office_zip", "First district office: ZIP code.", 10),
    Column("contact_form", "Web contact form (members of Congress have no public email).", 30),
    Column("website", "Official website.", 30),
    Column(
        "source_id",
        "Public id at the source: bioguide id (Congress) or ocd-person id (Open States).",
        22,
    ),
    Column(
        "term_end",
        "When the recorded term ends (YYYY-MM-DD); a date in the past means the record "
        "may be out of date.",
        11,
    ),
    Column("as_of", "The day the directory was last synced from its sources (YYYY-MM-DD).", 11),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
DATE_COLUMNS = frozenset({"term_end", "as_of"})


# --------------------------------------------------------------------------- filters


class FilterError(ValueError):
    """One or more filter values are not valid; each problem lists the valid values.

    ``by_field`` maps each bad filter's name to its problem; ``problems`` lists them.
    """

    def __init__(self, by_field: dict[str, str]) -> None:
        self.by_field = by_field
        self.problems = list(by_field.values())
        super().__init__(" ".join(self.problems))


#: The query parameters of an export, in the order they appear in file names.
FILTER_NAMES = (
    "state",
    "office",
    "chamber",
    "district",
    "party",
    "committee",
    "has_email",
    "has_phone",
    "status",
)


@dataclass(frozen=True)
class ExportFilters:
    """Which officials to export; empty fields do not filter."""

    state: str | None = None
    office: str | None = None
    chamber: str | None = None
    district: str | None = None
    #: As asked; ``parties`` holds the values stored in the directory it matches.
    party: str | None = None
    parties: tuple[str, ...] = ()
    #: A committee id, or part of a committee's name (``committee_exact`` tells which).
    committee: str | None = None
    committee_exact: bool = False
    has_email: bool | None = None
    has_phone: bool | None = None
    status: str | None = None
    #: The jurisdictions with a record of ``status`` (all recorded ones for ``no_record``).
    status_states: tuple[str, ...] = ()

    def query_args(self) -> dict[str, str]:
        """The filters as query parameters (only those set), in a stable order."""
        args: dict[str, str] = {}
        for name in FILTER_NAMES:
            value = getattr(self, name)
            if value is None or value == "":
                continue
            args[name] = ("1" if value else "0") if isinstance(value, bool) else str(value)
        return args

    @property
    def active(self) -> bool:
        return bool(self.query_args())

    def slug(self) -> str:
        """``tx-state_senator-no-email``: the filters for a file name; ``all`` without."""
        parts: list[str] = []
        for name, value in self.query_args().items():
            if name in ("has_email", "has_phone"):
                noun = name.removeprefix("has_")
                parts.append(f"with-{noun}" if value == "1" else f"no-{noun}")
            elif name in ("district", "committee", "party"):
                parts.append(f"{name}-{_slugify(value)}")
            else:
                parts.append(_slugify(value))
        text = "-".join(p for p in parts if p)[:100].strip("-")
        return text or "all"


def _slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", value.lower()).strip("-")[:40]


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise FilterError({name: f"Unknown {name} value “{raw[:20]}”. Valid values: 1 (yes), 0 (no)."})


def party_choices(session: Session) -> dict[str, list[str]]:
    """Each party name as pages write it, with the stored values it stands for."""
    raws = session.scalars(select(Person.party).where(Person.party.is_not(None)).distinct())
    choices: dict[str, list[str]] = {}
    for raw in raws:
        name = party_name(raw)
        if name:
            choices.setdefault(name, []).append(raw)
    return dict(sorted(choices.items(), key=lambda item: item[0].lower()))


def parse_filters(session: Session, args: Mapping[str, str | None]) -> ExportFilters:
    """Read the filters from query parameters (or CLI options); blank ones are ignored.

    Parameters that are not filters are ignored (a form's button, a cache buster).

    :raise FilterError: listing every bad value with the values that are valid.
    """
    raw = {name: (args.get(name) or "").strip() for name in FILTER_NAMES}
    problems: dict[str, str] = {}
    values: dict[str, object] = {}

    if raw["state"]:
        info = jurisdictions.get(raw["state"])
        if info is None:
            problems["state"] = (
                f"Unknown state “{raw['state'][:20]}”. Valid values: "
                + ", ".join(sorted(jurisdictions.JURISDICTIONS))
                + "."
            )
        else:
            values["state"] = info.abbr
    if raw["office"]:
        office = raw["office"].lower()
        if office not in {k.value for k in OfficeKind}:
            problems["office"] = (
                f"Unknown office “{raw['office'][:40]}”. Valid values: "
                + ", ".join(k.value for k in OfficeKind)
                + "."
            )
        else:
            values["office"] = office
    if raw["chamber"]:
        chamber = raw["chamber"].lower()
        if chamber not in CHAMBERS:
            problems["chamber"] = (
                f"Unknown chamber “{raw['chamber'][:40]}”. Valid values: "
                + ", ".join(CHAMBERS)
                + "."
            )
        else:
            values["chamber"] = chamber
    if raw["district"]:
        if len(raw["district"]) > MAX_DISTRICT_LENGTH:
            problems["district"] = (
                f"That district is too long (at most {MAX_DISTRICT_LENGTH} characters)."
            )
        else:
            values["district"] = raw["district"]
    if raw["party"]:
        wanted = raw["party"].lower()
        choices = party_choices(session)
        matched = tuple(
            stored
            for name, stored_values in choices.items()
            for stored in stored_values
            if wanted in {name.lower(), stored.lower(), party_short(stored).lower()}
        )
        if len(raw["party"]) > MAX_PARTY_LENGTH or not matched:
            problems["party"] = (
                f"Unknown party “{raw['party'][:40]}”. Valid values: "
                + (", ".join(choices) or "none (the directory is empty)")
                + "."
            )
        else:
            values["party"] = raw["party"]
            values["parties"] = matched
    if raw["committee"]:
        value = raw["committee"]
        if len(value) > MAX_COMMITTEE_LENGTH:
            problems["committee"] = (
                f"That committee is too long (at most {MAX_COMMITTEE_LENGTH} characters)."
            )
        elif session.get(Committee, value) is not None:
            values["committee"] = value
            values["committee_exact"] = True
        elif session.scalar(select(exists().where(_committee_name_matches(value)))):
            values["committee"] = value
        else:
            problems["committee"] = (
                f"No committee has the id or a name containing “{value[:40]}”. Use a "
                "committee’s id from the sources (SSJU for the Senate Judiciary Committee, "
                "ocd-organization/… for state committees) or a word of its name, such as "
                "judiciary or public safety."
            )
    for name in ("has_email", "has_phone"):
        if raw[name]:
            try:
                values[name] = _flag(name, raw[name])
            except FilterError as error:
                problems.update(error.by_field)
    if raw["status"]:
        status = raw["status"].lower()
        if status not in STATUSES:
            problems["status"] = (
                f"Unknown status “{raw['status'][:40]}”. Valid values: "
                + ", ".join(STATUSES)
                + "."
            )
        else:
            values["status"] = status
            query = select(ReformRecord.jurisdiction)
            if status != NO_RECORD:
                query = query.where(ReformRecord.status == status)
            values["status_states"] = tuple(sorted(session.scalars(query)))
    if problems:
        raise FilterError(problems)
    return ExportFilters(**values)  # type: ignore[arg-type]


def _committee_name_matches(value: str):
    return func.lower(Committee.name).contains(value.lower(), autoescape=True)


def conditions(filters: ExportFilters) -> list:
    """The SQL conditions of ``filters`` on ``Person`` and ``Role``.

    ``has_email`` and ``has_phone`` are checked on each row instead (an email
    must also be well formed to count), see :meth:`OfficialsExport.officials`.
    """
    where: list = []
    if filters.state:
        where.append(Role.jurisdiction_abbr == filters.state)
    if filters.office:
        where.append(Role.office == filters.office)
    if filters.chamber:
        where.append(Role.chamber == filters.chamber)
    if filters.district:
        where.append(func.lower(Role.district) == filters.district.strip().lower())
    if filters.party:
        where.append(Person.party.in_(filters.parties))
    if filters.committee:
        if filters.committee_exact:
            committees = CommitteeMembership.committee_id == filters.committee
        else:
            committees = CommitteeMembership.committee_id.in_(
                select(Committee.id).where(_committee_name_matches(filters.committee))
            )
        where.append(exists().where(CommitteeMembership.person_id == Person.id, committees))
    if filters.status:
        if filters.status == NO_RECORD:
            where.append(Role.jurisdiction_abbr.not_in(filters.status_states))
        else:
            where.append(Role.jurisdiction_abbr.in_(filters.status_states))
    return where


# --------------------------------------------------------------------------- rows


def main_email(person) -> str | None:
    """The official's email when it looks deliverable, else None."""
    return _valid_email(person.email)


def main_phone(person) -> str | None:
    """The first phone of the official's offices, as published, or None."""
    phones = person.phones
    return phones[0] if phones else None


def first_office(person, kinds: tuple[str, ...]):
    """The first contact office of the first of ``kinds`` the official has, or None."""
    for kind in kinds:
        for office in person.offices:
            if (office.kind or "").lower() == kind:
                return office
    return None


#: A plain http(s) URL (no spaces, a simple host): what safe_url keeps as it is.
_PLAIN_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#]\S*)?$", re.IGNORECASE)


def link(raw: str | None) -> str | None:
    """:func:`outreach.directory.labels.safe_url`, fast for the plain URLs most rows hold."""
    if raw:
        value = raw.strip()
        if len(value) <= 2000 and _PLAIN_URL.match(value):
            return value
    return safe_url(raw)


def source_id(person) -> str:
    return person.bioguide_id or person.ocd_person_id or person.source_id


def export_row(person, as_of: date | None) -> dict[str, object]:
    """The exported fields of one official: text, or None when missing; dates; the id."""
    role = person.role
    capitol = first_office(person, CAPITOL_KINDS)
    district_office = first_office(person, DISTRICT_KINDS)
    cap = vcard.split_address(capitol) if capitol else ("", "", "", "")
    dis = vcard.split_address(district_office) if district_office else ("", "", "", "")
    phone = main_phone(person)
    row: dict[str, object] = {
        "id": person.id,
        "name": person.name,
        "given_name": person.given_name,
        "middle_name": person.middle_name,
        "family_name": person.family_name,
        "suffix": person.suffix,
        "office": role.office if role else None,
        "office_label": office_label(role) if role else None,
        "state": role.jurisdiction_abbr if role else None,
        "district": role.district if role else None,
        "chamber": role.chamber if role else None,
        "party": party_name(person.party),
        "email": main_email(person),
        "phone": format_phone(phone) if phone else None,
        "capitol_street": cap[0],
        "capitol_city": cap[1],
        "capitol_state": cap[2],
        "capitol_zip": cap[3],
        "district_office_street": dis[0],
        "district_office_city": dis[1],
        "district_office_state": dis[2],
        "district_office_zip": dis[3],
        "contact_form": link(person.contact_form_url),
        "website": link(person.website_url),
        "source_id": source_id(person),
        "term_end": role.end_date if role else None,
        "as_of": as_of,
    }
    # One vocabulary for "missing": None (an empty CSV cell, JSON null).
    return {key: (None if value == "" else value) for key, value in row.items()}


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

    def _query(self):
        people, roles = Person.__table__, Role.__table__
        rank = case(OFFICE_ORDER, value=roles.c.office, else_=len(OFFICE_ORDER))
        return (
            select(
                *(people.c[name] for name in PERSON_COLUMNS),
                *(roles.c[name] for name in ROLE_COLUMNS),
            )
            .join_from(roles, people, roles.c.person_id == people.c.id)
            .where(*conditions(self.filters))
            .order_by(roles.c.jurisdiction_abbr, rank, people.c.sort_name, people.c.id)
        )

    def officials(self) -> Iterator[OfficialView]:
        """The matching officials by state, office and name, each with their offices."""
        self.count = 0
        split = len(PERSON_COLUMNS)
        offices = ContactOffice.__table__
        result = self.session.execute(
            self._query(), execution_options={"yield_per": self.batch_size}
        )
        seen: set[int] = set()
        try:
            for rows in result.partitions():
                batch: dict[int, OfficialView] = {}
                for row in rows:
                    values = tuple(row)
                    if values[0] in seen or values[0] in batch:
                        continue  # a second role (the directory keeps one; the first counts)
                    person = OfficialView(*values[:split])
                    person.roles.append(RoleView(*values[split:]))
                    batch[person.id] = person
                if not batch:
                    continue
                office_rows = self.session.execute(
                    select(offices.c.person_id, *(offices.c[n] for n in OFFICE_COLUMNS))
                    .where(offices.c.person_id.in_(list(batch)))
                    .order_by(offices.c.person_id, offices.c.position, offices.c.id)
                )
                for person_id, *values in office_rows:
                    batch[person_id].offices.append(OfficeView(*values))
                for person in batch.values():
                    seen.add(person.id)
                    if not self._keep(person):
                        continue
                    self.count += 1
                    yield person
        finally:
            result.close()

    def _keep(self, person: OfficialView) -> bool:
        if self.filters.has_email is not None:
            if (main_email(person) is not None) != self.filters.has_email:
                return False
        if self.filters.has_phone is not None:
            if (main_phone(person) is not None) != self.filters.has_phone:
                return False
        return True

    def rows(self) -> Iterator[dict[str, object]]:
        """:func:`export_row` of each matching official."""
        for person in self.officials():
            yield export_row(person, self.as_of)

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
    text = xlsx_value(value)
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
    people: Iterable, as_of: date | None, cards_per_chunk: int = 100
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
