"""The campaign's rows as plain dicts, shaped like the content file's entries.

The one place a bill or a reform record is turned into a dict: the audit log
keeps these as its before and after snapshots, the organizers' forms start
from them, and the API's bill (:func:`outreach.api.serialize.campaign_bill`)
takes its facts from :func:`bill_snapshot`.
"""

from __future__ import annotations

from typing import Any

from outreach.models import Bill, ReformRecord


def record_snapshot(record: ReformRecord) -> dict[str, Any]:
    """A record as JSON, shaped like a ``records`` entry of the content file."""
    return {
        "jurisdiction": record.jurisdiction,
        "status": record.status,
        "summary": record.summary,
        "as_of": record.as_of.isoformat() if record.as_of else None,
        "sources": [dict(s) for s in record.sources or []],
    }


def bill_snapshot(bill: Bill) -> dict[str, Any]:
    """A bill as JSON, shaped like a ``bills`` entry of the content file."""
    return {
        "id": bill.slug,
        "jurisdiction": bill.jurisdiction,
        "identifier": bill.identifier,
        "title": bill.title,
        "session": bill.session,
        "congress": bill.congress,
        "stage": bill.stage,
        "active": bool(bill.active),
        "last_action": bill.last_action_text,
        "session_end": bill.session_end,
        "session_end_source": bill.session_end_source,
        "qi_effect": bill.qi_effect,
        "qi_scope": bill.qi_scope or "",
        "companion": bill.companion,
        "url": bill.url,
        "sponsors": list(bill.sponsors or []),
        "summary": bill.summary,
        "events": [dict(e) for e in bill.events or []],
        "assessment": {
            str(a.criterion): {"rating": a.rating, "note": a.note or "", "source": a.source}
            for a in sorted(bill.assessments, key=lambda a: a.criterion)
        },
    }
