"""The command line of access: ``raviv accounts`` and ``raviv people`` (assembled in
:mod:`raviv.cli`)."""

from __future__ import annotations

import sys
from typing import Any

import click

from raviv.cli_support import DAY, run_with_database


@click.group()
def accounts() -> None:
    """Accounts and their roles (for the first site administrator, scripts and recovery)."""


def _password(prompt: bool) -> str | None:
    if not prompt:
        return None
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\n")


@accounts.command("create")
@click.argument("email")
@click.option("--name", default="", help="Display name.")
@click.option("--site-admin", is_flag=True, help="Installation-level rights (creates networks).")
@click.option(
    "--password", "ask", is_flag=True, help="Set a password (prompted, or one stdin line)."
)
def accounts_create(email: str, name: str, site_admin: bool, ask: bool) -> None:
    """Create an account. Without --password it signs in only after a password reset."""
    from raviv.access import service

    password = _password(ask)

    async def work() -> int:
        return await service.create_account(
            email, display_name=name, password=password, site_admin=site_admin
        )

    click.echo(f"account {run_with_database(work)} created for {email}")


@accounts.command("grant")
@click.argument("email")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option("--role", type=click.Choice(["coordinator", "member", "consultant", "federation"]))
@click.option("--member", "member_ref", help="Ref of the member represented (role member).")
@click.option("--until", type=DAY, help="Day the access ends.")
def accounts_grant(
    email: str, network_ref: str, role: str, member_ref: str | None, until: Any
) -> None:
    """Give an account a role in a network."""
    from raviv.access import service
    from raviv.errors import NotFoundError
    from raviv.guard.roles import Role

    async def work() -> int:
        account = await service.account_id_by_email(email)
        if account is None:
            raise NotFoundError(f"no account for {email}: create it first")
        return await service.grant_role(
            account,
            network_ref,
            Role(role),
            member_ref=member_ref,
            ends_on=until.date() if until else None,
        )

    click.echo(f"grant {run_with_database(work)}: {email} is {role} in {network_ref}")


@accounts.command("token")
@click.argument("email")
@click.option("--name", default="cli", show_default=True, help="What the token is for.")
@click.option("--scope", type=click.Choice(["read", "write"]), default="read", show_default=True)
@click.option("--days", type=click.IntRange(1, 3650), default=30, show_default=True)
def accounts_token(email: str, name: str, scope: str, days: int) -> None:
    """Issue an API token for an account and print it (it is shown only this once)."""
    from datetime import timedelta

    from raviv.access import service
    from raviv.errors import NotFoundError
    from raviv.guard import audit
    from raviv.guard.roles import CredentialKind, TokenScope

    async def work() -> str:
        account = await service.account_id_by_email(email)
        if account is None:
            raise NotFoundError(f"no account for {email}")
        secret, _ = await service.issue_credential(
            account,
            CredentialKind.token,
            name=name,
            scope=TokenScope(scope),
            lifetime=timedelta(days=days),
        )
        await audit.record("token.create", object_type="account", object_ref=email, detail=name)
        return secret

    click.echo(run_with_database(work))


@click.group()
def people() -> None:
    """Contact people: personal data and its retention."""


@people.command("retention")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option("--erase", is_flag=True, help="Erase them, rather than list them.")
def people_retention(network_ref: str, erase: bool) -> None:
    """People of members that left longer ago than RAVIV_RETENTION_DAYS (to erase)."""
    from raviv.access import gdpr

    async def work() -> list[Any]:
        due = await gdpr.due_for_erasure(network_ref)
        if erase:
            for item in due:
                await gdpr.erase_person(network_ref, item.person)
        return due

    due = run_with_database(work)
    for item in due:
        verb = "erased" if erase else "due for erasure"
        click.echo(f"{item.person} ({item.member}, left {item.member_left_on}): {verb}")
    if not due:
        click.echo("nobody is due for erasure")
