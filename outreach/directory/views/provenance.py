"""Which officials a correction touched, asked once per directory version: for the API.

A correction bumps the content version (:func:`outreach.directory.version.bump_version`),
so the list is read again when the version changes and not on every answer.
"""

from __future__ import annotations

from flask import current_app

from outreach.directory import corrections
from outreach.directory.corrections import Applied
from outreach.directory.version import VersionedCache
from outreach.extensions import db

_KEY = "corrected"


def corrected_ids() -> dict[int, Applied]:
    """:func:`outreach.directory.corrections.corrected_ids` at the current version."""
    tracker = current_app.extensions["directory_version"]
    cache: VersionedCache[dict[int, Applied]] = current_app.extensions["corrected_ids"]
    version = tracker.current(db.session).key
    return cache.get_or_make(_KEY, version, lambda: corrections.corrected_ids(db.session))
