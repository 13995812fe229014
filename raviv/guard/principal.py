"""Who is calling: the account behind a session or token, and its roles in each network."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from typing import Any

from raviv.db import execute
from raviv.guard.roles import CredentialKind, Role, TokenScope
from raviv.guard.secrets import secret_hash
from raviv.settings import get_settings


@dataclass(frozen=True, slots=True)
class GrantView:
    """One role the caller holds in one network (a federation role reaches its descendants)."""

    role: Role
    network_id: int
    network_ref: str
    member_ref: str | None = None
    grant_id: int | None = None  # None when inherited from a federation above
    ends_on: date | None = None


@dataclass(frozen=True, slots=True)
class Principal:
    account_id: int
    email: str
    display_name: str
    site_admin: bool
    credential_id: int
    via: CredentialKind
    scope: TokenScope
    grants: tuple[GrantView, ...] = ()
    language: str = "fr"  # the account's choice: the language its pages are written in
    _roles: dict[str, frozenset[Role]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        roles: dict[str, set[Role]] = {}
        for grant in self.grants:
            roles.setdefault(grant.network_ref, set()).add(grant.role)
        self._roles.update({ref: frozenset(r) for ref, r in roles.items()})

    def roles_in(self, network_ref: str) -> frozenset[Role]:
        return self._roles.get(network_ref, frozenset())

    def members_in(self, network_ref: str) -> frozenset[str]:
        """The members this account represents in the network."""
        return frozenset(
            g.member_ref
            for g in self.grants
            if g.network_ref == network_ref and g.role is Role.member and g.member_ref
        )

    @property
    def network_refs(self) -> frozenset[str]:
        return frozenset(self._roles)


_PRINCIPAL = (
    "SELECT c.id, c.scope, c.expires_at, a.id AS account_id, a.email, a.display_name,"
    " a.site_admin, a.language, g.id AS grant_id, g.role, g.network, n.ref AS network_ref,"
    " m.ref AS member_ref, g.ends_on"
    " FROM credential c JOIN account a ON a.id = c.account"
    " LEFT JOIN access_grant g ON g.account = a.id AND g.revoked_at IS NULL"
    " LEFT JOIN network n ON n.id = g.network LEFT JOIN member m ON m.id = g.member"
    " WHERE c.secret_hash = {} AND c.kind = {} AND c.revoked_at IS NULL AND a.active"
)


class PrincipalCache:
    """The callers this process loaded lately, so that a request costs no query to know who
    calls — as long as nothing their rights depend on changed.

    What changes them is caught twice: a change made by this process empties the cache at once
    (:func:`access_changed`, called by the audit log on every access-related action), and one
    made by another process (the CLI, another worker) changes the access generation row (by
    database triggers), which this process re-reads at most every ``recheck`` seconds; a new
    value empties the cache. A revoked token or role thus stops working at once where it was
    revoked and within ``recheck`` seconds everywhere else. An entry also ends when its
    credential expires, and at the next UTC midnight when a role of it has an end date.
    ``recheck`` 0 turns caching off: every request loads its caller.
    """

    def __init__(self, size: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._size = size
        self.clock = clock
        self._entries: dict[tuple[str, str], tuple[Principal, float]] = {}
        self._generation: str | None = None
        self._checked = -math.inf

    def clear(self) -> None:
        """Forget every caller, and re-read the generation before trusting the cache again."""
        self._entries.clear()
        self._checked = -math.inf

    async def _fresh(self, recheck: float) -> None:
        now = self.clock()
        if now - self._checked < recheck:
            return
        rows = await execute("SELECT value FROM access_generation WHERE id = 1")
        generation = str(rows[0]["value"]) if rows else None
        if generation != self._generation:
            self._entries.clear()
            self._generation = generation
        self._checked = now

    async def get(self, key: tuple[str, str], recheck: float) -> Principal | None:
        await self._fresh(recheck)
        hit = self._entries.get(key)
        if hit is None:
            return None
        if hit[1] <= self.clock():
            del self._entries[key]
            return None
        return hit[0]

    def put(self, key: tuple[str, str], principal: Principal, expires_at: datetime) -> None:
        now = datetime.now(UTC)
        until = expires_at
        if any(g.ends_on is not None for g in principal.grants):
            midnight = datetime.combine(now.date() + timedelta(days=1), dt_time(), UTC)
            until = min(until, midnight)
        if len(self._entries) >= self._size:
            self._entries.clear()
        self._entries[key] = (principal, self.clock() + (until - now).total_seconds())


CACHE = PrincipalCache()
_CHANGES_IN_REQUEST: ContextVar[list[bool] | None] = ContextVar("access_changes", default=None)


def access_changed() -> None:
    """This process changed something callers' rights depend on: load them afresh (now, and
    again once the request that changed it is answered, its transaction committed: a request
    in between could otherwise cache what was true just before)."""
    CACHE.clear()
    changes = _CHANGES_IN_REQUEST.get()
    if changes is not None:
        changes[0] = True


@contextmanager
def clearing_after_access_changes() -> Iterator[None]:
    """Around one request: empty the cache when it is over if the request changed access."""
    changes = [False]
    token = _CHANGES_IN_REQUEST.set(changes)
    try:
        yield
    finally:
        _CHANGES_IN_REQUEST.reset(token)
        if changes[0]:
            CACHE.clear()


async def load_principal(secret: str, kind: CredentialKind) -> Principal | None:
    """The principal a secret stands for, or None if it is unknown, expired, revoked or disabled.

    From this process's cache (:class:`PrincipalCache`) when it may be trusted; otherwise one
    query: the credential, its account and the account's grants (one row per grant).
    """
    recheck = get_settings().access.recheck_ms / 1000
    key = (secret_hash(secret), kind.value)
    if recheck > 0:
        cached = await CACHE.get(key, recheck)
        if cached is not None:
            return cached
    rows = await execute(_PRINCIPAL, key[0], kind.value)
    if not rows or aware(rows[0]["expires_at"]) <= datetime.now(UTC):
        return None
    row = rows[0]
    principal = Principal(
        account_id=row["account_id"],
        email=row["email"],
        display_name=row["display_name"],
        site_admin=bool(row["site_admin"]),
        credential_id=row["id"],
        via=kind,
        scope=TokenScope(row["scope"]),
        grants=await _live([r for r in rows if r["grant_id"] is not None]),
        language=str(row["language"] or "fr"),
    )
    if recheck > 0:
        CACHE.put(key, principal, aware(row["expires_at"]))
    return principal


async def grants_of(account_id: int) -> tuple[GrantView, ...]:
    """The account's live grants; a federation role also covers every network below it."""
    rows = await execute(
        "SELECT g.id AS grant_id, g.role, g.network, n.ref AS network_ref,"
        " m.ref AS member_ref, g.ends_on FROM access_grant g JOIN network n ON n.id = g.network"
        " LEFT JOIN member m ON m.id = g.member"
        " WHERE g.account = {} AND g.revoked_at IS NULL",
        account_id,
    )
    return await _live(rows)


async def _live(rows: list[dict[str, Any]]) -> tuple[GrantView, ...]:
    today = datetime.now(UTC).date()
    grants = [
        GrantView(
            Role(r["role"]),
            r["network"],
            r["network_ref"],
            r["member_ref"],
            r["grant_id"],
            _as_date(r["ends_on"]) if r["ends_on"] is not None else None,
        )
        for r in rows
        if r["ends_on"] is None or _as_date(r["ends_on"]) > today
    ]
    federations = [g for g in grants if g.role is Role.federation]
    if federations:
        grants += [
            GrantView(Role.federation, nid, ref)
            for g in federations
            for nid, ref in await descendants(g.network_id)
        ]
    return tuple(grants)


async def descendants(network_id: int) -> list[tuple[int, str]]:
    """Every network below this one, at any depth."""
    rows = await execute(
        "WITH RECURSIVE below(id, ref) AS ("
        " SELECT id, ref FROM network WHERE parent = {}"
        " UNION SELECT n.id, n.ref FROM network n JOIN below b ON n.parent = b.id)"
        " SELECT id, ref FROM below ORDER BY ref",
        network_id,
    )
    return [(r["id"], r["ref"]) for r in rows]


def aware(value: datetime | str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _as_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value
