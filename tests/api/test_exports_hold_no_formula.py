"""Every workbook and CSV file raviv writes keeps hostile text as text (issue 14, finding 3).

A network named ``=cmd|' /C calc'!A0`` and members named ``+1``, ``@SUM(A1)``, ``-2+3``… go
through each export: the member list (CSV, XLSX), the reciprocity tables (XLSX, CSV) and the
federation roll-up (XLSX, CSV). No workbook cell is a formula, the numbers are numbers, no CSV
field that is text starts with a character a spreadsheet would run, and the member list read
back gives the same names.
"""

from __future__ import annotations

import copy
import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from raviv.registry import member_import
from raviv.registry.tables import Member
from raviv.scoring import federation, service
from tests.api.scoring.test_analytics_api import sibling
from tests.api.scoring.test_reciprocity_api import EXAMPLE, SEASON, imported

CALC = "=cmd|' /C calc'!A0"
HOSTILE_NAMES = [CALC, "+1", "@SUM(A1)", "-2+3", '=HYPERLINK("http://x","clic")', "'=1+1"]
"""Member names, in the example's member order (the last one: text already escaped once)."""
RUNNABLE = ("=", "+", "-", "@", "\t", "\r")
FRENCH_NUMBER = re.compile(r"^-?\d+(,\d+)?$")
SINCE, UNTIL = (date.fromisoformat(SEASON[key]) for key in ("from", "to"))


def hostile(document: dict[str, Any], network_name: str) -> dict[str, Any]:
    document = copy.deepcopy(document)
    document["network"]["name"] = network_name
    for member, name in zip(document["members"], HOSTILE_NAMES, strict=True):
        member["name"] = name
    return document


async def hostile_federation(client: httpx.AsyncClient) -> None:
    created = await client.post("/api/networks", json={"ref": "fede", "name": "@fédération"})
    assert created.status_code == 201, created.text
    for document in (hostile(EXAMPLE, CALC), hostile(sibling(), "-2+3")):
        await imported(client, document)
        moved = await client.patch(
            f"/api/networks/{document['network']['ref']}", json={"parent": "fede"}
        )
        assert moved.status_code == 200, moved.text


def workbook_cells(content: bytes) -> list[Any]:
    """Every cell of every sheet (openpyxl's, so formulas show as data_type ``f``)."""
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula(content: bytes) -> list[Any]:
    cells = workbook_cells(content)
    formulas = [(c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert formulas == []
    return cells


def assert_csv_runs_nothing(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    runnable = [
        field
        for row in rows
        for field in row
        if field.startswith(RUNNABLE) and not FRENCH_NUMBER.match(field)
    ]
    assert runnable == []
    return rows


def column(cells: list[Any], header: str) -> list[Any]:
    """The values under ``header`` in the first sheet."""
    sheet = cells[0].parent
    headers = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    index = headers.index(header)
    return [row[index].value for row in sheet.iter_rows(min_row=2)]


async def test_the_federation_workbook_writes_a_hostile_network_name_as_text(
    client: httpx.AsyncClient,
) -> None:
    await hostile_federation(client)

    response = await client.get("/api/networks/fede/reciprocity/federation.xlsx", params=SEASON)

    assert response.status_code == 200, response.text
    cells = assert_no_formula(response.content)
    assert column(cells, "name") == [CALC, "-2+3"]
    assert column(cells, "members") == [6, 6]
    assert all(isinstance(v, int | float) for v in column(cells, "valued_total_eur"))
    assert all(isinstance(v, int | float) for v in column(cells, "mutuality"))


async def test_the_federation_csv_writes_a_hostile_network_name_as_inert_text(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    await hostile_federation(client)
    rollup = await federation.federation_rollup("fede", SINCE, UNTIL)

    (path,) = service.write_csv(rollup.tables(), tmp_path)

    rows = assert_csv_runs_nothing(path.read_text("utf-8-sig"))
    names = [row[rows[0].index("name")] for row in rows[1:]]
    assert names == ["'" + CALC, "'-2+3"]


async def test_the_reciprocity_workbook_and_csv_hold_numbers_and_no_formula(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    await imported(client, hostile(EXAMPLE, CALC))

    response = await client.get("/api/networks/exemple/reciprocity.xlsx", params=SEASON)
    computed = await service.network_period("exemple", SINCE, UNTIL, detail=True)
    paths = service.write_csv(computed.tables(), tmp_path)

    assert response.status_code == 200, response.text
    cells = assert_no_formula(response.content)
    assert all(isinstance(v, int | float) for v in column(cells, "given_eur"))
    for path in paths:
        assert_csv_runs_nothing(path.read_text("utf-8-sig"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_the_member_export_keeps_hostile_names_as_text_and_imports_back_the_same(
    client: httpx.AsyncClient, fmt: str
) -> None:
    await imported(client, hostile(EXAMPLE, CALC))

    response = await client.get("/api/networks/exemple/exports/members", params={"format": fmt})

    assert response.status_code == 200, response.text
    if fmt == "xlsx":
        cells = assert_no_formula(response.content)
        assert column(cells, "Nom de la structure") == HOSTILE_NAMES
    else:
        assert_csv_runs_nothing(response.content.decode("utf-8-sig"))
    created = await client.post("/api/networks", json={"ref": "copie", "name": "Copie"})
    assert created.status_code == 201, created.text
    await member_import.import_members("copie", response.content, f"m.{fmt}", dry_run=False)
    copied = Member.select(Member.name).where(Member.network.ref == "copie")
    names = await copied.order_by(Member.ref)
    assert [row["name"] for row in names] == HOSTILE_NAMES
