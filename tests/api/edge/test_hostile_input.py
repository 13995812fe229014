"""Input no handler should see is refused at the edge, never a 500: ids beyond 64 bits in a path
(404, as for any id that does not exist), JSON nested too deep (400, before anything walks it,
also on the unauthenticated sign-in), and control characters in any text of a body or a query
(422 naming the field; tab and line breaks are kept in the texts that may hold several lines).
Both engines: PostgreSQL refused NUL with a 500; SQLite stored it and the graph broke."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.edge.conftest import problem

NET = "/api/networks/exemple"
HUGE = "214598651983929573376"  # above 2**63


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", f"{NET}/invitations/{HUGE}"),
        ("DELETE", f"{NET}/grants/{HUGE}"),
        ("DELETE", f"/api/me/tokens/{HUGE}"),
        ("POST", f"{NET}/attachment-requests/{HUGE}/accept"),
        ("DELETE", f"{NET}/grants/-{HUGE}"),
    ],
)
async def test_an_id_beyond_64_bits_is_not_found(
    example: httpx.AsyncClient, method: str, path: str
) -> None:
    answer = await example.request(method, path)

    assert answer.status_code == 404, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")


async def test_a_ref_holding_a_control_character_is_not_found(example: httpx.AsyncClient) -> None:
    answer = await example.get(NET + "/members/ali%00ze")

    assert answer.status_code == 404, answer.text


def nested(depth: int) -> bytes:
    return b'{"email": ' + b"[" * depth + b"]" * depth + b', "password": "x", "mode": "token"}'


@pytest.mark.parametrize("depth", [40, 1000, 100_000])
async def test_deep_json_on_the_unauthenticated_sign_in_is_a_400(
    anonymous: httpx.AsyncClient, depth: int
) -> None:
    answer = await anonymous.post(
        "/api/auth/login", content=nested(depth), headers={"content-type": "application/json"}
    )

    assert "nested deeper" in problem(answer, 400, "body")


async def test_deep_json_in_a_dictionary_body_is_a_400(example: httpx.AsyncClient) -> None:
    body = b'{"ref": "x", "criteria": ' + b"[" * 1000 + b"]" * 1000 + b"}"

    answer = await example.post(
        NET + "/rule-sets", content=body, headers={"content-type": "application/json"}
    )

    assert "nested deeper" in problem(answer, 400, "body")


def contribution(**changes: Any) -> dict[str, Any]:
    body = {
        "giver": {"member": "alize"},
        "receiver": {"network": True},
        "form": "time",
        "quantity": "2",
        "date": "2026-01-10",
    }
    return {**body, **changes}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/members", {"ref": "nul", "name": "Nul\x00Part"}, "name"),
        ("/members", {"ref": "nul", "name": "Deux\nlignes"}, "name"),
        ("/members", {"ref": "nul", "name": "Esc\x1b[31m"}, "name"),
        ("/members", {"ref": "nul", "name": "Nul", "disciplines": ["th\x00"]}, "disciplines[0]"),
        ("/contributions", contribution(note="a\x00b"), "note"),
        ("/contributions", contribution(receiver={"member": "b\x00"}), "receiver.member"),
        ("/groups", {"ref": "g", "name": "G", "description": "x\x0cy"}, "description"),
    ],
)
async def test_a_control_character_in_a_body_is_a_422_naming_the_field(
    example: httpx.AsyncClient, path: str, body: dict[str, Any], field: str
) -> None:
    answer = await example.post(NET + path, json=body)

    assert "control character" in problem(answer, 422, field)


async def test_a_control_character_in_a_dictionary_body_is_a_422_naming_the_field(
    example: httpx.AsyncClient,
) -> None:
    answer = await example.post(NET + "/rule-sets", json={"ref": "r\x00"})

    assert "control character" in problem(answer, 422, "ref")


async def test_a_note_and_a_description_keep_their_lines_and_tabs(
    example: httpx.AsyncClient,
) -> None:
    note = "Première ligne\r\n\tdeuxième ligne"
    created = await example.post(NET + "/contributions", json=contribution(note=note))
    assert created.status_code == 201, created.text
    assert created.json()["note"] == note

    group = {"ref": "g", "name": "G", "description": "Ordre du jour :\n1. budget"}
    created = await example.post(NET + "/groups", json=group)
    assert created.status_code == 201, created.text


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/contributions", {"member": "ali\x00ze"}, "member"),
        ("/meetings", {"group": "p\x01"}, "group"),
        ("/audit", {"action": "login\x00"}, "action"),
    ],
)
async def test_a_control_character_in_the_query_is_a_422_naming_the_parameter(
    example: httpx.AsyncClient, path: str, params: dict[str, str], field: str
) -> None:
    answer = await example.get(NET + path, params=params)

    assert "control character" in problem(answer, 422, field)


async def test_nothing_refused_was_written_and_the_graph_still_draws(
    example: httpx.AsyncClient,
) -> None:
    await example.post(NET + "/members", json={"ref": "nul", "name": "Nul\x00Part"})

    assert (await example.get(NET + "/members/nul")).status_code == 404
    graph = await example.get(
        NET + "/reciprocity/graph.svg", params={"from": "2025-09-01", "to": "2026-09-01"}
    )
    assert graph.status_code == 200
    assert "\x00" not in graph.text
