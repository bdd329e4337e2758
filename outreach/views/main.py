"""Blueprint `main`."""

from flask import Blueprint

bp = Blueprint("main", __name__)
