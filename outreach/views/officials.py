"""Blueprint `officials`."""

from flask import Blueprint

bp = Blueprint("officials", __name__)
