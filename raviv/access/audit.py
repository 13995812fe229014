"""The audit log: every write says who did it, when, to what, with the state before and after.

Services call :func:`record` inside the transaction of the write, so the line and the change
are kept or lost together. Who is acting comes from the context: the HTTP layer sets the
signed-in account for the request, the command line sets itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec

from raviv.db import execute, get_engine


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
# With the network named by ref, and only when a condition holds (e.g. the row it logs exists):
# INSERT ... SELECT, where PostgreSQL needs the parameters' types spelt out.
_PG_CASTS = (
    "::timestamptz",
    "::integer",
    "::varchar",
    "",
    "::varchar",
    "::varchar",
    "::varchar",
    "::json",
    "::json",
    "::varchar",
    "::varchar",
)


def _select_form(engine_type: str, condition: str) -> str:
    casts = _PG_CASTS if engine_type == "postgres" else ("",) * 11
    values = ", ".join("network.id" if i == 3 else "{}" + cast for i, cast in enumerate(casts))
    return (
        f"INSERT INTO audit_entry ({_COLUMNS}) SELECT {values} FROM network"  # noqa: S608
        f" WHERE network.ref = {{}} AND {condition}"
    )


def line(
    action: str,
    *,
    network: int | None = None,
    network_ref: str | None = None,
    when: tuple[str, tuple[Any, ...]] | None = None,
    object_type: str = "",
    object_ref: str = "",
    before: Any = None,
    after: Any = None,
    detail: str = "",
    account: int | None = None,
) -> tuple[str, tuple[Any, ...]]:
    """The statement appending one line, to run with its write (``db.execute_together``).

    The network is given by id; or by ref together with ``when``, an SQL condition (``{}``
    placeholders, constant text) and its values: the line is written only if it holds, so a
    write that matched nothing leaves no line.
    """
    actor = current_actor()
    values = (
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
    if network_ref is None:
        return _VALUES, values
    condition, condition_args = when or ("TRUE", ())
    template = _select_form(get_engine().engine_type, condition)
    return template, (*values[:3], *values[4:], network_ref, *condition_args)


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
    template, args = line(
        action,
        network=network,
        object_type=object_type,
        object_ref=object_ref,
        before=before,
        after=after,
        detail=detail,
        account=account,
    )
    await execute(template, *args)


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return msgspec.json.encode(snapshot(value)).decode()


def changed(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that differ, as (before, after) mappings holding only those fields."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}
