"""The evaluations enforcement acts on: snapshots as they were kept, never re-computed, so a
reminder or a case always points to what was true the day it was made."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from raviv.archive import schema as a
from raviv.db import execute, get_engine
from raviv.participation import snapshots
from raviv.registry.service import NetworkContext

#: First keys of enforcement's PostgreSQL advisory locks ("RAVM", "RAVN"); the second is the id
#: of the member (its reminders) or of the network (its cases).
MEMBER_LOCK, NETWORK_LOCK = 0x5241564D, 0x5241564E


async def serialised(kind: int, key: int) -> None:
    """Inside a transaction: wait for any other transaction holding the same lock (another run,
    in another process) to end. SQLite's write transactions already run one at a time."""
    if get_engine().engine_type == "postgres":
        await execute("SELECT pg_advisory_xact_lock({}, {})", kind, key)


@dataclass(frozen=True, slots=True)
class Stored:
    """A snapshot kept: its day, its period ``[period_start, period_end)`` and its members."""

    id: int
    day: dt.date
    period_start: dt.date
    period_end: dt.date
    rule_set: str
    members: tuple[dict[str, Any], ...]

    @property
    def over(self) -> bool:
        return self.day >= self.period_end


_SELECT = (
    "SELECT id, day, period_start, period_end, rule_set, document FROM evaluation_snapshot"
    " WHERE network = {} AND period_start = {}"
)


def as_date(value: dt.date | str) -> dt.date:
    """A DATE column as the driver gives it (SQLite may give its text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def only_members(column: str, only: frozenset[str] | None) -> tuple[str, list[str]]:
    """The condition keeping rows of these members (refs in ``column``); none: every row."""
    if only is None:
        return "", []
    refs = sorted(only) or [""]
    return f" AND {column} IN ({', '.join(['{}'] * len(refs))})", refs


def _stored(row: dict[str, Any]) -> Stored:
    document = json.loads(row["document"], parse_float=Decimal)
    return Stored(
        id=row["id"],
        day=as_date(row["day"]),
        period_start=as_date(row["period_start"]),
        period_end=as_date(row["period_end"]),
        rule_set=row["rule_set"],
        members=tuple(document["members"]),
    )


async def of_day(nid: int, period_start: dt.date, day: dt.date) -> Stored | None:
    rows = await execute(_SELECT + " AND day = {}", nid, period_start, day)
    return _stored(rows[0]) if rows else None


async def final(nid: int, period_start: dt.date, period_end: dt.date) -> Stored | None:
    """The first snapshot of the period taken once it was over."""
    rows = await execute(
        _SELECT + " AND day >= {} ORDER BY day LIMIT 1", nid, period_start, period_end
    )
    return _stored(rows[0]) if rows else None


async def of_day_or_taken(
    network: NetworkContext,
    period_start: dt.date,
    day: dt.date,
    rule_sets: Sequence[a.RuleSet] | None = None,
) -> Stored:
    """The day's snapshot of the period, taken now if nobody took it yet (``rule_sets``: the
    network's versions, when the caller has read them already)."""
    kept = await of_day(network.id, period_start, day)
    if kept is None:
        await snapshots.take(network, at=day, period_start=period_start, rule_sets=rule_sets)
        kept = await of_day(network.id, period_start, day)
    assert kept is not None  # take() stored it, or found it stored
    return kept
