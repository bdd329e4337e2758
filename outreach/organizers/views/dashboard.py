"""Blueprint `organizers`: the organizer area, behind a login.

Sign in and out; the dashboard; reform records and bills to edit; the
"evaluate a bill" tool; the audit log with its CSV and JSON exports. Every
page but the sign-in page needs a signed-in, active organizer; every form is
a POST form with a CSRF token. Views parse the form, call
:mod:`outreach.campaign.editing` (or :mod:`~outreach.organizers.accounts`,
:mod:`~outreach.organizers.audit`) and commit; an edit the service refuses is
shown again with its problems beside the fields, with status 400, and
nothing saved."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as http_session
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user

from outreach.campaign import editor_data
from outreach.campaign import review as content_review
from outreach.campaign.scoring import format_points
from outreach.directory import corrections, statewide_status
from outreach.directory.labels import format_date
from outreach.extensions import db, login_manager
from outreach.models import OfficeKind, Organizer
from outreach.models.clock import utcnow
from outreach.organizers import accounts, audit
from outreach.organizers import dashboard as dashboard_data
from outreach.organizers.forms import (
    ConfirmForm,
    LoginForm,
    safe_next,
)
from outreach.web import rate_limits

bp = Blueprint("organizers", __name__, url_prefix="/organizers")

#: Endpoints open to anyone; everything else in the blueprint needs a sign-in.
PUBLIC_ENDPOINTS = frozenset({"organizers.login"})
WRONG_CREDENTIALS = "The email address or password is wrong."


#: Keys of the session that say when it was signed in and last used (epoch seconds).
SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
#: How often the last-use time is written back to the cookie (seconds).
SEEN_RESOLUTION = 60


@login_manager.user_loader  # type: ignore[untyped-decorator]  # flask_login has no type hints
def load_organizer(session_id: str) -> Organizer | None:
    """Flask-Login's hook, on every request that asks who is signed in.

    The session holds ``<id>.<session version>``: a cookie whose version is no
    longer the organizer's (signed out elsewhere, new password, deactivated)
    signs in no one; nor does a session idle for longer than
    ``ORGANIZER_IDLE_MINUTES`` or older than ``ORGANIZER_SESSION_HOURS``.
    """
    organizer_id, _, version = session_id.partition(".")
    if not (organizer_id.isdigit() and version.isdigit()):
        return None
    if not _session_fresh():
        return None
    organizer = db.session.get(Organizer, int(organizer_id))
    if organizer is None or not organizer.active or organizer.session_version != int(version):
        return None
    return organizer


def _session_fresh() -> bool:
    """Whether the session is within its idle timeout and lifetime (and note this use)."""
    now = int(time.time())
    config = current_app.config
    try:
        signed_in_at = int(http_session.get(SIGNED_IN_AT, 0))
        seen_at = int(http_session.get(SEEN_AT, 0))
    except (TypeError, ValueError):
        return False
    if now - signed_in_at > config["ORGANIZER_SESSION_HOURS"] * 3600:
        return False
    if now - seen_at > config["ORGANIZER_IDLE_MINUTES"] * 60:
        return False
    if now - seen_at >= SEEN_RESOLUTION:
        http_session[SEEN_AT] = now
    return True


@bp.before_request
def require_login() -> ResponseReturnValue | None:
    """Send anyone not signed in to the sign-in page, to come back here afterwards."""
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    flash(login_manager.login_message, "info")
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("organizers.login", next=safe_next(target)))


@bp.after_request
def private_headers(response: Response) -> Response:
    """Organizer pages are never cached or indexed (outreach.web.security keeps them
    out of frames and sends no referrer to other sites)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def utc_time(value: datetime | None) -> str:
    """``June 15, 2026, 14:03 UTC`` for a naive UTC datetime."""
    return f"{format_date(value)}, {value:%H:%M} UTC" if value else ""


@bp.context_processor
def _organizer_context() -> dict[str, Any]:
    return {
        "current_user": current_user,
        "utc_time": utc_time,
        "display_value": audit.display_value,
        "format_points": format_points,
        "entity_labels": audit.ENTITY_LABELS,
        "action_labels": audit.ACTION_LABELS,
    }


def _organizer() -> Organizer:
    organizer: Organizer = current_user._get_current_object()
    return organizer


# ----------------------------------------------------------------------------- sign in and out


def _fresh_session() -> None:
    """Start a new session: nothing carried over, a new CSRF token (no fixation)."""
    http_session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def _pause_message(retry_at: datetime) -> str:
    return (
        "Too many wrong passwords: signing in with this email address, or from your "
        f"network, is paused until {retry_at:%H:%M:%S} UTC. Each further wrong password "
        "pauses it longer (at most "
        f"{int(accounts.MAX_PAUSE.total_seconds() // 60)} minutes). Try again then."
    )


@bp.route("/login", methods=["GET", "POST"])
@rate_limits.login
def login() -> ResponseReturnValue:
    """The sign-in form; a generic message for any wrong email or password."""
    form = LoginForm()
    target = safe_next(form.next.data if request.method == "POST" else request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for(".index"))
    form.next.data = target or ""
    message, status, retry_after = None, 200, None
    if form.validate_on_submit():
        result = accounts.authenticate(
            db.session,
            form.email.data or "",
            form.password.data or "",
            address=request.remote_addr,
        )
        db.session.commit()
        if result.ok:
            _fresh_session()
            login_user(result.organizer)
            now = int(time.time())
            http_session[SIGNED_IN_AT] = now
            http_session[SEEN_AT] = now
            return redirect(target or url_for(".index"))
        if result.outcome is accounts.SignIn.PAUSED and result.retry_at is not None:
            message = _pause_message(result.retry_at)
            status = 429
            retry_after = int((result.retry_at - utcnow()).total_seconds()) + 1
        else:
            message, status = WRONG_CREDENTIALS, 401
    elif request.method == "POST":
        status = 400
    response = Response(
        render_template("organizers/login.html", form=form, message=message), status
    )
    if retry_after:
        response.headers["Retry-After"] = str(max(1, retry_after))
    return response


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Sign out (a POST with a CSRF token, so no other site can sign anyone out)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    accounts.end_sessions(_organizer())
    db.session.commit()
    logout_user()
    _fresh_session()
    flash("You are signed out.", "success")
    return redirect(url_for(".login"))


# ----------------------------------------------------------------------------- dashboard


@bp.get("/", endpoint="index")
def index() -> ResponseReturnValue:
    """Links to everything, the newest changes, and what is still to come."""
    return render_template(
        "organizers/index.html",
        overview=editor_data.overview(db.session),
        recent=audit.audit_page(db.session, per_page=5).entries,
    )


@bp.get("/dashboard")
def dashboard() -> ResponseReturnValue:
    """Supporters' actions (last 30 or 90 days) as charts, and the directory's health."""
    days = dashboard_data.period_days(request.args.get("days"))
    today = utcnow().date()
    titles = {t.id: t.title for t in current_app.extensions["letters"]}
    activity = dashboard_data.activity(db.session, today, days, titles)
    health = dashboard_data.directory_health(db.session, today)
    return render_template(
        "organizers/dashboard.html",
        activity=activity,
        health=health,
        statewide=statewide_status.statewide_status(
            db.session, today, vacant=corrections.vacant_seats(db.session)
        )
        if health.total
        else [],
        review=content_review.needs_review(db.session, today),
        charts=dashboard_data.charts(activity, health),
        periods=dashboard_data.PERIODS,
        percent=dashboard_data.percent,
        tally_rows=dashboard_data.tally_rows,
        template_rows=dashboard_data.template_rows,
        day_rows=dashboard_data.day_rows,
        office_names={kind.value: kind.label for kind in OfficeKind},
    )


# ----------------------------------------------------------------------------- audit log


def _audit_filter() -> tuple[str | None, str | None]:
    entity = request.args.get("entity") or None
    if entity not in audit.ENTITIES:
        entity = None
    key = (request.args.get("key") or "")[: audit.MAX_KEY_LENGTH] or None
    return entity, key


@bp.get("/audit")
def audit_log() -> ResponseReturnValue:
    """Every change, newest first, with what each changed field was before and after."""
    entity, key = _audit_filter()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    result = audit.audit_page(db.session, page=page, entity=entity, key=key)
    entries = [(entry, audit.changes(entry.before, entry.after)) for entry in result.entries]
    return render_template(
        "organizers/audit.html", result=result, entries=entries, entity=entity, key=key
    )


def _export_name(extension: str) -> str:
    return f"outreach-audit-{utcnow():%Y%m%d-%H%M}.{extension}"


@bp.get("/audit.csv")
def audit_csv() -> ResponseReturnValue:
    """The audit log as CSV: one row per changed field, formulas neutralised."""
    entity, key = _audit_filter()
    body = audit.audit_csv(audit.all_entries(db.session, entity=entity, key=key))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    return response


@bp.get("/audit.json")
def audit_json() -> ResponseReturnValue:
    """The audit log as JSON: every entry with its snapshots and changes."""
    entity, key = _audit_filter()
    data = audit.audit_json(
        audit.all_entries(db.session, entity=entity, key=key), exported_at=utcnow()
    )
    response = Response(
        json.dumps(data, ensure_ascii=False, indent=1), mimetype="application/json"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{_export_name("json")}"'
    return response


# The content editors add their routes to this blueprint.
from outreach.organizers.views import case_editors as _case_editors  # noqa: E402, F401
from outreach.organizers.views import editors as _editors  # noqa: E402, F401
from outreach.organizers.views import evaluation_queue as _evaluation_queue  # noqa: E402, F401
