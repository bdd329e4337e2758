"""Fixtures of the fuzz tests: one seeded site per test module and database.

Building the app and seeding it once per module (not per example) keeps the
suite fast; every database named in ``OUTREACH_TEST_DATABASES`` gets its own.
CSRF and rate limits are off (``make_config``), so that the fuzzing reaches the
forms' own validation rather than stopping at the token or the limiter.
"""

from __future__ import annotations

import pytest
from hypothesis import core as hypothesis_core
from hypothesis.vendor import pretty

from outreach import create_app
from tests.conftest import DATABASES, make_config, new_database
from tests.fuzz.support import EDITOR_EMAIL, ORGANIZER_PASSWORD, Site, build_site, close_site


@pytest.fixture(scope="module", params=DATABASES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The seeded app on a fresh database, for one module; share images in a temporary folder."""
    folder = tmp_path_factory.mktemp("fuzz")
    database = new_database(request, request.param, folder)
    url = next(database)
    app = create_app(make_config(url, SHARE_CACHE_DIR=folder / "share", DIRECTORY_VERSION_TTL=0))
    built = build_site(app)
    yield built
    close_site(built)
    next(database, None)


@pytest.fixture(scope="module")
def organizer_client(site: Site):
    """A test client signed in as an organizer, kept for the whole module."""
    client = site.client()
    response = client.post(
        "/organizers/login", data={"email": EDITOR_EMAIL, "password": ORGANIZER_PASSWORD}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture(autouse=True)
def _print_failing_examples(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Let Hypothesis print the arguments of a failing example again.

    Schemathesis' pytest plugin replaces Hypothesis's printer, for the whole
    session, with one that prints nothing (it speeds up its own explicit
    examples), so a failure would read ``test_lookup_form(query=,)``. The
    real printer is put back for the tests here, but for Schemathesis' own.
    """
    if getattr(request.module, "SCHEMATHESIS_PRINTER", False):
        return
    monkeypatch.setattr(hypothesis_core, "RepresentationPrinter", pretty.RepresentationPrinter)
