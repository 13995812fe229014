"""The detail of the reciprocity (trend, cross-tabulations), the exchange graph and the
federation roll-up through the API, on the example network (docs/scoring.md §10–14).

Who may call each route is in the route matrix (tests/api/access/matrix_analytics.py); here the
federation's personas are checked on a federation of two networks: Hélène reads the roll-up,
Camille, coordinator of one of its networks, does not see it.
"""

from __future__ import annotations

import copy
import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pytest

from raviv.scoring.graph import SVG_NS
from raviv.scoring.service import TABLES
from tests.api.scoring.test_reciprocity_api import EXAMPLE, EXPECTED, SEASON, imported
from tests.personas import CAMILLE, HELENE, granted_token

FIRST_HALF_2026 = {"from": "2026-01-01", "to": "2026-07-01"}
MEMBER_REFS = [m["ref"] for m in EXAMPLE["members"]]
MEMBER_NAMES = [m["name"] for m in EXAMPLE["members"]]
DOC = (Path(__file__).resolve().parents[3] / "docs/scoring.md").read_text("utf-8")


async def detail(client: httpx.AsyncClient, **period: str) -> dict[str, Any]:
    response = await client.get(
        "/api/networks/exemple/reciprocity", params={**(period or SEASON), "detail": "full"}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# -- the detail -----------------------------------------------------------------------------------


async def test_the_detail_leaves_the_design_keys_exactly_as_expected(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)

    report = await detail(client)

    assert list(report) == ["period", "members", "network", "trend", "crosstabs"]
    assert {key: report[key] for key in ("period", "members", "network")} == EXPECTED
    plain = await client.get("/api/networks/exemple/reciprocity", params=SEASON)
    assert plain.json() == EXPECTED  # without detail: nothing more


async def test_the_trend_holds_each_members_months_and_the_previous_period(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)

    trend = (await detail(client, **FIRST_HALF_2026))["trend"]

    assert trend["months"] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    cedre = next(m for m in trend["members"] if m["member"] == "cedre")
    assert cedre["given_eur"] == ["90.00", "80.00", "0.00", "0.00", "0.00", "30.00"]
    assert cedre["received_eur"] == ["0.00", "30.00", "0.00", "0.00", "0.00", "0.00"]
    versus = trend["versus_previous"]
    assert versus["period"] == {"start": "2025-07-01", "end": "2026-01-01"}
    fougere = next(m for m in versus["members"] if m["member"] == "fougere")
    assert fougere == {
        "member": "fougere",
        "given_before_eur": "45.00",
        "given_now_eur": "60.00",
        "given_change_eur": "15.00",
        "received_before_eur": "60.00",
        "received_now_eur": "48.00",
        "received_change_eur": "-12.00",
        "balance_before": -0.1429,
        "balance_now": 0.1111,
        "balance_change": 0.254,
    }
    network = {row["indicator"]: row for row in versus["network"]}
    assert network["valued_total_eur"] == {
        "indicator": "valued_total_eur",
        "before": "485.00",
        "now": "593.00",
        "change": "108.00",
    }
    assert (network["gini"]["before"], network["gini"]["now"]) == (0.4825, 0.4297)


async def test_the_crosstabs_are_those_of_the_example(client: httpx.AsyncClient) -> None:
    await imported(client, EXAMPLE)

    crosstabs = (await detail(client))["crosstabs"]

    assert crosstabs["departements"] == {
        "75": {"77": "60.00", "93": "40.00"},
        "93": {"75": "40.00", "94": "30.00"},
        "94": {"93": "80.00"},
    }
    assert crosstabs["local_share"] == 0
    assert crosstabs["by_size"] == [
        {
            "class": "no_staff",
            "active_members": 2,
            "givers": 2,
            "participation_rate": 1,
            "given_eur": "255.00",
            "received_eur": "188.00",
            "balance_index": 0.1512,
        },
        {
            "class": "employer_fte_unstated",
            "active_members": 4,
            "givers": 3,
            "participation_rate": 0.75,
            "given_eur": "775.00",
            "received_eur": "110.00",
            "balance_index": 0.7514,
        },
    ]
    theatre = next(row for row in crosstabs["by_discipline"] if row["class"] == "théâtre")
    assert (theatre["given_eur"], theatre["balance_index"]) == ("540.00", 0.7705)


async def test_members_stated_in_the_registry_are_classed_by_their_fte_and_disciplines(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)
    changed = await client.patch(
        "/api/networks/exemple/members/alize",
        json={"headcount_fte": "12", "disciplines": ["Théâtre", "Cirque"]},
    )
    assert changed.status_code == 200, changed.text

    crosstabs = (await detail(client))["crosstabs"]

    sizes = {row["class"]: row for row in crosstabs["by_size"]}
    assert sizes["fte_10_plus"]["given_eur"] == "310.00"
    assert sizes["employer_fte_unstated"]["active_members"] == 3
    disciplines = {row["class"]: row for row in crosstabs["by_discipline"]}
    # alize in both: cirque is dune + alize, théâtre still alize + cedre
    assert disciplines["cirque"]["given_eur"] == "460.00"
    assert disciplines["théâtre"]["given_eur"] == "540.00"


async def test_an_unknown_detail_is_refused_naming_it(client: httpx.AsyncClient) -> None:
    await imported(client, EXAMPLE)

    response = await client.get(
        "/api/networks/exemple/reciprocity", params={**SEASON, "detail": "tout"}
    )

    assert response.status_code == 400
    assert "detail" in response.text


def exact(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return Decimal(str(value))


async def test_the_workbook_holds_the_detail_tables(client: httpx.AsyncClient) -> None:
    await imported(client, EXAMPLE)

    response = await client.get("/api/networks/exemple/reciprocity.xlsx", params=SEASON)

    assert response.status_code == 200, response.text
    sheets = pd.read_excel(io.BytesIO(response.content), sheet_name=None, dtype={"from": str})
    assert list(sheets) == list(TABLES)
    months = sheets["trend_by_month"]
    assert len(months) == 6 * 12
    alize = months[months["member"] == "alize"]
    assert sum(alize["given_eur"].map(exact)) == Decimal("310.00")
    departements = sheets["departements"].set_index("from")
    assert exact(departements.loc["94", "93"]) == Decimal("80.00")
    network = sheets["versus_previous_network"].set_index("indicator")
    assert network.loc["period_start", "before"] == "2024-09-01"
    assert exact(network.loc["valued_total_eur", "now"]) == Decimal("1078")
    by_departement = sheets["by_departement"].set_index("class")
    assert exact(by_departement.loc[93, "exchanged_eur"]) == Decimal("190.00")


# -- the graph ------------------------------------------------------------------------------------


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the service's own output, under test


async def test_the_graph_is_an_svg_picture_of_the_period(client: httpx.AsyncClient) -> None:
    document = copy.deepcopy(EXAMPLE)
    document["members"][1]["name"] = "Ensemble <Basalte> & Cie"
    await imported(client, document)

    response = await client.get("/api/networks/exemple/reciprocity/graph.svg", params=SEASON)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = parsed(response.text)
    nodes = [g for g in root.iter(f"{{{SVG_NS}}}g") if "member" in g.get("class", "").split()]
    assert len(nodes) == 5
    pairs = [p for p in root.iter(f"{{{SVG_NS}}}path") if "pair" in p.get("class", "").split()]
    assert len(pairs) == 3
    assert "Ensemble &lt;Basalte&gt; &amp; Cie (basalte)" in response.text


async def test_a_pseudonymised_graph_names_no_member(client: httpx.AsyncClient) -> None:
    await imported(client, EXAMPLE)

    response = await client.get(
        "/api/networks/exemple/reciprocity/graph.svg", params={**SEASON, "pseudonymise": "true"}
    )

    assert response.status_code == 200, response.text
    for text in (*MEMBER_REFS, *MEMBER_NAMES):
        assert text not in response.text
    assert ">M5<" in response.text


async def test_the_graph_of_a_reversed_period_is_refused_naming_to(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)

    response = await client.get(
        "/api/networks/exemple/reciprocity/graph.svg",
        params={"from": "2026-09-01", "to": "2025-09-01"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "to"


# -- the federation roll-up -----------------------------------------------------------------------


def sibling() -> dict[str, Any]:
    """A second network under the federation: the example's members, c1 and c2 only."""
    document = copy.deepcopy(EXAMPLE)
    document["network"]["ref"] = "voisin"
    document["network"]["name"] = "Réseau voisin"
    document["contributions"] = document["contributions"][:2]
    document.update(meetings=[], rule_sets=[], exemptions=[])
    return document


async def federation_of_two(client: httpx.AsyncClient) -> None:
    created = await client.post("/api/networks", json={"ref": "fede", "name": "Fédération"})
    assert created.status_code == 201, created.text
    for document in (EXAMPLE, sibling()):
        await imported(client, document)
        moved = await client.patch(
            f"/api/networks/{document['network']['ref']}", json={"parent": "fede"}
        )
        assert moved.status_code == 200, moved.text


async def test_the_federation_rolls_up_each_networks_indicators_side_by_side(
    client: httpx.AsyncClient,
) -> None:
    await federation_of_two(client)

    response = await client.get("/api/networks/fede/reciprocity/federation", params=SEASON)

    assert response.status_code == 200, response.text
    rollup = response.json()
    assert rollup["federation"] == "fede"
    assert rollup["period"] == {"start": "2025-09-01", "end": "2026-09-01"}
    assert [n["network"] for n in rollup["networks"]] == ["exemple", "voisin"]
    exemple = rollup["networks"][0]
    assert {key: exemple[key] for key in EXPECTED["network"]} == EXPECTED["network"]
    assert (exemple["members"], exemple["active_members"]) == (6, 6)
    assert exemple["form_mix"]["meeting"] == 0.8333
    voisin = rollup["networks"][1]
    assert voisin["valued_total_eur"] == "130.00"  # c1 90.00 + c2 40.00
    assert voisin["mutuality"] == 0  # alize lent basalte, nothing came back
    assert voisin["participation_rate"] == 0.1667  # only alize gave, of 6
    assert voisin["cvn"] == {"864": "90.00"}


async def test_no_member_ref_or_name_appears_anywhere_in_the_roll_up(
    client: httpx.AsyncClient,
) -> None:
    await federation_of_two(client)

    answer = await client.get("/api/networks/fede/reciprocity/federation", params=SEASON)
    workbook = await client.get("/api/networks/fede/reciprocity/federation.xlsx", params=SEASON)

    assert workbook.status_code == 200, workbook.text
    sheets = pd.read_excel(io.BytesIO(workbook.content), sheet_name=None, header=None)
    assert list(sheets) == ["federation"]
    cells = " ".join(str(v) for v in sheets["federation"].to_numpy().ravel())
    text = json.dumps(answer.json(), ensure_ascii=False)
    for shown in (text, answer.text, cells):
        for secret in (*MEMBER_REFS, *MEMBER_NAMES):
            assert secret not in shown, secret
    table = pd.read_excel(io.BytesIO(workbook.content))
    assert table["network"].tolist() == ["exemple", "voisin"]
    assert Decimal(str(table.loc[0, "cvn_864_eur"])) == Decimal("720")
    assert Decimal(str(table.loc[0, "cvn_861_eur"])) == Decimal("0")


async def test_helene_reads_her_federation_and_camille_not_even_her_siblings(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    await federation_of_two(client)
    helene = await granted_token(HELENE.email(), "fede", HELENE.role)
    camille = await granted_token(CAMILLE.email(), "exemple", CAMILLE.role)

    def as_(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    url = "/api/networks/fede/reciprocity/federation"
    assert (await anonymous.get(url, params=SEASON, headers=as_(helene))).status_code == 200
    # Camille coordinates exemple: the federation and its other network are not hers to see
    assert (await anonymous.get(url, params=SEASON, headers=as_(camille))).status_code == 404
    sibling_report = "/api/networks/voisin/reciprocity"
    assert (
        await anonymous.get(sibling_report, params=SEASON, headers=as_(camille))
    ).status_code == 404
    # Hélène sees no member-level figure of a network below her
    member_level = "/api/networks/exemple/reciprocity"
    assert (
        await anonymous.get(member_level, params=SEASON, headers=as_(helene))
    ).status_code == 403


async def test_a_network_without_networks_below_it_rolls_up_nothing(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)

    response = await client.get("/api/networks/exemple/reciprocity/federation", params=SEASON)

    assert response.status_code == 200, response.text
    assert response.json()["networks"] == []


@pytest.mark.parametrize("path", ["federation", "federation.xlsx"])
async def test_the_roll_up_of_a_reversed_period_is_refused_naming_to(
    client: httpx.AsyncClient, path: str
) -> None:
    await federation_of_two(client)

    response = await client.get(
        f"/api/networks/fede/reciprocity/{path}", params={"from": "2026-09-01", "to": "2025-09-01"}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "to"


async def test_the_roll_up_of_an_unknown_federation_is_not_found(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/networks/inconnue/reciprocity/federation", params=SEASON)

    assert response.status_code == 404


async def test_the_docs_roll_up_example_is_the_computed_one(client: httpx.AsyncClient) -> None:
    created = await client.post("/api/networks", json={"ref": "fede", "name": "Fédération"})
    assert created.status_code == 201, created.text
    await imported(client, EXAMPLE)
    await client.patch("/api/networks/exemple", json={"parent": "fede"})
    section = DOC.split("## 13. Federation roll-up", 1)[1]
    shown = json.loads(section.split("```json\n", 1)[1].split("```", 1)[0])

    response = await client.get("/api/networks/fede/reciprocity/federation", params=SEASON)

    assert response.json() == shown
