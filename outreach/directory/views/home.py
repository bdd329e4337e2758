"""Blueprint `main`: the home page with the lookup form."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue

from outreach.directory.forms import LookupForm

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    """The lookup form, a short introduction, the latest highlights and the list of states."""
    form = LookupForm(request.args) if request.args else LookupForm(formdata=None)
    # The campaign's newest legislative steps (``app.extensions["highlights"]``).
    highlights = current_app.extensions["highlights"]()
    return render_template("index.html", form=form, highlights=highlights)
