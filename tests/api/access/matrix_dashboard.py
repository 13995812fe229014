"""The route × role matrix for the coordinator's dashboard: coordinators only (it names the
members at risk and what each lacks); a consultant, a representative and the federation's
coordinator are refused (403), as for the network's audit log."""

from __future__ import annotations

import httpx

from tests.api.access.matrix import Case, N, coordinators_only

CASES: list[Case] = [
    Case("GET", N + "/dashboard", coordinators_only(200)),
    Case("POST", N + "/dashboard/refresh", coordinators_only(202)),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    return {}
