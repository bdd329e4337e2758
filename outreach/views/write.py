"""Blueprint `write`: write to one's officials."""

from flask import Blueprint

bp = Blueprint("write", __name__)
