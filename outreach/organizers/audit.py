"""Reading the audit log: pages of entries, field-by-field changes, CSV and JSON exports.

Entries are written by :mod:`outreach.campaign.editing` (and by ``flask content load``);
here they are only read. A change compares the before and after snapshots
field by field (nested mappings, such as a bill's nine assessments, by
``assessment.3.rating``); lists are compared whole. CSV cells that a
spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from outreach.directory.spreadsheet_safety import FORMULA_STARTS, neutralize  # noqa: F401 (FORMULA_STARTS: API)
from outreach.models import AuditEntry

ENTITIES = ("reform_record", "bill", "case", "cases", "content", "directory_correction")
ENTITY_LABELS = {
    "reform_record": "Reform record",
    "bill": "Bill",
    "case": "Case",
    "cases": "Cases file",
    "content": "Content file",
    "directory_correction": "Directory correction",
}
ACTION_LABELS = {"create": "Created", "update": "Updated", "delete": "Deleted", "load": "Loaded"}
PER_PAGE = 25
MAX_KEY_LENGTH = 120
CSV_COLUMNS = (
    "entry_id",
    "at",
    "actor",
    "action",
    "entity",
    "entity_key",
    "field",
    "before",
    "after",
)
_MISSING = object()


@dataclass(frozen=True)
class Change:
    """One field that differs between the before and after snapshots."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditPage:
    """One page of entries, newest first."""

    entries: list[AuditEntry]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """``{"assessment.3.rating": "met", …}``: nested mappings flattened, lists kept whole."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(item, Mapping) and item:
                out.update(flatten(item, name))
            else:
                out[name] = item
        return out
    return {prefix: value} if prefix else {}


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[Change]:
    """The fields whose values differ, in snapshot order; a missing side is None."""
    old, new = flatten(before or {}), flatten(after or {})
    names = list(new) + [name for name in old if name not in new]
    found = []
    for name in names:
        a, b = old.get(name, _MISSING), new.get(name, _MISSING)
        if a != b:
            found.append(Change(name, None if a is _MISSING else a, None if b is _MISSING else b))
    return found


def display_value(value: Any) -> str:
    """How a snapshot value reads on a page: lists one item a line; ``""`` for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "\n".join(display_value(item) for item in value)
    if isinstance(value, Mapping):
        return " — ".join(display_value(v) for v in value.values() if v not in (None, ""))
    return str(value)


def _query(entity: str | None, key: str | None) -> Select[tuple[AuditEntry]]:
    query = select(AuditEntry)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if key:
        query = query.where(AuditEntry.entity_key == key[:MAX_KEY_LENGTH])
    return query


#: Beyond any real log; keeps the offset within the databases' integers.
MAX_PAGE = 10**6


def audit_page(
    session: Session,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    entity: str | None = None,
    key: str | None = None,
) -> AuditPage:
    """Entries of one page, newest first, optionally of one entity (and key)."""
    query = _query(entity, key)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(max(1, page), MAX_PAGE)
    rows = session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return AuditPage(list(rows), page, per_page, total)


def all_entries(
    session: Session, *, entity: str | None = None, key: str | None = None
) -> list[AuditEntry]:
    """Every entry, newest first, optionally of one entity (and key)."""
    query = _query(entity, key).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return list(session.scalars(query))


def iso_utc(value: datetime) -> str:
    """``2026-06-15T14:03:00Z`` for a naive UTC datetime."""
    return value.replace(microsecond=0).isoformat() + "Z"


def entry_dict(entry: AuditEntry) -> dict[str, Any]:
    """An entry as JSON, with its field-by-field changes."""
    return {
        "id": entry.id,
        "at": iso_utc(entry.at),
        "actor": entry.actor,
        "organizer_id": entry.organizer_id,
        "action": entry.action,
        "entity": entry.entity,
        "entity_key": entry.entity_key,
        "before": entry.before,
        "after": entry.after,
        "changes": [
            {"field": c.field, "before": c.before, "after": c.after}
            for c in changes(entry.before, entry.after)
        ],
    }


def audit_json(entries: Iterable[AuditEntry], *, exported_at: datetime) -> dict[str, Any]:
    """The JSON export: when, how many, and every entry."""
    items = [entry_dict(e) for e in entries]
    return {"exported_at": iso_utc(exported_at), "count": len(items), "entries": items}


def csv_cell(value: Any) -> str:
    """A CSV cell: text as is, other values as JSON, None empty; formulas neutralised."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return neutralize(text)


def csv_rows(entries: Iterable[AuditEntry]) -> Iterator[list[str]]:
    """One row per changed field of each entry (one row for an entry without changes)."""
    for entry in entries:
        head = [
            str(entry.id),
            iso_utc(entry.at),
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_key,
        ]
        found = changes(entry.before, entry.after) or [Change("", None, None)]
        for change in found:
            yield [csv_cell(v) for v in (*head, change.field, change.before, change.after)]


def audit_csv(entries: Iterable[AuditEntry]) -> str:
    """The CSV export, with a header row (and a byte-order mark for spreadsheets)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(entries))
    return buffer.getvalue()
