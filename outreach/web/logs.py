"""Logging for the app: one line per event, JSON by default, for a log collector.

:func:`init_app` gives the ``outreach`` logger (every module logs under it with
``logging.getLogger(__name__)``) a handler that writes to standard error, as
JSON objects (``OUTREACH_LOG_FORMAT=json``, the default) or as plain text
(``text``, easier to read in a terminal). Fields passed with ``extra=`` become
keys of the JSON object. Records still propagate to the root logger, so a
host's own logging (or pytest's ``caplog``) sees them too.
"""

from __future__ import annotations

import logging
import sys

from flask import Flask
from pythonjsonlogger.json import JsonFormatter

#: The logger every module of the package logs under.
LOGGER = "outreach"
FORMATS = ("json", "text")
_TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_JSON_FIELDS = ("levelname", "name", "message")


class _AppHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler this module installs, told apart from any other on the logger."""


def make_formatter(kind: str) -> logging.Formatter:
    """The formatter for ``kind`` (``json`` or ``text``)."""
    if kind == "text":
        return logging.Formatter(_TEXT)
    # ``time`` is ISO 8601 in UTC, as collectors expect.
    return JsonFormatter(
        _JSON_FIELDS, timestamp="time", rename_fields={"levelname": "level", "name": "logger"}
    )


def init_app(app: Flask) -> None:
    """Install the ``outreach`` logger's handler at ``LOG_LEVEL`` in ``LOG_FORMAT``.

    Creating a second app in one process (the tests do) replaces the handler
    rather than adding another, so no line is written twice.
    """
    kind = app.config["LOG_FORMAT"]
    if kind not in FORMATS:
        raise RuntimeError(f"OUTREACH_LOG_FORMAT must be one of {'/'.join(FORMATS)}: {kind!r}")
    level = logging.getLevelName(app.config["LOG_LEVEL"].upper())
    if not isinstance(level, int):
        raise RuntimeError(f"OUTREACH_LOG_LEVEL {app.config['LOG_LEVEL']!r} is not a level name")
    logger = logging.getLogger(LOGGER)
    for old in [h for h in logger.handlers if isinstance(h, _AppHandler)]:
        logger.removeHandler(old)
    handler = _AppHandler(sys.stderr)
    handler.setFormatter(make_formatter(kind))
    logger.addHandler(handler)
    logger.setLevel(level)
