"""The OpenAPI document says what the answers are (Hardening, finding 15).

Each test reads ``/schema/openapi.json`` as a client would; the last ones check real answers of
the example network against the schema the document gives for them.
"""

from __future__ import annotations

from typing import Any

import httpx
import jsonschema
import pytest

from raviv.network_archive import archive_io
from tests.unit.rules.test_example import EXAMPLE

NET = "/api/networks/{network_ref}"
AUTH_ROUTES = (
    "/api/auth/login",
    "/api/auth/password-reset",
    "/api/auth/password-reset/confirm",
    "/api/auth/invitations/accept",
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
async def document(anonymous: httpx.AsyncClient) -> dict[str, Any]:
    answer = await anonymous.get("/schema/openapi.json")
    assert answer.status_code == 200
    return answer.json()  # type: ignore[no-any-return]


def _component(document: dict[str, Any], name: str) -> dict[str, Any]:
    return document["components"]["schemas"][name]  # type: ignore[no-any-return]


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


async def test_the_rate_limited_routes_document_429_with_a_problem_body(
    document: dict[str, Any],
) -> None:
    routes = [*AUTH_ROUTES, NET + "/meetings/{meeting_ref}/checkin"]
    for path in routes:
        answer = document["paths"][path]["post"]["responses"].get("429")
        assert answer is not None, path
        schema = answer["content"]["application/problem+json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ProblemBody"}, path


async def test_the_document_does_not_list_its_own_pages(document: dict[str, Any]) -> None:
    """/schema, /schema/scalar, /schema/openapi.json are how the document is read, not operations
    of the API: listed, they showed as untagged "Handler" entries in the docs page."""
    own = [path for path in document["paths"] if path == "/schema" or path.startswith("/schema/")]
    assert own == []
    untagged = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if not operation.get("tags")
    ]
    assert untagged == []


async def test_no_content_answers_document_no_body(document: dict[str, Any]) -> None:
    no_content = [
        (method, path, op["responses"]["204"])
        for method, path, op in _operations(document)
        if "204" in op["responses"]
    ]
    assert ("post", "/api/auth/logout") in {(m, p) for m, p, _ in no_content}
    for method, path, answer in no_content:
        assert "content" not in answer, (method, path)


async def test_a_time_of_day_is_documented_as_format_time(document: dict[str, Any]) -> None:
    for name in ("Meeting", "MeetingCreate", "MeetingUpdate"):
        start_time = _component(document, name)["properties"]["start_time"]
        assert {"type": "string", "format": "time"} in start_time["oneOf"], name
    assert '"format": "duration"' not in str(document).replace("'", '"'), "a duration is left"


async def test_bodies_that_refuse_unknown_fields_say_so(document: dict[str, Any]) -> None:
    for name in ("MeetingCreate", "MeetingUpdate", "Login", "CheckIn"):
        assert _component(document, name).get("additionalProperties") is False, name
    for method, path, operation in _operations(document):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body and "$ref" in body["schema"]:
            name = body["schema"]["$ref"].rsplit("/", 1)[-1]
            assert _component(document, name).get("additionalProperties") is False, (method, path)


@pytest.mark.parametrize(
    ("path", "media_type", "schema"),
    [
        (NET + "/exports/members", "text/csv", {"type": "string"}),
        (NET + "/exports/members", XLSX, {"type": "string", "format": "binary"}),
        (NET + "/reciprocity.xlsx", XLSX, {"type": "string", "format": "binary"}),
        (NET + "/reciprocity/federation.xlsx", XLSX, {"type": "string", "format": "binary"}),
        (NET + "/reciprocity/graph.svg", "image/svg+xml", {"type": "string"}),
    ],
)
async def test_files_are_documented_with_their_own_media_type(
    document: dict[str, Any], path: str, media_type: str, schema: dict[str, str]
) -> None:
    content = document["paths"][path]["get"]["responses"]["200"]["content"]
    assert "application/json" not in content
    assert content[media_type]["schema"] == schema


@pytest.mark.parametrize(
    ("path", "component"),
    [
        (NET + "/evaluation", "EvaluationDocument"),
        (NET + "/members/{member_ref}/standing", "StandingDocument"),
        (NET + "/archive", "Archive"),
    ],
)
async def test_json_documents_are_documented_with_their_schema(
    document: dict[str, Any], path: str, component: str
) -> None:
    content = document["paths"][path]["get"]["responses"]["200"]["content"]
    assert content["application/json"]["schema"] == {"$ref": f"#/components/schemas/{component}"}
    assert _component(document, component)["type"] == "object"


async def test_both_ways_to_authorise_are_documented_and_required_where_needed(
    document: dict[str, Any],
) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {
        **schemes["bearerToken"],
        "type": "http",
        "scheme": "bearer",
    }
    assert schemes["sessionCookie"]["type"] == "apiKey"
    assert schemes["sessionCookie"]["in"] == "cookie"
    expected = [{"bearerToken": []}, {"sessionCookie": []}]
    assert document["security"] == expected
    for path in ("/api/me", NET + "/evaluation", NET + "/meetings"):
        operation = document["paths"][path]["get"]
        assert operation.get("security", document["security"]) == expected, path


# --- Real answers against the documented schemas ------------------------------------------


@pytest.fixture
async def example(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    return client


def _validate(document: dict[str, Any], path: str, method: str, status: str, body: Any) -> None:
    schema = document["paths"][path][method]["responses"][status]["content"]["application/json"]
    jsonschema.Draft202012Validator(
        {**schema["schema"], "components": document["components"]}
    ).validate(body)


MID = {"at": "2026-03-01", "period": "2025-09-01"}


async def test_the_evaluation_and_a_standing_match_their_schema(
    example: httpx.AsyncClient, document: dict[str, Any]
) -> None:
    evaluation = await example.get("/api/networks/exemple/evaluation", params=MID)
    assert evaluation.status_code == 200, evaluation.text
    assert evaluation.json()["members"]
    _validate(document, NET + "/evaluation", "get", "200", evaluation.json())
    standing = await example.get("/api/networks/exemple/members/fougere/standing", params=MID)
    assert standing.status_code == 200, standing.text
    _validate(document, NET + "/members/{member_ref}/standing", "get", "200", standing.json())


async def test_the_archive_matches_its_schema(
    example: httpx.AsyncClient, document: dict[str, Any]
) -> None:
    archive = await example.get("/api/networks/exemple/archive")
    assert archive.status_code == 200, archive.text
    _validate(document, NET + "/archive", "get", "200", archive.json())


async def test_meetings_match_their_schema(
    example: httpx.AsyncClient, document: dict[str, Any]
) -> None:
    created = await example.post(
        "/api/networks/exemple/meetings",
        json={
            "ref": "ag-2026",
            "title": "Assemblée générale",
            "kind": "general_assembly",
            "date": "2026-06-20",
            "start_time": "14:00:00",
            "duration_hours": "2",
        },
    )
    assert created.status_code == 201, created.text
    _validate(document, NET + "/meetings", "post", "201", created.json())
    listed = await example.get("/api/networks/exemple/meetings")
    assert listed.status_code == 200, listed.text
    assert any(m["start_time"] == "14:00:00" for m in listed.json()["items"])
    _validate(document, NET + "/meetings", "get", "200", listed.json())


async def test_sign_in_documents_the_200_it_answers(document: dict[str, Any]) -> None:
    responses = document["paths"]["/api/auth/login"]["post"]["responses"]
    assert "201" not in responses
    assert responses["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SignedIn"
    }


async def test_public_operations_say_they_need_no_authorisation(
    document: dict[str, Any],
) -> None:
    for path in ("/api/auth/login", "/api/auth/password-reset", "/ping", "/health"):
        method = "post" if path.startswith("/api/auth") else "get"
        assert document["paths"][path][method].get("security") == [], path
    for method, path, operation in _operations(document):
        if operation.get("security") == []:
            assert not path.startswith(("/api/me", "/api/networks/")), (method, path)
