"""Journeys through the campaign pages: the map → a state's page; the share page → a PNG.

Runs in the OS's Chromium against the live server (see ``conftest.py``). The states and
the rubric's criteria expected are read from the database.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect


def test_map_tile_opens_the_state_page_with_its_checklist(tab, directory):
    page = tab.page
    page.goto("/map")
    expect(page.locator("h1")).to_have_text("Where each state stands")
    tile = page.locator(f"svg.tile-map__svg a.tile[data-code='{directory.law_state}']")
    expect(tile).to_have_attribute("aria-label", re.compile(directory.law_state_name))
    tile.click()

    expect(page).to_have_url(re.compile(rf"/states/{directory.law_state.lower()}$"))
    expect(page.locator("h1")).to_have_text(directory.law_state_name)
    checklist = page.locator("section[aria-labelledby='checklist-title']")
    expect(checklist.get_by_role("heading", level=2)).to_have_text(
        "The score, criterion by criterion"
    )
    titles = checklist.locator(".checklist__title")
    expect(titles).to_have_count(len(directory.criteria))
    shown = [re.sub(r"^\d+\.\s*", "", text.strip()) for text in titles.all_inner_texts()]
    assert sorted(shown) == sorted(directory.criteria)
    expect(checklist.locator(".checklist__item").first).to_be_visible()
    tab.log.assert_clean()


def test_map_table_links_to_a_state_without_a_record(tab, directory):
    page = tab.page
    page.goto("/map")
    table = page.get_by_role("table")
    table.get_by_role("link", name=directory.quiet_state_name, exact=True).click()

    expect(page).to_have_url(re.compile(rf"/states/{directory.quiet_state.lower()}$"))
    expect(page.locator("h1")).to_have_text(directory.quiet_state_name)
    expect(page.get_by_text("No action recorded.")).to_be_visible()
    expect(page.locator(".score-panel__value")).to_have_text("0/9")
    tab.log.assert_clean()


def test_share_page_downloads_a_state_png(tab, directory, tmp_path: Path):
    page = tab.page
    page.goto("/share")
    expect(page.locator("h1")).to_have_text("Share the campaign")
    more = page.locator("section[aria-labelledby='more-title']")
    more.get_by_role("link", name=directory.state_name, exact=True).click()

    expect(page).to_have_url(re.compile(rf"/share/{directory.state.lower()}$"))
    expect(page.locator("h1")).to_have_text(f"Share where {directory.state_name} stands")
    first = page.locator(".share-item").first
    shot = first.locator(".share-shot").first
    width, height = (
        int(n) for n in re.findall(r"\d+", shot.locator(".share-shot__label strong").inner_text())
    )
    image = shot.locator("img")
    alt = image.get_attribute("alt")
    assert alt
    assert directory.state_name in alt
    # The alt text is on the page too, to copy with the image.
    expect(first.get_by_label(re.compile("^Alt text"))).to_have_value(alt)
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [width, height]

    with page.expect_download() as download_info:
        shot.get_by_role("link", name=re.compile("^Download PNG")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".png")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with Image.open(saved) as png:
        assert png.format == "PNG"
        assert png.size == (width, height)
        png.verify()
    tab.log.assert_clean()
