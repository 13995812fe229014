"""Callers are cached per process, and a change to their rights is never served for long:
at once when this process made it, within the recheck interval when another process did
(the database's triggers change the access generation; docs/access.md)."""

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from raviv.access import service
from raviv.db import execute
from raviv.guard import principal as principals
from raviv.guard.roles import CredentialKind, Role, TokenScope
from raviv.registry import service as registry
from raviv.registry.schemas import MemberCreate, NetworkCreate
from raviv.settings import get_settings
from tests.factories import CAMILLE_NETWORK, KARIM_MEMBER
from tests.personas import bearer_token


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """A fresh cache on a clock the test moves; rechecks every 60 s."""
    clock = Clock()
    monkeypatch.setattr(principals, "CACHE", principals.PrincipalCache(clock=clock))
    settings = get_settings()
    access = dataclasses.replace(settings.access, recheck_ms=60_000)
    monkeypatch.setattr(
        principals, "get_settings", lambda: dataclasses.replace(settings, access=access)
    )
    return clock


@pytest.fixture
async def world(db: None) -> dict[str, int]:
    await registry.create_network(NetworkCreate(**CAMILLE_NETWORK))
    network = await registry.network_id(CAMILLE_NETWORK["ref"])
    await registry.create_member(CAMILLE_NETWORK["ref"], MemberCreate(**KARIM_MEMBER))
    account = await service.create_account("karim@cache.test", display_name="Karim")
    grant = await service.grant_role(
        account, CAMILLE_NETWORK["ref"], Role.member, member_ref=KARIM_MEMBER["ref"]
    )
    return {"network": network, "account": account, "grant": grant}


async def generation() -> str | None:
    rows = await execute("SELECT value FROM access_generation WHERE id = 1")
    return rows[0]["value"] if rows else None


NOW = "2026-01-01 00:00:00+00:00"

CHANGES_THAT_MATTER = {
    "a credential revoked": "UPDATE credential SET revoked_at = {now}",
    "a credential deleted": "DELETE FROM credential",
    "an account disabled": "UPDATE account SET active = {false}",
    "a role granted": (
        "INSERT INTO access_grant (account, network, role, created_at)"
        " SELECT id, {network}, 'consultant', {now} FROM account"
    ),
    "a role revoked": "UPDATE access_grant SET revoked_at = {now}",
    "a role deleted": "DELETE FROM access_grant",
    "a network created": (
        "INSERT INTO network (ref, name, territory, period_kind, timezone, created_at, parent)"
        " VALUES ('child', 'Child', '', 'calendar_year', 'Europe/Paris', {now}, {network})"
    ),
    "a network moved": "UPDATE network SET parent = NULL",
    "a member's ref changed": "UPDATE member SET ref = 'renamed'",
}


def _sql(template: str, network: int) -> str:
    engine_false = "false" if "postgres" in get_settings().database.url else "0"
    now = f"'{NOW}'"
    return template.format(now=now, false=engine_false, network=network)


@pytest.mark.parametrize("change", CHANGES_THAT_MATTER)
async def test_every_change_a_callers_rights_depend_on_changes_the_access_generation(
    world: dict[str, int], change: str
) -> None:
    await bearer_token("karim@cache.test")
    before = await generation()
    await execute(_sql(CHANGES_THAT_MATTER[change], world["network"]))
    after = await generation()
    assert after is not None
    assert after != before


async def test_changes_rights_do_not_depend_on_leave_the_access_generation_alone(
    world: dict[str, int],
) -> None:
    before = await generation()
    await execute("UPDATE member SET name = 'Autre nom'")
    await execute("UPDATE network SET name = 'Autre réseau'")
    await bearer_token("karim@cache.test")  # a new credential: no cache holds it yet
    assert await generation() == before


async def test_a_caller_is_served_from_the_cache_until_another_process_changes_its_rights(
    world: dict[str, int], clock: Clock
) -> None:
    secret = await bearer_token("karim@cache.test")
    first = await principals.load_principal(secret, CredentialKind.token)
    assert first is not None
    # Another process (the CLI, another worker) revokes the token: no audit line here, only the
    # database's trigger changes the generation.
    await execute("UPDATE credential SET revoked_at = {}", datetime.now(UTC))
    assert await principals.load_principal(secret, CredentialKind.token) is first
    clock.now += 59.9
    assert await principals.load_principal(secret, CredentialKind.token) is first
    clock.now += 0.2  # past the recheck interval: the new generation is read
    assert await principals.load_principal(secret, CredentialKind.token) is None


async def test_a_change_this_process_makes_takes_effect_at_once(
    world: dict[str, int], clock: Clock
) -> None:
    secret = await bearer_token("karim@cache.test")
    before = await principals.load_principal(secret, CredentialKind.token)
    assert before is not None
    assert before.members_in(CAMILLE_NETWORK["ref"]) == {KARIM_MEMBER["ref"]}
    await service.revoke_grant(CAMILLE_NETWORK["ref"], world["grant"])  # audited: "grant.revoke"
    after = await principals.load_principal(secret, CredentialKind.token)
    assert after is not None
    assert after.members_in(CAMILLE_NETWORK["ref"]) == frozenset()


async def test_recheck_zero_turns_caching_off(
    world: dict[str, int], clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = get_settings()
    access = dataclasses.replace(settings.access, recheck_ms=0)
    monkeypatch.setattr(
        principals, "get_settings", lambda: dataclasses.replace(settings, access=access)
    )
    secret = await bearer_token("karim@cache.test")
    assert await principals.load_principal(secret, CredentialKind.token) is not None
    await execute("UPDATE credential SET revoked_at = {}", datetime.now(UTC))
    assert await principals.load_principal(secret, CredentialKind.token) is None


async def test_a_cached_caller_with_a_dated_role_is_reloaded_at_the_next_utc_midnight(
    db: None, clock: Clock
) -> None:
    grant = principals.GrantView(Role.consultant, 1, "n", ends_on=date(2099, 1, 1))
    caller = principals.Principal(
        account_id=1,
        email="sophie@cache.test",
        display_name="Sophie",
        site_admin=False,
        credential_id=1,
        via=CredentialKind.token,
        scope=TokenScope.read,
        grants=(grant,),
    )
    cache = principals.CACHE
    far = datetime.now(UTC) + timedelta(days=30)
    assert await cache.get(("h", "token"), 3600) is None  # and the generation is read
    cache.put(("h", "token"), caller, far)
    now = datetime.now(UTC)
    to_midnight = (
        datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC) - now
    ).total_seconds()
    clock.now += to_midnight - 1
    assert await cache.get(("h", "token"), 3600) is caller
    clock.now += 2
    assert await cache.get(("h", "token"), 3600) is None
