"""The evaluator's inputs read straight from the database: the fast path of an evaluation.

It gives the evaluator exactly what counts in what
:func:`raviv.rules.from_archive.inputs_from_archive` builds from the network's exported archive
(the reference, :func:`raviv.network_archive.evaluation.evaluate_exported`), reading only what the
rule looks at, in about a dozen set-based queries:

- the rule set versions (unless the caller read them already) and the exemptions
  (:mod:`raviv.participation.archive_io`); the rule and the period are chosen as for an archive
  (:func:`raviv.rules.from_archive.rule_and_period`); only the period's exemptions are kept;
- the members (ref, tier) and their membership periods;
- the ledger, reduced by the database in one statement (:data:`SUMMED`): the validated entries
  net of reversal pairs (a validated reversal cancels its entry whatever the dates of the two),
  dated in the counted days ``[period start, min(at, period end))`` on a day the giver (or the
  receiving member) was an active member, summed per member and form: quantity, frozen value,
  and the first such day as the date. The evaluator's figures over these sums (hours, distinct
  forms, value, balance index) are those over the entries one by one, since every entry summed
  is one it would keep. The rare validated entry without a frozen value is valued at the rate of
  its day (:func:`raviv.valuation.valued`, the network's rates and charge coefficient),
  one entry at a time (alike ones are summed apart by the database, and counted);
- the meetings of the counted days with their attendance
  (:func:`raviv.ledger.archive_io.read_meetings`): the ``meeting`` entries attendance yields
  (:func:`raviv.valuation.meeting_entries`, each valued alone, as its rounding to the cent
  wants), the attendance lines and the mandatory meetings held;
- the enrolments that overlap the counted days, and the dues paid for the period.

What is left out (entries of other periods or of days a member was not one, submitted or
rejected entries, entries between the network and its groups, meetings outside the period,
meetings held that are not mandatory) is what the evaluator would drop or not look at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from piccolo.query.methods.raw import Raw
from piccolo.querystring import QueryString

from raviv.archive import schema as a
from raviv.ledger.archive_io import read_charge_coefficient, read_meetings, read_rates
from raviv.ledger.tables import Contribution, Enrolment
from raviv.lib.amounts import euros, from_milli
from raviv.participation import archive_io as rules_io
from raviv.registry.tables import Due, Member, Membership
from raviv.rules import evaluator as ev
from raviv.rules.from_archive import (
    EvaluationInputs,
    exemption_from_archive,
    rule_and_period,
    rule_set_from_archive,
)
from raviv.valuation import DatedRate, Entry, Party, meeting_entries, valued
from raviv.vocabulary import ContributionStatus, Form, MembershipStatus, PartyKind

_FORMS: Mapping[str, Form] = {form.value: form for form in Form}
_STATUSES: Mapping[str, MembershipStatus] = {status.value: status for status in MembershipStatus}
_VALIDATED = ContributionStatus.validated.value

Valuer = Callable[[Entry], Decimal]


async def read_inputs(
    network: int,
    *,
    at: dt.date,
    period_start: dt.date | None = None,
    rule_sets: Sequence[a.RuleSet] | None = None,
) -> tuple[EvaluationInputs, dict[str, int]]:
    """The evaluator's inputs for ``network`` on ``at`` (period starting ``period_start``, else
    the period of ``at``), and a summary of what they hold: the members read; the ledger entries
    counted, given or received by a member (an exchange between two members counts once on each
    side); the meetings and attendance lines of the counted days; the network's rule set
    versions; the period's exemptions. Raises :class:`raviv.rules.from_archive.NoRuleSet` when
    no rule was in effect. ``rule_sets``: the network's versions when the caller has read them
    already (the daily job reads them once for all its evaluations)."""
    members = {
        row["id"]: (row["ref"], row["tier"])
        for row in await Member.select(Member.id, Member.ref, Member.tier)
        .where(Member.network == network)
        .run()
    }
    refs = {member: ref for member, (ref, _) in members.items()}
    if rule_sets is None:
        rule_sets = await rules_io.read_rule_sets(network)
    exemptions = await rules_io.read_exemptions(network, refs)
    rule_set, period = rule_and_period(rule_sets, at=at, period_start=period_start)
    until = min(at, period.end)  # what is dated on or after it does not count (yet)
    value_of = _valuer(await read_rates(network), await read_charge_coefficient(network))

    given, received, counted = await _summed_ledger(network, period.start, until, value_of)
    meetings = await read_meetings(network, refs, period.start, until)
    ids = {ref: member for member, ref in refs.items()}
    for entry in meeting_entries(meetings):
        given.setdefault(ids[entry.giver.ref], []).append(
            ev.ValuedEntry(entry.date, entry.form, entry.quantity, value_of(entry))
        )
    attendance: dict[str, list[ev.Attendance]] = {}
    for meeting in meetings:
        for line in meeting.attendance:
            attendance.setdefault(line.member, []).append(
                ev.Attendance(
                    meeting=meeting.ref,
                    date=meeting.date,
                    kind=meeting.kind,
                    mandatory=meeting.mandatory,
                    people=line.people or 0,
                    excused=line.excused,
                )
            )

    spans = await _memberships(network)
    enrolments = await _enrolments(network, period.start, until)
    dues = await _dues_paid(network, period.start)
    period_exemptions = [e for e in exemptions if e.period_start == period.start]
    inputs = EvaluationInputs(
        rule_set=rule_set_from_archive(rule_set),
        period=period,
        members=tuple(
            ev.MemberRecord(
                ref=ref,
                tier=tier,
                memberships=tuple(spans.get(member, ())),
                given=tuple(given.get(member, ())),
                received=tuple(received.get(member, ())),
                attendance=tuple(attendance.get(ref, ())),
                enrolments=tuple(enrolments.get(member, ())),
                dues=tuple(dues.get(member, ())),
            )
            for member, (ref, tier) in members.items()
        ),
        # The evaluator looks at the meetings held for ``mandatory_meetings`` only.
        meetings_held=tuple(
            ev.HeldMeeting(meeting.ref, meeting.date, meeting.kind, meeting.mandatory)
            for meeting in meetings
            if meeting.mandatory
        ),
        exemptions=tuple(exemption_from_archive(e) for e in period_exemptions),
    )
    summary = {
        "members": len(members),
        "contributions": counted,
        "meetings": len(meetings),
        "attendance": sum(len(meeting.attendance) for meeting in meetings),
        "rule_sets": len(rule_sets),
        "exemptions": len(period_exemptions),
    }
    return inputs, summary


def _valuer(rates: Sequence[DatedRate], coefficient: Decimal) -> Valuer:
    """:func:`valued`'s value of an entry, computed once per form, day, quantity and category
    (the attendance of one meeting yields many alike)."""
    known: dict[tuple[Form, dt.date, Decimal, str | None], Decimal] = {}

    def value_of(entry: Entry) -> Decimal:
        key = (entry.form, entry.date, entry.quantity, entry.category)
        value = known.get(key)
        if value is None:
            value = valued(entry, rates, charge_coefficient=coefficient).value_eur
            assert value is not None  # valued() always sets it
            known[key] = value
        return value

    return value_of


# -- the ledger -----------------------------------------------------------------------------------

SUMMED: Final = """
WITH counted AS (
    SELECT c.giver_member AS giver,
           CASE WHEN c.receiver_kind = {} THEN c.receiver_member END AS receiver,
           c.form AS form, c.quantity_milli AS milli, c.value_cents AS cents, c.date AS day,
           c.category AS category
    FROM contribution AS c
    WHERE c.network = {} AND c.status = {} AND c.date >= {} AND c.date < {}
      AND c.reverses IS NULL
      AND c.id NOT IN (
          SELECT r.reverses FROM contribution AS r
          WHERE r.network = {} AND r.status = {} AND r.reverses IS NOT NULL)
      AND (c.giver_member IS NOT NULL OR c.receiver_kind = {})
)
SELECT e.giver AS member, e.form AS form,
       CASE WHEN e.cents IS NULL THEN e.day END AS unfrozen_day,
       CASE WHEN e.cents IS NULL THEN e.category END AS unfrozen_category,
       CASE WHEN e.cents IS NULL THEN e.milli END AS unfrozen_milli,
       SUM(e.milli) AS milli, SUM(e.cents) AS cents, MIN(e.day) AS first_day,
       COUNT(*) AS entries, 'given' AS side
FROM counted AS e
WHERE e.giver IS NOT NULL AND EXISTS (
    SELECT 1 FROM membership AS ms
    WHERE ms.member = e.giver AND ms.status = {}
      AND ms.starts_on <= e.day AND (ms.ends_on IS NULL OR e.day < ms.ends_on))
GROUP BY 1, 2, 3, 4, 5
UNION ALL
SELECT e.receiver AS member, e.form AS form,
       CASE WHEN e.cents IS NULL THEN e.day END AS unfrozen_day,
       CASE WHEN e.cents IS NULL THEN e.category END AS unfrozen_category,
       CASE WHEN e.cents IS NULL THEN e.milli END AS unfrozen_milli,
       SUM(e.milli) AS milli, SUM(e.cents) AS cents, MIN(e.day) AS first_day,
       COUNT(*) AS entries, 'received' AS side
FROM counted AS e
WHERE e.receiver IS NOT NULL AND EXISTS (
    SELECT 1 FROM membership AS ms
    WHERE ms.member = e.receiver AND ms.status = {}
      AND ms.starts_on <= e.day AND (ms.ends_on IS NULL OR e.day < ms.ends_on))
GROUP BY 1, 2, 3, 4, 5
"""
"""The ledger as the rule counts it, summed by the database. ``counted``: the validated entries
a member gave or received in ``[start, until)``, net of reversal pairs (neither a reversal nor
an entry a validated reversal cancels, whatever its date). Then for each side (given, received):
the entries dated on a day their member was an active member (the only days the evaluator
counts), summed per member and form (quantity in thousandths, frozen value in cents, the first
of their days, how many); entries without a frozen value are summed apart per day, category and
quantity, to be valued at the rate of their day. :func:`_summed_ledger` binds its parameters."""


async def _summed_ledger(
    network: int, start: dt.date, until: dt.date, value_of: Valuer
) -> tuple[dict[int, list[ev.ValuedEntry]], dict[int, list[ev.ValuedEntry]], int]:
    """What members gave and received, per member id (see :data:`SUMMED`), and how many
    entries that is (an exchange between two members counts on each side)."""
    member, validated, active = PartyKind.member.value, _VALIDATED, MembershipStatus.active.value
    query = QueryString(
        SUMMED,
        *(member, network, validated, start, until, network, validated, member),
        *(active, active),
        query_type="select",  # a read: on SQLite, one of the reader connections
    )
    rows: list[dict[str, Any]] = await Raw(Contribution, query).run()
    sides: dict[str, dict[int, list[ev.ValuedEntry]]] = {"given": {}, "received": {}}
    for row in rows:
        form, milli, entries = _FORMS[row["form"]], int(row["milli"]), int(row["entries"])
        if row["unfrozen_day"] is None:
            day, value = _day(row["first_day"]), euros(int(row["cents"]))
        else:  # not frozen (raviv freezes it on validation): the rate of its day, each
            day = _day(row["unfrozen_day"])
            one = _unfrozen(form, int(row["unfrozen_milli"]), day, row["unfrozen_category"])
            value = value_of(one) * entries
        summed = ev.ValuedEntry(day, form, from_milli(milli), value)
        sides[row["side"]].setdefault(int(row["member"]), []).append(summed)
    return sides["given"], sides["received"], sum(int(row["entries"]) for row in rows)


def _day(value: dt.date | str) -> dt.date:
    """A date as a computed column gives it: a date (PostgreSQL), or ISO text (SQLite)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _unfrozen(form: Form, milli: int, day: dt.date, category: str) -> Entry:
    """A validated entry without a frozen value, to be valued at the rate of its day."""
    return Entry(
        ref="",
        giver=Party.network(),  # the parties do not change a value
        receiver=Party.network(),
        form=form,
        quantity=from_milli(milli),
        date=day,
        category=category or None,
    )


# -- memberships, enrolments, dues ----------------------------------------------------------------


async def _memberships(network: int) -> dict[int, list[ev.Membership]]:
    spans: dict[int, list[ev.Membership]] = {}
    for row in (
        await Membership.select(
            Membership.member, Membership.starts_on, Membership.ends_on, Membership.status
        )
        .where(Membership.network == network)
        .run()
    ):
        spans.setdefault(row["member"], []).append(
            ev.Membership(row["starts_on"], row["ends_on"], _STATUSES[row["status"]])
        )
    return spans


async def _enrolments(
    network: int, start: dt.date, until: dt.date
) -> dict[int, list[ev.Enrolment]]:
    """The enrolments that overlap ``[start, until)``."""
    enrolments: dict[int, list[ev.Enrolment]] = {}
    for row in (
        await Enrolment.select(
            Enrolment.member,
            Enrolment.working_group.ref.as_alias("group_ref"),
            Enrolment.starts_on,
            Enrolment.ends_on,
        )
        .where(
            Enrolment.network == network,
            Enrolment.starts_on < until,
            Enrolment.ends_on.is_null() | (Enrolment.ends_on > start),
        )
        .run()
    ):
        enrolments.setdefault(row["member"], []).append(
            ev.Enrolment(row["group_ref"], row["starts_on"], row["ends_on"])
        )
    return enrolments


async def _dues_paid(network: int, period_start: dt.date) -> dict[int, list[ev.DuesPayment]]:
    dues: dict[int, list[ev.DuesPayment]] = {}
    for row in (
        await Due.select(Due.member, Due.period_start, Due.paid_on)
        .where(Due.network == network, Due.period_start == period_start, Due.paid_on.is_not_null())
        .run()
    ):
        dues.setdefault(row["member"], []).append(
            ev.DuesPayment(row["period_start"], row["paid_on"])
        )
    return dues
