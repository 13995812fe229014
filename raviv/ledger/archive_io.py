"""The ledger's part of the network archive (``raviv-network/1``): rates, the valuation policy
and the CVN accounts the network overrides, working groups with their enrolments, shared
projects, meetings with their attendance, and the contributions.

:func:`problems` says what the database cannot take of an archive already validated by
:func:`raviv.archive.parse_archive` (more decimals than stored exactly, absurd sizes, a
validated entry no rate values); :func:`store` writes the sections, inside the caller's
transaction; :func:`read` gives them back in the archive's shape and order.

Stored exactly, written back canonically: rates with two decimals (``"15.00"``), quantities and
durations with as few as they need (``"6"``, ``"1.5"``); a ``unit`` that is its form's first
(canonical) unit is left out of an export, as the example archive leaves it out. A validated
entry gets its rate and value frozen on import, at the archive's rates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from raviv import vocabulary
from raviv.archive import Archive
from raviv.archive import schema as a
from raviv.db import insert_in_chunks
from raviv.errors import FieldProblem
from raviv.ledger import cvn_accounts
from raviv.ledger.tables import (
    Attendance,
    Contribution,
    Enrolment,
    Meeting,
    ProjectPartner,
    Rate,
    SharedProject,
    ValuationPolicy,
    WorkingGroup,
)
from raviv.lib.amounts import CENTS, MILLI, euros, from_milli, scaled
from raviv.valuation import (
    DEFAULT_CHARGE_COEFFICIENT,
    DatedRate,
    RateMissing,
    archive_coefficient,
    archive_cvn_overrides,
    coefficient_milli,
    entry_from_contribution,
    unit_rate,
    value_eur,
)

MAX_RATE_EUR: Final = Decimal(1_000_000)
MAX_QUANTITY: Final = Decimal(1_000_000_000)
MAX_DURATION_HOURS: Final = Decimal(1_000)
MAX_PEOPLE: Final = 10_000
# The largest value these allow, 10^9 × 10^6 €, is 10^17 cents: far inside a 64-bit integer.


@dataclass(frozen=True, slots=True)
class LedgerCounts:
    """What an import stored, by kind of row."""

    rates: int = 0
    working_groups: int = 0
    enrolments: int = 0
    shared_projects: int = 0
    meetings: int = 0
    attendance: int = 0
    contributions: int = 0


@dataclass(frozen=True, slots=True)
class LedgerSections:
    """The ledger's sections of an archive, read from the database."""

    rates: list[a.Rate]
    valuation_policy: a.ValuationPolicy | None
    cvn_accounts: list[a.CvnAccounts]
    working_groups: list[a.WorkingGroup]
    shared_projects: list[a.SharedProject]
    meetings: list[a.Meeting]
    contributions: list[a.Contribution]


# -- what the database cannot take ----------------------------------------------------------------


def _exact(
    path: str, value: Decimal, places: int, maximum: Decimal, unit: str
) -> Iterator[FieldProblem]:
    if scaled(value, places) is None:
        yield FieldProblem(path, f"at most {places} decimals are kept", value=str(value))
    elif value > maximum:
        yield FieldProblem(path, f"at most {maximum} {unit}", value=str(value))


def problems(archive: Archive) -> list[FieldProblem]:
    """Every reason the ledger sections of a valid archive cannot be stored as they are."""
    found: list[FieldProblem] = []
    for i, rate in enumerate(archive.network.rates):
        path = f"network.rates[{i}].eur_per_unit"
        found += _exact(path, rate.eur_per_unit, CENTS, MAX_RATE_EUR, "euros per unit")
    for i, meeting in enumerate(archive.meetings):
        path = f"meetings[{i}].duration_hours"
        found += _exact(path, meeting.duration_hours, MILLI, MAX_DURATION_HOURS, "hours")
        for j, line in enumerate(meeting.attendance):
            if line.people is not None and line.people > MAX_PEOPLE:
                path = f"meetings[{i}].attendance[{j}].people"
                found.append(FieldProblem(path, f"at most {MAX_PEOPLE}", value=str(line.people)))
    policy = archive.network.valuation_policy
    if policy is not None:
        stated, refused = coefficient_milli(policy.charge_coefficient)
        if stated is None:
            path = "network.valuation_policy.charge_coefficient"
            found.append(FieldProblem(path, refused, value=str(policy.charge_coefficient)))
    rates = [DatedRate.from_archive(rate) for rate in archive.network.rates]
    coefficient = archive_coefficient(archive)
    for i, meeting in enumerate(archive.meetings):
        if not any(line.people and not line.excused for line in meeting.attendance):
            continue
        try:
            unit_rate(rates, vocabulary.Form.meeting, meeting.date, charge_coefficient=coefficient)
        except RateMissing as missing:
            reason = f"its attendance is valued when the ledger is read, but {missing}"
            found.append(FieldProblem(f"meetings[{i}].date", reason, meeting.date.isoformat()))
    for i, entry in enumerate(archive.contributions):
        found += _exact(
            f"contributions[{i}].quantity", entry.quantity, MILLI, MAX_QUANTITY, "units"
        )
        if entry.status == vocabulary.ContributionStatus.validated:
            try:
                unit_rate(
                    rates,
                    entry.form,
                    entry.date,
                    entry.category or None,
                    charge_coefficient=coefficient,
                )
            except RateMissing as missing:
                path = f"contributions[{i}].date"
                reason = f"a validated entry is valued when imported, but {missing}"
                found.append(FieldProblem(path, reason, value=entry.date.isoformat()))
    return found


# -- import ---------------------------------------------------------------------------------------


def _milli(value: Decimal) -> int:
    stored = scaled(value, MILLI)
    assert stored is not None  # checked by problems()
    return stored


def _cents(value: Decimal) -> int:
    stored = scaled(value, CENTS)
    assert stored is not None  # checked by problems()
    return stored


async def _ids(table: Any, network: int) -> dict[str, int]:
    rows = await table.select(table.id, table.ref).where(table.network == network).run()
    return {row["ref"]: row["id"] for row in rows}


async def store(archive: Archive, network: int, members: Mapping[str, int]) -> LedgerCounts:
    """Write the ledger sections of ``archive`` for ``network`` (``members``: ref → id), in the
    caller's transaction. Run :func:`problems` first: it must have found none."""
    rates = [DatedRate.from_archive(rate) for rate in archive.network.rates]
    coefficient = archive_coefficient(archive)
    await insert_in_chunks(
        Rate,
        [
            Rate(
                network=network,
                form=rate.form.value,
                eur_per_unit_cents=_cents(rate.eur_per_unit),
                unit=(rate.unit or vocabulary.FORM_UNITS[rate.form][0]).value,
                category=rate.category,
                effective_from=rate.effective_from,
                method=rate.method,
            )
            for rate in archive.network.rates
        ],
    )
    policy = archive.network.valuation_policy
    if policy is not None:
        await ValuationPolicy.insert(
            ValuationPolicy(
                network=network,
                charge_coefficient_milli=_milli(policy.charge_coefficient),
                method=policy.method,
                updated_at=dt.datetime.now(dt.UTC),
            )
        ).run()
    await cvn_accounts.write_overrides(network, archive_cvn_overrides(archive))
    await insert_in_chunks(
        WorkingGroup,
        [WorkingGroup(network=network, ref=g.ref, name=g.name) for g in archive.working_groups],
    )
    groups = await _ids(WorkingGroup, network)
    enrolments = [
        Enrolment(
            network=network,
            working_group=groups[group.ref],
            member=members[e.member],
            starts_on=e.from_,
            ends_on=e.to,
        )
        for group in archive.working_groups
        for e in group.enrolments
    ]
    await insert_in_chunks(Enrolment, enrolments)
    await insert_in_chunks(
        SharedProject,
        [
            SharedProject(
                network=network,
                ref=p.ref,
                name=p.name,
                lead=members[p.lead],
                starts_on=p.from_,
                ends_on=p.to,
            )
            for p in archive.shared_projects
        ],
    )
    projects = await _ids(SharedProject, network)
    await insert_in_chunks(
        ProjectPartner,
        [
            ProjectPartner(network=network, project=projects[p.ref], member=members[partner])
            for p in archive.shared_projects
            for partner in p.partners
        ],
    )
    await insert_in_chunks(
        Meeting,
        [
            Meeting(
                network=network,
                ref=m.ref,
                title=m.title,
                kind=m.kind.value,
                mandatory=m.mandatory,
                date=m.date,
                duration_milli=_milli(m.duration_hours),
                working_group=None if m.group is None else groups[m.group],
            )
            for m in archive.meetings
        ],
    )
    meetings = await _ids(Meeting, network)
    attendance = [
        Attendance(
            network=network,
            meeting=meetings[m.ref],
            member=members[line.member],
            people=line.people,
            excused=line.excused,
            reason=line.reason,
        )
        for m in archive.meetings
        for line in m.attendance
    ]
    await insert_in_chunks(Attendance, attendance)
    await insert_in_chunks(
        Contribution,
        [
            _contribution_row(
                c,
                network=network,
                members=members,
                groups=groups,
                projects=projects,
                rates=rates,
                charge_coefficient=coefficient,
            )
            for c in archive.contributions
        ],
    )
    reversals = [c for c in archive.contributions if c.reverses is not None]
    if reversals:
        # Rows go in the archive's order (an export keeps it), so a reversal may come before the
        # entry it reverses: the links are set once every entry has its id.
        entries = await _ids(Contribution, network)
        for c in reversals:
            assert c.reverses is not None
            await (
                Contribution.update({Contribution.reverses: entries[c.reverses]})
                .where(Contribution.id == entries[c.ref])
                .run()
            )
    return LedgerCounts(
        rates=len(archive.network.rates),
        working_groups=len(archive.working_groups),
        enrolments=len(enrolments),
        shared_projects=len(archive.shared_projects),
        meetings=len(archive.meetings),
        attendance=len(attendance),
        contributions=len(archive.contributions),
    )


def _contribution_row(
    c: a.Contribution,
    *,
    network: int,
    members: Mapping[str, int],
    groups: Mapping[str, int],
    projects: Mapping[str, int],
    rates: Sequence[DatedRate],
    charge_coefficient: Decimal,
) -> Contribution:
    entry = entry_from_contribution(c)
    rate_cents = value_cents = None
    if c.status == vocabulary.ContributionStatus.validated:
        rate = unit_rate(
            rates, c.form, c.date, c.category or None, charge_coefficient=charge_coefficient
        )
        rate_cents, value_cents = _cents(rate), _cents(value_eur(c.quantity, rate))
    receiver = c.receiver
    return Contribution(
        network=network,
        ref=c.ref,
        giver_member=None if c.giver.member is None else members[c.giver.member],
        receiver_kind=entry.receiver.kind.value,
        receiver_member=None if receiver.member is None else members[receiver.member],
        receiver_group=None if receiver.group is None else groups[receiver.group],
        receiver_project=None if receiver.project is None else projects[receiver.project],
        form=c.form.value,
        unit=(entry.unit or vocabulary.FORM_UNITS[c.form][0]).value,
        category=c.category,
        evidence_url=c.evidence_url,
        reason=c.reason,
        quantity_milli=_milli(c.quantity),
        date=c.date,
        note=c.note,
        status=c.status.value,
        rate_cents=rate_cents,
        value_cents=value_cents,
    )


# -- export ---------------------------------------------------------------------------------------


def _unit_out(form: vocabulary.Form, unit: str) -> vocabulary.Unit | None:
    """A stored unit as the archive writes it: left out when it is the form's canonical one."""
    return None if unit == vocabulary.FORM_UNITS[form][0].value else vocabulary.Unit(unit)


def _grouped(rows: Sequence[dict[str, Any]], key: str) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


CONTRIBUTION_COLUMNS: Final = (
    Contribution.id,
    Contribution.ref,
    Contribution.giver_member.ref.as_alias("giver_ref"),
    Contribution.receiver_kind,
    Contribution.receiver_member.ref.as_alias("receiver_member_ref"),
    Contribution.receiver_group.ref.as_alias("receiver_group_ref"),
    Contribution.receiver_project.ref.as_alias("receiver_project_ref"),
    Contribution.form,
    Contribution.unit,
    Contribution.category,
    Contribution.quantity_milli,
    Contribution.date,
    Contribution.status,
    Contribution.note,
    Contribution.reverses.ref.as_alias("reverses_ref"),
    Contribution.value_cents,
)
"""What :func:`contribution_out` reads of an entry (the parties' refs by join)."""

EXPORTED_COLUMNS: Final = (*CONTRIBUTION_COLUMNS, Contribution.evidence_url, Contribution.reason)
"""What an export reads of an entry: its texts too, which figures never need."""


def contribution_out(row: Mapping[str, Any]) -> a.Contribution:
    """An entry selected with :data:`CONTRIBUTION_COLUMNS`, as an archive contribution."""
    form = vocabulary.Form(row["form"])
    giver = a.Giver(network=True) if row["giver_ref"] is None else a.Giver(member=row["giver_ref"])
    kind = row["receiver_kind"]
    receiver = a.Receiver(
        network=kind == "network",
        member=row["receiver_member_ref"] if kind == "member" else None,
        group=row["receiver_group_ref"] if kind == "group" else None,
        project=row["receiver_project_ref"] if kind == "project" else None,
    )
    return a.Contribution(
        ref=row["ref"],
        giver=giver,
        receiver=receiver,
        form=form,
        quantity=from_milli(row["quantity_milli"]),
        date=row["date"],
        status=vocabulary.ContributionStatus(row["status"]),
        note=row["note"],
        reverses=row["reverses_ref"],
        unit=_unit_out(form, row["unit"]),
        category=row["category"],
        evidence_url=row.get("evidence_url", ""),  # read by an export (EXPORTED_COLUMNS)
        reason=row.get("reason", ""),
    )


async def read_meetings(
    network: int,
    members: Mapping[int, str],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[a.Meeting]:
    """The network's meetings with their attendance (those dated in ``[start, end)`` when
    given), in the order they were recorded."""
    query = Meeting.select(
        Meeting.id,
        Meeting.ref,
        Meeting.title,
        Meeting.kind,
        Meeting.working_group.ref.as_alias("group_ref"),
        Meeting.mandatory,
        Meeting.date,
        Meeting.duration_milli,
    ).where(Meeting.network == network)
    lines = Attendance.select(
        Attendance.meeting,
        Attendance.member,
        Attendance.people,
        Attendance.excused,
        Attendance.reason,
    ).where(Attendance.network == network)
    if start is not None:
        query = query.where(Meeting.date >= start)
        lines = lines.where(Attendance.meeting.date >= start)
    if end is not None:
        query = query.where(Meeting.date < end)
        lines = lines.where(Attendance.meeting.date < end)
    attendance = _grouped(await lines.order_by(Attendance.id).run(), "meeting")
    return [
        a.Meeting(
            ref=m["ref"],
            title=m["title"],
            kind=vocabulary.MeetingKind(m["kind"]),
            group=m["group_ref"],
            mandatory=m["mandatory"],
            date=m["date"],
            duration_hours=from_milli(m["duration_milli"]),
            attendance=[
                a.Attendance(
                    member=members[line["member"]],
                    people=None if line["excused"] else line["people"],
                    excused=line["excused"],
                    reason=line["reason"],
                )
                for line in attendance.get(m["id"], [])
            ],
        )
        for m in await query.order_by(Meeting.id).run()
    ]


async def read_rates(network: int) -> list[DatedRate]:
    """The network's rates, for valuing entries whose value is not frozen."""
    return [
        DatedRate(
            form=vocabulary.Form(r["form"]),
            eur_per_unit=euros(r["eur_per_unit_cents"]),
            effective_from=r["effective_from"],
            category=r["category"] or None,
            method=r["method"],
        )
        for r in await Rate.select().where(Rate.network == network).order_by(Rate.id).run()
    ]


@dataclass(frozen=True, slots=True)
class StatedPolicy:
    """A network's valuation policy as it stated it: its ``valuation_policy`` row."""

    charge_coefficient: Decimal
    method: str
    updated_at: dt.datetime


async def read_valuation_policy(network: int) -> StatedPolicy | None:
    """The network's valuation policy; None when it stated none. The one reader of the
    ``valuation_policy`` table (the guarded insert of an entry checks its coefficient in SQL)."""
    row = (
        await ValuationPolicy.select(
            ValuationPolicy.charge_coefficient_milli,
            ValuationPolicy.method,
            ValuationPolicy.updated_at,
        )
        .where(ValuationPolicy.network == network)
        .first()
    )
    if row is None:
        return None
    return StatedPolicy(
        charge_coefficient=from_milli(row["charge_coefficient_milli"]),
        method=row["method"],
        updated_at=row["updated_at"],
    )


async def read_charge_coefficient(network: int) -> Decimal:
    """The network's employer-charge coefficient (its valuation policy; 1.25 when it set none),
    for valuing time-like entries at the default hourly rate."""
    policy = await read_valuation_policy(network)
    return DEFAULT_CHARGE_COEFFICIENT if policy is None else policy.charge_coefficient


async def _policy_out(network: int) -> a.ValuationPolicy | None:
    policy = await read_valuation_policy(network)
    if policy is None:
        return None
    return a.ValuationPolicy(charge_coefficient=policy.charge_coefficient, method=policy.method)


async def read(network: int, members: Mapping[int, str]) -> LedgerSections:
    """The ledger sections of ``network`` (``members``: id → ref), in the order recorded."""
    rates = await Rate.select().where(Rate.network == network).order_by(Rate.id).run()
    groups = (
        await WorkingGroup.select(WorkingGroup.id, WorkingGroup.ref, WorkingGroup.name)
        .where(WorkingGroup.network == network)
        .order_by(WorkingGroup.id)
        .run()
    )
    enrolments = _grouped(
        await Enrolment.select().where(Enrolment.network == network).order_by(Enrolment.id).run(),
        "working_group",
    )
    projects = (
        await SharedProject.select(
            SharedProject.id,
            SharedProject.ref,
            SharedProject.name,
            SharedProject.lead.ref.as_alias("lead_ref"),
            SharedProject.starts_on,
            SharedProject.ends_on,
        )
        .where(SharedProject.network == network)
        .order_by(SharedProject.id)
        .run()
    )
    partners = _grouped(
        await ProjectPartner.select()
        .where(ProjectPartner.network == network)
        .order_by(ProjectPartner.id)
        .run(),
        "project",
    )
    entries = (
        await Contribution.select(*EXPORTED_COLUMNS)
        .where(Contribution.network == network)
        .order_by(Contribution.id)
        .run()
    )
    return LedgerSections(
        rates=[
            a.Rate(
                form=vocabulary.Form(r["form"]),
                eur_per_unit=euros(r["eur_per_unit_cents"]),
                effective_from=r["effective_from"],
                method=r["method"],
                unit=_unit_out(vocabulary.Form(r["form"]), r["unit"]),
                category=r["category"],
            )
            for r in rates
        ],
        valuation_policy=await _policy_out(network),
        cvn_accounts=[
            a.CvnAccounts(
                form=form,
                use=vocabulary.UseAccount(pair.use),
                resource=vocabulary.ResourceAccount(pair.resource),
            )
            for form, pair in (await cvn_accounts.read_overrides(network)).items()
        ],
        working_groups=[
            a.WorkingGroup(
                ref=g["ref"],
                name=g["name"],
                enrolments=[
                    a.Enrolment(member=members[e["member"]], from_=e["starts_on"], to=e["ends_on"])
                    for e in enrolments.get(g["id"], [])
                ],
            )
            for g in groups
        ],
        shared_projects=[
            a.SharedProject(
                ref=p["ref"],
                name=p["name"],
                lead=p["lead_ref"],
                partners=[members[row["member"]] for row in partners.get(p["id"], [])],
                from_=p["starts_on"],
                to=p["ends_on"],
            )
            for p in projects
        ],
        meetings=await read_meetings(network, members),
        contributions=[contribution_out(row) for row in entries],
    )
