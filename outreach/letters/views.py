"""Blueprint `write`: write to one's officials, one at a time or all at once.

``/write/<id>`` prepares a message to one official for the channel chosen
(email, web contact form, phone call, printed letter); the writer edits it
and sends it themselves. ``/write/all`` prepares one for each official of a
ZIP code (and the districts picked on the results page), with one PDF of
letters. Views parse the form, call the letters modules (:mod:`~outreach.letters.situations`,
:mod:`~outreach.letters.drafts`, :mod:`~outreach.letters.sending`,
:mod:`~outreach.letters.write_all`) and
render; everything works without JavaScript.

Nothing the writer types is stored or logged: it only travels in the POST
bodies of these pages. An anonymous count is kept when they confirm ("Mark as
sent", "I called") or download a letter. Responses are ``no-store``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from outreach.campaign.policy.views import public_link
from outreach.campaign.talking_points import (
    TalkingPoint,
    TalkingPointsError,
    load_talking_points,
)
from outreach.directory import checks, corrections, district_picks, errors, lookup
from outreach.directory.district_picks import Picks
from outreach.extensions import db
from outreach.letters import (
    channels,
    compose_links,
    drafts,
    form_guidance,
    own_words,
    sending,
    situations,
    write_all,
)
from outreach.letters import context as letter_context
from outreach.letters import pdf as letter_pdf
from outreach.letters.catalog import LetterCatalog, UnknownTemplate
from outreach.letters.forms import WriteAllForm, WriteForm
from outreach.web import rate_limits

bp = Blueprint("write", __name__)
logger = logging.getLogger(__name__)

ACTIONS = ("prepare", "update", "sent", "called")


@bp.after_request
def _no_store(response: Response) -> Response:
    # The pages carry what the writer typed: no cache may keep them.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _limits() -> dict[str, int]:
    return {
        "story": letter_context.STORY_LIMIT,
        "mailto": compose_links.MAILTO_LIMIT,
        "webmail": compose_links.WEBMAIL_LIMIT,
        "good_share": own_words.GOOD_SHARE,
    }


def _catalog() -> LetterCatalog:
    catalog: LetterCatalog = current_app.extensions["letters"]
    return catalog


def _setting(official_id: int) -> situations.Setting:
    person = lookup.get_official(db.session, official_id) if official_id <= checks.MAX_ID else None
    if (
        person is not None
        and person.role is None
        and corrections.departure_of(db.session, person.id)
    ):
        # Never a letter to someone known to have left: their page names the successor.
        abort(redirect(url_for("officials.detail", person_id=person.id)))
    if person is None or person.role is None:
        abort(
            404,
            description="We could not find that official. They may have left office "
            "since the directory was last updated.",
        )
    return situations.load_setting(
        db.session, person, date.today(), model_policy_url=public_link("policy.model_policy")
    )


def _talking_points() -> list[TalkingPoint]:
    try:
        return load_talking_points()
    except TalkingPointsError as error:
        logger.warning("Talking points not shown: %s", error)
        return []


def _form(setting: situations.Setting, formdata: MultiDict[str, str] | None = None) -> WriteForm:
    reach = channels.reach_for(setting.official)
    return WriteForm(
        formdata,
        channels=reach.channels,
        templates=drafts.template_options(_catalog(), setting.office),
        situation=setting.situation,
    )


def _render_one(
    setting: situations.Setting,
    form: WriteForm,
    prepared: sending.Prepared | None = None,
    counted: str | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    today = date.today()
    channel = form.channel.data
    if channel not in channels.TEMPLATE_CHANNEL:  # an invalid choice: the form says so
        channel = channels.reach_for(setting.official).default_channel
    params = sending.lookup_params(request.args)
    recommended = drafts.choose_template(_catalog(), setting.office, setting.situation, channel)
    html = render_template(
        "write/official.html",
        person=setting.official,
        setting=setting,
        reach=channels.reach_for(setting.official),
        note=situations.situation_note(setting, today),
        recommended=recommended,
        form=form,
        prepared=prepared,
        counted=counted,
        points=_talking_points(),
        params=params,
        limits=_limits(),
        **form_guidance.page_context(setting.official, form),
    )
    return html, status


@bp.get("/write/<int:official_id>", endpoint="official")
@rate_limits.letters
def official(official_id: int) -> ResponseReturnValue:
    """The form: how to reach the official, the writer's details and story."""
    setting = _setting(official_id)
    form = _form(setting)
    form.zip.data = sending.lookup_params(request.args).get("zip", "")
    return _render_one(setting, form)


@bp.post("/write/<int:official_id>", endpoint="prepare")
@rate_limits.letters
def prepare(official_id: int) -> ResponseReturnValue:
    """Prepare the message, refresh it after edits, or count it as sent."""
    setting = _setting(official_id)
    form = _form(setting, request.form)
    action = request.form.get("action", "prepare")
    if action not in ACTIONS:
        action = "prepare"
    if not form.validate():
        return _render_one(setting, form, status=400)
    prepared = _prepared(setting, form, keep_text=action != "prepare")
    if prepared is None:
        return _render_one(setting, form, status=400)
    counted = None
    if action == "sent" and form.channel.data != "letter":
        _count(setting, prepared.draft.template_id, form.channel.data, prepared.edited)
        counted = form.channel.data
    elif action == "called" and prepared.call is not None:
        _count(setting, prepared.call.template_id, "call", False)
        counted = "call"
    form.subject.data, form.body.data = prepared.subject, prepared.body
    return _render_one(setting, form, prepared, counted)


def _prepared(
    setting: situations.Setting, form: WriteForm, *, keep_text: bool
) -> sending.Prepared | None:
    """The prepared message, or None with the error put on the template field."""
    text = (form.subject.data or "", form.body.data or "") if keep_text and form.has_text else None
    known = {point.id for point in _talking_points()}
    chosen = tuple(i for i in dict.fromkeys(form.arguments.data or ()) if i in known)[:5]
    if chosen:
        setting = dataclasses.replace(setting, chosen_arguments=chosen)
    try:
        return sending.prepare(
            _catalog(),
            setting,
            sender=form.sender,
            story=form.story.data or "",
            channel=form.channel.data,
            template_id=form.template.data or None,
            text=text,
            today=date.today(),
            borrowed=[point.text for point in _talking_points()],
        )
    except UnknownTemplate as error:
        abort(404, description=str(error))
    except drafts.TemplateNotForOffice as error:
        form.template.errors = [str(error)]
        return None


def _count(setting: situations.Setting, template_id: str, channel: str, edited: bool) -> None:
    sending.count_action(
        db.session,
        setting,
        template_id=template_id,
        channel=channel,
        edited=edited,
        day=date.today(),
    )
    db.session.commit()


def _download(body: bytes | str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.post("/write/<int:official_id>/letter.<any(pdf, txt):kind>", endpoint="letter")
@rate_limits.letters
def letter(official_id: int, kind: str) -> ResponseReturnValue:
    """The letter as a PDF or as plain text, counted as one letter."""
    setting = _setting(official_id)
    form = _form(setting, request.form)
    if not form.validate():
        return _render_one(setting, form, status=400)
    prepared = _prepared(setting, form, keep_text=True)
    if prepared is None:
        return _render_one(setting, form, status=400)
    _count(setting, prepared.draft.template_id, "letter", prepared.edited)
    name = sending.file_name(setting.official, kind)
    if kind == "pdf":
        body = letter_pdf.letter_pdf([prepared.letter], title=f"Letter to {setting.official.name}")
        return _download(body, "application/pdf", name)
    return _download(letter_pdf.plain_text([prepared.letter]), "text/plain", name)


# --------------------------------------------------------------------------- all officials


def _all_lookup(
    params: dict[str, str], today: date
) -> tuple[
    tuple[lookup.LookupResult, Picks, list[situations.Setting]] | None, ResponseReturnValue | None
]:
    """The lookup result for the all-officials page and the setting of each official it
    covers (at most a printable batch), or an error response."""
    if "zip" not in params:
        return None, _all_error(
            "Write to all your officials starts from your ZIP code: look it up first.", 400
        )
    try:
        result, picks = district_picks.lookup_place(
            db.session,
            zip_code=params["zip"],
            address=None,
            picked=district_picks.picked_districts(params),
            state_param=params.get("state"),
            config=current_app.config,
        )
    except errors.UnknownZip as error:
        return None, _all_error(str(error), 404)
    officials = result.officials[: letter_pdf.MAX_LETTERS]
    settings = situations.load_settings(
        db.session, officials, today, model_policy_url=public_link("policy.model_policy")
    )
    return (result, picks, settings), None


def _all_error(message: str, status: int) -> tuple[str, int]:
    return render_template("write/all_error.html", message=message), status


def _render_all(
    form: WriteAllForm,
    page: write_all.AllPage,
    lookup_result: lookup.LookupResult,
    picks: Picks,
    params: dict[str, str],
    status: int = 200,
) -> ResponseReturnValue:
    return (
        render_template(
            "write/all.html",
            form=form,
            page=page,
            result=lookup_result,
            pick_errors=picks.messages,
            params=params,
            points=_talking_points(),
            max_letters=letter_pdf.MAX_LETTERS,
            channel_labels=channels.CHANNEL_LABELS,
            limits=_limits(),
        ),
        status,
    )


@bp.route("/write/all", methods=["GET", "POST"], endpoint="all")
@rate_limits.letters
def all_officials() -> ResponseReturnValue:
    """One message for each official of the place, each by the channel they offer first."""
    params = sending.lookup_params(request.args)
    today = date.today()
    found, error = _all_lookup(params, today)
    if error:
        return error
    assert found is not None  # no error: a result
    result, picks, settings = found
    if request.method == "GET":
        form = WriteAllForm(formdata=None, data={"zip": params["zip"]})
        page = write_all.all_page(settings, included=None, counted=())
        return _render_all(form, page, result, picks, params)
    form = WriteAllForm(request.form)
    included = write_all.ids(request.form.getlist("official"))
    counted = write_all.ids(request.form.getlist("counted"))
    if not form.validate():
        page = write_all.all_page(settings, included=included, counted=counted)
        return _render_all(form, page, result, picks, params, status=400)
    confirmed = _confirmed(request.form)
    page = write_all.all_page(
        settings,
        included=included,
        counted=[*counted, *(confirmed[:1])],
        catalog=_catalog(),
        sender=form.sender,
        story=form.story.data or "",
        today=today,
    )
    if confirmed:
        _confirm(page, *confirmed)
    return _render_all(form, page, result, picks, params)


def _confirmed(data: MultiDict[str, str]) -> tuple[int, str] | tuple[()]:
    """``(official id, "sent" or "called")`` when a message was marked as sent, else ``()``."""
    for action in ("sent", "called"):
        chosen = write_all.ids([data.get(action, "")])
        if chosen:
            return chosen[0], action
    return ()


def _confirm(page: write_all.AllPage, official_id: int, action: str) -> None:
    """Count the message marked as sent (or the call made) on the all-officials page."""
    message = page.message(official_id)
    if message is None:
        abort(400, description="That official is not on this page.")
    draft = message.call if action == "called" else message.draft
    if draft is None:
        abort(400, description="There is no phone number for that official.")
    channel = "call" if action == "called" else message.channel
    _count(message.setting, draft.template_id, channel, False)


@bp.post("/write/all/letters.<any(pdf, txt):kind>", endpoint="all_letters")
@rate_limits.letters
def all_letters(kind: str) -> ResponseReturnValue:
    """One letter per official included, in one PDF (or text file); each one counted."""
    params = sending.lookup_params(request.args)
    today = date.today()
    found, error = _all_lookup(params, today)
    if error:
        return error
    assert found is not None  # no error: a result
    result, picks, settings = found
    form = WriteAllForm(request.form)
    included = write_all.ids(request.form.getlist("official"))
    chosen = [s for s in settings if s.official.id in included]
    if not form.validate() or not chosen:
        if not chosen:
            form.form_errors.append("Choose at least one official to write to.")
        page = write_all.all_page(settings, included=included, counted=())
        return _render_all(form, page, result, picks, params, status=400)
    letters = write_all.all_letters(
        _catalog(), chosen, sender=form.sender, story=form.story.data or "", today=today
    )
    for setting, draft, _letter in letters:
        sending.count_action(
            db.session,
            setting,
            template_id=draft.template_id,
            channel="letter",
            edited=False,
            day=today,
        )
    db.session.commit()
    printed = [letter for _setting, _draft, letter in letters]
    name = f"letters-to-my-officials.{kind}"
    if kind == "pdf":
        return _download(
            letter_pdf.letter_pdf(printed, title="Letters to my officials"),
            "application/pdf",
            name,
        )
    return _download(letter_pdf.plain_text(printed), "text/plain", name)


@bp.app_template_global("write_url")
def write_url(person_id: int, params: Mapping[str, Any] | None = None) -> str:
    """The write page of an official, carrying the lookup's ZIP code and districts."""
    return url_for("write.official", official_id=person_id, **(params or {}))
