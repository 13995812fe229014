"""The daily evaluation, inside the service: when each network's job is due, it is queued.

The application's lifespan (and ``raviv jobs worker``) starts :func:`daily_scheduler` beside the
job runner. Its task wakes every minute and calls :meth:`DailyScheduler.run_due` with the time:
for every network with a participation rule in effect, once the network's local time (its time
zone, Europe/Paris unless set) has reached ``RAVIV_DAILY_AT`` (03:30 by default), it queues the
network's ``daily`` job (:data:`raviv.participation.daily.DAILY`) for the local day. The job's
key names the network and the day, so however many processes do the same, one job is queued
and run once (raviv/jobs/service.py), by whichever worker takes it. A service started later in
the day catches up at once. With ``RAVIV_RETENTION_SWEEP=on``, every network's ``retention``
job is queued the same way (raviv/access/retention.py).

- Queuing that fails (the database away) is logged and tried again at the next wake-up; the
  job itself is retried by the job runner, with a limit.
- At shutdown the task is asked to stop; queuing under way gets a few seconds to finish.
- ``RAVIV_SCHEDULER=off`` leaves it out (the test suite does; so can a deployment that runs
  ``raviv rules daily`` from cron instead: :func:`run_all`, every network's job run at once in
  that command, whatever the hour; the job is idempotent, so running both is harmless).

Settings: ``RAVIV_SCHEDULER`` and ``RAVIV_DAILY_AT`` (:class:`raviv.settings.SchedulerSettings`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, Final
from zoneinfo import ZoneInfo

import structlog
from piccolo.query.functions.aggregate import Min

from raviv.access.retention import RETENTION, retention_key
from raviv.db import execute
from raviv.errors import InvalidError
from raviv.jobs.service import enqueue
from raviv.participation import daily
from raviv.participation.tables import RuleSetVersion
from raviv.settings import SchedulerSettings, get_settings

__all__ = ["DailyScheduler", "Outcome", "daily_scheduler", "queue_daily", "run_all", "scheduled"]

TICK_S: Final = 60.0
"""How often the task wakes up to look for jobs due."""
STOP_GRACE_S: Final = 10.0
"""How long a job under way may go on at shutdown before it is cancelled."""

_log = structlog.get_logger(__name__)

Job = Callable[[str, dt.date], Awaitable[object]]
Clock = Callable[[], dt.datetime]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One network's daily job, as :meth:`DailyScheduler.run_due` ran it."""

    network: str
    day: dt.date
    ok: bool
    error: str = ""
    skipped: bool = False  # refused as invalid (no rule for the period): not retried that day


async def _networks_with_a_rule() -> list[tuple[str, ZoneInfo, dt.date]]:
    """Each network with a participation rule: its ref, time zone and first rule's day."""
    rows: list[dict[str, Any]] = (
        await RuleSetVersion.select(
            RuleSetVersion.network.ref.as_alias("ref"),
            RuleSetVersion.network.timezone.as_alias("timezone"),
            Min(RuleSetVersion.effective_from, alias="first_rule"),
        )
        .group_by(RuleSetVersion.network.ref, RuleSetVersion.network.timezone)
        .order_by(RuleSetVersion.network.ref)
        .run()
    )
    found = []
    for row in rows:
        first_rule = row["first_rule"]
        if isinstance(first_rule, str):  # an aggregate of a date is ISO text on SQLite
            first_rule = dt.date.fromisoformat(first_rule)
        found.append((row["ref"], ZoneInfo(row["timezone"] or "Europe/Paris"), first_rule))
    return found


async def queue_daily(network_ref: str, day: dt.date) -> None:
    """Queue the network's ``daily`` job for ``day`` (once: see :func:`daily.daily_key`)."""
    start = await daily.daily_start(network_ref, day)
    await enqueue(
        daily.DAILY.name,
        network_id=start.network_id,
        args=start.args,
        key=start.key,
        via="scheduler",
    )


async def _run_one(job: Job, network: str, day: dt.date, done: str = "daily.done") -> Outcome:
    """One network's job, its failure logged and returned rather than raised."""
    try:
        await job(network, day)
    except InvalidError as refused:
        _log.warning("daily.skipped", network=network, day=day.isoformat(), reason=str(refused))
        return Outcome(network, day, ok=False, error=str(refused), skipped=True)
    except Exception as failure:  # one network's failure must not stop the others
        _log.exception("daily.failed", network=network, day=day.isoformat())
        return Outcome(network, day, ok=False, error=repr(failure))
    _log.info(done, network=network, day=day.isoformat())
    return Outcome(network, day, ok=True)


async def run_all(
    day: dt.date | None = None, *, now: dt.datetime | None = None, job: Job = daily.run
) -> list[Outcome]:
    """Every network's daily job at once, whatever the hour (``raviv rules daily``, for cron):
    on ``day``, or on each network's own today at ``now``; a network whose first rule starts
    later is left out. Jobs are idempotent, so running this beside the scheduler is harmless."""
    now = now or _utc_now()
    outcomes = []
    for ref, zone, first_rule in await _networks_with_a_rule():
        local_day = day or now.astimezone(zone).date()
        if first_rule <= local_day:
            outcomes.append(await _run_one(job, ref, local_day))
    return outcomes


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(slots=True, eq=False)
class DailyScheduler:
    """Runs each network's daily job once a day, at ``daily_at`` in the network's time zone.

    ``job`` and ``clock`` are there to be replaced in tests: :meth:`run_due` takes the time it
    is, so no test waits for the wall clock."""

    daily_at: dt.time = SchedulerSettings().daily_at
    job: Job = queue_daily
    clock: Clock = _utc_now
    tick_s: float = TICK_S
    retention_sweep: bool = False
    done: dict[str, dt.date] = field(default_factory=dict)  # network ref → last day done
    swept: dict[str, dt.date] = field(default_factory=dict)  # network ref → last day swept
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    async def due(self, now: dt.datetime) -> list[tuple[str, dt.date]]:
        """The networks whose job is due at ``now`` (an aware time), with their local day: a
        rule in effect on that day, ``daily_at`` reached there, and not done yet that day."""
        found = []
        for ref, zone, first_rule in await _networks_with_a_rule():
            local = now.astimezone(zone)
            day = local.date()
            if local.time() >= self.daily_at and first_rule <= day and self.done.get(ref) != day:
                found.append((ref, day))
        return found

    async def run_due(self, now: dt.datetime) -> list[Outcome]:
        """Run (queue, by default) every job due at ``now`` (see :meth:`due`), one network after
        another; a failure is logged and the next network goes on. What is refused as invalid
        is not tried again that day; any other failure is, at the next wake-up."""
        outcomes = []
        for network, day in await self.due(now):
            if self._stopping.is_set():
                break
            outcome = await _run_one(self.job, network, day, done="daily.queued")
            if outcome.ok or outcome.skipped:
                self.done[network] = day
            outcomes.append(outcome)
        if self.retention_sweep:
            await self._queue_retention(now)
        return outcomes

    async def _queue_retention(self, now: dt.datetime) -> None:
        """Every network's retention sweep, once a day at ``daily_at`` local time."""
        for row in await execute("SELECT id, ref, timezone FROM network ORDER BY ref"):
            local = now.astimezone(ZoneInfo(row["timezone"] or "Europe/Paris"))
            day = local.date()
            if local.time() < self.daily_at or self.swept.get(row["ref"]) == day:
                continue
            try:
                await enqueue(
                    RETENTION.name,
                    network_id=int(row["id"]),
                    args={"network": row["ref"]},
                    key=retention_key(row["ref"], day),
                    via="scheduler",
                )
            except Exception:  # tried again at the next wake-up
                _log.exception("retention.queue_failed", network=row["ref"])
                continue
            self.swept[row["ref"]] = day

    async def run_forever(self) -> None:
        """Wake up every ``tick_s`` and run what is due, until :meth:`stop`."""
        while not self._stopping.is_set():
            try:
                await self.run_due(self.clock())
            except Exception:  # the networks could not even be listed (database away)
                _log.exception("daily.scheduler_failed")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self.tick_s)

    def stop(self) -> None:
        """Ask the task to stop: no new job starts; the loop ends at once when idle."""
        self._stopping.set()


@asynccontextmanager
async def scheduled(
    settings: SchedulerSettings,
    *,
    stop_grace_s: float = STOP_GRACE_S,
    retention_sweep: bool = False,
    **overrides: Any,
) -> AsyncIterator[DailyScheduler | None]:
    """The scheduler running in a task for the time of the block (nothing when disabled);
    ``overrides`` go to :class:`DailyScheduler` (tests: ``job``, ``clock``, ``tick_s``)."""
    if not settings.enabled:
        yield None
        return
    scheduler = DailyScheduler(settings.daily_at, retention_sweep=retention_sweep, **overrides)
    task = asyncio.create_task(scheduler.run_forever(), name="raviv-daily-evaluation")
    _log.info("daily.scheduler_started", daily_at=settings.daily_at.isoformat("minutes"))
    try:
        yield scheduler
    finally:
        scheduler.stop()
        try:
            await asyncio.wait_for(task, timeout=stop_grace_s)
        except TimeoutError:  # wait_for cancelled the job under way: the next start redoes it
            _log.warning("daily.scheduler_cancelled", grace_s=stop_grace_s)
        _log.info("daily.scheduler_stopped")


def daily_scheduler(_app: object) -> AbstractAsyncContextManager[DailyScheduler | None]:
    """The application's lifespan hook: the scheduler as the settings want it."""
    settings = get_settings()
    return scheduled(settings.scheduler, retention_sweep=settings.jobs.retention_sweep)
