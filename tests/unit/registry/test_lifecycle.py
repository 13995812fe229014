"""Membership periods as pure data."""

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from raviv.errors import InvalidError
from raviv.registry.lifecycle import Action, Period, Transition, plan, status_on
from raviv.registry.schemas import MemberStatus
from raviv.vocabulary import MembershipStatus

ACTIVE, SUSPENDED = MembershipStatus.active, MembershipStatus.suspended
SEASON = date(2025, 9, 1)


def test_a_member_with_no_period_has_no_status() -> None:
    assert status_on([], SEASON) is MemberStatus.none


def test_periods_are_half_open_so_the_end_day_is_no_longer_covered() -> None:
    periods = [Period(date(2025, 1, 1), date(2025, 6, 1), ACTIVE)]
    assert status_on(periods, date(2025, 5, 31)) is MemberStatus.active
    assert status_on(periods, date(2025, 6, 1)) is MemberStatus.left


def test_a_member_whose_first_period_starts_later_is_not_yet_a_member() -> None:
    assert status_on([Period(date(2026, 1, 1), None, ACTIVE)], SEASON) is MemberStatus.not_yet


def test_joining_mid_season_opens_an_active_period() -> None:
    assert plan([], Action.join_, date(2026, 1, 1)) == Transition(None, ACTIVE)


def test_suspending_closes_the_active_period_and_opens_a_suspended_one() -> None:
    periods = [Period(date(2020, 1, 10), None, ACTIVE)]
    assert plan(periods, Action.suspend, date(2026, 2, 1)) == Transition(
        date(2026, 2, 1), SUSPENDED
    )


def test_resuming_closes_the_suspension_and_opens_an_active_period() -> None:
    periods = [
        Period(date(2020, 1, 10), date(2026, 2, 1), ACTIVE),
        Period(date(2026, 2, 1), None, SUSPENDED),
    ]
    assert plan(periods, Action.resume, date(2026, 3, 1)) == Transition(date(2026, 3, 1), ACTIVE)


def test_leaving_closes_the_open_period_without_opening_another() -> None:
    periods = [Period(date(2020, 1, 10), None, ACTIVE)]
    assert plan(periods, Action.leave, date(2026, 6, 30)) == Transition(date(2026, 6, 30), None)


def test_rejoining_after_leaving_opens_a_new_period_from_the_end_of_the_last() -> None:
    periods = [Period(date(2020, 1, 10), date(2024, 6, 30), ACTIVE)]
    assert plan(periods, Action.join_, date(2024, 6, 30)) == Transition(None, ACTIVE)
    with pytest.raises(InvalidError, match="cannot start before 2024-06-30"):
        plan(periods, Action.join_, date(2024, 1, 1))


@pytest.mark.parametrize(
    ("periods", "action", "on", "reason"),
    [
        ([Period(SEASON, None, ACTIVE)], Action.join_, date(2026, 1, 1), "already a member"),
        ([], Action.leave, SEASON, "not a member"),
        ([], Action.suspend, SEASON, "not a member"),
        ([Period(SEASON, None, ACTIVE)], Action.leave, SEASON, "must be after"),
        ([Period(SEASON, None, ACTIVE)], Action.resume, date(2026, 1, 1), "not suspended"),
        ([Period(SEASON, None, SUSPENDED)], Action.suspend, date(2026, 1, 1), "already suspended"),
    ],
)
def test_impossible_transitions_are_refused_with_the_reason(
    periods: list[Period], action: Action, on: date, reason: str
) -> None:
    with pytest.raises(InvalidError, match=reason) as raised:
        plan(periods, action, on)
    assert raised.value.errors[0].field == "on"


def _apply(periods: list[Period], action: Action, on: date) -> list[Period]:
    step = plan(periods, action, on)
    result = [
        Period(p.starts_on, step.close_on, p.status) if p.ends_on is None and step.close_on else p
        for p in periods
    ]
    if step.opens is not None:
        result.append(Period(on, None, step.opens))
    return result


@given(
    st.lists(
        st.tuples(st.sampled_from(list(Action)), st.dates(date(2018, 1, 1), date(2030, 12, 31))),
        max_size=25,
    )
)
def test_any_sequence_of_transitions_keeps_a_history_without_overlaps(
    steps: list[tuple[Action, date]],
) -> None:
    periods: list[Period] = []
    for action, on in steps:
        before = list(periods)
        try:
            periods = _apply(periods, action, on)
        except InvalidError:
            assert periods == before  # a refused transition changes nothing
            continue
        # History is only appended or closed: earlier periods keep their start and status.
        assert [(p.starts_on, p.status) for p in periods[: len(before)]] == [
            (p.starts_on, p.status) for p in before
        ]
    assert sum(p.ends_on is None for p in periods) <= 1
    for earlier, later in pairwise(periods):
        assert earlier.ends_on is not None
        assert earlier.starts_on < earlier.ends_on <= later.starts_on
