"""The command line of background jobs: ``raviv jobs`` (assembled in :mod:`raviv.cli`, which
adds ``worker``: it runs the scheduler too, which sits above this package)."""

from __future__ import annotations

import click

from raviv.cli_support import echo_json, json_option, refuse, run_with_database
from raviv.errors import InvalidError, NotFoundError
from raviv.jobs.store import STATUSES, JobRow


@click.group()
def jobs() -> None:
    """Background jobs: the daily evaluation, reminders, retention sweeps, reports."""


def _as_json(row: JobRow) -> dict[str, object]:
    return {
        "id": row.id,
        "kind": row.kind,
        "network": row.network_ref,
        "status": row.status,
        "progress": row.progress,
        "step": row.step,
        "attempts": row.attempts,
        "max_attempts": row.max_attempts,
        "result": row.result,
        "error": row.error,
        "requested_via": row.requested_via,
        "created_at": row.created_at.isoformat(),
        "started_at": row.started_at.isoformat() if row.started_at else None,
        "finished_at": row.finished_at.isoformat() if row.finished_at else None,
    }


def _line(row: JobRow) -> str:
    when = (row.finished_at or row.started_at or row.created_at).strftime("%Y-%m-%d %H:%M")
    where = row.network_ref or "-"
    state = row.status if row.status != "running" else f"running {row.progress}%"
    tail = f"  {row.error}" if row.error and row.status != "succeeded" else ""
    return f"{row.id:>6}  {row.kind:<10} {where:<16} {state:<14} {when} UTC{tail}"


@jobs.command("list")
@click.option("--network", "network_ref", default=None, help="Ref of a network (default: all).")
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only these.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@json_option("Print JSON.")
def jobs_list(network_ref: str | None, status: str | None, limit: int, as_json: bool) -> None:
    """The newest jobs first: kind, network, status (with progress), when, and the last error."""
    from raviv.db import execute
    from raviv.jobs import store

    async def work() -> list[JobRow]:
        network_id = None
        if network_ref is not None:
            rows = await execute("SELECT id FROM network WHERE ref = {}", network_ref)
            if not rows:
                raise NotFoundError(f"no network {network_ref!r}")
            network_id = int(rows[0]["id"])
        return await store.listing(network_id, status=status, limit=limit)

    found = run_with_database(work)
    if as_json:
        echo_json([_as_json(r) for r in found])
    elif not found:
        click.echo("no job")
    else:
        for row in found:
            click.echo(_line(row))


@jobs.command("start")
@click.argument("kind")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@json_option("Print the job as JSON.")
def jobs_start(kind: str, network_ref: str, as_json: bool) -> None:
    """Queue a job by hand (daily: today's evaluation, once a day; reminders: those due now).
    A worker runs it: `raviv serve`, or `raviv jobs worker`."""
    from raviv.jobs.kinds import KINDS
    from raviv.jobs.service import enqueue

    known = KINDS.get(kind)
    if known is None or known.start is None:
        startable = ", ".join(sorted(k.name for k in KINDS.values() if k.start))
        refuse(InvalidError.on("kind", f"not a job to start by hand: one of {startable}", kind))
    starter = known.start

    async def work() -> JobRow:
        start = await starter(network_ref)
        return await enqueue(
            known.name, network_id=start.network_id, args=start.args, key=start.key, via="cli"
        )

    row = run_with_database(work)
    if as_json:
        echo_json(_as_json(row))
    else:
        click.echo(f"job {row.id} ({row.kind}, {network_ref}): {row.status}")
