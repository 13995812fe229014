"""What kinds of background jobs there are: each a name, the function that does it, how many
attempts it gets, and who may read it. Domains register theirs at assembly
(:mod:`raviv.assembly`); this package knows none of them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from raviv.guard.roles import Role

__all__ = ["KINDS", "JobContext", "Kind", "Start", "register"]


@dataclass(slots=True)
class JobContext:
    """What a job's function is given: its arguments and network, and a way to say how far it
    is (``await ctx.progress(40, "membership")``, kept in the job's row for whoever reads it)."""

    id: int
    kind: str
    network_ref: str | None
    args: dict[str, Any]
    attempt: int
    max_attempts: int
    report: Callable[[int, str], Awaitable[None]] = field(repr=False)

    async def progress(self, percent: int, step: str) -> None:
        await self.report(max(0, min(100, int(percent))), step[:200])


JobFunction = Callable[[JobContext], Awaitable[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Start:
    """What a job started by hand in a network runs with: the network's id, its arguments,
    and its key (None: each request is a new job)."""

    network_id: int
    args: dict[str, Any]
    key: str | None = None


#: How a kind that people may start makes its job from the network's ref.
Starter = Callable[[str], Awaitable[Start]]


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of job. ``run`` returns the result, a JSON-ready dict kept in the row.

    ``readers``: the roles in the job's network that may read its status and result (site
    administrators always may); ``starters``: those who may start one through the API, which
    ``start`` then makes (none: only the service and the command line start it)."""

    name: str
    run: JobFunction
    max_attempts: int = 3
    retry_base_s: float = 10.0  # the wait before the 2nd attempt; ×4 for each next, ≤ 10 min
    readers: frozenset[Role] = frozenset({Role.coordinator})
    # The argument naming a member whose representatives may read the job too (an attestation)
    member_arg: str | None = None
    starters: frozenset[Role] = frozenset()
    start: Starter | None = None
    # What a request's arguments become (checked, defaults filled; raviv.errors.InvalidError
    # naming the field when wrong), so that one request is one job whichever door it came in by
    # (the API, a page, the admin): see raviv.jobs.service.start_once
    arguments: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    description: str = ""


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Make ``kind`` known to this process (again: the same name replaces it)."""
    KINDS[kind.name] = kind
    return kind
