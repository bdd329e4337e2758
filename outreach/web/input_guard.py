"""Refuse requests whose path or query string carries a NUL character.

No code, id, ZIP or filter here can contain one, and PostgreSQL rejects NUL in
text, so such a request is answered before it reaches a view: 404 for a path
(it cannot name anything), 400 for a query parameter (JSON
``invalid_parameter`` under ``/api/``).
"""

from __future__ import annotations

from flask import Flask, Response, abort, request

from outreach.web.errors import api_error, wants_json

NUL_MESSAGE = "Remove the control characters: no value here can contain a NUL character."


def has_nul_parameter() -> bool:
    """True when a query parameter's name or value contains NUL."""
    raw = request.query_string
    if b"%00" not in raw and b"\x00" not in raw:
        return False
    return any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True))


def init_app(app: Flask) -> None:
    """Install the check before every request."""

    @app.before_request
    def _refuse_nul() -> tuple[Response, int] | None:
        if "\x00" in request.path:
            abort(404)
        if has_nul_parameter():
            if wants_json():
                return api_error(400, "invalid_parameter", NUL_MESSAGE)
            abort(400, description=NUL_MESSAGE)
        return None
