"""The rest of the registry over HTTP: filters, updates, memberships, people, dues, tiers."""

import httpx
import pytest

from raviv.registry.tables import Member, Membership, Person
from tests.factories import CAMILLE_NETWORK, KARIM_MEMBER, MALLORY_MEMBER

pytestmark = pytest.mark.usefixtures("db")

NET = f"/api/networks/{CAMILLE_NETWORK['ref']}"


@pytest.fixture
async def members(client: httpx.AsyncClient) -> None:
    assert (await client.post("/api/networks", json=CAMILLE_NETWORK)).status_code == 201
    for body in (
        {
            **KARIM_MEMBER,
            "disciplines": ["Théâtre"],
            "departement": "93",
            "commune": "Montreuil",
            "joined_on": "2020-01-10",
        },
        {
            **MALLORY_MEMBER,
            "disciplines": ["musique"],
            "departement": "75",
            "tier": "board",
            "joined_on": "2021-05-01",
        },
        {
            "ref": "dune",
            "name": "Collectif Dune",
            "disciplines": ["cirque", "théâtre"],
            "departement": "93",
            "commune": "Saint-Denis",
        },
    ):
        response = await client.post(f"{NET}/members", json=body)
        assert response.status_code == 201, response.text


async def refs(client: httpx.AsyncClient, **params: str) -> list[str]:
    response = await client.get(f"{NET}/members", params=params)
    assert response.status_code == 200, response.text
    return [m["ref"] for m in response.json()["items"]]


@pytest.mark.usefixtures("members")
async def test_member_lists_filter_by_discipline_departement_tier_status_and_text(
    client: httpx.AsyncClient,
) -> None:
    assert await refs(client, discipline="théâtre") == ["alize", "dune"]
    assert await refs(client, departement="75") == ["basalte"]
    assert await refs(client, tier="board") == ["basalte"]
    assert await refs(client, status="active") == ["alize", "basalte"]
    assert await refs(client, status="none") == ["dune"]
    assert await refs(client, q="saint") == ["dune"]
    assert await refs(client, q="ENSEMBLE") == ["basalte"]
    # Ensemble Basalte, Compagnie Alizé, Collectif Dune
    assert await refs(client, sort="-name") == ["basalte", "alize", "dune"]


@pytest.mark.usefixtures("members")
async def test_bad_filters_are_client_errors(client: httpx.AsyncClient) -> None:
    for params in ({"status": "asleep"}, {"sort": "siret"}, {"q": "x" * 101}):
        response = await client.get(f"{NET}/members", params=params)
        assert response.status_code == 400, params


@pytest.mark.usefixtures("members")
async def test_a_member_is_updated_field_by_field_and_its_ref_cannot_change(
    client: httpx.AsyncClient,
) -> None:
    response = await client.patch(f"{NET}/members/alize", json={"commune": "Bagnolet"})
    assert response.status_code == 200, response.text
    assert response.json()["commune"] == "Bagnolet"
    assert response.json()["departement"] == "93"
    refused = await client.patch(f"{NET}/members/alize", json={"ref": "other"})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "ref"
    bad_tier = await client.patch(f"{NET}/members/alize", json={"tier": "gold"})
    assert bad_tier.status_code == 422
    assert (await client.get(f"{NET}/members/alize")).json()["tier"] == "member"


@pytest.mark.usefixtures("members")
async def test_membership_transitions_are_explicit_actions(client: httpx.AsyncClient) -> None:
    base = f"{NET}/members/dune/memberships"
    joined = await client.post(f"{base}/join", json={"on": "2026-01-01"})
    assert joined.status_code == 201, joined.text
    left = await client.post(f"{base}/leave", json={"on": "2026-06-30", "reason": "dissolution"})
    assert left.status_code == 201
    assert left.json() == [
        {
            "starts_on": "2026-01-01",
            "ends_on": "2026-06-30",
            "status": "active",
            "reason": "join",
            "end_reason": "dissolution",
        },
    ]
    refused = await client.post(f"{base}/resume", json={"on": "2026-07-01"})
    assert refused.status_code == 422
    unknown = await client.post(f"{base}/teleport", json={"on": "2026-07-01"})
    assert unknown.status_code == 400
    assert await Membership.count().run() == 3


@pytest.mark.usefixtures("members")
async def test_contact_people_are_added_read_and_updated(client: httpx.AsyncClient) -> None:
    karim = {
        "ref": "karim-martin",
        "first_name": "Karim",
        "last_name": "Martin",
        "email": "karim.martin@alize.example",
        "role": "administrateur",
        "consent_contact": True,
    }
    created = await client.post(f"{NET}/members/alize/people", json=karim)
    assert created.status_code == 201, created.text
    assert created.json()["member"] == "alize"
    updated = await client.patch(f"{NET}/people/karim-martin", json={"phone": "0612345678"})
    assert updated.json()["phone"] == "0612345678"
    listed = await client.get(f"{NET}/members/alize/people")
    assert [p["ref"] for p in listed.json()] == ["karim-martin"]
    bad = await client.post(f"{NET}/members/alize/people", json={"ref": "x", "email": "nope"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "email"
    assert await Person.count().run() == 1


@pytest.mark.usefixtures("members")
async def test_dues_are_recorded_once_per_period(client: httpx.AsyncClient) -> None:
    due = {
        "period_start": "2025-09-01",
        "amount_eur": "50.00",
        "paid_on": "2025-10-02",
        "means": "virement",
    }
    assert (await client.post(f"{NET}/members/alize/dues", json=due)).status_code == 201
    assert (await client.post(f"{NET}/members/alize/dues", json=due)).status_code == 409
    listed = await client.get(f"{NET}/members/alize/dues")
    assert listed.json() == [due]


@pytest.mark.usefixtures("members")
async def test_a_network_defines_its_own_tiers(client: httpx.AsyncClient) -> None:
    created = await client.post(
        f"{NET}/tiers", json={"code": "honorary", "label": "Membre d'honneur"}
    )
    assert created.status_code == 201
    assert (
        await client.post(f"{NET}/tiers", json={"code": "honorary", "label": "x"})
    ).status_code == 409
    member = await client.patch(f"{NET}/members/dune", json={"tier": "honorary"})
    assert member.status_code == 200
    assert member.json()["tier"] == "honorary"


@pytest.mark.usefixtures("members")
async def test_members_of_one_network_are_not_reachable_through_another(
    client: httpx.AsyncClient,
) -> None:
    assert (
        await client.post("/api/networks", json={"ref": "other", "name": "Autre"})
    ).status_code == 201
    assert (await client.get("/api/networks/other/members/alize")).status_code == 404
    assert (
        await client.patch("/api/networks/other/members/alize", json={"name": "x"})
    ).status_code == 404
    assert (await client.get(f"{NET}/members/alize")).json()["name"] == "Compagnie Alizé"
    assert await Member.count().run() == 3


async def test_a_federation_cannot_be_its_own_ancestor(client: httpx.AsyncClient) -> None:
    await client.post("/api/networks", json={"ref": "ufisc", "name": "UFISC"})
    await client.post("/api/networks", json={"ref": "raviv", "name": "RAVIV", "parent": "ufisc"})
    cycle = await client.patch("/api/networks/ufisc", json={"parent": "raviv"})
    assert cycle.status_code == 422
    assert cycle.json()["errors"][0]["field"] == "parent"
    bad_zone = await client.post(
        "/api/networks", json={"ref": "x", "name": "X", "timezone": "Mars/Olympus"}
    )
    assert bad_zone.status_code == 422
