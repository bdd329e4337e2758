"""The seeded site the fuzz tests hit, and the checks every response must pass.

A :class:`Site` is one app on one fresh database (SQLite or PostgreSQL),
seeded once per test module with a small directory (California, Wyoming,
Nevada, Colorado) and the campaign content (Colorado, Iowa, New York, New
York City, federal bills), so that requests get past "not found" into the
code that reads the input. Requests run without an outer application
context, as in production: each gets its own context, session and ``g``.

An unexpected exception is turned into a 500 page by the app's error handler
and logged; :class:`Site` keeps the logged tracebacks so that a failing
example shows where the error came from, not just the status.
"""

from __future__ import annotations

import json
import logging
import os
import traceback
from dataclasses import dataclass, field

import pytest
from flask import Flask
from hypothesis import HealthCheck, Phase, event, settings

from outreach.campaign import case_content
from outreach.extensions import db
from outreach.organizers import accounts
from tests.api.helpers import build_directory
from tests.campaign.test_campaign_pages import build_campaign
from tests.factories import make_person, make_sync, make_zip

ORGANIZER_EMAIL = "fuzz@example.org"
ORGANIZER_PASSWORD = "correct horse battery staple"
#: A second organizer for the signed-in client: the sign-in fuzzing may lock the first out.
EDITOR_EMAIL = "editor@example.org"
#: A third one, only ever signed in with the right password (so never locked out).
SIGN_IN_EMAIL = "sign-in@example.org"
#: The seed's officials have the ids 1 to OFFICIALS (a fresh database numbers from 1).
OFFICIALS = 15
#: Ids past the ``INTEGER`` column (2**31), past 64 bits, and around them.
EDGE_IDS = (0, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**30)
#: Answers any endpoint may give to hostile input (with a message, checked below): refused
#: as bad (400) or too large (413).
REFUSALS = frozenset({400, 413})
#: Markers of a message a person can read on an HTML error page or a refused form.
HTML_MESSAGES = ('role="alert"', 'class="field__error"', "notice--error", 'class="lede"')


#: Put on every fuzz module: a failing example with a long value (70,000 characters) would
#: otherwise be reported as Hypothesis's warning about its long repr, not as the failure.
LONG_REPR = pytest.mark.filterwarnings(
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)


def fuzz_settings(max_examples: int, **overrides) -> settings:
    """Bounded, deterministic Hypothesis settings for one fuzz test.

    ``OUTREACH_FUZZ_EXAMPLES=<n>`` runs ``n`` examples per test instead, with
    fresh random data each run (for a deeper search by hand; CI keeps the
    derandomized default so that every run tries the same inputs).
    """
    deeper = os.environ.get("OUTREACH_FUZZ_EXAMPLES")
    return settings(
        max_examples=int(deeper) if deeper else max_examples,
        deadline=None,
        derandomize=not deeper,
        database=None,
        # The explain phase re-runs a failure under tracing to list the lines only failing
        # examples ran; it doubles a failing run's time and the traceback says as much.
        phases=[phase for phase in Phase if phase is not Phase.explain],
        # The module-scoped app is shared on purpose: building it per example would
        # cost more than the requests. Hypothesis cannot see that it is safe.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        **overrides,
    )


class _Tracebacks(logging.Handler):
    """Keep the tracebacks the app logs (its handler of unexpected errors logs one)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.records.append("".join(traceback.format_exception(*record.exc_info)))
        else:
            self.records.append(record.getMessage())


@dataclass(repr=False)
class Site:
    """A seeded app, the ids of its rows, and the tracebacks it logged."""

    app: Flask
    ids: dict[str, int] = field(default_factory=dict)
    tracebacks: _Tracebacks = field(default_factory=_Tracebacks)

    def __repr__(self) -> str:
        return f"<site on {self.app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}>"

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # Hypothesis's failure report
        printer.text(repr(self))

    def client(self):
        return self.app.test_client()

    def last_traceback(self) -> str:
        return self.tracebacks.records[-1] if self.tracebacks.records else "(nothing logged)"


def seed(session) -> dict[str, int]:
    """The directory, the campaign and its cases, and three organizers; the officials' ids
    by role."""
    people = build_directory(session)
    campaign = build_campaign(session)
    for role in ("chair", "backbencher", "governor"):
        people[f"co_{role}"] = campaign[role]
    make_zip(session, "80202", "CO", "1")
    make_zip(session, "68508", "NE", "1")
    people["ne_leg"] = make_person(
        session, name="Una Cameral", office="state_legislator", state="NE", district="29"
    )
    make_sync(session, counts={"people": 20})
    shipped_cases = case_content.read_cases(case_content.DEFAULT_PATH)
    case_content.load_cases(session, shipped_cases, source="cases.yaml")
    for email in (ORGANIZER_EMAIL, EDITOR_EMAIL, SIGN_IN_EMAIL):
        accounts.create_organizer(session, email=email, name="Fuzz", password=ORGANIZER_PASSWORD)
    session.commit()
    return {role: person.id for role, person in people.items()}


def build_site(app: Flask) -> Site:
    """Create the tables, seed them and start keeping the app's tracebacks."""
    site = Site(app)
    with app.app_context():
        db.create_all()
        site.ids = seed(db.session)
        assert max(site.ids.values()) == OFFICIALS, site.ids
        db.session.remove()
    app.logger.addHandler(site.tracebacks)
    return site


def close_site(site: Site) -> None:
    """Stop keeping tracebacks and drop the tables."""
    site.app.logger.removeHandler(site.tracebacks)
    with site.app.app_context():
        db.session.remove()
        db.engine.dispose()


def _where(response) -> str:
    request = getattr(response, "request", None)
    if request is None:
        return "(request unknown)"
    query = request.environ.get("QUERY_STRING", "")
    path = request.environ.get("PATH_INFO", "")
    return f"{request.method} {path}{'?' + query if query else ''}"


def check(site: Site, response, allowed: set[int] | None = None) -> None:
    """The response is not a server error, has an expected status, and explains itself.

    * never a 5xx (the failure shows the traceback the app logged);
    * a status in ``allowed`` when given, or one of :data:`REFUSALS`;
    * a redirect has a ``Location``;
    * an error (4xx) says what went wrong: JSON ``{"error": {"code", "message"}}``
      on the API, a plain-text line, or an HTML page with a heading and a message.
    """
    status = response.status_code
    body = response.get_data()
    event(f"status {status}")  # see --hypothesis-show-statistics
    if status >= 500:
        raise AssertionError(
            f"{status} on {_where(response)}\n--- traceback logged by the app ---\n"
            f"{site.last_traceback()}"
        )
    if allowed is not None:
        allowed = allowed | REFUSALS
        assert status in allowed, f"{status} on {_where(response)}: {body[:300]!r}"
    if 300 <= status < 400 and status != 304:
        assert response.headers.get("Location"), f"{status} without Location: {_where(response)}"
        return
    if status < 400 or response.request.method == "HEAD":  # HEAD: headers only
        return
    assert body.strip(), f"empty {status} body on {_where(response)}"
    mimetype = response.mimetype
    where = f"{status} on {_where(response)}: {body[:300]!r}"
    if mimetype == "application/json":
        error = json.loads(body)["error"]
        assert isinstance(error["code"], str), where
        assert error["code"], where
        assert isinstance(error["message"], str), where
        assert error["message"].strip(), where
    elif mimetype == "text/html":
        text = body.decode("utf-8")
        assert "<h1" in text, where
        assert any(marker in text for marker in HTML_MESSAGES), where
    else:
        assert mimetype == "text/plain", where
        assert body.decode("utf-8").strip(), where
