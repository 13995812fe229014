"""Every answer names its request: the ``X-Request-ID`` header, and ``request_id`` in every
problem body, the same id (the log lines: tests/e2e/test_metrics_server.py, on a real server)."""

from __future__ import annotations

import re

import httpx
import pytest

GENERATED = re.compile(r"[0-9a-f]{32}")


async def test_every_answer_carries_a_new_id(anonymous: httpx.AsyncClient) -> None:
    answers = [
        await anonymous.get("/ping"),
        await anonymous.get("/health"),
        await anonymous.get("/schema/openapi.json"),
        await anonymous.get("/metrics"),
    ]
    ids = [answer.headers.get("x-request-id", "") for answer in answers]
    assert all(GENERATED.fullmatch(i) for i in ids), ids
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/me", 401),  # refused by the access check, in its middleware
        ("GET", "/no/such/route", 404),  # before any route is found
        ("DELETE", "/ping", 405),
        ("POST", "/api/auth/login", 400),  # a handler's refusal: an empty body
        ("GET", "/api/networks/personne/members", 404),  # a service's refusal
    ],
)
async def test_a_problem_body_names_the_id_of_its_answer(
    client: httpx.AsyncClient, method: str, path: str, status: int
) -> None:
    if path == "/api/me":
        del client.headers["Authorization"]
    answer = await client.request(method, path)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    header = answer.headers["x-request-id"]
    assert GENERATED.fullmatch(header)
    assert answer.json()["request_id"] == header


@pytest.mark.parametrize(
    "sent", ["abc-123", "5f0c6ad2-4a7e-4d84-9a8b-2c6b1f0e7d11", "trace.01_A", "x" * 64]
)
async def test_a_safe_incoming_id_is_kept(anonymous: httpx.AsyncClient, sent: str) -> None:
    ok = await anonymous.get("/ping", headers={"X-Request-ID": sent})
    assert ok.headers["x-request-id"] == sent
    refused = await anonymous.get("/api/me", headers={"X-Request-ID": sent})
    assert refused.headers["x-request-id"] == sent
    assert refused.json()["request_id"] == sent


@pytest.mark.parametrize(
    "sent",
    [
        "",
        "x" * 65,  # too long
        "abc 123",  # a space
        "a\tb",
        '"}{"injected": 1',
        "<script>alert(1)</script>",
        "id/../../etc",
        "café",  # not ASCII (sent as Latin-1 bytes)
        "a,b",
    ],
)
async def test_an_unsafe_incoming_id_is_replaced(anonymous: httpx.AsyncClient, sent: str) -> None:
    answer = await anonymous.get("/api/me", headers=[("X-Request-ID", sent.encode("latin-1"))])
    assert answer.status_code == 401
    header = answer.headers["x-request-id"]
    assert GENERATED.fullmatch(header), header
    assert answer.json()["request_id"] == header
