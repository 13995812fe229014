"""Attaching a network under a federation: the federation's accounts then reach the network, so
no network's coordinator may choose a federation on her own.

Hélène coordinates the federation fede; Olivier coordinates the unrelated network autre. Camille
coordinates raviv-idf, under fede.
"""

from __future__ import annotations

import httpx
import pytest

from raviv.access.tables import AuditEntry
from raviv.guard.roles import Role
from raviv.registry import service as registry
from raviv.registry.schemas import NetworkCreate
from raviv.registry.tables import Network
from tests.api.access.conftest import Client
from tests.personas import bearer_token, granted_token

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
async def world() -> None:
    await registry.create_network(NetworkCreate(ref="fede", name="Fédération"))
    await registry.create_network(NetworkCreate(ref="raviv-idf", name="RAVIV", parent="fede"))
    await registry.create_network(NetworkCreate(ref="autre", name="Autre réseau"))


@pytest.fixture
async def olivier(world: None, new_client: Client) -> httpx.AsyncClient:
    return new_client(await granted_token("olivier@raviv.test", "autre", Role.coordinator))


@pytest.fixture
async def helene(world: None, new_client: Client) -> httpx.AsyncClient:
    return new_client(await granted_token("helene@raviv.test", "fede", Role.federation))


async def parent_of(ref: str) -> str | None:
    row = await Network.select(Network.parent.ref.as_alias("parent")).where(Network.ref == ref)
    return row[0]["parent"]


async def test_a_coordinator_cannot_attach_her_network_under_a_federation_on_her_own(
    olivier: httpx.AsyncClient, helene: httpx.AsyncClient
) -> None:
    existing = await olivier.patch("/api/networks/autre", json={"parent": "fede"})
    missing = await olivier.patch("/api/networks/autre", json={"parent": "nulle-part"})

    # The same answer for a federation that exists and one that does not: nothing is revealed.
    assert existing.status_code == missing.status_code == 403, existing.text
    # (each answer names its own request: the rest is alike)
    assert existing.json() | {"request_id": ""} == missing.json() | {"request_id": ""}
    assert [e["field"] for e in existing.json()["errors"]] == ["parent"]
    assert await parent_of("autre") is None
    assert (await helene.get("/api/networks/autre")).status_code == 404
    refusals = await AuditEntry.count().where(AuditEntry.action == "network.attach_refused")
    assert refusals == 2


async def test_a_coordinator_may_still_detach_her_network_and_change_its_settings(
    world: None, new_client: Client
) -> None:
    camille = new_client(await granted_token("camille@raviv.test", "raviv-idf", Role.coordinator))

    renamed = await camille.patch("/api/networks/raviv-idf", json={"name": "RAVIV IDF"})
    detached = await camille.patch("/api/networks/raviv-idf", json={"parent": None})

    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["parent"] == "fede"
    assert detached.status_code == 200, detached.text
    assert await parent_of("raviv-idf") is None


async def test_a_site_administrator_attaches_a_network_directly(
    world: None, new_client: Client
) -> None:
    admin = new_client(await bearer_token("admin@raviv.test", site_admin=True))

    response = await admin.patch("/api/networks/autre", json={"parent": "fede"})

    assert response.status_code == 200, response.text
    assert await parent_of("autre") == "fede"
    assert await AuditEntry.count().where(AuditEntry.action == "network.update") == 1


async def ask(olivier: httpx.AsyncClient, parent: str) -> httpx.Response:
    return await olivier.post("/api/networks/autre/attachment", json={"parent": parent})


async def test_olivier_asks_fede_and_autre_comes_under_it_when_helene_accepts(
    olivier: httpx.AsyncClient, helene: httpx.AsyncClient
) -> None:
    asked = await ask(olivier, "fede")
    assert asked.status_code == 202, asked.text
    assert await parent_of("autre") is None
    assert (await helene.get("/api/networks/autre")).status_code == 404
    [pending] = (await helene.get("/api/networks/fede/attachment-requests")).json()
    assert (pending["network"], pending["parent"], pending["decision"]) == ("autre", "fede", None)

    accepted = await helene.post(f"/api/networks/fede/attachment-requests/{pending['id']}/accept")

    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["decision"] == "accepted"
    assert await parent_of("autre") == "fede"
    assert (await helene.get("/api/networks/autre")).status_code == 200
    lines = await AuditEntry.select(AuditEntry.network.ref.as_alias("network")).where(
        AuditEntry.action == "network.attach_accept"
    )
    assert sorted(line["network"] for line in lines) == ["autre", "fede"]
    again = await helene.post(f"/api/networks/fede/attachment-requests/{pending['id']}/refuse")
    assert again.status_code == 404, again.text


async def test_a_request_naming_a_missing_or_hidden_federation_is_answered_and_logged_alike(
    olivier: httpx.AsyncClient, helene: httpx.AsyncClient
) -> None:
    existing = await ask(olivier, "fede")
    missing = await ask(olivier, "nulle-part")

    assert (existing.status_code, existing.json()) == (missing.status_code, missing.json())
    assert existing.status_code == 202
    audit = await olivier.get(
        "/api/networks/autre/audit", params={"action": "network.attach_request"}
    )
    lines = [
        {k: v for k, v in line.items() if k not in {"id", "at", "detail"}}
        for line in audit.json()["items"]
    ]
    assert len(lines) == 2
    assert lines[0] == lines[1]
    assert len((await helene.get("/api/networks/fede/attachment-requests")).json()) == 1


async def test_a_refused_request_leaves_the_network_alone_and_only_the_federation_decides(
    olivier: httpx.AsyncClient, helene: httpx.AsyncClient
) -> None:
    assert (await ask(olivier, "fede")).status_code == 202
    [pending] = (await helene.get("/api/networks/fede/attachment-requests")).json()
    url = f"/api/networks/fede/attachment-requests/{pending['id']}"

    by_olivier = await olivier.post(url + "/accept")
    refused = await helene.post(url + "/refuse")

    assert by_olivier.status_code == 404, by_olivier.text
    assert refused.status_code == 200, refused.text
    assert refused.json()["decision"] == "refused"
    assert await parent_of("autre") is None
    assert (await helene.get("/api/networks/autre")).status_code == 404
    assert (await helene.post(url + "/maybe")).status_code == 400
