"""Cases: a member found ``non_compliant`` once a period is over, for the coordinator to decide
on, with due process.

- Opened by the daily run from the period's final snapshot, one per member and period (a unique
  key: runs may repeat or race). For rolling twelve-month periods, which end every day, a member
  gets no new case while the period of one of its cases overlaps the one evaluated.
- The case keeps the member's evaluation as that snapshot stored it, and points to the snapshot.
- Decisions (warning, restriction of network services, suspension proposal to the board, lift
  of a restriction) are never edited: a later one supersedes it. Answers (the member's side,
  written by its representative or recorded by a coordinator) are never edited either.
- A coordinator closes the case with a note; a restriction decided on it still runs its course
  (a ``lift`` may still be recorded on a closed case).
Every write is audited in its transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import msgspec

from raviv.db import execute, transaction
from raviv.errors import ConflictError, FieldProblem, InvalidError, NotFoundError
from raviv.guard import audit
from raviv.guard.principal import Principal, aware
from raviv.guard.roles import Role
from raviv.participation.enforcement import schemas
from raviv.participation.enforcement.restrictions import in_force
from raviv.participation.enforcement.stored import (
    NETWORK_LOCK,
    Stored,
    as_date,
    only_members,
    serialised,
)
from raviv.registry.service import network_id, network_today, resolve_network
from raviv.registry.tables import Member

Kind = schemas.DecisionKind
_ENCODER = msgspec.json.Encoder(decimal_format="number")


# -- opening ---------------------------------------------------------------------------------------


async def open_cases(nid: int, snapshot: Stored) -> list[str]:
    """A case for every member the (period-over) snapshot says is ``non_compliant`` and that
    has none for an overlapping period; returns the refs of the cases opened."""
    failing = [m for m in snapshot.members if m["status"] == "non_compliant"]
    if not failing or not snapshot.over:
        return []
    rows = await Member.select(Member.id, Member.ref).where(Member.network == nid).run()
    ids = {r["ref"]: int(r["id"]) for r in rows}
    opened = []
    now = datetime.now(UTC)
    async with transaction():
        await serialised(NETWORK_LOCK, nid)
        covered = {
            r["member"]
            for r in await execute(
                "SELECT member FROM enforcement_case WHERE network = {} AND period_end > {}"
                " AND period_start < {}",
                nid,
                snapshot.period_start,
                snapshot.period_end,
            )
        }
        for evaluated in failing:
            member_id = ids.get(evaluated["member"])
            if member_id is None or member_id in covered:
                continue
            ref = f"{evaluated['member']}-{snapshot.period_start.isoformat()}"
            inserted = await execute(
                "INSERT INTO enforcement_case (network, member, ref, period_start, period_end,"
                " snapshot, evaluation, status, opened_at, close_note)"
                " VALUES ({}, {}, {}, {}, {}, {}, {}, 'open', {}, '')"
                " ON CONFLICT (network, member, period_start) DO NOTHING RETURNING id",
                nid,
                member_id,
                ref,
                snapshot.period_start,
                snapshot.period_end,
                snapshot.id,
                _ENCODER.encode(evaluated).decode(),
                now,
            )
            if not inserted:
                continue
            opened.append(ref)
            await audit.record(
                "case.open",
                network=nid,
                object_type="case",
                object_ref=ref,
                after={
                    "member": evaluated["member"],
                    "period_start": snapshot.period_start,
                    "snapshot_day": snapshot.day,
                    "rule_set": snapshot.rule_set,
                    "status": evaluated["status"],
                },
            )
    return opened


# -- reading ---------------------------------------------------------------------------------------

_CASES = (
    "SELECT c.id, c.ref, c.period_start, c.period_end, c.status, c.opened_at, c.closed_at,"
    " c.close_note, c.evaluation, c.member AS member_id, m.ref AS member_ref,"
    " s.day AS snapshot_day, s.rule_set,"
    " (SELECT d.kind FROM case_decision d WHERE d.enforcement_case = c.id"
    "  ORDER BY d.id DESC LIMIT 1) AS decision"
    " FROM enforcement_case c JOIN member m ON m.id = c.member"
    " LEFT JOIN evaluation_snapshot s ON s.id = c.snapshot WHERE c.network = {}"
)


def _summary(row: dict[str, Any], restriction: schemas.Restriction | None) -> dict[str, Any]:
    return {
        "ref": row["ref"],
        "member": row["member_ref"],
        "period": schemas.Period(
            start=as_date(row["period_start"]), end=as_date(row["period_end"])
        ),
        "status": schemas.CaseStatus(row["status"]),
        "opened_at": aware(row["opened_at"]),
        "closed_at": None if row["closed_at"] is None else aware(row["closed_at"]),
        "decision": None if row["decision"] is None else Kind(row["decision"]),
        "restriction": restriction,
    }


async def _restrictions_by_case(nid: int) -> dict[str, schemas.Restriction]:
    today = await network_today(nid)
    return {r.case: r for r in await in_force(nid, today)}


async def list_cases(
    network_ref: str,
    *,
    only: frozenset[str] | None,
    status: schemas.CaseStatus | None = None,
    member: str | None = None,
    period_start: dt.date | None = None,
) -> list[schemas.CaseSummary]:
    """The network's cases, open ones first then newest first; ``only``: of these members."""
    nid = await network_id(network_ref)
    sql, args = _CASES, list[Any]([nid])
    condition, refs = only_members("m.ref", only)
    sql += condition
    args += refs
    if status is not None:
        sql += " AND c.status = {}"
        args.append(status.value)
    if member is not None:
        sql += " AND m.ref = {}"
        args.append(member)
    if period_start is not None:
        sql += " AND c.period_start = {}"
        args.append(period_start)
    rows = await execute(sql + " ORDER BY c.status DESC, c.period_start DESC, m.ref", *args)
    restrictions = await _restrictions_by_case(nid)
    return [schemas.CaseSummary(**_summary(r, restrictions.get(r["ref"]))) for r in rows]


async def _case_row(nid: int, ref: str) -> dict[str, Any]:
    rows = await execute(_CASES + " AND c.ref = {}", nid, ref)
    if not rows:
        raise NotFoundError(f"No case {ref!r} in this network.")
    return rows[0]


async def _decisions(case_id: int) -> list[schemas.Decision]:
    rows = await execute(
        "SELECT d.kind, d.note, d.decided_on, d.starts_on, d.ends_on, d.created_at,"
        " a.display_name, a.email FROM case_decision d"
        " LEFT JOIN account a ON a.id = d.decided_by"
        " WHERE d.enforcement_case = {} ORDER BY d.id",
        case_id,
    )
    return [
        schemas.Decision(
            number=n,
            kind=Kind(r["kind"]),
            note=r["note"],
            decided_on=as_date(r["decided_on"]),
            starts_on=None if r["starts_on"] is None else as_date(r["starts_on"]),
            ends_on=None if r["ends_on"] is None else as_date(r["ends_on"]),
            decided_by=r["display_name"] or r["email"] or "",
            created_at=aware(r["created_at"]),
            superseded_by=n + 1 if n < len(rows) else None,
        )
        for n, r in enumerate(rows, start=1)
    ]


async def _answers(case_id: int) -> list[schemas.Answer]:
    rows = await execute(
        "SELECT w.text, w.by_representative, w.created_at, a.display_name, a.email"
        " FROM case_answer w LEFT JOIN account a ON a.id = w.written_by"
        " WHERE w.enforcement_case = {} ORDER BY w.id",
        case_id,
    )
    return [
        schemas.Answer(
            text=r["text"],
            written_by=r["display_name"] or r["email"] or "",
            by_representative=bool(r["by_representative"]),
            created_at=aware(r["created_at"]),
        )
        for r in rows
    ]


async def _case(nid: int, ref: str) -> schemas.Case:
    row = await _case_row(nid, ref)
    restriction = await in_force(nid, await network_today(nid), case_id=row["id"])
    snapshot_day = row["snapshot_day"]
    return schemas.Case(
        **_summary(row, restriction[0] if restriction else None),
        snapshot_day=None if snapshot_day is None else as_date(snapshot_day),
        rule_set=row["rule_set"] or "",
        evaluation=json.loads(row["evaluation"], parse_float=Decimal),
        decisions=await _decisions(row["id"]),
        answers=await _answers(row["id"]),
        close_note=row["close_note"],
    )


async def get_case(network_ref: str, ref: str) -> schemas.Case:
    return await _case(await network_id(network_ref), ref)


async def members_of(network_ref: str, ref: str) -> frozenset[str]:
    """The member a case is about (for access checks); empty when there is no such case."""
    rows = await execute(
        "SELECT m.ref FROM enforcement_case c JOIN member m ON m.id = c.member"
        " JOIN network n ON n.id = c.network WHERE n.ref = {} AND c.ref = {}",
        network_ref,
        ref,
    )
    return frozenset(r["ref"] for r in rows)


# -- writing ---------------------------------------------------------------------------------------


def _checked_dates(
    data: schemas.DecisionCreate, today: dt.date, previous: dt.date | None
) -> tuple[dt.date, dt.date | None, dt.date | None]:
    """The decision's day, and a restriction's first day and end; 422 naming the field."""
    decided_on = data.decided_on or today
    if decided_on > today:
        raise InvalidError.on(
            "decided_on", "a decision is recorded once taken, not before", decided_on
        )
    if previous is not None and decided_on < previous:
        raise InvalidError.on(
            "decided_on",
            f"before the case's latest decision ({previous.isoformat()}), which it would supersede",
            decided_on,
        )
    if data.kind is not Kind.restriction:
        for name in ("starts_on", "ends_on"):
            if getattr(data, name) is not None:
                raise InvalidError.on(name, "only a restriction has one", getattr(data, name))
        return decided_on, None, None
    starts_on = data.starts_on or decided_on
    if starts_on < decided_on:
        raise InvalidError.on("starts_on", "a restriction starts once decided", starts_on)
    if data.ends_on is not None and data.ends_on <= starts_on:
        raise InvalidError.on(
            "ends_on", "the first day it no longer applies: after starts_on", data.ends_on
        )
    return decided_on, starts_on, data.ends_on


async def decide(
    network_ref: str, ref: str, data: schemas.DecisionCreate, principal: Principal
) -> schemas.Case:
    """Record a decision on a case: a new one, never an edit of an earlier one."""
    network = await resolve_network(network_ref)
    nid, today = network.id, network.today
    async with transaction():
        row = await _case_row(nid, ref)
        latest = await execute(
            "SELECT kind, decided_on FROM case_decision WHERE enforcement_case = {}"
            " ORDER BY id DESC LIMIT 1",
            row["id"],
        )
        previous = as_date(latest[0]["decided_on"]) if latest else None
        decided_on, starts_on, ends_on = _checked_dates(data, today, previous)
        if row["status"] == schemas.CaseStatus.closed.value and data.kind is not Kind.lift:
            raise ConflictError(
                f"Case {ref!r} is closed: only a restriction still in force may be lifted.",
                errors=[FieldProblem("kind", "the case is closed", data.kind.value)],
            )
        if data.kind is Kind.lift and not await _restriction_to_lift(row["id"], decided_on):
            raise ConflictError(
                f"No restriction of case {ref!r} runs on {decided_on} or later: nothing to lift.",
                errors=[FieldProblem("kind", "no restriction running to lift", data.kind.value)],
            )
        await execute(
            "INSERT INTO case_decision (network, enforcement_case, kind, note, decided_on,"
            " starts_on, ends_on, decided_by, created_at)"
            " VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {})",
            nid,
            row["id"],
            data.kind.value,
            data.note,
            decided_on,
            starts_on,
            ends_on,
            principal.account_id,
            datetime.now(UTC),
        )
        await audit.record(
            "case.decision",
            network=nid,
            object_type="case",
            object_ref=ref,
            before={"decision": latest[0]["kind"] if latest else None},
            after={
                "kind": data.kind.value,
                "decided_on": decided_on,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "note": data.note,
            },
        )
        return await _case(nid, ref)


async def _restriction_to_lift(case_id: int, on: dt.date) -> bool:
    """Whether the case's restriction runs on ``on`` or will (one decided, not yet begun)."""
    rows = await execute(
        "SELECT kind, ends_on FROM case_decision WHERE enforcement_case = {}"
        " AND kind IN ('restriction', 'lift') ORDER BY id DESC LIMIT 1",
        case_id,
    )
    if not rows or rows[0]["kind"] != Kind.restriction.value:
        return False
    return rows[0]["ends_on"] is None or as_date(rows[0]["ends_on"]) > on


def _is_coordinator(principal: Principal, network_ref: str) -> bool:
    return principal.site_admin or Role.coordinator in principal.roles_in(network_ref)


async def answer(
    network_ref: str, ref: str, data: schemas.AnswerCreate, principal: Principal
) -> schemas.Case:
    """The member's answer, by its representative (the access check made sure the case is its
    member's) or recorded by a coordinator."""
    nid = await network_id(network_ref)
    async with transaction():
        row = await _case_row(nid, ref)
        representative = not _is_coordinator(principal, network_ref)
        await execute(
            "INSERT INTO case_answer (network, enforcement_case, text, written_by,"
            " by_representative, created_at) VALUES ({}, {}, {}, {}, {}, {})",
            nid,
            row["id"],
            data.text,
            principal.account_id,
            representative,
            datetime.now(UTC),
        )
        await audit.record(
            "case.answer",
            network=nid,
            object_type="case",
            object_ref=ref,
            after={"text": data.text, "by_representative": representative},
        )
        return await _case(nid, ref)


async def close(
    network_ref: str, ref: str, data: schemas.CaseClose, principal: Principal
) -> schemas.Case:
    nid = await network_id(network_ref)
    async with transaction():
        row = await _case_row(nid, ref)
        if row["status"] == schemas.CaseStatus.closed.value:
            raise ConflictError(
                f"Case {ref!r} is closed already.",
                errors=[FieldProblem("status", "is closed", "closed")],
            )
        await execute(
            "UPDATE enforcement_case SET status = 'closed', closed_at = {}, closed_by = {},"
            " close_note = {} WHERE id = {}",
            datetime.now(UTC),
            principal.account_id,
            data.note,
            row["id"],
        )
        await audit.record(
            "case.close",
            network=nid,
            object_type="case",
            object_ref=ref,
            before={"status": "open"},
            after={"status": "closed", "note": data.note},
        )
        return await _case(nid, ref)
