"""Blueprint `campaign`: the national map, a state's page, the federal page, the rubric.

Views parse the URL, call :mod:`outreach.campaign.pages` (which puts
each page together from the campaign's content and the directory) and render.
An unknown state answers 404 with a link to the map. Content text is shown as
text: templates autoescape it, and links are drawn only from http(s) URLs.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError

from outreach.campaign import case_pages, cases
from outreach.campaign import pages as campaign_pages
from outreach.campaign import records as campaign
from outreach.campaign.policy import views as policy_views
from outreach.campaign.standings import Standing
from outreach.directory import errors
from outreach.extensions import db
from outreach.models import Rating
from outreach.web.response_cache import cached_response

bp = Blueprint("campaign", __name__)


def _preview(kind: str, key: str = "") -> object:
    """A page's link preview, from the share package (``app.extensions["link_preview"]``)."""
    return current_app.extensions["link_preview"](kind, key)


def _sort_order() -> campaign_pages.TableSort:
    return campaign_pages.TableSort.parse(
        request.args.get("sort", "")[:20], request.args.get("dir", "")[:20]
    )


def _map_key() -> tuple[str, str, str]:
    """The map depends on the content (the cache's version), the day and the sort only."""
    order = _sort_order()
    return (date.today().isoformat(), order.column, order.direction)


@bp.get("/map", endpoint="map")
@cached_response(_map_key)
def national_map() -> ResponseReturnValue:
    """Every state, DC and Puerto Rico coloured by score, with the same data as a table."""
    page = campaign_pages.map_page(db.session, date.today(), _sort_order())
    return render_template(
        "campaign/map.html",
        page=page,
        preview=_preview("campaign"),
        highlights=policy_views.highlights_box(policy_views.MAP_HIGHLIGHTS),
    )


@bp.get("/states/<abbr>", endpoint="state")
def state(abbr: str) -> ResponseReturnValue:
    """Where one state (or DC, Puerto Rico, a city) stands, and who to write to."""
    try:
        page = campaign_pages.state_page(db.session, abbr[:20], date.today())
    except errors.UnknownJurisdiction as exc:
        return render_template("campaign/not_found.html", message=str(exc)), 404
    return render_template(
        "campaign/state.html",
        page=page,
        preview=_preview("place", page.standing.code),
        share_url=current_app.extensions["share_page_url"](page.standing.code),
        cases=cases.state_cases(db.session, page.standing.code),
    )


@bp.get("/federal", endpoint="federal")
def federal() -> ResponseReturnValue:
    """Federal bills by Congress and stage, and a form to find one's members of Congress."""
    page = campaign_pages.federal_page(db.session, date.today())
    return render_template("campaign/federal.html", page=page, preview=_preview("federal"))


@bp.get("/rubric", endpoint="rubric")
def rubric() -> ResponseReturnValue:
    """The nine criteria and how a score is counted."""
    return render_template(
        "campaign/rubric.html",
        campaign=campaign.get_campaign(db.session),
        ratings=Rating,
        history=cases.history_cases(db.session),
    )


@bp.get("/cases", endpoint="cases")
def case_library() -> ResponseReturnValue:
    """Every case, filterable by circuit, state and outcome; unknown values answer 400."""
    try:
        filters = cases.parse_filters(
            db.session,
            request.args.get("state"),
            request.args.get("circuit"),
            request.args.get("outcome"),
        )
    except cases.UnknownFilter as error:
        page = case_pages.refused_library_page(db.session, error)
        return render_template("campaign/cases.html", page=page), 400
    page = case_pages.library_page(db.session, filters)
    return render_template("campaign/cases.html", page=page)


@bp.get("/cases/map", endpoint="case_map")
def case_map() -> ResponseReturnValue:
    """The map of where the cases come from, shaded by the number of cases per state."""
    page = case_pages.case_map_page(db.session)
    return render_template("campaign/case_map.html", page=page)


@bp.get("/cases/<slug>", endpoint="case")
def case_detail(slug: str) -> ResponseReturnValue:
    """One case: what happened, what the court held, its sources and share image."""
    page = case_pages.case_page(db.session, slug[:80])
    if page is None:
        message = "There is no case with that name. See the list of cases."
        return render_template("campaign/not_found.html", message=message), 404
    return render_template(
        "campaign/case.html",
        page=page,
        preview=_preview("case", page.case.slug),
        image_url=current_app.extensions["case_image_url"](page.case.slug),
    )


bp.add_app_template_filter(campaign_pages.ordinal, "ordinal")


def campaign_standing(code: str) -> Standing | None:
    """Where ``code`` stands, for a line on other pages (the lookup results, which
    reach it as ``app.extensions["campaign_standing"]``); None
    before the campaign content is loaded, or for a code the campaign does not track.
    """
    try:
        if campaign.get_campaign(db.session) is None:
            return None
        return campaign.standing(db.session, code, date.today())
    except errors.UnknownJurisdiction:
        return None
    except SQLAlchemyError:
        db.session.rollback()
        return None
