"""The Core table of a mapped model, typed as a table (for bulk inserts and deletes)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from outreach.extensions import Model


def table_of(model: type[Model]) -> Table:
    """``model.__table__``: declared as a ``FromClause``, always a ``Table`` for our models."""
    return cast(Table, model.__table__)
