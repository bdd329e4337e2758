"""Turn the campaign's records (standings, scores, bills) into JSON-ready dicts for the API.

Pure functions like :mod:`outreach.api.serialize`; the shapes are the ones
documented in ``outreach/api/openapi.yaml``: change both together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from outreach.api.serialize import JSON
from outreach.campaign import partial_dates, snapshots
from outreach.campaign import standings as standing_rules
from outreach.campaign.scoring import Score
from outreach.campaign.standings import Standing
from outreach.directory import labels as presentation
from outreach.models import (
    Bill,
    BillStage,
    Campaign,
    Criterion,
)


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
        "pending": standing_rules.is_pending(bill, today),
        "session_ended": standing_rules.is_stale(bill, today),
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
