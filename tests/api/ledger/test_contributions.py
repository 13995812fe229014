"""Contributions over HTTP: the workflow, reversals, idempotency and every refusal.

Camille coordinates ``raviv-idf``; Karim represents ``alize``, Mallory ``basalte`` (both members
since 2024-01-01). The network values an hour at 15.00 € until 2025, 16.00 € from 2026.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest

from raviv.access.tables import AuditEntry
from raviv.ledger.tables import Contribution, Rate
from raviv.registry.service import network_id
from tests.personas import CAMILLE, KARIM, MALLORY, Clients, persona_clients

NET = "/api/networks/raviv-idf"
ENTRIES = NET + "/contributions"


def entry(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "giver": {"member": "alize"},
        "receiver": {"network": True},
        "form": "time",
        "quantity": "2",
        "date": "2025-12-31",
        "note": "Mise à jour du site",
    }
    return body | changes


@pytest.fixture
async def people(client: httpx.AsyncClient) -> AsyncIterator[Clients]:
    assert (
        await client.post("/api/networks", json={"ref": "raviv-idf", "name": "RAVIV"})
    ).is_success
    for ref in ("alize", "basalte"):
        created = await client.post(
            NET + "/members", json={"ref": ref, "name": ref.title(), "joined_on": "2024-01-01"}
        )
        assert created.status_code == 201
    nid = await network_id("raviv-idf")
    for since, cents in ((date(2024, 1, 1), 1500), (date(2026, 1, 1), 1600)):
        await Rate.insert(
            Rate(
                network=nid,
                form="time",
                unit="hours",
                eur_per_unit_cents=cents,
                effective_from=since,
                method="SMIC × 1,25 arrondi",
            )
        ).run()
    opened = await persona_clients("raviv-idf", CAMILLE, KARIM, MALLORY)
    yield opened
    for http in opened.values():
        await http.aclose()


async def rows() -> int:
    return await Contribution.count()


def problem_fields(response: httpx.Response) -> list[str]:
    return [e["field"] for e in response.json().get("errors", [])]


async def test_camilles_entry_is_validated_at_once_at_the_rate_of_its_day(people: Clients) -> None:
    response = await people["camille"].post(ENTRIES, json=entry(quantity="1.5"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "validated"
    assert (body["rate_eur"], body["value_eur"]) == ("15.00", "22.50")
    assert body["quantity"] == "1.5"


async def test_karims_entry_waits_for_camille_and_takes_the_rate_of_its_own_day(
    people: Clients,
) -> None:
    logged = await people["karim"].post(ENTRIES, json=entry(ref="k1"))
    assert logged.status_code == 201
    assert (logged.json()["status"], logged.json()["value_eur"]) == ("submitted", None)
    validated = await people["camille"].post(ENTRIES + "/k1/validate")
    assert validated.status_code == 201
    # Dated 2025-12-31: the 2025 rate, though validated in 2026.
    assert (validated.json()["status"], validated.json()["value_eur"]) == ("validated", "30.00")
    again = await people["camille"].post(ENTRIES + "/k1/validate")
    assert again.status_code == 409


async def test_a_rejected_entry_keeps_its_reason_and_cannot_be_validated_after(
    people: Clients,
) -> None:
    await people["karim"].post(ENTRIES, json=entry(ref="k1"))
    rejected = await people["camille"].post(ENTRIES + "/k1/reject", json={"reason": "en double"})
    assert (rejected.json()["status"], rejected.json()["reason"]) == ("rejected", "en double")
    assert (await people["camille"].post(ENTRIES + "/k1/validate")).status_code == 409
    assert (
        await people["camille"].post(ENTRIES + "/k1/reject", json={"reason": "x"})
    ).status_code == 409


async def test_mallory_confirms_what_karims_member_lent_hers_and_karim_cannot(
    people: Clients,
) -> None:
    lent = entry(ref="pret", receiver={"member": "basalte"}, form="knowledge", quantity="3")
    assert (await people["karim"].post(ENTRIES, json=lent)).status_code == 201
    assert (await people["karim"].post(ENTRIES + "/pret/confirm")).status_code == 403
    confirmed = await people["mallory"].post(ENTRIES + "/pret/confirm")
    assert confirmed.json()["status"] == "confirmed"
    validated = await people["camille"].post(ENTRIES + "/pret/validate")
    assert validated.json()["status"] == "validated"


async def test_a_reversal_cancels_a_validated_entry_once_and_is_never_reversed(
    people: Clients,
) -> None:
    await people["camille"].post(ENTRIES, json=entry(ref="c1"))
    reversal = await people["camille"].post(ENTRIES + "/c1/reverse", json={"reason": "erreur"})
    assert reversal.status_code == 201
    assert (reversal.json()["reverses"], reversal.json()["status"]) == ("c1", "validated")
    original = (await people["camille"].get(ENTRIES + "/c1")).json()
    assert original["reversed_by"] == reversal.json()["ref"]
    twice = await people["camille"].post(ENTRIES + "/c1/reverse", json={"reason": "encore"})
    assert twice.status_code == 409
    of_reversal = await people["camille"].post(
        ENTRIES + f"/{reversal.json()['ref']}/reverse", json={"reason": "x"}
    )
    assert of_reversal.status_code == 409
    totals = (await people["camille"].get(ENTRIES + "/totals")).json()
    assert totals["validated_value_eur"] == "0.00"
    assert totals["by_status"] == {"validated": 2}


async def test_a_pending_entry_is_reversed_no_more_than_a_validated_one_is_edited(
    people: Clients,
) -> None:
    await people["karim"].post(ENTRIES, json=entry(ref="k1"))
    assert (
        await people["camille"].post(ENTRIES + "/k1/reverse", json={"reason": "x"})
    ).status_code == 409
    edited = await people["karim"].patch(ENTRIES + "/k1", json={"quantity": "3"})
    assert edited.json()["quantity"] == "3"
    await people["camille"].post(ENTRIES + "/k1/validate")
    refused = await people["karim"].patch(ENTRIES + "/k1", json={"quantity": "4"})
    assert refused.status_code == 409
    assert (await people["camille"].get(ENTRIES + "/k1")).json()["quantity"] == "3"


@pytest.mark.parametrize(
    ("who", "body", "status", "field"),
    [
        ("karim", entry(quantity="0"), 422, "quantity"),
        ("karim", entry(quantity="-2"), 422, "quantity"),
        ("karim", entry(quantity="1.0001"), 422, "quantity"),
        ("karim", entry(unit="item-days"), 422, "unit"),
        ("karim", entry(date="2023-06-01"), 422, "date"),
        ("karim", entry(receiver={"member": "alize"}), 422, "receiver.member"),
        ("karim", entry(receiver={"member": "nobody"}), 422, "receiver.member"),
        ("karim", entry(receiver={"group": "nowhere"}), 422, "receiver.group"),
        ("karim", entry(receiver={"network": True, "member": "basalte"}), 422, "receiver"),
        ("karim", entry(giver={"network": True}), 403, "giver.network"),
        ("karim", entry(giver={"member": "basalte"}), 403, "giver.member"),
        ("camille", entry(form="equipment", unit="item-days"), 422, "form"),
    ],
    ids=[
        "zero",
        "negative",
        "four-decimals",
        "unit-of-another-form",
        "before-membership",
        "to-itself",
        "unknown-member",
        "unknown-group",
        "two-receivers",
        "network-giver",
        "another-members-giving",
        "no-rate-for-equipment",
    ],
)
async def test_a_bad_entry_is_refused_with_its_field_and_nothing_is_written(
    people: Clients, who: str, body: dict[str, Any], status: int, field: str
) -> None:
    before = await rows()
    response = await people[who].post(ENTRIES, json=body)
    assert response.status_code == status, response.text
    assert field in problem_fields(response)
    assert await rows() == before


async def test_a_retry_with_the_same_key_returns_the_first_entry_and_logs_once(
    people: Clients,
) -> None:
    key = {"Idempotency-Key": "tableur-ligne-12"}
    first = await people["karim"].post(ENTRIES, json=entry(), headers=key)
    retry = await people["karim"].post(ENTRIES, json=entry(), headers=key)
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json()["ref"] == first.json()["ref"]
    assert await rows() == 1
    other = await people["karim"].post(ENTRIES, json=entry(quantity="5"), headers=key)
    assert other.status_code == 422
    assert problem_fields(other) == ["Idempotency-Key"]
    # The key is the caller's own: Camille's same key logs her own entry.
    assert (await people["camille"].post(ENTRIES, json=entry(), headers=key)).status_code == 201
    assert await rows() == 2


async def test_each_representative_lists_what_its_member_gave_or_received(people: Clients) -> None:
    await people["karim"].post(ENTRIES, json=entry(ref="a"))
    await people["karim"].post(ENTRIES, json=entry(ref="b", receiver={"member": "basalte"}))
    await people["mallory"].post(ENTRIES, json=entry(ref="c", giver={"member": "basalte"}))

    async def refs(who: str, query: str = "") -> list[str]:
        page = (await people[who].get(ENTRIES + query)).json()
        return sorted(item["ref"] for item in page["items"])

    assert await refs("karim") == ["a", "b"]
    assert await refs("mallory") == ["b", "c"]
    assert await refs("camille") == ["a", "b", "c"]
    assert await refs("camille", "?member=basalte") == ["b", "c"]
    assert await refs("camille", "?status=submitted&form=time&from=2025-12-31&to=2026-01-01") == [
        "a",
        "b",
        "c",
    ]
    assert await refs("camille", "?to=2025-12-31") == []
    assert (await people["mallory"].get(ENTRIES + "/a")).status_code == 404


async def test_every_change_to_an_entry_is_in_the_audit_log(people: Clients) -> None:
    await people["karim"].post(ENTRIES, json=entry(ref="k1"))
    await people["karim"].patch(ENTRIES + "/k1", json={"note": "précisé"})
    await people["camille"].post(ENTRIES + "/k1/validate")
    await people["camille"].post(ENTRIES + "/k1/reverse", json={"reason": "erreur"})
    actions = [
        line["action"]
        for line in await AuditEntry.select(AuditEntry.action)
        .where(AuditEntry.object_type == "contribution")
        .order_by(AuditEntry.id)
        .run()
    ]
    assert actions == [
        "contribution.create",
        "contribution.update",
        "contribution.validated",
        "contribution.reverse",
    ]
