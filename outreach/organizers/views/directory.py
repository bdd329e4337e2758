"""Blueprint `directory_admin`: the organizers' corrections and the problem-report queue.

Behind the organizer sign-in. Every correction is audited like other
organizer edits; a report becomes a correction in one form (pre-filled from
the report) or is dismissed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from pydantic import ValidationError
from sqlalchemy import select
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms
from wtforms.validators import URL, DataRequired, Length, Optional

from outreach.directory import (
    correction_files,
    correction_saving,
    jurisdictions,
    problem_reports,
)
from outreach.extensions import db
from outreach.models import CORRECTION_KINDS, DirectoryCorrection, OfficeKind, Person
from outreach.organizers.forms import ConfirmForm

bp = Blueprint("directory_admin", __name__, url_prefix="/organizers/directory")


@bp.before_request
def require_login() -> ResponseReturnValue | None:
    if not current_user.is_authenticated:
        return redirect(url_for("organizers.login", next=request.path))
    return None


@bp.context_processor
def _organizer_context() -> dict[str, Any]:
    # The organizer area's layout needs what the organizers blueprint gives its pages.
    from outreach.organizers.views.dashboard import _organizer_context as organizer_context

    return organizer_context()


@bp.after_request
def private_headers(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


class CorrectionForm(FlaskForm):  # type: ignore[misc]  # flask_wtf has no type hints
    """A correction, as an organizer types it."""

    kind = SelectField(
        "What to correct", choices=[SelectChoice(k, v) for k, v in CORRECTION_KINDS.items()]
    )
    official_id = IntegerField(
        "Official (the number in the address of their page, /officials/…)",
        validators=[Optional()],
    )
    jurisdiction = SelectField(
        "Jurisdiction (for a missing official)",
        choices=[SelectChoice("", "—")]
        + [SelectChoice(a, i.name) for a, i in sorted(jurisdictions.JURISDICTIONS.items())],
        validators=[Optional()],
    )
    office = SelectField(
        "Office (for a missing official)",
        choices=[SelectChoice("", "—")] + [SelectChoice(k.value, k.label) for k in OfficeKind],
        validators=[Optional()],
    )
    district = StringField(
        "District (for a missing legislator)", validators=[Optional(), Length(max=80)]
    )
    successor_name = StringField(
        "New officeholder's name (replace, add)", validators=[Optional(), Length(max=200)]
    )
    party = StringField("Their party", validators=[Optional(), Length(max=80)])
    start_date = DateField("Took office on", validators=[Optional()])
    end_date = DateField("Term ends (or ended) on", validators=[Optional()])
    office_kind = SelectField(
        "Kind of office",
        choices=[
            SelectChoice("capitol", "Capitol office"),
            SelectChoice("district", "District office"),
            SelectChoice("primary", "Main office"),
        ],
    )
    office_address = StringField(
        "Office address (fix or add an office)", validators=[Optional(), Length(max=400)]
    )
    office_phone = StringField("Office phone", validators=[Optional(), Length(max=40)])
    source = StringField(
        "Source (a link that shows it)",
        validators=[
            DataRequired(message="A correction needs a source link."),
            URL(),
            Length(max=500),
        ],
    )
    made_on = DateField("Date", default=date.today, validators=[DataRequired()])
    note = TextAreaField("Note", validators=[Optional(), Length(max=1000)])


def _item(form: CorrectionForm) -> dict[str, Any]:
    """The form as a correction, ready for validation."""
    person = None
    if form.official_id.data:
        person = (
            db.session.get(Person, form.official_id.data)
            if form.official_id.data < 2**31
            else None
        )
        if person is None:
            raise correction_files.CorrectionError([f"unknown official {form.official_id.data}"])
    role = person.role if person is not None else None
    jurisdiction = role.jurisdiction_abbr if role else form.jurisdiction.data
    office = role.office if role else form.office.data
    if not jurisdiction or not office:
        raise correction_files.CorrectionError(
            ["name the official (their number), or the jurisdiction and the office"]
        )
    item: dict[str, Any] = {
        "key": f"{form.kind.data.replace('_', '-')}-{jurisdiction.lower()}-"
        f"{office.replace('_', '-')}-{date.today():%Y%m%d}-{(person.id if person else 0)}",
        "kind": form.kind.data,
        "jurisdiction": jurisdiction,
        "office": office,
        "district": (role.district if role else form.district.data) or None,
        "person": person.source_id if person else None,
        "person_name": person.name if person else None,
        "source": form.source.data,
        "date": form.made_on.data.isoformat() if form.made_on.data else None,
        "note": form.note.data or None,
    }
    if form.kind.data in ("replace_officeholder", "add_official"):
        item["successor"] = {
            "name": form.successor_name.data,
            "party": form.party.data or None,
            "start_date": form.start_date.data.isoformat() if form.start_date.data else None,
        }
    if form.kind.data in ("end_role", "fix_end_date"):
        item["end_date"] = form.end_date.data.isoformat() if form.end_date.data else None
    if form.kind.data in ("fix_office", "add_office"):
        item["contact_office"] = {
            "kind": form.office_kind.data,
            "address": form.office_address.data or None,
            "phone": form.office_phone.data or None,
        }
    return item


@bp.get("/corrections", endpoint="corrections")
def corrections_list() -> ResponseReturnValue:
    rows = list(
        db.session.scalars(
            select(DirectoryCorrection).order_by(
                DirectoryCorrection.status, DirectoryCorrection.key
            )
        )
    )
    return render_template(
        "organizers/corrections.html", rows=rows, retire_form=ConfirmForm(formdata=None)
    )


@bp.route("/corrections/new", methods=["GET", "POST"], endpoint="correction_new")
def correction_new() -> ResponseReturnValue:
    report_id = request.args.get("report", type=int)
    report = None
    if report_id:
        try:
            report = problem_reports.get_open(db.session, report_id)
        except problem_reports.ReportError as error:
            abort(404, description=str(error))
    form = CorrectionForm()
    if request.method == "GET" and report is not None:
        form.official_id.data = report.person_id
        form.kind.data = {"left_office": "replace_officeholder"}.get(report.kind, "fix_office")
        form.source.data = report.link
        form.note.data = report.note
    elif request.method == "GET" and (official := request.args.get("official", type=int)):
        form.official_id.data = official
    problems: list[str] = []
    if request.method == "POST" and form.validate_on_submit():
        try:
            item = correction_files.CorrectionIn.model_validate(_item(form))
            correction_saving.save_corrections(
                db.session,
                [item],
                origin="organizer",
                actor=current_user.email,
                organizer_id=current_user.id,
            )
            if report is not None:
                problem_reports.close(
                    db.session,
                    report.id,
                    status="corrected",
                    actor=current_user.email,
                    key=item.key,
                )
            db.session.commit()
        except correction_files.CorrectionError as error:
            db.session.rollback()
            problems = error.problems
        except ValidationError as error:
            db.session.rollback()
            problems = [e["msg"].removeprefix("Value error, ") for e in error.errors()]
        else:
            flash(f"Saved the correction {item.key}. It is in the audit log.", "success")
            return redirect(url_for(".corrections"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "organizers/correction_new.html", form=form, report=report, problems=problems
    ), status


@bp.post("/corrections/<key>/retire", endpoint="correction_retire")
def correction_retire(key: str) -> ResponseReturnValue:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        correction_saving.retire(
            db.session, key[:80], actor=current_user.email, organizer_id=current_user.id
        )
    except correction_files.CorrectionError:
        abort(404, description="No such correction.")
    db.session.commit()
    flash(f"Retired the correction {key}. The next sync imports the data as published.", "success")
    return redirect(url_for(".corrections"))


@bp.get("/reports", endpoint="reports")
def reports_queue() -> ResponseReturnValue:
    return render_template(
        "organizers/reports.html",
        groups=problem_reports.queue(db.session),
        dismiss_form=ConfirmForm(formdata=None),
        office_names={k.value: k.label for k in OfficeKind},
    )


@bp.post("/reports/<int:report_id>/dismiss", endpoint="report_dismiss")
def report_dismiss(report_id: int) -> ResponseReturnValue:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        problem_reports.close(db.session, report_id, status="dismissed", actor=current_user.email)
    except problem_reports.ReportError as error:
        abort(404, description=str(error))
    db.session.commit()
    flash("Dismissed the report.", "success")
    return redirect(url_for(".reports"))
