"""Scoring against the rubric: points, unknowns, the strongest law, pending and recent bills."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.campaign.scoring import (
    ZERO,
    Score,
    bill_score,
    format_points,
    score_ratings,
)
from outreach.campaign.standings import standing_for
from outreach.models import Assessment, Bill, Rating, ReformRecord, ReformStatus

TODAY = date(2026, 7, 1)


def bill(
    identifier: str,
    ratings: dict[int, str] | None = None,
    *,
    stage: str = "enacted",
    active: bool = False,
    last_action: date = date(2021, 6, 1),
    qi_effect: str = "ends",
    session_end: str | None = None,
) -> Bill:
    """A bill that is never saved: scoring needs no database."""
    row = Bill(
        qi_effect=qi_effect,
        session_end=session_end,
        slug=identifier.lower().replace(" ", "-"),
        jurisdiction="CO",
        identifier=identifier,
        title=f"Bill {identifier}",
        session="2021",
        stage=stage,
        active=active,
        last_action=last_action,
        url="https://example.org/bill",
        summary="",
        events=[],
    )
    row.assessments = [
        Assessment(criterion=n, rating=rating, note="", source=None)
        for n, rating in (ratings or {}).items()
    ]
    return row


def record(status: str = "enacted") -> ReformRecord:
    return ReformRecord(
        jurisdiction="CO", status=status, summary="", as_of=date(2026, 1, 1), sources=[]
    )


def all_of(rating: str) -> dict[int, str]:
    return {n: rating for n in range(1, 10)}


# ----------------------------------------------------------------------------- points


def test_met_counts_one_partial_half_not_met_and_unknown_nothing():
    score = score_ratings({1: "met", 2: "partial", 3: "not_met", 4: "unknown", 5: "met"})
    assert score.points == 2.5
    assert (score.met, score.partial, score.not_met, score.unknown) == (2, 1, 1, 5)
    assert score.label == "2.5/9"
    assert score.band == 2


def test_missing_criteria_count_as_unknown():
    score = score_ratings({1: Rating.MET})
    assert score.points == 1
    assert score.unknown == 8
    assert score.met + score.partial + score.not_met + score.unknown == 9


def test_all_partial_is_four_and_a_half():
    score = score_ratings(all_of("partial"))
    assert score.points == 4.5
    assert score.label == "4.5/9"
    assert score.band == 4  # half points round down to the band below
    assert score.unknown == 0


def test_a_perfect_score_and_a_zero():
    assert score_ratings(all_of("met")).label == "9/9"
    assert score_ratings(all_of("met")).band == 9
    assert score_ratings(all_of("not_met")).points == 0
    assert score_ratings(all_of("not_met")).unknown == 0
    assert ZERO.label == "0/9"


def test_unknown_rating_is_rejected():
    with pytest.raises(ValueError, match="maybe"):
        score_ratings({1: "maybe"})


@pytest.mark.parametrize(("points", "text"), [(6.0, "6"), (6.5, "6.5"), (0.0, "0"), (9, "9")])
def test_format_points(points, text):
    assert format_points(points) == text


def test_bill_score_reads_the_assessments():
    score = bill_score(bill("SB 1", {1: "met", 2: "met", 3: "partial", 9: "not_met"}))
    assert score == Score(points=2.5, met=2, partial=1, not_met=1, unknown=5)


# ----------------------------------------------------------------------------- standings


def test_the_strongest_of_several_laws_gives_the_score():
    weak = bill("SB 1", {1: "met"}, last_action=date(2024, 1, 1))
    strong = bill("SB 2", {1: "met", 2: "met", 3: "partial"}, last_action=date(2020, 6, 19))
    middle = bill("SB 3", {1: "met", 2: "partial"}, last_action=date(2022, 1, 1))
    standing = standing_for("CO", "Colorado", "state", record(), [weak, strong, middle], TODAY)
    assert standing.strongest_law is strong
    assert standing.score.points == 2.5
    # every law is listed, newest first
    assert [b.identifier for b, _ in standing.laws] == ["SB 1", "SB 3", "SB 2"]


def test_a_tie_goes_to_the_most_recent_law():
    old = bill("SB 1", {1: "met"}, last_action=date(2020, 1, 1))
    new = bill("SB 2", {2: "met"}, last_action=date(2023, 1, 1))
    standing = standing_for("CO", "Colorado", "state", record(), [old, new], TODAY)
    assert standing.strongest_law is new


def test_pending_bills_show_beside_without_changing_the_score():
    law = bill("SB 1", {1: "met", 2: "partial"})
    pending = bill("HB 9", all_of("met"), stage="introduced", active=True)
    passed_one = bill("HB 10", {1: "met"}, stage="passed_one_chamber", active=True)
    dead = bill("HB 11", all_of("met"), stage="introduced", active=False)
    failed = bill("HB 12", all_of("met"), stage="failed")
    standing = standing_for(
        "CO", "Colorado", "state", record(), [law, pending, passed_one, dead, failed], TODAY
    )
    assert standing.score.points == 1.5
    assert {b.identifier for b, _ in standing.pending} == {"HB 9", "HB 10"}
    assert standing.has_pending
    pending_scores = {b.identifier: s.points for b, s in standing.pending}
    assert pending_scores == {"HB 9": 9, "HB 10": 1}
    assert {b.identifier for b, _ in standing.other_bills} == {"HB 11", "HB 12"}


def test_no_law_in_force_scores_zero_even_with_a_strong_pending_bill():
    pending = bill("HB 9", all_of("met"), stage="passed_one_chamber", active=True)
    standing = standing_for("NY", "New York", "state", record("pending"), [pending], TODAY)
    assert standing.strongest_law is None
    assert standing.score == ZERO
    assert standing.status == ReformStatus.PENDING
    assert standing.status_label == "Bill pending"


@pytest.mark.parametrize(
    ("stage", "last_action", "recent"),
    [
        ("enacted", date(2026, 1, 15), True),
        ("passed_one_chamber", date(2025, 9, 1), True),
        ("enacted", date(2025, 7, 1), True),  # exactly a year ago
        ("enacted", date(2025, 6, 30), False),
        ("introduced", date(2026, 6, 1), False),  # introduced is not passed
        ("failed", date(2026, 6, 1), False),
    ],
)
def test_recently_passed(stage, last_action, recent):
    b = bill("SB 1", {1: "met"}, stage=stage, last_action=last_action, active=False)
    standing = standing_for("CO", "Colorado", "state", record(), [b], TODAY)
    assert standing.recently_passed is recent


def test_unknown_counts_come_from_the_strongest_law():
    law = bill("SB 1", {1: "met", 2: "met", 3: "not_met"})
    standing = standing_for("CO", "Colorado", "state", record(), [law], TODAY)
    assert standing.score.unknown == 6
    assert standing.score.met == 2
    assert standing.score.not_met == 1


def test_no_record_reads_as_no_action_recorded():
    standing = standing_for("WY", "Wyoming", "state", None, [], TODAY)
    assert standing.status is None
    assert standing.status_label == "No action recorded"
    assert standing.score == ZERO
    assert not standing.has_pending
    assert not standing.recently_passed


def test_only_enacted_ends_or_limits_laws_give_a_status():
    fees = bill("HB 670", {5: "met", 8: "partial"}, qi_effect="other_remedy")
    unknown = bill("HB 1", {1: "met"}, qi_effect="unknown")
    standing = standing_for("MD", "Maryland", "state", record(), [fees, unknown], TODAY)
    assert standing.score.label == "1.5/9"  # the score stays beside the status
    assert standing.status.value == "none"
    assert standing.qi_law is None
    limits = bill("HB 2", {1: "partial"}, qi_effect="limits")
    standing = standing_for("MD", "Maryland", "state", record(), [fees, limits], TODAY)
    assert standing.status.value == "limited"
    assert standing.qi_law is limits


def test_unknown_and_rollback_bills_are_never_pending_reform():
    unknown = bill("HB 3", all_of("met"), stage="introduced", active=True, qi_effect="unknown")
    rollback = bill("HB 4", {}, stage="introduced", active=True, qi_effect="rollback")
    standing = standing_for("CO", "Colorado", "state", record(), [unknown, rollback], TODAY)
    assert standing.pending == []
    assert [b for b, _ in standing.rollbacks] == [rollback]
    assert standing.status.value == "none"
    assert not standing.recently_passed


def test_a_bill_past_its_session_end_is_stale_not_pending():
    late = bill(
        "SB 5", {1: "met"}, stage="passed_one_chamber", active=True,
        last_action=date(2026, 2, 1), session_end="2026-05",
    )  # fmt: skip
    standing = standing_for("CO", "Colorado", "state", record(), [late], date(2026, 6, 1))
    assert standing.pending == []
    assert [b for b, _ in standing.stale] == [late]
    assert not standing.recently_passed
    # before the session ends it is pending
    standing = standing_for("CO", "Colorado", "state", record(), [late], date(2026, 5, 31))
    assert [b for b, _ in standing.pending] == [late]
