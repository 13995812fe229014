"""The route × role matrix for the figures' pages (raviv/web/dashboard_pages.py, docs/web.md).

The dashboard and the exchanges are the network's coordinators' and consultants' (a consultant
reads them only: the refresh is a coordinator's, 403); representatives are refused (403), an
outsider answered as if the network did not exist (404), someone not signed in sent to the
sign-in page (303). The federation's page is asked of the federation ``fede`` (raviv-idf is its
one network): Hélène reads it; whoever holds no role in ``fede`` gets 404, as on the API's
roll-up. Callers send bearer tokens: no CSRF field (tests/web/test_dashboard_pages.py has the
forms).
"""

from __future__ import annotations

import httpx

from tests.api.access.matrix import Case, outcomes

W = "/reseaux/{network_ref:str}"
READERS = outcomes(200, 200, 403, 403, 200, 403, 404, 303)
SEASON = {"from": "2025-09-01", "to": "2026-08-31"}

CASES: list[Case] = [
    Case("GET", W, READERS),
    Case("GET", W + "/fraicheur", READERS),
    Case("POST", W + "/rafraichir", outcomes(303, 303, 403, 403, 403, 403, 404, 303), json={}),
    Case("GET", W + "/echanges", READERS, params=SEASON),
    Case("GET", W + "/echanges/graphe.svg", READERS, params=SEASON),
    Case(
        "GET",
        W + "/federation",
        outcomes(200, 404, 404, 404, 404, 200, 404, 303),
        url="/reseaux/fede/federation",
        params=SEASON,
    ),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    return {}
