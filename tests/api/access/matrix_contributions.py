"""The route × role matrix for contributions (the ledger entries)."""

from __future__ import annotations

import httpx

from tests.api.access.matrix import Case

CASES: list[Case] = []


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    """Add to the matrix's world what these routes address; return the path values."""
    return {}
