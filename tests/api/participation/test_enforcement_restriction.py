"""A member under a restriction is refused the services the network gives it, unless a
coordinator overrides it (both engines).

The example network's season 2025 is over; fougere's case is open and Camille restricts its
network services. Fanny represents fougere. Services are premises lent by the network.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from raviv.access.tables import AuditEntry
from raviv.ledger.tables import Contribution
from raviv.network_archive import archive_io
from raviv.participation.enforcement import run_daily
from tests.api.participation.test_enforcement_api import days_ago
from tests.personas import CAMILLE, FANNY, Clients, persona_clients
from tests.unit.rules.test_example import EXAMPLE

NET = "/api/networks/exemple"
ENTRIES = NET + "/contributions"
CASE = NET + "/cases/fougere-2025-09-01"


def service_to(member: str, day: str, **changes: Any) -> dict[str, Any]:
    """The network lends its rehearsal room to ``member`` for 4 hours."""
    body = {
        "giver": {"network": True},
        "receiver": {"member": member},
        "form": "premises",
        "quantity": "4",
        "date": day,
        "note": "Salle de répétition du réseau",
    }
    return body | changes


@pytest.fixture
async def people(db: None) -> AsyncIterator[Clients]:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    clients = await persona_clients("exemple", CAMILLE, FANNY, domain="exemple.test")
    await run_daily("exemple", dt.date(2026, 9, 1))
    yield clients
    for client in clients.values():
        await client.aclose()


async def restrict(camille: httpx.AsyncClient, **changes: str) -> None:
    body = {"kind": "restriction", "note": "Services suspendus", "decided_on": days_ago(20)}
    answer = await camille.post(CASE + "/decisions", json=body | changes)
    assert answer.status_code == 201, answer.text


async def test_a_restricted_member_is_refused_network_services_with_the_reason(
    people: Clients,
) -> None:
    await restrict(people["camille"])
    entries = await Contribution.count()

    refused = await people["camille"].post(ENTRIES, json=service_to("fougere", days_ago(2)))

    assert refused.status_code == 409, refused.text
    problem = refused.json()
    [error] = problem["errors"]
    assert (error["field"], error["value"]) == ("receiver", "fougere")
    assert f"restricted since {days_ago(20)}" in error["message"]
    assert "by decision of case fougere-2025-09-01" in error["message"]
    assert "until lifted" in error["message"]
    assert "jusqu'à sa levée" in error["message_fr"]
    assert "override_restriction" in problem["detail"]
    assert await Contribution.count() == entries


async def test_a_coordinator_overrides_the_restriction_and_the_reason_is_audited(
    people: Clients,
) -> None:
    await restrict(people["camille"])
    reason = "Résidence programmée avant la décision, maintenue par le bureau"

    logged = await people["camille"].post(
        ENTRIES, json=service_to("fougere", days_ago(2), ref="salle-1", override_restriction=reason)
    )

    assert logged.status_code == 201, logged.text
    assert logged.json()["status"] == "validated"
    [line] = (
        await AuditEntry.select()
        .where((AuditEntry.action == "contribution.create") & (AuditEntry.object_ref == "salle-1"))
        .run()
    )
    assert reason in line["detail"]
    assert "case fougere-2025-09-01" in line["detail"]
    assert f"restricted since {days_ago(20)}" in line["detail"]


async def test_services_are_given_again_once_the_restriction_ends_or_is_lifted(
    people: Clients,
) -> None:
    camille = people["camille"]
    await restrict(camille, ends_on=days_ago(10))

    during = await camille.post(ENTRIES, json=service_to("fougere", days_ago(11)))
    after_end = await camille.post(ENTRIES, json=service_to("fougere", days_ago(10)))
    before = await camille.post(ENTRIES, json=service_to("fougere", days_ago(21)))

    assert during.status_code == 409
    assert (after_end.status_code, before.status_code) == (201, 201)

    await restrict(camille, decided_on=days_ago(5))  # a new one replaces it, until lifted
    assert (await camille.post(ENTRIES, json=service_to("fougere", days_ago(1)))).status_code == 409
    lifted = await camille.post(
        CASE + "/decisions", json={"kind": "lift", "note": "Levée", "decided_on": days_ago(1)}
    )
    assert lifted.status_code == 201, lifted.text

    again = await camille.post(ENTRIES, json=service_to("fougere", days_ago(1)))

    assert again.status_code == 201, again.text


async def test_a_representative_cannot_override_a_restriction(people: Clients) -> None:
    await restrict(people["camille"])
    fanny = people["fanny"]
    entries = await Contribution.count()

    own_gift = await fanny.post(
        ENTRIES,
        json={
            "giver": {"member": "fougere"},
            "receiver": {"network": True},
            "form": "time",
            "quantity": "2",
            "date": days_ago(3),
            "override_restriction": "Je le demande",
        },
    )
    network_gift = await fanny.post(
        ENTRIES, json=service_to("fougere", days_ago(3), override_restriction="Je le demande")
    )

    assert own_gift.status_code == 403
    assert [e["field"] for e in own_gift.json()["errors"]] == ["override_restriction"]
    assert network_gift.status_code == 403
    assert await Contribution.count() == entries


async def test_other_members_and_the_restricted_members_own_gifts_are_not_concerned(
    people: Clients,
) -> None:
    await restrict(people["camille"])

    to_basalte = await people["camille"].post(ENTRIES, json=service_to("basalte", days_ago(2)))
    from_fougere = await people["fanny"].post(
        ENTRIES,
        json={
            "giver": {"member": "fougere"},
            "receiver": {"network": True},
            "form": "time",
            "quantity": "2",
            "date": days_ago(3),
        },
    )

    assert to_basalte.status_code == 201, to_basalte.text
    assert from_fougere.status_code == 201, from_fougere.text


async def test_an_empty_override_reason_is_refused_naming_the_field(people: Clients) -> None:
    await restrict(people["camille"])

    refused = await people["camille"].post(
        ENTRIES, json=service_to("fougere", days_ago(2), override_restriction="")
    )

    assert refused.status_code == 400
    assert [e["field"] for e in refused.json()["errors"]] == ["override_restriction"]
    assert json.loads(refused.text)["status"] == 400
