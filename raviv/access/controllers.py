"""HTTP routes of access: signing in and out, tokens, invitations, grants, the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import structlog
from litestar import Request, Response, delete, get, patch, post
from litestar.background_tasks import BackgroundTask
from litestar.di import NamedDependency, Provide
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.params import FromPath, FromQuery, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from raviv.access import attachment, gdpr, schemas, service
from raviv.errors import TOO_MANY_REQUESTS
from raviv.guard.deps import provide_principal
from raviv.guard.middleware import session_cookie, session_cookie_name
from raviv.guard.policy import PUBLIC, SIGNED_IN, SITE_ADMIN, ApiController, allow
from raviv.guard.principal import Principal
from raviv.guard.roles import CredentialKind, Role
from raviv.mail import MailError, Message, send
from raviv.pagination import Limit, Offset, Page
from raviv.settings import get_settings

NETWORK = "/api/networks/{network_ref:str}"
_log = structlog.get_logger("raviv.access")

#: Sign-in attempts per client address and minute (per process), before 429.
LOGIN_RATE = RateLimitConfig(
    rate_limit=("minute", get_settings().access.login_rate_per_minute),
    store="login_rate",
    set_rate_limit_headers=True,
)


async def deliver(mail: service.Mail) -> None:
    """Send after the answer went out; a failure is logged, the change stays made."""
    try:
        await send(Message(to=[mail.to], subject=mail.subject, text=mail.text))
    except MailError as exc:
        _log.error("mail.failed", subject=mail.subject, error=str(exc))


class AuthController(ApiController):
    path = "/api/auth"
    tags = ["access"]  # noqa: RUF012
    dependencies = {"principal": Provide(provide_principal)}  # noqa: RUF012

    @post(
        "/login",
        opt=PUBLIC,
        status_code=HTTP_200_OK,
        middleware=[LOGIN_RATE.middleware],
        responses=TOO_MANY_REQUESTS,
        summary="Sign in: a session cookie for the web, or a bearer token (mode=token)",
    )
    async def login(self, data: JSONBody[schemas.Login]) -> Response[schemas.SignedIn]:
        signed = await service.login(data.email, data.password, mode=data.mode)
        cookies = []
        if signed.kind is CredentialKind.session:
            hours = get_settings().access.session_hours
            cookies.append(session_cookie(signed.secret, max_age=hours * 3600))
        return Response(signed.answer, cookies=cookies, status_code=HTTP_200_OK)

    @post("/logout", opt=SIGNED_IN, status_code=HTTP_204_NO_CONTENT, summary="Sign out")
    async def logout(self, principal: NamedDependency[Principal]) -> Response[None]:
        await service.logout(principal)
        cookie = session_cookie("", max_age=0)
        return Response(None, cookies=[cookie], status_code=HTTP_204_NO_CONTENT)

    @get("/session", opt=SIGNED_IN, summary="The current session and its CSRF token")
    async def session(
        self, principal: NamedDependency[Principal], request: Request[Any, Any, Any]
    ) -> schemas.SignedIn:
        secret = request.cookies.get(session_cookie_name())
        via_cookie = principal.via is CredentialKind.session
        return await service.session_info(principal, secret if via_cookie else None)

    @post(
        "/password",
        opt=SIGNED_IN,
        status_code=HTTP_204_NO_CONTENT,
        summary="Change one's password (ends every other session and token)",
    )
    async def change_password(
        self, principal: NamedDependency[Principal], data: JSONBody[schemas.PasswordChange]
    ) -> None:
        await service.change_password(principal, data)

    @post(
        "/password-reset",
        opt=PUBLIC,
        middleware=[LOGIN_RATE.middleware],
        responses=TOO_MANY_REQUESTS,
        status_code=HTTP_202_ACCEPTED,
        summary="Ask for a password-reset link by e-mail (same answer for unknown addresses)",
    )
    async def request_reset(self, data: JSONBody[schemas.ResetRequest]) -> Response[dict[str, str]]:
        mail = await service.request_reset(data.email)
        return Response(
            {"detail": "If an account uses this address, a link is on its way."},
            status_code=HTTP_202_ACCEPTED,
            background=BackgroundTask(deliver, mail) if mail else None,
        )

    @post(
        "/password-reset/confirm",
        opt=PUBLIC,
        middleware=[LOGIN_RATE.middleware],
        responses=TOO_MANY_REQUESTS,
        status_code=HTTP_204_NO_CONTENT,
        summary="Choose a new password with the link's token",
    )
    async def confirm_reset(self, data: JSONBody[schemas.ResetConfirm]) -> None:
        await service.confirm_reset(data)

    @post(
        "/invitations/accept",
        opt=PUBLIC,
        middleware=[LOGIN_RATE.middleware],
        responses=TOO_MANY_REQUESTS,
        summary="Accept an invitation: creates the account, or adds the role to it",
    )
    async def accept_invitation(self, data: JSONBody[schemas.InvitationAccept]) -> schemas.Me:
        return await service.accept_invitation(data)


class MeController(ApiController):
    path = "/api/me"
    tags = ["access"]  # noqa: RUF012
    dependencies = {"principal": Provide(provide_principal)}  # noqa: RUF012

    @get("/", opt=SIGNED_IN, summary="Who I am and my roles")
    async def me(self, principal: NamedDependency[Principal]) -> schemas.Me:
        return await service.me(principal)

    @patch("/", opt=SIGNED_IN, summary="Change my account: the language of my pages (fr, en)")
    async def update_me(
        self, principal: NamedDependency[Principal], data: JSONBody[schemas.MeUpdate]
    ) -> schemas.Me:
        return await service.update_me(principal, data)

    @get("/personal-data", opt=SIGNED_IN, summary="All my personal data, as JSON (GDPR)")
    async def personal_data(
        self, principal: NamedDependency[Principal]
    ) -> Response[dict[str, Any]]:
        return Response(
            await gdpr.personal_data(principal),
            headers={"Content-Disposition": 'attachment; filename="raviv-personal-data.json"'},
        )

    @post(
        "/erase",
        opt=SIGNED_IN,
        status_code=HTTP_200_OK,
        summary="Erase my account (GDPR; my password confirms it)",
    )
    async def erase_me(
        self, principal: NamedDependency[Principal], data: JSONBody[schemas.AccountEraseConfirm]
    ) -> Response[gdpr.AccountErasure]:
        erased = await gdpr.erase_own_account(principal, data.password)
        return Response(erased, cookies=[session_cookie("", max_age=0)])

    @get("/tokens", opt=SIGNED_IN, summary="My API tokens")
    async def list_tokens(self, principal: NamedDependency[Principal]) -> list[schemas.Token]:
        return await service.list_tokens(principal)

    @post("/tokens", opt=SIGNED_IN, summary="Create an API token (shown once)")
    async def create_token(
        self, principal: NamedDependency[Principal], data: JSONBody[schemas.TokenCreate]
    ) -> schemas.NewToken:
        return await service.create_token(principal, data)

    @delete("/tokens/{token_id:int}", opt=SIGNED_IN, summary="Revoke one of my API tokens")
    async def revoke_token(
        self, principal: NamedDependency[Principal], token_id: FromPath[int]
    ) -> None:
        await service.revoke_token(principal, token_id)


class NetworkAccessController(ApiController):
    path = NETWORK
    tags = ["access"]  # noqa: RUF012
    dependencies = {"principal": Provide(provide_principal)}  # noqa: RUF012

    @get("/grants", opt=allow(Role.coordinator), summary="Who has which role in the network")
    async def list_grants(self, network_ref: FromPath[str]) -> list[schemas.NetworkGrant]:
        return await service.list_grants(network_ref)

    @delete("/grants/{grant_id:int}", opt=allow(Role.coordinator), summary="Revoke a role")
    async def revoke_grant(self, network_ref: FromPath[str], grant_id: FromPath[int]) -> None:
        await service.revoke_grant(network_ref, grant_id)

    @get("/invitations", opt=allow(Role.coordinator), summary="Invitations sent")
    async def list_invitations(self, network_ref: FromPath[str]) -> list[schemas.Invitation]:
        return await service.list_invitations(network_ref)

    @post(
        "/invitations",
        opt=allow(Role.coordinator),
        summary="Invite someone to a role (the e-mailed link expires)",
    )
    async def invite(
        self,
        principal: NamedDependency[Principal],
        network_ref: FromPath[str],
        data: JSONBody[schemas.InvitationCreate],
    ) -> Response[schemas.Invitation]:
        invitation, mail = await service.invite(principal, network_ref, data)
        return Response(invitation, status_code=201, background=BackgroundTask(deliver, mail))

    @delete(
        "/invitations/{invitation_id:int}",
        opt=allow(Role.coordinator),
        summary="Revoke an invitation not yet accepted",
    )
    async def revoke_invitation(
        self, network_ref: FromPath[str], invitation_id: FromPath[int]
    ) -> None:
        await service.revoke_invitation(network_ref, invitation_id)

    @post(
        "/people/{person_ref:str}/erase",
        opt=allow(Role.coordinator),
        summary="Erase a person's identity (GDPR); what their organisation did stays",
    )
    async def erase_person(
        self, network_ref: FromPath[str], person_ref: FromPath[str]
    ) -> gdpr.Erasure:
        return await gdpr.erase_person(network_ref, person_ref)

    @post(
        "/attachment",
        opt=allow(Role.coordinator),
        status_code=HTTP_202_ACCEPTED,
        summary="Ask a federation to take this network under it (its coordinator decides)",
    )
    async def request_attachment(
        self,
        principal: NamedDependency[Principal],
        network_ref: FromPath[str],
        data: JSONBody[schemas.AttachmentAsk],
    ) -> dict[str, str]:
        await attachment.request_attachment(network_ref, data.parent, by=principal.account_id)
        return {"detail": attachment.RECORDED}

    @get(
        "/attachment-requests",
        opt=allow(Role.coordinator, Role.federation),
        summary="Networks asking to be attached under this federation",
    )
    async def list_attachment_requests(
        self, network_ref: FromPath[str]
    ) -> list[attachment.AttachmentRequestOut]:
        return await attachment.list_requests(network_ref)

    @post(
        "/attachment-requests/{request_id:int}/{decision:str}",
        opt=allow(Role.coordinator, Role.federation),
        status_code=HTTP_200_OK,
        summary="Accept (the network comes under this federation) or refuse a request",
    )
    async def decide_attachment(
        self,
        principal: NamedDependency[Principal],
        network_ref: FromPath[str],
        request_id: FromPath[int],
        decision: Annotated[str, Parameter(pattern="^(accept|refuse)$")],
    ) -> attachment.AttachmentRequestOut:
        return await attachment.decide(
            network_ref, request_id, accept=decision == "accept", by=principal.account_id
        )

    @get(
        "/retention",
        opt=allow(Role.coordinator),
        summary="People of members that left longer ago than the retention delay",
    )
    async def retention(self, network_ref: FromPath[str]) -> list[gdpr.RetentionItem]:
        return await gdpr.due_for_erasure(network_ref)

    @get("/audit", opt=allow(Role.coordinator), summary="The network's audit log, newest first")
    async def network_audit(
        self,
        network_ref: FromPath[str],
        limit: Limit = 50,
        offset: Offset = 0,
        action: Annotated[str | None, Parameter(max_length=64)] = None,
        since: FromQuery[datetime | None] = None,
    ) -> Page[schemas.AuditLine]:
        return await service.audit_log(
            network_ref=network_ref, action=action, since=since, limit=limit, offset=offset
        )


class SiteController(ApiController):
    path = "/api/audit"
    tags = ["access"]  # noqa: RUF012

    @get("/", opt=SITE_ADMIN, summary="The whole installation's audit log (sign-ins included)")
    async def site_audit(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        action: Annotated[str | None, Parameter(max_length=64)] = None,
        since: FromQuery[datetime | None] = None,
    ) -> Page[schemas.AuditLine]:
        return await service.audit_log(
            network_ref=None, action=action, since=since, limit=limit, offset=offset
        )


class AccountsController(ApiController):
    path = "/api/accounts"
    tags = ["access"]  # noqa: RUF012

    @post(
        "/erase",
        opt=SITE_ADMIN,
        status_code=HTTP_200_OK,
        summary="Erase the account of an address (GDPR, at its owner's request)",
    )
    async def erase_account(
        self, data: JSONBody[schemas.AccountEraseRequest]
    ) -> gdpr.AccountErasure:
        return await gdpr.erase_account(data.email)


ROUTERS = [
    AuthController,
    MeController,
    NetworkAccessController,
    SiteController,
    AccountsController,
]
