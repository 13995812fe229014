"""The job rows: written and read here only, in short statements of their own.

Timestamps that SQL compares (``run_after``, ``heartbeat_at``) are whole UTC seconds, so that
SQLite, which keeps them as text, orders them as PostgreSQL does.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Final

from raviv.db import execute

__all__ = ["JobRow", "now"]

STATUSES: Final = ("queued", "running", "succeeded", "failed")
STALE_AFTER_DEFAULT: Final = dt.timedelta(seconds=60)
"""A running job silent for this long belonged to a process that died."""

_COLUMNS: Final = (
    "j.id, j.kind, j.network, n.ref AS network_ref, j.key, j.args, j.status, j.attempts,"
    " j.max_attempts, j.progress, j.step, j.result, j.error, j.requested_by, j.requested_via,"
    " j.created_at, j.run_after, j.started_at, j.heartbeat_at, j.finished_at, j.owner"
)
_FROM: Final = " FROM job j LEFT JOIN network n ON n.id = j.network"


def now() -> dt.datetime:
    """The time, in whole UTC seconds."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _time(value: dt.datetime | str | None) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class JobRow:
    """One job as stored."""

    id: int
    kind: str
    network_id: int | None
    network_ref: str | None
    key: str | None
    args: dict[str, Any]
    status: str
    attempts: int
    max_attempts: int
    progress: int
    step: str
    result: dict[str, Any] | None
    error: str
    requested_by: int | None
    requested_via: str
    created_at: dt.datetime
    run_after: dt.datetime
    started_at: dt.datetime | None
    heartbeat_at: dt.datetime | None
    finished_at: dt.datetime | None
    owner: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> JobRow:
        created, run_after = _time(row["created_at"]), _time(row["run_after"])
        assert created is not None
        assert run_after is not None
        return cls(
            id=int(row["id"]),
            kind=row["kind"],
            network_id=row["network"],
            network_ref=row.get("network_ref"),
            key=row["key"],
            args=json.loads(row["args"] or "{}"),
            status=row["status"],
            attempts=int(row["attempts"]),
            max_attempts=int(row["max_attempts"]),
            progress=int(row["progress"]),
            step=row["step"],
            result=json.loads(row["result"]) if row["result"] else None,
            error=row["error"],
            requested_by=row["requested_by"],
            requested_via=row["requested_via"],
            created_at=created,
            run_after=run_after,
            started_at=_time(row["started_at"]),
            heartbeat_at=_time(row["heartbeat_at"]),
            finished_at=_time(row["finished_at"]),
            owner=row["owner"],
        )

    @property
    def done(self) -> bool:
        return self.status in {"succeeded", "failed"}


async def get(job_id: int) -> JobRow | None:
    rows = await execute(f"SELECT {_COLUMNS}{_FROM} WHERE j.id = {{}}", job_id)
    return JobRow.of(rows[0]) if rows else None


async def by_key(key: str) -> JobRow | None:
    rows = await execute(f"SELECT {_COLUMNS}{_FROM} WHERE j.key = {{}}", key)
    return JobRow.of(rows[0]) if rows else None


async def create(  # noqa: PLR0917 - the row's columns
    kind: str,
    network_id: int | None,
    args: dict[str, Any],
    key: str | None,
    max_attempts: int,
    requested_by: int | None,
    requested_via: str,
) -> tuple[JobRow, bool]:
    """A new queued job, or the one already holding ``key``: (row, created)."""
    at = now()
    inserted = await execute(
        "INSERT INTO job (kind, network, key, args, status, attempts, max_attempts, progress,"
        " step, result, error, requested_by, requested_via, created_at, run_after, owner)"
        " VALUES ({}, {}, {}, {}, 'queued', 0, {}, 0, '', '', '', {}, {}, {}, {}, '')"
        " ON CONFLICT (key) DO NOTHING RETURNING id",
        kind,
        network_id,
        key,
        json.dumps(args, sort_keys=True, default=str),
        max_attempts,
        requested_by,
        requested_via,
        at,
        at,
    )
    if inserted:
        row = await get(int(inserted[0]["id"]))
        created = True
    else:
        assert key is not None
        row = await by_key(key)
        created = False
    assert row is not None
    return row, created


async def claim_next(owner: str, kinds: tuple[str, ...]) -> JobRow | None:
    """Take the oldest queued job due now (SQLite's runner: one writer at a time makes the
    update atomic across processes)."""
    if not kinds:
        return None
    at = now()
    marks = ", ".join("{}" for _ in kinds)
    sql = (
        "UPDATE job SET status = 'running', owner = {}, attempts = attempts + 1,"  # noqa: S608 - placeholders only
        " started_at = {}, heartbeat_at = {}, error = ''"
        " WHERE id = (SELECT id FROM job WHERE status = 'queued' AND run_after <= {}"
        f" AND kind IN ({marks}) ORDER BY run_after, id LIMIT 1) AND status = 'queued'"
        " RETURNING id"
    )
    rows = await execute(
        sql,
        owner,
        at,
        at,
        at,
        *kinds,
    )
    return await get(int(rows[0]["id"])) if rows else None


async def claim(job_id: int, owner: str) -> JobRow | None:
    """Take this job if it is queued (PostgreSQL's worker, handed the id by procrastinate): None
    when another delivery of it took it already, or it is done."""
    at = now()
    rows = await execute(
        "UPDATE job SET status = 'running', owner = {}, attempts = attempts + 1,"
        " started_at = {}, heartbeat_at = {}, error = '' WHERE id = {} AND status = 'queued'"
        " RETURNING id",
        owner,
        at,
        at,
        job_id,
    )
    return await get(job_id) if rows else None


async def heartbeat(job_ids: list[int], owner: str) -> None:
    for job_id in job_ids:
        await execute(
            "UPDATE job SET heartbeat_at = {} WHERE id = {} AND owner = {} AND status = 'running'",
            now(),
            job_id,
            owner,
        )


async def progress(job_id: int, percent: int, step: str) -> None:
    await execute(
        "UPDATE job SET progress = {}, step = {}, heartbeat_at = {} WHERE id = {}"
        " AND status = 'running'",
        percent,
        step,
        now(),
        job_id,
    )


async def succeed(job_id: int, result: dict[str, Any]) -> None:
    await execute(
        "UPDATE job SET status = 'succeeded', progress = 100, result = {}, finished_at = {},"
        " owner = '' WHERE id = {} AND status = 'running'",
        json.dumps(result, sort_keys=True, default=str),
        now(),
        job_id,
    )


async def fail(
    job_id: int,
    error: str,
    retry_at: dt.datetime | None,
    *,
    result: dict[str, Any] | None = None,
) -> None:
    """The attempt failed: queued again for ``retry_at``, or failed for good (None), with
    ``result`` saying why at length (a refusal's problem document: every row and column)."""
    if retry_at is None:
        await execute(
            "UPDATE job SET status = 'failed', error = {}, result = {}, finished_at = {},"
            " owner = '' WHERE id = {} AND status = 'running'",
            error[:1000],
            "" if result is None else json.dumps(result, sort_keys=True, default=str),
            now(),
            job_id,
        )
    else:
        await execute(
            "UPDATE job SET status = 'queued', error = {}, run_after = {}, owner = ''"
            " WHERE id = {} AND status = 'running'",
            error[:1000],
            retry_at.replace(microsecond=0),
            job_id,
        )


async def hand_back(job_id: int) -> None:
    """Stopped before it finished (the process shuts down): queued again, the attempt not
    counted, for the next worker to run it from the start."""
    await execute(
        "UPDATE job SET status = 'queued', attempts = attempts - 1, owner = '',"
        " step = 'handed back at shutdown' WHERE id = {} AND status = 'running'",
        job_id,
    )


async def requeue_stale(older_than: dt.timedelta) -> int:
    """Jobs left ``running`` by a process that died (no heartbeat for ``older_than``): queued
    again while attempts remain, failed otherwise. How many."""
    cutoff = now() - older_than
    error = "the process running it stopped without finishing"
    failed = await execute(
        "UPDATE job SET status = 'failed', error = {}, finished_at = {}, owner = ''"
        " WHERE status = 'running' AND heartbeat_at < {} AND attempts >= max_attempts"
        " RETURNING id",
        error,
        now(),
        cutoff,
    )
    queued = await execute(
        "UPDATE job SET status = 'queued', error = {}, owner = ''"
        " WHERE status = 'running' AND heartbeat_at < {} RETURNING id",
        error,
        cutoff,
    )
    return len(failed) + len(queued)


async def queued_before(moment: dt.datetime) -> list[int]:
    """Queued jobs due before ``moment``: on PostgreSQL, those whose delivery may have been
    lost (see :mod:`raviv.jobs.pg`)."""
    rows = await execute(
        "SELECT id FROM job WHERE status = 'queued' AND run_after < {} ORDER BY id LIMIT 500",
        moment,
    )
    return [int(r["id"]) for r in rows]


async def listing(
    network_id: int | None,
    *,
    status: str | None = None,
    kinds: tuple[str, ...] | None = None,
    limit: int = 50,
    before: int | None = None,
) -> list[JobRow]:
    """The newest jobs first, of a network (None: all), of some status and kinds, older than
    the job ``before`` when given (the next page)."""
    where: list[str] = []
    args: list[object] = []
    if before is not None:
        where.append("j.id < {}")
        args.append(before)
    if network_id is not None:
        where.append("j.network = {}")
        args.append(network_id)
    if status is not None:
        where.append("j.status = {}")
        args.append(status)
    if kinds is not None:
        if not kinds:
            return []
        where.append(f"j.kind IN ({', '.join('{}' for _ in kinds)})")
        args.extend(kinds)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = await execute(
        f"SELECT {_COLUMNS}{_FROM}{clause} ORDER BY j.id DESC LIMIT {{}}",
        *args,
        limit,
    )
    return [JobRow.of(r) for r in rows]
