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

from outreach.campaign import partial_dates, snapshots, standings
from outreach.campaign.scoring import Score
from outreach.campaign.standings import Standing
from outreach.directory import jurisdictions
from outreach.directory import labels as presentation
from outreach.directory.corrections import Applied
from outreach.directory.dates import DirectoryDates, dates_of
from outreach.directory.lookup import District, LookupResult
from outreach.letters.api_requests import ApiRender
from outreach.letters.catalog import LetterCatalog, LetterTemplate
from outreach.models import (
    Bill,
    BillStage,
    Campaign,
    Criterion,
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
social_url = presentation.social_url


def social(accounts: Iterable[SocialAccount]) -> dict[str, JSON]:
    """``{platform: {"handle", "url"}}``; the first account of a platform wins."""
    found: dict[str, JSON] = {}
    for account in accounts:
        platform = account.platform.lower()
        if platform in found or not account.handle:
            continue
        found[platform] = {
            "handle": account.handle,
            "url": presentation.social_url(platform, account.handle),
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

    def data_as_of(self, person: Person) -> JSON:
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

    def corrected_json(self, person: Person) -> JSON | None:
        applied = self.corrected.get(person.id)
        if applied is None:
            return None
        return {
            "on": presentation.iso_date(applied.made_on),
            "source": applied.source_url,
            "kind": applied.kind,
            "note": applied.note,
        }


def form_fields(value: dict | None) -> JSON:
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
    person: Person, *, today: date, url_prefix: str = "", provenance: Provenance | None = None
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
        "emails": presentation.emails(person.email),
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
    people: Iterable[Person],
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


# --------------------------------------------------------------------------- campaign


def state_path(code: str, url_prefix: str = "") -> str:
    """The path of a jurisdiction's campaign page (``/states/co``, ``/states/nyc``)."""
    return f"{url_prefix}/states/{code.lower()}"


def _score_fields(score: Score) -> JSON:
    return {"score": score.points, "score_label": score.label, "unknown_count": score.unknown}


def standing_summary(standing: Standing, *, url_prefix: str = "") -> JSON:
    """A jurisdiction on the map: its status and score (``GET /states``)."""
    return {
        "abbr": standing.code,
        "name": standing.name,
        "kind": standing.kind,
        "status": standing.status.value if standing.status else None,
        "status_label": standing.status_label,
        **_score_fields(standing.score),
        # Nothing is unknown about a score of 0 for want of a law in force.
        "unknown_count": standing.score.unknown if standing.strongest_law else 0,
        "pending_count": len(standing.pending),
        "recently_passed": standing.recently_passed,
        "url": state_path(standing.code, url_prefix),
    }


def campaign_bill(
    bill: Bill, score: Score, criteria: Iterable[Criterion] = (), today: date | None = None
) -> JSON:
    """A bill or law with its stage, effect, timeline, score and per-criterion assessments."""
    titles = {c.number: c for c in criteria}
    today = today or date.today()
    facts = snapshots.bill_snapshot(bill)
    return {
        **{
            key: facts[key]
            for key in (
                "id",
                "jurisdiction",
                "identifier",
                "title",
                "session",
                "congress",
                "stage",
            )
        },
        "stage_label": bill.stage_kind.label,
        "active": bill.active,
        "pending": standings.is_pending(bill, today),
        "session_ended": standings.is_stale(bill, today),
        "in_force": bill.stage == BillStage.ENACTED,
        "qi_effect": bill.effect.value,
        "qi_effect_label": bill.effect_label,
        **{key: facts[key] for key in ("qi_scope", "companion", "last_action")},
        "last_action_label": partial_dates.label(bill.last_action_text),
        **{key: facts[key] for key in ("session_end", "url", "sponsors", "summary")},
        "events": [
            {
                "date": str(event.get("date")) if event.get("date") else None,
                "text": str(event.get("text") or ""),
                "source": event.get("source") or None,
            }
            for event in bill.events or []
        ],
        **_score_fields(score),
        "assessments": [
            {
                "criterion": a.criterion,
                "title": titles[a.criterion].title if a.criterion in titles else None,
                "group": titles[a.criterion].group if a.criterion in titles else None,
                "rating": a.rating,
                "rating_label": a.rating_kind.label,
                "points": a.rating_kind.points,
                "note": a.note or "",
                "source": a.source,
            }
            for a in sorted(bill.assessments, key=lambda a: a.criterion)
        ],
    }


def standing_detail(
    standing: Standing,
    *,
    criteria: Iterable[Criterion] = (),
    parent: str | None = None,
    url_prefix: str = "",
) -> JSON:
    """A jurisdiction's full record (``GET /states/{abbr}``): summary, sources, every bill.

    :param parent: for a city, the code of the state it lies in.
    """
    criteria = list(criteria)
    record = standing.record
    bills = sorted(
        [
            *standing.pending,
            *standing.laws,
            *standing.rollbacks,
            *standing.stale,
            *standing.other_bills,
        ],
        key=lambda pair: (pair[0].last_action, pair[0].identifier),
        reverse=True,
    )
    return {
        **standing_summary(standing, url_prefix=url_prefix),
        "state": parent,
        "summary": record.summary if record else None,
        "as_of": presentation.iso_date(record.as_of) if record else None,
        "sources": [
            {"title": str(s.get("title") or ""), "url": str(s.get("url") or "")}
            for s in (record.sources or [] if record else [])
        ],
        "strongest_law": standing.strongest_law.slug if standing.strongest_law else None,
        "qi_law": standing.qi_law.slug if standing.qi_law else None,
        "qi_effect": standing.qi_law.effect.value if standing.qi_law else None,
        "qi_scope": (standing.qi_law.qi_scope or "") if standing.qi_law else None,
        "bills": [campaign_bill(b, s, criteria) for b, s in bills],
    }


def campaign_states(
    campaign: Campaign | None,
    standings: Iterable[Standing],
    places: Iterable[Standing],
    *,
    url_prefix: str = "",
) -> JSON:
    """The answer of ``GET /states``: every jurisdiction on the map, then the cities."""
    return {
        "content_loaded": campaign is not None,
        "as_of": presentation.iso_date(campaign.as_of) if campaign else None,
        "states": [standing_summary(s, url_prefix=url_prefix) for s in standings],
        "places": [standing_summary(s, url_prefix=url_prefix) for s in places],
    }


def campaign_bills(
    bills: Iterable[tuple[Bill, Score]],
    *,
    criteria: Iterable[Criterion] = (),
    filters: Mapping[str, str | None],
) -> JSON:
    """The answer of ``GET /bills``."""
    criteria = list(criteria)
    return {
        "filters": dict(filters),
        "bills": [campaign_bill(b, s, criteria) for b, s in bills],
    }


# --------------------------------------------------------------------------- letters


def letter_template(template: LetterTemplate) -> JSON:
    """Where a letter template fits: ``GET /letters/templates``."""
    return {
        "id": template.id,
        "title": template.title,
        "language": template.language,
        "channels": list(template.channels),
        "offices": list(template.offices),
        "situations": list(template.situations),
        "length": template.length,
    }


def letter_templates(catalog: LetterCatalog) -> JSON:
    """The answer of ``GET /letters/templates``: every template, by id."""
    return {"templates": [letter_template(t) for t in catalog]}


def rendered_letter(rendered: ApiRender) -> JSON:
    """The answer of ``POST /letters/render``: the text and the links that send it.

    ``mailto`` (and ``gmail``, ``outlook``) are null when the official has no
    email address or the message is too long for such a link.
    """
    draft = rendered.draft
    links = rendered.links
    return {
        "official_id": rendered.official_id,
        "template_id": draft.template_id,
        "situation": draft.situation,
        "channel": rendered.channel,
        "subject": draft.subject,
        "body": draft.body,
        "placeholders": list(draft.placeholders),
        "to": rendered.reach.email,
        "mailto": links.mailto if links else None,
        "gmail": links.gmail if links else None,
        "outlook": links.outlook if links else None,
        "contact_form": rendered.reach.contact_form,
        "phones": [phone.number for phone in rendered.reach.phones],
    }
