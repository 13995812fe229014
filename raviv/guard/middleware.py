"""Authentication on every request: a bearer token or a session cookie becomes a Principal.

Cookie-authenticated writes must carry the session's CSRF token in ``X-CSRF-Token``, or, from a
plain HTML form (which cannot set a header), in its ``csrf_token`` field (checked by the access
check, which knows whether the route is public: signing in or taking up an invitation while
signed in needs none). Bearer tokens need none: a browser never sends them on its own.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection, Request
from litestar.datastructures import Cookie
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from raviv.errors import ForbiddenError
from raviv.guard import audit
from raviv.guard.principal import Principal, load_principal
from raviv.guard.roles import CredentialKind
from raviv.guard.secrets import csrf_token, same
from raviv.settings import get_settings

CSRF_HEADER = "x-csrf-token"
#: The hidden field of the web pages' forms that carries the same token.
CSRF_FIELD = "csrf_token"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def session_cookie_name() -> str:
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only, path /.
    return "__Host-raviv_session" if get_settings().access.cookie_secure else "raviv_session"


def session_cookie(value: str, *, max_age: int) -> Cookie:
    """The session cookie (empty with ``max_age`` 0: the browser forgets it)."""
    return Cookie(
        key=session_cookie_name(),
        value=value,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=get_settings().access.cookie_secure,
        samesite="lax",
    )


def is_form_post(scope: Any) -> bool:
    """A write whose body is an HTML form: its CSRF token may be one of its fields."""
    if scope.get("method") in SAFE_METHODS:
        return False
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return bool(value.decode("latin-1").lower().startswith(FORM_TYPES))
    return False


async def _form_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The ``csrf_token`` field of a form body; the body is parsed once and kept on the
    request's scope, so the handler reads the same form again without reading the body."""
    if not isinstance(connection, Request) or not is_form_post(connection.scope):
        return ""
    try:
        form = await connection.form()
    except Exception:  # a body that is not a form: no token in it
        return ""
    value = form.get(CSRF_FIELD, "")
    return value if isinstance(value, str) else ""


def client_ip(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    return connection.client.host if connection.client else ""


class AuthenticationMiddleware(AbstractAuthenticationMiddleware):
    """A bearer token or a session cookie becomes the request's Principal (``scope["user"]``);
    :class:`raviv.guard.policy.AccessMiddleware` runs it, then checks the route's rule."""

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        authorization = connection.headers.get("authorization", "")
        scheme, _, secret = authorization.partition(" ")
        if scheme.lower() == "bearer" and secret.strip():
            return await self._from(connection, secret.strip(), CredentialKind.token)
        cookie = connection.cookies.get(session_cookie_name())
        if cookie:
            return await self._from(connection, cookie, CredentialKind.session)
        return AuthenticationResult(user=None, auth=None)

    async def _from(
        self, connection: ASGIConnection[Any, Any, Any, Any], secret: str, kind: CredentialKind
    ) -> AuthenticationResult:
        principal = await load_principal(secret, kind)
        if principal is None:
            await audit.record(
                "auth.failed",
                object_type="route",
                object_ref=f"{connection.scope.get('method')} {connection.url.path}",
                detail=f"unknown, expired or revoked {kind.value}",
            )
            return AuthenticationResult(user=None, auth=None)
        audit.set_actor(audit.Actor("api", principal.account_id, client_ip(connection)))
        return AuthenticationResult(user=principal, auth=kind)


async def check_csrf(connection: ASGIConnection[Any, Any, Any, Any], principal: Principal) -> None:
    """Refuse a cookie-authenticated write without the session's own CSRF token."""
    if principal.via is not CredentialKind.session:
        return
    if connection.scope.get("method") in SAFE_METHODS:
        return
    cookie = connection.cookies.get(session_cookie_name(), "")
    sent = connection.headers.get(CSRF_HEADER, "") or await _form_token(connection)
    if sent and same(sent, csrf_token(cookie)):
        return
    await audit.record(
        "csrf.refused",
        object_type="route",
        object_ref=f"{connection.scope.get('method')} {connection.url.path}",
        detail="missing or wrong X-CSRF-Token",
    )
    refusal = ForbiddenError(
        "This write needs the session's CSRF token in the X-CSRF-Token header"
        " (or, from a form, its csrf_token field)."
    )
    refusal.audited = True
    raise refusal
