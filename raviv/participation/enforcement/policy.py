"""A network's enforcement policy: whether at-risk members are reminded, how often at most, and
whether a period's end opens cases. A network that saved none has :data:`DEFAULT`."""

from __future__ import annotations

from datetime import UTC, datetime

from raviv.db import execute, transaction
from raviv.guard import audit
from raviv.participation.enforcement import schemas
from raviv.participation.tables import EnforcementPolicy
from raviv.registry.service import network_id

DEFAULT = schemas.Policy(
    reminders=True, reminder_interval_days=14, open_cases=True, stated=False, updated_at=None
)


async def policy_of(nid: int) -> schemas.Policy:
    row = (
        await EnforcementPolicy.select(
            EnforcementPolicy.reminders,
            EnforcementPolicy.reminder_interval_days,
            EnforcementPolicy.open_cases,
            EnforcementPolicy.updated_at,
        )
        .where(EnforcementPolicy.network == nid)
        .first()
    )
    if row is None:
        return DEFAULT
    return schemas.Policy(
        reminders=bool(row["reminders"]),
        reminder_interval_days=row["reminder_interval_days"],
        open_cases=bool(row["open_cases"]),
        stated=True,
        updated_at=row["updated_at"],
    )


async def get_policy(network_ref: str) -> schemas.Policy:
    return await policy_of(await network_id(network_ref))


async def set_policy(network_ref: str, data: schemas.PolicyUpdate) -> schemas.Policy:
    """Replace the network's policy (one row per network: two coordinators saving at once both
    succeed, the last one wins, and both are in the audit log)."""
    now = datetime.now(UTC)
    async with transaction():
        nid = await network_id(network_ref)
        before = await policy_of(nid)
        await execute(
            "INSERT INTO enforcement_policy"
            " (network, reminders, reminder_interval_days, open_cases, updated_by, updated_at)"
            " VALUES ({}, {}, {}, {}, {}, {}) ON CONFLICT (network) DO UPDATE SET"
            " reminders = excluded.reminders,"
            " reminder_interval_days = excluded.reminder_interval_days,"
            " open_cases = excluded.open_cases, updated_by = excluded.updated_by,"
            " updated_at = excluded.updated_at",
            nid,
            data.reminders,
            data.reminder_interval_days,
            data.open_cases,
            audit.current_actor().account_id,
            now,
        )
        after = await policy_of(nid)
        old, new = audit.changed(audit.snapshot(before), audit.snapshot(after))
        await audit.record(
            "enforcement_policy.update",
            network=nid,
            object_type="network",
            object_ref=network_ref,
            before=old,
            after=new,
        )
    return after
