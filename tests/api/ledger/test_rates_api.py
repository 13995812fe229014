"""Valuation over HTTP: a network's dated rates, its charge coefficient, and working-group
facilitators.

Camille coordinates ``raviv-idf``; Karim represents ``alize``, Mallory ``basalte`` (both members
since 2024-01-01); Sophie reads the network as a consultant. The network starts with no rate of
its own and no stated coefficient: an hour is worth the SMIC brut horaire × 1.25.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from raviv.access.tables import AuditEntry
from raviv.guard.roles import Role
from raviv.ledger import contributions
from raviv.valuation import default_hourly_rate, smic_brut_horaire
from raviv.vocabulary import Form
from tests.personas import CAMILLE, KARIM, SOPHIE, Clients, persona_clients

NET = "/api/networks/raviv-idf"
RATES = NET + "/rates"
POLICY = RATES + "/policy"
ENTRIES = NET + "/contributions"


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
    mission = {Role.consultant: network_today() + dt.timedelta(days=90)}
    opened = await persona_clients("raviv-idf", CAMILLE, KARIM, SOPHIE, until=mission)
    # This process's copy of the rates outlives each test's rolled-back database.
    contributions.forget_rates("raviv-idf")
    yield opened
    for http in opened.values():
        await http.aclose()
    contributions.forget_rates("raviv-idf")


def rate(**changes: Any) -> dict[str, Any]:
    return {"form": "time", "eur_per_unit": "15.00", "effective_from": "2025-01-01"} | changes


def entry(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "giver": {"member": "alize"},
        "receiver": {"network": True},
        "form": "time",
        "quantity": "2",
        "date": "2026-01-15",
    }
    return body | changes


def problem_fields(response: httpx.Response) -> list[str]:
    return [e["field"] for e in response.json().get("errors", [])]


async def audit_lines(action: str) -> list[dict[str, Any]]:
    return await (
        AuditEntry.select(AuditEntry.object_ref, AuditEntry.after)
        .where(AuditEntry.action == action)
        .run()
    )


def network_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Paris")).date()


# -- rates ----------------------------------------------------------------------------------------


async def test_camilles_rates_are_read_by_form_then_first_day_by_karim_and_sophie(
    people: Clients,
) -> None:
    for body in (
        rate(form="equipment", eur_per_unit="30", category="sono", method="Tarif de location"),
        rate(eur_per_unit="16.5", effective_from="2026-01-01"),
        rate(method="SMIC × 1,25 arrondi"),
        rate(form="premises", unit="m²-days", eur_per_unit="0.75"),
    ):
        created = await people["camille"].post(RATES, json=body)
        assert created.status_code == 201, created.text
    for reader in ("karim", "sophie", "camille"):
        listed = await people[reader].get(RATES)
        assert listed.status_code == 200, listed.text
        rates = [
            (r["form"], r["category"], r["eur_per_unit"], r["unit"], r["effective_from"])
            for r in listed.json()["rates"]
        ]
        assert rates == [
            ("time", "", "15.00", "hours", "2025-01-01"),
            ("time", "", "16.50", "hours", "2026-01-01"),
            ("equipment", "sono", "30.00", "item-days", "2025-01-01"),
            ("premises", "", "0.75", "m²-days", "2025-01-01"),
        ]
    assert listed.json()["rates"][0]["method"] == "SMIC × 1,25 arrondi"


async def test_with_no_stated_coefficient_the_default_hourly_rate_is_the_smic_times_1_25(
    people: Clients,
) -> None:
    body = (await people["karim"].get(RATES)).json()
    assert body["rates"] == []
    assert body["policy"] == {
        "charge_coefficient": "1.25",
        "method": "SMIC brut horaire × 1,25 (charges patronales)",
        "stated": False,
        "updated_at": None,
    }
    today = network_today()
    assert body["default_hourly_rate"] == {
        "on": today.isoformat(),
        "smic_brut_horaire": str(smic_brut_horaire(today)),
        "charge_coefficient": "1.25",
        "eur_per_hour": str(default_hourly_rate(today)),
    }


async def test_a_stated_rate_and_coefficient_are_audited(people: Clients) -> None:
    assert (await people["camille"].post(RATES, json=rate())).status_code == 201
    created = await audit_lines("rate.create")
    assert [line["object_ref"] for line in created] == ["time/2025-01-01"]
    assert '"15.00"' in created[0]["after"]
    stated = await people["camille"].put(POLICY, json={"charge_coefficient": "1.4"})
    assert stated.status_code == 200, stated.text
    assert stated.json()["stated"] is True
    assert stated.json()["method"] == "SMIC brut horaire × 1,4 (charges patronales)"
    changed = await audit_lines("valuation_policy.update")
    assert [line["object_ref"] for line in changed] == ["raviv-idf"]
    assert '"1.4"' in changed[0]["after"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        (rate(unit="m²-days"), 422, "unit"),
        (rate(eur_per_unit="0"), 422, "eur_per_unit"),
        (rate(eur_per_unit="-12.00"), 422, "eur_per_unit"),
        (rate(eur_per_unit="15.005"), 422, "eur_per_unit"),
        (rate(form="money", unit="euros", eur_per_unit="1"), 422, "form"),
        (rate(eur_per_unit="17.00"), 409, "effective_from"),  # time from 2025-01-01 exists
    ],
    ids=["unit-of-another-form", "zero", "negative", "three-decimals", "money", "duplicate"],
)
async def test_a_refused_rate_names_its_field_and_writes_nothing(
    people: Clients, body: dict[str, Any], status: int, field: str
) -> None:
    assert (await people["camille"].post(RATES, json=rate())).status_code == 201
    before = (await people["camille"].get(RATES)).json()
    lines = len(await audit_lines("rate.create"))
    refused = await people["camille"].post(RATES, json=body)
    assert refused.status_code == status, refused.text
    assert problem_fields(refused) == [field]
    assert (await people["camille"].get(RATES)).json() == before
    assert len(await audit_lines("rate.create")) == lines


@pytest.mark.parametrize("coefficient", ["0.999", "3.001", "1.2345", "0", "-1.5"])
async def test_a_coefficient_out_of_bounds_or_too_precise_is_refused_and_writes_nothing(
    people: Clients, coefficient: str
) -> None:
    refused = await people["camille"].put(POLICY, json={"charge_coefficient": coefficient})
    assert refused.status_code == 422, refused.text
    assert problem_fields(refused) == ["charge_coefficient"]
    assert (await people["camille"].get(RATES)).json()["policy"]["stated"] is False
    assert await audit_lines("valuation_policy.update") == []


async def test_only_a_coordinator_states_a_rate_or_the_coefficient(people: Clients) -> None:
    for reader in ("karim", "sophie"):
        assert (await people[reader].post(RATES, json=rate())).status_code == 403
        assert (
            await people[reader].put(POLICY, json={"charge_coefficient": "1.4"})
        ).status_code == 403
    assert (await people["camille"].get(RATES)).json()["rates"] == []


# -- valuation of entries -------------------------------------------------------------------------


async def test_an_entry_logged_after_a_new_rate_is_valued_at_it_and_older_ones_keep_theirs(
    people: Clients,
) -> None:
    assert (await people["camille"].post(RATES, json=rate())).status_code == 201
    first = await people["camille"].post(ENTRIES, json=entry(ref="avant"))
    assert (first.json()["rate_eur"], first.json()["value_eur"]) == ("15.00", "30.00")
    newer = rate(eur_per_unit="18.00", effective_from="2026-01-01")
    assert (await people["camille"].post(RATES, json=newer)).status_code == 201
    second = await people["camille"].post(ENTRIES, json=entry(ref="apres"))
    assert second.status_code == 201, second.text
    assert (second.json()["rate_eur"], second.json()["value_eur"]) == ("18.00", "36.00")
    kept = await people["camille"].get(ENTRIES + "/avant")
    assert (kept.json()["rate_eur"], kept.json()["value_eur"]) == ("15.00", "30.00")


@pytest.fixture
def slow_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The refs of the entries logged by the slow path (the real one runs; it is only counted)."""
    taken: list[str] = []
    slow: Callable[..., Awaitable[Any]] = contributions._create_checked

    async def counted(network_ref: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        taken.append(data.ref)
        return await slow(network_ref, data, *args, **kwargs)

    monkeypatch.setattr(contributions, "_create_checked", counted)
    return taken


async def test_the_stated_coefficient_values_time_without_a_rate_on_both_paths(
    people: Clients, slow_paths: list[str]
) -> None:
    stated = await people["camille"].put(POLICY, json={"charge_coefficient": "1.40"})
    assert stated.status_code == 200, stated.text
    # 2026-01-15: SMIC 12.02 × 1.40 = 16.828, half-up 16.83 an hour.
    for ref in ("premiere", "seconde"):
        logged = await people["camille"].post(ENTRIES, json=entry(ref=ref))
        assert logged.status_code == 201, logged.text
        assert (logged.json()["rate_eur"], logged.json()["value_eur"]) == ("16.83", "33.66")
    # The first read the rates and the coefficient; the second was guessed from that copy and
    # checked by the one guarded statement.
    assert slow_paths == ["premiere"]
    assert contributions._RATES.get("raviv-idf", Form.time) is not None
    listed = (await people["sophie"].get(RATES)).json()
    assert listed["policy"]["charge_coefficient"] == "1.4"
    today = network_today()
    assert listed["default_hourly_rate"]["eur_per_hour"] == str(
        default_hourly_rate(today, Decimal("1.4"))
    )


async def test_a_stale_copy_of_the_coefficient_never_freezes_a_wrong_default_rate(
    people: Clients, slow_paths: list[str]
) -> None:
    await people["camille"].put(POLICY, json={"charge_coefficient": "1.4"})
    # What another process still holds: no time rate, and the coefficient before the change.
    contributions._RATES.put("raviv-idf", Form.time, (), Decimal("1.25"))
    logged = await people["camille"].post(ENTRIES, json=entry(ref="perime"))
    assert (logged.json()["rate_eur"], logged.json()["value_eur"]) == ("16.83", "33.66")
    assert slow_paths == ["perime"]  # the database refused the guess of 15.03


async def test_validating_karims_entry_uses_the_coefficient(people: Clients) -> None:
    await people["camille"].put(POLICY, json={"charge_coefficient": "1.4"})
    logged = await people["karim"].post(ENTRIES, json=entry(ref="k1", quantity="1"))
    assert logged.json()["status"] == "submitted"
    validated = await people["camille"].post(ENTRIES + "/k1/validate")
    assert (validated.json()["rate_eur"], validated.json()["value_eur"]) == ("16.83", "16.83")


async def test_a_rate_of_the_network_comes_before_the_coefficient(people: Clients) -> None:
    await people["camille"].put(POLICY, json={"charge_coefficient": "2"})
    assert (await people["camille"].post(RATES, json=rate())).status_code == 201
    for ref in ("a", "b"):  # slow path, then fast path
        logged = await people["camille"].post(ENTRIES, json=entry(ref=ref))
        assert logged.json()["rate_eur"] == "15.00"


# -- working-group facilitators -------------------------------------------------------------------


async def test_a_group_shows_the_members_enrolled_as_its_facilitators(people: Clients) -> None:
    camille = people["camille"]
    group = await camille.post(NET + "/groups", json={"ref": "petr", "name": "PETR"})
    assert group.status_code == 201, group.text
    assert group.json()["facilitators"] == []
    enrolled = await camille.post(
        NET + "/groups/petr/enrolments",
        json={"member": "alize", "starts_on": "2025-01-01", "facilitator": True},
    )
    assert enrolled.status_code == 201, enrolled.text
    assert enrolled.json()["facilitator"] is True
    plain = await camille.post(
        NET + "/groups/petr/enrolments", json={"member": "basalte", "starts_on": "2025-01-01"}
    )
    assert plain.json()["facilitator"] is False
    read = (await people["karim"].get(NET + "/groups/petr")).json()
    assert (read["enrolled"], read["facilitators"]) == (2, ["alize"])
    listed = (await people["sophie"].get(NET + "/groups")).json()["items"]
    assert [g["facilitators"] for g in listed] == [["alize"]]
    enrolments = (await camille.get(NET + "/groups/petr/enrolments")).json()
    assert [(e["member"], e["facilitator"]) for e in enrolments] == [
        ("alize", True),
        ("basalte", False),
    ]


async def test_a_facilitator_no_longer_enrolled_is_no_longer_shown(people: Clients) -> None:
    camille = people["camille"]
    await camille.post(NET + "/groups", json={"ref": "petr", "name": "PETR"})
    await camille.post(
        NET + "/groups/petr/enrolments",
        json={"member": "alize", "starts_on": "2025-01-01", "facilitator": True},
    )
    ended = await camille.post(NET + "/groups/petr/enrolments/alize/end", json={"on": "2025-06-01"})
    assert ended.json()["facilitator"] is True
    read = (await camille.get(NET + "/groups/petr")).json()
    assert (read["enrolled"], read["facilitators"]) == (0, [])
