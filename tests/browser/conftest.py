"""Fixtures of the browser tests: the OS's Chromium, and one live server per database.

For each database in :data:`tests.conftest.DATABASES` one real HTTP server (werkzeug, in a
thread, on 127.0.0.1 and a free port) serves the application for the whole session, on a
real database holding the officials directory synced from the offline mirror, the
campaign's content and an organizer account, with CSRF protection on. Each test gets a
fresh browser context that lets requests reach that server only (anything else is
aborted, so nothing touches the network) and that records console errors, uncaught page
errors and the requests it blocked, for :meth:`BrowserLog.assert_clean`.

The browser is the operating system's Chromium (Debian package ``chromium``): these tests
never download one, and fail with installation advice when there is none.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Route,
    expect,
    sync_playwright,
)
from sqlalchemy import func, select
from werkzeug.serving import WSGIRequestHandler, make_server

from outreach import create_app
from outreach.extensions import db
from outreach.models import (
    OFFICE_ORDER,
    STATEWIDE_OFFICES,
    Criterion,
    Jurisdiction,
    Person,
    ReformRecord,
    Role,
    ZipDistrict,
)
from tests.conftest import DATABASES, copy_of_mirror, make_config

CHROMIUM_FALLBACK = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
INSTALL_HINT = (
    "Chromium was not found: neither `chromium` on the PATH nor "
    f"{CHROMIUM_FALLBACK}. The browser tests drive the operating system's Chromium and "
    "never download a browser: install it with `bash scripts/install-os-packages.sh` "
    "(Debian package `chromium`)."
)
HOST = "127.0.0.1"
#: Default timeout of every action and navigation, in milliseconds.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

ORGANIZER_EMAIL = "olive@example.org"
ORGANIZER_NAME = "Olive Organizer"
ORGANIZER_PASSWORD = "tangerine bicycle lantern"

#: A ZIP code of the mirror: downtown Denver, one congressional district (CO-1), in a
#: state with statewide officials who list an email address. Who represents it is read
#: from the database (see :class:`Directory`), never written down here.
ZIP_CODE = "80202"

#: How Chromium's console message starts for a request :func:`_keep_local` aborted.
BLOCKED_MESSAGE = "Failed to load resource: net::ERR_BLOCKED_BY_CLIENT"


#: Chromium's console message for an image the Content-Security-Policy refused.
def without_scheme(url: str) -> str:
    """``host/path`` of a URL, unquoted: pages ask for http photo links over https."""
    return unquote(url).split("://", 1)[-1]


def find_chromium() -> str:
    """The OS's Chromium: ``chromium`` on the PATH, else the Debian location; or fail."""
    found = shutil.which("chromium")
    if found:
        return found
    if Path(CHROMIUM_FALLBACK).is_file():
        return CHROMIUM_FALLBACK
    pytest.fail(INSTALL_HINT, pytrace=False)


# ----------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class Official:
    id: int
    name: str
    office: str
    email: str | None = None


@dataclass(frozen=True)
class Directory:
    """What the database says about the test's ZIP code and the campaign: the expectations."""

    zip_code: str
    state: str
    state_name: str
    district: str
    senators: tuple[Official, ...]
    representatives: tuple[Official, ...]
    statewide: tuple[Official, ...]
    #: The first statewide official (in office order) with an email address.
    email_official: Official
    #: A state whose record has a law in force, so its page shows the checklist.
    law_state: str
    law_state_name: str
    #: A state the campaign has no record for.
    quiet_state: str
    quiet_state_name: str
    criteria: tuple[str, ...]
    #: How many officials the directory holds for ``state``.
    state_people: int
    #: Every official's photo URL, unquoted: see :class:`BrowserLog`.
    photo_urls: frozenset[str]


def _officials(session, *conditions) -> tuple[Official, ...]:
    rows = session.execute(
        select(Person.id, Person.name, Role.office, Person.email)
        .join(Role, Role.person_id == Person.id)
        .where(*conditions)
        .order_by(Person.sort_name)
    ).all()
    return tuple(Official(*row) for row in rows)


def read_directory(session) -> Directory:
    """The expectations of the journeys, read from the tables (not through the app's services)."""
    places = session.execute(
        select(ZipDistrict.state_abbr, ZipDistrict.district).where(ZipDistrict.zcta == ZIP_CODE)
    ).all()
    assert len(places) == 1, f"ZIP {ZIP_CODE} should be in one district of the mirror: {places}"
    state, district = places[0]
    statewide = sorted(
        _officials(
            session,
            Role.jurisdiction_abbr == state,
            Role.office.in_([kind.value for kind in STATEWIDE_OFFICES]),
        ),
        key=lambda official: OFFICE_ORDER[official.office],
    )
    with_email = [official for official in statewide if official.email]
    assert with_email, f"no statewide official of {state} lists an email address"
    law_state = session.scalars(
        select(ReformRecord.jurisdiction)
        .where(ReformRecord.status == "enacted")
        .order_by(ReformRecord.jurisdiction)
    ).first()
    assert law_state, "the campaign content has no state with a law in force"
    names = dict(session.execute(select(Jurisdiction.abbr, Jurisdiction.name)).all())
    quiet_state = session.scalars(
        select(Jurisdiction.abbr)
        .where(
            Jurisdiction.kind == "state",
            Jurisdiction.abbr.not_in(select(ReformRecord.jurisdiction)),
        )
        .order_by(Jurisdiction.name)
    ).first()
    assert quiet_state, "every state has a record: pick another page for the table link"
    state_people = session.scalar(
        select(func.count(func.distinct(Role.person_id))).where(Role.jurisdiction_abbr == state)
    )
    return Directory(
        zip_code=ZIP_CODE,
        state=state,
        state_name=names[state],
        district=district,
        senators=_officials(session, Role.jurisdiction_abbr == state, Role.office == "us_senator"),
        representatives=_officials(
            session,
            Role.jurisdiction_abbr == state,
            Role.office == "us_representative",
            Role.district == district,
        ),
        statewide=tuple(statewide),
        email_official=with_email[0],
        law_state=law_state,
        law_state_name=names[law_state],
        quiet_state=quiet_state,
        quiet_state_name=names[quiet_state],
        state_people=state_people,
        photo_urls=frozenset(
            without_scheme(url)
            for url in session.scalars(
                select(Person.photo_url).where(Person.photo_url.is_not(None))
            )
        ),
        criteria=tuple(session.scalars(select(Criterion.title).order_by(Criterion.number))),
    )


# ----------------------------------------------------------------------------- the server


@dataclass
class LiveServer:
    """The application served over HTTP on one database."""

    database: str
    url: str
    app: Flask
    directory: Directory


class _Body:
    """A response body whose ``close()`` may be called twice (the second call does nothing)."""

    def __init__(self, inner) -> None:
        self.inner, self.closed = inner, False

    def __iter__(self):
        return iter(self.inner)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if hasattr(self.inner, "close"):
                self.inner.close()


def _closing(app: Flask):
    """The WSGI app, noting each response body in its environ for :class:`_Handler`."""

    def wsgi(environ, start_response):
        body = environ[_Handler.BODY] = _Body(app(environ, start_response))
        return body

    return wsgi


class _Handler(WSGIRequestHandler):
    """Werkzeug's handler, closing the body of a response the browser hung up on.

    The browser drops connections when a test closes its context with a request in
    flight. Werkzeug's ``run_wsgi`` then skips the body's ``close()`` (an error while it
    drains the socket jumps over it), leaving a static file open: a ResourceWarning,
    which the suite's ``filterwarnings = error`` turns into a failure of a later test.
    """

    BODY = "tests.browser.body"

    def connection_dropped(self, error, environ=None) -> None:
        body = (environ or {}).get(self.BODY)
        if body is not None:
            body.close()


def _populate(app: Flask) -> None:
    """Load data the way an operator does, with the CLI, on a copy of the synced mirror."""
    runner = app.test_cli_runner()
    commands = [
        (["content", "load"], None),
        (
            [
                "organizers",
                "create",
                "--email",
                ORGANIZER_EMAIL,
                "--name",
                ORGANIZER_NAME,
                "--password-stdin",
            ],
            f"{ORGANIZER_PASSWORD}\n",
        ),
    ]
    for args, stdin in commands:
        result = runner.invoke(args=args, input=stdin)
        assert result.exit_code == 0, f"flask {' '.join(args)} failed:\n{result.output}"


@pytest.fixture(scope="session", params=DATABASES)
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory, mirror_template
) -> Iterator[LiveServer]:
    """The real application on a real HTTP server, once per database for the whole session.

    Its database is a copy of the mirror synced once for the session (``mirror_template``,
    with ``flask directory sync``), with the campaign's content and an organizer added.
    """
    folder = tmp_path_factory.mktemp(f"browser-{request.param}")
    urls = copy_of_mirror(request, request.param, folder, mirror_template)
    config = make_config(
        next(urls),
        WTF_CSRF_ENABLED=True,
        SHARE_CACHE_DIR=folder / "share",
        INSTANCE_DIR=folder / "instance",
    )
    app = create_app(config)
    _populate(app)
    with app.app_context():
        directory = read_directory(db.session)
        db.session.remove()
    server = make_server(HOST, 0, _closing(app), threaded=True, request_handler=_Handler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(
            database=request.param,
            url=f"http://{HOST}:{server.server_port}",
            app=app,
            directory=directory,
        )
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        next(urls, None)


@pytest.fixture(scope="session")
def directory(live_server: LiveServer) -> Directory:
    return live_server.directory


# ----------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """The OS's Chromium, headless, for the whole session."""
    executable = find_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class BrowserLog:
    """What went wrong in the pages of one browser context.

    Officials' photos are the one exception, narrowly: they are hot-linked from other
    hosts, which this offline test never reaches (:func:`_keep_local` aborts the
    request). Such a failure is forgiven only for a URL that is an official's photo
    in the directory (pages ask for http photo links over https). A Content-Security-
    Policy violation is never forgiven.
    """

    #: Every official's photo URL (unquoted), from :attr:`Directory.photo_urls`.
    photo_urls: frozenset[str] = frozenset()
    #: (message, URL of the page or resource) of each console error not forgiven.
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    #: Requests to other hosts, aborted: (resource type, URL).
    blocked: list[tuple[str, str]] = field(default_factory=list)

    def is_photo(self, url: str) -> bool:
        return without_scheme(url) in self.photo_urls

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        if message.text.startswith(BLOCKED_MESSAGE) and self.is_photo(where):
            return
        self.console_errors.append((message.text, where))

    def on_page_error(self, error) -> None:
        self.page_errors.append(str(error))

    def allow_error_status(self, status: int, url: str) -> None:
        """Forget the console error of a page answered with ``status`` on purpose."""
        expected = f"the server responded with a status of {status}"
        self.console_errors = [
            (text, where)
            for text, where in self.console_errors
            if not (expected in text and where == url)
        ]

    def problems(self) -> list[str]:
        return [
            *(
                f"console error: {text} (at {where or 'unknown'})"
                for text, where in self.console_errors
            ),
            *(f"uncaught error: {text}" for text in self.page_errors),
            *(
                f"request to another host ({kind}): {url}"
                for kind, url in self.blocked
                if not (kind == "image" and self.is_photo(url))
            ),
        ]

    def assert_clean(self) -> None:
        """No console error, no uncaught error, no CSP violation, no request elsewhere."""
        problems = self.problems()
        assert not problems, "the pages reported problems:\n" + "\n".join(problems)


def _keep_local(log: BrowserLog):
    def handle(route: Route) -> None:
        request = route.request
        if urlsplit(request.url).hostname == HOST:
            route.continue_()
            return
        log.blocked.append((request.resource_type, request.url))
        route.abort("blockedbyclient")

    return handle


def open_context(
    browser: Browser, server: LiveServer, *, viewport: dict = DESKTOP, phone: bool = False
) -> tuple[BrowserContext, BrowserLog]:
    """A fresh context on ``server``: only 127.0.0.1 reachable, problems recorded."""
    log = BrowserLog(photo_urls=server.directory.photo_urls)
    context = browser.new_context(
        base_url=server.url,
        viewport=viewport,
        accept_downloads=True,
        is_mobile=phone,
        has_touch=phone,
        locale="en-US",
        timezone_id="America/Denver",
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.route("**/*", _keep_local(log))
    context.on("console", log.on_console)
    context.on("weberror", lambda web_error: log.on_page_error(web_error.error))
    return context, log


@dataclass
class Tab:
    """A page of a fresh context, with the context's problem log."""

    page: Page
    log: BrowserLog
    context: BrowserContext


#: Whether the test's own body failed (set by :func:`pytest_runtest_makereport`).
CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


def _keep_evidence(page: Page, folder: Path) -> None:
    """Save what the browser showed when the test failed, to look at afterwards."""
    try:
        page.screenshot(path=folder / "failure.png", full_page=True)
        (folder / "failure.html").write_text(page.content(), encoding="utf-8")
    except Error as error:
        print(f"No screenshot of the failure: {error}")
    else:
        print(f"The page at failure ({page.url}): {folder / 'failure.png'}, failure.html")


def _open_tab(request, browser, server, folder: Path, **options) -> Iterator[Tab]:
    context, log = open_context(browser, server, **options)
    page = context.new_page()
    try:
        yield Tab(page, log, context)
        if request.node.stash.get(CALL_FAILED, False):
            _keep_evidence(page, folder)
    finally:
        with contextlib.suppress(Error):  # the browser went away: the test reports why
            context.close()


@pytest.fixture
def tab(request, browser: Browser, live_server: LiveServer, tmp_path: Path) -> Iterator[Tab]:
    """A desktop-sized page (1280 px wide) on the live server, in a context of its own."""
    yield from _open_tab(request, browser, live_server, tmp_path)


@pytest.fixture
def phone_tab(request, browser: Browser, live_server: LiveServer, tmp_path: Path) -> Iterator[Tab]:
    """A phone-sized page (390 px wide, touch) on the live server."""
    yield from _open_tab(request, browser, live_server, tmp_path, viewport=PHONE, phone=True)


def sign_in(page: Page, email: str = ORGANIZER_EMAIL, password: str = ORGANIZER_PASSWORD):
    """Fill in and send the organizer sign-in form (the page must show it)."""
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
