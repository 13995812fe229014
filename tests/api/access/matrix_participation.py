"""The route × role matrix for the participation rule: the evaluation, a member's standing and
its timeline. The world adds a season rule (one meeting, two hours) from 2025-09-01."""

from __future__ import annotations

import httpx

from raviv.db import execute
from tests.api.access.matrix import Case, M, N, outcomes

RULE = '[{"criterion": "meetings_attended", "min": 1}, {"criterion": "hours_given", "min": "2"}]'

CASES: list[Case] = [
    # Every representative may ask: the list then holds its own member only.
    Case("GET", N + "/evaluation", outcomes(200, 200, 200, 200, 200, 403, 404, 401)),
    Case("GET", M + "/standing", outcomes(200, 200, 200, 404, 200, 403, 404, 401)),
    Case("GET", M + "/timeline", outcomes(200, 200, 200, 404, 200, 403, 404, 401)),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    del admin, tokens
    await execute(
        "INSERT INTO rule_set (network, ref, effective_from, period_kind, grace_days, criteria,"
        " tiers, created_at) SELECT id, 'regle', '2025-09-01', 'season', 30, {}, '[]',"
        " CURRENT_TIMESTAMP FROM network WHERE ref = 'raviv-idf'",
        RULE,
    )
    return {}
