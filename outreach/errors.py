"""Error pages for people and JSON errors for the API."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from .extensions import db


def wants_json() -> bool:
    """API paths always answer JSON; so do clients that only accept JSON."""
    return request.path.startswith("/api/")


def api_error(status: int, code: str, message: str, **extra):
    """A JSON error body: ``{"error": {"code": ..., "message": ...}}``."""
    body = {"error": {"code": code, "message": message, **extra}}
    return jsonify(body), status


def init_app(app: Flask) -> None:
    """Register the handlers for HTTP errors and unexpected exceptions."""

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):
        status = error.code or 500
        if wants_json():
            code = (error.name or "error").lower().replace(" ", "_")
            return api_error(status, code, error.description or error.name)
        template = "errors/404.html" if status == 404 else "errors/error.html"
        return render_template(template, error=error, status=status), status

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        if isinstance(error, HTTPException):  # pragma: no cover - handled above
            return handle_http(error)
        db.session.rollback()
        app.logger.exception("Unhandled error on %s", request.path)
        if wants_json():
            return api_error(500, "internal_error", "Something went wrong on our side.")
        return render_template("errors/error.html", error=None, status=500), 500
