"""Accessibility: axe-core, run in the page, finds nothing serious or critical on any main page.

Every public page is checked at desktop width (1280 px), and so are the write page once a
message is prepared, the lookup form with a mistake, the organizer pages once signed in
and the 404 page. The pages people open most on a phone are checked at 390 px too, where
nothing may stick out sideways (WCAG 1.4.10, reflow). No page may log an error or a CSP
violation either (see ``BrowserLog`` in ``conftest.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, Directory, Tab, sign_in

SERIOUS = frozenset({"serious", "critical"})
AXE = Axe()

#: Each main page, by name: its path, from what the database holds.
PAGES: dict[str, Callable[[Directory], str]] = {
    "home": lambda d: "/",
    "results": lambda d: f"/lookup?zip={d.zip_code}",
    "official": lambda d: f"/officials/{d.senators[0].id}",
    "states": lambda d: "/states",
    "state directory": lambda d: f"/states/{d.state.lower()}/officials",
    "map": lambda d: "/map",
    "state page": lambda d: f"/states/{d.law_state.lower()}",
    "federal": lambda d: "/federal",
    "rubric": lambda d: "/rubric",
    "cases": lambda d: "/cases",
    "cases filtered": lambda d: "/cases?circuit=5th&outcome=granted",
    "case": lambda d: "/cases/collie-v-barron",
    "case map": lambda d: "/cases/map",
    "share": lambda d: "/share",
    "state share": lambda d: f"/share/{d.state.lower()}",
    "write": lambda d: f"/write/{d.email_official.id}?zip={d.zip_code}",
    "write to all": lambda d: f"/write/all?zip={d.zip_code}",
    "export": lambda d: "/export",
    "organizer sign-in": lambda d: "/organizers/login",
    "model policy": lambda d: "/model-policy",
    "evaluate": lambda d: "/evaluate",
    "evaluation": lambda d: (
        "/evaluate?bill=HB+1&" + "&".join(f"c{n}=partial" for n in range(1, 10))
    ),
}
#: The pages people most often open on a phone: from a search, a shared link, a list.
PHONE_PAGES = (
    "home", "results", "official", "state page", "state share", "write", "export", "cases",
    "case", "case map", "model policy", "evaluation",
)  # fmt: skip
#: The elements whose right edge passes the viewport's, widest first.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll("body *"))
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([, box]) => box.width > 0 && box.right > width + 0.5)
    .sort((a, b) => b[1].width - a[1].width)
    .slice(0, 5)
    .map(([el, box]) => {
      const classes = (el.getAttribute("class") || "").trim().split(/\\s+/).filter(Boolean);
      const name = [el.tagName.toLowerCase(), ...classes].join(".");
      return `${name} (right edge at ${Math.round(box.right)} px)`;
    });
}"""


def describe(violations: list[dict]) -> str:
    """One line per violation: rule, impact, help, and the first few elements."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        targets = [" ".join(map(str, node["target"])) for node in nodes[:3]]
        more = f" and {len(nodes) - 3} more" if len(nodes) > 3 else ""
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation.get('helpUrl', '')}\n"
            f"  at {', '.join(targets)}{more}"
        )
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """axe-core reports no serious or critical violation on the page as it is now."""
    results = AXE.run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    assert not violations, (
        f"axe-core {results.response['testEngine']['version']} found serious or critical "
        f"violations on {page.url}:\n{describe(violations)}"
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_desktop_page(tab: Tab, directory: Directory, name: str):
    response = tab.page.goto(PAGES[name](directory))
    assert response.status == 200
    assert_accessible(tab.page)
    tab.log.assert_clean()


@pytest.mark.parametrize("name", PHONE_PAGES)
def test_phone_page(phone_tab: Tab, directory: Directory, name: str):
    page = phone_tab.page
    response = page.goto(PAGES[name](directory))
    assert response.status == 200
    assert page.evaluate("document.documentElement.clientWidth") == PHONE["width"]
    # Nothing wider than the screen: no sideways scrolling on a phone (WCAG 1.4.10, reflow).
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], (
        f"{page.url} is {scroll_width} px wide on a {PHONE['width']} px screen; sticking out: "
        + "; ".join(page.evaluate(OVERFLOWING))
    )
    assert_accessible(page)
    phone_tab.log.assert_clean()


@pytest.mark.parametrize("channel", ["email", "letter"])
def test_prepared_message(tab: Tab, directory: Directory, channel: str):
    page = tab.page
    page.goto(PAGES["write"](directory))
    page.locator(f"input[name='channel'][value='{channel}']").check()
    page.get_by_label("Your name", exact=True).fill("Rosalind Quillfeather")
    page.get_by_role("button", name="Prepare my message").click()
    expect(page.locator("#send")).to_be_visible()
    assert_accessible(page)
    tab.log.assert_clean()


def test_lookup_with_a_mistake(tab: Tab):
    page = tab.page
    page.goto("/")
    page.get_by_label("ZIP code", exact=True).fill("123")
    with page.expect_response(re.compile(r"/lookup\?")) as answer:
        page.get_by_role("button", name="Find my officials").click()
    assert answer.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("ZIP code")
    assert_accessible(page)
    tab.log.allow_error_status(400, answer.value.url)
    tab.log.assert_clean()


@pytest.mark.parametrize(
    "path",
    [
        "/organizers/",
        "/organizers/dashboard",
        "/organizers/cases/collie-v-barron",
        "/organizers/evaluations",
    ],
)
def test_organizer_page(tab: Tab, path: str):
    page = tab.page
    page.goto(f"/organizers/login?next={path}")
    sign_in(page)
    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
    expect(page.locator(".org-bar")).to_be_visible()
    assert_accessible(page)
    tab.log.assert_clean()


def test_not_found_page(tab: Tab):
    page = tab.page
    response = page.goto("/no-such-page")
    assert response.status == 404
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    tab.log.allow_error_status(404, response.url)
    tab.log.assert_clean()
