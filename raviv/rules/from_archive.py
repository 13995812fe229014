"""The evaluator's inputs, built from a network archive (``raviv-network/1``).

What counts is what the ledger counts (:func:`raviv.valuation.counted_entries`): only
validated contributions, without reversal pairs, plus the ``meeting`` entries attendance yields
(``duration_hours × people``; an excused member gives none), each valued at the rate in effect on
its date. The evaluator then keeps what falls on the member's membership days.

The rule set for a period is the one in effect on the period's first day (the latest
``effective_from`` on or before it). With no period named, the period is the one of ``at``
(:func:`raviv.rules.periods.period_at`), in the period kind of the rule set in effect at ``at``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from raviv.archive import schema
from raviv.archive.schema import Archive
from raviv.rules.evaluator import (
    Attendance,
    Criterion,
    DuesPayment,
    Enrolment,
    Evaluation,
    Exemption,
    HeldMeeting,
    MemberRecord,
    Membership,
    RuleSet,
    TierRule,
    ValuedEntry,
    evaluate,
)
from raviv.rules.periods import Period, period_at, period_starting
from raviv.valuation import Entry, counted_entries
from raviv.vocabulary import PartyKind


class NoRuleSet(LookupError):
    """The network had no participation rule in effect for the period asked."""


class WrongPeriod(ValueError):
    """The period asked is not one of the rule's (``field`` is ``period``), or the day of the
    evaluation comes before it (``field`` is ``at``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class EvaluationInputs:
    """The arguments of :func:`raviv.rules.evaluator.evaluate` for one period of one network."""

    rule_set: RuleSet
    period: Period
    members: tuple[MemberRecord, ...]
    meetings_held: tuple[HeldMeeting, ...]
    exemptions: tuple[Exemption, ...]


def evaluate_archive(
    archive: Archive, *, at: dt.date, period_start: dt.date | None = None
) -> Evaluation:
    """Every member of the archived network evaluated at ``at`` for the period starting
    ``period_start`` (by default, the period of ``at``)."""
    return evaluate_inputs(inputs_from_archive(archive, at=at, period_start=period_start), at)


def evaluate_inputs(inputs: EvaluationInputs, at: dt.date) -> Evaluation:
    """The evaluator run on ``inputs`` at ``at``, wherever the inputs were read from."""
    return evaluate(
        inputs.rule_set,
        inputs.period,
        at,
        inputs.members,
        meetings_held=inputs.meetings_held,
        exemptions=inputs.exemptions,
    )


def inputs_from_archive(
    archive: Archive, *, at: dt.date, period_start: dt.date | None = None
) -> EvaluationInputs:
    archived_rule, period = rule_and_period(archive.rule_sets, at=at, period_start=period_start)
    entries = counted_entries(archive)
    return EvaluationInputs(
        rule_set=rule_set_from_archive(archived_rule),
        period=period,
        members=tuple(_member_record(archive, member, entries) for member in archive.members),
        meetings_held=tuple(
            HeldMeeting(meeting.ref, meeting.date, meeting.kind, meeting.mandatory)
            for meeting in archive.meetings
        ),
        exemptions=tuple(exemption_from_archive(exemption) for exemption in archive.exemptions),
    )


def rule_and_period(
    rule_sets: Sequence[schema.RuleSet], *, at: dt.date, period_start: dt.date | None = None
) -> tuple[schema.RuleSet, Period]:
    """The period to evaluate (starting ``period_start``, else the one of ``at`` in the period
    kind of the rule then in effect) and the rule set in effect on its first day. Raises
    :class:`NoRuleSet` when there is none, :class:`WrongPeriod` when ``period_start`` is not the
    first day of a period of the rule or ``at`` comes before it."""
    anchor = rule_set_in_effect(rule_sets, period_start or at)
    if anchor is None:
        raise NoRuleSet(f"no rule set in effect on {period_start or at}")
    if period_start is None:
        period = period_at(anchor.period, at)
    else:
        try:
            period = period_starting(anchor.period, period_start)
        except ValueError as wrong:
            raise WrongPeriod("period", str(wrong)) from None
        if at < period.start:
            raise WrongPeriod("at", f"{at} is before the period, which starts on {period.start}")
    archived_rule = rule_set_in_effect(rule_sets, period.start)
    if archived_rule is None:
        raise NoRuleSet(f"no rule set in effect on {period.start}, when the period starts")
    return archived_rule, period


def exemption_from_archive(exemption: schema.Exemption) -> Exemption:
    waived = exemption.criteria
    return Exemption(
        member=exemption.member,
        criteria=waived if waived == "all" else frozenset(waived),
        period_start=exemption.period_start,
        reason=exemption.reason,
    )


def rule_set_in_effect(rule_sets: Sequence[schema.RuleSet], day: dt.date) -> schema.RuleSet | None:
    """The rule set with the latest ``effective_from`` on or before ``day``."""
    in_effect = [rule_set for rule_set in rule_sets if rule_set.effective_from <= day]
    return max(in_effect, key=lambda rule_set: rule_set.effective_from, default=None)


def rule_set_from_archive(rule_set: schema.RuleSet) -> RuleSet:
    return RuleSet(
        ref=rule_set.ref,
        effective_from=rule_set.effective_from,
        period=rule_set.period,
        grace_days=rule_set.grace_days,
        criteria=_criteria(rule_set.criteria),
        tiers=tuple(TierRule(tier.tier, _criteria(tier.criteria)) for tier in rule_set.tiers),
    )


def _criteria(criteria: Sequence[schema.Criterion]) -> tuple[Criterion, ...]:
    return tuple(
        Criterion(
            criterion=criterion.criterion,
            min=criterion.min,
            mandatory_only=criterion.mandatory_only,
            kinds=frozenset(criterion.kinds),
            min_volume_eur=criterion.min_volume_eur,
        )
        for criterion in criteria
    )


def _valued_entry(entry: Entry) -> ValuedEntry:
    assert entry.value_eur is not None  # counted_entries valued every entry
    return ValuedEntry(entry.date, entry.form, entry.quantity, entry.value_eur)


def _member_record(archive: Archive, member: schema.Member, entries: list[Entry]) -> MemberRecord:
    def is_member(party_kind: PartyKind, ref: str) -> bool:
        return party_kind == PartyKind.member and ref == member.ref

    return MemberRecord(
        ref=member.ref,
        tier=member.tier,
        memberships=tuple(
            Membership(membership.from_, membership.to, membership.status)
            for membership in member.memberships
        ),
        given=tuple(
            _valued_entry(entry)
            for entry in entries
            if is_member(entry.giver.kind, entry.giver.ref)
        ),
        received=tuple(
            _valued_entry(entry)
            for entry in entries
            if is_member(entry.receiver.kind, entry.receiver.ref)
        ),
        attendance=tuple(
            Attendance(
                meeting=meeting.ref,
                date=meeting.date,
                kind=meeting.kind,
                mandatory=meeting.mandatory,
                people=line.people or 0,
                excused=line.excused,
            )
            for meeting in archive.meetings
            for line in meeting.attendance
            if line.member == member.ref
        ),
        enrolments=tuple(
            Enrolment(group.ref, enrolment.from_, enrolment.to)
            for group in archive.working_groups
            for enrolment in group.enrolments
            if enrolment.member == member.ref
        ),
        dues=tuple(
            DuesPayment(due.period_start, due.paid_on)
            for due in member.dues
            if due.paid_on is not None
        ),
    )
