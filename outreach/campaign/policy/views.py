"""Blueprint `policy`: the model policy (page, PDF, text) and the highlights (feed, boxes).

The model policy is read from its reviewed content file; when the file has a
problem the page says the model is unavailable (503) and the log names the
line. Absolute links printed in the downloads come only from ``PUBLIC_URL``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, Response, current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError

from outreach.campaign import highlights, highlights_feed, model_policy, model_policy_print
from outreach.campaign import records as campaign
from outreach.extensions import db
from outreach.models.clock import utcnow

bp = Blueprint("policy", __name__)
logger = logging.getLogger(__name__)


def public_link(endpoint: str) -> str:
    """The absolute URL of ``endpoint`` on the configured public site, or "" without one."""
    origin: str = current_app.config.get("PUBLIC_URL", "")
    return origin + url_for(endpoint) if origin else ""


def _rubric() -> tuple[dict[int, str], str]:
    """The criteria's titles by number, and the campaign's name (defaults before content)."""
    found = campaign.get_campaign(db.session)
    if found is None:
        return {}, "End Qualified Immunity"
    return {c.number: c.title for c in found.criteria}, found.name


def _policy() -> model_policy.ModelPolicy | None:
    """The model policy (``MODEL_POLICY_PATH`` overrides the shipped file), or None."""
    path = current_app.config.get("MODEL_POLICY_PATH") or model_policy.DEFAULT_PATH
    return model_policy.try_load(path)


def _unavailable() -> ResponseReturnValue:
    return (
        render_template("campaign/model_policy.html", policy=None, titles={}),
        503,
    )


@bp.get("/model-policy", endpoint="model_policy")
def page() -> ResponseReturnValue:
    """The model bill, a section per criterion, with what existing laws show."""
    policy = _policy()
    if policy is None:
        return _unavailable()
    return render_template(
        "campaign/model_policy.html",
        policy=policy,
        titles=_rubric()[0],
        label=model_policy_print.section_label,
    )


@bp.get("/model-policy.<any(pdf, txt):kind>", endpoint="model_policy_file")
def download(kind: str) -> ResponseReturnValue:
    """The model bill as a PDF or as plain text."""
    policy = _policy()
    if policy is None:
        return _unavailable()
    titles, name = _rubric()
    blocks = model_policy_print.outline(
        policy, titles, campaign=name, url=public_link("policy.model_policy")
    )
    if kind == "pdf":
        body = model_policy_print.cached_pdf(tuple(blocks), policy.policy.title)
        mimetype = "application/pdf"
    else:
        body = model_policy_print.plain_text(blocks).encode()
        mimetype = "text/plain; charset=utf-8"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="model-policy.{kind}"'
    return response


# ----------------------------------------------------------------------------- highlights

#: How many highlights the home page, the map and the feed show.
HOME_HIGHLIGHTS = 5
MAP_HIGHLIGHTS = 8
FEED_HIGHLIGHTS = 50


@dataclass(frozen=True)
class HighlightsBox:
    """What a page shows of the highlights: the newest steps and when content changed."""

    items: list[highlights.Highlight]
    updated: datetime | None


def highlights_box(limit: int = HOME_HIGHLIGHTS) -> HighlightsBox | None:
    """The newest highlights for a page (``app.extensions["highlights"]`` for other packages).

    Kept per process for each content version (the home page is the busiest page);
    None when the database cannot be read, so the page still shows the lookup form.
    """
    try:
        version = current_app.extensions["directory_version"].current(db.session).content
        if not version:  # no campaign content was ever loaded: nothing to show, no query
            return None
        cache: dict[tuple[int, int], HighlightsBox] = current_app.extensions.setdefault(
            "highlights_cache", {}
        )
        box = cache.get((version, limit))
        if box is None:
            box = HighlightsBox(
                highlights.latest(db.session, limit), highlights.newest_change(db.session)
            )
            if len(cache) >= 8:
                cache.clear()
            cache[(version, limit)] = box
        return box
    except SQLAlchemyError:
        db.session.rollback()
        logger.warning("Highlights not available: the database could not be read")
        return None


def highlight_url(item: highlights.Highlight, *, external: bool = False) -> str:
    """The page of the jurisdiction a highlight belongs to (Congress: the federal page)."""
    if item.is_federal:
        return url_for("campaign.federal", _external=external)
    return url_for("campaign.state", abbr=item.jurisdiction.lower(), _external=external)


bp.add_app_template_global(highlight_url, "highlight_url")


@bp.get("/highlights.atom", endpoint="highlights_feed")
def highlights_atom() -> ResponseReturnValue:
    """The highlights as an Atom feed for organizers and partners to subscribe to."""
    items = highlights.latest(db.session, FEED_HIGHLIGHTS)
    name = _rubric()[1]
    body = highlights_feed.atom_feed(
        items,
        title=f"{name}: key legislative highlights",
        author=name,
        self_url=url_for("policy.highlights_feed", _external=True),
        site_url=url_for("campaign.map", _external=True),
        updated=highlights.newest_change(db.session) or utcnow(),
        page_url=lambda item: highlight_url(item, external=True),
    )
    return Response(body, mimetype="application/atom+xml")
