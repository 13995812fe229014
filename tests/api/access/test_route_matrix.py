"""Every API route × every role, with the answer each must get.

The table below is the specification, written by hand: it is not derived from the rules the
routes declare, so a rule that drifts makes a case fail. A route the application serves and the
table does not list fails the suite (``test_every_route_is_in_the_matrix``).

The world: the federation ``fede`` holds the network ``raviv-idf`` (Camille coordinates it; Karim
represents the member ``alize``, Mallory ``basalte``; Sophie reads it as a consultant; Hélène
coordinates the federation). Olivier coordinates an unrelated network, ``autre``; the network
``petit`` has asked to be attached under raviv-idf. Every case
targets raviv-idf and alize (and Karim's contact record): "own member" is Karim, "other member"
is Mallory addressing Karim's member.

Each case runs in a savepoint that is rolled back, so every case meets the same world. For each
case the test also checks: a refused call changed nothing (a fingerprint of every table but the
audit log), a call that changed anything left an audit line, and a refusal (403/404) of a
signed-in caller on a non-public route left a line (``access.denied`` or the service's own).
"""

from __future__ import annotations

import hashlib
import json
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from raviv.access import service
from raviv.access.tables import AuditEntry
from raviv.app import create_app
from raviv.db import transaction
from raviv.guard.roles import Role
from tests.api.access import (
    matrix_analytics,
    matrix_contributions,
    matrix_coordination,
    matrix_dashboard,
    matrix_dashboard_pages,
    matrix_enforcement,
    matrix_feeds,
    matrix_jobs,
    matrix_participation,
    matrix_people_pages,
    matrix_rates,
    matrix_scoring,
    matrix_web,
    matrix_working_life,
)
from tests.api.access.matrix import (
    ALIZE,
    CAMILLE_PASSWORD,
    CAST,
    EMAILS,
    EXAMPLE,
    NET,
    ROLES,
    Case,
    M,
    N,
    coordinators_only,
    outcomes,
    public,
    signed_in,
)
from tests.personas import bearer_token

#: Each domain's routes may live in a module of their own: its CASES, and extend_world() adding
#: what its routes address to the world (it returns the path values it adds).
DOMAINS = (
    matrix_working_life,
    matrix_contributions,
    matrix_feeds,
    matrix_scoring,
    matrix_analytics,
    matrix_rates,
    matrix_participation,
    matrix_enforcement,
    matrix_jobs,
    matrix_dashboard,
    matrix_web,
    matrix_coordination,
    matrix_people_pages,
    matrix_dashboard_pages,
)

CASES = [
    Case("GET", "/ping", public(200)),
    Case("GET", "/health", public(200)),
    # From 127.0.0.1, in RAVIV_METRICS_ALLOW by default: no account plays a part (other
    # addresses and the token: tests/api/test_metrics.py).
    Case("GET", "/metrics", public(200)),
    Case("GET", "/schema", public(200)),
    Case("GET", "/schema/openapi.json", public(200)),
    Case("GET", "/schema/scalar", public(200)),
    # The render plugins' own pages: none other than scalar here, so any other name is 404.
    Case("GET", "/schema/{path:str}", public(404), url="/schema/swagger"),
    # The docs page's vendored script (raviv/static).
    Case("GET", "/static/{file_path:path}", public(200), url="/static/scalar/standalone.js"),
    # -- signing in and one's own things
    Case(
        "POST",
        "/api/auth/login",
        public(200),
        json={"email": EMAILS["coordinator"], "password": CAMILLE_PASSWORD},
    ),
    Case("POST", "/api/auth/logout", signed_in(204)),
    Case("GET", "/api/auth/session", signed_in(200)),
    Case(
        "POST",
        "/api/auth/password",
        # Only Camille knows Camille's password: everyone else is refused by the service.
        outcomes(403, 204, 403, 403, 403, 403, 403, 401),
        json={"current_password": CAMILLE_PASSWORD, "new_password": "un nouveau mot de passe"},
    ),
    Case("POST", "/api/auth/password-reset", public(202), json={"email": EMAILS["own_member"]}),
    Case(
        "POST",
        "/api/auth/password-reset/confirm",
        public(422),
        json={"token": "not-a-real-token", "new_password": "un nouveau mot de passe"},
    ),
    Case(
        "POST",
        "/api/auth/invitations/accept",
        public(422),
        json={"token": "not-a-real-token", "password": "un mot de passe assez long"},
    ),
    Case("GET", "/api/me", signed_in(200)),
    Case("PATCH", "/api/me", signed_in(200), json={"language": "en"}),
    Case("GET", "/api/me/personal-data", signed_in(200)),
    Case("GET", "/api/me/tokens", signed_in(200)),
    Case("POST", "/api/me/tokens", signed_in(201), json={"name": "tableur"}),
    Case(
        "DELETE",
        "/api/me/tokens/{token_id:int}",
        # Karim's spare token: only Karim may revoke it; for anyone else it does not exist.
        outcomes(404, 404, 204, 404, 404, 404, 404, 401),
    ),
    Case(
        "POST",
        "/api/me/erase",
        # Only Camille knows Camille's password: everyone else is refused by the service.
        outcomes(403, 200, 403, 403, 403, 403, 403, 401),
        json={"password": CAMILLE_PASSWORD},
    ),
    # -- the installation
    Case("GET", "/api/audit", outcomes(200, 403, 403, 403, 403, 403, 403, 401)),
    Case(
        "POST",
        "/api/accounts/erase",
        outcomes(200, 403, 403, 403, 403, 403, 403, 401),
        json={"email": EMAILS["own_member"]},
    ),
    Case(
        "POST",
        "/api/archives",
        outcomes(201, 403, 403, 403, 403, 403, 403, 401),
        json="example",
    ),
    Case(
        "POST",
        "/api/networks",
        outcomes(201, 403, 403, 403, 403, 403, 403, 401),
        json={"ref": "nouveau", "name": "Nouveau réseau"},
    ),
    Case("GET", "/api/networks", signed_in(200)),
    # -- the network
    Case("GET", N, outcomes(200, 200, 200, 200, 200, 200, 404, 401)),
    Case("PATCH", N, coordinators_only(200), json={"territory": "Paris et petite couronne"}),
    Case("GET", N + "/summary", outcomes(200, 200, 200, 200, 200, 200, 404, 401)),
    Case("GET", N + "/tiers", outcomes(200, 200, 200, 200, 200, 200, 404, 401)),
    Case(
        "POST",
        N + "/tiers",
        coordinators_only(201),
        json={"code": "partner", "label": "Partenaire"},
    ),
    Case("GET", N + "/archive", coordinators_only(200)),
    Case("GET", N + "/audit", coordinators_only(200)),
    Case("GET", N + "/grants", coordinators_only(200)),
    Case("DELETE", N + "/grants/{grant_id:int}", coordinators_only(204)),
    Case("GET", N + "/invitations", coordinators_only(200)),
    Case(
        "POST",
        N + "/invitations",
        coordinators_only(201),
        json={"email": "nouvelle@raviv.test", "role": "member", "member": "alize"},
    ),
    Case("DELETE", N + "/invitations/{invitation_id:int}", coordinators_only(204)),
    Case("GET", N + "/retention", coordinators_only(200)),
    Case("POST", N + "/people/{person_ref:str}/erase", coordinators_only(201)),
    Case("POST", N + "/attachment", coordinators_only(202), json={"parent": "autre"}),
    # The federation's side: raviv-idf is the parent asked (by the network petit); Hélène's
    # federation role reaches it from fede.
    Case(
        "GET",
        N + "/attachment-requests",
        outcomes(200, 200, 403, 403, 403, 200, 404, 401),
    ),
    Case(
        "POST",
        N + "/attachment-requests/{request_id:int}/{decision:str}",
        outcomes(200, 200, 403, 403, 403, 200, 404, 401),
    ),
    Case(
        "POST",
        N + "/imports/members",
        coordinators_only(201),
        files={"file": ("membres.csv", b"ref;nom\nnouveau;Nouveau membre\n", "text/csv")},
    ),
    Case("GET", N + "/imports/members/mapping", coordinators_only(200)),
    Case(
        "PUT",
        N + "/imports/members/mapping",
        coordinators_only(200),
        json={"ref": "ref", "name": "nom"},
    ),
    Case("GET", N + "/exports/members", coordinators_only(200), params={"format": "csv"}),
    # -- members
    Case(
        "POST", N + "/members", coordinators_only(201), json={"ref": "nouveau", "name": "Nouveau"}
    ),
    # Representatives see a list holding only their own member (checked below).
    Case("GET", N + "/members", outcomes(200, 200, 200, 200, 200, 403, 404, 401)),
    Case("GET", M, outcomes(200, 200, 200, 404, 200, 403, 404, 401)),
    Case("PATCH", M, outcomes(200, 200, 200, 404, 403, 403, 404, 401), json={"commune": "Pantin"}),
    Case("GET", M + "/memberships", outcomes(200, 200, 200, 404, 200, 403, 404, 401)),
    Case(
        "POST",
        M + "/memberships/{action:str}",
        coordinators_only(201),
        url=ALIZE + "/memberships/suspend",
        json={"on": "2026-01-05", "reason": "pause"},
    ),
    Case("GET", M + "/people", outcomes(200, 200, 200, 404, 403, 403, 404, 401)),
    Case(
        "POST",
        M + "/people",
        outcomes(201, 201, 201, 404, 403, 403, 404, 401),
        json={"ref": "nouvelle", "first_name": "Nora", "last_name": "Petit"},
    ),
    Case("GET", N + "/people/{person_ref:str}", outcomes(200, 200, 200, 404, 403, 403, 404, 401)),
    Case(
        "PATCH",
        N + "/people/{person_ref:str}",
        outcomes(200, 200, 200, 404, 403, 403, 404, 401),
        json={"phone": "01 02 03 04 05"},
    ),
    Case("GET", M + "/dues", outcomes(200, 200, 200, 404, 403, 403, 404, 401)),
    Case(
        "POST",
        M + "/dues",
        coordinators_only(201),
        json={"period_start": "2025-09-01", "amount_eur": "50.00"},
    ),
]


@dataclass
class World:
    tokens: dict[str, str]
    values: dict[str, str]


async def build_world(admin: httpx.AsyncClient) -> World:
    """The networks, members and people of the module docstring, with a token per role."""

    async def ok(response: httpx.Response) -> dict[str, Any]:
        assert response.status_code < 300, response.text
        return response.json() if response.content else {}

    await ok(await admin.post("/api/networks", json={"ref": "fede", "name": "Fédération"}))
    await ok(
        await admin.post(
            "/api/networks", json={"ref": "raviv-idf", "name": "RAVIV", "parent": "fede"}
        )
    )
    await ok(await admin.post("/api/networks", json={"ref": "autre", "name": "Autre réseau"}))
    for net, ref, name in (
        ("raviv-idf", "alize", "Compagnie Alizé"),
        ("raviv-idf", "basalte", "Ensemble Basalte"),
        ("autre", "zephyr", "Théâtre Zéphyr"),
    ):
        await ok(
            await admin.post(
                f"/api/networks/{net}/members",
                json={"ref": ref, "name": name, "joined_on": "2024-01-01"},
            )
        )
    for member, ref, first, last, email in (
        ("alize", "karim", "Karim", "Benali", EMAILS["own_member"]),
        ("basalte", "mallory", "Mallory", "Durand", EMAILS["other_member"]),
    ):
        await ok(
            await admin.post(
                f"{NET}/members/{member}/people",
                json={"ref": ref, "first_name": first, "last_name": last, "email": email},
            )
        )
    tokens = {
        role: await bearer_token(email, site_admin=role == "site_admin")
        for role, email in EMAILS.items()
    }
    accounts = {role: await service.account_id_by_email(email) for role, email in EMAILS.items()}
    camille = accounts["coordinator"]
    assert camille is not None
    from raviv.access import passwords
    from raviv.access.tables import Account

    await (
        Account.update({Account.password_hash: passwords.hash_password(CAMILLE_PASSWORD)})
        .where(Account.id == camille)
        .run()
    )
    mission = datetime.now(UTC).date() + timedelta(days=90)
    grants = {
        column: (
            "fede" if persona.federation else "raviv-idf",
            persona.role,
            persona.member,
            mission if persona.role is Role.consultant else None,
        )
        for column, persona in CAST.items()
    }
    grants["other_network_coordinator"] = ("autre", Role.coordinator, None, None)
    grant_ids = {}
    for role, (net, kind, member, ends_on) in grants.items():
        account = accounts[role]
        assert account is not None
        grant_ids[role] = await service.grant_role(
            account, net, kind, member_ref=member, ends_on=ends_on
        )
    karim_spare = await service.create_token(
        await _principal(tokens["own_member"]),
        _token_create("spare"),
    )
    invitation, _ = await service.invite(
        await _principal(tokens["coordinator"]),
        "raviv-idf",
        _invitation("invitee@raviv.test"),
    )
    await ok(await admin.post("/api/networks", json={"ref": "petit", "name": "Petit réseau"}))
    from raviv.access import attachment
    from raviv.access.tables import AttachmentRequest

    await attachment.request_attachment("petit", "raviv-idf", by=None)
    request = await AttachmentRequest.select(AttachmentRequest.id).first()
    assert request is not None
    values = {
        "request_id": str(request["id"]),
        "decision": "accept",
        "network_ref": "raviv-idf",
        "member_ref": "alize",
        "person_ref": "karim",
        "token_id": str(karim_spare.id),
        "grant_id": str(grant_ids["other_member"]),
        "invitation_id": str(invitation.id),
    }
    for domain in DOMAINS:
        values.update(await domain.extend_world(admin, tokens))
    return World(tokens=tokens, values=values)


async def _principal(token: str) -> Any:
    from raviv.guard.principal import load_principal
    from raviv.guard.roles import CredentialKind

    principal = await load_principal(token, CredentialKind.token)
    assert principal is not None
    return principal


def _token_create(name: str) -> Any:
    from raviv.access.schemas import TokenCreate

    return TokenCreate(name=name)


def _invitation(email: str) -> Any:
    from raviv.access.schemas import InvitationCreate

    return InvitationCreate(email=email, role=Role.consultant)


def concrete(case: Case, values: dict[str, str]) -> str:
    if case.url:
        return case.url
    url = case.path
    for name, value in values.items():
        for kind in ("str", "int"):
            url = url.replace("{" + f"{name}:{kind}" + "}", value)
    assert "{" not in url, f"no value for a parameter of {case.path}"
    return url


async def fingerprint() -> str:
    """A digest of every table but the audit log and the sign-in throttle."""
    from piccolo.conf.apps import Finder

    digest = hashlib.sha256()
    for table in sorted(Finder().get_table_classes(), key=lambda t: t._meta.tablename):
        if table._meta.tablename in {"audit_entry", "login_throttle"}:
            continue
        rows = await table.select().order_by(table._meta.primary_key).run()
        digest.update(json.dumps(rows, default=str, sort_keys=True).encode())
    return digest.hexdigest()


class Rollback(Exception):
    """Raised to undo a case's savepoint."""


@asynccontextmanager
async def rolled_back() -> Any:
    """A savepoint undone at the end, whatever happened inside."""
    try:
        async with transaction():
            yield
            raise Rollback  # noqa: TRY301 - the way out of a savepoint is an exception
    except Rollback:
        pass


@pytest.fixture
async def world(client: httpx.AsyncClient) -> World:
    return await build_world(client)


@pytest.fixture
async def app_client(db: None) -> Any:
    app = create_app()
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50001))
    async with httpx.AsyncClient(transport=transport, base_url="http://raviv.test") as http:
        yield http


def test_every_route_is_in_the_matrix() -> None:
    app = create_app()
    served = {
        f"{method} {route.path}"
        for route in app.routes
        for handler in getattr(route, "route_handlers", ())
        for method in handler.http_methods
        if method != "OPTIONS"  # automatic, public, checked below
    }
    listed = [case.key for case in ALL_CASES]
    assert len(listed) == len(set(listed)), "a route is listed twice"
    assert served == set(listed), {
        "served but not in the matrix": sorted(served - set(listed)),
        "in the matrix but not served": sorted(set(listed) - served),
    }


def test_every_route_declares_an_access_rule() -> None:
    from raviv.guard.policy import rule_of

    app = create_app()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            rule_of(handler)  # raises for a route without one


ALL_CASES = CASES + [case for domain in DOMAINS for case in domain.CASES]


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.key)
async def test_each_role_gets_its_answer_and_nothing_else_happens(
    case: Case, world: World, app_client: httpx.AsyncClient
) -> None:
    body: Any = case.json
    if body == "example":
        body = json.loads(EXAMPLE.read_text("utf-8"))
    url = concrete(case, world.values)
    public_route = set(case.expected.values()) == {case.expected["anonymous"]}
    failures = []
    for role in ROLES:
        headers = {} if role == "anonymous" else {"Authorization": f"Bearer {world.tokens[role]}"}
        async with rolled_back():
            before = await fingerprint()
            last_line = await _last_audit_id()
            response = await app_client.request(
                case.method,
                url,
                json=body,
                files=case.files,
                params=case.params,
                headers=headers,
            )
            expected = case.expected[role]
            if response.status_code != expected:
                failures.append(
                    f"{role}: {response.status_code} != {expected}: {response.text[:200]}"
                )
            new_lines = (
                await AuditEntry.select(AuditEntry.action).where(AuditEntry.id > last_line).run()
            )
            actions = [line["action"] for line in new_lines]
            wrote = await fingerprint() != before
            refused = response.status_code >= 400
            if refused and wrote:
                failures.append(f"{role}: refused with {response.status_code} but wrote")
            if wrote and not actions:
                failures.append(f"{role}: wrote without an audit line")
            access_refusal = response.status_code in {403, 404} and not public_route
            if access_refusal and role != "anonymous" and not actions:
                failures.append(f"{role}: refusal {response.status_code} not audited")
    assert not failures, "\n".join(failures)


async def _last_audit_id() -> int:
    rows = await (
        AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id, ascending=False).limit(1).run()
    )
    return int(rows[0]["id"]) if rows else 0


async def test_options_answers_every_path_without_credentials(
    app_client: httpx.AsyncClient, world: World
) -> None:
    for case in ALL_CASES:
        response = await app_client.options(concrete(case, world.values))
        assert response.status_code == 204, (case.key, response.status_code)


async def test_a_representative_lists_only_its_own_member(
    app_client: httpx.AsyncClient, world: World
) -> None:
    for role, visible in (("own_member", ["alize"]), ("other_member", ["basalte"])):
        response = await app_client.get(
            NET + "/members", headers={"Authorization": f"Bearer {world.tokens[role]}"}
        )
        assert [m["ref"] for m in response.json()["items"]] == visible
        assert response.json()["total"] == 1
    coordinator = await app_client.get(
        NET + "/members", headers={"Authorization": f"Bearer {world.tokens['coordinator']}"}
    )
    assert coordinator.json()["total"] == 2


async def test_the_network_list_holds_only_the_callers_networks(
    app_client: httpx.AsyncClient, world: World
) -> None:
    async def refs(role: str) -> list[str]:
        response = await app_client.get(
            "/api/networks", headers={"Authorization": f"Bearer {world.tokens[role]}"}
        )
        return [n["ref"] for n in response.json()["items"]]

    assert await refs("site_admin") == ["autre", "fede", "petit", "raviv-idf"]
    assert await refs("own_member") == ["raviv-idf"]
    assert await refs("federation") == ["fede", "raviv-idf"]
    assert await refs("other_network_coordinator") == ["autre"]


async def test_a_representative_cannot_set_its_members_tier(
    app_client: httpx.AsyncClient, world: World
) -> None:
    before = await fingerprint()
    response = await app_client.patch(
        ALIZE,
        json={"tier": "board", "commune": "Pantin"},
        headers={"Authorization": f"Bearer {world.tokens['own_member']}"},
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] == "tier"
    assert await fingerprint() == before


async def test_a_consultants_access_ends_on_its_end_date(
    app_client: httpx.AsyncClient, world: World
) -> None:
    from raviv.access.tables import Grant

    await (
        Grant.update({Grant.ends_on: datetime.now(UTC).date()})
        .where(Grant.role == "consultant")
        .run()
    )
    response = await app_client.get(
        NET + "/summary", headers={"Authorization": f"Bearer {world.tokens['consultant']}"}
    )
    assert response.status_code == 404


def matrix_markdown() -> str:
    """The matrix as the table docs/access.md shows."""
    heads = ["route", *ROLES]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for case in ALL_CASES:
        path = case.path.replace(":str}", "}").replace(":int}", "}")
        cells = [f"`{case.method} {path}`", *(str(case.expected[r]) for r in ROLES)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def test_the_documented_matrix_is_the_tested_one() -> None:
    doc = (Path(__file__).resolve().parents[3] / "docs" / "access.md").read_text("utf-8")
    table = matrix_markdown()
    assert table in doc, "docs/access.md must hold this table:\n" + table
