"""What the enforcement API reads and writes: the network's policy, reminders, cases, their
decisions and the member's answers."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from raviv.edge import Input

Note = Annotated[str, Meta(min_length=1, max_length=5000)]


class _Input(Input):
    pass


# -- policy ----------------------------------------------------------------------------------------


class PolicyUpdate(_Input):
    """The whole policy: every field is stated (a PUT replaces it)."""

    reminders: bool
    reminder_interval_days: Annotated[
        int, Meta(ge=1, le=366, description="Fewest days between two reminders to one member.")
    ]
    open_cases: bool


class Policy(msgspec.Struct, kw_only=True):
    """How the network acts on its rule; ``stated`` False: none was saved, the defaults apply."""

    reminders: bool
    reminder_interval_days: int
    open_cases: bool
    stated: bool
    updated_at: dt.datetime | None


# -- reminders -------------------------------------------------------------------------------------


class ReminderStatus(StrEnum):
    sending = "sending"  # claimed by a run that has not said how it went yet
    sent = "sent"
    failed = "failed"  # tried again by the next run while the member is at risk
    no_recipient = "no_recipient"  # the member has no representative with an address


class Period(msgspec.Struct, kw_only=True):
    start: dt.date
    end: dt.date  # the day after its last day


class Reminder(msgspec.Struct, kw_only=True):
    member: str
    day: dt.date
    period: Period
    status: ReminderStatus
    recipients: list[str]
    subject: str
    text: str
    message_id: str
    error: str
    attempts: int
    sent_at: dt.datetime | None


# -- cases -----------------------------------------------------------------------------------------


class CaseStatus(StrEnum):
    open = "open"
    closed = "closed"


class DecisionKind(StrEnum):
    warning = "warning"  # avertissement
    restriction = "restriction"  # restriction des services mutualisés du réseau
    suspension_proposal = "suspension_proposal"  # proposition de suspension au CA
    lift = "lift"  # levée de la restriction en cours


class DecisionCreate(_Input):
    """A decision on a case. ``decided_on`` defaults to today (the network's time zone); a
    restriction runs from ``starts_on`` (default: ``decided_on``) to ``ends_on`` (the first day
    it no longer applies), or until lifted when ``ends_on`` is left out."""

    kind: DecisionKind
    note: Note
    decided_on: dt.date | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class AnswerCreate(_Input):
    text: Note


class CaseClose(_Input):
    note: Note


class Restriction(msgspec.Struct, kw_only=True):
    """A restriction of network services in force: since ``since``, until ``ends_on`` (the
    first day it no longer applies) or, when null, until lifted."""

    case: str
    since: dt.date
    ends_on: dt.date | None
    decided_on: dt.date
    note: str


class Decision(msgspec.Struct, kw_only=True):
    number: int  # 1, 2… in the order decided
    kind: DecisionKind
    note: str
    decided_on: dt.date
    starts_on: dt.date | None
    ends_on: dt.date | None
    decided_by: str
    created_at: dt.datetime
    superseded_by: int | None  # the number of the next decision of the case


class Answer(msgspec.Struct, kw_only=True):
    text: str
    written_by: str
    by_representative: bool
    created_at: dt.datetime


class CaseSummary(msgspec.Struct, kw_only=True):
    ref: str
    member: str
    period: Period
    status: CaseStatus
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    decision: DecisionKind | None  # the latest decision's kind
    restriction: Restriction | None  # in force today


class Case(CaseSummary, kw_only=True):
    """A case whole: the evaluation it came from, every decision and answer, in order."""

    snapshot_day: dt.date | None
    rule_set: str
    evaluation: dict[str, Any]  # the member, as `raviv rules evaluate --json` wrote it then
    decisions: list[Decision]
    answers: list[Answer]
    close_note: str


class MemberEnforcement(msgspec.Struct, kw_only=True):
    """A member's own view: the restriction in force today, its reminders and its cases."""

    member: str
    restriction: Restriction | None
    reminders: list[Reminder]
    cases: list[CaseSummary]
