"""The in-process job runner: SQLite's backend (the embedded default).

The ``job`` table is the queue. Each process with a runner (every ``raviv serve`` process
unless ``RAVIV_JOBS_WORKER=off``, and ``raviv jobs worker``) takes queued jobs due now, one
``UPDATE … RETURNING`` each: SQLite runs one write at a time, so two processes never take the
same job. A job queued in this process starts at once; one queued elsewhere within a
:data:`POLL_S`.

- A failed attempt is queued again after a wait while attempts remain (raviv/jobs/running.py).
- A process that dies leaves its jobs ``running`` with a heartbeat that stops: after
  :data:`raviv.jobs.running.STALE_AFTER` any runner queues them again.
- At shutdown no new job starts; those under way get ``grace_s`` seconds, then are cancelled
  and handed back (queued again, the attempt not counted), for the next start to run.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Final

import structlog

from raviv.jobs import store, uploads
from raviv.jobs.kinds import KINDS
from raviv.jobs.running import STALE_AFTER, owner_name, perform

__all__ = ["LocalRunner"]

POLL_S: Final = 2.0
"""How often the runner looks for jobs queued by other processes."""
SWEEP_S: Final = 30.0
"""How often it looks for jobs of dead processes."""

_log = structlog.get_logger(__name__)


@dataclass(slots=True, eq=False)
class LocalRunner:
    concurrency: int = 2
    poll_s: float = POLL_S
    owner: str = field(default_factory=owner_name)
    running: set[asyncio.Task[object]] = field(default_factory=set)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)
    _swept_at: float = 0.0

    def wake(self) -> None:
        """A job was queued in this process: look now."""
        self._wake.set()

    async def run_forever(self) -> None:
        while not self._stopping.is_set():
            try:
                await self._sweep()
                await self._start_what_is_due()
            except Exception:  # the database away: try again at the next poll
                _log.exception("jobs.runner_failed")
            self._wake.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_s)

    async def _sweep(self) -> None:
        if time.monotonic() - self._swept_at < SWEEP_S:
            return
        self._swept_at = time.monotonic()
        if count := await store.requeue_stale(STALE_AFTER):
            _log.warning("jobs.requeued_stale", count=count)
        if count := await uploads.remove_leftovers():
            _log.info("jobs.uploads_removed", count=count)

    async def _start_what_is_due(self) -> None:
        while len(self.running) < self.concurrency and not self._stopping.is_set():
            row = await store.claim_next(self.owner, tuple(KINDS))
            if row is None:
                return
            task: asyncio.Task[object] = asyncio.create_task(
                perform(row, self.owner), name=f"raviv-job-{row.id}"
            )
            self.running.add(task)
            task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[object]) -> None:
        self.running.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _log.error("jobs.task_error", error=repr(task.exception()))
        self._wake.set()  # a slot is free: look for the next one

    async def stop(self, grace_s: float) -> None:
        """No new job; those under way finish within ``grace_s``, or are handed back."""
        self._stopping.set()
        self._wake.set()
        if self.running:
            _done, late = await asyncio.wait(set(self.running), timeout=grace_s)
            for task in late:
                task.cancel()
            if late:
                await asyncio.gather(*late, return_exceptions=True)
                _log.warning("jobs.handed_back_at_shutdown", count=len(late))
