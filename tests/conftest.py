"""Shared fixtures: an app on a fresh database file, its client and CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from config import Config
from outreach import create_app
from outreach.extensions import db
from tests.pg import PostgresServer
from tests.redis_server import RedisServer

ROOT = Path(__file__).resolve().parent.parent
SHARED_DIRECTORY = ROOT.parent / "shared" / "directory"
#: Every test that uses a database runs once per database named here.
DATABASES = [
    name.strip()
    for name in os.environ.get("OUTREACH_TEST_DATABASES", "sqlite,postgresql").split(",")
    if name.strip()
]


def make_config(database_url: str, **overrides) -> type[Config]:
    """A Config subclass for tests: no geocoder, no CSRF unless asked."""
    attrs = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "GEOCODER_ENABLED": False,
        "DIRECTORY_SOURCE": "",
        "RATELIMIT_ENABLED": False,
        **overrides,
    }
    return type("TestConfig", (Config,), attrs)


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL server for the whole run."""
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server():
    """One throwaway Redis server for the whole run (started on first use)."""
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def new_database(request: pytest.FixtureRequest, kind: str, folder: Path):
    """Yield a URL of a fresh, empty database of ``kind`` (sqlite or postgresql)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'test.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path):
    yield from new_database(request, request.param, tmp_path)


@pytest.fixture
def app(database_url: str, tmp_path: Path):
    """The app on a fresh database, drawing share images into a folder of its own."""
    app = create_app(make_config(database_url, SHARE_CACHE_DIR=tmp_path / "share-images"))
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
