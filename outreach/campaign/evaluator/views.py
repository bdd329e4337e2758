"""Blueprint `evaluate`: the rubric for everyone, and sending an evaluation to organizers.

``/evaluate`` is a GET form: the answers are in the address, so the page
works without JavaScript and its link can be shared. Nothing is stored. A link
with values that are not valid answers is shown with the valid ones kept and
the others listed (400). ``/evaluate/report`` sends the evaluation to the
organizers' queue: CSRF-protected, rate-limited per client address
(``REPORT_RATE_LIMIT``), and nothing about the sender is asked or kept.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import URL, Length, Optional

from outreach.campaign import editor_data, evaluation_reports, public_rubric, records
from outreach.extensions import db, limiter

bp = Blueprint("evaluate", __name__)


def _report_limit() -> str:
    limit: str = current_app.config["REPORT_RATE_LIMIT"]
    return limit


class SendForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """What may go with an evaluation to the organizers: a link and a note."""

    link = StringField(
        "A link to the bill (optional)",
        description="The legislature's page for the bill, or its text.",
        validators=[
            Optional(),
            Length(max=evaluation_reports.MAX_LINK),
            URL(require_tld=True, message="Enter a web address starting with https://."),
        ],
    )
    note = TextAreaField(
        "A note for the organizers (optional)",
        description="A sentence or two. Please do not include anything about yourself.",
        validators=[
            Length(
                max=evaluation_reports.MAX_MESSAGE,
                message=f"At most {evaluation_reports.MAX_MESSAGE} characters.",
            )
        ],
    )


def _answers() -> public_rubric.Answers:
    """The answers in the query string (of a GET) or the form (of a POST)."""
    source = request.form if request.method == "POST" else request.args
    return public_rubric.parse_answers(source.to_dict(flat=True))


def _context(answers: public_rubric.Answers) -> dict[str, object]:
    params = answers.params()
    return {
        "answers": answers,
        "criteria": editor_data.rubric(db.session),
        "rubric_loaded": records.get_campaign(db.session) is not None,
        "choices": public_rubric.CHOICES,
        "places": public_rubric.jurisdiction_choices(),
        "params": params,
        "share_url": url_for("evaluate.page", _external=True, **params),
    }


@bp.get("/evaluate", endpoint="page")
def page() -> ResponseReturnValue:
    """The nine questions; with answers, the score, what is missing and a link to share."""
    answers = _answers()
    status = 400 if answers.ignored else 200
    return render_template("campaign/evaluate.html", **_context(answers)), status


@bp.route("/evaluate/report", methods=["GET", "POST"], endpoint="report")
@limiter.limit(_report_limit, methods=["POST"], scope="evaluation-reports")
def report() -> ResponseReturnValue:
    """Send the evaluation in the address (or the form) to the organizers."""
    answers = _answers()
    form = SendForm()
    context = _context(answers)
    if not answers.ratings:
        return render_template("campaign/evaluate_report.html", form=None, **context), 400
    if request.method == "GET":
        status = 400 if answers.ignored else 200
        return render_template("campaign/evaluate_report.html", form=form, **context), status
    if answers.ignored or not form.validate_on_submit():
        return render_template("campaign/evaluate_report.html", form=form, **context), 400
    try:
        evaluation_reports.submit(db.session, answers, link=form.link.data, note=form.note.data)
    except evaluation_reports.ReportError as error:
        db.session.rollback()
        form.note.errors = [str(error)]
        return render_template("campaign/evaluate_report.html", form=form, **context), 400
    db.session.commit()
    return render_template("campaign/evaluate_report.html", form=None, sent=True, **context)
