"""The route × role matrix for background jobs: starting one (coordinators), following it and
listing them (those who may read what it makes: a daily job is the coordinators'; a consultant
reaches the route but not that job), and the large imports queued as jobs (coordinators)."""

from __future__ import annotations

import httpx

from raviv.db import execute
from tests.api.access.matrix import Case, N, coordinators_only, outcomes

CSV = b"ref;nom\nnouveau;Nouveau membre\n"
CONTRIBUTIONS = (
    "Donneur;Bénéficiaire;Forme;Quantité;Unité;Date;Note\n"
    "alize;réseau;temps;2;heures;10/03/2026;Atelier\n"
).encode()

CASES: list[Case] = [
    Case("POST", N + "/jobs", coordinators_only(202), json={"kind": "reminders"}),
    Case("GET", N + "/jobs", outcomes(200, 200, 403, 403, 200, 403, 404, 401)),
    Case("GET", N + "/jobs/{job_id:int}", outcomes(200, 200, 403, 403, 404, 403, 404, 401)),
    Case(
        "POST",
        N + "/imports/members/jobs",
        coordinators_only(202),
        files={"file": ("membres.csv", CSV, "text/csv")},
    ),
    Case(
        "POST",
        N + "/imports/contributions/jobs",
        coordinators_only(202),
        files={"file": ("contributions.csv", CONTRIBUTIONS, "text/csv")},
    ),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    del admin, tokens
    rows = await execute(
        "INSERT INTO job (kind, network, key, args, status, attempts, max_attempts, progress,"
        " step, result, error, requested_via, created_at, run_after, owner)"
        " SELECT 'daily', id, NULL, {}, 'succeeded', 1, 3, 100, '', {}, '', 'scheduler',"
        " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '' FROM network WHERE ref = 'raviv-idf'"
        " RETURNING id",
        '{"network": "raviv-idf", "day": "2026-03-01"}',
        '{"snapshot_stored": true}',
    )
    return {"job_id": str(rows[0]["id"])}
