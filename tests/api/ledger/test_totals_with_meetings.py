"""The contributions' totals count the ``meeting`` entries attendance yields.

Camille coordinates ``raviv-idf``; Karim represents ``alize``, Mallory ``basalte`` (both members
since 2024-01-01). The network values a person-hour of meeting at 15.00 € until 2025, 16.00 €
from 2026, and an hour of time at 15.00 €. The ledger:

- ``petr-1`` (the PETR group, 2025-10-07, 2 h): alize 2 people, basalte excused → 4 person-hours
  given by alize to petr, 60.00 €;
- ``festival-1`` (the Festival project, 2025-11-20, 3 h): basalte 1 person → 3 person-hours
  to the project, 45.00 €;
- ``ag`` (the network's, 2026-02-10, 1.5 h): alize 1, basalte 2 → 1.5 person-hours from alize
  (24.00 €) and 3 from basalte (48.00 €), given to the network;
- one stored entry: 2 hours of time given by alize to the network on 2025-12-31, 30.00 €.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from raviv.ledger.tables import Contribution, Rate
from raviv.registry.service import network_id
from tests.personas import CAMILLE, KARIM, MALLORY, Clients, persona_clients

DATA = Path(__file__).resolve().parents[2] / "data"
NET = "/api/networks/raviv-idf"
TOTALS = NET + "/contributions/totals"


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


@pytest.fixture
async def people(client: httpx.AsyncClient) -> AsyncIterator[Clients]:
    await ok(await client.post("/api/networks", json={"ref": "raviv-idf", "name": "RAVIV"}), 201)
    for ref in ("alize", "basalte"):
        await ok(
            await client.post(
                NET + "/members", json={"ref": ref, "name": ref.title(), "joined_on": "2024-01-01"}
            ),
            201,
        )
    nid = await network_id("raviv-idf")
    for form, unit, since, cents in (
        ("time", "hours", date(2024, 1, 1), 1500),
        ("meeting", "person_hours", date(2024, 1, 1), 1500),
        ("meeting", "person_hours", date(2026, 1, 1), 1600),
    ):
        await Rate.insert(
            Rate(network=nid, form=form, unit=unit, eur_per_unit_cents=cents, effective_from=since)
        ).run()
    await ok(await client.post(NET + "/groups", json={"ref": "petr", "name": "PETR"}), 201)
    project = {"ref": "festival", "name": "Festival", "lead": "alize", "starts_on": "2025-05-01"}
    await ok(await client.post(NET + "/projects", json=project), 201)
    meetings = (
        ("petr-1", "working_group", "2025-10-07", "2", {"group": "petr"}),
        ("festival-1", "project", "2025-11-20", "3", {"project": "festival"}),
        ("ag", "general_assembly", "2026-02-10", "1.5", {}),
    )
    for ref, kind, day, duration, belongs in meetings:
        body = {"ref": ref, "title": ref, "kind": kind, "date": day, "duration_hours": duration}
        await ok(await client.post(NET + "/meetings", json=body | belongs), 201)
    attendance = {
        "petr-1": [
            {"member": "alize", "people": 2},
            {"member": "basalte", "excused": True, "reason": "en tournée"},
        ],
        "festival-1": [{"member": "basalte", "people": 1}],
        "ag": [{"member": "alize", "people": 1}, {"member": "basalte", "people": 2}],
    }
    for ref, lines in attendance.items():
        await ok(await client.put(f"{NET}/meetings/{ref}/attendance", json={"attendance": lines}))
    time = {
        "giver": {"member": "alize"},
        "receiver": {"network": True},
        "form": "time",
        "quantity": "2",
        "date": "2025-12-31",
    }
    await ok(await client.post(NET + "/contributions", json=time), 201)
    opened = await persona_clients("raviv-idf", CAMILLE, KARIM, MALLORY)
    yield opened
    for http in opened.values():
        await http.aclose()


async def totals(http: httpx.AsyncClient, **params: str) -> dict[str, Any]:
    body: dict[str, Any] = await ok(await http.get(TOTALS, params=params))
    return body


def meetings(body: dict[str, Any]) -> tuple[int, str, str] | None:
    """The meeting line of the totals: entries, person-hours, euros."""
    line = body["validated_by_form"].get("meeting")
    return None if line is None else (line["entries"], line["quantity"], line["value_eur"])


async def test_attendance_adds_its_person_hours_and_their_value_to_the_totals(
    people: Clients,
) -> None:
    body = await totals(people["camille"])

    # petr-1: 2 h × 2 people; festival-1: 3 h × 1; ag: 1.5 h × (1 + 2). Basalte's excuse: nothing.
    assert meetings(body) == (4, "11.5", "177.00")  # 60 + 45 + 24 + 48
    assert body["validated_by_form"]["time"] == {
        "entries": 1,
        "quantity": "2",
        "value_eur": "30.00",
    }
    assert body["validated_value_eur"] == "207.00"
    assert body["entries"] == 5
    assert body["by_status"] == {"validated": 5}
    assert body["from_attendance"] == 4
    assert body["pending_entries"] == 0
    assert await Contribution.count() == 1  # derived when read: nothing stored


async def test_a_meeting_is_valued_at_the_rate_in_effect_on_its_day(people: Clients) -> None:
    in_2025 = await totals(people["camille"], to="2026-01-01", form="meeting")
    in_2026 = await totals(people["camille"], **{"from": "2026-01-01"}, form="meeting")

    assert meetings(in_2025) == (2, "7", "105.00")  # at 15.00 €
    assert meetings(in_2026) == (2, "4.5", "72.00")  # at 16.00 €


async def test_the_member_filter_keeps_what_that_member_gave_at_meetings(
    people: Clients,
) -> None:
    alize = await totals(people["camille"], member="alize")
    basalte = await totals(people["camille"], member="basalte")

    assert meetings(alize) == (2, "5.5", "84.00")  # petr-1 and ag
    assert alize["validated_value_eur"] == "114.00"  # and its 2 hours of time
    assert alize["from_attendance"] == 2
    assert meetings(basalte) == (2, "6", "93.00")  # festival-1 and ag; excused from petr-1
    assert basalte["validated_value_eur"] == "93.00"


async def test_group_and_project_filters_keep_their_meetings_only(people: Clients) -> None:
    petr = await totals(people["camille"], group="petr")
    festival = await totals(people["camille"], project="festival")
    other = await totals(people["camille"], group="autre")

    assert meetings(petr) == (1, "4", "60.00")
    assert (petr["entries"], petr["validated_value_eur"]) == (1, "60.00")
    assert meetings(festival) == (1, "3", "45.00")
    assert (festival["entries"], festival["validated_value_eur"]) == (1, "45.00")
    assert (other["entries"], other["from_attendance"], meetings(other)) == (0, 0, None)


async def test_a_period_form_or_status_that_excludes_meetings_leaves_them_out(
    people: Clients,
) -> None:
    time_only = await totals(people["camille"], form="time")
    pending = await totals(people["camille"], status="submitted")
    validated = await totals(people["camille"], status="validated")
    december = await totals(people["camille"], **{"from": "2025-12-01"}, to="2026-01-01")

    assert (meetings(time_only), time_only["from_attendance"]) == (None, 0)
    assert time_only["validated_value_eur"] == "30.00"
    assert (pending["entries"], pending["from_attendance"]) == (0, 0)
    assert validated["from_attendance"] == 4  # derived entries are validated ones
    assert (meetings(december), december["validated_value_eur"]) == (None, "30.00")


async def test_an_excused_member_adds_nothing(people: Clients, client: httpx.AsyncClient) -> None:
    everyone_excused = [
        {"member": "alize", "excused": True},
        {"member": "basalte", "excused": True},
    ]
    await ok(
        await client.put(NET + "/meetings/ag/attendance", json={"attendance": everyone_excused})
    )

    body = await totals(people["camille"], **{"from": "2026-01-01"})

    assert (body["entries"], body["from_attendance"], meetings(body)) == (0, 0, None)
    assert body["validated_value_eur"] == "0.00"


async def test_a_representative_sees_only_what_its_own_member_gave(people: Clients) -> None:
    karims = await totals(people["karim"])
    mallorys = await totals(people["mallory"])
    # Even asking for the other member, a representative gets nothing of it.
    karim_asks_for_basalte = await totals(people["karim"], member="basalte")

    assert meetings(karims) == (2, "5.5", "84.00")
    assert (karims["entries"], karims["validated_value_eur"]) == (3, "114.00")
    assert meetings(mallorys) == (2, "6", "93.00")
    assert (mallorys["entries"], mallorys["validated_value_eur"]) == (2, "93.00")
    assert (karim_asks_for_basalte["entries"], meetings(karim_asks_for_basalte)) == (0, None)


# -- the example network --------------------------------------------------------------------------


async def test_the_example_seasons_validated_value_is_what_its_members_and_network_gave(
    client: httpx.AsyncClient,
) -> None:
    """The expected file's reciprocity counts each member's meeting hours in what it gave; with
    them, the totals of the season are the members' ``given_eur`` plus what the network gave (c8:
    6 room-hours of its premises at 8.00 €): the ledger's whole valued total."""
    await ok(
        await client.post("/api/archives", content=(DATA / "reseau-exemple.json").read_bytes()), 201
    )
    camille = (await persona_clients("exemple", CAMILLE))["camille"]
    expected = json.loads((DATA / "reseau-exemple.expected.json").read_bytes())
    season = expected["reciprocity_period"]
    given_by_members = sum(Decimal(m["given_eur"]) for m in season["members"])
    given_by_the_network = Decimal("48.00")

    body = await ok(
        await camille.get(
            "/api/networks/exemple/contributions/totals",
            params={"from": season["period"]["start"], "to": season["period"]["end"]},
        )
    )
    await camille.aclose()

    assert given_by_members + given_by_the_network == Decimal("1078.00")
    assert body["validated_value_eur"] == "1078.00" == season["network"]["valued_total_eur"]
    # m1 2 h × 4 people, ag 3 h × 3 (cedre excused), m3 2 h × 3, m4 2 h × 4, m5 2 h × 3
    assert meetings(body) == (15, "37", "555.00")
    assert body["from_attendance"] == 15
    assert body["pending_entries"] == 1  # c11; c12 is rejected


async def test_without_a_meeting_rate_attendance_is_valued_with_the_networks_coefficient(
    people: Clients,
) -> None:
    from raviv.db import execute
    from raviv.scoring.totals import counted_entries

    await execute("DELETE FROM rate WHERE form = 'meeting'")
    policy = {"charge_coefficient": "1.40"}
    await ok(await people["camille"].put(NET + "/rates/policy", json=policy))
    body = await totals(people["camille"], **{"from": "2026-01-01"}, form="meeting")
    # ag: 1.5 h at 12.02 × 1.40 = 16.83 €: alize 1 person (25.245 → 25.25), basalte 2 (50.49).
    assert meetings(body) == (2, "4.5", "75.74")
    counted = await counted_entries(
        await network_id("raviv-idf"), date(2026, 1, 1), date(2027, 1, 1)
    )
    assert sorted(str(e.value_eur) for e in counted if e.form == "meeting") == ["25.25", "50.49"]
