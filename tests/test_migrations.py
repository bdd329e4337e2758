"""The migrations build exactly the schema the models describe, on every database."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from outreach import create_app
from outreach.extensions import db
from tests.conftest import make_config


@pytest.fixture
def bare_app(empty_database_url):
    """An app whose database has no tables yet (no create_all)."""
    app = create_app(make_config(empty_database_url))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_upgrade_matches_the_models(bare_app):
    upgrade()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_downgrade_removes_every_table(bare_app):
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
