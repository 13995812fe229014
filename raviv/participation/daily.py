"""A network's daily job: what the scheduler (:mod:`raviv.participation.scheduler`) runs once a
day for every network that has a participation rule.

Idempotent, so that a second run the same day (a restart, a second service process, an operator
running it by hand) changes nothing: the day's snapshot is kept once
(:func:`raviv.participation.snapshots.take`; the table's unique key on network, period and day
holds even when two runs race).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from raviv.participation import archive_io, snapshots
from raviv.participation.enforcement.run import Report, run_daily
from raviv.registry.service import resolve_network


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
