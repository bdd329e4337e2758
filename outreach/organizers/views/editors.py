"""The organizers' content editors, on the ``organizers`` blueprint: reform records,
bills, and evaluating a law against the rubric.

Each saves through :mod:`outreach.campaign.editing` (which validates, writes the
audit entry and bumps the content version) and commits here. Imported by
:mod:`outreach.organizers.views.dashboard`, which owns the blueprint and its
sign-in check.
"""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from outreach.campaign import editing as content_editing
from outreach.campaign import editor_data, evaluation_reports, snapshots
from outreach.campaign.edit_checks import EditConflict, EditError, NotFound
from outreach.campaign.records import find_bills, get_bill, normalize_code
from outreach.directory.errors import UnknownJurisdiction
from outreach.extensions import db
from outreach.models import Bill, EvaluationReport
from outreach.organizers.forms import (
    BillForm,
    ConfirmForm,
    CriteriaForm,
    RecordForm,
)
from outreach.organizers.views.dashboard import _organizer, bp

# ----------------------------------------------------------------------------- records


@bp.get("/records")
def records() -> ResponseReturnValue:
    """Every jurisdiction, with its record or a link to write one."""
    return render_template("organizers/records.html", rows=editor_data.record_rows(db.session))


@bp.route("/records/<code>", methods=["GET", "POST"])
def record_edit(code: str) -> ResponseReturnValue:
    """Write or edit one jurisdiction's reform record."""
    try:
        canonical, name, _kind = normalize_code(db.session, code)
    except UnknownJurisdiction:
        abort(404, description="There is no state, territory or city with that code.")
    if canonical != code:
        return redirect(url_for(".record_edit", code=canonical))
    record = editor_data.get_record(db.session, canonical)
    status = 200
    if request.method == "GET":
        data = snapshots.record_snapshot(record) if record else {"sources": []}
        form = RecordForm(formdata=None, data=data)
        form.stamp.data = content_editing.edit_stamp(record)
    else:
        form = RecordForm()
        status = 400
        if form.validate_on_submit():
            try:
                result = content_editing.save_record(
                    db.session,
                    canonical,
                    form.to_data(),
                    actor=_organizer(),
                    expected=form.stamp.data or None,
                )
            except EditError as error:
                db.session.rollback()
                form.apply_problems(error.problems)
                status = 409 if isinstance(error, EditConflict) else 400
            else:
                db.session.commit()
                _flash_saved(result, f"the record of {name}")
                return redirect(url_for(".record_edit", code=canonical))
    form.add_spare_rows()
    record = editor_data.get_record(db.session, canonical)
    return (
        render_template(
            "organizers/record_edit.html",
            form=form,
            code=canonical,
            name=name,
            record=record,
            delete_form=ConfirmForm(formdata=None),
        ),
        status,
    )


@bp.post("/records/<code>/delete")
def record_delete(code: str) -> ResponseReturnValue:
    """Delete a jurisdiction's record (it then shows as "no action recorded")."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        content_editing.delete_record(db.session, code, actor=_organizer())
    except NotFound:
        abort(404, description="That jurisdiction has no record to delete.")
    db.session.commit()
    flash(f"Deleted the record of {code}.", "success")
    return redirect(url_for(".records"))


def _flash_saved(result: content_editing.SaveResult, what: str) -> None:
    if result.changed:
        verb = "Created" if result.action == "create" else "Saved"
        flash(f"{verb} {what}. The change is in the audit log.", "success")
    else:
        flash(f"Nothing changed in {what}.", "info")


# ----------------------------------------------------------------------------- bills


@bp.get("/bills")
def bills() -> ResponseReturnValue:
    """Every bill, newest action first, with its score."""
    return render_template("organizers/bills.html", bills=find_bills(db.session))


def _bill_form(**kwargs: Any) -> BillForm:
    choices = editor_data.jurisdiction_choices(db.session, federal=True)
    return BillForm(jurisdictions=choices, **kwargs)


def _new_bill_form() -> BillForm:
    form = _bill_form(formdata=None)
    form.jurisdiction.data = (request.args.get("jurisdiction") or "").upper()[:8]
    form.load_assessments({n: {"rating": "unknown"} for n in range(1, 10)})
    form.stamp.data = content_editing.NEW_STAMP
    return form


def _save_bill_form(form: BillForm, slug: str | None) -> tuple[ResponseReturnValue | None, int]:
    """Save a posted bill form: a redirect, or the status to show the form again with."""
    if not form.validate_on_submit():
        return None, 400
    try:
        result = content_editing.save_bill(
            db.session,
            form.to_data(),
            actor=_organizer(),
            slug=slug,
            expected=form.stamp.data or None,
        )
    except EditError as error:
        db.session.rollback()
        form.apply_problems(error.problems)
        return None, 409 if isinstance(error, EditConflict) else 400
    db.session.commit()
    _flash_saved(result, f"bill {_bill_row(result).identifier}")
    return redirect(url_for(".bill_edit", slug=result.key)), 302


def _bill_row(result: content_editing.SaveResult) -> Bill:
    """The bill a bill edit saved (a bill edit's row is always a bill)."""
    assert isinstance(result.row, Bill)
    return result.row


def _render_bill(form: BillForm, bill: Bill | None, status: int) -> ResponseReturnValue:
    evaluation = editor_data.evaluate(form.assessment_data())
    return (
        render_template(
            "organizers/bill_edit.html",
            form=form,
            bill=bill,
            criteria=editor_data.rubric(db.session),
            evaluation=evaluation,
            delete_form=ConfirmForm(formdata=None),
        ),
        status,
    )


@bp.route("/bills/new", methods=["GET", "POST"])
def bill_new() -> ResponseReturnValue:
    """Enter a new bill with its nine criteria."""
    if request.method == "GET":
        return _render_bill(_new_bill_form(), None, 200)
    form = _bill_form()
    response, status = _save_bill_form(form, None)
    return response or _render_bill(form, None, status)


@bp.route("/bills/<slug>", methods=["GET", "POST"])
def bill_edit(slug: str) -> ResponseReturnValue:
    """Edit a bill: its details and its nine criteria."""
    bill = get_bill(db.session, slug)
    if bill is None:
        abort(404, description="There is no bill at this address.")
    if request.method == "GET":
        form = _bill_form(formdata=None)
        form.load(content_editing.bill_data(bill))
        form.stamp.data = content_editing.edit_stamp(bill)
        return _render_bill(form, bill, 200)
    form = _bill_form()
    response, status = _save_bill_form(form, bill.slug)
    return response or _render_bill(form, get_bill(db.session, slug), status)


@bp.post("/bills/<slug>/delete")
def bill_delete(slug: str) -> ResponseReturnValue:
    """Delete a bill and its assessments."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        result = content_editing.delete_bill(db.session, slug, actor=_organizer())
    except NotFound:
        abort(404, description="There is no bill at this address.")
    db.session.commit()
    flash(f"Deleted bill {result.key}.", "success")
    return redirect(url_for(".bills"))


# ----------------------------------------------------------------------------- evaluate


@bp.route("/evaluate", methods=["GET", "POST"])
def evaluate() -> ResponseReturnValue:
    """Score a bill against the nine criteria: preview without saving, or save."""
    slug = request.form.get("bill") if request.method == "POST" else request.args.get("bill")
    bill = get_bill(db.session, slug) if slug else None
    if slug and bill is None:
        abort(404, description="There is no bill with that name to evaluate.")
    status = 200
    evaluation = None
    previewed = False
    report = _evaluation_report()
    if request.method == "GET":
        if bill is None:
            form = _new_bill_form()
            if report is not None:
                form.load(evaluation_reports.prefill(report))
            evaluation = editor_data.evaluate(form.assessment_data())
        else:
            form = CriteriaForm(formdata=None)
            form.load_assessments(content_editing.bill_data(bill)["assessment"])
            form.stamp.data = content_editing.edit_stamp(bill)
            form.bill.data = bill.slug
            evaluation = editor_data.evaluate(form.assessment_data())
    else:
        form = CriteriaForm() if bill else _bill_form()
        status = 400
        if form.validate_on_submit():
            evaluation = editor_data.evaluate(form.assessment_data())
            if request.form.get("action") == "save":
                response, status = _save_evaluation(form, bill, report)
                if response is not None:
                    return response
            else:
                previewed = True
                form.apply_problems(evaluation.problems)
                status = 400 if evaluation.problems else 200
    bill_choices = [
        (b.slug, f"{b.jurisdiction} {b.identifier} — {b.title}") for b, _ in find_bills(db.session)
    ]
    return (
        render_template(
            "organizers/evaluate.html",
            form=form,
            bill=bill,
            bill_choices=bill_choices,
            criteria=editor_data.rubric(db.session),
            evaluation=evaluation,
            previewed=previewed,
            report=report if bill is None else None,
        ),
        status,
    )


def _evaluation_report() -> EvaluationReport | None:
    """The public evaluation being opened (``?report=`` or the form's ``report``), if any."""
    raw = request.form.get("report") if request.method == "POST" else request.args.get("report")
    if not raw:
        return None
    try:
        return evaluation_reports.get_open(db.session, int(raw[:10]))
    except (ValueError, evaluation_reports.ReportError):
        abort(404, description="That evaluation is not in the queue any more.")


def _save_evaluation(
    form: CriteriaForm, bill: Bill | None, report: EvaluationReport | None = None
) -> tuple[ResponseReturnValue | None, int]:
    if bill is None:
        data = form.to_data()
    else:
        data = content_editing.bill_data(bill)
        data["assessment"] = form.assessment_data()
    try:
        result = content_editing.save_bill(
            db.session,
            data,
            actor=_organizer(),
            slug=bill.slug if bill else None,
            expected=form.stamp.data or None,
        )
    except EditError as error:
        db.session.rollback()
        form.apply_problems(error.problems)
        return None, 409 if isinstance(error, EditConflict) else 400
    if report is not None and bill is None:
        evaluation_reports.close(
            db.session, report.id, status="saved", actor=_organizer().email, bill_slug=result.key
        )
    db.session.commit()
    score = editor_data.evaluate(form.assessment_data()).score
    what = f"the evaluation of {_bill_row(result).identifier}"
    if score is not None and result.changed:
        what += f" (score {score.label})"
    _flash_saved(result, what)
    return redirect(url_for(".evaluate", bill=result.key)), 302
