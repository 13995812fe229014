"""A network's daily job: what the scheduler (:mod:`raviv.participation.scheduler`) runs once a
day for every network that has a participation rule.

Idempotent, so that a second run the same day (a restart, a second service process, an operator
running it by hand) changes nothing: the day's snapshot is kept once
(:func:`raviv.participation.snapshots.take`; the table's unique key on network, period and day
holds even when two runs race).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import structlog

from raviv.guard.roles import Role
from raviv.jobs.kinds import JobContext, Kind, Start
from raviv.participation import archive_io, snapshots
from raviv.participation.enforcement.run import Report, run_daily
from raviv.registry.service import resolve_network

_log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class DailyRun:
    """What one run did."""

    network: str
    day: dt.date
    snapshot: snapshots.Taken  # ``stored`` is False when the day's snapshot existed already
    enforcement: Report  # reminders sent, cases opened (each once, however many runs)


async def run(network_ref: str, day: dt.date) -> DailyRun:
    """The daily job of ``network_ref`` for ``day`` (a day in the network's time zone): its
    evaluation on that day, kept as the day's snapshot.

    Then enforcement (:func:`raviv.participation.enforcement.run.run_daily`): reminders to the
    representatives of members at risk and cases for members non-compliant at a period's end,
    acting on the snapshot just kept. Like the snapshot, it is idempotent (run twice, act once).

    The network is looked up once and its rule set versions read once, for the whole run: both
    are handed down to the snapshot and to enforcement (which may evaluate the period before).
    """
    network = await resolve_network(network_ref)
    rule_sets = await archive_io.read_rule_sets(network.id)
    taken = await snapshots.take(network, at=day, rule_sets=rule_sets)
    enforced = await run_daily(network, day, rule_sets=rule_sets)
    return DailyRun(network_ref, day, taken, enforced)


def _summary(run_: DailyRun) -> dict[str, Any]:
    """A run, as its job's result says it."""
    enforced = run_.enforcement
    return {
        "network": run_.network,
        "day": run_.day.isoformat(),
        "snapshot_stored": run_.snapshot.stored,
        "reminders": dict(Counter(r.outcome for r in enforced.reminders)),
        "cases_opened": list(enforced.cases_opened),
        "notes": list(enforced.notes),
    }


async def daily_job(ctx: JobContext) -> dict[str, Any]:
    """The ``daily`` job: :func:`run` for the network and day it names."""
    ref, day = ctx.args["network"], dt.date.fromisoformat(ctx.args["day"])
    await ctx.progress(5, "évaluation et application de la règle")
    started = time.monotonic()
    done = await run(ref, day)
    _log.info("daily.done", network=ref, day=day.isoformat(), seconds=time.monotonic() - started)
    return _summary(done)


async def reminders_job(ctx: JobContext) -> dict[str, Any]:
    """The ``reminders`` job, started by a coordinator: the reminders due today sent now (and
    the day's snapshot taken if it was not); a member reminded within the interval is not
    written to again."""
    network = await resolve_network(ctx.args["network"])
    await ctx.progress(5, "relances")
    return _summary(await run(network.ref, network.today))


async def daily_start(network_ref: str, day: dt.date | None = None) -> Start:
    """The network's daily job of ``day`` (default: its today), as the scheduler queues it and
    as a coordinator starts it by hand: one job a day, whoever asks."""
    network = await resolve_network(network_ref)
    day = day or network.today
    args = {"network": network.ref, "day": day.isoformat()}
    return Start(network.id, args, daily_key(network.ref, day))


async def _start_reminders(network_ref: str) -> Start:
    network = await resolve_network(network_ref)
    return Start(network.id, {"network": network.ref})


DAILY = Kind(
    "daily",
    daily_job,
    max_attempts=3,
    readers=frozenset({Role.coordinator}),
    starters=frozenset({Role.coordinator}),
    start=daily_start,
    description="The day's evaluation kept as a snapshot, then the enforcement policy applied.",
)
REMINDERS = Kind(
    "reminders",
    reminders_job,
    max_attempts=3,
    readers=frozenset({Role.coordinator}),
    starters=frozenset({Role.coordinator}),
    start=_start_reminders,
    description="The reminders due today, sent now (each member at most once per interval).",
)


def daily_key(network_ref: str, day: dt.date) -> str:
    """One daily job per network and day, however many processes queue it."""
    return f"daily:{network_ref}:{day.isoformat()}"
