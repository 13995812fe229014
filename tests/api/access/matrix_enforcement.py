"""The route × role matrix for enforcement: the policy, reminders, cases (their decisions,
answers and closing) and a member's own view. The world adds an open case for alize (Karim's
member) and a reminder sent to Karim."""

from __future__ import annotations

from datetime import date

import httpx

from raviv.db import execute
from tests.api.access.matrix import Case, M, N, coordinators_only, outcomes

C = N + "/cases/{case_ref:str}"
#: Coordinators and the member's own representative; others' representatives are told nothing
#: exists (404); consultants and the federation are refused (403).
OWN_MEMBERS = outcomes(200, 200, 200, 404, 403, 403, 404, 401)
#: Lists: a representative sees its own member's only (Mallory: none of alize's).
LISTS = outcomes(200, 200, 200, 200, 403, 403, 404, 401)

CASES: list[Case] = [
    Case("GET", N + "/enforcement/policy", outcomes(200, 200, 200, 200, 200, 403, 404, 401)),
    Case(
        "PUT",
        N + "/enforcement/policy",
        coordinators_only(200),
        json={"reminders": True, "reminder_interval_days": 21, "open_cases": True},
    ),
    Case("GET", N + "/reminders", LISTS),
    Case("GET", N + "/cases", LISTS),
    Case("GET", C, OWN_MEMBERS),
    Case(
        "POST",
        C + "/decisions",
        coordinators_only(201),
        json={"kind": "warning", "note": "Rappel de la règle de participation"},
    ),
    Case(
        "POST",
        C + "/answers",
        outcomes(201, 201, 201, 404, 403, 403, 404, 401),
        json={"text": "Nous reprenons notre participation en janvier."},
    ),
    Case("POST", C + "/close", coordinators_only(201), json={"note": "Réponse entendue"}),
    Case("GET", M + "/enforcement", OWN_MEMBERS),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    del admin, tokens
    await execute(
        "INSERT INTO enforcement_case (network, member, ref, period_start, period_end, snapshot,"
        " evaluation, status, opened_at, close_note) SELECT n.id, m.id, 'alize-2025-09-01',"
        " {}, {}, NULL, {}, 'open', CURRENT_TIMESTAMP, '' FROM network n"
        " JOIN member m ON m.network = n.id WHERE n.ref = 'raviv-idf' AND m.ref = 'alize'",
        date(2025, 9, 1),
        date(2026, 9, 1),
        '{"member": "alize", "status": "non_compliant", "criteria": []}',
    )
    await execute(
        "INSERT INTO reminder (network, member, day, period_start, period_end, status,"
        " recipients, subject, body, message_id, error, attempts, claimed_at, sent_at)"
        " SELECT n.id, m.id, {}, {}, {}, 'sent', '[\"karim@raviv.test\"]', 'Rappel', 'Texte',"
        " '<1@raviv.test>', '', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM network n"
        " JOIN member m ON m.network = n.id WHERE n.ref = 'raviv-idf' AND m.ref = 'alize'",
        date(2026, 3, 1),
        date(2025, 9, 1),
        date(2026, 9, 1),
    )
    return {"case_ref": "alize-2025-09-01"}
