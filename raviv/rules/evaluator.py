"""Evaluating the participation rule (docs/rules.md) for every member over one period, at one date.

Plain data in, plain data out; ``docs/rules.md`` states every decision with the example network.
The caller (an archive or database adapter) hands over what counts, already prepared:

- ``given`` and ``received``: the member's **validated** ledger entries, reversal pairs already
  removed (a reversal and the entry it reverses count for nothing), each with its quantity in the
  form's canonical unit and its value in euros (frozen at validation). The ``meeting`` entries
  that attendance yields are among them: attendance itself only feeds the meeting criteria.
- ``attendance``: each meeting the member attended (``people`` ≥ 1) or was excused from.
- the meetings the network held (for ``mandatory_meetings``) and the exemptions decided.

The evaluator itself keeps only what is dated in the period before ``at`` and on the member's
active membership days. Counts are ``int``; hours, euros and the balance index are ``Decimal``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Final, Literal

from raviv.rules.periods import Period, clip_spans, period_starting, span_days
from raviv.valuation import TIME_LIKE_FORMS
from raviv.vocabulary import CriterionName, Form, MeetingKind, MembershipStatus, PeriodKind

ALL: Final = "all"

CUMULATIVE: Final = frozenset(
    {
        CriterionName.meetings_attended,
        CriterionName.hours_given,
        CriterionName.forms_given,
        CriterionName.value_given,
    }
)
"""Criteria that add up over the period: an unmet one can be on track. The others are states."""

COUNTS: Final = frozenset(
    {CriterionName.meetings_attended, CriterionName.groups_enrolled, CriterionName.forms_given}
)
AMOUNTS: Final = frozenset({CriterionName.hours_given, CriterionName.value_given})
PRO_RATED: Final = COUNTS | AMOUNTS
"""Criteria whose threshold a member owes pro rata of its membership days in the period."""

CENT: Final = Decimal("0.01")
INDEX_PLACES: Final = Decimal("0.0001")

Number = int | Decimal
Span = tuple[dt.date, dt.date]


# -- inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion: a threshold (``min``) where the criterion has one, and its filters."""

    criterion: CriterionName
    min: Number | None = None
    mandatory_only: bool = False
    kinds: frozenset[MeetingKind] = frozenset()
    min_volume_eur: Decimal | None = None

    def __post_init__(self) -> None:
        takes_threshold = self.criterion in PRO_RATED | {CriterionName.balance_index}
        if takes_threshold != (self.min is not None):
            raise ValueError(f"{self.criterion}: threshold {self.min!r} is not what it takes")
        if self.criterion in COUNTS and not isinstance(self.min, int):
            raise ValueError(f"{self.criterion} counts: its threshold is a whole number")


@dataclass(frozen=True, slots=True)
class TierRule:
    """The criteria asked of one membership tier instead of the rule set's general ones."""

    tier: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A version of the network's rule, evaluated over periods of its ``period`` kind;
    ``grace_days`` after its first membership day a member is in grace."""

    ref: str
    effective_from: dt.date
    period: PeriodKind
    grace_days: int
    criteria: tuple[Criterion, ...]
    tiers: tuple[TierRule, ...] = ()

    def criteria_for(self, tier: str) -> tuple[Criterion, ...]:
        for rule in self.tiers:
            if rule.tier == tier:
                return rule.criteria
        return self.criteria


@dataclass(frozen=True, slots=True)
class Membership:
    """A membership period ``[start, end)``; ``end`` is ``None`` while open. Suspended days are
    not membership days for the rule."""

    start: dt.date
    end: dt.date | None = None
    status: MembershipStatus = MembershipStatus.active


@dataclass(frozen=True, slots=True)
class ValuedEntry:
    """A validated ledger entry: ``quantity`` in the form's canonical unit, ``value_eur`` its
    value in euros."""

    date: dt.date
    form: Form
    quantity: Decimal
    value_eur: Decimal


@dataclass(frozen=True, slots=True)
class Attendance:
    """One member at one meeting: ``people`` present, or ``excused``."""

    meeting: str
    date: dt.date
    kind: MeetingKind
    mandatory: bool
    people: int = 0
    excused: bool = False

    @property
    def attended(self) -> bool:
        return self.people > 0 and not self.excused


@dataclass(frozen=True, slots=True)
class Enrolment:
    """An enrolment in a working group, ``[start, end)``."""

    group: str
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class DuesPayment:
    """Dues paid on ``paid_on`` for the period starting ``period_start``."""

    period_start: dt.date
    paid_on: dt.date


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """Everything about one member the rule looks at (see the module docstring)."""

    ref: str
    tier: str
    memberships: tuple[Membership, ...]
    given: tuple[ValuedEntry, ...] = ()
    received: tuple[ValuedEntry, ...] = ()
    attendance: tuple[Attendance, ...] = ()
    enrolments: tuple[Enrolment, ...] = ()
    dues: tuple[DuesPayment, ...] = ()


@dataclass(frozen=True, slots=True)
class HeldMeeting:
    """A meeting the network held."""

    ref: str
    date: dt.date
    kind: MeetingKind
    mandatory: bool


@dataclass(frozen=True, slots=True)
class Exemption:
    """A decided waiver of some criteria (or ``"all"``) for one member and one period."""

    member: str
    criteria: Literal["all"] | frozenset[CriterionName]
    period_start: dt.date
    reason: str

    def covers(self, criterion: CriterionName) -> bool:
        return self.criteria == ALL or criterion in self.criteria


# -- outputs --------------------------------------------------------------------------------------


class Status(StrEnum):
    """Where a member stands (docs/rules.md, "Status")."""

    exempt = "exempt"
    grace = "grace"
    compliant = "compliant"
    non_compliant = "non_compliant"
    on_track = "on_track"
    at_risk = "at_risk"


STANDING: Final[Mapping[Status, int]] = {
    Status.non_compliant: 0,
    Status.at_risk: 1,
    Status.on_track: 2,
    Status.grace: 3,
    Status.compliant: 4,
    Status.exempt: 5,
}
"""Statuses from worst to best. ``non_compliant`` (period over) and ``at_risk`` (not over) never
occur at the same date; grace and exempt rank high because nothing is held against the member."""


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion for one member. ``actual`` is ``None`` only for a balance index without any
    exchange. An exempted criterion is met."""

    criterion: CriterionName
    required: Number
    actual: Number | None
    met: bool
    shortfall: Number
    on_track: bool
    exempt: bool
    explanation_fr: str
    explanation_en: str


@dataclass(frozen=True, slots=True)
class MemberEvaluation:
    """One member: its status, and its criteria (none when exempt from all of them).
    ``member_days``: its active membership days in the period; ``elapsed_days``: those before
    ``at``."""

    member: str
    status: Status
    criteria: tuple[CriterionResult, ...]
    member_days: int
    elapsed_days: int
    exemption: str = ""

    @property
    def explanation_fr(self) -> str:
        if self.status == Status.exempt:
            return f"dispense : {self.exemption}"
        return " ; ".join(result.explanation_fr for result in self.criteria)

    @property
    def explanation_en(self) -> str:
        if self.status == Status.exempt:
            return f"exempted: {self.exemption}"
        return "; ".join(result.explanation_en for result in self.criteria)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every member evaluated, ordered by ref."""

    period: Period
    at: dt.date
    rule_set: str
    members: tuple[MemberEvaluation, ...]


# -- evaluation -----------------------------------------------------------------------------------


def evaluate(
    rule_set: RuleSet,
    period: Period,
    at: dt.date,
    members: Iterable[MemberRecord],
    *,
    meetings_held: Iterable[HeldMeeting] = (),
    exemptions: Iterable[Exemption] = (),
) -> Evaluation:
    """Every member whose membership has begun by ``at`` and covers part of ``period``,
    evaluated against ``rule_set`` at ``at``. What is dated ``d`` counts when
    ``period.start ≤ d < min(at, period.end)`` and ``d`` is one of the member's active days.

    Raises ``ValueError`` when ``period`` is not one of the rule set's kind, or has not begun."""
    if not _is_period_of(rule_set.period, period):
        raise ValueError(f"{period.start} to {period.end} is not a {rule_set.period} period")
    if at < period.start:
        raise ValueError(f"the period starting {period.start} has not begun on {at}")
    held = tuple(meetings_held)
    by_member: dict[str, list[Exemption]] = {}
    for exemption in exemptions:
        if exemption.period_start == period.start:
            by_member.setdefault(exemption.member, []).append(exemption)
    results = []
    for record in sorted(members, key=lambda record: record.ref):
        days = _Days.of(record, period, at)
        if days is not None:
            facts = _Facts.of(record, days, period, at, held)
            results.append(_evaluate_member(rule_set, facts, by_member.get(record.ref, [])))
    return Evaluation(period, at, rule_set.ref, tuple(results))


def _is_period_of(kind: PeriodKind, period: Period) -> bool:
    try:
        return period_starting(kind, period.start) == period
    except ValueError:  # it does not even start on the right day
        return False


@dataclass(frozen=True, slots=True)
class _Days:
    """A member's active membership days in the period, and those of them before ``at``."""

    in_period: tuple[Span, ...]
    elapsed: tuple[Span, ...]
    first_day: dt.date

    @classmethod
    def of(cls, record: MemberRecord, period: Period, at: dt.date) -> _Days | None:
        active = [
            (membership.start, membership.end or dt.date.max)
            for membership in record.memberships
            if membership.status == MembershipStatus.active
        ]
        in_period = clip_spans(active, period.start, period.end)
        if not in_period or in_period[0][0] > at:
            return None  # not a member during the period, or not yet
        elapsed = clip_spans(in_period, period.start, min(at, period.end))
        return cls(in_period, elapsed, min(start for start, _ in active))

    def counts(self, day: dt.date) -> bool:
        return any(start <= day < end for start, end in self.elapsed)

    def overlaps_elapsed(self, start: dt.date, end: dt.date | None) -> bool:
        return bool(clip_spans(self.elapsed, start, end or dt.date.max))


@dataclass(frozen=True, slots=True)
class _Facts:
    """What counts for one member: only what is dated on its elapsed membership days."""

    record: MemberRecord
    period: Period
    at: dt.date
    member_days: int
    elapsed_days: int
    first_day: dt.date
    given: tuple[ValuedEntry, ...]
    received: tuple[ValuedEntry, ...]
    attendance: tuple[Attendance, ...]
    enrolled_groups: frozenset[str]
    mandatory_held: frozenset[str]

    @classmethod
    def of(
        cls,
        record: MemberRecord,
        days: _Days,
        period: Period,
        at: dt.date,
        held: Sequence[HeldMeeting],
    ) -> _Facts:
        return cls(
            record=record,
            period=period,
            at=at,
            member_days=span_days(days.in_period),
            elapsed_days=span_days(days.elapsed),
            first_day=days.first_day,
            given=tuple(entry for entry in record.given if days.counts(entry.date)),
            received=tuple(entry for entry in record.received if days.counts(entry.date)),
            attendance=tuple(line for line in record.attendance if days.counts(line.date)),
            enrolled_groups=frozenset(
                enrolment.group
                for enrolment in record.enrolments
                if days.overlaps_elapsed(enrolment.start, enrolment.end)
            ),
            mandatory_held=frozenset(
                meeting.ref for meeting in held if meeting.mandatory and days.counts(meeting.date)
            ),
        )

    @property
    def pro_rated(self) -> bool:
        return self.member_days < self.period.days


def _evaluate_member(
    rule_set: RuleSet, facts: _Facts, exemptions: Sequence[Exemption]
) -> MemberEvaluation:
    criteria = rule_set.criteria_for(facts.record.tier)
    reasons = " ; ".join(dict.fromkeys(exemption.reason for exemption in exemptions))
    exempt_from_all = any(exemption.criteria == ALL for exemption in exemptions) or (
        bool(criteria) and all(any(e.covers(c.criterion) for e in exemptions) for c in criteria)
    )
    if exempt_from_all:
        return MemberEvaluation(
            facts.record.ref, Status.exempt, (), facts.member_days, facts.elapsed_days, reasons
        )
    results = []
    for criterion in criteria:
        result = _evaluate_criterion(criterion, facts)
        waiver = next((e for e in exemptions if e.covers(criterion.criterion)), None)
        results.append(result if waiver is None else _waived(result, waiver))
    return MemberEvaluation(
        member=facts.record.ref,
        status=_status(results, facts, rule_set.grace_days),
        criteria=tuple(results),
        member_days=facts.member_days,
        elapsed_days=facts.elapsed_days,
        exemption=reasons,
    )


def _status(results: Sequence[CriterionResult], facts: _Facts, grace_days: int) -> Status:
    if (facts.at - facts.first_day).days < grace_days:
        return Status.grace
    if all(result.met for result in results):
        return Status.compliant
    if facts.at >= facts.period.end:
        return Status.non_compliant
    if all(result.on_track for result in results):
        return Status.on_track
    return Status.at_risk


def _waived(result: CriterionResult, exemption: Exemption) -> CriterionResult:
    return CriterionResult(
        criterion=result.criterion,
        required=result.required,
        actual=result.actual,
        met=True,
        shortfall=result.required * 0,
        on_track=True,
        exempt=True,
        explanation_fr=f"dispense ({exemption.reason}) : {result.explanation_fr}",
        explanation_en=f"exempted ({exemption.reason}): {result.explanation_en}",
    )


def _evaluate_criterion(criterion: Criterion, facts: _Facts) -> CriterionResult:
    name = criterion.criterion
    if name == CriterionName.balance_index:
        return _balance_index(criterion, facts)
    required, actual = _MEASURES[name](criterion, facts)
    pro_rated = name in PRO_RATED and facts.pro_rated
    if pro_rated:
        required = pro_rata(required, facts.member_days, facts.period.days)
    fr, en = _EXPLAIN[name](criterion, required, actual)
    if pro_rated:
        fr += f" (prorata : {facts.member_days} jours d'adhésion sur {facts.period.days})"
        en += f" (pro rata: {facts.member_days} membership days of {facts.period.days})"
    met = actual >= required
    # On track: a ≥ r × f, f = elapsed / member days, compared exactly.
    on_track = met or (
        name in CUMULATIVE
        and Fraction(actual) * facts.member_days >= Fraction(required) * facts.elapsed_days
    )
    return CriterionResult(
        criterion=name,
        required=required,
        actual=actual,
        met=met,
        shortfall=max(required - actual, required * 0),
        on_track=on_track,
        exempt=False,
        explanation_fr=fr,
        explanation_en=en,
    )


def pro_rata(required: Number, member_days: int, period_days: int) -> Number:
    """``required × member_days / period_days``: counts rounded up, amounts half-up to the cent
    (never above ``required``, even when it has more decimals than cents)."""
    share = Fraction(required) * member_days / period_days
    if isinstance(required, int):
        return math.ceil(share)
    return min(_half_up(share, CENT), required)


def _half_up(value: Fraction, step: Decimal) -> Decimal:
    """``value`` rounded to a multiple of ``step``, halves away from zero, exactly."""
    steps = abs(value) / Fraction(step)
    rounded = math.floor(steps + Fraction(1, 2))
    return (Decimal(rounded) * step).copy_sign(Decimal(value.numerator))


# -- measures -------------------------------------------------------------------------------------


def _threshold(criterion: Criterion) -> Number:
    assert criterion.min is not None  # Criterion.__post_init__ checked it
    return criterion.min if criterion.criterion in COUNTS else Decimal(criterion.min)


def _meetings_attended(criterion: Criterion, facts: _Facts) -> tuple[Number, Number]:
    attended = {
        line.meeting
        for line in facts.attendance
        if line.attended
        and (line.mandatory or not criterion.mandatory_only)
        and (line.kind in criterion.kinds or not criterion.kinds)
    }
    return _threshold(criterion), len(attended)


def _hours_given(criterion: Criterion, facts: _Facts) -> tuple[Number, Number]:
    hours = sum((e.quantity for e in facts.given if e.form in TIME_LIKE_FORMS), Decimal(0))
    return _threshold(criterion), hours


def _groups_enrolled(criterion: Criterion, facts: _Facts) -> tuple[Number, Number]:
    return _threshold(criterion), len(facts.enrolled_groups)


def _mandatory_meetings(_criterion: Criterion, facts: _Facts) -> tuple[Number, Number]:
    present_or_excused = {
        line.meeting for line in facts.record.attendance if line.attended or line.excused
    }
    return len(facts.mandatory_held), len(facts.mandatory_held & present_or_excused)


def _dues_paid(_criterion: Criterion, facts: _Facts) -> tuple[Number, Number]:
    paid = any(
        due.period_start == facts.period.start and due.paid_on < facts.at
        for due in facts.record.dues
    )
    return 1, int(paid)


def _forms_given(criterion: Criterion, facts: _Facts) -> tuple[Number, Number]:
    return _threshold(criterion), len({entry.form for entry in facts.given})


def _value_given(criterion: Criterion, facts: _Facts) -> tuple[Number, Number]:
    return _threshold(criterion), sum((entry.value_eur for entry in facts.given), Decimal(0))


_MEASURES = {
    CriterionName.meetings_attended: _meetings_attended,
    CriterionName.hours_given: _hours_given,
    CriterionName.groups_enrolled: _groups_enrolled,
    CriterionName.mandatory_meetings: _mandatory_meetings,
    CriterionName.dues_paid: _dues_paid,
    CriterionName.forms_given: _forms_given,
    CriterionName.value_given: _value_given,
}


def _balance_index(criterion: Criterion, facts: _Facts) -> CriterionResult:
    """B = (G − R) / (G + R) over what the member gave and received while a member. It applies
    only once G + R reaches ``min_volume_eur``, and is met otherwise; with no exchange at all
    there is no index, and it does not apply either."""
    required = Decimal(_threshold(criterion))
    given = sum((entry.value_eur for entry in facts.given), Decimal(0))
    received = sum((entry.value_eur for entry in facts.received), Decimal(0))
    volume = given + received
    floor = criterion.min_volume_eur or Decimal(0)
    index = Fraction(given - received) / Fraction(volume) if volume else None
    actual, shortfall, met = None, Decimal(0), True
    if index is None:
        fr = "indice d'équilibre non applicable : aucun échange"
        en = "balance index not applicable: no exchange"
    elif volume < floor:
        actual = _half_up(index, INDEX_PLACES)
        fr = (
            f"indice d'équilibre non applicable : {_eur_fr(volume)} échangés, "
            f"sous le seuil de {_eur_fr(floor)}"
        )
        en = f"balance index not applicable: {_eur_en(volume)} exchanged, below {_eur_en(floor)}"
    else:
        actual = _half_up(index, INDEX_PLACES)
        met = index >= Fraction(required)
        if not met:
            shortfall = _half_up(Fraction(required) - index, INDEX_PLACES)
        fr = f"indice d'équilibre {_decimal(actual, ',')} pour {_decimal(required, ',')} au moins"
        en = f"balance index {_decimal(actual, '.')}, at least {_decimal(required, '.')}"
    return CriterionResult(
        criterion=criterion.criterion,
        required=required,
        actual=actual,
        met=met,
        shortfall=shortfall,
        on_track=met,
        exempt=False,
        explanation_fr=fr,
        explanation_en=en,
    )


# -- explanations ---------------------------------------------------------------------------------

_Explainer = Callable[[Criterion, Number, Number], tuple[str, str]]

_KINDS_FR = {
    MeetingKind.general_assembly: "assemblée générale",
    MeetingKind.board: "conseil d'administration",
    MeetingKind.working_group: "groupe de travail",
    MeetingKind.project: "projet",
    MeetingKind.seminar: "séminaire",
    MeetingKind.training: "formation",
}


def _decimal(value: Number, mark: str) -> str:
    text = str(value) if isinstance(value, int) else format(value.normalize(), "f")
    return text.replace(".", mark)


def _eur_en(value: Decimal) -> str:
    return f"€{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def _eur_fr(value: Decimal) -> str:
    english = f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"
    return english.replace(",", " ").replace(".", ",") + " €"


def _fr(count: Number, words: str) -> str:
    """``words`` with each ``{s}`` made plural from 2, as French does."""
    return words.format(s="s" if count >= 2 else "")


def _en(count: Number, words: str) -> str:
    """``words`` with each ``{s}`` made plural but for 1, as English does."""
    return words.format(s="" if count == 1 else "s")


def _count_of(fr_words: str, en_words: str) -> _Explainer:
    """Explains a count: "2 groupes de travail sur 3" / "2 working groups of 3"."""

    def explain(_c: Criterion, required: Number, actual: Number) -> tuple[str, str]:
        return (
            f"{actual} {_fr(actual, fr_words)} sur {required}",
            f"{actual} {_en(actual, en_words)} of {required}",
        )

    return explain


def _explain_meetings(c: Criterion, required: Number, actual: Number) -> tuple[str, str]:
    fr_words = "réunion{s} obligatoire{s}" if c.mandatory_only else "réunion{s}"
    en_words = "mandatory meeting{s}" if c.mandatory_only else "meeting{s}"
    fr, en = _count_of(fr_words, en_words)(c, required, actual)
    if c.kinds:
        kinds = sorted(c.kinds)
        fr += " (" + ", ".join(_KINDS_FR[kind] for kind in kinds) + ")"
        en += " (" + ", ".join(kind.replace("_", " ") for kind in kinds) + ")"
    return fr, en


def _explain_hours(_c: Criterion, required: Number, actual: Number) -> tuple[str, str]:
    return (
        f"{_decimal(actual, ',')} h sur {_decimal(required, ',')} h",
        f"{_decimal(actual, '.')} h of {_decimal(required, '.')} h",
    )


def _explain_mandatory(_c: Criterion, required: Number, actual: Number) -> tuple[str, str]:
    if not required:
        return (
            "aucune réunion obligatoire tenue à ce jour pendant l'adhésion",
            "no mandatory meeting held so far while a member",
        )
    return (
        f"{actual} {_fr(actual, 'réunion{s} obligatoire{s}')} sur {required} (présence ou excuse)",
        f"{actual} {_en(actual, 'mandatory meeting{s}')} of {required} attended or excused",
    )


def _explain_dues(_c: Criterion, _required: Number, actual: Number) -> tuple[str, str]:
    if actual:
        return "cotisation de la période payée", "dues for the period paid"
    return "cotisation de la période non payée", "dues for the period not paid"


def _explain_value(_c: Criterion, required: Number, actual: Number) -> tuple[str, str]:
    return (
        f"{_eur_fr(Decimal(actual))} sur {_eur_fr(Decimal(required))}",
        f"{_eur_en(Decimal(actual))} of {_eur_en(Decimal(required))}",
    )


_EXPLAIN: dict[CriterionName, _Explainer] = {
    CriterionName.meetings_attended: _explain_meetings,
    CriterionName.hours_given: _explain_hours,
    CriterionName.groups_enrolled: _count_of("groupe{s} de travail", "working group{s}"),
    CriterionName.mandatory_meetings: _explain_mandatory,
    CriterionName.dues_paid: _explain_dues,
    CriterionName.forms_given: _count_of("forme{s} de contribution", "form{s} of contribution"),
    CriterionName.value_given: _explain_value,
}
