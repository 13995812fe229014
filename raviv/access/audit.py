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

from raviv.access.tables import AuditEntry


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
    actor = current_actor()
    await AuditEntry.insert(
        AuditEntry(
            at=datetime.now(UTC),
            account=account if account is not None else actor.account_id,
            actor=actor.kind,
            network=network,
            action=action,
            object_type=object_type,
            object_ref=object_ref[:200],
            before=_json(before),
            after=_json(after),
            detail=detail[:500],
            client_ip=actor.client_ip,
        )
    ).run()


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
