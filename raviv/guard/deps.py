"""Dependencies handlers take to know who is calling and what they may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection

from raviv.errors import UnauthorizedError
from raviv.guard.policy import principal_of
from raviv.guard.principal import Principal
from raviv.guard.roles import Role


@dataclass(frozen=True, slots=True)
class Viewer:
    """What the caller may see in lists: None means everything the route shows."""

    principal: Principal

    def member_refs(self, network_ref: str) -> frozenset[str] | None:
        """The members a list of this network may show: all, or the caller's own."""
        p = self.principal
        if p.site_admin or p.roles_in(network_ref) - {Role.member}:
            return None
        return p.members_in(network_ref)

    def network_refs(self) -> frozenset[str] | None:
        return None if self.principal.site_admin else self.principal.network_refs


async def provide_principal(request: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    principal = principal_of(request)
    if principal is None:  # the access check lets no anonymous caller reach a handler that asks
        raise UnauthorizedError
    return principal


async def provide_viewer(request: ASGIConnection[Any, Any, Any, Any]) -> Viewer:
    return Viewer(await provide_principal(request))
