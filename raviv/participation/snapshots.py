"""Evaluations kept day by day: a member's status timeline, and what a decision was based on.

``take`` is what the daily job runs (``raviv rules snapshot``, from cron or a scheduler): it is
idempotent — a second run on the same day for the same period writes nothing and keeps the
first snapshot. A snapshot stores the rule set version applied and a summary of the inputs, so a
later rule change never rewrites it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import msgspec

from raviv.archive import schema as a
from raviv.db import execute, transaction
from raviv.guard import audit
from raviv.participation.evaluation import evaluate_with_inputs
from raviv.participation.tables import EvaluationSnapshot
from raviv.registry.service import NetworkContext, network_id, resolved
from raviv.rules.evaluator import Evaluation
from raviv.rules.report import encode


@dataclass(frozen=True, slots=True)
class Taken:
    evaluation: Evaluation
    stored: bool  # False: this day's snapshot existed already, and was kept


@dataclass(frozen=True, slots=True)
class Point:
    """A member's status on one day, as the snapshot of that day recorded it."""

    day: dt.date
    period_start: dt.date
    rule_set: str
    status: str


async def take(
    network: str | NetworkContext,
    *,
    at: dt.date,
    period_start: dt.date | None = None,
    rule_sets: Sequence[a.RuleSet] | None = None,
) -> Taken:
    """Evaluate the network (its ref, or the network resolved already) on ``at`` and keep it,
    unless that day's snapshot exists. ``rule_sets``: the network's rule set versions, when the
    caller has read them already."""
    context = await resolved(network)
    evaluation, inputs = await evaluate_with_inputs(
        context, at=at, period_start=period_start, rule_sets=rule_sets
    )
    nid = context.id
    async with transaction():
        rows = await execute(
            "INSERT INTO evaluation_snapshot"
            " (network, day, period_start, period_end, rule_set, inputs, document, created_at)"
            " VALUES ({}, {}, {}, {}, {}, {}, {}, {})"
            " ON CONFLICT (network, period_start, day) DO NOTHING RETURNING id",
            nid,
            evaluation.at,
            evaluation.period.start,
            evaluation.period.end,
            evaluation.rule_set,
            msgspec.json.encode(inputs).decode(),
            encode(evaluation).decode(),
            datetime.now(UTC),
        )
        if rows:
            await audit.record(
                "evaluation.snapshot",
                network=nid,
                object_type="evaluation",
                object_ref=f"{evaluation.period.start}@{evaluation.at}",
                after={"rule_set": evaluation.rule_set, **inputs},
            )
    return Taken(evaluation, stored=bool(rows))


async def timeline(network_ref: str, member_ref: str) -> list[Point]:
    """The member's status in every snapshot of its network, oldest first."""
    nid = await network_id(network_ref)
    rows = (
        await EvaluationSnapshot.select(
            EvaluationSnapshot.day,
            EvaluationSnapshot.period_start,
            EvaluationSnapshot.rule_set,
            EvaluationSnapshot.document,
        )
        .where(EvaluationSnapshot.network == nid)
        .order_by(EvaluationSnapshot.day)
        .order_by(EvaluationSnapshot.period_start)
        .run()
    )
    points = []
    for row in rows:
        members = json.loads(row["document"])["members"]
        status = next((m["status"] for m in members if m["member"] == member_ref), None)
        if status is not None:
            points.append(Point(row["day"], row["period_start"], row["rule_set"], status))
    return points
