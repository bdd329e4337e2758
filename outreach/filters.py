"""Jinja filters and template globals.

The labelling itself (phone numbers, links, district and office names, dates)
lives in :mod:`outreach.services.presentation`, shared with the JSON API; this
module registers it for templates, with thin wrappers where a template needs
``""`` rather than None or passes a whole row.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, current_app, request
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .models import SocialAccount
from .services import jurisdictions, partial_dates, presentation
from .services.directory_dates import EMPTY as EMPTY_DATES
from .services.directory_dates import DirectoryDates, dates_for
from .services.presentation import (
    address_lines,
    chamber_name,
    committee_role,
    contact_office_label,
    district_label,
    format_date,
    format_phone,
    initials,
    is_leadership,
    mailto_href,
    office_label,
    party_name,
    party_short,
    photo_src,
    role_chamber,
    safe_url,
    seat_label,
    social_label,
    source_label,
    tel_href,
    unique_social,
    url_host,
    valid_email,
)


def social_url(account: SocialAccount) -> str | None:
    """The link to an account's profile, when its handle looks like one."""
    return presentation.social_link(account.platform, account.handle)


def social_handle(account: SocialAccount) -> str:
    """How to show an account: ``@name``, ``Channel`` or a host."""
    return presentation.social_handle(account.platform, account.handle)


def state_name(abbr: str | None) -> str:
    """``California`` for ``CA``; an unknown code as given."""
    return presentation.state_name(abbr) or (abbr or "")


def iso_date(value: date | datetime | None) -> str:
    """``YYYY-MM-DD`` for a ``<time datetime>``; ``""`` for None."""
    return presentation.iso_date(value) or ""


def states_list() -> list[jurisdictions.JurisdictionInfo]:
    """Every jurisdiction, by name (states first, then DC and the territories)."""
    return sorted(jurisdictions.JURISDICTIONS.values(), key=lambda j: (j.kind != "state", j.name))


_AS_OF_KEY = "outreach.directory_as_of"


def directory_dates() -> DirectoryDates:
    """The data's own dates per source and the sync date (see :mod:`.directory_dates`)."""
    tracker = current_app.extensions["directory_version"]
    try:
        cache = current_app.extensions.setdefault("directory_dates", {})
        return dates_for(db.session, tracker.current(db.session).sync_id, cache)
    except SQLAlchemyError:
        db.session.rollback()
        return EMPTY_DATES


def directory_as_of() -> date | None:
    """The day of the latest directory sync, asked at most once per request.

    The app's :class:`~outreach.services.directory_version.VersionTracker`
    remembers it across requests for a few seconds, so most pages do not
    query the database for it at all.
    """
    environ = request.environ  # per request (``g`` may outlive one in tests)
    if _AS_OF_KEY not in environ:
        tracker = current_app.extensions["directory_version"]
        try:
            environ[_AS_OF_KEY] = tracker.current(db.session).as_of
        except SQLAlchemyError:
            db.session.rollback()
            environ[_AS_OF_KEY] = None
    return environ[_AS_OF_KEY]


def new_lookup_form():
    """An empty lookup form, for pages rendered without one (the 404 page)."""
    from .forms import LookupForm

    return LookupForm(formdata=None)


FILTERS = {
    "phone": format_phone,
    "tel_href": tel_href,
    "mailto_href": mailto_href,
    "valid_email": valid_email,
    "safe_url": safe_url,
    "photo_src": photo_src,
    "url_host": url_host,
    "social_url": social_url,
    "social_label": social_label,
    "social_handle": social_handle,
    "unique_social": unique_social,
    "district_label": district_label,
    "office_label": office_label,
    "seat_label": seat_label,
    "role_chamber": role_chamber,
    "contact_office_label": contact_office_label,
    "address_lines": address_lines,
    "chamber_name": chamber_name,
    "state_name": state_name,
    "party_name": party_name,
    "party_short": party_short,
    "format_date": format_date,
    "partial_date": partial_dates.label,
    "iso_date": iso_date,
    "initials": initials,
    "committee_role": committee_role,
    "source_label": source_label,
}


def init_app(app: Flask) -> None:
    """Register the filters, tests and globals on ``app``."""
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.tests["leadership"] = is_leadership
    app.jinja_env.globals["states_list"] = states_list
    app.jinja_env.globals["new_lookup_form"] = new_lookup_form

    @app.context_processor
    def _directory_context() -> dict:
        return {
            "directory_as_of": directory_as_of,
            "directory_dates": directory_dates,
            "today": date.today(),
        }
