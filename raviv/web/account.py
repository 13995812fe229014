"""The account pages: the e-mailed links (an invitation, a password reset), a forgotten password,
and one's settings (password, API tokens, personal data, language).

They call the services of the API's routes, and nothing else: ``accept_invitation`` (POST
/api/auth/invitations/accept), ``request_reset`` and ``confirm_reset`` (POST
/api/auth/password-reset[/confirm]), ``change_password`` (POST /api/auth/password: it ends the
account's other sessions and tokens, the current session stays), the tokens of /api/me/tokens,
the export of GET /api/me/personal-data and the account's language (``update_me``, PATCH
/api/me). The public forms (the links, the forgotten password) are rate-limited as signing in
is; the link's own secret is their proof (no session, so no CSRF token yet); the settings' forms
carry the session's CSRF token like every other page.
"""

from __future__ import annotations

import contextlib
from typing import Any, TypeVar

from litestar import Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.datastructures import Cookie
from litestar.params import FromPath
from litestar.response import Redirect, Template

from raviv.access import gdpr, schemas
from raviv.access import service as access
from raviv.access.controllers import LOGIN_RATE, deliver
from raviv.errors import DomainError, FieldProblem, ForbiddenError, InvalidError, convert_input
from raviv.guard.middleware import session_cookie
from raviv.guard.policy import PUBLIC, SIGNED_IN
from raviv.guard.roles import TokenScope
from raviv.settings import get_settings
from raviv.web.errors import problem_messages
from raviv.web.i18n import COOKIE, LOCALES, account_language, language_name
from raviv.web.pages import PageController, signed_in
from raviv.web.rendering import locale_of, page

SETTINGS = "/compte/parametres"
_In = TypeVar("_In")


def _problems(refused: DomainError, request: Request[Any, Any, Any]) -> dict[str, str]:
    return problem_messages(refused, locale_of(request))


def _typed(form: Any, *names: str) -> dict[str, str]:
    return {name: str(form.get(name, "") or "") for name in names}


def _same_twice(password: str, again: str, field: str = "password_again") -> None:
    if password != again:
        raise InvalidError("the two passwords differ", errors=[FieldProblem(field, "not the same")])


def _dead_link(request: Request[Any, Any, Any], kind: str) -> Template:
    """An unknown, used, revoked or expired link: what to do instead."""
    return page(request, "link_dead.html", status_code=410, kind=kind)


class AccountPages(PageController):
    # -- an invitation ---------------------------------------------------------------------------

    @get("/invitation", opt=PUBLIC)
    async def invitation_page(self, request: Request[Any, Any, Any]) -> Template:
        token = request.query_params.get("token", "")
        found = await access.open_invitation_for(token) if token else None
        if found is None:
            return _dead_link(request, "invitation")
        email, existing = found
        return page(
            request, "invitation.html", token=token, email=email, existing=existing, values={}
        )

    @post("/invitation", opt=PUBLIC, middleware=[LOGIN_RATE.middleware], status_code=303)
    async def accept_invitation(self, request: Request[Any, Any, Any]) -> Response[Any]:
        form = await request.form()
        values = _typed(form, "token", "display_name", "password", "password_again")
        found = await access.open_invitation_for(values["token"]) if values["token"] else None
        if found is None:
            with contextlib.suppress(InvalidError):  # the service refuses it and audits it
                await access.accept_invitation(
                    schemas.InvitationAccept(token=values["token"] or "-", password="-")  # noqa: S106
                )
            return _dead_link(request, "invitation")
        email, existing = found
        try:
            if not existing:
                _same_twice(values["password"], values["password_again"])
            data = convert_input(
                {
                    "token": values["token"],
                    "password": values["password"],
                    "display_name": values["display_name"].strip(),
                },
                schemas.InvitationAccept,
            )
            me = await access.accept_invitation(data)
        except (InvalidError, ForbiddenError) as refused:
            if any(p.field == "token" for p in refused.errors):
                return _dead_link(request, "invitation")
            if existing and isinstance(refused, ForbiddenError):
                refused = ForbiddenError(
                    refused.detail, errors=[FieldProblem("existing_password", "wrong password")]
                )
            return page(
                request,
                "invitation.html",
                status_code=refused.status,
                token=values["token"],
                email=email,
                existing=existing,
                values={"display_name": values["display_name"]},
                problems=_problems(refused, request),
            )
        signed = await access.login(me.email, values["password"], mode="session")
        hours = get_settings().access.session_hours
        return Redirect(
            "/compte",
            status_code=303,
            cookies=[session_cookie(signed.secret, max_age=hours * 3600)],
        )

    # -- a forgotten password -------------------------------------------------------------------

    @get("/mot-de-passe-oublie", opt=PUBLIC)
    async def forgotten_page(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "forgotten.html", email="")

    @post("/mot-de-passe-oublie", opt=PUBLIC, middleware=[LOGIN_RATE.middleware], status_code=200)
    async def forgotten(self, request: Request[Any, Any, Any]) -> Template:
        """The same answer whether an account uses the address or not (as the API's)."""
        email = str((await request.form()).get("email", "") or "").strip()
        try:
            data = convert_input({"email": email}, schemas.ResetRequest)
        except InvalidError as invalid:
            return page(
                request,
                "forgotten.html",
                status_code=422,
                email=email,
                problems=_problems(invalid, request),
            )
        mail = await access.request_reset(data.email)
        answer = page(request, "forgotten.html", email=email, sent=True)
        answer.background = BackgroundTask(deliver, mail) if mail else None
        return answer

    @get("/reset-password", opt=PUBLIC)
    async def reset_page(self, request: Request[Any, Any, Any]) -> Template:
        token = request.query_params.get("token", "")
        if not token:
            return _dead_link(request, "reset")
        return page(request, "reset.html", token=token)

    @post("/reset-password", opt=PUBLIC, middleware=[LOGIN_RATE.middleware], status_code=303)
    async def reset(self, request: Request[Any, Any, Any]) -> Response[Any]:
        values = _typed(await request.form(), "token", "new_password", "new_password_again")
        try:
            _same_twice(values["new_password"], values["new_password_again"], "new_password_again")
            data = convert_input(
                {"token": values["token"], "new_password": values["new_password"]},
                schemas.ResetConfirm,
            )
            await access.confirm_reset(data)
        except InvalidError as refused:
            fields = {p.field for p in refused.errors}
            if "token" in fields:
                return _dead_link(request, "reset")
            return page(
                request,
                "reset.html",
                status_code=422,
                token=values["token"],
                problems=_problems(refused, request),
            )
        return Redirect("/?mot-de-passe=change", status_code=303)

    # -- one's settings -------------------------------------------------------------------------

    @get(SETTINGS, opt=SIGNED_IN)
    async def settings(self, request: Request[Any, Any, Any]) -> Template:
        return await _settings_page(request)

    @post(SETTINGS + "/mot-de-passe", opt=SIGNED_IN, status_code=303)
    async def change_password(self, request: Request[Any, Any, Any]) -> Response[Any]:
        values = _typed(
            await request.form(), "current_password", "new_password", "new_password_again"
        )
        try:
            _same_twice(values["new_password"], values["new_password_again"], "new_password_again")
            data = convert_input(
                {k: values[k] for k in ("current_password", "new_password")},
                schemas.PasswordChange,
            )
            await access.change_password(signed_in(request), data)
        except (InvalidError, ForbiddenError) as refused:
            return await _settings_page(
                request, status_code=refused.status, password_problems=_problems(refused, request)
            )
        return Redirect(SETTINGS + "?mot-de-passe=change", status_code=303)

    @post(SETTINGS + "/jetons", opt=SIGNED_IN, status_code=201)
    async def create_token(self, request: Request[Any, Any, Any]) -> Template:
        """A new API token, shown on this answer only (its hash alone is kept)."""
        values = _typed(await request.form(), "name", "scope", "expires_in_days")
        try:
            data = convert_input(
                {
                    "name": values["name"].strip(),
                    "scope": values["scope"] or TokenScope.read.value,
                    "expires_in_days": values["expires_in_days"] or "90",
                },
                schemas.TokenCreate,
            )
            new = await access.create_token(signed_in(request), data)
        except (InvalidError, ForbiddenError) as refused:
            return await _settings_page(
                request,
                status_code=refused.status,
                token_values=values,
                token_problems=_problems(refused, request),
            )
        return await _settings_page(request, status_code=201, new_token=new)

    @post(SETTINGS + "/jetons/{token_id:int}/revoquer", opt=SIGNED_IN, status_code=303)
    async def revoke_token(
        self, request: Request[Any, Any, Any], token_id: FromPath[int]
    ) -> Redirect:
        await access.revoke_token(signed_in(request), token_id)  # not one's own: the 404 page
        return Redirect(SETTINGS + "?revoque=1", status_code=303)

    @post(SETTINGS + "/langue", opt=SIGNED_IN, status_code=303)
    async def choose_language(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """The account's language (``access.update_me``, as PATCH /api/me {"language"}); the
        language cookie follows it, so that this page and the next answer in it at once."""
        chosen = _typed(await request.form(), "language")["language"]
        try:
            data = convert_input({"language": chosen}, schemas.MeUpdate)
            await access.update_me(signed_in(request), data)
        except InvalidError as refused:
            return await _settings_page(
                request,
                status_code=refused.status,
                language_problems=_problems(refused, request),
            )
        return Redirect(
            SETTINGS + "?langue=changee#language-title",
            status_code=303,
            cookies=[Cookie(key=COOKIE, value=chosen, path="/", samesite="lax")],
        )

    @get("/compte/donnees-personnelles", opt=SIGNED_IN)
    async def personal_data(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        """The JSON the API's export gives (GDPR), as a download."""
        return Response(
            await gdpr.personal_data(signed_in(request)),
            headers={
                "Content-Disposition": 'attachment; filename="raviv-personal-data.json"',
                "Cache-Control": "no-store",
            },
        )


async def _settings_page(
    request: Request[Any, Any, Any], *, status_code: int = 200, **context: Any
) -> Template:
    principal = signed_in(request)
    tokens = await access.list_tokens(principal)
    context.setdefault("token_values", {"name": "", "scope": "read", "expires_in_days": "90"})
    return page(
        request,
        "settings.html",
        status_code=status_code,
        tokens=[t for t in tokens if t.revoked_at is None and t.expires_at > access.now()],
        changed=request.query_params.get("mot-de-passe") == "change",
        revoked=request.query_params.get("revoque") == "1",
        language_changed=request.query_params.get("langue") == "changee",
        account_language=account_language(principal) or "fr",
        languages=[(code, language_name(code)) for code in LOCALES],
        max_days=get_settings().access.token_max_days,
        **context,
    )


ROUTERS = [AccountPages]
