"""Properties of the participation rule that must hold for any member and any rule.

Statuses are ordered by :data:`raviv.rules.evaluator.STANDING`, worst to best: non_compliant,
at_risk, on_track, grace, compliant, exempt.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from hypothesis import given, settings
from hypothesis import strategies as st

from raviv.rules.evaluator import (
    PRO_RATED,
    STANDING,
    Attendance,
    Criterion,
    DuesPayment,
    Enrolment,
    Exemption,
    HeldMeeting,
    MemberRecord,
    Membership,
    RuleSet,
    Status,
    ValuedEntry,
    evaluate,
    pro_rata,
)
from raviv.rules.periods import Period
from raviv.vocabulary import CriterionName, Form, MeetingKind, MembershipStatus, PeriodKind

SEASON = Period(date(2025, 9, 1), date(2026, 9, 1))
HELD = tuple(
    HeldMeeting(f"m{i}", SEASON.start + timedelta(days=40 * i + 10), kind, mandatory)
    for i, (kind, mandatory) in enumerate(
        [
            (MeetingKind.working_group, False),
            (MeetingKind.general_assembly, True),
            (MeetingKind.board, True),
            (MeetingKind.seminar, False),
            (MeetingKind.training, False),
            (MeetingKind.working_group, False),
            (MeetingKind.general_assembly, True),
            (MeetingKind.project, False),
        ]
    )
)
FAST = settings(max_examples=100, deadline=None)

days = st.dates(min_value=date(2025, 8, 1), max_value=date(2026, 9, 30))
joining_days = st.dates(min_value=date(2024, 6, 1), max_value=date(2026, 3, 1))
amounts = st.decimals(min_value=0, max_value=40, places=2)
positive = st.decimals(min_value=Decimal("0.25"), max_value=20, places=2)


@st.composite
def memberships(draw: st.DrawFn) -> tuple[Membership, ...]:
    """One to three consecutive, non-overlapping periods, mostly active, the last maybe open."""
    start = draw(joining_days)
    spans = []
    for _ in range(draw(st.integers(1, 3))):
        length = draw(st.integers(1, 700))
        status = draw(st.sampled_from([MembershipStatus.active] * 3 + [MembershipStatus.suspended]))
        spans.append(Membership(start, start + timedelta(days=length), status))
        start += timedelta(days=length + draw(st.integers(0, 60)))
    if draw(st.booleans()):
        last = spans[-1]
        spans[-1] = Membership(last.start, None, last.status)
    return tuple(spans)


entries = st.builds(
    ValuedEntry, date=days, form=st.sampled_from(Form), quantity=positive, value_eur=amounts
)


@st.composite
def attendance(draw: st.DrawFn) -> tuple[Attendance, ...]:
    lines = []
    for meeting in draw(st.lists(st.sampled_from(HELD), unique=True, max_size=len(HELD))):
        people = draw(st.integers(0, 3))
        lines.append(
            Attendance(
                meeting.ref,
                meeting.date,
                meeting.kind,
                meeting.mandatory,
                people=people,
                excused=people == 0,
            )
        )
    return tuple(lines)


@st.composite
def records(draw: st.DrawFn, ref: str = "karim") -> MemberRecord:
    enrolment_start = draw(days)
    return MemberRecord(
        ref=ref,
        tier=draw(st.sampled_from(["member", "board"])),
        memberships=draw(memberships()),
        given=tuple(draw(st.lists(entries, max_size=10))),
        received=tuple(draw(st.lists(entries, max_size=3))),
        attendance=draw(attendance()),
        enrolments=tuple(
            Enrolment(group, enrolment_start, enrolment_start + timedelta(days=length))
            for group, length in draw(
                st.lists(st.tuples(st.sampled_from(["petr", "bureaux"]), st.integers(1, 400)))
            )
        ),
        dues=tuple(
            DuesPayment(SEASON.start, paid_on) for paid_on in draw(st.lists(days, max_size=1))
        ),
    )


@st.composite
def criteria(draw: st.DrawFn, *, balance: bool = True) -> Criterion:
    names = [name for name in CriterionName if balance or name != CriterionName.balance_index]
    name = draw(st.sampled_from(names))
    if name in {CriterionName.mandatory_meetings, CriterionName.dues_paid}:
        return Criterion(name)
    if name == CriterionName.balance_index:
        return Criterion(
            name,
            draw(st.decimals(min_value=-1, max_value=1, places=2)),
            min_volume_eur=draw(st.none() | amounts),
        )
    if name == CriterionName.meetings_attended:
        return Criterion(
            name,
            draw(st.integers(0, 5)),
            mandatory_only=draw(st.booleans()),
            kinds=frozenset(draw(st.lists(st.sampled_from(MeetingKind), max_size=2))),
        )
    if name in {CriterionName.groups_enrolled, CriterionName.forms_given}:
        return Criterion(name, draw(st.integers(0, 4)))
    return Criterion(name, draw(st.decimals(min_value=0, max_value=60, places=3)))


@st.composite
def rule_sets(draw: st.DrawFn, *, balance: bool = True) -> RuleSet:
    return RuleSet(
        ref="regle",
        effective_from=SEASON.start,
        period=PeriodKind.season,
        grace_days=draw(st.integers(0, 60)),
        criteria=tuple(draw(st.lists(criteria(balance=balance), min_size=1, max_size=5))),
    )


evaluation_days = st.dates(min_value=SEASON.start, max_value=SEASON.end + timedelta(days=60))


def status_of(
    rule_set: RuleSet, record: MemberRecord, at: date, exemptions: tuple[Exemption, ...] = ()
) -> Status | None:
    evaluation = evaluate(rule_set, SEASON, at, [record], meetings_held=HELD, exemptions=exemptions)
    return evaluation.members[0].status if evaluation.members else None


@FAST
@given(
    required=st.integers(0, 50) | st.decimals(min_value=0, max_value=500, places=4),
    total=st.integers(1, 366),
    data=st.data(),
)
def test_pro_rata_never_asks_more_than_the_full_rule(
    required: int | Decimal, total: int, data: st.DataObject
) -> None:
    member_days = data.draw(st.integers(0, total))

    owed = pro_rata(required, member_days, total)
    assert 0 <= owed <= required
    assert type(owed) is type(required)


@FAST
@given(rule_set=rule_sets(), record=records(), at=evaluation_days)
def test_every_pro_rated_requirement_is_at_most_the_rules_threshold(
    rule_set: RuleSet, record: MemberRecord, at: date
) -> None:
    evaluation = evaluate(rule_set, SEASON, at, [record], meetings_held=HELD)

    for member in evaluation.members:
        for criterion, result in zip(rule_set.criteria, member.criteria, strict=True):
            if criterion.criterion in PRO_RATED:
                assert criterion.min is not None
                assert result.required <= criterion.min


@FAST
@given(rule_set=rule_sets(balance=False), record=records(), entry=entries, at=evaluation_days)
def test_a_validated_entry_given_never_worsens_the_givers_status(
    rule_set: RuleSet, record: MemberRecord, entry: ValuedEntry, at: date
) -> None:
    # The balance index is left out: giving can bring exchanges up to its minimum volume and
    # make it apply (see test_giving_more_can_unmeet_the_balance_index_...).
    before = status_of(rule_set, record, at)
    richer = MemberRecord(
        record.ref,
        record.tier,
        record.memberships,
        (*record.given, entry),
        record.received,
        record.attendance,
        record.enrolments,
        record.dues,
    )
    after = status_of(rule_set, richer, at)

    assert (before is None) == (after is None)
    if before is not None and after is not None:
        assert STANDING[after] >= STANDING[before]


@FAST
@given(
    rule_set=rule_sets(),
    record=records(),
    at=evaluation_days,
    waived=st.just("all") | st.frozensets(st.sampled_from(CriterionName), min_size=1),
)
def test_an_exemption_never_worsens_a_status(
    rule_set: RuleSet,
    record: MemberRecord,
    at: date,
    waived: Literal["all"] | frozenset[CriterionName],
) -> None:
    exemption = Exemption("karim", waived, SEASON.start, "CA")
    before = status_of(rule_set, record, at)
    after = status_of(rule_set, record, at, (exemption,))

    if before is not None and after is not None:
        assert STANDING[after] >= STANDING[before]
    if waived == "all" and after is not None:
        assert after == Status.exempt


@FAST
@given(
    rule_set=rule_sets(),
    first=records(),
    second=records(ref="mallory"),
    at=evaluation_days,
)
def test_evaluation_is_deterministic_whatever_the_order_of_its_inputs(
    rule_set: RuleSet, first: MemberRecord, second: MemberRecord, at: date
) -> None:
    shuffled = MemberRecord(
        first.ref,
        first.tier,
        tuple(reversed(first.memberships)),
        tuple(reversed(first.given)),
        tuple(reversed(first.received)),
        tuple(reversed(first.attendance)),
        tuple(reversed(first.enrolments)),
        first.dues,
    )

    once = evaluate(rule_set, SEASON, at, [first, second], meetings_held=HELD)
    again = evaluate(rule_set, SEASON, at, [first, second], meetings_held=HELD)
    reordered = evaluate(
        rule_set, SEASON, at, [second, shuffled], meetings_held=tuple(reversed(HELD))
    )
    assert once == again == reordered
