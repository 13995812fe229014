"""``GET /api/networks/{ref}/reciprocity`` and its workbook, on the example network and on the
edge cases of docs/scoring.md: a member with nothing given or received, entries the network gives,
reversed entries, a network of one member, a period with no entry.

Who may call them (coordinators and consultants, not member representatives) is in the route
matrix (tests/api/access/matrix_scoring.py).
"""

from __future__ import annotations

import copy
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pytest

from raviv.scoring.service import TABLES

DATA = Path(__file__).resolve().parents[2] / "data"
EXAMPLE: dict[str, Any] = json.loads((DATA / "reseau-exemple.json").read_bytes())
EXPECTED: dict[str, Any] = json.loads((DATA / "reseau-exemple.expected.json").read_bytes())[
    "reciprocity_period"
]
SEASON = {"from": "2025-09-01", "to": "2026-09-01"}
NOTHING = {
    "given_eur": "0.00",
    "received_eur": "0.00",
    "balance_index": None,  # no division by zero
    "partner_mutuality": None,
    "forms_given": 0,
}
"""A member's row when it gave and received nothing (its ``member`` aside)."""
NOBODY_GAVE = {
    "mutuality": None,
    "weighted_mutuality": None,
    "participation_rate": 0,
    "gini": None,
    "top20_share": None,
    "valued_total_eur": "0.00",
    "cvn": {},
}
"""The network's figures when no member gave anything (and nobody received either)."""


def archive(ref: str, members: list[str], contributions: list[dict[str, Any]]) -> dict[str, Any]:
    """A network of some of the example's members (same rates), with these entries only."""
    document = copy.deepcopy(EXAMPLE)
    document["network"]["ref"] = ref
    document["members"] = [m for m in document["members"] if m["ref"] in members]
    document.update(
        working_groups=[], meetings=[], rule_sets=[], exemptions=[], contributions=contributions
    )
    return document


def validated(ref: str, giver: dict[str, Any], receiver: dict[str, Any], **rest: Any) -> Any:
    return {"ref": ref, "giver": giver, "receiver": receiver, "status": "validated", **rest}


async def imported(client: httpx.AsyncClient, document: dict[str, Any]) -> None:
    response = await client.post("/api/archives", json=document)
    assert response.status_code == 201, response.text


async def reciprocity(
    client: httpx.AsyncClient, network: str = "exemple", **period: str
) -> dict[str, Any]:
    response = await client.get(f"/api/networks/{network}/reciprocity", params=period or SEASON)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def member(report: dict[str, Any], ref: str) -> dict[str, Any]:
    row: dict[str, Any] = next(row for row in report["members"] if row["member"] == ref)
    return row


async def test_the_example_season_is_exactly_the_expected_reciprocity_period(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)

    report = await reciprocity(client)

    assert report == EXPECTED
    assert json.dumps(report) == json.dumps(EXPECTED)  # 1 stays 1, keys in the same order


async def test_a_member_that_gave_and_received_nothing_has_no_index_and_no_mutuality(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)

    ecume = member(await reciprocity(client), "ecume")

    assert ecume == {"member": "ecume", **NOTHING}


async def test_what_the_network_gives_a_member_is_received_without_making_a_partner(
    client: httpx.AsyncClient,
) -> None:
    await imported(
        client,
        archive(
            "donne",
            ["alize", "basalte"],
            [
                validated(
                    "c1",
                    {"network": True},
                    {"member": "alize"},
                    form="premises",
                    quantity="6",
                    date="2025-10-01",
                )
            ],
        ),
    )

    report = await reciprocity(client, "donne")

    assert member(report, "alize") == {
        "member": "alize",
        "given_eur": "0.00",
        "received_eur": "48.00",  # 6 room-hours at 8.00 €
        "balance_index": -1,  # a pure consumer
        "partner_mutuality": None,  # the network is no partner
        "forms_given": 0,
    }
    assert member(report, "basalte")["balance_index"] is None
    # no pair, nobody gave; the 48.00 are alize's CVN, not the network's
    assert report["network"] == NOBODY_GAVE | {"valued_total_eur": "48.00"}


async def test_a_reversed_entry_stops_counting_once_reversed(client: httpx.AsyncClient) -> None:
    await imported(client, EXAMPLE)
    before = await reciprocity(client)

    reversed_ = await client.post(
        "/api/networks/exemple/contributions/c1/reverse", json={"reason": "saisie en double"}
    )
    assert reversed_.status_code == 201, reversed_.text
    after = await reciprocity(client)

    assert (member(before, "alize")["given_eur"], member(after, "alize")["given_eur"]) == (
        "310.00",
        "220.00",  # without c1's 6 hours at 15.00 €
    )
    assert after["network"]["cvn"] == {"862": "60.00", "864": "630.00"}
    assert after["network"]["valued_total_eur"] == "988.00"


async def test_a_reversal_in_the_archive_cancels_its_entry_and_itself(
    client: httpx.AsyncClient,
) -> None:
    entry = {"form": "equipment", "quantity": "2", "date": "2025-10-12"}
    await imported(
        client,
        archive(
            "annule",
            ["alize", "basalte"],
            [
                validated("c2", {"member": "alize"}, {"member": "basalte"}, **entry),
                validated(
                    "c2-annulation",
                    {"member": "alize"},
                    {"member": "basalte"},
                    **entry,
                    reverses="c2",
                ),
            ],
        ),
    )

    report = await reciprocity(client, "annule")

    assert report["members"] == [{"member": m, **NOTHING} for m in ("alize", "basalte")]
    assert report["network"] == NOBODY_GAVE


async def test_a_network_of_one_member_has_no_pairs_and_an_even_distribution(
    client: httpx.AsyncClient,
) -> None:
    await imported(
        client,
        archive(
            "solo",
            ["alize"],
            [
                validated(
                    "c1",
                    {"member": "alize"},
                    {"network": True},
                    form="time",
                    quantity="6",
                    date="2025-09-20",
                )
            ],
        ),
    )

    report = await reciprocity(client, "solo")

    assert report == {
        "period": {"start": "2025-09-01", "end": "2026-09-01"},
        "members": [
            {
                "member": "alize",
                "given_eur": "90.00",
                "received_eur": "0.00",
                "balance_index": 1,
                "partner_mutuality": None,
                "forms_given": 1,
            }
        ],
        "network": {
            "mutuality": None,
            "weighted_mutuality": None,
            "participation_rate": 1,
            "gini": 0,
            "top20_share": 1,
            "valued_total_eur": "90.00",
            "cvn": {"864": "90.00"},
        },
    }


async def test_a_period_without_entries_lists_the_members_with_nothing(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)

    # c1 (20 September) is the season's first entry; dune joins in January
    report = await reciprocity(client, **{"from": "2025-09-01", "to": "2025-09-15"})

    assert report["members"] == [
        {"member": m, **NOTHING} for m in ("alize", "basalte", "cedre", "ecume", "fougere")
    ]
    assert report["network"] == NOBODY_GAVE


async def test_a_period_before_the_network_had_members_is_empty(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)

    report = await reciprocity(client, **{"from": "2010-01-01", "to": "2011-01-01"})

    assert report["members"] == []
    assert report["network"]["participation_rate"] is None  # no active member
    assert report["network"]["valued_total_eur"] == "0.00"


@pytest.mark.parametrize("until", ["2025-09-01", "2025-08-31"])
async def test_a_period_that_does_not_end_after_it_begins_is_refused_naming_to(
    client: httpx.AsyncClient, until: str
) -> None:
    await imported(client, EXAMPLE)

    for path in ("reciprocity", "reciprocity.xlsx"):
        response = await client.get(
            f"/api/networks/exemple/{path}", params={"from": "2025-09-01", "to": until}
        )

        assert response.status_code == 422, response.text
        assert response.json()["errors"] == [
            {
                "field": "to",
                "message": "the period must end after it begins (from 2025-09-01)",
                "value": until,
            }
        ]


async def test_a_period_must_be_given_both_ways(client: httpx.AsyncClient) -> None:
    await imported(client, EXAMPLE)

    response = await client.get("/api/networks/exemple/reciprocity", params={"from": "2025-09-01"})

    assert response.status_code == 400
    assert "to" in response.text


async def test_an_unknown_network_is_not_found(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/networks/inconnu/reciprocity", params=SEASON)

    assert response.status_code == 404


def exact(value: Any) -> Decimal | None:
    """A workbook cell as an exact number (empty: None)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return Decimal(str(value))


async def test_the_workbook_holds_every_table_with_the_figures_of_the_json(
    client: httpx.AsyncClient,
) -> None:
    await imported(client, EXAMPLE)

    response = await client.get("/api/networks/exemple/reciprocity.xlsx", params=SEASON)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert (
        "exemple-reciprocite-2025-09-01-2026-09-01.xlsx"
        in (response.headers["content-disposition"])
    )
    sheets = pd.read_excel(io.BytesIO(response.content), sheet_name=None)
    assert list(sheets) == list(TABLES)
    members = sheets["members"]
    assert members["member"].tolist() == [row["member"] for row in EXPECTED["members"]]
    for (_, cells), row in zip(members.iterrows(), EXPECTED["members"], strict=True):
        for key in ("given_eur", "received_eur", "balance_index", "partner_mutuality"):
            expected = None if row[key] is None else Decimal(str(row[key]))
            assert exact(cells[key]) == expected, (row["member"], key)
        assert cells["forms_given"] == row["forms_given"]
    assert members["partners"].tolist() == [1, 2, 1, 1, 0, 1]
    network = dict(zip(sheets["network"]["indicator"], sheets["network"]["value"], strict=True))
    assert network.pop("period_start") == "2025-09-01"
    assert network.pop("period_end") == "2026-09-01"
    assert {key: exact(value) for key, value in network.items()} == {
        key: Decimal(str(value)) for key, value in EXPECTED["network"].items() if key != "cvn"
    }
    cvn = sheets["cvn"]
    assert dict(zip(cvn["account"].astype(str), cvn["value_eur"].map(exact), strict=True)) == {
        account: Decimal(value) for account, value in EXPECTED["network"]["cvn"].items()
    }
    pairs = sheets["pairs"]
    assert pairs[["a", "b", "both_ways"]].values.tolist() == [
        ["alize", "basalte", True],
        ["basalte", "fougere", False],
        ["cedre", "dune", True],
    ]
    forms = sheets["forms"].set_index("form")
    assert exact(forms.loc["meeting", "value_eur"]) == Decimal("555.00")
    assert exact(forms.loc["meeting", "share_of_active_members"]) == Decimal("0.8333")
    exchanges = sheets["exchanges"].set_index("giver")
    assert exact(exchanges.loc["cedre", "dune"]) == Decimal("80.00")
