"""Membership periods as pure data: a member's standing on a day, and the dated transitions.

Periods are half-open ``[starts_on, ends_on)``; ``ends_on`` is None while a period is open. History
is never rewritten: a transition closes the open period (sets its end) and/or appends a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from raviv.errors import FieldProblem, InvalidError
from raviv.registry.schemas import MemberStatus
from raviv.vocabulary import MembershipStatus


class Action(StrEnum):
    join_ = "join"  # also rejoining after having left (named join_: str.join exists)
    suspend = "suspend"
    resume = "resume"
    leave = "leave"


@dataclass(frozen=True, slots=True)
class Period:
    starts_on: date
    ends_on: date | None
    status: MembershipStatus

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day < self.ends_on)


@dataclass(frozen=True, slots=True)
class Transition:
    """What to write: close the open period on ``close_on`` and/or open ``opens``."""

    close_on: date | None
    opens: MembershipStatus | None


def status_on(periods: list[Period], day: date) -> MemberStatus:
    for period in periods:
        if period.covers(day):
            return MemberStatus(period.status.value)
    if not periods:
        return MemberStatus.none
    if all(p.starts_on > day for p in periods):
        return MemberStatus.not_yet
    return MemberStatus.left


def _refuse(reason: str) -> InvalidError:
    return InvalidError(reason, errors=[FieldProblem("on", reason)])


def plan(periods: list[Period], action: Action, on: date) -> Transition:
    """The writes that ``action`` on day ``on`` needs, or InvalidError saying why it cannot be."""
    open_periods = [p for p in periods if p.ends_on is None]
    current = open_periods[0] if open_periods else None
    last_end = max((p.ends_on for p in periods if p.ends_on is not None), default=None)

    if action is Action.join_:
        if current is not None:
            raise _refuse(f"already a member since {current.starts_on.isoformat()}")
        if last_end is not None and on < last_end:
            raise _refuse(
                f"a new period cannot start before {last_end.isoformat()}, when the last ended"
            )
        return Transition(close_on=None, opens=MembershipStatus.active)

    if current is None:
        raise _refuse("not a member at the moment: join first")
    if on <= current.starts_on:
        raise _refuse(
            f"must be after {current.starts_on.isoformat()}, when the current period began"
        )
    if action is Action.suspend:
        if current.status is MembershipStatus.suspended:
            raise _refuse("already suspended")
        return Transition(close_on=on, opens=MembershipStatus.suspended)
    if action is Action.resume:
        if current.status is not MembershipStatus.suspended:
            raise _refuse("not suspended")
        return Transition(close_on=on, opens=MembershipStatus.active)
    return Transition(close_on=on, opens=None)
