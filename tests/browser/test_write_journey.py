"""Journey: a ZIP code on the home page → the officials → write to one → email link and PDF.

Runs in the OS's Chromium against the live server (see ``conftest.py``). Who represents
the ZIP code is read from the database, so the test follows the mirror's data.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page, expect
from pypdf import PdfReader

SENDER = {
    "Your name": "Rosalind Quillfeather",
    "Your email address": "rosalind@example.org",
    "Street address": "1437 Bannock Street",
    "City or town": "Denver",
}
ADDED_SENTENCE = "My cousin waited four years for a hearing that never came."


def decode_mailto(href: str) -> tuple[str, dict[str, str]]:
    """``mailto:to?subject=…&body=…`` as (address, {field: text}), per RFC 6068."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    fields = {}
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        fields[unquote(name)] = unquote(value)
    return unquote(parts.path), fields


def one_line(text: str) -> str:
    return " ".join(text.split())


def section(page: Page, heading_id: str):
    return page.locator(f"section[aria-labelledby='{heading_id}']")


def test_zip_lookup_lists_the_officials_of_the_zip_code(tab, directory):
    page = tab.page
    page.goto("/")
    page.get_by_label("ZIP code", exact=True).fill(directory.zip_code)
    page.get_by_role("button", name="Find my officials").click()

    expect(page).to_have_url(re.compile(rf"/lookup\?zip={directory.zip_code}(&|$)"))
    expect(page.locator("h1")).to_contain_text("Who represents")
    expect(page.locator(".page-header__sub")).to_contain_text(directory.state_name)
    federal = section(page, "federal-title").locator(".official__name")
    expected_federal = {o.name for o in (*directory.senators, *directory.representatives)}
    assert len(directory.senators) == 2
    assert len(directory.representatives) == 1
    assert set(federal.all_inner_texts()) == expected_federal
    state = section(page, "state-title").locator(".official__name")
    assert set(state.all_inner_texts()) == {o.name for o in directory.statewide}
    # State legislators need an address or the districts: the page asks, and never guesses.
    expect(page.get_by_role("heading", name="Find your state legislators")).to_be_visible()
    tab.log.assert_clean()


def test_write_an_email_then_a_printed_letter(tab, directory, tmp_path: Path):
    official = directory.email_official
    page = tab.page
    page.goto(f"/lookup?zip={directory.zip_code}")
    page.get_by_role("link", name=f"Write to {official.name}", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/write/{official.id}\?zip={directory.zip_code}"))
    expect(page.locator("h1")).to_have_text(official.name)
    expect(page.get_by_label("ZIP code")).to_have_value(directory.zip_code)
    email_channel = page.locator("input[name='channel'][value='email']")
    expect(email_channel).to_be_checked()  # the channel offered first
    for label, value in SENDER.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Prepare my message").click()

    # The email step: a mailto link to the official, with the subject and the body.
    expect(page.get_by_role("heading", name="Send it")).to_be_visible()
    expect(page.locator(".write-to")).to_contain_text(official.email)
    mailto = page.get_by_role("link", name="Open in my email app")
    address, fields = decode_mailto(mailto.get_attribute("href"))
    assert address == official.email
    message = page.get_by_role("textbox", name="Your message", exact=True)
    subject = page.get_by_role("textbox", name="Subject", exact=True).input_value()
    assert subject
    assert fields["subject"] == subject
    assert SENDER["Your name"] in fields["body"]
    assert one_line(fields["body"]) == one_line(message.input_value())

    # write.js keeps the link in step with edits to the message, as they are typed.
    message.press("Control+End")
    message.press_sequentially(f" {ADDED_SENTENCE}")
    expect(mailto).to_have_attribute("href", re.compile(re.escape("four%20years")))
    assert ADDED_SENTENCE in decode_mailto(mailto.get_attribute("href"))[1]["body"]

    # Then the same message as a printed letter, downloaded as a PDF.
    page.locator("input[name='channel'][value='letter']").check()
    page.get_by_role("button", name="Start again from the template").click()
    expect(page.get_by_role("heading", name="Print and mail it")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the letter (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF-")
    text = one_line("\n".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages))
    assert SENDER["Your name"] in text
    assert official.name in text
    assert SENDER["Street address"] in text
    tab.log.assert_clean()
