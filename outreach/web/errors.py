"""Error pages for people and JSON errors for the API."""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from outreach.extensions import db, limiter
from outreach.web.rate_limits import describe

log = logging.getLogger(__name__)


def wants_json() -> bool:
    """API paths always answer JSON; so do clients that only accept JSON."""
    return request.path.startswith("/api/")


def api_error(status: int, code: str, message: str, **extra: object) -> tuple[Response, int]:
    """A JSON error body: ``{"error": {"code": ..., "message": ...}}``."""
    body = {"error": {"code": code, "message": message, **extra}}
    response = jsonify(body)
    response.status_code = status
    return response, status


def too_many_requests(error: HTTPException) -> Response:
    """The 429 answer for a breached rate limit, with ``Retry-After``.

    A limit that built its own response (``on_breach``) keeps it; otherwise the
    API gets a JSON error and people an HTML page saying when to come back.
    """
    current = limiter.current_limit
    log.warning(
        "rate limit refused a request",
        extra={
            "path": request.path,
            "endpoint": request.endpoint,
            "limit": describe(current.limit) if current else None,
        },
    )
    prepared = error.response
    if isinstance(prepared, Response):
        return prepared
    retry = max(1, int(current.reset_at - time.time())) if current else 60
    allowed = f" (the limit is {describe(current.limit)})" if current else ""
    message = (
        f"Too many requests from your address in a short time{allowed}. "
        f"Please wait {retry} second{'s' if retry != 1 else ''} and try again."
    )
    if wants_json():
        response, _ = api_error(429, "too_many_requests", message, retry_after=retry)
    else:
        response = Response(
            render_template(
                "errors/error.html",
                error=error,
                status=429,
                heading="Please slow down",
                message=message,
            ),
            429,
        )
    response.headers["Retry-After"] = str(retry)
    return response


def _can_build_urls() -> bool:
    """Whether this request got as far as a URL adapter (a bad ``Host`` stops it before)."""
    from flask.globals import request_ctx

    return request_ctx.url_adapter is not None


def init_app(app: Flask) -> None:
    """Register the handlers for HTTP errors and unexpected exceptions."""

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException) -> Response:
        status = error.code or 500
        if status == 429:
            return too_many_requests(error)
        if not _can_build_urls():  # a Host refused before routing: no page can be drawn
            response = Response(
                f"{status} {error.name}: {error.description or ''}\n",
                status,
                mimetype="text/plain",
            )
        elif wants_json():
            code = (error.name or "error").lower().replace(" ", "_")
            response, _ = api_error(status, code, error.description or error.name)
        else:
            template = "errors/404.html" if status == 404 else "errors/error.html"
            response = Response(render_template(template, error=error, status=status), status)
        # Keep the exception's own headers (Allow on a 405, WWW-Authenticate, ...).
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> ResponseReturnValue:
        if isinstance(error, HTTPException):  # pragma: no cover - handled above
            return handle_http(error)
        db.session.rollback()
        app.logger.exception("Unhandled error on %s", request.path)
        if wants_json():
            return api_error(500, "internal_error", "Something went wrong on our side.")
        return render_template("errors/error.html", error=None, status=500), 500
