"""Health endpoints for load balancers and orchestrators."""

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from outreach.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer as long as the process can serve requests."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Answer 200 when the database answers and the directory is loaded."""
    from outreach.directory import sync as directory_sync  # the importers: not loaded for /healthz

    try:
        db.session.execute(text("SELECT 1"))
        empty = directory_sync.directory_is_empty(db.session)
    except Exception as error:  # any database failure means not ready
        db.session.rollback()
        return jsonify(status="unavailable", database=False, reason=str(error)[:200]), 503
    if empty:
        return jsonify(status="unavailable", database=True, directory=False), 503
    return jsonify(status="ok", database=True, directory=True)
