"""Counting what supporters did, anonymously.

Only counts are kept: per day, template, office kind, state, channel and
whether the writer edited the text. Nothing about the sender (name, address,
ZIP, email, story, the text itself) is stored anywhere.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from outreach.models import ActionCount, OfficeKind

CHANNELS = ("email", "contact_form", "call", "letter")


class InvalidAction(ValueError):
    """A count that does not describe a real action (unknown channel or office)."""


def record_action(
    session: Session,
    *,
    template_id: str,
    office: str,
    state: str,
    channel: str,
    edited: bool,
    day: date,
) -> None:
    """Add one to the matching count; the caller commits.

    Safe under concurrency: two processes counting the same row at once both
    count (an update first, an insert if there was no row, and on a race the
    update again).

    :raise InvalidAction: for an unknown channel or office kind.
    """
    if channel not in CHANNELS:
        raise InvalidAction(f"unknown channel {channel[:20]!r}")
    if office not in {k.value for k in OfficeKind}:
        raise InvalidAction(f"unknown office {office[:40]!r}")
    key = {
        "day": day,
        "template_id": template_id[:80],
        "office": office,
        "state": state[:8],
        "channel": channel,
        "edited": edited,
    }
    conditions = [getattr(ActionCount, name) == value for name, value in key.items()]
    bumped = session.execute(
        update(ActionCount).where(*conditions).values(count=ActionCount.count + 1)
    ).rowcount  # type: ignore[attr-defined]  # an UPDATE's CursorResult
    if bumped:
        return
    try:
        with session.begin_nested():
            session.add(ActionCount(**key, count=1))
    except IntegrityError:
        session.execute(update(ActionCount).where(*conditions).values(count=ActionCount.count + 1))


def total_actions(session: Session) -> int:
    """Every action counted so far."""
    rows = session.scalars(select(ActionCount.count))
    return sum(rows)
