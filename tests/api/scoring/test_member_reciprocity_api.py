"""``GET /api/networks/{ref}/members/{member}/reciprocity``: a member's own reciprocity, on the
example network (docs/scoring.md §15). Karim, alize's representative, reads alize's and sees
basalte only as his partner; Mallory, basalte's, cannot read alize's (404). Who may call it is in
the route matrix (tests/api/access/matrix_scoring.py).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.scoring.test_reciprocity_api import EXAMPLE, EXPECTED, SEASON, imported
from tests.personas import KARIM, MALLORY, persona_clients

URL = "/api/networks/exemple/members/{}/reciprocity"


async def own(client: httpx.AsyncClient, ref: str, **period: str) -> dict[str, Any]:
    response = await client.get(URL.format(ref), params=period or SEASON)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_each_members_own_figures_are_those_of_the_networks_report(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)

    for row in EXPECTED["members"]:
        mine = await own(client, row["member"])
        assert {key: mine[key] for key in row} == row
        assert mine["period"] == EXPECTED["period"]


async def test_alize_reads_its_forms_and_its_one_partner_as_docs_scoring_md_shows(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)

    alize = await own(client, "alize")

    assert alize["balance_class"] == "givers"
    assert alize["partners"] == [
        {"member": "basalte", "given_eur": "40.00", "received_eur": "40.00", "both_ways": True}
    ]
    assert (alize["given_to_network_eur"], alize["received_from_network_eur"]) == (
        "270.00",
        "0.00",
    )
    assert [
        (f["form"], f["unit"], f["given_eur"], f["given_quantity"]) for f in alize["by_form"]
    ] == [
        ("time", "hours", "90.00", "6"),
        ("meeting", "person-hours", "135.00", "9"),
        ("equipment", "item-days", "40.00", "2"),
        ("premises", "room-hours", "0.00", "0"),
        ("coproduction", "hours", "45.00", "3"),
    ]
    premises = next(f for f in alize["by_form"] if f["form"] == "premises")
    assert (premises["received_eur"], premises["received_quantity"]) == ("40.00", "5")


async def test_a_representative_reads_its_own_member_and_not_another(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)
    people = await persona_clients("exemple", KARIM, MALLORY)
    karim, mallory = people["karim"], people["mallory"]
    try:
        mine = await karim.get(URL.format("alize"), params=SEASON)
        theirs = await mallory.get(URL.format("alize"), params=SEASON)
        whole = await karim.get("/api/networks/exemple/reciprocity", params=SEASON)
    finally:
        for http in people.values():
            await http.aclose()

    assert mine.status_code == 200, mine.text
    assert {p["member"] for p in mine.json()["partners"]} == {"basalte"}
    assert theirs.status_code == 404, theirs.text
    assert whole.status_code == 403  # the network's whole report stays out of his reach


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"from": "2026-09-01", "to": "2025-09-01"}, 422, "to"),
        ({"from": "2025-09-01", "to": "2025-09-01"}, 422, "to"),
        ({"from": "2025-09-01"}, 400, "to"),
        ({"from": "1800-01-01", "to": "2025-09-01"}, 422, "from"),
    ],
)
async def test_a_bad_period_is_refused_naming_its_parameter(
    client: httpx.AsyncClient, params: dict[str, str], status: int, field: str
) -> None:
    await imported(client, EXAMPLE)

    refused = await client.get(URL.format("alize"), params=params)

    assert refused.status_code == status, refused.text
    problem = refused.json()
    named = [e["field"] for e in problem.get("errors", [])] or [problem["detail"]]
    assert any(field in each for each in named), refused.text


async def test_an_unknown_member_is_a_404(client: httpx.AsyncClient) -> None:
    await imported(client, EXAMPLE)

    assert (await client.get(URL.format("zephyr"), params=SEASON)).status_code == 404
