"""The route × role matrix for the participation rule: the evaluation, a member's standing and
its timeline, the rule's versions and the exemptions. The world adds a season rule (one
meeting, two hours) from 2025-09-01."""

from __future__ import annotations

import httpx

from raviv.db import execute
from tests.api.access.matrix import Case, M, N, coordinators_only, outcomes

RULE = '[{"criterion": "meetings_attended", "min": 1}, {"criterion": "hours_given", "min": "2"}]'

CASES: list[Case] = [
    # Every representative may ask: the list then holds its own member only.
    Case("GET", N + "/evaluation", outcomes(200, 200, 200, 200, 200, 403, 404, 401)),
    Case("GET", M + "/standing", outcomes(200, 200, 200, 404, 200, 403, 404, 401)),
    Case("GET", M + "/timeline", outcomes(200, 200, 200, 404, 200, 403, 404, 401)),
    Case("GET", N + "/rule-sets", outcomes(200, 200, 200, 200, 200, 403, 404, 401)),
    Case(
        "POST",
        N + "/rule-sets",
        coordinators_only(201),
        json={
            "ref": "regle-2026",
            "effective_from": "2026-09-01",
            "period": "season",
            "grace_days": 30,
            "criteria": [{"criterion": "meetings_attended", "min": 2}],
        },
    ),
    Case(
        "POST",
        N + "/rule-sets/preview",
        coordinators_only(200),
        json={
            "ref": "essai",
            "effective_from": "2026-09-01",
            "period": "season",
            "grace_days": 30,
            "criteria": [{"criterion": "meetings_attended", "min": 5}],
        },
    ),
    Case("GET", N + "/exemptions", outcomes(200, 200, 200, 200, 200, 403, 404, 401)),
    Case(
        "POST",
        N + "/exemptions",
        coordinators_only(201),
        json={
            "member": "alize",
            "criteria": "all",
            "period_start": "2025-09-01",
            "reason": "Congé de création",
        },
    ),
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
