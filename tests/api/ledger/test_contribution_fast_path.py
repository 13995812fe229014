"""Logging an entry in one guarded statement gives exactly what the fact-by-fact path gives, and
a stale guess never writes a wrong entry: the database checks every fact the guess relied on.

Same network as test_contributions.py (``people`` fixture): an hour is worth 15.00 € until 2025,
16.00 € from 2026; alize and basalte are members since 2024-01-01.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from raviv.db import execute
from raviv.ledger import contributions
from raviv.ledger.tables import Contribution, Rate, WorkingGroup
from raviv.registry.service import network_id
from raviv.vocabulary import Form
from tests.api.ledger.test_contributions import ENTRIES, NET, Clients, entry, people

__all__ = ["people"]  # the fixture, shared

STORED = (
    Contribution.status,
    Contribution.form,
    Contribution.unit,
    Contribution.category,
    Contribution.quantity_milli,
    Contribution.date,
    Contribution.giver_member,
    Contribution.receiver_kind,
    Contribution.receiver_member,
    Contribution.receiver_group,
    Contribution.receiver_project,
    Contribution.rate_cents,
    Contribution.value_cents,
    Contribution.created_by,
    Contribution.validated_by,
)


@pytest.fixture
def slow_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The refs asked for whenever the fact-by-fact path ran (it still runs, untouched)."""
    taken: list[str] = []
    checked = contributions._create_checked

    async def counting(network_ref: str, data: Any, *args: Any) -> Any:
        taken.append(data.ref)
        return await checked(network_ref, data, *args)

    monkeypatch.setattr(contributions, "_create_checked", counting)
    return taken


async def stored(ref: str) -> dict[str, Any]:
    row = await Contribution.select(*STORED).where(Contribution.ref == ref).first()
    assert row is not None
    return dict(row)


async def with_world(people: Clients) -> None:
    camille = people["camille"]
    created = await camille.post(NET + "/groups", json={"ref": "com", "name": "Communication"})
    assert created.status_code == 201, created.text
    created = await camille.post(
        NET + "/projects",
        json={"ref": "festival", "name": "Festival", "lead": "alize", "starts_on": "2025-01-01"},
    )
    assert created.status_code == 201, created.text
    nid = await network_id("raviv-idf")
    for form, unit, category, cents in (
        ("equipment", "item-days", "", 2000),
        ("equipment", "item-days", "sono", 4500),
    ):
        await Rate.insert(
            Rate(
                network=nid,
                form=form,
                unit=unit,
                category=category,
                eur_per_unit_cents=cents,
                effective_from=date(2024, 1, 1),
                method="prix de location",
            )
        ).run()


SHAPES = {
    "time to the network": {},
    "time to a member": {"receiver": {"member": "basalte"}},
    "time to a group": {"receiver": {"group": "com"}},
    "time to a project": {"receiver": {"project": "festival"}},
    "the network to a member": {"giver": {"network": True}, "receiver": {"member": "alize"}},
    "equipment, general rate": {"form": "equipment", "quantity": "3"},
    "equipment, its category's rate": {"form": "equipment", "quantity": "3", "category": "sono"},
    "equipment, a category without a rate": {
        "form": "equipment",
        "quantity": "3",
        "category": "lumière",
    },
    "money": {"form": "money", "quantity": "120.455"},
    "time in 2026 (the later rate)": {"date": "2026-02-02", "quantity": "0.125"},
}


@pytest.mark.parametrize("shape", SHAPES)
async def test_the_one_statement_path_stores_what_the_fact_by_fact_path_stores(
    people: Clients, slow_paths: list[str], shape: str
) -> None:
    await with_world(people)
    contributions.forget_rates("raviv-idf")
    cold = await people["camille"].post(ENTRIES, json=entry(ref="cold", **SHAPES[shape]))
    assert cold.status_code == 201, cold.text
    warm = await people["camille"].post(ENTRIES, json=entry(ref="warm", **SHAPES[shape]))
    assert warm.status_code == 201, warm.text
    # The first read the rates; the second used them. Money needs none: both went fast. What the
    # network gives a member always takes the checked path (its restriction is checked there).
    expected = {"money": [], "the network to a member": ["cold", "warm"]}.get(shape, ["cold"])
    assert slow_paths == expected
    assert await stored("warm") == await stored("cold")
    answered = {k: v for k, v in warm.json().items() if k not in {"ref", "created_at"}}
    first = {k: v for k, v in cold.json().items() if k not in {"ref", "created_at"}}
    assert answered | {"validated_at": None} == first | {"validated_at": None}


async def test_a_members_entry_takes_the_one_statement_path_and_stays_pending(
    people: Clients, slow_paths: list[str]
) -> None:
    logged = await people["karim"].post(ENTRIES, json=entry(ref="k1"))
    assert logged.status_code == 201, logged.text
    assert slow_paths == []
    assert (await stored("k1"))["status"] == "submitted"
    assert (await stored("k1"))["rate_cents"] is None


async def test_a_rate_added_behind_the_processs_copy_is_the_one_frozen(
    people: Clients, slow_paths: list[str]
) -> None:
    first = await people["camille"].post(ENTRIES, json=entry(ref="before", date="2025-06-01"))
    assert first.json()["rate_eur"] == "15.00"
    # Another process adds a rate from 2025-06-01: this process's copy does not know it.
    await Rate.insert(
        Rate(
            network=await network_id("raviv-idf"),
            form="time",
            unit="hours",
            eur_per_unit_cents=1550,
            effective_from=date(2025, 6, 1),
            method="revalorisation",
        )
    ).run()
    assert contributions._RATES.get("raviv-idf", Form.time) is not None  # the stale copy
    after = await people["camille"].post(ENTRIES, json=entry(ref="after", date="2025-06-01"))
    assert after.status_code == 201, after.text
    assert (after.json()["rate_eur"], after.json()["value_eur"]) == ("15.50", "31.00")
    assert (await stored("after"))["rate_cents"] == 1550
    assert slow_paths[-1] == "after"  # the guess was refused by the database, then corrected
    again = await people["camille"].post(ENTRIES, json=entry(ref="again", date="2025-06-01"))
    assert again.json()["rate_eur"] == "15.50"
    assert slow_paths[-1] == "after"  # the copy was refreshed by the slow path


async def test_a_membership_ended_behind_the_guess_refuses_the_entry_by_its_date(
    people: Clients,
) -> None:
    assert (await people["camille"].post(ENTRIES, json=entry(ref="warm"))).status_code == 201
    await execute("UPDATE membership SET ends_on = {}", date(2025, 1, 1))
    count = await Contribution.count()
    refused = await people["camille"].post(ENTRIES, json=entry(ref="late"))
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["date"]
    assert await Contribution.count() == count


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"receiver": {"member": "zorro"}}, "receiver.member"),
        ({"receiver": {"group": "zorro"}}, "receiver.group"),
        ({"receiver": {"project": "zorro"}}, "receiver.project"),
        ({"giver": {"member": "zorro"}}, "giver.member"),
        ({"form": "premises", "unit": "room-hours"}, "form"),  # no premises rate: no value
    ],
)
async def test_what_the_one_statement_cannot_find_is_named_by_the_slow_path(
    people: Clients, changes: dict[str, Any], field: str
) -> None:
    await with_world(people)
    assert (await people["camille"].post(ENTRIES, json=entry(ref="warm"))).status_code == 201
    count = await Contribution.count()
    refused = await people["camille"].post(ENTRIES, json=entry(**changes))
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == [field]
    assert await Contribution.count() == count
    assert await WorkingGroup.count() == 1


async def test_a_retry_with_its_key_answers_the_first_entry_on_the_fast_path(
    people: Clients, slow_paths: list[str]
) -> None:
    headers = {"Idempotency-Key": "k-42"}
    assert (await people["camille"].post(ENTRIES, json=entry(ref="warm"))).status_code == 201
    first = await people["camille"].post(ENTRIES, json=entry(), headers=headers)
    retry = await people["camille"].post(ENTRIES, json=entry(), headers=headers)
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.headers.get("Idempotent-Replayed") == "true"
    assert retry.json()["ref"] == first.json()["ref"]
    assert await Contribution.count().where(Contribution.idempotency_key == "k-42") == 1
