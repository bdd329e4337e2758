"""The export page and the file URLs: headers, formats, bad input, rate limit."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import openpyxl
import pytest
import vobject

from outreach import create_app
from outreach.directory.export_columns import COLUMNS
from outreach.extensions import db
from tests.conftest import make_config
from tests.factories import make_person, make_sync

TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "vcf": "text/vcard; charset=utf-8",
    "json": "application/json",
}


@pytest.fixture
def directory(session):
    sync = make_sync(session)
    make_person(session, name="Ana Alvarez", office="state_senator", state="TX", district="6")
    make_person(session, name="Bo Brown", office="state_representative", state="TX", email=None)
    make_person(session, name="Cy Chen", office="governor", state="CA", district=None)
    session.commit()
    return sync


def read(fmt: str, data: bytes) -> list[str]:
    """The names in an exported file, read with the format's own reader."""
    if fmt == "csv":
        return [r["name"] for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))]
    if fmt == "xlsx":
        rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
        return [row[1] for row in rows[1:]]
    if fmt == "vcf":
        return [card.fn.value for card in vobject.readComponents(data.decode())]
    return [o["name"] for o in json.loads(data)["officials"]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "vcf", "json"])
def test_each_format_downloads_as_an_attachment(client, directory, fmt):
    response = client.get(f"/export/officials.{fmt}?state=tx&office=state_senator")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Type"] == TYPES[fmt]
    day = directory.as_of.isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="officials-tx-state_senator-{day}.{fmt}"'
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert read(fmt, response.get_data()) == ["Ana Alvarez"]


def test_whole_directory_without_filters(client, directory):
    response = client.get("/export/officials.csv")
    assert 'filename="officials-all-' in response.headers["Content-Disposition"]
    assert sorted(read("csv", response.get_data())) == ["Ana Alvarez", "Bo Brown", "Cy Chen"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "vcf", "json"])
def test_no_match_is_a_valid_empty_file(client, directory, fmt):
    response = client.get(f"/export/officials.{fmt}?state=WY")
    assert response.status_code == 200
    assert read(fmt, response.get_data()) == []


def test_bad_filters_on_a_file_url_are_a_plain_400(client, directory):
    response = client.get("/export/officials.csv?state=ZZ&has_phone=perhaps&office=state_senator")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Content-Disposition" not in response.headers
    body = response.get_data(as_text=True)
    assert "Unknown state “ZZ”. Valid values: AK, AL" in body
    assert "Unknown has_phone value “perhaps”. Valid values: 1 (yes), 0 (no)." in body
    assert "http://localhost/export?state=ZZ&office=state_senator&has_phone=perhaps" in body


def test_unknown_format_is_404(client, directory):
    assert client.get("/export/officials.pdf").status_code == 404


def test_export_page_documents_every_column(client, directory):
    response = client.get("/export")
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    for column in COLUMNS:
        assert f"<code>{column.key}</code>" in html
        assert column.description in html
    for fmt in ("csv", "xlsx", "vcf", "json"):
        assert f'formaction="/export/officials.{fmt}"' in html
    assert 'action="/export/officials.csv" method="get"' in html
    assert "OWASP" in html
    assert "30 files per minute" in html
    assert '<option value="TX">Texas (TX)</option>' in html
    assert '<option value="Democratic">Democratic</option>' in html
    assert '<option value="no_record">No action recorded</option>' in html


def test_export_page_shows_bad_filters_with_400(client, directory):
    response = client.get("/export?state=ZZ&status=finished&district=12")
    assert response.status_code == 400
    html = unescape(response.get_data(as_text=True))
    assert 'class="error-summary"' in html
    assert "Unknown state “ZZ”" in html
    assert "Valid values: enacted, limited, pending, none, strengthened, no_record." in html
    assert re.search(r'id="f-state"[^>]*aria-invalid="true"', html)
    assert re.search(r'id="f-district"[^>]*value="12"', html)


def test_export_page_keeps_good_filters_selected(client, directory):
    html = client.get("/export?state=tx&office=governor&has_email=0").get_data(as_text=True)
    assert '<option value="TX" selected>' in html
    assert '<option value="governor" selected>' in html
    assert '<option value="0" selected>Only officials without one</option>' in html


def test_footer_links_to_the_export_page(client, directory):
    assert 'href="/export"' in client.get("/").get_data(as_text=True)


@pytest.fixture
def limited_client(database_url):
    app = create_app(make_config(database_url, RATELIMIT_ENABLED=True))
    with app.app_context():
        db.create_all()
        make_sync(db.session)
        db.session.commit()
        yield app.test_client()
        db.session.remove()
        db.engine.dispose()


def test_downloads_are_rate_limited_per_address(limited_client):
    for n in range(30):
        response = limited_client.get(f"/export/officials.{['csv', 'json'][n % 2]}")
        assert response.status_code == 200, n
        response.get_data()
    refused = limited_client.get("/export/officials.vcf")  # the formats share the limit
    assert refused.status_code == 429
    assert refused.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "exports are limited to 30 files per minute" in refused.get_data(as_text=True)
    other = limited_client.get(
        "/export/officials.csv", environ_overrides={"REMOTE_ADDR": "192.0.2.7"}
    )
    assert other.status_code == 200
    other.get_data()
    assert limited_client.get("/export").status_code == 200  # the form is not limited
