"""Accounts, sign-in, tokens, invitations, password resets and grants.

Services take plain values and the acting :class:`Principal` where it matters; they raise domain
errors and write the audit log inside the transaction of each change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import msgspec
from msgspec import UNSET

from raviv.access import passwords, schemas, throttle
from raviv.access.tables import Account, AuditEntry, Credential, Grant, Invitation, PasswordReset
from raviv.db import execute, transaction
from raviv.errors import (
    ConflictError,
    FieldProblem,
    ForbiddenError,
    InvalidError,
    NotFoundError,
    UnauthorizedError,
)
from raviv.guard import audit
from raviv.guard.principal import Principal, access_changed, aware, grants_of
from raviv.guard.roles import CredentialKind, Role, TokenScope
from raviv.guard.secrets import TOKEN_PREFIX, csrf_token, new_secret, secret_hash
from raviv.pagination import Page
from raviv.registry.tables import Member, Network
from raviv.settings import get_settings


def now() -> datetime:
    return datetime.now(UTC)


def normal_email(email: str) -> str:
    return email.strip().lower()


# -- accounts -----------------------------------------------------------------------------------


async def account_id_by_email(email: str) -> int | None:
    row = await Account.select(Account.id).where(Account.email == normal_email(email)).first()
    return None if row is None else int(row["id"])


async def create_account(
    email: str, *, display_name: str = "", password: str | None = None, site_admin: bool = False
) -> int:
    """A new account (the command line's and invitations' way in)."""
    email = normal_email(email)
    if password is not None:
        passwords.checked_password(password, email=email)
    async with transaction():
        if await account_id_by_email(email) is not None:
            raise ConflictError(
                f"An account already uses {email}.",
                errors=[FieldProblem("email", "already used by an account", value=email)],
            )
        rows = (
            await Account.insert(
                Account(
                    email=email,
                    display_name=display_name,
                    password_hash=passwords.hash_password(password) if password else None,
                    site_admin=site_admin,
                    created_at=now(),
                )
            )
            .returning(Account.id)
            .run()
        )
        account_id = int(rows[0]["id"])
        await audit.record(
            "account.create",
            object_type="account",
            object_ref=email,
            after={"email": email, "display_name": display_name, "site_admin": site_admin},
        )
    return account_id


async def me(principal: Principal) -> schemas.Me:
    return schemas.Me(
        id=principal.account_id,
        email=principal.email,
        display_name=principal.display_name,
        language=await account_language(principal.account_id),
        site_admin=principal.site_admin,
        grants=await _grants_out(principal.account_id),
    )


async def account_language(account_id: int) -> str:
    """The language an account reads raviv in (``fr`` when the account is unknown): what the
    web pages pick their catalogue by."""
    row = await Account.select(Account.language).where(Account.id == account_id).first()
    return str(row["language"]) if row else schemas.DEFAULT_LANGUAGE


async def update_me(principal: Principal, data: schemas.MeUpdate) -> schemas.Me:
    """Change what an account may change of itself (its language); audited as
    ``account.update`` with the fields before and after. Choosing what it holds already changes
    and logs nothing."""
    if data.language is not UNSET:
        async with transaction():
            held = await account_language(principal.account_id)
            if data.language != held:
                await (
                    Account.update({Account.language: data.language})
                    .where(Account.id == principal.account_id)
                    .run()
                )
                await audit.record(
                    "account.update",
                    object_type="account",
                    object_ref=principal.email,
                    before={"language": held},
                    after={"language": data.language},
                )
                access_changed()  # the cached caller carries the language
    return await me(principal)


async def _grants_out(account_id: int) -> list[schemas.GrantOut]:
    """The account's live roles, those a federation role reaches below it included."""
    grants = sorted(await grants_of(account_id), key=lambda g: (g.network_ref, g.role))
    return [
        schemas.GrantOut(
            id=grant.grant_id,
            network=grant.network_ref,
            role=grant.role,
            member=grant.member_ref,
            ends_on=grant.ends_on,
            inherited=grant.grant_id is None,
        )
        for grant in grants
    ]


# -- grants -------------------------------------------------------------------------------------


async def _network(ref: str) -> dict[str, Any]:
    row = await Network.select(Network.id, Network.ref).where(Network.ref == ref).first()
    if row is None:
        raise NotFoundError(f"No network {ref!r}.")
    return row


async def _member_id(network: int, ref: str | None, role: Role) -> int | None:
    if role is Role.member:
        if not ref:
            raise InvalidError(
                "A member representative represents one member: name it.",
                errors=[FieldProblem("member", "required for the member role")],
            )
        row = (
            await Member.select(Member.id)
            .where((Member.network == network) & (Member.ref == ref))
            .first()
        )
        if row is None:
            raise InvalidError(
                f"No member {ref!r} in this network.",
                errors=[FieldProblem("member", "no such member in this network", value=ref)],
            )
        return int(row["id"])
    if ref:
        raise InvalidError(
            "Only the member role names a member.",
            errors=[FieldProblem("member", f"not used with the {role.value} role", value=ref)],
        )
    return None


async def grant_role(
    account_id: int,
    network_ref: str,
    role: Role,
    *,
    member_ref: str | None = None,
    ends_on: date | None = None,
    granted_by: int | None = None,
) -> int:
    """Give an account a role in a network (kept as a grant; revoking keeps the line)."""
    async with transaction():
        network = await _network(network_ref)
        member = await _member_id(network["id"], member_ref, role)
        rows = (
            await Grant.insert(
                Grant(
                    account=account_id,
                    network=network["id"],
                    role=role.value,
                    member=member,
                    ends_on=ends_on,
                    granted_by=granted_by,
                    created_at=now(),
                )
            )
            .returning(Grant.id)
            .run()
        )
        await audit.record(
            "grant.create",
            network=network["id"],
            object_type="grant",
            object_ref=str(rows[0]["id"]),
            after={
                "account": account_id,
                "role": role.value,
                "member": member_ref,
                "ends_on": ends_on,
            },
        )
    return int(rows[0]["id"])


async def list_grants(network_ref: str) -> list[schemas.NetworkGrant]:
    network = await _network(network_ref)
    rows = await execute(
        "SELECT g.id, a.email AS account, a.display_name, g.role, m.ref AS member, g.ends_on,"
        " g.created_at FROM access_grant g JOIN account a ON a.id = g.account"
        " LEFT JOIN member m ON m.id = g.member"
        " WHERE g.network = {} AND g.revoked_at IS NULL ORDER BY g.role, a.email",
        network["id"],
    )
    return [msgspec.convert(r, schemas.NetworkGrant, strict=False) for r in rows]


async def revoke_grant(network_ref: str, grant_id: int) -> None:
    async with transaction():
        network = await _network(network_ref)
        row = (
            await Grant.select()
            .where(
                (Grant.id == grant_id)
                & (Grant.network == network["id"])
                & Grant.revoked_at.is_null()
            )
            .first()
        )
        if row is None:
            raise NotFoundError(f"No grant {grant_id} in network {network_ref!r}.")
        await Grant.update({Grant.revoked_at: now()}).where(Grant.id == grant_id).run()
        await audit.record(
            "grant.revoke",
            network=network["id"],
            object_type="grant",
            object_ref=str(grant_id),
            before={"account": row["account"], "role": row["role"], "member": row["member"]},
        )


# -- signing in ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignIn:
    """A successful sign-in: what to answer, and the secret to set as cookie or show once."""

    answer: schemas.SignedIn
    secret: str
    kind: CredentialKind


def _throttle_key(email: str) -> str:
    return throttle.key(normal_email(email))


async def _check_lock(key: str) -> None:
    await throttle.check(
        key, "Too many failed sign-ins for this address: try again in {minutes} min."
    )


async def _count_failure(key: str) -> None:
    access = get_settings().access
    await throttle.count_failure(key, limit=access.lockout_failures, minutes=access.lockout_minutes)


async def login(email: str, password: str, *, mode: str = "session") -> SignIn:
    """Check a password; on success open a session (cookie) or issue a bearer token.

    An unknown address and a wrong password get the same answer after the same work (a hash is
    verified either way), and both count towards locking the address for a while.
    """
    email = normal_email(email)
    key = _throttle_key(email)
    await _check_lock(key)
    row = (
        await Account.select(Account.id, Account.password_hash, Account.active, Account.erased_at)
        .where(Account.email == email)
        .first()
    )
    stored = row["password_hash"] if row and row["active"] and not row["erased_at"] else None
    if not passwords.verify(stored, password):
        await _count_failure(key)
        await audit.record(
            "login.failed",
            object_type="account",
            object_ref=email,
            account=row["id"] if row else None,
            detail="wrong password" if row else "unknown address",
        )
        raise UnauthorizedError("Wrong e-mail address or password.")
    account_id = int(row["id"])  # type: ignore[index]
    kind = CredentialKind.token if mode == "token" else CredentialKind.session
    access = get_settings().access
    lifetime = (
        timedelta(hours=access.session_hours)
        if kind is CredentialKind.session
        else (timedelta(days=min(30, access.token_max_days)))
    )
    async with transaction():
        await throttle.clear(key)
        changes: dict[Any, Any] = {Account.last_login_at: now()}
        if passwords.needs_rehash(stored):  # type: ignore[arg-type]
            changes[Account.password_hash] = passwords.hash_password(password)
        await Account.update(changes).where(Account.id == account_id).run()
        secret, expires_at = await issue_credential(
            account_id,
            kind,
            name="sign-in" if kind is CredentialKind.token else "",
            scope=TokenScope.write,
            lifetime=lifetime,
        )
        await audit.record(
            "login.ok",
            object_type="account",
            object_ref=email,
            account=account_id,
            detail=kind.value,
        )
    principal_me = await _me_of(account_id)
    answer = schemas.SignedIn(
        account=principal_me,
        expires_at=expires_at,
        csrf_token=csrf_token(secret) if kind is CredentialKind.session else None,
        token=secret if kind is CredentialKind.token else None,
    )
    return SignIn(answer=answer, secret=secret, kind=kind)


async def _me_of(account_id: int) -> schemas.Me:
    row = await Account.select().where(Account.id == account_id).first()
    assert row is not None
    return schemas.Me(
        id=account_id,
        email=row["email"],
        display_name=row["display_name"],
        language=row["language"],
        site_admin=bool(row["site_admin"]),
        grants=await _grants_out(account_id),
    )


async def issue_credential(
    account_id: int,
    kind: CredentialKind,
    *,
    name: str,
    scope: TokenScope,
    lifetime: timedelta,
) -> tuple[str, datetime]:
    secret = new_secret(TOKEN_PREFIX if kind is CredentialKind.token else "")
    expires_at = now() + lifetime
    await Credential.insert(
        Credential(
            account=account_id,
            kind=kind.value,
            secret_hash=secret_hash(secret),
            name=name,
            scope=scope.value,
            expires_at=expires_at,
            created_at=now(),
        )
    ).run()
    return secret, expires_at


async def logout(principal: Principal) -> None:
    async with transaction():
        await (
            Credential.update({Credential.revoked_at: now()})
            .where(Credential.id == principal.credential_id)
            .run()
        )
        await audit.record(
            "logout", object_type="credential", object_ref=str(principal.credential_id)
        )


async def session_info(principal: Principal, session_secret: str | None) -> schemas.SignedIn:
    row = (
        await Credential.select(Credential.expires_at)
        .where(Credential.id == principal.credential_id)
        .first()
    )
    assert row is not None
    return schemas.SignedIn(
        account=await me(principal),
        expires_at=aware(row["expires_at"]),
        csrf_token=csrf_token(session_secret) if session_secret else None,
    )


# -- API tokens ---------------------------------------------------------------------------------


async def create_token(principal: Principal, data: schemas.TokenCreate) -> schemas.NewToken:
    if data.scope is TokenScope.write and principal.scope is TokenScope.read:
        raise ForbiddenError("A read-only token cannot create a write token.")
    limit = get_settings().access.token_max_days
    if data.expires_in_days > limit:
        raise InvalidError(
            f"expires_in_days: at most {limit}",
            errors=[
                FieldProblem("expires_in_days", f"at most {limit} days", str(data.expires_in_days))
            ],
        )
    async with transaction():
        secret, _ = await issue_credential(
            principal.account_id,
            CredentialKind.token,
            name=data.name,
            scope=data.scope,
            lifetime=timedelta(days=data.expires_in_days),
        )
        row = await Credential.select().where(Credential.secret_hash == secret_hash(secret)).first()
        assert row is not None
        await audit.record(
            "token.create",
            object_type="credential",
            object_ref=str(row["id"]),
            after={"name": data.name, "scope": data.scope.value, "expires_at": row["expires_at"]},
        )
    return msgspec.convert({**row, "token": secret}, schemas.NewToken, strict=False)


async def list_tokens(principal: Principal) -> list[schemas.Token]:
    rows = (
        await Credential.select()
        .where(
            (Credential.account == principal.account_id)
            & (Credential.kind == CredentialKind.token.value)
        )
        .order_by(Credential.id)
        .run()
    )
    return [msgspec.convert(r, schemas.Token, strict=False) for r in rows]


async def revoke_token(principal: Principal, token_id: int) -> None:
    async with transaction():
        revoked = await (
            Credential.update({Credential.revoked_at: now()})
            .where(
                (Credential.id == token_id)
                & (Credential.account == principal.account_id)
                & (Credential.kind == CredentialKind.token.value)
                & Credential.revoked_at.is_null()
            )
            .returning(Credential.id)
            .run()
        )
        if revoked:
            await audit.record("token.revoke", object_type="credential", object_ref=str(token_id))
    if not revoked:  # someone else's, revoked already, or none: the attempt is kept
        await audit.record("token.revoke_refused", object_ref=str(token_id))
        raise NotFoundError(f"No token {token_id} of yours to revoke.")


# -- passwords ----------------------------------------------------------------------------------


async def _set_password(account_id: int, password: str, *, keep: int | None = None) -> None:
    """Set a new password and end every other session and token of the account, and every
    reset link still open: a link mailed before the change must not undo it."""
    await (
        Account.update({Account.password_hash: passwords.hash_password(password)})
        .where(Account.id == account_id)
        .run()
    )
    await (
        PasswordReset.update({PasswordReset.used_at: now()})
        .where((PasswordReset.account == account_id) & PasswordReset.used_at.is_null())
        .run()
    )
    revoke = Credential.update({Credential.revoked_at: now()}).where(
        (Credential.account == account_id) & Credential.revoked_at.is_null()
    )
    if keep is not None:
        revoke = revoke.where(Credential.id != keep)
    await revoke.run()


async def change_password(principal: Principal, data: schemas.PasswordChange) -> None:
    row = (
        await Account.select(Account.password_hash)
        .where(Account.id == principal.account_id)
        .first()
    )
    if row is None or not passwords.verify(row["password_hash"], data.current_password):
        await audit.record(
            "password.change_refused", object_type="account", object_ref=principal.email
        )
        refusal = ForbiddenError(
            "The current password is wrong.",
            errors=[FieldProblem("current_password", "wrong password")],
        )
        refusal.audited = True
        raise refusal
    passwords.checked_password(data.new_password, email=principal.email, field="new_password")
    async with transaction():
        await _set_password(principal.account_id, data.new_password, keep=principal.credential_id)
        await audit.record("password.change", object_type="account", object_ref=principal.email)


@dataclass(frozen=True, slots=True)
class Mail:
    """A message to send once the change is committed."""

    to: str
    subject: str
    text: str


async def request_reset(email: str) -> Mail | None:
    """A reset link for a known, active account; None otherwise (the caller answers the same)."""
    email = normal_email(email)
    row = (
        await Account.select(Account.id, Account.active, Account.erased_at)
        .where(Account.email == email)
        .first()
    )
    if row is None or not row["active"] or row["erased_at"]:
        await audit.record("password.reset_requested", object_ref=email, detail="unknown address")
        return None
    access = get_settings().access
    secret = new_secret()
    async with transaction():
        await PasswordReset.insert(
            PasswordReset(
                account=row["id"],
                secret_hash=secret_hash(secret),
                expires_at=now() + timedelta(minutes=access.reset_minutes),
                created_at=now(),
            )
        ).run()
        await audit.record(
            "password.reset_requested", object_type="account", object_ref=email, account=row["id"]
        )
    link = f"{access.public_url}/reset-password?token={secret}"
    return Mail(
        to=email,
        subject="raviv : réinitialiser votre mot de passe / reset your password",
        text=(
            "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien "
            f"(valable {access.reset_minutes} minutes, une seule fois) :\n{link}\n\n"
            "Si vous n'avez rien demandé, ignorez ce message.\n\n"
            f"To choose a new password, open this link (valid for {access.reset_minutes} minutes,"
            f" once):\n{link}\n\nIf you did not ask for it, ignore this message.\n"
        ),
    )


async def confirm_reset(data: schemas.ResetConfirm) -> None:
    link = (PasswordReset.secret_hash == secret_hash(data.token)) & PasswordReset.used_at.is_null()
    row = (
        await PasswordReset.select(
            PasswordReset.id, PasswordReset.account, PasswordReset.account.email
        )
        .where(link & (PasswordReset.expires_at > now()))
        .first()
    )
    if row is None:
        await audit.record("password.reset_refused", detail="unknown, used or expired link")
        raise InvalidError(
            "This reset link is unknown, already used or expired: ask for a new one.",
            errors=[FieldProblem("token", "unknown, used or expired")],
        )
    email = row["account.email"]
    passwords.checked_password(data.new_password, email=email, field="new_password")
    async with transaction():
        used = (
            await PasswordReset.update({PasswordReset.used_at: now()})
            .where(link & (PasswordReset.id == row["id"]))
            .returning(PasswordReset.id)
            .run()
        )
        if not used:  # a concurrent request used it first
            raise InvalidError(
                "This reset link was just used.", errors=[FieldProblem("token", "already used")]
            )
        await _set_password(row["account"], data.new_password)
        await audit.record(
            "password.reset", object_type="account", object_ref=email, account=row["account"]
        )


# -- invitations --------------------------------------------------------------------------------


def _invitation_out(row: dict[str, Any]) -> schemas.Invitation:
    return msgspec.convert(row, schemas.Invitation, strict=False)


_INVITATION_SQL = (
    "SELECT i.id, n.ref AS network, i.email, i.role, m.ref AS member, i.access_ends_on,"
    " i.expires_at, i.accepted_at, i.revoked_at FROM invitation i"
    " JOIN network n ON n.id = i.network LEFT JOIN member m ON m.id = i.member"
)


async def invite(
    principal: Principal, network_ref: str, data: schemas.InvitationCreate
) -> tuple[schemas.Invitation, Mail]:
    if data.role is not Role.consultant and data.access_ends_on is not None:
        raise InvalidError(
            "Only consultants' access has an end date.",
            errors=[FieldProblem("access_ends_on", "only for the consultant role")],
        )
    access = get_settings().access
    secret = new_secret()
    async with transaction():
        network = await _network(network_ref)
        member = await _member_id(network["id"], data.member, data.role)
        rows = (
            await Invitation.insert(
                Invitation(
                    network=network["id"],
                    email=normal_email(data.email),
                    role=data.role.value,
                    member=member,
                    access_ends_on=data.access_ends_on,
                    secret_hash=secret_hash(secret),
                    invited_by=principal.account_id,
                    expires_at=now() + timedelta(days=access.invitation_days),
                    created_at=now(),
                )
            )
            .returning(Invitation.id)
            .run()
        )
        invitation = _invitation_out(
            (await execute(_INVITATION_SQL + " WHERE i.id = {}", rows[0]["id"]))[0]
        )
        await audit.record(
            "invitation.create",
            network=network["id"],
            object_type="invitation",
            object_ref=str(invitation.id),
            after=invitation,
        )
    link = f"{access.public_url}/invitation?token={secret}"
    role_fr = {
        Role.coordinator: "coordinateur·rice",
        Role.member: f"représentant·e de {data.member}",
        Role.consultant: "consultant·e (lecture seule)",
        Role.federation: "coordinateur·rice de fédération",
    }[data.role]
    mail = Mail(
        to=invitation.email,
        subject=f"raviv : invitation au réseau {network_ref}",
        text=(
            f"Bonjour,\n\n{principal.display_name or principal.email} vous invite à rejoindre le "
            f"réseau {network_ref} sur raviv, comme {role_fr}.\n"
            f"Ce lien est valable {access.invitation_days} jours :\n{link}\n\n"
            f"You are invited to the network {network_ref} on raviv as {data.role.value}."
            f" The link is valid for {access.invitation_days} days:\n{link}\n"
        ),
    )
    return invitation, mail


async def list_invitations(network_ref: str) -> list[schemas.Invitation]:
    network = await _network(network_ref)
    rows = await execute(_INVITATION_SQL + " WHERE i.network = {} ORDER BY i.id", network["id"])
    return [_invitation_out(r) for r in rows]


async def revoke_invitation(network_ref: str, invitation_id: int) -> None:
    async with transaction():
        network = await _network(network_ref)
        row = (
            await Invitation.select(Invitation.id)
            .where(
                (Invitation.id == invitation_id)
                & (Invitation.network == network["id"])
                & Invitation.accepted_at.is_null()
                & Invitation.revoked_at.is_null()
            )
            .first()
        )
        if row is None:
            raise NotFoundError(f"No open invitation {invitation_id} in {network_ref!r}.")
        await (
            Invitation.update({Invitation.revoked_at: now()})
            .where(Invitation.id == invitation_id)
            .run()
        )
        await audit.record(
            "invitation.revoke",
            network=network["id"],
            object_type="invitation",
            object_ref=str(invitation_id),
        )


async def open_invitation_for(token: str) -> tuple[str, bool] | None:
    """The address an open invitation link was sent to, and whether an account already uses it
    (then accepting it takes that account's password); None for an unknown, used, revoked or
    expired link. Reads only: the invitation page shows it before the form is sent."""
    row = (
        await Invitation.select(Invitation.email)
        .where(
            (Invitation.secret_hash == secret_hash(token))
            & Invitation.accepted_at.is_null()
            & Invitation.revoked_at.is_null()
            & (Invitation.expires_at > now())
        )
        .first()
    )
    if row is None:
        return None
    return row["email"], await account_id_by_email(row["email"]) is not None


async def accept_invitation(data: schemas.InvitationAccept) -> schemas.Me:
    """Take up an invitation: a new account, or a new role for the account of that address."""
    open_invitation = (
        (Invitation.secret_hash == secret_hash(data.token))
        & Invitation.accepted_at.is_null()
        & Invitation.revoked_at.is_null()
        & (Invitation.expires_at > now())
    )
    if not await Invitation.exists().where(open_invitation):
        # Kept outside the transaction below, which the refusal would roll back.
        await audit.record("invitation.refused", detail="unknown, used, revoked or expired")
        raise InvalidError(
            "This invitation is unknown, already used, revoked or expired.",
            errors=[FieldProblem("token", "unknown, used, revoked or expired")],
        )
    async with transaction():
        row = await Invitation.select().where(open_invitation).first()
        if row is None:  # taken up by a concurrent request
            raise InvalidError(
                "This invitation was just used.", errors=[FieldProblem("token", "already used")]
            )
        account_id = await account_id_by_email(row["email"])
        if account_id is None:
            account_id = await create_account(
                row["email"], display_name=data.display_name, password=data.password
            )
        else:
            stored = (
                await Account.select(Account.password_hash).where(Account.id == account_id).first()
            )
            if not passwords.verify(stored["password_hash"] if stored else None, data.password):
                raise ForbiddenError(
                    "An account already uses this address: give its password to add the role.",
                    errors=[FieldProblem("password", "wrong password for the existing account")],
                )
        network_ref = (
            await Network.select(Network.ref).where(Network.id == row["network"]).first()
        )["ref"]  # type: ignore[index]
        member_ref = None
        if row["member"] is not None:
            member_ref = (
                await Member.select(Member.ref).where(Member.id == row["member"]).first()
            )["ref"]  # type: ignore[index]
        with audit.acting_as(audit.Actor("api", account_id, audit.current_actor().client_ip)):
            await grant_role(
                account_id,
                network_ref,
                Role(row["role"]),
                member_ref=member_ref,
                ends_on=row["access_ends_on"],
                granted_by=row["invited_by"],
            )
            await (
                Invitation.update({Invitation.accepted_at: now()})
                .where(Invitation.id == row["id"])
                .run()
            )
            await audit.record(
                "invitation.accept",
                network=row["network"],
                object_type="invitation",
                object_ref=str(row["id"]),
            )
    return await _me_of(account_id)


# -- the audit log ------------------------------------------------------------------------------


async def audit_log(
    *,
    network_ref: str | None,
    action: str | None,
    since: datetime | None,
    limit: int,
    offset: int,
) -> Page[schemas.AuditLine]:
    where = []
    if network_ref is not None:
        network = await _network(network_ref)
        where.append(AuditEntry.network == network["id"])
    if action:
        where.append(AuditEntry.action == action)
    if since:
        where.append(AuditEntry.at >= since)
    query = AuditEntry.select(
        *AuditEntry.all_columns(exclude=[AuditEntry.account, AuditEntry.network]),
        AuditEntry.account.email.as_alias("account"),
        AuditEntry.network.ref.as_alias("network"),
    )
    count = AuditEntry.count()
    for clause in where:
        query = query.where(clause)
        count = count.where(clause)
    rows = await query.order_by(AuditEntry.id, ascending=False).limit(limit).offset(offset).run()
    items = [msgspec.convert(_decoded(r), schemas.AuditLine, strict=False) for r in rows]
    return Page(items=items, total=await count.run(), limit=limit, offset=offset)


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("before", "after"):
        if isinstance(row.get(key), str):
            row[key] = msgspec.json.decode(row[key])
    return row
