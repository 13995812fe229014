"""PostgreSQL's backend: procrastinate delivers the jobs.

Queuing a job writes its row (raviv/jobs/store.py) and defers one procrastinate job, task
``raviv.job``, carrying the row's id, with the queueing lock ``raviv-job-<id>`` so that it is
never waiting twice. A worker (each ``raviv serve`` process unless ``RAVIV_JOBS_WORKER=off``,
and ``raviv jobs worker``) takes it through LISTEN/NOTIFY, claims the row (a second delivery
finds it taken and does nothing) and runs it (raviv/jobs/running.py).

- A failed attempt that has attempts left is retried by procrastinate at the time the row says.
- At shutdown, procrastinate waits ``RAVIV_JOBS_SHUTDOWN_GRACE_S`` for the jobs under way, then
  aborts them: the row is handed back and procrastinate retries the job at once, elsewhere.
- Every minute one worker (procrastinate's periodic tasks are deferred once, however many
  workers) recovers what a killed process left: procrastinate's stalled jobs (no heartbeat) are
  retried, rows left ``running`` without a heartbeat are queued again, and rows queued for over
  a minute without a waiting delivery (the process died between the row and the defer) are
  deferred again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from contextlib import suppress
from typing import Any, Final

import procrastinate
import structlog
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import Job as DeliveredJob
from procrastinate.retry import BaseRetryStrategy, RetryDecision

from raviv.jobs import store, uploads
from raviv.jobs.running import STALE_AFTER, RetryLater, owner_name, perform
from raviv.settings import DatabaseSettings

__all__ = ["QUEUE", "TASK", "PgBackend"]

QUEUE: Final = "raviv"
TASK: Final = "raviv.job"
ORPHAN_AFTER: Final = dt.timedelta(seconds=60)

_log = structlog.get_logger(__name__)


class _RetryAsTheRowSays(BaseRetryStrategy):
    """Retry when raviv asks (:class:`RetryLater`), and a job aborted by a shutdown at once."""

    def get_retry_decision(
        self, *, exception: BaseException, job: DeliveredJob
    ) -> RetryDecision | None:
        if isinstance(exception, RetryLater):
            return RetryDecision(retry_at=exception.at)
        if isinstance(exception, (asyncio.CancelledError, procrastinate.exceptions.JobAborted)):
            return RetryDecision(retry_in={"seconds": 0})
        return None


class PgBackend:
    """procrastinate's app for raviv's database, open for the time of :meth:`opened`."""

    def __init__(self, settings: DatabaseSettings, *, pool_max: int = 4) -> None:
        connector = procrastinate.PsycopgConnector(
            conninfo=_conninfo(settings), min_size=1, max_size=pool_max
        )
        self.app = procrastinate.App(connector=connector)
        self.owner = owner_name()
        self._task = self.app.task(
            name=TASK, queue=QUEUE, pass_context=True, retry=_RetryAsTheRowSays()
        )(self._run)
        self.app.periodic(cron="* * * * *", periodic_id="raviv-recover")(
            self.app.task(name="raviv.recover", queue=QUEUE, pass_context=False)(self._recover)
        )

    async def _run(self, context: procrastinate.JobContext, job_id: int) -> None:
        delivered = context.job.id
        owner = f"{self.owner}/{delivered}"
        row = await store.claim(job_id, owner)
        if row is None:
            _log.info("job.already_taken", job=job_id, delivery=delivered)
            return
        performed = await perform(row, owner)
        if performed.outcome == "retried" and performed.retry_at is not None:
            raise RetryLater(performed.retry_at, "retry")

    async def _recover(self, timestamp: int) -> None:
        del timestamp
        manager = self.app.job_manager
        for stalled in await manager.get_stalled_jobs():
            await manager.retry_job(stalled)
            _log.warning("jobs.stalled_retried", delivery=stalled.id)
        if count := await store.requeue_stale(STALE_AFTER):
            _log.warning("jobs.requeued_stale", count=count)
        for job_id in await store.queued_before(store.now() - ORPHAN_AFTER):
            await self.deliver(job_id, None)
        if count := await uploads.remove_leftovers():
            _log.info("jobs.uploads_removed", count=count)

    async def deliver(self, job_id: int, run_after: dt.datetime | None) -> None:
        """Defer the delivery of row ``job_id`` (none if one is waiting already)."""
        options: dict[str, Any] = {"queueing_lock": f"raviv-job-{job_id}"}
        if run_after is not None and run_after > store.now():
            options["schedule_at"] = run_after
        with suppress(AlreadyEnqueued):  # a delivery of it waits already
            await self._task.configure(**options).defer_async(job_id=job_id)

    async def work(self, concurrency: int, grace_s: float) -> None:
        """Run a worker until cancelled (then procrastinate's graceful shutdown)."""
        await self.app.run_worker_async(
            queues=[QUEUE],
            concurrency=concurrency,
            name=self.owner,
            wait=True,
            install_signal_handlers=False,
            shutdown_graceful_timeout=grace_s,
        )


def _conninfo(settings: DatabaseSettings) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(
        host=settings.host,
        port=settings.port,
        user=settings.user,
        password=settings.password or None,
        dbname=settings.database,
        application_name="raviv-jobs",
    )
