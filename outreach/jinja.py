"""Jinja filters and template globals.

The labelling itself (phone numbers, links, district and office names, dates)
lives in :mod:`outreach.directory.labels`, shared with the JSON API; this
module registers it for templates, with thin wrappers where a template needs
``""`` rather than None or passes a whole row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask import Flask
from jinja2.bccache import Bucket, BytecodeCache

from outreach.campaign import partial_dates
from outreach.directory import contact_links, jurisdictions
from outreach.directory import labels as presentation
from outreach.directory.contact_links import (
    format_phone,
    mailto_href,
    photo_src,
    safe_url,
    social_label,
    tel_href,
    unique_social,
    url_host,
    valid_email,
)
from outreach.directory.labels import (
    address_lines,
    chamber_name,
    committee_role,
    contact_office_label,
    district_label,
    format_date,
    initials,
    is_leadership,
    office_label,
    party_name,
    party_short,
    role_chamber,
    seat_label,
    source_label,
)
from outreach.directory.views.dates import directory_as_of, directory_dates
from outreach.models import SocialAccount

if TYPE_CHECKING:
    from outreach.directory.forms import LookupForm


def social_url(account: SocialAccount) -> str | None:
    """The link to an account's profile, when its handle looks like one."""
    return contact_links.social_link(account.platform, account.handle)


def social_handle(account: SocialAccount) -> str:
    """How to show an account: ``@name``, ``Channel`` or a host."""
    return contact_links.social_handle(account.platform, account.handle)


def state_name(abbr: str | None) -> str:
    """``California`` for ``CA``; an unknown code as given."""
    return presentation.state_name(abbr) or (abbr or "")


def iso_date(value: date | datetime | None) -> str:
    """``YYYY-MM-DD`` for a ``<time datetime>``; ``""`` for None."""
    return presentation.iso_date(value) or ""


def states_list() -> list[jurisdictions.JurisdictionInfo]:
    """Every jurisdiction, by name (states first, then DC and the territories)."""
    return sorted(jurisdictions.JURISDICTIONS.values(), key=lambda j: (j.kind != "state", j.name))


def new_lookup_form() -> LookupForm:
    """An empty lookup form, for pages rendered without one (the 404 page)."""
    from outreach.directory.forms import LookupForm

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


class ProcessBytecodeCache(BytecodeCache):
    """Compiled page templates kept in memory and shared by every app of the process.

    Each app compiles a template on first use; a second app in the same process
    (the test suite builds hundreds, a worker one) loads the compiled code
    instead. Jinja checks the source's checksum on load, so an edited template
    is compiled anew.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` from memory when this template was compiled before."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep ``bucket``'s freshly compiled code for the next app."""
        self._code[bucket.key] = bucket.bytecode_to_string()


#: One per process: page templates are the same files for every app.
BYTECODE_CACHE = ProcessBytecodeCache()


def init_app(app: Flask) -> None:
    """Register the filters, tests and globals on ``app``."""
    app.jinja_env.bytecode_cache = BYTECODE_CACHE
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.tests["leadership"] = is_leadership
    app.jinja_env.globals["states_list"] = states_list
    app.jinja_env.globals["new_lookup_form"] = new_lookup_form

    @app.context_processor
    def _directory_context() -> dict[str, object]:
        # Asked here, before the template renders: templates never query. Both
        # answers come from per-process caches that a sync refreshes.
        as_of, dates = directory_as_of(), directory_dates()
        return {
            "directory_as_of": lambda: as_of,
            "directory_dates": lambda: dates,
            "today": date.today(),
        }
