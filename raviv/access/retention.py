"""The retention sweep as a background job: the people of members that left longer ago than
``RAVIV_RETENTION_DAYS`` erased (raviv/access/gdpr.py), network by network.

Queued once a day per network by the scheduler when ``RAVIV_RETENTION_SWEEP=on`` (off by
default: erasure cannot be undone, so an installation turns it on knowingly), or run by hand
with ``raviv people retention --erase``. Erasing is idempotent: a sweep stopped half-way and run
again erases the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from raviv.access import gdpr
from raviv.guard.roles import Role
from raviv.jobs.kinds import JobContext, Kind


async def retention_job(ctx: JobContext) -> dict[str, Any]:
    network_ref = ctx.args["network"]
    due = await gdpr.due_for_erasure(network_ref)
    for done, item in enumerate(due):
        await ctx.progress(100 * done // max(1, len(due)), f"effacement {done + 1}/{len(due)}")
        await gdpr.erase_person(network_ref, item.person)
    return {"network": network_ref, "erased": len(due)}


RETENTION = Kind(
    "retention",
    retention_job,
    max_attempts=3,
    readers=frozenset({Role.coordinator}),
    description="People of members that left longer ago than the retention delay, erased.",
)


def retention_key(network_ref: str, day: dt.date) -> str:
    return f"retention:{network_ref}:{day.isoformat()}"
