"""The member endpoints over HTTP (the real Litestar app, in-process)."""

import httpx
import pytest

from raviv.registry.tables import Member, Network
from tests.factories import CAMILLE_NETWORK, KARIM_MEMBER, MALLORY_MEMBER

pytestmark = pytest.mark.usefixtures("db")

MEMBERS = f"/api/networks/{CAMILLE_NETWORK['ref']}/members"


@pytest.fixture
async def network(client: httpx.AsyncClient) -> dict[str, object]:
    response = await client.post("/api/networks", json=CAMILLE_NETWORK)
    assert response.status_code == 201, response.text
    return response.json()


async def test_camille_creates_a_network_and_reads_it_back(
    client: httpx.AsyncClient, network: dict[str, object]
) -> None:
    assert network["period_kind"] == "season"
    response = await client.get(f"/api/networks/{CAMILLE_NETWORK['ref']}")
    assert response.status_code == 200
    assert response.json()["name"] == CAMILLE_NETWORK["name"]
    listed = (await client.get("/api/networks")).json()
    assert [n["ref"] for n in listed["items"]] == [CAMILLE_NETWORK["ref"]]


async def test_members_are_created_and_listed(
    client: httpx.AsyncClient, network: dict[str, object]
) -> None:
    created = await client.post(MEMBERS, json={**KARIM_MEMBER, "headcount_fte": "2.5"})
    assert created.status_code == 201, created.text
    assert created.json()["headcount_fte"] == "2.50"
    assert (await client.post(MEMBERS, json=MALLORY_MEMBER)).status_code == 201
    listed = await client.get(MEMBERS, params={"limit": 1})
    assert listed.status_code == 200
    body = listed.json()
    assert body["total"] == 2
    assert [m["ref"] for m in body["items"]] == ["alize"]


def _problem(response: httpx.Response, status: int, field: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert field in [e["field"] for e in body.get("errors", [])], body
    return body


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ref": "alize"}, "name"),
        ({"ref": "alize", "name": 3}, "name"),
        ({"ref": "Alizé!", "name": "x"}, "ref"),
        ({"ref": "alize", "name": ""}, "name"),
        ({"ref": "alize", "name": "x", "role": "coordinator"}, "role"),
        ({"ref": "alize", "name": "x", "employer": "oui"}, "employer"),
        ({"ref": "alize", "name": "x", "headcount_fte": "beaucoup"}, "headcount_fte"),
        ({"ref": "alize", "name": "x", "departement": "999"}, "departement"),
        ({"ref": "alize", "name": "x" * 201}, "name"),
    ],
)
async def test_invalid_fields_are_refused_with_the_field_named_and_nothing_written(
    client: httpx.AsyncClient, network: dict[str, object], body: dict[str, object], field: str
) -> None:
    _problem(await client.post(MEMBERS, json=body), 400, field)
    assert await Member.count().run() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ref": "alize", "name": "x", "siret": "52601815500015"}, "siret"),
        ({"ref": "alize", "name": "x", "headcount_fte": "-1"}, "headcount_fte"),
        ({"ref": "alize", "name": "x", "headcount_fte": "NaN"}, "headcount_fte"),
    ],
)
async def test_domain_rule_violations_are_unprocessable_and_write_nothing(
    client: httpx.AsyncClient, network: dict[str, object], body: dict[str, object], field: str
) -> None:
    _problem(await client.post(MEMBERS, json=body), 422, field)
    assert await Member.count().run() == 0


@pytest.mark.parametrize(
    "raw", [b'{"ref": "alize",', b"not json", b"[1, 2]", b"", b'{"ref": "a"}{"x": 1}']
)
async def test_malformed_bodies_get_a_problem_response_not_a_server_error(
    client: httpx.AsyncClient, network: dict[str, object], raw: bytes
) -> None:
    response = await client.post(MEMBERS, content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await Member.count().run() == 0


async def test_a_body_over_the_size_limit_is_refused_before_it_is_read(
    client: httpx.AsyncClient, network: dict[str, object]
) -> None:
    huge = b'{"ref": "alize", "name": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = await client.post(
        MEMBERS, content=huge, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await Member.count().run() == 0


async def test_a_duplicate_ref_is_a_conflict_naming_the_ref(
    client: httpx.AsyncClient, network: dict[str, object]
) -> None:
    assert (await client.post(MEMBERS, json=KARIM_MEMBER)).status_code == 201
    _problem(await client.post(MEMBERS, json=KARIM_MEMBER), 409, "ref")
    assert await Member.count().run() == 1


async def test_a_duplicate_network_ref_is_a_conflict(
    client: httpx.AsyncClient, network: dict[str, object]
) -> None:
    _problem(await client.post("/api/networks", json=CAMILLE_NETWORK), 409, "ref")
    assert await Network.count().run() == 1


async def test_an_unknown_network_is_not_found(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/networks/nowhere/members", json=KARIM_MEMBER)
    assert response.status_code == 404
    assert response.json()["detail"] == "no network with ref 'nowhere'"
    assert (await client.get("/api/networks/nowhere/members")).status_code == 404


@pytest.mark.parametrize(
    "query", [{"limit": "0"}, {"limit": "501"}, {"limit": "99999999999999999999"}, {"offset": "-1"}]
)
async def test_out_of_range_paging_is_a_client_error(
    client: httpx.AsyncClient, network: dict[str, object], query: dict[str, str]
) -> None:
    response = await client.get(MEMBERS, params=query)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_health_reports_the_database_it_reached(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["reachable"] is True
    assert body["database"]["engine"] in {"sqlite", "postgres"}


async def test_openapi_schema_documents_the_member_endpoints(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    assert "/api/networks/{network_ref}/members" in schema["paths"]
    members = schema["paths"]["/api/networks/{network_ref}/members"]
    assert set(members) >= {"get", "post"}
    # Error answers are documented as problem details, on every route.
    assert set(members["post"]["responses"]) >= {"201", "400", "404", "409", "413", "422"}
    problem = members["post"]["responses"]["422"]["content"]["application/problem+json"]
    assert problem["schema"]["$ref"].endswith("/ProblemBody")


async def test_unknown_routes_and_methods_are_problems_too(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/nothing-here")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    wrong = await client.delete("/api/networks")
    assert wrong.status_code == 405
