"""The queue of evaluations sent from the public rubric, on the ``organizers`` blueprint.

Each report can be opened in the organizers' evaluator, filled in from the
sender's answers, and saved as a bill (which takes it out of the queue), or
dismissed. Imported by :mod:`outreach.organizers.views.dashboard`, which owns
the blueprint and its sign-in check.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from outreach.campaign import editor_data, evaluation_reports
from outreach.campaign.public_rubric import CHOICES
from outreach.extensions import db
from outreach.organizers.forms import ConfirmForm
from outreach.organizers.views.dashboard import _organizer, bp


@bp.get("/evaluations", endpoint="evaluation_reports")
def queue() -> ResponseReturnValue:
    """Open evaluations from the public, newest first."""
    reports = evaluation_reports.queue(db.session)
    return render_template(
        "organizers/evaluation_reports.html",
        reports=[
            (r, evaluation_reports.ratings_of(r), evaluation_reports.report_score(r))
            for r in reports
        ],
        criteria=editor_data.rubric(db.session),
        choices=CHOICES,
        dismiss_form=ConfirmForm(formdata=None),
    )


@bp.post("/evaluations/<int:report_id>/dismiss", endpoint="evaluation_dismiss")
def dismiss(report_id: int) -> ResponseReturnValue:
    """Take an evaluation out of the queue without saving it."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        evaluation_reports.close(
            db.session, report_id, status="dismissed", actor=_organizer().email
        )
    except evaluation_reports.ReportError as error:
        abort(404, description=str(error))
    db.session.commit()
    flash("Dismissed the evaluation.", "success")
    return redirect(url_for(".evaluation_reports"))
