"""Shared fixtures: an app on a fresh database file, its client and CLI runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from config import Config
from outreach import create_app
from outreach.extensions import db
from tests.pg import PostgresServer
from tests.redis_server import RedisServer

ROOT = Path(__file__).resolve().parent.parent
SHARED_DIRECTORY = ROOT.parent / "shared" / "directory"
#: Where the tests on the synced mirror (fixture ``mirror_template``) live: under xdist
#: they run on one worker, which syncs the mirror once per database for the session.
MIRROR_PATHS = (
    "tests/browser/",
    "tests/directory/test_directory_mirror.py",
    "tests/directory/test_contact_forms_mirror.py",
)
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
        # scrypt at 1/32 of the shipped cost: passwords are hashed hundreds of
        # times a run. The timing probes (tests/security) use the shipped cost.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Check that every test on the synced mirror lives where the scheduler groups them."""
    for item in items:
        if "mirror_template" in getattr(item, "fixturenames", ()) and not on_mirror(item.nodeid):
            raise pytest.UsageError(
                f"{item.nodeid} uses the synced mirror: put it under one of {MIRROR_PATHS} "
                "(tests/conftest.py), so that one xdist worker syncs the mirror for all of them"
            )


def on_mirror(nodeid: str) -> bool:
    """Whether the test ``nodeid`` belongs to the synced mirror's group."""
    return nodeid.startswith(MIRROR_PATHS)


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """With ``--dist loadscope``: a module per worker at a time, the mirror's tests together.

    xdist's own ``loadgroup`` cannot group tests under pytest 9 (it renames node ids,
    which pytest 9 computes), so the tests on the synced mirror are grouped by path:
    one worker runs them all and syncs the mirror once per database for the session.
    """
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class MirrorGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "shared-mirror" if on_mirror(nodeid) else nodeid.split("::", 1)[0]

    return MirrorGroupScheduling(config, log)


def template_maker(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    fill: Callable[[str, Path], None],
):
    """Yield ``template(kind)``: the URL of a database of ``kind`` filled once by ``fill``.

    ``fill(url, folder)`` runs the first time a test asks for ``kind``; the
    databases are removed when the session ends. Tests never write to a
    template: they take a copy with :func:`copy_database`.
    """
    if "postgresql" in DATABASES:
        # Asked for now, not on first use, so that pytest stops the server after this.
        request.getfixturevalue("postgres_server")
    made: dict[str, str] = {}
    cleanups: list[Callable[[], None]] = []

    def template(kind: str) -> str:
        if kind in made:
            return made[kind]
        folder = tmp_path_factory.mktemp(f"{name}-{kind}")
        urls = new_database(request, kind, folder)
        url = next(urls)
        cleanups.append(lambda: next(urls, None))
        fill(url, folder)
        made[kind] = url
        return url

    yield template
    for cleanup in reversed(cleanups):
        cleanup()


def _create_tables(url: str, folder: Path) -> None:
    """Create the models' tables in the database at ``url``, then let go of it."""
    app = create_app(make_config(url, SHARE_CACHE_DIR=folder / "share"))
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def schema_template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    """``template(kind)``: the URL of a database of ``kind`` holding the models' tables.

    The tables are created once per database for the session; each test's
    database (fixture ``database_url``) is a copy, which is much cheaper than
    creating and dropping some forty tables around every test.
    """
    yield from template_maker(request, tmp_path_factory, "schema", _create_tables)


def _sync_mirror(url: str, folder: Path) -> None:
    """Create the tables and sync the shared mirror with the CLI, as an operator does."""
    _create_tables(url, folder)
    app = create_app(make_config(url, SHARE_CACHE_DIR=folder / "share"))
    result = app.test_cli_runner().invoke(
        args=["directory", "sync", "--source", str(SHARED_DIRECTORY)]
    )
    assert result.exit_code == 0, f"flask directory sync failed:\n{result.output}"
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # SQLite folds its WAL into the file; PostgreSQL frees it


@pytest.fixture(scope="session")
def mirror_template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    """``template(kind)``: the URL of a database of ``kind`` holding the synced mirror.

    The shared mirror is synced with the CLI once per database for the whole
    session (the first time a test asks); tests take a copy with :func:`copy_of_mirror`.
    """
    if not SHARED_DIRECTORY.is_dir():
        pytest.fail(f"The officials mirror is missing: {SHARED_DIRECTORY}", pytrace=False)
    yield from template_maker(request, tmp_path_factory, "mirror", _sync_mirror)


def copy_database(request: pytest.FixtureRequest, kind: str, folder: Path, source: str):
    """Yield the URL of a fresh copy of the database of ``kind`` at ``source``."""
    if kind == "sqlite":
        path = Path(source.removeprefix("sqlite:///"))
        target = folder / f"copy-of-{path.name}"
        shutil.copyfile(path, target)
        yield f"sqlite:///{target}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_database(template=source)
    yield url
    server.drop_database(url)


def copy_of_mirror(
    request: pytest.FixtureRequest, kind: str, folder: Path, template: Callable[[str], str]
):
    """Yield the URL of a fresh copy of the synced mirror's database of ``kind``."""
    yield from copy_database(request, kind, folder, template(kind))


@pytest.fixture(params=DATABASES)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, schema_template: Callable[[str], str]
):
    """A fresh database of each kind with the models' tables (a copy of the template)."""
    yield from copy_database(request, request.param, tmp_path, schema_template(request.param))


@pytest.fixture(params=DATABASES)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh database of each kind with no tables at all (for the migrations)."""
    yield from new_database(request, request.param, tmp_path)


@pytest.fixture
def app(database_url: str, tmp_path: Path):
    """The app on a fresh database, drawing share images into a folder of its own."""
    app = create_app(make_config(database_url, SHARE_CACHE_DIR=tmp_path / "share-images"))
    with app.app_context():
        yield app
        db.session.remove()
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
