"""Blueprint `reports`: "Report a problem with this information" for each official.

A short form (what is wrong, a note, an optional link); nothing personal is
asked or stored. CSRF-protected like every form, and rate-limited per client
address (``REPORT_RATE_LIMIT``, default 10 an hour, from ``config.py``).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import (  # type: ignore[attr-defined]  # types-WTForms lacks it
    SelectChoice,
)
from wtforms.validators import URL, DataRequired, Length, Optional

from outreach.directory import checks, lookup, problem_reports
from outreach.extensions import db, limiter
from outreach.models import REPORT_KINDS

bp = Blueprint("reports", __name__)


def _report_limit() -> str:
    limit: str = current_app.config["REPORT_RATE_LIMIT"]
    return limit


class ReportForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """What is wrong with an official's information."""

    kind = RadioField(
        "What is wrong?",
        choices=[SelectChoice(k, v) for k, v in REPORT_KINDS.items()],
        validators=[DataRequired(message="Choose what is wrong.")],
    )
    note = TextAreaField(
        "What should it say?",
        description="A sentence or two. Please do not include anything about yourself.",
        validators=[
            Length(
                max=problem_reports.MAX_NOTE,
                message=f"At most {problem_reports.MAX_NOTE} characters.",
            )
        ],
    )
    link = StringField(
        "A link that shows it (optional)",
        description="For example the official's own page or a news story.",
        validators=[
            Optional(),
            Length(max=problem_reports.MAX_LINK),
            URL(require_tld=True, message="Enter a web address starting with https://."),
        ],
    )


@bp.route("/officials/<int:person_id>/report", methods=["GET", "POST"], endpoint="report")
@limiter.limit(_report_limit, methods=["POST"], scope="reports")
def report(person_id: int) -> ResponseReturnValue:
    """The form, and what happens when it is sent."""
    person = lookup.get_official(db.session, person_id) if person_id <= checks.MAX_ID else None
    if person is None:
        abort(404, description="We could not find that official.")
    form = ReportForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("officials/report.html", person=person, form=form), 400
        try:
            problem_reports.submit(
                db.session,
                person.id,
                kind=form.kind.data,
                note=form.note.data,
                link=form.link.data,
            )
        except problem_reports.ReportError as error:
            db.session.rollback()
            form.note.errors = [str(error)]
            return render_template("officials/report.html", person=person, form=form), 400
        db.session.commit()
        return render_template("officials/report.html", person=person, form=None, sent=True)
    return render_template("officials/report.html", person=person, form=form)
