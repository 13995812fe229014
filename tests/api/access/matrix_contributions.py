"""The route × role matrix for contributions (the ledger entries).

The world adds three entries of Karim's member ``alize``: ``c-valid`` (to the network, logged by
the administrator, so validated), ``c-pending`` (to the network, logged by Karim: submitted) and
``c-echange`` (to Mallory's member ``basalte``, logged by Karim: submitted).
"""

from __future__ import annotations

import httpx

from tests.api.access.matrix import NET, Case, N, coordinators_only, outcomes

P = N + "/contributions"
E = P + "/{contribution_ref:str}"
REASON = {"reason": "saisie en double"}
IMPORTED = "Donneur;Bénéficiaire;Forme;Quantité;Date\nalize;réseau;temps;1,5;01/11/2025\n".encode()

CASES: list[Case] = [
    Case(
        "POST",
        P,
        # Mallory may log only what her own member gives: the service refuses alize.
        outcomes(201, 201, 201, 403, 403, 403, 404, 401),
        json={
            "giver": {"member": "alize"},
            "receiver": {"network": True},
            "form": "time",
            "quantity": "1.5",
            "date": "2025-11-01",
        },
    ),
    Case("GET", P, outcomes(200, 200, 200, 200, 200, 403, 404, 401)),
    Case("GET", P + "/totals", outcomes(200, 200, 200, 200, 200, 403, 404, 401)),
    Case("GET", E, outcomes(200, 200, 200, 404, 200, 403, 404, 401)),
    Case(
        "PATCH",
        E,
        outcomes(200, 200, 200, 404, 403, 403, 404, 401),
        url=NET + "/contributions/c-pending",
        json={"note": "Relecture des statuts"},
    ),
    Case(
        "POST",
        E + "/validate",
        coordinators_only(201),
        url=NET + "/contributions/c-pending/validate",
    ),
    Case(
        "POST",
        E + "/reject",
        coordinators_only(201),
        url=NET + "/contributions/c-pending/reject",
        json=REASON,
    ),
    Case(
        "POST",
        E + "/confirm",
        # Only the receiving member's representative: Mallory, for basalte.
        outcomes(403, 403, 403, 201, 403, 403, 404, 401),
        url=NET + "/contributions/c-echange/confirm",
    ),
    Case(
        "POST",
        E + "/reverse",
        coordinators_only(201),
        url=NET + "/contributions/c-valid/reverse",
        json=REASON,
    ),
    Case(
        "POST",
        N + "/imports/contributions",
        # Written for real (not a dry run), so that the import's audit line is checked too.
        coordinators_only(201),
        files={"file": ("apports.csv", IMPORTED, "text/csv")},
        params={"dry_run": "false"},
    ),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    karim = {"Authorization": f"Bearer {tokens['own_member']}"}
    for ref, receiver, headers in (
        ("c-valid", {"network": True}, {}),
        ("c-pending", {"network": True}, karim),
        ("c-echange", {"member": "basalte"}, karim),
    ):
        response = await admin.post(
            NET + "/contributions",
            json={
                "ref": ref,
                "giver": {"member": "alize"},
                "receiver": receiver,
                "form": "time",
                "quantity": "2",
                "date": "2025-10-01",
            },
            headers=headers,
        )
        assert response.status_code == 201, response.text
    return {"contribution_ref": "c-valid"}
