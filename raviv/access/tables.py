"""Tables of access: accounts, what each may do in which network, credentials, the audit log."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from raviv.guard.roles import CredentialKind, Role, TokenScope
from raviv.registry.tables import Member, Network


class Account(Table):
    """A person who signs in. One account works for every network it holds a grant in."""

    id: Serial
    email = Varchar(length=254, unique=True, help_text="Lower-cased sign-in address.")
    display_name = Varchar(length=200, default="")
    password_hash = Varchar(
        length=255, null=True, default=None, help_text="Argon2id hash; empty until one is set."
    )
    site_admin = Boolean(default=False, help_text="Installation-level tasks: creates networks.")
    language = Varchar(
        length=2,
        default="fr",
        help_text="Language of the pages and e-mails the account reads: fr (default) or en.",
    )
    active = Boolean(default=True, help_text="A deactivated account cannot sign in.")
    last_login_at = Timestamptz(null=True, default=None)
    erased_at = Timestamptz(null=True, default=None, help_text="When the identity was erased.")
    created_at = Timestamptz()

    @classmethod
    def get_readable(cls):  # type: ignore[no-untyped-def]
        from piccolo.columns.readable import Readable

        return Readable(template="%s", columns=[cls.email])


class Grant(Table, tablename="access_grant"):
    """A role of an account in a network (for a member representative: which member)."""

    id: Serial

    account = ForeignKey(Account, null=False, on_delete=OnDelete.restrict, index=True)
    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    role = Varchar(length=16, choices=Role)
    member = ForeignKey(
        Member, null=True, on_delete=OnDelete.restrict, help_text="The member represented."
    )
    ends_on = Date(
        null=True, default=None, help_text="Day the access ends (consultants); empty: open."
    )
    granted_by = ForeignKey(Account, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


class Credential(Table):
    """A session or an API token. Only the SHA-256 of the secret is stored."""

    id: Serial

    account = ForeignKey(Account, null=False, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=16, choices=CredentialKind)
    secret_hash = Varchar(length=64, unique=True)
    name = Varchar(length=100, default="", help_text="What the token is for.")
    scope = Varchar(length=16, choices=TokenScope, default=TokenScope.write.value)
    expires_at = Timestamptz()
    created_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


class Invitation(Table):
    """A coordinator's invitation to take a role in a network; the link expires."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    email = Varchar(length=254)
    role = Varchar(length=16, choices=Role)
    member = ForeignKey(Member, null=True, on_delete=OnDelete.restrict)
    access_ends_on = Date(null=True, default=None)
    secret_hash = Varchar(length=64, unique=True)
    invited_by = ForeignKey(Account, null=True, on_delete=OnDelete.restrict)
    expires_at = Timestamptz()
    accepted_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class PasswordReset(Table):
    """A one-time password-reset link sent by e-mail."""

    id: Serial

    account = ForeignKey(Account, null=False, on_delete=OnDelete.restrict, index=True)
    secret_hash = Varchar(length=64, unique=True)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class AttachmentRequest(Table):
    """A network's coordinator asks to be attached under a federation; the federation's
    coordinator accepts (only then is the network's parent set) or refuses."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    parent = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    requested_by = ForeignKey(Account, null=True, on_delete=OnDelete.restrict)
    requested_at = Timestamptz()
    decided_by = ForeignKey(Account, null=True, on_delete=OnDelete.restrict)
    decided_at = Timestamptz(null=True, default=None)
    decision = Varchar(
        length=16, null=True, default=None, help_text="accepted or refused; empty: pending."
    )


class LoginThrottle(Table):
    """Failed attempts per key (:mod:`raviv.access.throttle`): consecutive sign-ins per address,
    known or not (so both answer the same), and wrong check-in codes per account."""

    id: Serial

    email_key = Varchar(length=64, unique=True, help_text="SHA-256 of the lower-cased address.")
    failures = Integer(default=0)
    locked_until = Timestamptz(null=True, default=None)
    window_started_at = Timestamptz(
        null=True, default=None, help_text="When the failures counted began (limits over a window)."
    )


class AccessGeneration(Table):
    """One row whose ``value`` changes (to a random one) whenever anything a caller's rights
    depend on changes: a credential, an account, a role, a network's place under a federation.
    Database triggers write it, so no code path can forget; each server process caches callers
    and re-reads this row at most every ``RAVIV_ACCESS_RECHECK_MS`` (see docs/access.md)."""

    id: Serial

    value = Varchar(length=32, default="")


class AuditEntry(Table):
    """One line of the audit log: who did what, when, to what, with the state before and after.

    Append-only: nothing in raviv updates or deletes a line, except the erasure of a person, which
    blanks that person's identity inside the lines that hold it (and is itself logged).
    """

    id: Serial
    at = Timestamptz()
    account = ForeignKey(Account, null=True, on_delete=OnDelete.restrict, index=True)
    actor = Varchar(length=32, default="", help_text="api, cli, system.")
    network = ForeignKey(Network, null=True, on_delete=OnDelete.restrict, index=True)
    action = Varchar(length=64, help_text="e.g. member.create, login.failed, access.denied.")
    object_type = Varchar(length=32, default="")
    object_ref = Varchar(length=200, default="")
    before = JSON(null=True, default=None)
    after = JSON(null=True, default=None)
    detail = Varchar(length=500, default="")
    client_ip = Varchar(length=45, default="")
