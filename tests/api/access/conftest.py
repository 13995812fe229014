"""Clients for the access tests: several people (scripts or browsers) on one app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from tests.conftest import shared_app

Client = Callable[..., httpx.AsyncClient]


@pytest.fixture
async def new_client(db: None) -> AsyncIterator[Client]:
    """Clients of one app in the test's transaction: one per browser or script, with a bearer
    token, a session cookie, or nothing."""
    app = shared_app()
    opened: list[httpx.AsyncClient] = []

    def make(token: str | None = None, *, cookie: str | None = None) -> httpx.AsyncClient:
        headers = {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if cookie:
            headers["Cookie"] = f"raviv_session={cookie}"
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        http = httpx.AsyncClient(transport=transport, base_url="http://raviv.test", headers=headers)
        opened.append(http)
        return http

    yield make
    for http in opened:
        await http.aclose()
