"""The vocabulary of the route × role matrix (test_route_matrix.py and the domain modules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.personas import CAMILLE, HELENE, KARIM, MALLORY, SOPHIE

ROLES = (
    "site_admin",
    "coordinator",
    "own_member",
    "other_member",
    "consultant",
    "federation",
    "other_network_coordinator",
    "anonymous",
)
# The columns the personas hold (tests/personas.py): Camille coordinates raviv-idf, Karim is its
# own member's representative (alize), Mallory another's (basalte), Sophie a consultant, Hélène
# the federation fede above it.
CAST = {
    "coordinator": CAMILLE,
    "own_member": KARIM,
    "other_member": MALLORY,
    "consultant": SOPHIE,
    "federation": HELENE,
}
EMAILS = {
    "site_admin": "admin@raviv.test",
    **{column: persona.email() for column, persona in CAST.items()},
    "other_network_coordinator": "olivier@raviv.test",
}
CAMILLE_PASSWORD = "le mot de passe de Camille"  # noqa: S105
EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "reseau-exemple.json"
NET = "/api/networks/raviv-idf"
ALIZE = NET + "/members/alize"


def outcomes(  # noqa: PLR0917 - one row of the table, in the order of ROLES
    site_admin: int,
    coordinator: int,
    own_member: int,
    other_member: int,
    consultant: int,
    federation: int,
    other_network_coordinator: int,
    anonymous: int,
) -> dict[str, int]:
    return dict(zip(ROLES, locals().values(), strict=True))


def coordinators_only(ok: int) -> dict[str, int]:
    return outcomes(ok, ok, 403, 403, 403, 403, 404, 401)


def signed_in(ok: int) -> dict[str, int]:
    return outcomes(ok, ok, ok, ok, ok, ok, ok, 401)


def public(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


@dataclass
class Case:
    method: str
    path: str  # the route's path, as the application lists it
    expected: dict[str, int]
    url: str = ""  # the concrete URL; the route's path with the world's values by default
    json: Any = None
    files: dict[str, Any] | None = None
    params: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


N = "/api/networks/{network_ref:str}"
M = N + "/members/{member_ref:str}"
