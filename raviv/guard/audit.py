"""The audit log: every write says who did it, when, to what, with the state before and after.

Services call :func:`record` inside the transaction of the write, so the line and the change
are kept or lost together. Who is acting comes from the context: the HTTP layer sets the
signed-in account for the request, the command line sets itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import msgspec

from raviv.db import Rows, execute, execute_gathered, execute_together, get_engine
from raviv.guard.principal import access_changed

#: Actions after which callers' rights may differ: the cache of callers is emptied (the
#: database's own triggers tell the other processes; see raviv.guard.principal).
ACCESS_ACTIONS = (
    "account.",
    "grant.",
    "invitation.accept",
    "logout",
    "network.",
    "password.",
    "person.erase",
    "token.revoke",
)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: an account through the API, or the command line, or the service itself."""

    kind: str  # api, cli, system
    account_id: int | None = None
    client_ip: str = ""


SYSTEM = Actor("system")
_actor: ContextVar[Actor] = ContextVar("raviv_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _actor.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def set_actor(actor: Actor) -> None:
    """Set the actor for the rest of the current task (one HTTP request)."""
    _actor.set(actor)


def snapshot(value: Any) -> Any:
    """A JSON-ready copy of a row, a Struct or a mapping (dates and decimals as text)."""
    if value is None:
        return None
    return msgspec.to_builtins(value, builtin_types=(), str_keys=True)


_COLUMNS = (
    "at, account, actor, network, action, object_type, object_ref, before, after, detail, client_ip"
)
_VALUES = f"INSERT INTO audit_entry ({_COLUMNS}) VALUES ({', '.join(['{}'] * 11)})"  # noqa: S608
# In INSERT ... SELECT, PostgreSQL needs the parameters' types spelt out.
_PG_CASTS = (
    "::timestamptz",
    "::integer",
    "::varchar",
    "",  # the network: taken from the row logged
    "::varchar",
    "::varchar",
    "::varchar",
    "::json",
    "::json",
    "::varchar",
    "::varchar",
)


def _values(  # noqa: PLR0917 - the columns of a line, in order
    action: str,
    network: int | None,
    object_type: str,
    object_ref: str,
    before: Any,
    after: Any,
    detail: str,
    account: int | None,
) -> tuple[Any, ...]:
    actor = current_actor()
    return (
        datetime.now(UTC),
        account if account is not None else actor.account_id,
        actor.kind,
        network,
        action,
        object_type,
        object_ref[:200],
        _json(before),
        _json(after),
        detail[:500],
        actor.client_ip,
    )


@lru_cache(maxsize=32)
def _logged_insert_sql(engine_type: str, table: str, insert: str) -> tuple[str, str]:
    """The statements inserting one row of ``table`` (which has ``id`` and ``network``) and the
    audit line about it: one statement on PostgreSQL (a data-modifying CTE, whose last
    parameter is the slot :func:`raviv.db.execute_gathered` binds), two on SQLite (the second
    reads the row just inserted, and adds nothing if the first inserted nothing)."""
    if engine_type == "postgres":
        values = ", ".join(
            "row.network" if i == 3 else "{}" + cast for i, cast in enumerate(_PG_CASTS)
        )
        return (
            f"WITH row AS ({insert} RETURNING id, network),"  # noqa: S608 - constant text
            f" line AS (INSERT INTO audit_entry ({_COLUMNS}) SELECT {values} FROM row)"
            " SELECT id, {}::integer AS slot FROM row",
            "",
        )
    values = ", ".join(f"{table}.network" if i == 3 else "{}" for i in range(11))
    return (
        f"{insert} RETURNING id",
        f"INSERT INTO audit_entry ({_COLUMNS}) SELECT {values} FROM {table}"  # noqa: S608
        f" WHERE {table}.id = last_insert_rowid() AND changes() = 1",
    )


async def insert_logged(
    table: str,
    insert: str,
    args: Sequence[Any],
    action: str,
    *,
    object_type: str = "",
    object_ref: str = "",
    after: Any = None,
    detail: str = "",
) -> Rows:
    """Insert one row (``insert``: an ``INSERT`` with ``{}`` placeholders and no RETURNING) and
    its audit line atomically, as one database round trip: the hot paths' way to write.

    Returns the inserted row's id (``[{"id": …}]``), or nothing if the insert matched no row.
    """
    if action.startswith(ACCESS_ACTIONS):
        access_changed()
    first, second = _logged_insert_sql(get_engine().engine_type, table, insert)
    line = _values(action, None, object_type, object_ref, None, after, detail, None)
    line = line[:3] + line[4:]  # the network comes from the row
    if not second:  # PostgreSQL: sent together with concurrent ones (db.execute_gathered)
        return await execute_gathered(first, *args, *line)
    rows, _ = await execute_together([(first, tuple(args)), (second, line)])
    return rows


async def record(
    action: str,
    *,
    network: int | None = None,
    object_type: str = "",
    object_ref: str = "",
    before: Any = None,
    after: Any = None,
    detail: str = "",
    account: int | None = None,
) -> None:
    """Append one line. ``account`` overrides the current actor's (e.g. a failed sign-in)."""
    if action.startswith(ACCESS_ACTIONS):
        access_changed()
    await execute(
        _VALUES,
        *_values(action, network, object_type, object_ref, before, after, detail, account),
    )


async def last_change(network: int | None) -> int | None:
    """The newest line of the network's audit log (of every network's for ``None``), jobs and
    access aside: since every write is audited, the state of its data; ``None`` before any."""
    scope = "" if network is None else " AND network = {}"
    rows = await execute(
        "SELECT MAX(id) AS last FROM audit_entry WHERE action NOT LIKE 'job.%'"  # noqa: S608 - ours
        f" AND action NOT LIKE 'access.%'{scope}",
        *(() if network is None else (network,)),
    )
    last = rows[0]["last"]
    return None if last is None else int(last)


def _json(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, msgspec.Struct):  # encoded as snapshot() would make it, in one step
        return msgspec.json.encode(value).decode()
    return msgspec.json.encode(snapshot(value)).decode()


def changed(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that differ, as (before, after) mappings holding only those fields."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}
