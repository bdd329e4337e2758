"""Fixtures of the red-team probes: the app served by a real HTTP server.

The probes attack the app as a stranger would, over HTTP on 127.0.0.1, with
many requests at once: a threaded werkzeug server (one process, a thread per
request) on a fresh database of each kind in :data:`tests.conftest.DATABASES`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from outreach import create_app
from outreach.extensions import db
from tests.conftest import make_config
from tests.factories import make_campaign, make_person, make_record, make_sync, make_zip

HOST = "127.0.0.1"


class QuietHandler(WSGIRequestHandler):
    """No access log on the test's output."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass
class LiveServer:
    """A running server: its app (for set-up in an app context) and its base URL."""

    app: Flask
    url: str


@contextmanager
def serve(app: Flask) -> Iterator[LiveServer]:
    """Serve ``app`` on 127.0.0.1 and a free port, a thread per request, until the block ends."""
    server = make_server(HOST, 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://{HOST}:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def build(database_url: str, tmp_path: Path, **overrides) -> Flask:
    """The app on ``database_url`` with a campaign, a ZIP code and one official
    (its id in ``app.config["OFFICIAL"]``); ``overrides`` go to its config."""
    app = create_app(make_config(database_url, SHARE_CACHE_DIR=tmp_path / "share", **overrides))
    with app.app_context():
        db.create_all()
        make_campaign(db.session)
        make_record(db.session, "CA", "limited")
        make_zip(db.session, "95814", "CA", "7")
        official = make_person(db.session, name="Roger Niello", district="6")
        make_sync(db.session)
        db.session.commit()
        app.config["OFFICIAL"] = official.id
        db.session.remove()
    return app


@pytest.fixture
def site(database_url, tmp_path):
    """:func:`build`'s app on a fresh database of each kind."""
    app = build(database_url, tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live(site):
    """``site`` behind a real threaded server."""
    with serve(site) as server:
        yield server
