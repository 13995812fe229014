"""Sign-ins for the demo network: the personas of docs/domain.md, with generated passwords."""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from raviv.access import service
from raviv.access.tables import Account
from raviv.guard.roles import Role
from raviv.registry.schemas import NetworkCreate, NetworkUpdate
from raviv.registry.service import create_network, get_network, update_network
from raviv.registry.tables import Member, Network


async def create_demo_accounts(
    network_ref: str, logins: Path, represented: tuple[str, str] | None = None
) -> str:
    """Camille coordinates the demo network, Karim and Mallory represent the two members
    ``represented`` names (by default its first two by ref; ``raviv demo`` gives Karim one that
    has not met its hours threshold yet: :func:`raviv.demo.demo_representatives`), Sophie reads
    it as a consultant for a year, Hélène reads the federation above it (made for the demo:
    ``<ref>-federation``), and an administrator runs the installation. Passwords are random;
    they are written to ``logins`` (readable by its owner only)."""
    network = await Network.select(Network.id).where(Network.ref == network_ref).first()
    assert network is not None
    federation = await _federation_above(network_ref)
    rows = (
        await Member.select(Member.ref, Member.name)
        .where(Member.network == network["id"])
        .order_by(Member.ref)
        .run()
    )
    names = {str(r["ref"]): str(r["name"]) for r in rows}
    karims, mallorys = represented or tuple(list(names)[:2])
    members = [{"ref": ref, "name": names[ref]} for ref in (karims, mallorys)]
    until = (datetime.now(UTC) + timedelta(days=365)).date()
    people = [
        ("admin", "Administration", None, None, None),
        ("camille", "Camille (coordination)", Role.coordinator, None, None),
        ("karim", f"Karim ({members[0]['name']})", Role.member, members[0]["ref"], None),
        ("mallory", f"Mallory ({members[1]['name']})", Role.member, members[1]["ref"], None),
        ("sophie", "Sophie (DLA)", Role.consultant, None, until),
        ("helene", "Hélène (fédération)", Role.federation, None, None),
    ]
    lines = []
    for name, display, role, member, ends_on in people:
        email = f"{name}@{network_ref}.raviv.test"
        password = secrets.token_urlsafe(12)
        account = await service.account_id_by_email(email)
        if account is None:
            account = await service.create_account(
                email, display_name=display, password=password, site_admin=role is None
            )
            lines.append(f"{email}  {password}  ({display})")
        if role is not None:
            where = federation if role is Role.federation else network_ref
            await service.grant_role(account, where, role, member_ref=member, ends_on=ends_on)
    logins.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(logins, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as file:
        file.write("".join(line + "\n" for line in lines))
    return "sign in with (also in " + str(logins) + "):\n  " + "\n  ".join(lines)


async def _federation_above(network_ref: str) -> str:
    """The demo network's federation (``<ref>-federation``), made if missing, and the network
    attached to it: what Hélène's page shows side by side."""
    ref = f"{network_ref}-federation"[:64]
    if await Network.select(Network.id).where(Network.ref == ref).first() is None:
        await create_network(
            NetworkCreate(ref=ref, name="Fédération régionale (démo)", territory="Région démo")
        )
    if (await get_network(network_ref)).parent != ref:  # audited, as a site administrator's
        await update_network(network_ref, NetworkUpdate(parent=ref))
    return ref


async def demo_accounts(domain: str) -> list[tuple[str, str]]:
    """The demo's accounts (their address ends with ``domain``), as (display name, address),
    for the sign-in page to name them; never their passwords."""
    rows = (
        await Account.select(Account.display_name, Account.email)
        .where(Account.email.like(f"%@%{domain}") & (Account.active == True))  # noqa: E712
        .order_by(Account.id)
        .limit(20)
        .run()
    )
    return [(str(r["display_name"]), str(r["email"])) for r in rows]
