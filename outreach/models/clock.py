"""The time as the database stores it."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC, without a time zone (stored as naive UTC in every database)."""
    return datetime.now(UTC).replace(tzinfo=None)
