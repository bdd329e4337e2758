"""The organizers' case editor, on the ``organizers`` blueprint: list, write, edit, delete.

Saves through :mod:`outreach.campaign.case_editing` (which validates, writes the
audit entry and bumps the content version) and commits here.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from outreach.campaign import case_editing, cases
from outreach.campaign.edit_checks import EditConflict, EditError, NotFound
from outreach.extensions import db
from outreach.models import Case
from outreach.organizers.case_forms import CaseForm
from outreach.organizers.forms import ConfirmForm
from outreach.organizers.views.dashboard import _organizer, bp


def _form(**kwargs: object) -> CaseForm:
    circuits = [(c.code, c.name) for c in cases.all_circuits(db.session)]
    return CaseForm(circuits=circuits, **kwargs)


@bp.get("/cases")
def cases_list() -> ResponseReturnValue:
    """Every case, by circuit, with a link to edit it or write a new one."""
    return render_template(
        "organizers/cases.html",
        cases=cases.all_cases(db.session),
        circuits=cases.circuit_names(db.session),
    )


def _save(form: CaseForm, case: Case | None) -> tuple[ResponseReturnValue | None, int]:
    """Save a posted form; a redirect when saved, else the status to render the form with."""
    if not form.validate_on_submit():
        return None, 400
    try:
        result = case_editing.save_case(
            db.session,
            case.slug if case else None,
            form.to_data(),
            actor=_organizer(),
            expected=form.stamp.data or None,
        )
    except EditError as error:
        db.session.rollback()
        form.apply_problems(error.problems)
        return None, 409 if isinstance(error, EditConflict) else 400
    db.session.commit()
    if result.changed:
        verb = "Created" if result.action == "create" else "Saved"
        flash(f"{verb} the case. The change is in the audit log.", "success")
    else:
        flash("Nothing changed in the case.", "info")
    return redirect(url_for(".case_edit", slug=result.key)), 302


def _render(form: CaseForm, case: Case | None, status: int) -> ResponseReturnValue:
    form.add_spare_rows()
    return (
        render_template(
            "organizers/case_edit.html",
            form=form,
            case=case,
            delete_form=ConfirmForm(formdata=None),
        ),
        status,
    )


@bp.route("/cases/new", methods=["GET", "POST"])
def case_new() -> ResponseReturnValue:
    """Write a new case."""
    if request.method == "GET":
        form = _form(formdata=None, data={"sources": []})
        form.stamp.data = case_editing.NEW_STAMP
        return _render(form, None, 200)
    form = _form()
    response, status = _save(form, None)
    return response if response is not None else _render(form, None, status)


@bp.route("/cases/<slug>", methods=["GET", "POST"])
def case_edit(slug: str) -> ResponseReturnValue:
    """Edit one case."""
    case = case_editing.get_case(db.session, slug)
    if case is None:
        abort(404, description="There is no case with that name.")
    if request.method == "GET":
        form = _form(formdata=None, data=case_editing.case_snapshot(case))
        form.stamp.data = case_editing.case_stamp(case)
        return _render(form, case, 200)
    form = _form()
    response, status = _save(form, case)
    if response is not None:
        return response
    return _render(form, case_editing.get_case(db.session, slug), status)


@bp.post("/cases/<slug>/delete")
def case_delete(slug: str) -> ResponseReturnValue:
    """Delete a case (the audit log keeps a copy)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        result = case_editing.delete_case(db.session, slug, actor=_organizer())
    except NotFound:
        abort(404, description="There is no case with that name.")
    db.session.commit()
    flash(f"Deleted the case {result.key}.", "success")
    return redirect(url_for(".cases_list"))
