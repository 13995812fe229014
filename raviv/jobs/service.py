"""Background jobs: one interface, two backends.

- :func:`enqueue` queues a job of a registered kind (raviv/jobs/kinds.py), or finds the one
  already queued under the same ``key``: the daily evaluation's key names the network and the
  day, so however many processes ask, one job runs.
- :func:`opened` makes this process able to queue jobs, and to run them when ``work`` is set:
  the application's lifespan opens it (running jobs unless ``RAVIV_JOBS_WORKER=off``), and so
  does ``raviv jobs worker``.

The backend follows the database: SQLite's in-process runner (raviv/jobs/runner.py), or
procrastinate on PostgreSQL (raviv/jobs/pg.py). Either way a job's row (raviv/jobs/store.py) says
where it stands, for whoever may read it (raviv/jobs/controllers.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
import structlog

from raviv.db import transaction
from raviv.errors import InvalidError
from raviv.guard import audit
from raviv.jobs import store, uploads
from raviv.jobs.kinds import KINDS, Kind
from raviv.jobs.pg import PgBackend
from raviv.jobs.runner import LocalRunner
from raviv.jobs.store import JobRow
from raviv.settings import Settings, get_settings

__all__ = ["enqueue", "enqueue_with_upload", "jobs_lifespan", "opened"]

_log = structlog.get_logger(__name__)


@dataclass(slots=True)
class _Open:
    runner: LocalRunner | None = None
    pg: PgBackend | None = None


_open = _Open()


async def enqueue(
    kind: str,
    *,
    network_id: int | None = None,
    args: dict[str, Any] | None = None,
    key: str | None = None,
    requested_by: int | None = None,
    via: str = "api",
) -> JobRow:
    """Queue a job of ``kind`` (or return the one holding ``key``), and have it delivered."""
    known = KINDS.get(kind)
    if known is None:
        raise InvalidError.on("kind", "no job of this kind", kind)
    async with transaction():
        row, created = await store.create(
            kind, network_id, args or {}, key, known.max_attempts, requested_by, via
        )
        if created:  # in the audit log like every write: who asked for what, how
            await audit.record(
                "job.queue",
                network=network_id,
                object_type="job",
                object_ref=str(row.id),
                after={"kind": kind, "key": key, "via": via},
            )
    if created:  # delivered once written: on PostgreSQL a worker may take it at once
        await _deliver(row)
        _log.info("job.queued", job=row.id, kind=kind, key=key, via=via)
    return row


async def start_by_hand(
    kind: Kind, network_ref: str, *, requested_by: int | None, via: str
) -> JobRow:
    """A job of ``kind`` started by hand in a network (the API's ``POST …/jobs``, the admin's
    forms): what the kind's ``start`` makes of the network, queued as it says."""
    if kind.start is None:
        raise InvalidError.on("kind", "not a job to start by hand", kind.name)
    start = await kind.start(network_ref)
    return await enqueue(
        kind.name,
        network_id=start.network_id,
        args=start.args,
        key=start.key,
        requested_by=requested_by,
        via=via,
    )


async def start_once(
    kind: str,
    *,
    network_id: int,
    network_ref: str,
    day: dt.date,
    args: dict[str, Any],
    requested_by: int | None,
    via: str = "api",
    every_network: bool = False,
) -> JobRow:
    """Queue ``kind`` once per set of arguments, day and state of the data: asked again while
    nothing was written in the network (nothing in its audit log; in any network when
    ``every_network``, for a roll-up), the same job answers, and its result once made. A failed
    one is not reused: asked again, it is a new attempt. The job's arguments are ``args`` and
    the network's ref, made by the kind's ``arguments`` when it has one. The reports' API, the
    web pages and the admin start them so."""
    known = KINDS.get(kind)
    if known is None:
        raise InvalidError.on("kind", "no job of this kind", kind)
    if known.arguments is not None:
        args = known.arguments(args)
    stamp = {
        "args": args,
        "day": day.isoformat(),
        "data": await audit.last_change(None if every_network else network_id),
    }
    digest = hashlib.sha256(json.dumps(stamp, sort_keys=True, default=str).encode()).hexdigest()
    key = f"{kind}:{network_ref}:{digest[:40]}"
    earlier = await store.by_key(key)
    failed = earlier is not None and earlier.status == "failed"
    return await enqueue(
        kind,
        network_id=network_id,
        args={"network": network_ref, **args},
        key=None if failed else key,
        requested_by=requested_by,
        via=via,
    )


async def _deliver(row: JobRow) -> None:
    if get_settings().database.engine == "sqlite":
        if _open.runner is not None:
            _open.runner.wake()  # other processes' runners see it within their poll
        return
    if _open.pg is not None:
        await _open.pg.deliver(row.id, row.run_after)
        return
    backend = PgBackend(get_settings().database, pool_max=1)  # a command, with no backend open
    async with backend.app.open_async():
        await backend.deliver(row.id, row.run_after)


@asynccontextmanager
async def opened(*, work: bool, settings: Settings | None = None) -> AsyncIterator[None]:
    """Jobs for the time of the block: this process may queue them, and runs them if ``work``.

    On the way out no new job starts; those under way get ``RAVIV_JOBS_SHUTDOWN_GRACE_S`` to
    finish, then are handed back to be run again by the next worker."""
    settings = settings or get_settings()
    jobs = settings.jobs
    if settings.database.engine == "sqlite":
        runner = LocalRunner(concurrency=jobs.concurrency) if work else None
        task = asyncio.create_task(runner.run_forever(), name="raviv-jobs") if runner else None
        _open.runner = runner
        _log.info("jobs.opened", backend="in-process", working=work)
        try:
            yield
        finally:
            _open.runner = None
            if runner is not None and task is not None:
                await runner.stop(jobs.shutdown_grace_s)
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
            _log.info("jobs.closed", backend="in-process")
        return
    backend = PgBackend(settings.database, pool_max=max(2, jobs.concurrency + 2))
    async with backend.app.open_async():
        worker = (
            asyncio.create_task(
                backend.work(jobs.concurrency, jobs.shutdown_grace_s), name="raviv-jobs"
            )
            if work
            else None
        )
        _open.pg = backend
        _log.info("jobs.opened", backend="procrastinate", working=work)
        try:
            yield
        finally:
            _open.pg = None
            if worker is not None:
                worker.cancel()  # procrastinate's graceful shutdown, then aborts what is left
                await asyncio.gather(worker, return_exceptions=True)
            _log.info("jobs.closed", backend="procrastinate")


async def enqueue_with_upload(
    kind: str,
    content: bytes,
    *,
    network_id: int,
    args: dict[str, Any],
    requested_by: int | None,
) -> JobRow:
    """Keep ``content`` (in a worker thread: it may be megabytes) and queue ``kind`` to work on
    it, its name in the job's ``upload`` argument; nothing is kept if the job cannot be queued."""
    name = await anyio.to_thread.run_sync(uploads.keep, content)
    try:
        return await enqueue(
            kind,
            network_id=network_id,
            args={**args, "upload": name},
            requested_by=requested_by,
            via="api",
        )
    except BaseException:
        uploads.drop(name)
        raise


def jobs_lifespan(_app: object) -> AbstractAsyncContextManager[None]:
    """The application's lifespan hook: jobs open, and run here unless RAVIV_JOBS_WORKER=off."""
    settings = get_settings()
    return opened(work=settings.jobs.in_service, settings=settings)
