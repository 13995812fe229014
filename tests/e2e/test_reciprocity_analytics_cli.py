"""``raviv reciprocity`` with the detail, the exchange graph and the federation roll-up, from the
command line, on the example archive imported into the test database (SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd

from raviv.registry.tables import Network
from raviv.scoring.graph import SVG_NS
from tests.e2e.test_cli_and_server import EXAMPLES, run_raviv
from tests.e2e.test_reciprocity_cli import EXPECTED, SEASON, import_example

EXAMPLE: dict[str, Any] = json.loads((EXAMPLES / "reseau-exemple.json").read_bytes())


def test_the_detail_and_the_graph_come_with_the_expected_json(
    committed_db: None, tmp_path: Path
) -> None:
    import_example()
    picture = tmp_path / "echanges.svg"

    result = run_raviv(
        "reciprocity", *SEASON, "--json", "--detail", "--svg", str(picture), "--pseudonymise"
    )

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {key: report[key] for key in ("period", "members", "network")} == EXPECTED
    assert report["trend"]["versus_previous"]["period"] == {
        "start": "2024-09-01",
        "end": "2025-09-01",
    }
    assert report["crosstabs"]["local_share"] == 0
    assert f"wrote {picture}" in result.stderr
    svg = picture.read_text("utf-8")
    root = ET.fromstring(svg)  # noqa: S314 - our own output, under test
    assert root.tag == f"{{{SVG_NS}}}svg"
    for member in EXAMPLE["members"]:
        assert member["ref"] not in svg
        assert member["name"] not in svg


def test_the_csv_export_holds_the_detail_tables_but_the_json_stays_as_designed(
    committed_db: None, tmp_path: Path
) -> None:
    import_example()
    folder = tmp_path / "tables"

    result = run_raviv("reciprocity", *SEASON, "--json", "--csv", str(folder))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED
    sizes = pd.read_csv(folder / "by_size.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert sizes["class"].tolist() == ["no_staff", "employer_fte_unstated"]
    assert sizes["participation_rate"].tolist() == [1, 0.75]


async def test_the_federation_roll_up_from_the_command_line(
    committed_db: None, tmp_path: Path
) -> None:
    await asyncio.to_thread(import_example)
    await Network.insert(Network(ref="fede", name="Fédération")).run()
    fede = await Network.select(Network.id).where(Network.ref == "fede").first().run()
    assert fede is not None
    await Network.update({Network.parent: fede["id"]}).where(Network.ref == "exemple").run()
    period = ("--from", "2025-09-01", "--to", "2026-09-01")
    workbook = tmp_path / "federation.xlsx"

    answer = await asyncio.to_thread(
        run_raviv, "reciprocity", "--network", "fede", "--federation", *period, "--json"
    )
    readable = await asyncio.to_thread(
        run_raviv,
        "reciprocity",
        "--network",
        "fede",
        "--federation",
        *period,
        "--xlsx",
        str(workbook),
    )
    refused = await asyncio.to_thread(
        run_raviv, "reciprocity", "--network", "fede", "--federation", *period, "--detail"
    )

    assert answer.returncode == 0, answer.stderr
    rollup = json.loads(answer.stdout)
    assert [n["network"] for n in rollup["networks"]] == ["exemple"]
    assert rollup["networks"][0]["gini"] == EXPECTED["network"]["gini"]
    assert readable.returncode == 0, readable.stderr
    lines = readable.stdout.splitlines()
    assert lines[0] == "fede: 2025-09-01 to 2026-09-01 (excluded)"
    assert lines[3].split() == ["exemple", "6", "6", "0.8333", "0.6667", "0.3269", "1078.00"]
    table = pd.read_excel(workbook, sheet_name="federation")
    assert table["network"].tolist() == ["exemple"]
    text = answer.stdout + readable.stdout + " ".join(map(str, table.to_numpy().ravel()))
    for member in EXAMPLE["members"]:
        assert member["ref"] not in text
        assert member["name"] not in text
    assert refused.returncode != 0
    assert "--federation has no member detail" in refused.stderr
