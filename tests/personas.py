"""The personas of docs/domain.md, in one place for every test: who they are, and how a test
gives one an account, a role, a token, a client of the application or a sign-in.

- Camille coordinates the network.
- Karim represents the member ``alize``; Mallory represents ``basalte`` (what is Karim's is not
  hers, and the other way round).
- Sophie is a consultant: she reads, never writes.
- Hélène speaks for the federation above the network: aggregates, no person's data.

In the example network (tests/data/reseau-exemple.json) Fanny represents ``fougere`` and Bruno
``basalte``. Anyone else a test needs (Olivier, coordinating another network) is made the same
way: a :class:`Persona`, or :func:`granted_token` with an address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from raviv.access import service
from raviv.guard.roles import CredentialKind, Role, TokenScope
from tests.conftest import shared_app

__all__ = [
    "BRUNO",
    "CAMILLE",
    "CAST",
    "FANNY",
    "HELENE",
    "KARIM",
    "KARIM_EMAIL",
    "KARIM_PASSWORD",
    "MALLORY",
    "MALLORY_EMAIL",
    "SOPHIE",
    "SOPHIE_EMAIL",
    "Clients",
    "Persona",
    "bearer_token",
    "client_as",
    "grant",
    "granted_token",
    "karim_with_password",
    "persona_clients",
    "sign_in",
]

Clients = dict[str, httpx.AsyncClient]


@dataclass(frozen=True, slots=True)
class Persona:
    """Someone holding one role: in the network, or (``federation``) in the federation above."""

    name: str
    role: Role
    member: str | None = None  # the member a representative speaks for
    federation: bool = False

    def email(self, domain: str = "raviv.test") -> str:
        return f"{self.name}@{domain}"


CAMILLE = Persona("camille", Role.coordinator)
KARIM = Persona("karim", Role.member, member="alize")
MALLORY = Persona("mallory", Role.member, member="basalte")
SOPHIE = Persona("sophie", Role.consultant)
HELENE = Persona("helene", Role.federation, federation=True)
CAST = (CAMILLE, KARIM, MALLORY, SOPHIE, HELENE)
FANNY = Persona("fanny", Role.member, member="fougere")
BRUNO = Persona("bruno", Role.member, member="basalte")

# The addresses the access tests sign in with, and Karim's password.
KARIM_EMAIL = "karim@alize.example"
KARIM_PASSWORD = "les heures données au réseau"  # noqa: S105
MALLORY_EMAIL = "mallory@basalte.example"
SOPHIE_EMAIL = "sophie@dla.example"


async def bearer_token(email: str, *, site_admin: bool = False) -> str:
    """An account for ``email`` (made if need be) and a write token for it, made directly (no
    password to hash)."""
    account = await service.account_id_by_email(email) or await service.create_account(
        email, display_name=email.split("@", maxsplit=1)[0].title(), site_admin=site_admin
    )
    secret, _ = await service.issue_credential(
        account,
        CredentialKind.token,
        name="test",
        scope=TokenScope.write,
        lifetime=dt.timedelta(hours=1),
    )
    return secret


async def grant(
    email: str,
    network: str,
    role: Role,
    member: str | None = None,
    *,
    ends_on: dt.date | None = None,
) -> int:
    """Give the account of ``email`` (which exists) ``role`` in ``network``: for ``member`` (a
    member representative), until ``ends_on`` if given. Returns the account's id."""
    account = await service.account_id_by_email(email)
    assert account is not None, email
    await service.grant_role(account, network, role, member_ref=member, ends_on=ends_on)
    return account


async def granted_token(
    email: str,
    network: str,
    role: Role,
    member: str | None = None,
    *,
    ends_on: dt.date | None = None,
) -> str:
    """A write token for the account of ``email`` (made if need be), holding ``role`` in
    ``network`` (see :func:`grant`)."""
    token = await bearer_token(email)
    await grant(email, network, role, member, ends_on=ends_on)
    return token


async def karim_with_password() -> int:
    """Karim's account, with his password (no role yet): he signs in as a person does."""
    return await service.create_account(
        KARIM_EMAIL, display_name="Karim Benali", password=KARIM_PASSWORD
    )


def client_as(token: str | None = None) -> httpx.AsyncClient:
    """A client of the run's application over ASGI, in the test's task (so inside its
    transaction), with ``token`` as its bearer (none: anonymous)."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shared_app(), client=("127.0.0.1", 50000)),
        base_url="http://raviv.test",
        headers={} if token is None else {"Authorization": f"Bearer {token}"},
    )


async def persona_clients(
    network: str,
    *cast: Persona,
    federation: str = "fede",
    domain: str = "raviv.test",
    until: Mapping[Role, dt.date] | None = None,
) -> Clients:
    """A client per persona, by name, each with a token of its own holding its role in
    ``network`` (in ``federation`` for a federation's persona); ``until``: the last day of the
    grants of some roles (a consultant's mission, say). The caller closes the clients."""
    clients = {}
    for persona in cast:
        token = await granted_token(
            persona.email(domain),
            federation if persona.federation else network,
            persona.role,
            persona.member,
            ends_on=(until or {}).get(persona.role),
        )
        clients[persona.name] = client_as(token)
    return clients


async def sign_in(
    http: httpx.AsyncClient,
    email: str = KARIM_EMAIL,
    password: str = KARIM_PASSWORD,
    *,
    mode: str = "token",
) -> httpx.Response:
    """Sign in with a password (Karim's by default): ``mode`` "token" answers a bearer token,
    "session" sets the session cookie and answers its CSRF token."""
    return await http.post(
        "/api/auth/login", json={"email": email, "password": password, "mode": mode}
    )
