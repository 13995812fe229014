"""The personas' story, signed in with passwords and browser sessions (cookie + CSRF token)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from raviv.access import service
from raviv.guard.roles import Role
from tests.conftest import shared_app
from tests.personas import CAMILLE, CAST, HELENE, KARIM, SOPHIE, grant, sign_in

PASSWORD = "un long mot de passe de test"  # noqa: S105
NET = "/api/networks/raviv-idf"


class Browser:
    """One person's browser: a cookie jar and the CSRF token its session was given."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.csrf = ""

    async def sign_in(self, email: str) -> None:
        response = await sign_in(self.http, email, PASSWORD, mode="session")
        assert response.status_code == 200, response.text
        self.csrf = response.json()["csrf_token"]

    async def get(self, url: str) -> httpx.Response:
        return await self.http.get(url)

    async def send(self, method: str, url: str, body: Any) -> httpx.Response:
        return await self.http.request(method, url, json=body, headers={"X-CSRF-Token": self.csrf})


@pytest.fixture
async def world(client: httpx.AsyncClient) -> None:
    for body in (
        {"ref": "fede", "name": "Fédération des arts vivants"},
        {"ref": "raviv-idf", "name": "RAVIV", "parent": "fede"},
    ):
        assert (await client.post("/api/networks", json=body)).status_code == 201
    for ref, name in (("alize", "Compagnie Alizé"), ("basalte", "Ensemble Basalte")):
        response = await client.post(
            NET + "/members", json={"ref": ref, "name": name, "joined_on": "2024-01-01"}
        )
        assert response.status_code == 201
    response = await client.post(
        NET + "/members/basalte/people",
        json={
            "ref": "mallory",
            "first_name": "Mallory",
            "last_name": "Durand",
            "email": "mallory@basalte.test",
        },
    )
    assert response.status_code == 201
    mission = datetime.now(UTC).date() + timedelta(days=60)
    for persona in CAST:
        await service.create_account(persona.email(), password=PASSWORD)
        await grant(
            persona.email(),
            "fede" if persona.federation else "raviv-idf",
            persona.role,
            persona.member,
            ends_on=mission if persona.role is Role.consultant else None,
        )


@pytest.fixture
async def browser(world: None, db: None) -> AsyncIterator[Browser]:
    app = shared_app()
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50002))
    async with httpx.AsyncClient(transport=transport, base_url="http://raviv.test") as http:
        yield Browser(http)


async def test_karim_keeps_his_members_record_and_cannot_read_mallorys(browser: Browser) -> None:
    await browser.sign_in(KARIM.email())
    changed = await browser.send("PATCH", NET + "/members/alize", {"commune": "Montreuil"})
    assert changed.status_code == 200
    assert changed.json()["commune"] == "Montreuil"
    added = await browser.send(
        "POST",
        NET + "/members/alize/people",
        {"ref": "karim", "first_name": "Karim", "last_name": "Benali", "email": "karim@alize.test"},
    )
    assert added.status_code == 201

    assert (await browser.get(NET + "/members/basalte")).status_code == 404
    assert (await browser.get(NET + "/members/basalte/people")).status_code == 404
    assert (await browser.get(NET + "/people/mallory")).status_code == 404
    assert (
        await browser.send("PATCH", NET + "/members/basalte", {"commune": "X"})
    ).status_code == 404
    listed = (await browser.get(NET + "/members")).json()
    assert [m["ref"] for m in listed["items"]] == ["alize"]


async def test_sophie_reads_the_networks_figures_and_cannot_write(browser: Browser) -> None:
    await browser.sign_in(SOPHIE.email())
    summary = await browser.get(NET + "/summary")
    assert summary.status_code == 200
    assert summary.json()["members"] == 2
    assert (await browser.get(NET + "/members")).status_code == 200
    for method, url, body in (
        ("PATCH", NET, {"territory": "Paris"}),
        ("POST", NET + "/members", {"ref": "x", "name": "X"}),
        ("PATCH", NET + "/members/alize", {"commune": "Pantin"}),
        ("POST", NET + "/members/alize/memberships/leave", {"on": "2026-01-01"}),
        ("POST", NET + "/invitations", {"email": "x@x.test", "role": "consultant"}),
    ):
        assert (await browser.send(method, url, body)).status_code == 403, url
    assert (await browser.get(NET + "/members/basalte/people")).status_code == 403


async def test_helene_sees_her_networks_aggregates_and_no_persons_data(browser: Browser) -> None:
    await browser.sign_in(HELENE.email())
    networks = (await browser.get("/api/networks")).json()
    assert [n["ref"] for n in networks["items"]] == ["fede", "raviv-idf"]
    summary = await browser.get(NET + "/summary")
    assert summary.status_code == 200
    assert summary.json()["by_status"] == {"active": 2}
    for url in (
        NET + "/members",
        NET + "/members/basalte",
        NET + "/members/basalte/people",
        NET + "/people/mallory",
        NET + "/archive",
        NET + "/audit",
        NET + "/exports/members?format=csv",
    ):
        assert (await browser.get(url)).status_code == 403, url
    everything_she_read = summary.text + str(networks)
    for personal in ("Mallory", "Durand", "mallory@basalte.test"):
        assert personal not in everything_she_read


async def test_camille_reads_who_changed_what_in_her_networks_audit_log(browser: Browser) -> None:
    await browser.sign_in(KARIM.email())
    await browser.send("PATCH", NET + "/members/alize", {"commune": "Montreuil"})
    await browser.get(NET + "/members/basalte")  # refused, and kept
    assert (await browser.send("POST", "/api/auth/logout", None)).status_code == 204
    await browser.sign_in(CAMILLE.email())
    log = (await browser.get(NET + "/audit?action=member.update")).json()
    line = log["items"][0]
    assert line["account"] == KARIM.email()
    assert line["object_ref"] == "alize"
    assert line["before"] == {"commune": ""}
    assert line["after"] == {"commune": "Montreuil"}
    denied = (await browser.get(NET + "/audit?action=access.denied")).json()
    assert [(d["account"], d["object_ref"]) for d in denied["items"]] == [
        (KARIM.email(), "GET /api/networks/raviv-idf/members/basalte")
    ]
