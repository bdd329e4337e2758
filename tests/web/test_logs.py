"""The app's log lines: JSON a collector can parse (or text), one handler per process."""

from __future__ import annotations

import json
import logging

import pytest

from outreach import create_app
from outreach.web import logs
from tests.conftest import make_config
from tests.web.test_rate_limits import limited_app


def app_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger(logs.LOGGER).handlers if isinstance(h, logs._AppHandler)]


def test_json_lines_carry_the_extra_fields(tmp_path, capsys):
    create_app(make_config(f"sqlite:///{tmp_path / 'a.sqlite3'}", LOG_FORMAT="json"))
    logging.getLogger("outreach.directory.sync").info(
        "directory sync finished", extra={"officials": 12, "state": "CO"}
    )
    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["message"] == "directory sync finished"
    assert record["level"] == "INFO"
    assert record["logger"] == "outreach.directory.sync"
    assert (record["officials"], record["state"]) == (12, "CO")
    assert record["time"].endswith("+00:00")


def test_text_format_and_level(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    create_app(make_config(url, LOG_FORMAT="text", LOG_LEVEL="warning"))
    log = logging.getLogger("outreach.web.errors")
    log.info("not shown")
    log.warning("shown")
    err = capsys.readouterr().err
    assert "not shown" not in err
    assert "WARNING outreach.web.errors: shown" in err


def test_a_second_app_replaces_the_handler(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    create_app(make_config(url))
    create_app(make_config(url))
    assert len(app_handlers()) == 1


@pytest.mark.parametrize(("setting", "value"), [("LOG_FORMAT", "xml"), ("LOG_LEVEL", "LOUD")])
def test_a_bad_setting_is_refused_at_start(tmp_path, setting, value):
    with pytest.raises(RuntimeError, match=setting.replace("LOG_", "OUTREACH_LOG_")):
        create_app(make_config(f"sqlite:///{tmp_path / 'a.sqlite3'}", **{setting: value}))


def test_a_rate_limit_refusal_is_logged(database_url, caplog):
    with limited_app(database_url, LOOKUP_RATE_LIMIT="1/minute") as app:
        client = app.test_client()
        assert client.get("/api/v1/lookup?zip=95814").status_code == 200
        with caplog.at_level(logging.WARNING, logger="outreach"):
            assert client.get("/api/v1/lookup?zip=95814").status_code == 429
    (record,) = [r for r in caplog.records if r.name == "outreach.web.errors"]
    assert record.getMessage() == "rate limit refused a request"
    assert record.path == "/api/v1/lookup"
    assert record.limit == "1 request per minute"


def test_the_migrations_leave_the_app_loggers_working(empty_database_url, capsys):
    """`flask db upgrade` reads alembic's logging file: it must not silence the app."""
    from flask_migrate import upgrade

    from outreach.extensions import db

    app = create_app(make_config(empty_database_url, LOG_FORMAT="text"))
    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()
    logging.getLogger("outreach.web.errors").warning("still heard")
    assert "WARNING outreach.web.errors: still heard" in capsys.readouterr().err
