"""How old the directory is, asked once per request: for templates and the API.

The app's :class:`~outreach.directory.version.VersionTracker` remembers the
latest sync across requests for a few seconds, so most pages do not query the
database for it at all.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, has_request_context, request
from sqlalchemy.exc import SQLAlchemyError

from outreach.directory.dates import EMPTY as EMPTY_DATES
from outreach.directory.dates import DirectoryDates, dates_for
from outreach.extensions import db

_AS_OF_KEY = "outreach.directory_as_of"


def directory_dates() -> DirectoryDates:
    """The data's own dates per source and the sync date (see :mod:`outreach.directory.dates`)."""
    tracker = current_app.extensions["directory_version"]
    try:
        cache = current_app.extensions.setdefault("directory_dates", {})
        return dates_for(db.session, tracker.current(db.session).sync_id, cache)
    except SQLAlchemyError:
        db.session.rollback()
        return EMPTY_DATES


def directory_as_of() -> date | None:
    """The day of the latest directory sync, asked at most once per request.

    The app's :class:`~outreach.directory.version.VersionTracker`
    remembers it across requests for a few seconds, so most pages do not
    query the database for it at all.
    """
    # Remembered per request (``g`` may outlive one in tests); none outside one.
    environ: dict[str, Any] = request.environ if has_request_context() else {}
    if _AS_OF_KEY not in environ:
        tracker = current_app.extensions["directory_version"]
        try:
            environ[_AS_OF_KEY] = tracker.current(db.session).as_of
        except SQLAlchemyError:
            db.session.rollback()
            environ[_AS_OF_KEY] = None
    as_of: date | None = environ[_AS_OF_KEY]
    return as_of
