"""Helpers of the export tests: run an export, read its files, a small directory."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import openpyxl
import vobject

from outreach.directory.export_filters import parse_filters
from outreach.directory.exports import OfficialsExport
from outreach.models import ContactOffice
from tests.factories import make_committee, make_person, make_record, make_sync


def today() -> date:
    """The day of a sync made now (the directory's as-of date in these tests)."""
    return datetime.now(UTC).date()


def run(session, fmt: str, **filters) -> bytes:
    job = OfficialsExport(session, parse_filters(session, filters))
    return b"".join(job.chunks(fmt))


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 byte-order mark"
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def xlsx_rows(data: bytes) -> tuple[list, list[dict]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def vcards(data: bytes) -> list:
    return list(vobject.readComponents(data.decode("utf-8")))


def names(session, **filters) -> list[str]:
    return sorted(row["name"] for row in csv_rows(run(session, "csv", **filters)))


def export_directory(session):
    """A small directory: three states, each kind of office, committees, records."""
    make_sync(session)
    people = {
        "ana": make_person(
            session,
            name="Ana Alvarez",
            office="state_senator",
            state="TX",
            district="6",
            party="Democratic",
            email="ana@senate.texas.gov",
            phone=None,
            address=None,
            end_date=date(2027, 1, 12),
        ),
        "bo": make_person(
            session,
            name="Bo Brown",
            office="state_representative",
            state="TX",
            district="21A",
            party="Republican",
            email=None,
            phone=None,
            address=None,
        ),
        "cy": make_person(
            session,
            name="Cy Chen",
            office="us_senator",
            state="CA",
            district=None,
            party="Democrat",
            email=None,
            phone="202-224-3553",
            contact_form_url="https://chen.senate.gov/contact",
            website_url="https://chen.senate.gov",
        ),
        "di": make_person(
            session,
            name="Di Diaz",
            office="governor",
            state="CO",
            district=None,
            party="Democratic",
            email="not an email",
            phone="303-866-2471",
            end_date=date(2020, 1, 1),
        ),
        "ed": make_person(
            session,
            name="Ed Evans",
            office="state_legislator",
            state="NE",
            district="12",
            party="Nonpartisan",
            email="ed@leg.ne.gov",
            phone="402-471-2612",
        ),
    }
    people["cy"].role.chamber = "upper"  # as the importer stores members of Congress
    ana = people["ana"]
    ana.middle_name = "B."
    ana.suffix = "Jr."
    ana.offices.append(
        ContactOffice(
            position=0,
            kind="capitol",
            address="Room 1E.9, Capitol Station, Austin, TX 78711",
            street="Room 1E.9, Capitol Station",
            city="Austin",
            state="TX",
            zip="78711",
            phone="512-463-0106",
            fax="512-463-0000",
        )
    )
    ana.offices.append(
        ContactOffice(
            position=1,
            kind="district",
            street="4450 Harrisburg Suite 436",
            city="Houston",
            state="TX",
            zip="07011",
            phone="713-555-0199",
        )
    )
    make_committee(session, "Criminal Justice", "TX", [(ana, "chair"), (people["bo"], "member")])
    make_committee(session, "Business & Commerce", "TX", [(people["bo"], "member")])
    make_record(session, "CO", status="enacted")
    make_record(session, "TX", status="pending")
    session.commit()
    return people
