"""Blueprint `main`: the home page with the lookup form."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from outreach.directory.forms import LookupForm

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    """The lookup form, a short introduction and the list of states."""
    form = LookupForm(request.args) if request.args else LookupForm(formdata=None)
    return render_template("index.html", form=form)
