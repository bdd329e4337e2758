"""Journey: an organizer signs in (after a wrong password) and downloads the CSV export.

Runs in the OS's Chromium against the live server (see ``conftest.py``), whose database
holds the organizer account created with ``flask organizers create``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from playwright.sync_api import expect

from outreach.directory.export_columns import COLUMNS
from tests.browser.conftest import ORGANIZER_NAME, sign_in


def test_wrong_password_is_refused_with_a_message(tab):
    page = tab.page
    page.goto("/organizers/login")
    with page.expect_response(re.compile(r"/organizers/login")) as answer:
        sign_in(page, password="not the right password")
    assert answer.value.status == 401
    expect(page.get_by_role("alert")).to_have_text("The email address or password is wrong.")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.locator(".org-bar")).to_have_count(0)
    tab.log.allow_error_status(401, answer.value.url)  # Chromium logs the 401 answer
    tab.log.assert_clean()


def test_organizer_signs_in_and_downloads_the_csv_export(tab, directory, tmp_path: Path):
    page = tab.page
    page.goto("/")
    page.get_by_role("link", name="Organizer sign-in").click()
    expect(page).to_have_url(re.compile(r"/organizers/login\?next="))
    expect(page.get_by_role("status")).to_contain_text("sign in", ignore_case=True)
    sign_in(page)

    expect(page).to_have_url(re.compile(r"/organizers/$"))
    expect(page.locator(".org-bar__name")).to_have_text(ORGANIZER_NAME)
    page.get_by_role("link", name="Download the officials directory").click()
    expect(page).to_have_url(re.compile(r"/export$"))
    page.get_by_label("State or territory").select_option(directory.state)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with saved.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert rows, "the export has no rows"
    assert list(rows[0]) == [column.key for column in COLUMNS]
    assert len(rows) == directory.state_people
    assert {row["state"] for row in rows} == {directory.state}
    names = {row["name"] for row in rows}
    assert {o.name for o in (*directory.senators, *directory.statewide)} <= names

    # Signing out is a POST with its CSRF token.
    page.goto("/organizers/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/organizers/login$"))
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")
    tab.log.assert_clean()
