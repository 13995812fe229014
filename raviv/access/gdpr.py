"""Personal data rights: a person's own data as JSON, erasure, and retention after leaving.

Only people are personal data here: a member organisation's figures are not, and erasing a
person keeps every organisation-level record (memberships, contributions they logged) intact.

This module knows every place a person's identity is kept: their contact record, their account,
invitations, the audit lines about them, and the addresses reminders went to (the participation
rule's enforcement, read here rather than asking that domain, so the list stays in one place).

Every erasure, once committed, also appends a line naming no one to the erasure journal outside
the database (:mod:`raviv.erasure_journal`), so that a restore erases again what a backup taken
before it still holds (:mod:`raviv.backup.replay`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import msgspec

from raviv import erasure_journal
from raviv.access import passwords
from raviv.access.tables import Account, AuditEntry, Credential, Grant, Invitation, PasswordReset
from raviv.db import execute, transaction
from raviv.errors import FieldProblem, ForbiddenError, NotFoundError
from raviv.guard import audit
from raviv.guard.principal import Principal
from raviv.registry.service import network_id, resolve_network
from raviv.registry.tables import Person

ERASED = "[effacé]"


@dataclass(frozen=True, slots=True)
class AccountData:
    """What another domain keeps that was sent to an account's address (the reminders of the
    participation rule, say): its section of the account's personal-data export, and how the
    address leaves it when the account is erased. Domains above access register theirs with
    :func:`hold_account_data` (see :mod:`raviv.assembly`), so access never imports them."""

    section: str  # its key in the personal-data document
    #: (address, the refs of the networks where the account is a contact or holds a role) → rows
    export: Callable[[str, Iterable[str]], Awaitable[list[dict[str, Any]]]]
    #: (address, placeholder): the address is replaced by the placeholder, nothing else changes
    erase: Callable[[str, str], Awaitable[None]]


_HOLDERS: dict[str, AccountData] = {}


def hold_account_data(holder: AccountData) -> None:
    """Add a domain's data to every personal-data export and account erasure (idempotent)."""
    _HOLDERS[holder.section] = holder


class RetentionItem(msgspec.Struct, kw_only=True):
    person: str
    member: str
    member_left_on: date
    erase_after: date


class Erasure(msgspec.Struct, kw_only=True):
    person: str  # the person's new ref


class AccountErasure(msgspec.Struct, kw_only=True):
    account: str  # the account's new, neutral name: efface-<id>


async def personal_data(principal: Principal) -> dict[str, Any]:
    """Everything raviv holds about the signed-in person, as one JSON document."""
    account = (
        await Account.select(
            Account.email,
            Account.display_name,
            Account.language,
            Account.site_admin,
            Account.created_at,
            Account.last_login_at,
        )
        .where(Account.id == principal.account_id)
        .first()
    )
    grants = await execute(
        "SELECT n.ref AS network, g.role, m.ref AS member, g.ends_on, g.created_at, g.revoked_at"
        " FROM access_grant g JOIN network n ON n.id = g.network"
        " LEFT JOIN member m ON m.id = g.member WHERE g.account = {} ORDER BY g.id",
        principal.account_id,
    )
    credentials = (
        await Credential.select(
            Credential.kind,
            Credential.name,
            Credential.scope,
            Credential.created_at,
            Credential.expires_at,
            Credential.revoked_at,
        )
        .where(Credential.account == principal.account_id)
        .order_by(Credential.id)
        .run()
    )
    people = await execute(
        "SELECT n.ref AS network, m.ref AS member, p.ref, p.first_name, p.last_name, p.email,"
        " p.phone, p.role, p.consent_contact, p.consent_directory, p.created_at"
        " FROM person p JOIN network n ON n.id = p.network JOIN member m ON m.id = p.member"
        " WHERE lower(p.email) = {} ORDER BY n.ref, p.ref",
        principal.email,
    )
    activity = (
        await AuditEntry.select(
            AuditEntry.at,
            AuditEntry.action,
            AuditEntry.network.ref.as_alias("network"),
            AuditEntry.object_type,
            AuditEntry.object_ref,
            AuditEntry.client_ip,
        )
        .where(
            (AuditEntry.account == principal.account_id)
            | (AuditEntry.object_ref == principal.email)
        )
        .order_by(AuditEntry.id)
        .run()
    )
    invitations = (
        await Invitation.select(
            Invitation.network.ref.as_alias("network"),
            Invitation.role,
            Invitation.created_at,
            Invitation.accepted_at,
        )
        .where(Invitation.email == principal.email)
        .order_by(Invitation.id)
        .run()
    )
    networks = {p["network"] for p in people} | {g["network"] for g in grants}
    held = {h.section: await h.export(principal.email, networks) for h in _HOLDERS.values()}
    await audit.record("personal_data.export", object_type="account", object_ref=principal.email)
    document: dict[str, Any] = audit.snapshot(
        {
            "format": "raviv-personal-data/1",
            "exported_at": datetime.now(UTC),
            "account": account,
            "roles": grants,
            "sessions_and_tokens": credentials,
            "contact_records": people,
            "invitations": invitations,
            **held,
            "activity": activity,
        }
    )
    return document


async def erase_person(network_ref: str, person_ref: str) -> Erasure:
    """Blank a person's identity in the network; keep what their organisation did.

    The person's record keeps its place (a new, neutral ref); the audit lines about them lose the
    identity they held. No account is touched, nor what was sent to one (invitations, reminders):
    a contact's address proves nothing about who owns an account of that address (anyone may type
    it), so an account is erased only by its own request or a site administrator's
    (:func:`erase_own_account`, :func:`erase_account`).
    """
    async with transaction():
        nid = await network_id(network_ref)
        person = (
            await Person.select()
            .where((Person.network == nid) & (Person.ref == person_ref))
            .first()
        )
        if person is None:
            raise NotFoundError(f"no person with ref {person_ref!r} in this network")
        new_ref = f"efface-{person['id']}"
        await (
            Person.update(
                {
                    Person.ref: new_ref,
                    Person.first_name: "",
                    Person.last_name: "",
                    Person.email: None,
                    Person.phone: "",
                    Person.role: "",
                    Person.consent_contact: False,
                    Person.consent_directory: False,
                    Person.erased_at: datetime.now(UTC),
                }
            )
            .where(Person.id == person["id"])
            .run()
        )
        await _blank_audit(
            (AuditEntry.network == nid)
            & (AuditEntry.object_type == "person")
            & (AuditEntry.object_ref == person_ref),
            new_ref,
        )
        await _rename_in_refused_paths(nid, person_ref, new_ref)
        # Reminders went to accounts, and so did taken-up invitations: they leave with the
        # account's own erasure (erase_own_account, erase_account), never with a contact's. An
        # invitation of this network never taken up, to an address no account holds, belongs to
        # nobody else: it goes with the record.
        email = (person["email"] or "").strip().lower()
        if email and not await Account.exists().where(Account.email == email):
            await _blank_invitations(email, nid, only_pending=True)
        await audit.record("person.erase", network=nid, object_type="person", object_ref=new_ref)
        # Once committed, a line outside the database, so that no restore brings them back.
        erasure_journal.record_person_erased(network_ref, person["id"], person["created_at"])
    return Erasure(person=new_ref)


async def _blank_audit(where: Any, new_ref: str) -> None:
    # The one change ever made to audit lines: the law's right to erasure outranks append-only.
    await (
        AuditEntry.update(
            {AuditEntry.object_ref: new_ref, AuditEntry.before: None, AuditEntry.after: None}
        )
        .where(where)
        .run()
    )


async def _rename_in_refused_paths(network: int, old_ref: str, new_ref: str) -> None:
    """Refused requests are logged with their path, which may hold the person's old ref."""
    lines = (
        await AuditEntry.select(AuditEntry.id, AuditEntry.object_ref)
        .where((AuditEntry.network == network) & (AuditEntry.object_type == "route"))
        .run()
    )
    for line in lines:
        parts = line["object_ref"].split("/")
        if old_ref in parts:
            renamed = "/".join(new_ref if part == old_ref else part for part in parts)
            await (
                AuditEntry.update({AuditEntry.object_ref: renamed})
                .where(AuditEntry.id == line["id"])
                .run()
            )


async def _blank_invitations(
    email: str, network: int | None, *, only_pending: bool = False
) -> None:
    """The invitations sent to the address, in the network (None: in every network); with
    ``only_pending``, only those never taken up."""
    query = Invitation.select(Invitation.id, Invitation.email)
    if network is not None:
        query = query.where(Invitation.network == network)
    if only_pending:
        query = query.where(Invitation.accepted_at.is_null())
    rows = await query.run()
    for row in rows:
        if row["email"].strip().lower() != email:
            continue
        await (
            Invitation.update({Invitation.email: f"efface-{row['id']}@invalid"})
            .where(Invitation.id == row["id"])
            .run()
        )
        await _blank_audit(
            (AuditEntry.object_type == "invitation") & (AuditEntry.object_ref == str(row["id"])),
            str(row["id"]),
        )


async def erase_own_account(principal: Principal, password: str) -> AccountErasure:
    """The signed-in account erases itself; its password confirms the request is its owner's."""
    row = (
        await Account.select(Account.password_hash)
        .where(Account.id == principal.account_id)
        .first()
    )
    if row is None or not passwords.verify(row["password_hash"], password):
        await audit.record(
            "account.erase_refused", object_type="account", object_ref=principal.email
        )
        refusal = ForbiddenError(
            "The password is wrong: the account stays.",
            errors=[FieldProblem("password", "wrong password")],
        )
        refusal.audited = True
        raise refusal
    return await _erase_account(principal.account_id, detail="at its own request")


async def erase_account(email: str) -> AccountErasure:
    """A site administrator erases the account of that address."""
    row = (
        await Account.select(Account.id)
        .where((Account.email == email.strip().lower()) & Account.erased_at.is_null())
        .first()
    )
    if row is None:
        raise NotFoundError(
            f"No account uses {email!r}.",
            errors=[FieldProblem("email", "no account uses this address", value=email)],
        )
    return await _erase_account(int(row["id"]), detail="by a site administrator")


async def _erase_account(account: int, *, detail: str) -> AccountErasure:
    """Anonymise an account: its address and name go, it can no longer sign in, its roles,
    sessions, tokens and reset links end; the audit lines, invitations and reminders that held
    its address lose it. Contact records (people) are the coordinators' to erase, not touched."""
    new_name = f"efface-{account}"
    async with transaction():
        row = (
            await Account.select(Account.email, Account.created_at)
            .where((Account.id == account) & Account.erased_at.is_null())
            .first()
        )
        if row is None:
            raise NotFoundError("This account is already erased.")
        email = row["email"]
        now = datetime.now(UTC)
        await (
            Account.update(
                {
                    Account.email: f"{new_name}@invalid",
                    Account.display_name: "",
                    Account.password_hash: None,
                    Account.active: False,
                    Account.erased_at: now,
                }
            )
            .where(Account.id == account)
            .run()
        )
        await (
            Grant.update({Grant.revoked_at: now})
            .where((Grant.account == account) & Grant.revoked_at.is_null())
            .run()
        )
        await (
            Credential.update({Credential.revoked_at: now})
            .where((Credential.account == account) & Credential.revoked_at.is_null())
            .run()
        )
        await (
            PasswordReset.update({PasswordReset.used_at: now})
            .where((PasswordReset.account == account) & PasswordReset.used_at.is_null())
            .run()
        )
        await _blank_audit(AuditEntry.object_ref == email, new_name)
        await _blank_invitations(email, None)
        for holder in _HOLDERS.values():
            await holder.erase(email, f"{new_name}@invalid")
        await audit.record(
            "account.erase",
            object_type="account",
            object_ref=new_name,
            detail=detail,
        )
        erasure_journal.record_account_erased(account, row["created_at"])
    return AccountErasure(account=new_name)


async def due_for_erasure(network_ref: str, *, today: date | None = None) -> list[RetentionItem]:
    """People of members that left more than the retention delay ago (RAVIV_RETENTION_DAYS)."""
    from raviv.settings import get_settings

    network = await resolve_network(network_ref)
    nid, today = network.id, today or network.today
    keep = timedelta(days=get_settings().access.retention_days)
    rows = await execute(
        "SELECT p.ref AS person, m.ref AS member, MAX(s.ends_on) AS left_on,"
        " SUM(CASE WHEN s.ends_on IS NULL THEN 1 ELSE 0 END) AS open_periods"
        " FROM person p JOIN member m ON m.id = p.member JOIN membership s ON s.member = m.id"
        " WHERE p.network = {} AND p.erased_at IS NULL GROUP BY p.ref, m.ref ORDER BY p.ref",
        nid,
    )
    items = []
    for row in rows:
        if row["open_periods"] or row["left_on"] is None:
            continue
        left_on = row["left_on"]
        left_on = date.fromisoformat(left_on) if isinstance(left_on, str) else left_on
        if left_on + keep <= today:
            items.append(
                RetentionItem(
                    person=row["person"],
                    member=row["member"],
                    member_left_on=left_on,
                    erase_after=left_on + keep,
                )
            )
    return items
