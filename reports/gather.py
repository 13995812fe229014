"""Reading what the DLA report needs, through raviv's services, as plain data
(:mod:`reports.inputs`) for the pure builder (:mod:`reports.build`).

Every figure a service computes is taken from it, never computed again here:

- reciprocity, its detail (trend, cross-tabulations, local anchoring) and the network's CVN:
  :func:`raviv.scoring.service.network_period` and the formulas of
  :mod:`raviv.scoring.reciprocity` / :mod:`raviv.scoring.crosstabs` it uses;
- where members stand against the rule: the day's kept snapshot
  (:mod:`raviv.participation.snapshots`' table) or, where none was kept,
  :func:`raviv.participation.evaluation.evaluate_network`;
- meetings and attendance: :func:`raviv.ledger.archive_io.read_meetings`; rates and the
  valuation policy: :func:`raviv.ledger.rates.list_rates`; rule sets and exemptions:
  :mod:`raviv.participation.archive_io`; restrictions in force:
  :func:`raviv.participation.enforcement.restrictions.in_force`.

What no service gives is read here with plain queries, reading only: the members with their
membership periods, groups with enrolments, projects with partners, the quantities of each
form members gave, counts of reminders, cases and decisions, and the network's pseudonym
secret (made the first time, :mod:`reports.tables`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count

from raviv.archive import schema as a
from raviv.db import fetch_tuples, get_engine, native_sql, transaction
from raviv.errors import InvalidError
from raviv.ledger import cvn_accounts
from raviv.ledger import rates as ledger_rates
from raviv.ledger.archive_io import read_meetings
from raviv.ledger.tables import (
    Enrolment,
    Meeting,
    ProjectPartner,
    SharedProject,
    WorkingGroup,
)
from raviv.lib.amounts import from_milli
from raviv.participation import archive_io as rules_io
from raviv.participation.enforcement.restrictions import in_force
from raviv.participation.evaluation import evaluate_network
from raviv.participation.tables import Case, CaseDecision, EvaluationSnapshot, Reminder
from raviv.registry.service import NetworkContext, fte_out, network_identity, resolve_network
from raviv.registry.tables import Member, Membership, Network
from raviv.rules.from_archive import NoRuleSet, WrongPeriod, rule_and_period
from raviv.rules.periods import Period, period_starting
from raviv.rules.report import evaluation_document
from raviv.scoring import crosstabs, trends
from raviv.scoring import reciprocity as formulas
from raviv.scoring import service as scoring
from raviv.scoring.report import ratio_number, reciprocity_json
from raviv.vocabulary import Form, PartyKind, PeriodKind
from reports import build, pseudonyms
from reports.inputs import (
    EnforcementCounts,
    Evaluated,
    FiscalYearData,
    GroupInfo,
    MeetingInfo,
    MemberInfo,
    PeriodData,
    Presence,
    ProjectInfo,
    ReportInputs,
    Span,
)
from reports.tables import ReportSecret

RATIO = Decimal("0.0001")


# -- the period -----------------------------------------------------------------------------------


def report_period(
    rule_sets: Sequence[a.RuleSet], kind: PeriodKind, start: dt.date, field: str = "period"
) -> Period:
    """The period starting ``start``: a period of the rule in effect on that day, or, when the
    network had no rule then, of the network's own period kind. InvalidError naming ``field``
    when ``start`` is not the first day of such a period."""
    try:
        return rule_and_period(rule_sets, at=start, period_start=start)[1]
    except WrongPeriod as wrong:
        raise InvalidError.on(field, str(wrong), start.isoformat()) from None
    except NoRuleSet:
        pass
    try:
        return period_starting(kind, start)
    except ValueError as wrong:
        raise InvalidError.on(field, str(wrong), start.isoformat()) from None


# -- the network ----------------------------------------------------------------------------------


async def read_identity(network: NetworkContext) -> dict[str, Any]:
    """The network's identity (:func:`raviv.registry.service.network_identity`), without its
    signatory (a person: the DLA report does not name them), with its federation's name."""
    identity = await network_identity(network.ref)
    identity.pop("signatory", None)
    parent = identity.get("parent")
    if parent:
        row = await Network.select(Network.name).where(Network.ref == parent).first().run()
        identity["parent_name"] = None if row is None else row["name"]
    return identity


async def read_members(network: int) -> tuple[MemberInfo, ...]:
    """Every member organisation with its membership periods, in ref order."""
    spans: dict[int, list[Span]] = defaultdict(list)
    for row in (
        await Membership.select(
            Membership.member, Membership.starts_on, Membership.ends_on, Membership.status
        )
        .where(Membership.network == network)
        .order_by(Membership.starts_on)
        .run()
    ):
        spans[row["member"]].append(
            Span(start=row["starts_on"], end=row["ends_on"], status=row["status"])
        )
    rows = (
        await Member.select(
            Member.id,
            Member.ref,
            Member.name,
            Member.departement,
            Member.disciplines,
            Member.employer,
            Member.headcount_fte,
            Member.tier,
        )
        .where(Member.network == network)
        .order_by(Member.ref)
        .run()
    )
    return tuple(
        MemberInfo(
            ref=row["ref"],
            name=row["name"],
            departement=row["departement"] or "",
            disciplines=tuple(row["disciplines"] or ()),
            employer=bool(row["employer"]),
            headcount_fte=fte_out(row["headcount_fte"]),
            tier=row["tier"],
            memberships=tuple(spans.get(row["id"], ())),
        )
        for row in rows
    )


async def read_groups(network: int) -> tuple[GroupInfo, ...]:
    enrolments: dict[int, list[tuple[str, dt.date, dt.date | None]]] = defaultdict(list)
    for row in (
        await Enrolment.select(
            Enrolment.working_group,
            Enrolment.member.ref.as_alias("member"),
            Enrolment.starts_on,
            Enrolment.ends_on,
        )
        .where(Enrolment.network == network)
        .order_by(Enrolment.id)
        .run()
    ):
        enrolments[row["working_group"]].append((row["member"], row["starts_on"], row["ends_on"]))
    groups = (
        await WorkingGroup.select(WorkingGroup.id, WorkingGroup.ref, WorkingGroup.name)
        .where(WorkingGroup.network == network)
        .order_by(WorkingGroup.ref)
        .run()
    )
    return tuple(
        GroupInfo(ref=g["ref"], name=g["name"], enrolments=tuple(enrolments.get(g["id"], ())))
        for g in groups
    )


async def read_projects(network: int) -> tuple[ProjectInfo, ...]:
    partners: dict[int, list[str]] = defaultdict(list)
    for row in (
        await ProjectPartner.select(
            ProjectPartner.project, ProjectPartner.member.ref.as_alias("member")
        )
        .where(ProjectPartner.network == network)
        .order_by(ProjectPartner.id)
        .run()
    ):
        partners[row["project"]].append(row["member"])
    projects = (
        await SharedProject.select(
            SharedProject.id,
            SharedProject.ref,
            SharedProject.name,
            SharedProject.lead.ref.as_alias("lead"),
            SharedProject.starts_on,
            SharedProject.ends_on,
        )
        .where(SharedProject.network == network)
        .order_by(SharedProject.ref)
        .run()
    )
    return tuple(
        ProjectInfo(
            ref=p["ref"],
            name=p["name"],
            lead=p["lead"],
            starts_on=p["starts_on"],
            ends_on=p["ends_on"],
            partners=tuple(sorted(partners.get(p["id"], ()))),
        )
        for p in projects
    )


# -- one period -----------------------------------------------------------------------------------

MEMBER_HOURS = """
SELECT c.form, SUM(c.quantity_milli)
FROM contribution AS c
WHERE c.network = {} AND c.status = {} AND c.date >= {} AND c.date < {}
  AND c.giver_member IS NOT NULL AND c.reverses IS NULL
  AND c.id NOT IN (SELECT r.reverses FROM contribution AS r
                   WHERE r.network = {} AND r.status = {} AND r.reverses IS NOT NULL)
GROUP BY c.form
"""
"""Quantities of each form members gave in validated entries of ``[start, end)``, net of
reversal pairs (as docs/scoring.md §1 counts them; meetings are counted from attendance)."""


async def member_hours(network: int, start: dt.date, end: dt.date) -> dict[str, Decimal]:
    sql = native_sql(MEMBER_HOURS, get_engine().engine_type)
    rows = await fetch_tuples(sql, (network, "validated", start, end, network, "validated"))
    return {str(form): from_milli(int(milli)) for form, milli in rows if milli is not None}


async def read_meeting_infos(
    network: int, refs: dict[int, str], start: dt.date, end: dt.date
) -> tuple[MeetingInfo, ...]:
    """The meetings of ``[start, end)`` with their attendance, by date."""
    projects = {
        row["ref"]: row["project"]
        for row in await Meeting.select(Meeting.ref, Meeting.project.ref.as_alias("project"))
        .where(
            (Meeting.network == network)
            & (Meeting.date >= start)
            & (Meeting.date < end)
            & Meeting.project.is_not_null()
        )
        .run()
    }
    meetings = await read_meetings(network, refs, start, end)
    infos = [
        MeetingInfo(
            ref=m.ref,
            kind=m.kind.value,
            mandatory=m.mandatory,
            date=m.date,
            duration_hours=m.duration_hours,
            group=m.group,
            project=projects.get(m.ref),
            attendance=tuple(
                Presence(member=line.member, people=line.people or 0, excused=line.excused)
                for line in m.attendance
            ),
        )
        for m in meetings
    ]
    return tuple(sorted(infos, key=lambda m: (m.date, m.ref)))


def _snapshot_document(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text, parse_float=Decimal)
    return document


async def snapshots_of(
    network: int, period_start: dt.date, days: Sequence[dt.date]
) -> dict[dt.date, str]:
    """The kept snapshots of the period on these days (day → its document's text)."""
    if not days:
        return {}
    rows = (
        await EvaluationSnapshot.select(EvaluationSnapshot.day, EvaluationSnapshot.document)
        .where(
            (EvaluationSnapshot.network == network)
            & (EvaluationSnapshot.period_start == period_start)
            & EvaluationSnapshot.day.is_in(list(days))
        )
        .run()
    )
    return {
        (row["day"] if isinstance(row["day"], dt.date) else dt.date.fromisoformat(row["day"])): row[
            "document"
        ]
        for row in rows
    }


async def evaluated(
    network: NetworkContext, period: Period, at: dt.date, kept: dict[dt.date, str], *, whole: bool
) -> Evaluated | None:
    """The rule evaluated at ``at`` for ``period``: that day's snapshot when one was kept, else
    computed (:func:`evaluate_network`); None when no rule applies to the period. With
    ``whole`` False, only each member's status is kept (the month-by-month counts)."""
    text = kept.get(at)
    if text is not None:
        document = _snapshot_document(text)
        if not whole:
            document = _statuses(document["rule_set"], document["members"])
        return Evaluated(at=at, source="snapshot", document=document)
    try:
        evaluation = await evaluate_network(network, at=at, period_start=period.start)
    except InvalidError:  # no rule in effect, or not a period of the rule
        return None
    if whole:
        document = evaluation_document(evaluation)
    else:  # the statuses only: no need to write every criterion out
        document = _statuses(
            evaluation.rule_set,
            [{"member": m.member, "status": m.status.value} for m in evaluation.members],
        )
    return Evaluated(at=at, source="computed", document=document)


def _statuses(rule_set: str, members: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {
        "rule_set": rule_set,
        "members": [{"member": m["member"], "status": m["status"]} for m in members],
    }


def month_ends(period: Period, at: dt.date) -> list[dt.date]:
    """The first day of each month after the period's first, up to ``at``: the days on which
    each month of the period is over (an evaluation on day d counts what is dated before d)."""
    days: list[dt.date] = []
    day = period.start
    while True:
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        if day > at or day > period.end:
            return days
        days.append(day)


async def enforcement_counts(network: int, period: Period) -> EnforcementCounts:
    reminders = await Reminder.count().where(
        (Reminder.network == network)
        & (Reminder.status == "sent")
        & (Reminder.day >= period.start)
        & (Reminder.day < period.end)
    )
    opened = await Case.count().where(
        (Case.network == network) & (Case.period_start == period.start)
    )
    closed = await Case.count().where(
        (Case.network == network) & (Case.period_start == period.start) & (Case.status == "closed")
    )
    decisions = {
        row["kind"]: int(row["count"])
        for row in await CaseDecision.select(CaseDecision.kind, Count(alias="count"))
        .where(
            (CaseDecision.network == network)
            & (CaseDecision.enforcement_case.period_start == period.start)
        )
        .group_by(CaseDecision.kind)
        .run()
    }
    restricted = await in_force(network, period.end - dt.timedelta(days=1))
    return EnforcementCounts(
        reminders_sent=reminders,
        cases_opened=opened,
        cases_closed=closed,
        decisions=decisions,
        restricted_at_end=len({r.case for r in restricted}),
    )


def _ratio(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(RATIO)


def _rows(frame: Any) -> tuple[dict[str, Any], ...]:
    return tuple(frame.to_dict("records"))


async def read_period(
    network: NetworkContext,
    period: Period,
    at: dt.date,
    *,
    refs: dict[int, str],
    attributes: Any,
    detail: bool,
) -> PeriodData:
    """One period of the network through the services; with ``detail`` (the reported period),
    the reciprocity's trend and cross-tabulations, the status at each month's end, the
    exemptions and the enforcement counts."""
    nid, start, end = network.id, period.start, period.end
    computed = await scoring.network_period(network.ref, start, end, detail=detail)
    entries = computed.entries
    if detail:
        report = computed.report()
        local = report["crosstabs"]["local_share"]
        local_share = None if local is None else Decimal(repr(local)).quantize(RATIO)
        assert computed.detail is not None
        active = computed.detail.active_members
    else:
        report = reciprocity_json(computed.result)
        anchoring = crosstabs.local_anchoring(entries, attributes)
        local_share = _ratio(crosstabs.local_share(anchoring))
        active = ()
    result = computed.result
    by_form = formulas.by_form(entries)
    forms = tuple(
        {
            "form": form.value,
            "share": ratio_number(result.network.form_mix[form]),
            "entries": int(by_form["entries"].get(form.value, 0)),
            "value_eur": formulas.eur(int(by_form["value_cents"].get(form.value, 0))),
            "members_giving": int(by_form["members_giving"].get(form.value, 0)),
        }
        for form in Form
    )
    pairs = _rows(formulas.member_pairs(entries)) if detail else ()
    gbf = formulas.given_by_form(entries) if detail else None
    given_by_form = (
        tuple(
            {"member": str(member), **{str(form): formulas.eur(int(v)) for form, v in row.items()}}
            for member, row in gbf.iterrows()
        )
        if gbf is not None
        else ()
    )
    received: dict[str, Decimal] = {}
    if detail:
        counterparts = formulas.by_counterpart(entries)
        parties = counterparts[counterparts["counterpart_kind"].isin(["group", "project"])]
        sums = parties.groupby(["counterpart_kind", "counterpart"], observed=True)[
            "given_cents"
        ].sum()
        received = {
            f"{kind}:{ref}": formulas.eur(int(cents)) for (kind, ref), cents in sums.items()
        }
    kept = await snapshots_of(nid, start, [at, *(month_ends(period, at) if detail else [])])
    at_end = await evaluated(network, period, at, kept, whole=True)
    months: list[Evaluated] = []
    if detail:
        # one after the other (at once, they gained nothing: the evaluator is CPU-bound, and
        # inside a transaction they would share its one connection); a month ending on the
        # day of the evaluation at the end is that evaluation
        days = [day for day in month_ends(period, at) if day != at]
        for day in days:
            month = await evaluated(network, period, day, kept, whole=False)
            if month is not None:
                months.append(month)
        if at_end is not None and at in month_ends(period, at):
            months.append(at_end)
    exemptions: tuple[tuple[str, str | tuple[str, ...]], ...] = ()
    enforcement = None
    if detail:
        exemptions = tuple(
            (e.member, "all" if e.criteria == "all" else tuple(str(c) for c in e.criteria))
            for e in await rules_io.read_exemptions(nid, refs)
            if e.period_start == start
        )
        enforcement = await enforcement_counts(nid, period)
    return PeriodData(
        start=start,
        end=end,
        reciprocity=report,
        forms=forms,
        pairs=pairs,
        given_by_form=given_by_form,
        received_by_party=received,
        active_members=tuple(active),
        local_share=local_share,
        member_hours=await member_hours(nid, start, end),
        meetings=await read_meeting_infos(nid, refs, start, end),
        evaluation=at_end,
        months=tuple(months),
        exemptions=exemptions,
        enforcement=enforcement,
    )


# -- the fiscal year ------------------------------------------------------------------------------


async def read_fiscal_year(
    network: NetworkContext, first_day_mm_dd: str, span: tuple[dt.date, dt.date], label: str
) -> FiscalYearData:
    start, end = span
    computed = await scoring.network_period(network.ref, start, end)
    entries = computed.entries
    to_network = entries[
        (entries[formulas.RECEIVER_KIND] != PartyKind.member.value)
        & (entries[formulas.FORM] != Form.money.value)
    ]
    by_form = {
        str(form): formulas.eur(int(cents))
        for form, cents in to_network.groupby(formulas.FORM, observed=True)[formulas.VALUE]
        .sum()
        .items()
        if cents
    }
    stated = await ledger_rates.list_rates(network.ref)
    return FiscalYearData(
        label=label,
        start=start,
        end=end,
        first_day_mm_dd=first_day_mm_dd,
        uses=dict(computed.result.network.cvn),
        resources=dict(computed.result.network.cvn_resources),
        by_form=by_form,
        mapping=await cvn_accounts.mapping_in_force(network.ref),
        rates=tuple(
            msgspec.to_builtins(rate, builtin_types=(dt.date, dt.datetime, Decimal))
            for rate in stated.rates
        ),
        charge_coefficient=stated.policy.charge_coefficient,
        coefficient_stated=stated.policy.stated,
        method=stated.policy.method or None,
    )


# -- pseudonyms -----------------------------------------------------------------------------------


async def network_secret(network: int) -> str:
    """The network's pseudonym secret, made (and kept) the first time it is asked for."""
    found = (
        await ReportSecret.select(ReportSecret.secret)
        .where(ReportSecret.network == network)
        .first()
        .run()
    )
    if found is not None:
        return str(found["secret"])
    async with transaction():
        await ReportSecret.raw(
            "INSERT INTO report_secret (network, secret, created_at) VALUES ({}, {}, {})"
            " ON CONFLICT (network) DO NOTHING",
            network,
            pseudonyms.new_secret(),
            dt.datetime.now(dt.UTC),
        ).run()
    found = (
        await ReportSecret.select(ReportSecret.secret)
        .where(ReportSecret.network == network)
        .first()
        .run()
    )
    assert found is not None  # made just now, or by a report running at the same time
    return str(found["secret"])


# -- everything -----------------------------------------------------------------------------------


async def gather(
    network_ref: str,
    period_start: dt.date,
    *,
    compare: bool = True,
    baseline: dt.date | None = None,
    fiscal_year: int | None = None,
    pseudonymise: bool = False,
    generated_on: dt.date | None = None,
    progress: build.Progress | None = None,
) -> ReportInputs:
    """Everything the DLA report of ``network_ref`` for the period starting ``period_start``
    is built from. Raises NotFoundError for an unknown network; InvalidError naming ``period``
    or ``baseline`` when the day is not the first of a period of the rule (or of the network's
    period kind without a rule), or the period has not begun on ``generated_on``, and
    ``fiscal_year`` when out of range."""
    report = build.Reporter(progress)
    network = await resolve_network(network_ref)
    nid = network.id
    today = generated_on or network.today
    identity = await read_identity(network)
    rule_sets = await rules_io.read_rule_sets(nid)
    kind = PeriodKind(identity["period_kind"])
    period = report_period(rule_sets, kind, period_start)
    if today < period.start:
        raise InvalidError.on(
            "period",
            f"the period starting {period.start} has not begun on {today}",
            period_start.isoformat(),
        )
    at = min(period.end, today)
    fiscal = build.fiscal_year_span(
        build.fiscal_year_start_of(identity), period.end - dt.timedelta(days=1), fiscal_year
    )
    baseline_period = None
    if baseline is not None:
        baseline_period = report_period(rule_sets, kind, baseline, "baseline")
        if baseline_period.start >= period.start:
            raise InvalidError.on(
                "baseline",
                "the baseline must be a period before the one reported",
                baseline.isoformat(),
            )
    await report(5, "members")
    members = await read_members(nid)
    refs = {int(i): r for i, r in (await _member_ids(nid)).items()}
    groups, projects = await read_groups(nid), await read_projects(nid)
    attributes = await scoring.member_attributes(nid)
    await report(15, "period")
    data = await read_period(network, period, at, refs=refs, attributes=attributes, detail=True)
    previous = None
    if compare:
        await report(60, "previous period")
        before = Period(*trends.previous_period(period.start, period.end))
        previous = await read_period(
            network, before, before.end, refs=refs, attributes=attributes, detail=False
        )
    compared = None
    if baseline_period is not None:
        await report(70, "baseline period")
        compared = await read_period(
            network,
            baseline_period,
            baseline_period.end,
            refs=refs,
            attributes=attributes,
            detail=False,
        )
    await report(80, "fiscal year")
    year = await read_fiscal_year(network, *fiscal)
    codes = None
    if pseudonymise:
        codes = pseudonyms.codes(await network_secret(nid), [m.ref for m in members])
    return ReportInputs(
        network_ref=network.ref,
        generated_on=today,
        identity=identity,
        members=members,
        groups=groups,
        projects=projects,
        rule_sets=tuple(
            msgspec.to_builtins(r, builtin_types=(dt.date, Decimal)) for r in rule_sets
        ),
        period=data,
        previous=previous,
        baseline=compared,
        fiscal_year=year,
        codes=codes,
    )


async def _member_ids(network: int) -> dict[int, str]:
    return {
        row["id"]: row["ref"]
        for row in await Member.select(Member.id, Member.ref).where(Member.network == network).run()
    }
