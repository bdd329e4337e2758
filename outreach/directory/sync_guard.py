"""Guards of a directory sync against losing what a source merely left out.

- :func:`check_shrink` refuses a sync that would drop a jurisdiction's
  officials from one source altogether, or cut them by more than
  :data:`MAX_SHRINK` (a missing ``data/tx`` folder, a truncated file), unless
  the operator says so (``flask directory sync --allow-shrink``). The refusal
  is a :class:`ShrinkRefused` naming every jurisdiction and how many
  officials would go; nothing is changed.
- :func:`remember_leavers` and :func:`returning_ids` keep the id of every
  person a sync removes, so they get it back when they return, and
  :func:`id_floor` keeps newcomers from ever taking a former person's id.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from outreach.directory.importers import ParsedSource, SyncError
from outreach.directory.tables import table_of
from outreach.models import FormerPerson, Jurisdiction, Person, Role

#: The share of a jurisdiction's officials (from one source) a sync may remove.
MAX_SHRINK = 0.20
#: Below this many officials lost, a shrink is ordinary churn whatever the share.
MIN_LOSS = 3
SOURCE_LABELS = {
    "congress-legislators": "members of Congress",
    "openstates": "state officials (Open States)",
}


class ShrinkRefused(SyncError):
    """A sync that would remove a jurisdiction, or too many of its officials."""


def current_counts(session: Session) -> Counter[tuple[str, str]]:
    """Officials per (jurisdiction, source) in the directory now.

    Only the data sources count: officials the campaign added by a correction
    are never in a source, and a sync keeps them.
    """
    rows = session.execute(
        select(Role.jurisdiction_abbr, Person.source, func.count(func.distinct(Person.id)))
        .join(Person, Person.id == Role.person_id)
        .where(Person.source.in_(list(SOURCE_LABELS)))
        .group_by(Role.jurisdiction_abbr, Person.source)
    ).all()
    return Counter({(abbr, source): count for abbr, source, count in rows})


def parsed_counts(parsed: ParsedSource) -> Counter[tuple[str, str]]:
    """Officials per (jurisdiction, source) in what a sync parsed."""
    return Counter((p.jurisdiction, p.source) for p in parsed.people)


def shrinkage(session: Session, parsed: ParsedSource) -> list[str]:
    """One line per jurisdiction and source that would lose too many officials."""
    before = current_counts(session)
    after = parsed_counts(parsed)
    names = dict(session.execute(select(Jurisdiction.abbr, Jurisdiction.name)).tuples().all())
    problems = []
    for (abbr, source), count in sorted(before.items()):
        new = after.get((abbr, source), 0)
        lost = count - new
        label = SOURCE_LABELS.get(source, source)
        name = f"{names.get(abbr, abbr)} ({abbr})"
        if new == 0:
            problems.append(f"{name}: all {count} {label} would go (none in the source)")
        elif lost >= MIN_LOSS and lost > count * MAX_SHRINK:
            problems.append(
                f"{name}: {lost} of {count} {label} would go ({lost / count:.0%}; "
                f"{new} in the source)"
            )
    return problems


def check_shrink(session: Session, parsed: ParsedSource, *, allow_shrink: bool) -> list[str]:
    """Refuse a sync that drops or shrinks a jurisdiction, unless allowed.

    :returns: the shrinks accepted (with ``allow_shrink``), for the run's warnings.
    :raise ShrinkRefused: naming what would go, when not allowed.
    """
    problems = shrinkage(session, parsed)
    if problems and not allow_shrink:
        raise ShrinkRefused(
            "the source",
            "it would remove too much of the directory, so nothing was changed:\n  - "
            + "\n  - ".join(problems)
            + f"\nA source missing a state's folder or file does this. If the loss is real, "
            f"run the sync again with --allow-shrink (at most {MAX_SHRINK:.0%} of a "
            "jurisdiction's officials from one source may go without it).",
        )
    return [f"accepted with --allow-shrink: {problem}" for problem in problems]


def returning_ids(session: Session) -> dict[str, int]:
    """The former id of every person who left, by source id."""
    query = select(FormerPerson.source_id, FormerPerson.person_id)
    return dict(session.execute(query).tuples().all())


def id_floor(session: Session) -> int:
    """The highest id any person ever had (present or former), or 0."""
    present = session.scalar(select(func.max(Person.id))) or 0
    former = session.scalar(select(func.max(FormerPerson.person_id))) or 0
    return max(present, former)


def remember_leavers(
    session: Session, leavers: dict[str, int], returning: dict[str, int], now: datetime
) -> None:
    """Record the ids of the people leaving, and forget those who came back.

    :param leavers: source id → id of each person the sync removes.
    :param returning: source id → id of each former person the sync brings back.
    """
    if returning:
        session.execute(
            table_of(FormerPerson).delete().where(FormerPerson.source_id.in_(list(returning)))
        )
    if leavers:
        session.execute(
            insert(table_of(FormerPerson)),
            [{"source_id": sid, "person_id": pid, "left_at": now} for sid, pid in leavers.items()],
        )
