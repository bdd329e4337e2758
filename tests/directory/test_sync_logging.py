"""What a directory sync logs: its start, its end with counts, a refusal or a failure."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from outreach.directory import sync as directory_sync
from outreach.directory import sync_guard
from outreach.directory.importers import SyncError
from tests import sources

TODAY = date(2026, 8, 5)
LOGGER = "outreach.directory.sync"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return sources.write_source(tmp_path / "source")


def sync(session, root: Path) -> directory_sync.SyncOutcome:
    return directory_sync.run_sync(session, str(root), shared=None, timeout=5, today=TODAY)


def records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER]


def test_a_sync_logs_its_start_and_its_counts(session, source, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    outcome = sync(session, source)
    started, finished = records(caplog)
    assert started.levelno == logging.INFO
    assert started.getMessage() == "directory sync started"
    assert finished.levelno == logging.INFO
    assert finished.sync_added == outcome.added > 0
    assert finished.sync_updated == outcome.updated
    assert finished.sync_removed == outcome.removed
    assert finished.sync_people == outcome.added
    assert finished.sync_source == started.sync_source


def test_a_failed_sync_logs_an_error_with_its_reason(session, source, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    (source / "us-zipcodes-congress/zccd.csv").write_text("not,a,crosswalk\n", encoding="utf-8")
    with pytest.raises(SyncError):
        sync(session, source)
    failed = records(caplog)[-1]
    assert failed.levelno == logging.ERROR
    assert failed.sync_error == "SyncError"
    assert "zccd.csv" in failed.sync_reason


def test_a_refused_sync_logs_a_warning(session, source, caplog, monkeypatch):
    def refuse(*args: object, **kwargs: object) -> list[str]:
        raise sync_guard.ShrinkRefused("directory", "CA would lose every official")

    monkeypatch.setattr(sync_guard, "check_shrink", refuse)
    caplog.set_level(logging.INFO, logger=LOGGER)
    with pytest.raises(sync_guard.ShrinkRefused):
        sync(session, source)
    refused = records(caplog)[-1]
    assert refused.levelno == logging.WARNING
    assert "CA would lose every official" in refused.sync_reason
