"""Turn directory rows and lookup results into JSON-ready dicts for the API.

Pure functions: no request, no database query (the caller loads the rows and
their relationships first), no Flask. Every dict has the same keys whatever
the data (missing values are ``None`` or empty lists), dates are ISO strings,
and the shapes are the ones documented in ``outreach/api/openapi.yaml``: change
both together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from outreach.directory import contact_links, jurisdictions
from outreach.directory import labels as presentation
from outreach.directory.corrections import Applied
from outreach.directory.dates import DirectoryDates, dates_of
from outreach.directory.lookup import District, LookupResult
from outreach.directory.officials_read import Official, SocialView
from outreach.models import (
    DirectorySync,
    Person,
    SocialAccount,
)

JSON = dict[str, Any]

# Labels, links and dates come from :mod:`outreach.directory.labels`, shared with
# the pages; these names stay for callers of this module. The API labels districts the
# compact way (``CA-12``, where pages say ``District 12``) and builds a profile URL for
# any handle (pages link only handles that look like one).
district_label = presentation.compact_district_label
social_url = contact_links.social_url


def social(accounts: Iterable[SocialAccount | SocialView]) -> dict[str, JSON]:
    """``{platform: {"handle", "url"}}``; the first account of a platform wins."""
    found: dict[str, JSON] = {}
    for account in accounts:
        platform = account.platform.lower()
        if platform in found or not account.handle:
            continue
        found[platform] = {
            "handle": account.handle,
            "url": contact_links.social_url(platform, account.handle),
        }
    return found


def official_path(person_id: int, url_prefix: str = "") -> str:
    """The path of the official's HTML page."""
    return f"{url_prefix}/officials/{person_id}"


@dataclass(frozen=True)
class Provenance:
    """Where the data of each official comes from: per-source dates and corrections."""

    dates: DirectoryDates
    corrected: Mapping[int, Applied]

    def data_as_of(self, person: Official) -> JSON:
        applied = self.corrected.get(person.id)
        synced = presentation.iso_date(self.dates.synced)
        if person.source == "campaign" and applied is not None:
            return {
                "source": "campaign",
                "date": presentation.iso_date(applied.made_on),
                "date_kind": "correction",
                "synced": synced,
            }
        own = self.dates.of(person.source)
        return {
            "source": own.source if own else person.source,
            "date": presentation.iso_date(own.date) if own else None,
            "date_kind": own.date_kind if own else None,
            "synced": synced,
        }

    def corrected_json(self, person: Official) -> JSON | None:
        applied = self.corrected.get(person.id)
        if applied is None:
            return None
        return {
            "on": presentation.iso_date(applied.made_on),
            "source": applied.source_url,
            "kind": applied.kind,
            "note": applied.note,
        }


def form_fields(value: dict[str, Any] | None) -> JSON | None:
    """What an official's web form asks, for the API (None when unknown)."""
    if not value:
        return None
    return {
        "fields": [
            {"name": f["variable"], "required": bool(f["required"])} for f in value["fields"]
        ],
        "required": list(value["required"]),
        "topic_options": list(value["topic_options"]),
        "captcha": bool(value["captcha"]),
        "two_step": bool(value["two_step"]),
        "source": value.get("source"),
    }


def official(
    person: Official, *, today: date, url_prefix: str = "", provenance: Provenance | None = None
) -> JSON:
    """One official with every contact channel.

    :param today: the day against which ``stale`` (term already ended) is judged.
    :param url_prefix: the application's script root, put before ``url``.
    :raise ValueError: when the person holds no office (``person.role`` is None).
    """
    role = person.role
    if role is None:
        raise ValueError(f"{person!r} holds no office")
    kind = role.kind
    state = role.jurisdiction_abbr
    return {
        "id": person.id,
        "name": person.name,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "office": kind.value,
        "office_label": kind.label,
        "title": role.title or kind.label,
        "level": kind.level,
        "state": state,
        "state_name": presentation.state_name(state),
        "district": role.district,
        "district_label": presentation.compact_district_label(kind, state, role.district),
        "chamber": role.chamber,
        "party": person.party,
        "emails": contact_links.emails(person.email),
        "phones": person.phones,
        "faxes": person.faxes,
        "contact_form": person.contact_form_url,
        "contact_form_fields": form_fields(person.contact_form_fields),
        "website": person.website_url,
        "offices": [
            {
                "kind": office.kind,
                "label": office.label,
                "address": office.address,
                "street": office.street,
                "city": office.city,
                "state": office.state,
                "zip": office.zip,
                "phone": office.phone,
                "fax": office.fax,
                "hours": office.hours,
            }
            for office in person.offices
        ],
        "social": social(person.social_accounts),
        "photo_url": person.photo_url,
        "bioguide_id": person.bioguide_id,
        "ocd_person_id": person.ocd_person_id,
        "term_start": presentation.iso_date(role.start_date),
        "term_end": presentation.iso_date(role.end_date),
        "stale": role.is_stale(today),
        "url": official_path(person.id, url_prefix),
        "data_as_of": provenance.data_as_of(person) if provenance else None,
        "corrected": provenance.corrected_json(person) if provenance else None,
    }


def official_detail(
    person: Person,
    *,
    today: date,
    directory_as_of: date | None,
    url_prefix: str = "",
    provenance: Provenance | None = None,
) -> JSON:
    """:func:`official` plus the committee seats (by committee name) and ``directory_as_of``.

    ``person.memberships`` and their committees should be loaded already
    (:func:`outreach.directory.lookup.get_official` does).
    """
    body = official(person, today=today, url_prefix=url_prefix, provenance=provenance)
    seats = sorted(person.memberships, key=lambda m: (m.committee.name.lower(), m.committee.id))
    body["committees"] = [
        {
            "id": seat.committee.id,
            "name": seat.committee.name,
            "chamber": seat.committee.chamber,
            "role": seat.role,
        }
        for seat in seats
    ]
    body["directory_as_of"] = presentation.iso_date(directory_as_of)
    return body


def officials(
    people: Iterable[Official],
    *,
    today: date,
    url_prefix: str = "",
    provenance: Provenance | None = None,
) -> list[JSON]:
    """:func:`official` for each person, in the given order."""
    return [official(p, today=today, url_prefix=url_prefix, provenance=provenance) for p in people]


def district(value: District) -> JSON:
    """A congressional district: ``{"state", "district", "label", "ocd_id"}``."""
    return {
        "state": value.state,
        "district": value.district,
        "label": value.label,
        "ocd_id": value.ocd_id,
    }


def state(abbr: str) -> JSON:
    """Static facts about a jurisdiction: abbreviation, name, kind, FIPS and OCD id.

    :raise KeyError: for a code that is not one of the 56 jurisdictions.
    """
    info = jurisdictions.JURISDICTIONS[abbr]
    return {
        "abbr": info.abbr,
        "name": info.name,
        "kind": info.kind,
        "fips": info.fips,
        "ocd_id": info.ocd_id,
        "has_state_officials": abbr in jurisdictions.STATE_DATA_JURISDICTIONS,
    }


def lookup_result(
    result: LookupResult,
    *,
    query: Mapping[str, str | None],
    today: date,
    directory_as_of: date | None,
    url_prefix: str = "",
    provenance: Provenance | None = None,
) -> JSON:
    """The answer of ``GET /lookup``: the place, its districts and every official.

    :param query: the parameters as the client sent them (echoed back).
    :param directory_as_of: the day of the latest directory sync, if any.
    """
    return {
        "query": dict(query),
        "zip": result.zip_code,
        "city": result.city,
        "states": list(result.states),
        "districts": [district(d) for d in result.districts],
        "ambiguous": result.ambiguous,
        "notices": list(result.notices),
        "vacancies": list(result.vacancies),
        "legislative_districts": {
            s: dict(chambers) for s, chambers in result.legislative_districts.items()
        },
        "needs_legislative_district": result.needs_legislative_district,
        "matched_address": result.matched_address,
        "officials": officials(
            result.officials, today=today, url_prefix=url_prefix, provenance=provenance
        ),
        "directory_as_of": presentation.iso_date(directory_as_of),
        "source": result.source,
    }


def state_officials(
    abbr: str,
    people: Iterable[Person],
    *,
    filters: Mapping[str, str | None],
    today: date,
    directory_as_of: date | None,
    url_prefix: str = "",
    provenance: Provenance | None = None,
) -> JSON:
    """The answer of ``GET /states/{abbr}/officials``."""
    return {
        "state": state(abbr),
        "filters": dict(filters),
        "officials": officials(people, today=today, url_prefix=url_prefix, provenance=provenance),
        "directory_as_of": presentation.iso_date(directory_as_of),
    }


def public_source(source: str) -> str:
    """Where a sync read from, without server paths or credentials.

    A URL loses its user name, password, query and fragment; a local folder
    becomes ``local:<folder name>``; anything else (``upstream repositories``)
    is kept.
    """
    source = source.strip()
    if re.match(r"^https?://", source, re.IGNORECASE):
        try:
            parts = urlsplit(source)
            netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        except ValueError:  # a malformed host or port: keep the scheme only
            return source.split(":", 1)[0].lower() + "://"
        return urlunsplit((parts.scheme.lower(), netloc, parts.path, "", ""))
    if "/" not in source and "\\" not in source:
        return source
    name = source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return f"local:{name}" if name else "local"


def directory(sync: DirectorySync | None) -> JSON:
    """The provenance of the directory: the latest successful sync, or nulls.

    ``data_as_of`` gives each source's own date (upstream commit date where
    known, else the file date) and the sync date.
    """
    if sync is None:
        return {"directory_as_of": None, "data_as_of": dates_of(None).as_json(), "sync": None}
    return {
        "directory_as_of": presentation.iso_date(sync.as_of),
        "data_as_of": dates_of(sync).as_json(),
        "sync": {
            "source": public_source(sync.source),
            "upstream": dict(sync.upstream or {}),
            "started_at": presentation.iso_datetime(sync.started_at),
            "finished_at": presentation.iso_datetime(sync.finished_at),
            "counts": dict(sync.counts or {}),
            "warning_count": len(sync.warnings or []),
        },
    }
