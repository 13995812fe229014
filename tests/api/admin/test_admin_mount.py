"""Piccolo Admin at /admin, through the mounted application: raviv's sign-in only, a
coordinator's network only, every change audited, the ledger and the dated actions read-only
(docs/admin.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from piccolo.apps.user.tables import BaseUser
from piccolo_api.session_auth.tables import SessionsBase

from admin.gate import SHADOW
from admin.tables import EXPOSED
from raviv.access import service
from raviv.db import execute
from raviv.guard.principal import CACHE
from raviv.guard.roles import CredentialKind, Role, TokenScope
from raviv.participation import daily
from tests.conftest import shared_app

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "reseau-exemple.json"

CSRF = "jeton-csrf-du-test"


@dataclass
class World:
    admin: httpx.AsyncClient  # the API as a site administrator (bearer), to build the data
    a_member: int  # ids, in the database, of a member of A and one of B
    b_member: int
    network_a: int
    network_b: int


def browser(secret: str | None) -> httpx.AsyncClient:
    """A browser of the app: raviv's session cookie (if any), Piccolo Admin's CSRF pair."""
    cookies = {"csrftoken": CSRF}
    if secret:
        cookies["raviv_session"] = secret
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shared_app(), client=("127.0.0.1", 50000)),
        base_url="http://raviv.test",
        cookies=cookies,
        headers={"X-CSRFToken": CSRF},
    )


async def session_of(email: str, *, site_admin: bool = False) -> str:
    account = await service.account_id_by_email(email) or await service.create_account(
        email, display_name=email.split("@", maxsplit=1)[0].title(), site_admin=site_admin
    )
    secret, _ = await service.issue_credential(
        account,
        CredentialKind.session,
        name="navigateur",
        scope=TokenScope.write,
        lifetime=dt.timedelta(hours=1),
    )
    return secret


async def coordinator(email: str, network: str) -> str:
    secret = await session_of(email)
    account = await service.account_id_by_email(email)
    assert account is not None
    await service.grant_role(account, network, Role.coordinator)
    return secret


@pytest.fixture
async def world(client: httpx.AsyncClient) -> AsyncIterator[World]:
    """Network A, small, made here; network B, the example network (tests/data), with rows in
    most of the admin's tables: its members, people, dues, groups, meetings, contributions,
    rule sets, exemptions, and a day evaluated (snapshots, reminders)."""
    created = await client.post("/api/networks", json={"ref": "reseau-a", "name": "Réseau A"})
    assert created.status_code == 201
    await client.post("/api/networks/reseau-a/tiers", json={"code": "ca", "label": "CA"})
    await client.post("/api/networks/reseau-a/members", json={"ref": "alize", "name": "Alizé"})
    imported = await client.post("/api/archives", content=EXAMPLE.read_bytes())
    assert imported.status_code == 201, imported.text
    b = "/api/networks/exemple"
    for path, body in (  # what the archive does not hold
        (f"{b}/members/alize/people", {"ref": "p1", "first_name": "Inès", "last_name": "B."}),
        (f"{b}/members/alize/dues", {"period_start": "2025-09-01", "amount_eur": "50.00"}),
        (
            f"{b}/projects",
            {"ref": "pj", "name": "Projet", "lead": "alize", "starts_on": "2025-09-01"},
        ),
    ):
        assert (await client.post(path, json=body)).status_code == 201, path
    # a day in the season (a snapshot, reminders), one after it (cases), and a decision
    await daily.run("exemple", dt.date(2026, 6, 30))
    await daily.run("exemple", dt.date(2026, 9, 1))
    case = await execute("SELECT ref FROM enforcement_case ORDER BY id LIMIT 1")
    decided = await client.post(
        f"{b}/cases/{case[0]['ref']}/decisions", json={"kind": "warning", "note": "Rappel."}
    )
    assert decided.status_code in {200, 201}, decided.text
    rows = await execute(
        "SELECT m.id, n.ref, n.id AS network FROM member m JOIN network n ON n.id = m.network"
        " ORDER BY m.id"
    )
    a = next(r for r in rows if r["ref"] == "reseau-a")
    b = next(r for r in rows if r["ref"] == "exemple")
    SHADOW.forget()
    yield World(client, a["id"], b["id"], a["network"], b["network"])
    SHADOW.forget()


async def test_anonymous_gets_neither_the_admin_page_nor_its_api(world: World) -> None:
    async with browser(None) as anonymous:
        for path in (
            "/admin/",
            "/admin/api/tables/",
            "/admin/api/tables/member/",
            "/admin/public/meta/",
        ):
            answer = await anonymous.get(path)
            assert answer.status_code == 401, path
            assert "Piccolo" not in answer.text


async def test_a_member_representative_is_refused_the_admin(world: World) -> None:
    secret = await session_of("karim@alize.example")
    account = await service.account_id_by_email("karim@alize.example")
    assert account is not None
    await service.grant_role(account, "reseau-a", Role.member, member_ref="alize")
    async with browser(secret) as karim:
        assert (await karim.get("/admin/")).status_code == 403
        assert (await karim.get("/admin/api/tables/member/")).status_code == 403
    refusals = await execute("SELECT action FROM audit_entry WHERE account = {}", account)
    assert {"action": "access.denied"} in refusals


async def test_a_bearer_token_or_a_piccolo_password_opens_nothing(world: World) -> None:
    token = world.admin.headers["Authorization"]
    # a Piccolo superuser with a real password, and a session of it, made behind raviv's back
    root = await BaseUser.create_user(
        username="intrus", password="un mot de passe sûr 123", admin=True, superuser=True
    )
    stolen = await SessionsBase.create_session(user_id=root.id)
    async with browser(None) as script:
        refused = await script.get("/admin/api/tables/", headers={"Authorization": token})
        assert refused.status_code == 401
        script.cookies.set("id", stolen.token)
        assert (await script.get("/admin/api/tables/member/")).status_code == 401
        login = await script.post(
            "/admin/public/login/",
            json={"username": "intrus", "password": "un mot de passe sûr 123"},
        )
        assert login.status_code == 401
        assert "id" not in login.cookies
    async with browser(await coordinator("camille@reseau-a.example", "reseau-a")) as camille:
        login = await camille.post(
            "/admin/public/login/",
            json={"username": "intrus", "password": "un mot de passe sûr 123"},
        )
        assert login.status_code == 403
        assert "id" not in login.cookies
        assert (await camille.post("/admin/api/change-password/", json={})).status_code == 404
        # the superuser's session, smuggled in: replaced by Camille's own, scoped to A
        camille.cookies.set("id", stolen.token)
        user = await camille.get("/admin/api/user/")
        assert user.json()["username"].startswith("Camille")
        listed = await camille.get("/admin/api/tables/member/")
        assert {r["network"] for r in listed.json()["rows"]} == {world.network_a}


async def test_the_coordinator_of_a_edits_a_member_of_a_audited_with_their_account(
    world: World,
) -> None:
    secret = await coordinator("camille@reseau-a.example", "reseau-a")
    camille = await service.account_id_by_email("camille@reseau-a.example")
    async with browser(secret) as browser_a:
        page = await browser_a.get("/admin/")
        assert page.status_code == 200
        assert "<html" in page.text.lower()
        listed = await browser_a.get("/admin/api/tables/member/")
        assert [r["id"] for r in listed.json()["rows"]] == [world.a_member]
        row = (await browser_a.get(f"/admin/api/tables/member/{world.a_member}/")).json()
        # the form sends every field back, the changed one among them
        changed = await browser_a.patch(
            f"/admin/api/tables/member/{world.a_member}/",
            json={**row, "name": "Alizé Compagnie", "tier": "ca"},
        )
        assert changed.status_code == 200, changed.text
    member = await execute("SELECT name, tier FROM member WHERE id = {}", world.a_member)
    assert member == [{"name": "Alizé Compagnie", "tier": "ca"}]
    lines = await execute(
        "SELECT account, actor, network, before, after FROM audit_entry"
        " WHERE action = 'member.update'"
    )
    assert len(lines) == 1
    line = lines[0]
    assert (line["account"], line["actor"], line["network"]) == (camille, "admin", world.network_a)
    assert "Alizé Compagnie" in str(line["after"])
    assert "Alizé Compagnie" not in str(line["before"])


async def test_the_coordinator_of_a_gets_nothing_of_b_through_any_admin_route(world: World) -> None:
    tables_with_b_rows = set()
    async with browser(await coordinator("camille@reseau-a.example", "reseau-a")) as camille:
        for table, exposed in EXPOSED.items():
            base = f"/admin/api/tables/{table}"
            column = exposed.scope_column
            # a list, filtered on B by the client: A's rows only (none of B's)
            for query in ("", f"?{column}={world.network_b}", f"?{column}__operator=not_null"):
                listed = await camille.get(f"{base}/{query}")
                assert listed.status_code == 200, (table, listed.text)
                networks = {r[column] for r in listed.json()["rows"]}
                assert networks <= {world.network_a}, (table, query)
            count = await camille.get(f"{base}/count/?{column}={world.network_b}")
            assert count.status_code == 200
            ids = await camille.get(f"{base}/ids/")
            assert ids.status_code == 200
            for query in ("?limit=2&offset=1", "?search=a&limit=3"):
                some = await camille.get(f"{base}/ids/{query}")
                assert some.status_code == 200, (table, query, some.text)
                assert set(some.json()) <= set(ids.json())
            rows_b = await execute(
                f"SELECT id FROM {table} WHERE {column} = {{}}",  # noqa: S608 - our own names
                world.network_b,
            )
            assert not {str(r["id"]) for r in rows_b} & set(ids.json()), table
            if rows_b:
                tables_with_b_rows.add(table)
            for row in rows_b:
                single = await camille.get(f"{base}/{row['id']}/")
                assert single.status_code == 404, (table, row)
                patched = await camille.patch(f"{base}/{row['id']}/", json={})
                assert patched.status_code in {404, 405}, (table, row)
                assert (await camille.delete(f"{base}/{row['id']}/")).status_code in {404, 405}
        # B's member, named outright: no row, no write, no CSV either (the export is the list)
        assert (await camille.get(f"/admin/api/tables/member/{world.b_member}/")).status_code == 404
        renamed = await camille.patch(
            f"/admin/api/tables/member/{world.b_member}/", json={"name": "x"}
        )
        assert renamed.status_code == 404
        due = {
            "network": world.network_b,
            "member": world.b_member,
            "period_start": "2025-09-01",
            "amount_cents": 100,
        }
        assert (await camille.post("/admin/api/tables/due/", json=due)).status_code == 403
        smuggled = {**due, "network": world.network_a}  # A's network, B's member
        assert (await camille.post("/admin/api/tables/due/", json=smuggled)).status_code == 422
        moved = await camille.patch(
            f"/admin/api/tables/member/{world.a_member}/", json={"network": world.network_b}
        )
        assert moved.status_code == 422
    # the proof covers the tables where B has rows: all but those the example leaves empty
    assert set(EXPOSED) - tables_with_b_rows == set(), "every table has rows of B"
    changes = await execute("SELECT COUNT(*) AS n FROM audit_entry WHERE actor = 'admin'")
    assert changes == [{"n": 0}]


async def test_the_site_administrator_sees_every_network(world: World) -> None:
    async with browser(await session_of("root@raviv.test", site_admin=True)) as root:
        listed = await root.get("/admin/api/tables/member/")
        assert {r["network"] for r in listed.json()["rows"]} == {world.network_a, world.network_b}
        ids = await root.get("/admin/api/tables/network/ids/")
        assert set(ids.json()) == {str(world.network_a), str(world.network_b)}
        assert (await root.get(f"/admin/api/tables/member/{world.b_member}/")).status_code == 200


async def test_the_ledger_and_dated_actions_refuse_writes_through_the_admin(world: World) -> None:
    async with browser(await session_of("root@raviv.test", site_admin=True)) as root:
        for table, exposed in EXPOSED.items():
            if not exposed.read_only:
                continue
            base = f"/admin/api/tables/{table}"
            assert (
                await root.post(f"{base}/", json={"network": world.network_a})
            ).status_code == 405, table
            assert (await root.patch(f"{base}/1/", json={})).status_code in {404, 405}, table
            assert (await root.delete(f"{base}/")).status_code == 405, table
        assert {"contribution", "audit_entry", "membership", "rule_set", "exemption"} <= {
            t for t, e in EXPOSED.items() if e.read_only
        }
        # a rate is added, never changed
        rate = {
            "network": world.network_a,
            "form": "volunteer_hours",
            "eur_per_unit_cents": 1500,
            "unit": "hour",
            "effective_from": "2025-01-01",
            "category": "",
            "method": "taux horaire voté en AG",
        }
        added = await root.post("/admin/api/tables/rate/", json=rate)
        assert added.status_code == 201, added.text
        rate_id = added.json()[0]["id"]
        changed = await root.patch(
            f"/admin/api/tables/rate/{rate_id}/", json={"eur_per_unit_cents": 1}
        )
        assert changed.status_code == 405
        assert (await root.delete(f"/admin/api/tables/rate/{rate_id}/")).status_code == 405
    assert await execute("SELECT action FROM audit_entry WHERE action = 'rate.create'") == [
        {"action": "rate.create"}
    ]


async def test_a_member_tier_must_be_one_of_the_network_tiers(world: World) -> None:
    async with browser(await coordinator("camille@reseau-a.example", "reseau-a")) as camille:
        refused = await camille.patch(
            f"/admin/api/tables/member/{world.a_member}/", json={"tier": "inconnu"}
        )
    assert refused.status_code == 422
    assert refused.json()["invalid_params"][0]["name"] == "tier"


async def test_a_revoked_coordinator_loses_the_admin_and_its_shadow_user(world: World) -> None:
    secret = await coordinator("camille@reseau-a.example", "reseau-a")
    async with browser(secret) as camille:
        assert (await camille.get("/admin/api/user/")).status_code == 200
        account = await service.account_id_by_email("camille@reseau-a.example")
        grants = await execute("SELECT id FROM access_grant WHERE account = {}", account)
        await service.revoke_grant("reseau-a", grants[0]["id"])
        CACHE.clear()  # another process's revocation is seen within RAVIV_ACCESS_RECHECK_MS
        assert (await camille.get("/admin/api/user/")).status_code == 403
    shadow = await execute(
        "SELECT active FROM piccolo_user WHERE email = {}", f"raviv-{account}@admin.invalid"
    )
    assert [bool(r["active"]) for r in shadow] == [False]


async def test_a_coordinator_queues_the_jobs_of_their_network_only(world: World) -> None:
    async with browser(await coordinator("camille@reseau-a.example", "reseau-a")) as camille:
        queued = await camille.post(
            "/admin/api/forms/envoyer-les-relances-dues/", json={"reseau": "reseau-a"}
        )
        assert queued.status_code == 200, queued.text
        refused = await camille.post(
            "/admin/api/forms/envoyer-les-relances-dues/", json={"reseau": "reseau-b"}
        )
        assert refused.status_code == 422
    camille = await service.account_id_by_email("camille@reseau-a.example")
    jobs = await execute("SELECT kind, network, requested_by, requested_via FROM job")
    assert jobs == [
        {
            "kind": "reminders",
            "network": world.network_a,
            "requested_by": camille,
            "requested_via": "admin",
        }
    ]


async def test_a_coordinator_of_two_networks_works_on_the_one_chosen(world: World) -> None:
    secret = await coordinator("olivier@deux.example", "reseau-a")
    account = await service.account_id_by_email("olivier@deux.example")
    assert account is not None
    await service.grant_role(account, "exemple", Role.coordinator)
    async with browser(secret) as olivier:
        first = await olivier.get("/admin/api/tables/member/")  # the first by ref: "exemple"
        assert {r["network"] for r in first.json()["rows"]} == {world.network_b}
        chosen = await olivier.get("/admin/?reseau=reseau-a")
        assert chosen.status_code == 200
        assert chosen.cookies.get("raviv_admin_reseau") == "reseau-a"
        olivier.cookies.set("raviv_admin_reseau", "reseau-a")
        then = await olivier.get("/admin/api/tables/member/")
        assert {r["network"] for r in then.json()["rows"]} == {world.network_a}
        olivier.cookies.set("raviv_admin_reseau", "reseau-inconnu")  # not theirs: the first
        other = await olivier.get("/admin/api/tables/member/")
        assert {r["network"] for r in other.json()["rows"]} == {world.network_b}


async def test_no_join_reaches_an_account_or_another_table_through_the_lists(world: World) -> None:
    async with browser(await coordinator("camille@reseau-a.example", "reseau-a")) as camille:
        for table, fields in (
            ("contribution", "created_by.password_hash"),
            ("audit_entry", "account.email"),
            ("member", "network.parent.name"),
        ):
            joined = await camille.get(f"/admin/api/tables/{table}/?__visible_fields={fields}")
            assert joined.status_code == 400, (table, joined.text)
            assert "argon2" not in joined.text


async def test_the_forms_queue_the_evaluation_and_the_dla_report(world: World) -> None:
    async with browser(await coordinator("camille@reseau-a.example", "reseau-a")) as camille:
        forms = {f["name"]: f["slug"] for f in (await camille.get("/admin/api/forms/")).json()}
        daily = await camille.post(
            f"/admin/api/forms/{forms['Réévaluer la règle']}/", json={"reseau": "reseau-a"}
        )
        assert daily.status_code == 200, daily.text
        dla = await camille.post(
            f"/admin/api/forms/{forms['Générer le rapport DLA']}/",
            json={"reseau": "reseau-a", "periode": "2025-09-01"},
        )
        assert dla.status_code == 200, dla.text
        unknown = await camille.post(
            f"/admin/api/forms/{forms['Générer le rapport DLA']}/",
            json={"reseau": "reseau-a", "periode": "pas une date"},
        )
        assert unknown.status_code == 422
    jobs = await execute("SELECT kind, network, requested_via FROM job ORDER BY id")
    assert jobs == [
        {"kind": "daily", "network": world.network_a, "requested_via": "admin"},
        {"kind": "report.dla", "network": world.network_a, "requested_via": "admin"},
    ]


async def test_the_admin_labels_its_tables_and_columns_in_french_and_keeps_the_api_names(
    client: httpx.AsyncClient,
) -> None:
    created = await client.post("/api/networks", json={"ref": "reseau-a", "name": "Réseau A"})
    assert created.status_code == 201
    async with browser(await coordinator("camille@reseau-a.example", "reseau-a")) as camille:
        answer = await camille.get("/admin/api/tables/member/schema/")
        assert answer.status_code == 200, answer.text
        assert int(answer.headers["content-length"]) == len(answer.content)
        schema = answer.json()
        assert schema["title"] == "Structures adhérentes"
        titles = {name: p["title"] for name, p in schema["properties"].items()}
        assert titles["name"] == "Nom"
        assert titles["legal_form"] == "Forme juridique"
        assert titles["headcount_fte"] == "Effectif (ETP)"
        assert titles["created_at"] == "Créée le"
        # the fields themselves keep their names: only what the pages show is French
        assert set(titles) >= {"name", "legal_form", "headcount_fte", "tier", "network"}
        assert schema["extra"]["visible_filter_names"][:2] == ["network", "ref"]
        for table, exposed in EXPOSED.items():
            properties = (await camille.get(f"/admin/api/tables/{table}/schema/")).json()[
                "properties"
            ]
            assert {n: p["title"] for n, p in properties.items()} == {
                n: exposed.columns[n] for n in properties
            }, table
