"""The harness itself: the browser log sees what the journeys must not do.

If these broke, the journeys' ``assert_clean()`` would pass whatever the pages did.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import find_chromium


def test_the_browser_is_the_os_chromium_and_stays_offline(tab, live_server):
    page = tab.page
    # The very Chromium the OS has: the same version as `chromium --version` says.
    reported = subprocess.run(
        [find_chromium(), "--version"], capture_output=True, text=True, timeout=30
    ).stdout
    assert tab.context.browser.version in reported
    # ... and not a browser Playwright downloaded.
    page.goto("chrome://version")
    running = Path(page.locator("#executable_path").inner_text().strip())
    assert running.is_file()
    assert running != Path(tab.context.browser.browser_type.executable_path)
    assert "ms-playwright" not in running.parts
    page.goto("/")
    assert page.url.startswith(live_server.url)
    # Another host is never reached: the request is aborted and recorded.
    page.evaluate(
        """() => new Promise(done => {
            const img = new Image();
            img.onerror = img.onload = () => done();
            img.src = "https://example.org/not-a-photo.png";
        })"""
    )
    assert tab.log.blocked == [("image", "https://example.org/not-a-photo.png")]
    assert any("example.org" in problem for problem in tab.log.problems())


def test_errors_and_csp_violations_are_recorded(tab):
    page = tab.page
    page.goto("/")
    # An inline script: the Content-Security-Policy refuses it, and Chromium says so.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.append(script);
            setTimeout(() => { throw new Error("harness: uncaught"); });
        }"""
    )
    for _ in range(50):  # the reports arrive asynchronously
        problems = "\n".join(tab.log.problems())
        if "Content Security Policy" in problems and "harness: uncaught" in problems:
            break
        page.wait_for_timeout(100)
    assert "Content Security Policy" in problems
    assert "script-src" in problems
    assert "harness: uncaught" in problems
    assert page.evaluate("window.inlineRan") is None


def test_an_officials_photo_offline_is_forgiven(tab, directory):
    page = tab.page
    page.goto(f"/officials/{directory.senators[0].id}")
    expect(page.locator("h1")).to_contain_text(directory.senators[0].name)
    photo = page.locator(".avatar__img").first
    expect(photo).to_have_js_property("complete", True)
    assert photo.evaluate("img => img.naturalWidth") == 0  # never reached: offline
    assert [kind for kind, _ in tab.log.blocked] == ["image"] * len(tab.log.blocked)
    assert tab.log.blocked, "the photo was not even requested"
    tab.log.assert_clean()
