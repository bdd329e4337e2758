"""Import the public data into the directory, all or nothing.

Parsing reads every file first and writes nothing. Writing then replaces the
directory inside one database transaction: people are updated in place by
source id (so their ids and URLs stay stable), newcomers are added, leavers
removed, and their contacts, committees and the ZIP table are rewritten. Any
error, or an interrupt, rolls the transaction back, so the previous directory
stays exactly as it was and readers never see a half-written one.
"""

from __future__ import annotations

import gc
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from outreach.directory import correction_files, corrections, jurisdictions, sync_guard
from outreach.directory.importers import (
    ParsedSource,
    PersonRecord,
    Progress,
    SyncError,
    congress,
    contact_forms,
    freshness,
    openstates,
    validation,
    zcta,
)
from outreach.directory.importers.sources import SourceTree, open_source, relative_to
from outreach.directory.tables import table_of
from outreach.models import (
    PERSON_DATA_COLUMNS,
    Committee,
    CommitteeMembership,
    ContactOffice,
    DirectorySync,
    Jurisdiction,
    Person,
    Role,
    SocialAccount,
    ZipDistrict,
)
from outreach.models.clock import utcnow

logger = logging.getLogger(__name__)

PERSON_FIELDS = PERSON_DATA_COLUMNS
CHUNK = 500
#: Tables whose rows get explicit ids, so that the same input always gives
#: the very same rows, whatever the database.
SERIAL_TABLES = (
    "people",
    "roles",
    "contact_offices",
    "social_accounts",
    "committee_memberships",
    "zip_districts",
)


@dataclass
class SyncOutcome:
    """What a finished sync did, for the command's summary table."""

    sync: DirectorySync
    parse_seconds: float
    write_seconds: float
    added: int
    updated: int
    removed: int


def parse_tree(tree: SourceTree, today: date, progress: Progress | None = None) -> ParsedSource:
    """Parse every file of ``tree``; raise :class:`SyncError` at the first bad file."""
    result = ParsedSource()
    if progress:
        progress("congress", 0, 1)
    congress.parse(tree.congress, result)
    if progress:
        progress("congress", 1, 1)
    files = openstates.person_files(tree.openstates_data)
    state_people: list[PersonRecord] = []
    for done, (abbr, path) in enumerate(files, 1):
        outcome = openstates.parse_person_file(abbr, path, today)
        result.warnings.extend(outcome.warnings)
        if outcome.record:
            state_people.append(outcome.record)
        elif outcome.skipped:
            result.skip(outcome.skipped)
        if progress and (done % 250 == 0 or done == len(files)):
            progress("people", done, len(files))
    seen: dict[str, PersonRecord] = {}
    for record in state_people:
        if record.source_id in seen:
            raise SyncError(
                record.origin, f"ocd-person id also used in {seen[record.source_id].origin}"
            )
        seen[record.source_id] = record
    result.people.extend(openstates.keep_latest_single_seat(state_people, result))
    known = {p.source_id for p in result.people}
    openstates.parse_committees(tree.openstates_data, known, result, progress)
    if progress:
        progress("zip", 0, 1)
    zcta.parse(tree.zccd, result)
    if progress:
        progress("zip", 1, 1)
    return result


def counts_of(parsed: ParsedSource) -> dict[str, Any]:
    """Counts per state and office kind, and totals, for the sync record."""
    by_state: dict[str, Counter[str]] = defaultdict(Counter)
    for person in parsed.people:
        by_state[person.jurisdiction][person.office] += 1
    return {
        "by_state": {state: dict(sorted(c.items())) for state, c in sorted(by_state.items())},
        "by_office": dict(sorted(Counter(p.office for p in parsed.people).items())),
        "people": len(parsed.people),
        "committees": len(parsed.committees),
        "memberships": sum(len(c.members) for c in parsed.committees),
        "zip_rows": len(parsed.zips),
        "zctas": len({z.zcta for z in parsed.zips}),
        "skipped": dict(sorted(parsed.skipped.items())),
    }


T = TypeVar("T")


def _chunks(items: list[T], size: int = CHUNK) -> Iterable[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_directory(
    session: Session,
    parsed: ParsedSource,
    *,
    progress: Progress | None = None,
) -> tuple[int, int, int]:
    """Replace the directory's rows with ``parsed``; the caller commits.

    :returns: how many people were added, updated and removed.
    """
    step = 0
    steps = 7

    def tick(name: str) -> None:
        nonlocal step
        step += 1
        if progress:
            progress(f"write:{name}", step, steps)

    for model in (CommitteeMembership, Committee, Role, ContactOffice, SocialAccount):
        session.execute(delete(model))
    tick("clear")

    _write_jurisdictions(session)
    session.flush()
    tick("jurisdictions")
    ids, counts = _write_people(session, parsed)
    tick("people")
    _write_contacts(session, parsed, ids)
    tick("contacts")
    _write_committees(session, parsed, ids)
    tick("committees")
    session.execute(delete(ZipDistrict))
    session.execute(
        insert(table_of(ZipDistrict)),
        [
            {"id": n, "zcta": z.zcta, "state_abbr": z.state, "district": z.district}
            for n, z in enumerate(parsed.zips, 1)
        ],
    )
    tick("zip")
    _advance_sequences(session)
    tick("done")
    return counts


def _write_jurisdictions(session: Session) -> None:
    """Add or update the 56 jurisdictions."""
    existing_j = {j.abbr: j for j in session.scalars(select(Jurisdiction))}
    for info in jurisdictions.JURISDICTIONS.values():
        row = existing_j.get(info.abbr)
        if row is None:
            session.add(
                Jurisdiction(
                    abbr=info.abbr,
                    name=info.name,
                    ocd_id=info.ocd_id,
                    kind=info.kind,
                    fips=info.fips,
                )
            )
        else:
            row.name, row.ocd_id, row.kind, row.fips = info.name, info.ocd_id, info.kind, info.fips


def _write_people(
    session: Session, parsed: ParsedSource
) -> tuple[dict[str, int], tuple[int, int, int]]:
    """Write the people: their ids by source id, and how many were added, updated, removed."""
    # People added by corrections are not the data's: they stay, with their ids,
    # and the corrections re-apply after the write.
    existing = dict(
        session.execute(
            select(Person.source_id, Person.id).where(
                Person.source != correction_files.CAMPAIGN_SOURCE
            )
        )
        .tuples()
        .all()
    )
    # People who left keep their id for their return; no newcomer takes it.
    former = sync_guard.returning_ids(session)
    next_id = sync_guard.id_floor(session) + 1
    ids: dict[str, int] = {}
    returning: dict[str, int] = {}
    updates: list[dict[str, object]] = []
    inserts: list[dict[str, object]] = []
    for record in parsed.people:
        person_row = {name: getattr(record, name) for name in PERSON_FIELDS}
        if record.source_id in existing:
            person_row["id"] = ids[record.source_id] = existing[record.source_id]
            updates.append(person_row)
        elif record.source_id in former:
            person_row["id"] = ids[record.source_id] = returning[record.source_id] = former[
                record.source_id
            ]
            inserts.append(person_row)
        else:
            person_row["id"] = ids[record.source_id] = next_id
            next_id += 1
            inserts.append(person_row)
    leaving = {sid: pid for sid, pid in existing.items() if sid not in ids}
    sync_guard.remember_leavers(session, leaving, returning, utcnow())
    leavers = list(leaving.values())
    for chunk in _chunks(leavers):
        session.execute(delete(Person).where(Person.id.in_(chunk)))
    if updates:
        session.execute(update(Person), updates)
    if inserts:
        session.execute(insert(Person), inserts)
    return ids, (len(inserts), len(updates), len(leavers))


def _write_contacts(session: Session, parsed: ParsedSource, ids: dict[str, int]) -> None:
    """Write each person's office held, contact offices and social accounts."""
    roles, offices, social = [], [], []
    for record in parsed.people:
        pid = ids[record.source_id]
        roles.append(
            {
                "person_id": pid,
                "office": record.office,
                "jurisdiction_abbr": record.jurisdiction,
                "chamber": record.chamber,
                "district": record.district,
                "title": record.title,
                "start_date": record.start_date,
                "end_date": record.end_date,
            }
        )
        for position, office in enumerate(record.offices):
            offices.append({"person_id": pid, "position": position, **vars(office)})
        for platform, handle in sorted(record.social.items()):
            social.append({"person_id": pid, "platform": platform, "handle": handle})
    _number(roles, offices, social)
    session.execute(insert(table_of(Role)), roles)
    if offices:
        session.execute(insert(table_of(ContactOffice)), offices)
    if social:
        session.execute(insert(table_of(SocialAccount)), social)


def _write_committees(session: Session, parsed: ParsedSource, ids: dict[str, int]) -> None:
    """Write the committees and their members.

    :raise SyncError: for a committee id that appears twice.
    """
    committees, memberships = [], []
    seen_committees: set[str] = set()
    for committee in parsed.committees:
        if committee.id in seen_committees:
            raise SyncError(committee.id, "committee id appears twice")
        seen_committees.add(committee.id)
        committees.append(
            {
                "id": committee.id,
                "level": committee.level,
                "jurisdiction_abbr": committee.jurisdiction,
                "chamber": committee.chamber,
                "name": committee.name,
                "parent_id": committee.parent_id,
                "url": committee.url,
            }
        )
        for source_id, role in committee.members:
            memberships.append(
                {"committee_id": committee.id, "person_id": ids[source_id], "role": role}
            )
    _number(memberships)
    if committees:
        session.execute(insert(table_of(Committee)), committees)
    if memberships:
        session.execute(insert(table_of(CommitteeMembership)), memberships)


def _advance_sequences(session: Session) -> None:
    """On PostgreSQL, move each id sequence past the ids given explicitly."""
    if session.get_bind().dialect.name == "postgresql":
        for table in SERIAL_TABLES:
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )
            )


def _number(*row_lists: list[dict[str, Any]]) -> None:
    for rows in row_lists:
        for n, row in enumerate(rows, 1):
            row["id"] = n


def run_sync(
    session: Session,
    spec: str,
    *,
    shared: Path | None,
    timeout: float,
    today: date | None = None,
    progress: Progress | None = None,
    allow_shrink: bool = False,
) -> SyncOutcome:
    """Import the directory from ``spec`` in one transaction and record the run.

    Every value is checked first (:mod:`outreach.directory.importers.validation`), and a sync
    that would drop a jurisdiction or shrink one past
    :data:`outreach.directory.sync_guard.MAX_SHRINK` is refused unless ``allow_shrink``
    (:mod:`outreach.directory.sync_guard`). On failure (including ``KeyboardInterrupt``)
    the transaction is rolled back, a failed run is recorded, and the exception propagates.
    """
    today = today or date.today()
    started = utcnow()
    description = spec or "default"
    logger.info("directory sync started", extra={"sync_source": description})
    # Parsing builds hundreds of thousands of small objects and no cycles:
    # the cyclic collector would rescan them over and over for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with open_source(spec, shared=shared, timeout=timeout) as tree:
            description = tree.description
            t0 = time.perf_counter()
            try:
                parsed = parse_tree(tree, today, progress)
                validation.check_parsed(parsed)
            except SyncError as error:
                raise SyncError(
                    relative_to(tree.root, error.file), error.message, error.record
                ) from None
            parsed.warnings = [relative_to(tree.root, w) for w in parsed.warnings]
            freshness.record_dates(tree, parsed, today)
            forms = contact_forms.parse(tree.root)
            parse_seconds = time.perf_counter() - t0
            parsed.warnings.extend(
                sync_guard.check_shrink(session, parsed, allow_shrink=allow_shrink)
            )
            t1 = time.perf_counter()
            added, updated, removed = write_directory(session, parsed, progress=progress)
            parsed.warnings.extend(corrections.sync_messages(session, today))
            form_warnings, form_counts = contact_forms.apply(session, forms)
            parsed.warnings.extend(forms.warnings + form_warnings)
            sync = DirectorySync(
                source=description,
                status="ok",
                started_at=started,
                finished_at=utcnow(),
                upstream=tree.upstream,
                counts={
                    **counts_of(parsed),
                    "added": added,
                    "updated": updated,
                    "removed": removed,
                    "contact_forms": form_counts,
                },
                warnings=parsed.warnings,
            )
            session.add(sync)
            session.commit()
            write_seconds = time.perf_counter() - t1
    except BaseException as error:
        session.rollback()
        _record_failure(session, description, started, error)
        _log_failure(description, error)
        raise
    finally:
        if collecting:
            gc.enable()
    logger.info(
        "directory sync finished: %d added, %d updated, %d removed",
        added,
        updated,
        removed,
        extra={
            "sync_source": description,
            "sync_added": added,
            "sync_updated": updated,
            "sync_removed": removed,
            "sync_people": len(parsed.people),
            "sync_warnings": len(parsed.warnings),
            "sync_parse_seconds": round(parse_seconds, 2),
            "sync_write_seconds": round(write_seconds, 2),
        },
    )
    return SyncOutcome(sync, parse_seconds, write_seconds, added, updated, removed)


def _log_failure(source: str, error: BaseException) -> None:
    """Log a refused sync (it would shrink the directory) as a warning, a failed one an error."""
    reason = "interrupted" if isinstance(error, KeyboardInterrupt) else str(error)[:500]
    extra = {"sync_source": source, "sync_reason": reason}
    if isinstance(error, sync_guard.ShrinkRefused):
        logger.warning("directory sync refused: %s", reason, extra=extra)
    else:
        logger.error(
            "directory sync failed: %s",
            reason,
            extra={**extra, "sync_error": type(error).__name__},
        )


def _record_failure(
    session: Session, source: str, started: datetime, error: BaseException
) -> None:
    message = str(error) or error.__class__.__name__
    if isinstance(error, KeyboardInterrupt):
        message = "interrupted"
    try:
        session.add(
            DirectorySync(
                source=source,
                status="failed",
                started_at=started,
                finished_at=utcnow(),
                upstream={},
                counts={},
                warnings=[],
                error=message[:4000],
            )
        )
        session.commit()
    except Exception:  # pragma: no cover - recording the failure must not hide it
        session.rollback()


def directory_is_empty(session: Session) -> bool:
    """True before the first successful sync."""
    return (session.scalar(select(func.count()).select_from(Person)) or 0) == 0
