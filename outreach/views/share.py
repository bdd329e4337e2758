"""Blueprint `share`."""

from flask import Blueprint

bp = Blueprint("share", __name__)
