"""Every entry a network stores can be valued: old history reads, writes no rate values are refused.

Camille coordinates ``raviv-idf``; ``alize`` has been a member since 2010. The network states no
rate of its own: its hours are valued at the SMIC brut horaire of the day × 1.25. raviv knows
the SMIC from 2015-01-01; a meeting held before then can be valued only at a meeting rate of
the network's own, so its attendance is refused until the network states one.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

NET = "/api/networks/raviv-idf"


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


@pytest.fixture
async def network(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await ok(await client.post("/api/networks", json={"ref": "raviv-idf", "name": "RAVIV"}), 201)
    member = {"ref": "alize", "name": "Alizé", "joined_on": "2010-01-01"}
    await ok(await client.post(NET + "/members", json=member), 201)
    return client


async def meeting(client: httpx.AsyncClient, ref: str, day: str, hours: str = "2") -> None:
    body = {"ref": ref, "title": ref, "kind": "general_assembly", "date": day}
    await ok(await client.post(NET + "/meetings", json=body | {"duration_hours": hours}), 201)


def attendance(people: int = 1) -> dict[str, Any]:
    return {"attendance": [{"member": "alize", "people": people}]}


async def test_a_meeting_of_2019_is_valued_at_the_smic_of_its_day_in_totals_and_reciprocity(
    network: httpx.AsyncClient,
) -> None:
    await meeting(network, "ag-2019", "2019-06-15")
    await ok(await network.put(NET + "/meetings/ag-2019/attendance", json=attendance()))

    totals = await ok(await network.get(NET + "/contributions/totals"))
    reciprocity = await ok(
        await network.get(NET + "/reciprocity", params={"from": "2018-09-01", "to": "2019-09-01"})
    )

    # 2 person-hours × (10.03 € × 1.25 = 12.5375 → 12.54 €)
    assert totals["validated_by_form"]["meeting"] == {
        "entries": 1,
        "quantity": "2",
        "value_eur": "25.08",
    }
    assert reciprocity["network"]["valued_total_eur"] == "25.08"


async def test_a_meeting_of_2022_between_revaluations_takes_the_smic_of_august(
    network: httpx.AsyncClient,
) -> None:
    await meeting(network, "ag-2022", "2022-09-20", hours="1")
    await ok(await network.put(NET + "/meetings/ag-2022/attendance", json=attendance(2)))

    totals = await ok(await network.get(NET + "/contributions/totals"))

    # 2 person-hours × (11.07 € × 1.25 = 13.8375 → 13.84 €)
    assert totals["validated_by_form"]["meeting"]["value_eur"] == "27.68"


async def test_attendance_at_a_meeting_no_rate_values_is_refused_naming_the_date_and_rate(
    network: httpx.AsyncClient,
) -> None:
    await meeting(network, "ag-2014", "2014-06-15")

    refused = await network.put(NET + "/meetings/ag-2014/attendance", json=attendance())

    assert refused.status_code == 422, refused.text
    problem = refused.json()["errors"][0]
    assert problem["field"] == "date"
    assert problem["value"] == "2014-06-15"
    assert "no meeting rate in effect on 2014-06-15" in problem["message"]
    assert "no SMIC known before 2015-01-01" in problem["message"]
    attended = await ok(await network.get(NET + "/meetings/ag-2014/attendance"))
    assert attended["attendance"] == []
    totals = await ok(await network.get(NET + "/contributions/totals"))
    assert "meeting" not in totals["validated_by_form"]


async def test_attendance_before_2015_is_taken_once_the_network_states_a_meeting_rate(
    network: httpx.AsyncClient,
) -> None:
    await meeting(network, "ag-2014", "2014-06-15")
    rate = {"form": "meeting", "eur_per_unit": "12.00", "effective_from": "2014-01-01"}
    await ok(await network.post(NET + "/rates", json=rate), 201)

    await ok(await network.put(NET + "/meetings/ag-2014/attendance", json=attendance()))

    totals = await ok(await network.get(NET + "/contributions/totals"))
    assert totals["validated_by_form"]["meeting"]["value_eur"] == "24.00"


async def test_an_excused_line_before_2015_needs_no_rate(network: httpx.AsyncClient) -> None:
    await meeting(network, "ag-2014", "2014-06-15")
    excused = {"attendance": [{"member": "alize", "excused": True, "reason": "en tournée"}]}

    await ok(await network.put(NET + "/meetings/ag-2014/attendance", json=excused))


async def test_a_coordinators_hours_before_2015_are_refused_naming_the_date_and_rate(
    network: httpx.AsyncClient,
) -> None:
    time = {
        "giver": {"member": "alize"},
        "receiver": {"network": True},
        "form": "time",
        "quantity": "2",
        "date": "2014-06-15",
    }

    refused = await network.post(NET + "/contributions", json=time)

    assert refused.status_code == 422, refused.text
    message = refused.json()["errors"][0]["message"]
    assert "no time rate in effect on 2014-06-15" in message
    assert "no SMIC known before 2015-01-01" in message
