"""The route × role matrix for background jobs: starting one (coordinators), following it and
listing them (those who may read what it makes: a daily job is the coordinators'; a consultant
reaches the route but not that job), and the large imports queued as jobs (coordinators)."""

from __future__ import annotations

import httpx

from raviv.db import execute
from raviv.jobs import files
from tests.api.access.matrix import Case, M, N, coordinators_only, outcomes

CSV = b"ref;nom\nnouveau;Nouveau membre\n"
CONTRIBUTIONS = (
    "Donneur;Bénéficiaire;Forme;Quantité;Unité;Date;Note\n"
    "alize;réseau;temps;2;heures;10/03/2026;Atelier\n"
).encode()

SEASON = {"period": "2025-09-01"}

CASES: list[Case] = [
    Case("POST", N + "/jobs", coordinators_only(202), json={"kind": "reminders"}),
    # Everyone with a role reaches the list; it holds what each may read.
    Case("GET", N + "/jobs", outcomes(200, 200, 200, 200, 200, 200, 404, 401)),
    # The world's job is a DLA report: its coordinators' and consultants'.
    Case("GET", N + "/jobs/{job_id:int}", outcomes(200, 200, 403, 403, 200, 403, 404, 401)),
    Case(
        "GET",
        N + "/jobs/{job_id:int}/files/{name:str}",
        outcomes(200, 200, 403, 403, 200, 403, 404, 401),
    ),
    Case("POST", N + "/reports/dla", coordinators_only(202), json=SEASON),
    Case(
        "POST",
        M + "/attestation",
        outcomes(202, 202, 202, 404, 403, 403, 404, 401),
        json=SEASON,
    ),
    Case(
        "POST",
        N + "/reports/rollup",
        outcomes(202, 202, 403, 403, 403, 202, 404, 401),
        json=SEASON,
    ),
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
    report = await execute(
        "INSERT INTO job (kind, network, key, args, status, attempts, max_attempts, progress,"
        " step, result, error, requested_via, created_at, run_after, owner)"
        " SELECT 'report.dla', id, NULL, {}, 'succeeded', 1, 2, 100, '', {}, '', 'api',"
        " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '' FROM network WHERE ref = 'raviv-idf'"
        " RETURNING id",
        '{"network": "raviv-idf", "period": "2025-09-01"}',
        '{"files": [{"name": "dla.pdf", "bytes": 8, "media_type": "application/pdf"}]}',
    )
    report_id = int(report[0]["id"])
    files.save(report_id, "dla.pdf", b"%PDF-1.7")
    return {"job_id": str(report_id), "name": "dla.pdf"}
