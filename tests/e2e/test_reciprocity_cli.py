"""``raviv reciprocity`` from the command line: the example archive, imported with
``raviv import network`` into the test database (SQLite or PostgreSQL), gives exactly
``reciprocity_period`` of the expected file, and its tables export as CSV and XLSX."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from tests.e2e.test_cli_and_server import EXAMPLES, run_raviv

EXPECTED: dict[str, Any] = json.loads((EXAMPLES / "reseau-exemple.expected.json").read_bytes())[
    "reciprocity_period"
]
SEASON = ("--network", "exemple", "--from", "2025-09-01", "--to", "2026-09-01")


def import_example() -> None:
    imported = run_raviv("import", "network", str(EXAMPLES / "reseau-exemple.json"))
    assert imported.returncode == 0, imported.stderr


def test_the_example_season_is_exactly_the_expected_reciprocity_period(
    committed_db: None,
) -> None:
    import_example()

    result = run_raviv("reciprocity", *SEASON, "--json")

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == EXPECTED
    # every figure as written: ratios to 4 decimals (1 stays 1), euros to the cent, keys in order
    assert json.dumps(report) == json.dumps(EXPECTED)


def test_the_tables_are_readable_and_export_as_csv_and_xlsx(
    committed_db: None, tmp_path: Path
) -> None:
    import_example()
    workbook, folder = tmp_path / "reciprocite.xlsx", tmp_path / "tables"

    result = run_raviv("reciprocity", *SEASON, "--csv", str(folder), "--xlsx", str(workbook))

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "exemple: 2025-09-01 to 2026-09-01 (excluded)"
    assert lines[2].split() == [
        "member",
        "given",
        "€",
        "received",
        "€",
        "balance",
        "partners",
        "mutuality",
        "forms",
    ]
    assert lines[3].split() == ["alize", "310.00", "40.00", "0.7714", "1", "1", "4"]
    assert lines[7].split() == ["ecume", "0.00", "0.00", "—", "0", "—", "0"]
    assert "gini                0.3269" in lines
    assert "network CVN €       862: 60.00, 864: 720.00" in lines

    members = pd.read_csv(folder / "members.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert members["given_eur"].map(lambda v: f"{v:.2f}").tolist() == [
        row["given_eur"] for row in EXPECTED["members"]
    ]
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        f"{name}.csv" for name in pd.read_excel(workbook, sheet_name=None)
    )
    network = pd.read_excel(workbook, sheet_name="network").set_index("indicator")["value"]
    assert Decimal(str(network["gini"])) == Decimal("0.3269")
    assert Decimal(str(network["valued_total_eur"])) == Decimal("1078")


def test_a_reversed_period_or_an_unknown_network_is_one_clear_error(committed_db: None) -> None:
    import_example()

    reversed_ = run_raviv(
        "reciprocity", "--network", "exemple", "--from", "2026-09-01", "--to", "2025-09-01"
    )
    unknown = run_raviv("reciprocity", "--network", "inconnu", *SEASON[2:])

    assert reversed_.returncode != 0
    assert "to: the period must end after it begins (from 2026-09-01)" in reversed_.stderr
    assert unknown.returncode != 0
    assert "no network with ref 'inconnu'" in unknown.stderr
    assert "Traceback" not in reversed_.stderr + unknown.stderr
