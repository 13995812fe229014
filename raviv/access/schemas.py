"""What the access API reads and writes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, Meta, UnsetType

from raviv.edge import Input
from raviv.errors import InvalidError
from raviv.guard.roles import Role, TokenScope
from raviv.registry.schemas import Email, Ref

Password = Annotated[str, Meta(min_length=1, max_length=256)]
Secret = Annotated[str, Meta(min_length=1, max_length=200)]


class _Input(Input):
    pass


class Login(_Input):
    email: Email
    password: Password
    mode: Annotated[
        str,
        Meta(
            pattern="^(session|token)$",
            description="session: a cookie for the web; token: a bearer token for API clients.",
        ),
    ] = "session"


class GrantOut(msgspec.Struct, kw_only=True):
    id: int | None
    network: str
    role: Role
    member: str | None = None
    ends_on: date | None = None
    inherited: bool = False


#: The languages raviv's pages and e-mails are written in; French first.
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


class Me(msgspec.Struct, kw_only=True):
    id: int
    email: str
    display_name: str
    language: Annotated[str, Meta(description="fr or en: the language of one's pages.")]
    site_admin: bool
    grants: list[GrantOut]


class MeUpdate(_Input):
    """What an account changes of itself (``PATCH /api/me``)."""

    language: (
        Annotated[
            str,
            Meta(
                max_length=16,
                description="fr (French, the default) or en (English); anything else is a 422.",
                examples=["en"],
            ),
        ]
        | UnsetType
    ) = UNSET

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.language is not UNSET and self.language not in LANGUAGES:
            raise InvalidError.on(
                "language", "must be fr or en / doit être fr ou en", self.language
            )


class SignedIn(msgspec.Struct, kw_only=True):
    account: Me
    expires_at: datetime
    csrf_token: str | None = None  # sessions: send it back in X-CSRF-Token on every write
    token: str | None = None  # mode=token: the bearer token, shown this once


class TokenCreate(_Input):
    name: Annotated[str, Meta(min_length=1, max_length=100)]
    scope: TokenScope = TokenScope.read
    expires_in_days: Annotated[int, Meta(ge=1, le=3650)] = 90


class Token(msgspec.Struct, kw_only=True):
    id: int
    name: str
    scope: TokenScope
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None


class NewToken(Token, kw_only=True):
    token: str  # shown this once; only its hash is kept


class PasswordChange(_Input):
    current_password: Password
    new_password: Password


class AttachmentAsk(_Input):
    """The federation a network's coordinator asks to be attached under."""

    parent: Ref


class AccountEraseConfirm(_Input):
    """An account's request to erase itself, confirmed by its password."""

    password: Password


class AccountEraseRequest(_Input):
    """A site administrator's erasure of the account of that address."""

    email: Email


class ResetRequest(_Input):
    email: Email


class ResetConfirm(_Input):
    token: Secret
    new_password: Password


class InvitationCreate(_Input):
    email: Email
    role: Role
    member: Ref | None = None
    access_ends_on: date | None = None


class Invitation(msgspec.Struct, kw_only=True):
    id: int
    network: str
    email: str
    role: Role
    member: str | None
    access_ends_on: date | None
    expires_at: datetime
    accepted_at: datetime | None = None
    revoked_at: datetime | None = None


class InvitationAccept(_Input):
    token: Secret
    password: Password
    display_name: Annotated[str, Meta(max_length=200)] = ""


class NetworkGrant(msgspec.Struct, kw_only=True):
    id: int
    account: str  # the e-mail address
    display_name: str
    role: Role
    member: str | None
    ends_on: date | None
    created_at: datetime


class AuditLine(msgspec.Struct, kw_only=True):
    id: int
    at: datetime
    account: str | None
    actor: str
    network: str | None
    action: str
    object_type: str
    object_ref: str
    before: Any = None
    after: Any = None
    detail: str = ""
    client_ip: str = ""
