"""The route × role matrix for the exchange graph and the federation roll-up.

The graph shows every member's given, received and balance, like the reciprocity report: the
network's coordinators and consultants read it, representatives and the federation do not. The
roll-up is asked of the federation ``fede`` (raviv-idf is its one network): Hélène, its
coordinator, reads it; Camille, who coordinates raviv-idf, holds no role in ``fede`` and is
answered as if it did not exist (a network's coordinator never sees its siblings), like everyone
without a role there.
"""

from __future__ import annotations

import httpx

from tests.api.access.matrix import Case, N, outcomes

SEASON = {"from": "2025-09-01", "to": "2026-09-01"}
READERS = outcomes(200, 200, 403, 403, 200, 403, 404, 401)
FEDERATION_ONLY = outcomes(200, 404, 404, 404, 404, 200, 404, 401)
FEDE = "/api/networks/fede"

CASES: list[Case] = [
    Case("GET", N + "/reciprocity/graph.svg", READERS, params=SEASON),
    Case(
        "GET",
        N + "/reciprocity/federation",
        FEDERATION_ONLY,
        url=FEDE + "/reciprocity/federation",
        params=SEASON,
    ),
    Case(
        "GET",
        N + "/reciprocity/federation.xlsx",
        FEDERATION_ONLY,
        url=FEDE + "/reciprocity/federation.xlsx",
        params=SEASON,
    ),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    return {}
