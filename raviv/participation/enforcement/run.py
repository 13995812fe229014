"""The daily enforcement step of a network, after the day's snapshot: reminders to members at
risk in the current period, and cases for members found non-compliant once a period is over.

Idempotent: running it again the same day (or in two processes at once) sends no reminder
twice and opens no case twice; a reminder that failed is tried again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from raviv.archive import schema as a
from raviv.errors import InvalidError
from raviv.mail import MailSettings
from raviv.participation import archive_io
from raviv.participation.enforcement import schemas, stored
from raviv.participation.enforcement.cases import open_cases
from raviv.participation.enforcement.policy import policy_of
from raviv.participation.enforcement.reminders import Reminded, send_reminders
from raviv.participation.enforcement.stored import Stored
from raviv.registry.service import NetworkContext, resolved
from raviv.rules.from_archive import rule_set_in_effect
from raviv.rules.periods import period_at, shift_years


@dataclass(slots=True)
class Report:
    """What one run did."""

    network: str
    day: dt.date
    policy: schemas.Policy
    period: schemas.Period | None = None  # the period evaluated on the day (reminders)
    reminders: list[Reminded] = field(default_factory=list)
    cases_from: schemas.Period | None = None  # the period over whose end opened cases
    cases_opened: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def of(self, outcome: str) -> list[str]:
        """The members whose reminder had this outcome (sent, failed, no_recipient…)."""
        return [r.member for r in self.reminders if r.outcome == outcome]


def _period(snapshot: Stored) -> schemas.Period:
    return schemas.Period(start=snapshot.period_start, end=snapshot.period_end)


async def run_daily(
    network: str | NetworkContext,
    day: dt.date,
    *,
    mail_settings: MailSettings | None = None,
    rule_sets: Sequence[a.RuleSet] | None = None,
) -> Report:
    """Enforce the network's policy on ``day`` (see the module docstring). ``network``: its ref,
    or the network resolved already; ``rule_sets``: its rule set versions, when the caller has
    read them already (the daily job: one look-up and one read for the whole run)."""
    context = await resolved(network)
    policy = await policy_of(context.id)
    report = Report(context.ref, day, policy)
    if not policy.reminders and not policy.open_cases:
        report.notes.append("the network's policy sends no reminder and opens no case")
        return report
    if rule_sets is None:
        rule_sets = await archive_io.read_rule_sets(context.id)
    rule = rule_set_in_effect(rule_sets, day)
    if rule is None:
        report.notes.append(f"no participation rule in effect on {day}: nothing to enforce")
        return report
    start = period_at(rule.period, day).start
    try:
        current = await stored.of_day_or_taken(context, start, day, rule_sets)
    except (InvalidError, ValueError) as exc:  # e.g. a new kind of period, not begun yet
        report.notes.append(f"the period from {start} could not be evaluated: {exc}")
        return report
    report.period = _period(current)
    if policy.reminders and not current.over:
        report.reminders = await send_reminders(
            context, current, policy.reminder_interval_days, mail_settings
        )
    if policy.open_cases:
        ended = current if current.over else await _ended(context, rule_sets, current, report)
        if ended is not None:
            report.cases_from = _period(ended)
            report.cases_opened = await open_cases(context.id, ended)
    return report


async def _ended(
    network: NetworkContext, rule_sets: Sequence[a.RuleSet], current: Stored, report: Report
) -> Stored | None:
    """The final snapshot of the period before the current one (taken now, the first time)."""
    start, end = shift_years(current.period_start, -1), current.period_start
    kept = await stored.final(network.id, start, end)
    if kept is not None:
        return kept
    if rule_set_in_effect(rule_sets, start) is None:
        return None  # the network's first period under a rule: none ended yet
    try:
        return await stored.of_day_or_taken(network, start, current.day, rule_sets)
    except (InvalidError, ValueError) as exc:  # the rule changed its kind of period
        report.notes.append(f"the period from {start} could not be evaluated: {exc}")
        return None
