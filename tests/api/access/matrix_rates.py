"""The route × role matrix for valuation: a network's rates, its charge coefficient and its CVN
accounts.

The world adds to raviv-idf an hourly rate of ``knowledge`` (40.00 € from 2025-01-01). Coordinators,
consultants and member representatives read the rates and the CVN accounts; only coordinators
state a rate, the coefficient or the accounts; the federation's coordinator gets 403, another
network's 404, anonymous callers 401.
"""

from __future__ import annotations

import httpx

from tests.api.access.matrix import NET, Case, N, coordinators_only, outcomes

RATES = N + "/rates"
CVN = N + "/cvn-accounts"

CASES: list[Case] = [
    Case("GET", RATES, outcomes(200, 200, 200, 200, 200, 403, 404, 401)),
    Case(
        "POST",
        RATES,
        coordinators_only(201),
        json={"form": "knowledge", "eur_per_unit": "45.00", "effective_from": "2026-01-01"},
    ),
    Case(
        "PUT",
        RATES + "/policy",
        coordinators_only(200),
        json={"charge_coefficient": "1.4"},
    ),
    Case("GET", CVN, outcomes(200, 200, 200, 200, 200, 403, 404, 401)),
    Case(
        "PUT",
        CVN,
        coordinators_only(200),
        json={"overrides": [{"form": "premises", "use": "8611", "resource": "871"}]},
    ),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    del tokens  # the administrator states the rate
    response = await admin.post(
        NET + "/rates",
        json={"form": "knowledge", "eur_per_unit": "40.00", "effective_from": "2025-01-01"},
    )
    assert response.status_code == 201, response.text
    return {}
