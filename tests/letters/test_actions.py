"""Anonymous action counts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from outreach.letters import action_counts as actions
from outreach.models import ActionCount

DAY = date(2026, 11, 21)


def count(session, **key) -> int:
    rows = session.scalars(select(ActionCount).filter_by(**key)).all()
    return sum(r.count for r in rows)


def test_counts_add_up_per_key(session):
    key = dict(template_id="state-introduce", office="state_senator", state="CA", channel="email")
    actions.record_action(session, **key, edited=True, day=DAY)
    actions.record_action(session, **key, edited=True, day=DAY)
    actions.record_action(session, **key, edited=False, day=DAY)
    actions.record_action(session, **{**key, "channel": "letter"}, edited=True, day=DAY)
    session.commit()
    assert count(session, channel="email", edited=True) == 2
    assert count(session, channel="email", edited=False) == 1
    assert count(session, channel="letter") == 1
    assert actions.total_actions(session) == 4
    assert session.scalars(select(ActionCount)).all()[0].day == DAY


@pytest.mark.parametrize(("channel", "office"), [("fax", "state_senator"), ("email", "emperor")])
def test_unknown_channel_or_office_is_refused(session, channel, office):
    with pytest.raises(actions.InvalidAction):
        actions.record_action(
            session,
            template_id="t",
            office=office,
            state="CA",
            channel=channel,
            edited=False,
            day=DAY,
        )
    assert actions.total_actions(session) == 0


def test_counts_keep_nothing_about_the_sender():
    columns = set(ActionCount.__table__.columns.keys())
    assert columns == {"id", "day", "template_id", "office", "state", "channel", "edited", "count"}
