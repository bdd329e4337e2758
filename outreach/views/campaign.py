"""Blueprint `campaign`."""

from flask import Blueprint

bp = Blueprint("campaign", __name__)
