"""Shared fixtures: an app on a fresh database file, its client and CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import Config
from outreach import create_app
from outreach.extensions import db

ROOT = Path(__file__).resolve().parent.parent
SHARED_DIRECTORY = ROOT.parent / "shared" / "directory"


def make_config(database_url: str, **overrides) -> type[Config]:
    """A Config subclass for tests: no geocoder, no CSRF unless asked."""
    attrs = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "GEOCODER_ENABLED": False,
        "DIRECTORY_SOURCE": "",
        **overrides,
    }
    return type("TestConfig", (Config,), attrs)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def app(database_url: str):
    app = create_app(make_config(database_url))
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def session(app):
    return db.session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
