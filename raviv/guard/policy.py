"""Who may call which route, on which object: the one mechanism every route goes through.

Each route handler declares an :class:`Rule` in its ``opt`` (``opt=allow(...)``). One check,
:func:`authorize`, run on every API route by :class:`AccessMiddleware`, reads it and checks the
caller against the network and the member the request addresses; a route without a rule is
refused, so none can be born open.

Answers, in order:
- no valid credential: 401;
- a write by a browser session without its CSRF token: 403;
- a read-only token on a write: 403;
- a network the caller holds no role in, or a member that is not the caller's: 404, as if it did
  not exist (a member of one network learns nothing about another's);
- a role the route does not admit (a consultant writing, a representative changing a member's
  tier): 403, naming what is refused.
Refusals of signed-in callers are written to the audit log.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from litestar import Controller, Litestar
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import DefineMiddleware
from litestar.types import Receive, Scope, Send

from raviv.db import execute
from raviv.errors import FieldProblem, ForbiddenError, NotFoundError, UnauthorizedError
from raviv.guard import audit
from raviv.guard.middleware import AuthenticationMiddleware, check_csrf, is_form_post
from raviv.guard.principal import Principal, clearing_after_access_changes
from raviv.guard.roles import Role, TokenScope
from raviv.headers import API_ANSWER, as_response_headers

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Rule:
    """Who may call one route."""

    public: bool = False  # anyone, signed in or not
    signed_in: bool = False  # any account, for its own things (/api/me)
    site_admin: bool = False  # installation-level: only site administrators
    roles: frozenset[Role] = frozenset()  # roles in the path's network that may call it
    own_member: bool = False  # member representatives, for the member they represent
    coordinator_fields: tuple[str, ...] = ()  # body fields only a coordinator may set


def allow(
    *roles: Role, own_member: bool = False, coordinator_fields: Iterable[str] = ()
) -> dict[str, Rule]:
    """The ``opt`` of a network route: the roles admitted, and representatives of their member."""
    return {
        "access": Rule(
            roles=frozenset(roles),
            own_member=own_member,
            coordinator_fields=tuple(coordinator_fields),
        )
    }


PUBLIC = {"access": Rule(public=True)}
SIGNED_IN = {"access": Rule(signed_in=True)}
SITE_ADMIN = {"access": Rule(site_admin=True)}

#: Every role in a network: used by routes any of them may read.
ANY_ROLE = tuple(Role)

#: How to find the members a request addresses when the path names an object below them:
#: path parameter → async (network_ref, value) → the members' refs (a contribution has a giver
#: and a receiver), empty if there is no such object.
MemberResolver = Callable[[str, str], Awaitable[frozenset[str]]]
MEMBER_RESOLVERS: dict[str, MemberResolver] = {}


def resolves_member(parameter: str) -> Callable[[MemberResolver], MemberResolver]:
    """Register how the path parameter ``parameter`` leads to its member."""

    def register(resolver: MemberResolver) -> MemberResolver:
        MEMBER_RESOLVERS[parameter] = resolver
        return resolver

    return register


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal | None:
    user = connection.scope.get("user")
    return user if isinstance(user, Principal) else None


def rule_of(handler: BaseRouteHandler) -> Rule:
    rule = handler.opt.get("access")
    if not isinstance(rule, Rule):
        raise TypeError(f"route {handler.handler_name!r} declares no access rule")
    return rule


async def authorize(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """The access check of every API route (run by :class:`AccessMiddleware`)."""
    rule = rule_of(handler)
    if rule.public:
        return
    principal = principal_of(connection)
    if principal is None:
        raise UnauthorizedError
    await check_csrf(connection, principal)
    method = str(connection.scope.get("method", "GET"))
    try:
        await _check(connection, rule, principal, method)
    except (ForbiddenError, NotFoundError) as refusal:
        await audit.record(
            "access.denied",
            network=await _network_id(connection.path_params.get("network_ref")),
            object_type="route",
            object_ref=f"{method} {connection.url.path}",
            detail=f"{refusal.status}: {refusal.detail}",
        )
        refusal.audited = True
        raise


async def audit_refusal(exc: Exception, scope: Any) -> None:
    """An application ``after_exception`` hook: a refusal a service made (403) is logged like
    the access check's own, so every refused attempt of a signed-in caller is in the audit log."""
    if not isinstance(exc, ForbiddenError) or exc.audited:
        return
    user = scope.get("user")
    if not isinstance(user, Principal):
        return
    client = scope.get("client")
    actor = audit.Actor("api", user.account_id, client[0] if client else "")
    with audit.acting_as(actor):
        await audit.record(
            "access.denied",
            network=await _network_id(scope.get("path_params", {}).get("network_ref")),
            object_type="route",
            object_ref=f"{scope.get('method')} {scope.get('path')}",
            detail=f"{exc.status}: {exc.detail}",
        )
    exc.audited = True


async def _network_id(ref: str | None) -> int | None:
    """The network a refused request addressed, so its coordinators see the attempt."""
    if ref is None:
        return None
    rows = await execute("SELECT id FROM network WHERE ref = {}", ref)
    return int(rows[0]["id"]) if rows else None


async def _check(
    connection: ASGIConnection[Any, Any, Any, Any], rule: Rule, principal: Principal, method: str
) -> None:
    if principal.scope is TokenScope.read and method not in SAFE_METHODS:
        raise ForbiddenError("This token may only read: use a token with the write scope.")
    if rule.signed_in or principal.site_admin:
        return
    if rule.site_admin:
        raise ForbiddenError("Only a site administrator may do this.")
    await _check_network(connection, rule, principal)


async def _check_network(
    connection: ASGIConnection[Any, Any, Any, Any], rule: Rule, principal: Principal
) -> None:
    params = connection.path_params
    network_ref = params.get("network_ref")
    if network_ref is None:  # a network-less route open to roles: any role somewhere will do
        if any(principal.roles_in(ref) & rule.roles for ref in principal.network_refs):
            return
        raise ForbiddenError("Your roles do not allow this.")
    roles = principal.roles_in(network_ref)
    if not roles:
        raise NotFoundError(f"No network {network_ref!r}.")
    if roles & rule.roles:
        return
    if Role.member in roles and rule.own_member:
        members = await addressed_members(network_ref, params)
        if members is None:
            return  # a list: the route shows only what the caller may see (Viewer)
        if members & principal.members_in(network_ref):
            await _refuse_coordinator_fields(connection, rule)
            return
        raise NotFoundError(f"No such member in network {network_ref!r}.")
    if not rule.roles and not rule.own_member:
        raise ForbiddenError("This route is not open to any network role.")
    names = ", ".join(sorted(r.value for r in roles))
    raise ForbiddenError(f"Your role in {network_ref!r} ({names}) does not allow this.")


async def addressed_members(network_ref: str, params: dict[str, Any]) -> frozenset[str] | None:
    """The refs of the members a path addresses; None if it addresses none (a list)."""
    if "member_ref" in params:
        return frozenset({str(params["member_ref"])})
    for name, resolver in MEMBER_RESOLVERS.items():
        if name in params:
            return await resolver(network_ref, str(params[name]))
    return None


async def _refuse_coordinator_fields(
    connection: ASGIConnection[Any, Any, Any, Any], rule: Rule
) -> None:
    if not rule.coordinator_fields or connection.scope.get("method") in SAFE_METHODS:
        return
    try:
        body = await connection.json()  # type: ignore[attr-defined]
    except Exception:
        return
    if not isinstance(body, dict):
        return
    refused = [f for f in rule.coordinator_fields if f in body]
    if refused:
        raise ForbiddenError(
            "Only a coordinator may set: " + ", ".join(refused) + ".",
            errors=[
                FieldProblem(f, "only a coordinator may set this field", value=str(body[f]))
                for f in refused
            ],
        )


class AccessMiddleware(AuthenticationMiddleware):
    """Authenticates the caller, then checks the route's rule (:func:`authorize`).

    The check is the guard's, run here rather than as a Litestar guard: Litestar hands each
    guard a fresh copy of the route handler, on every request, which cost 6 % of the server's
    CPU on the contribution bench (docs/benchmarks.md)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        # The actor is set for this request only: whatever the handler writes is audited as it.
        with (
            audit.acting_as(audit.Actor("api", client_ip=client[0] if client else "")),
            clearing_after_access_changes(),
        ):
            if scope.get("method") != "OPTIONS":  # CORS preflights and Allow answers: public
                connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope)
                result = await self.authenticate_request(connection)
                scope["user"] = result.user
                scope["auth"] = result.auth
                handler = scope["route_handler"]
                # A rule that reads the body, or a form post (its CSRF token may be a field),
                # gets a Request (the handler then finds the body already read); the others the
                # bare connection, which costs nothing more.
                checked: ASGIConnection[Any, Any, Any, Any] = connection
                if rule_of(handler).coordinator_fields or is_form_post(scope):
                    checked = scope["litestar_app"].request_class(scope, receive, send)
                await authorize(checked, handler)
            await self.app(scope, receive, send)


class ApiController(Controller):
    """Base of every API controller: its routes authenticate the caller and check its access
    (``/ping``, ``/health`` and the OpenAPI pages do neither, and cost nothing for it)."""

    middleware = [DefineMiddleware(AccessMiddleware)]  # noqa: RUF012 - class attribute
    response_headers = as_response_headers(API_ANSWER)


def _checks_access(handler: BaseRouteHandler) -> bool:
    return any(
        getattr(m, "middleware", m) is AccessMiddleware for m in handler.resolve_middleware()
    )


def check_routes(app: Litestar) -> None:
    """Refuse to start an application with a route that declares no rule, or one whose rule
    needs the access check and does not get it."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if route.path.startswith("/schema") or handler.http_methods == {"OPTIONS"}:
                handler.opt.setdefault("access", PUBLIC["access"])
                continue
            rule = rule_of(handler)
            if not rule.public and not _checks_access(handler):
                raise TypeError(f"route {route.path} is not behind the access check")
