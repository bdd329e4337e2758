"""The JSON shapes of the cases and circuits (``GET /cases``, and the ``circuit`` and
``cases`` of ``GET /states/{abbr}``). Pure functions, like :mod:`outreach.api.serialize`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from outreach.campaign.cases import CaseFilters
from outreach.models import Case, Circuit

JSON = dict[str, Any]


def _sources(raw: Iterable[Any] | None) -> list[JSON]:
    return [
        {"title": str(s.get("title") or ""), "url": str(s.get("url") or "")} for s in raw or []
    ]


def circuit_json(circuit: Circuit | None) -> JSON | None:
    """A circuit: its code, name, the jurisdictions it covers and the table's sources."""
    if circuit is None:
        return None
    return {
        "code": circuit.code,
        "name": circuit.name,
        "jurisdictions": list(circuit.jurisdictions or []),
        "sources": _sources(circuit.sources),
    }


def case_json(case: Case, url_prefix: str = "") -> JSON:
    """One case, with its sources and the links to its page and share image."""
    return {
        "id": case.slug,
        "name": case.name,
        "citation": case.citation,
        "court": case.court,
        "year": case.year,
        "state": case.state,
        "circuit": case.circuit,
        "outcome": case.outcome_kind.value,
        "outcome_label": case.outcome_label,
        "outcome_note": case.outcome_note or "",
        "brief": case.brief,
        "summary": case.summary,
        "held": case.held,
        "sources": _sources(case.sources),
        "url": f"{url_prefix}/cases/{case.slug}",
        "image_url": f"{url_prefix}/share/cases/{case.slug}.png",
    }


def cases_response(cases: Iterable[Case], filters: CaseFilters, url_prefix: str = "") -> JSON:
    """The answer of ``GET /cases``."""
    return {
        "filters": {
            "state": filters.state or None,
            "circuit": filters.circuit or None,
            "outcome": filters.outcome or None,
        },
        "cases": [case_json(c, url_prefix) for c in cases],
    }
