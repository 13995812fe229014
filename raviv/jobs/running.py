"""Running one claimed job, whichever backend delivered it: its progress and heartbeat kept in
its row, its outcome written there, a failure retried while attempts remain, a job stopped by
a shutdown handed back."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import socket
import time
import uuid
from contextlib import suppress
from dataclasses import dataclass
from typing import Final, Literal

import structlog

from raviv import metrics
from raviv.errors import DomainError, Problem
from raviv.guard.audit import Actor, acting_as
from raviv.jobs import store
from raviv.jobs.kinds import KINDS, JobContext
from raviv.jobs.store import JobRow

__all__ = ["HEARTBEAT_S", "STALE_AFTER", "RetryLater", "owner_name", "perform"]

HEARTBEAT_S: Final = 10.0
"""How often a running job's row says it is alive."""
STALE_AFTER: Final = store.STALE_AFTER_DEFAULT
"""A running job silent for this long belonged to a process that died: it is queued again."""
PROGRESS_EVERY_S: Final = 1.0
"""Progress is written at most this often (and always at 100 %)."""

_log = structlog.get_logger(__name__)

Outcome = Literal["succeeded", "retried", "failed", "handed_back"]


class RetryLater(Exception):
    """Raised to a backend that schedules the retry itself (procrastinate): try again at ``at``."""

    def __init__(self, at: dt.datetime, error: str) -> None:
        super().__init__(error)
        self.at = at


@dataclass(frozen=True, slots=True)
class Performed:
    outcome: Outcome
    retry_at: dt.datetime | None = None


def owner_name() -> str:
    """This process, as the ``owner`` of the jobs it runs."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def backoff(attempt: int, base_s: float = 10.0) -> dt.timedelta:
    """The wait before attempt ``attempt + 1``: 10 s, 40 s, 160 s… at most 10 minutes."""
    return dt.timedelta(seconds=min(600.0, base_s * 4 ** max(0, attempt - 1)))


async def _heartbeat(job_id: int, owner: str) -> None:
    while True:
        await asyncio.sleep(HEARTBEAT_S)
        with suppress(Exception):  # the database away for a moment: the next beat will do
            await store.heartbeat([job_id], owner)


async def perform(row: JobRow, owner: str) -> Performed:
    """Run ``row`` (claimed by ``owner``) to its end, and record how it went.

    Cancelled (a shutdown past its grace), the job is handed back and the cancellation goes on."""
    kind = KINDS.get(row.kind)
    started = time.monotonic()
    log = _log.bind(job=row.id, kind=row.kind, network=row.network_ref, attempt=row.attempts)
    if kind is None:
        await store.fail(row.id, f"no job of kind {row.kind!r} in this version of raviv", None)
        log.error("job.unknown_kind")
        return Performed("failed")
    last = 0.0

    async def report(percent: int, step: str) -> None:
        nonlocal last
        if percent >= 100 or time.monotonic() - last >= PROGRESS_EVERY_S:
            last = time.monotonic()
            await store.progress(row.id, percent, step)

    context = JobContext(
        row.id, row.kind, row.network_ref, row.args, row.attempts, row.max_attempts, report
    )
    beating = asyncio.create_task(_heartbeat(row.id, owner), name=f"raviv-job-{row.id}-heartbeat")
    log.info("job.started")
    try:
        # What the job writes is audited as the service's, for the account that asked for it.
        with acting_as(Actor("system", row.requested_by)):
            result = await kind.run(context)
    except asyncio.CancelledError:
        await asyncio.shield(store.hand_back(row.id))
        log.warning("job.handed_back")
        _observe(row.kind, "handed_back", started)
        raise
    except Exception as failure:
        error = f"{type(failure).__name__}: {failure}"
        # A refusal (no rule for the period, an unknown network) would be refused again.
        if row.attempts < row.max_attempts and not isinstance(failure, DomainError):
            retry_at = store.now() + backoff(row.attempts, kind.retry_base_s)
            await store.fail(row.id, error, retry_at)
            log.warning("job.retry", error=error, retry_at=retry_at.isoformat())
            _observe(row.kind, "retried", started)
            return Performed("retried", retry_at)
        problem = Problem.of(failure).body() if isinstance(failure, DomainError) else None
        await store.fail(row.id, error, None, result=problem)
        if problem is None:
            log.exception("job.failed")
        else:
            log.warning("job.refused", error=error)
        _observe(row.kind, "failed", started)
        return Performed("failed")
    finally:
        beating.cancel()
    await store.succeed(row.id, result)
    log.info("job.succeeded", seconds=round(time.monotonic() - started, 3))
    _observe(row.kind, "succeeded", started)
    return Performed("succeeded")


def _observe(kind: str, outcome: str, started: float) -> None:
    """Counted and timed for /metrics (a job handed back at shutdown is not an outcome: it
    runs again)."""
    if outcome in metrics.JOB_OUTCOMES:
        with suppress(ValueError):  # a kind's name Prometheus would refuse: not counted
            metrics.observe_job(kind, outcome, time.monotonic() - started)
