"""The example network, and a site administrator's client on it, for the edge tests."""

from __future__ import annotations

import httpx
import pytest

from raviv.network_archive import archive_io
from tests.unit.rules.test_example import EXAMPLE


@pytest.fixture
async def example(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """The site administrator's client, with the example network imported."""
    await archive_io.import_archive(EXAMPLE.read_bytes())
    return client


def problem(response: httpx.Response, status: int, field: str) -> str:
    """The answer is a problem of ``status`` naming ``field``; its message for that field."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = response.json().get("errors", [])
    assert field in [e["field"] for e in errors], response.text
    message: str = next(e["message"] for e in errors if e["field"] == field)
    return message
