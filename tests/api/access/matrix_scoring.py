"""The route × role matrix for reciprocity (the report and its workbook).

Coordinators and consultants read it; member representatives do not (403): it shows every
member's given, received and partners, not only their own member's. A member's own reading
(``…/members/{member}/reciprocity``) is also its representatives'; another member's
representative gets a 404, as for every route of a member not its own. The federation's
coordinator gets no member-level detail of a member network either. The world needs nothing
more: the contributions' world has entries, and an empty period would answer the same.
"""

from __future__ import annotations

import httpx

from tests.api.access.matrix import Case, M, N, outcomes

SEASON = {"from": "2025-09-01", "to": "2026-09-01"}
READERS = outcomes(200, 200, 403, 403, 200, 403, 404, 401)

CASES: list[Case] = [
    Case("GET", N + "/reciprocity", READERS, params=SEASON),
    Case("GET", N + "/reciprocity.xlsx", READERS, params=SEASON),
    Case(
        "GET",
        M + "/reciprocity",
        outcomes(200, 200, 200, 404, 200, 403, 404, 401),
        params=SEASON,
    ),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    return {}
