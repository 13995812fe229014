"""The network's identity and CVN accounts from the command line: an archive carrying them,
imported with ``raviv import network`` into the test database (SQLite or PostgreSQL), gives
them back with ``raviv export network``, and ``raviv reciprocity --json`` books the network's
CVN to the accounts the archive's network chose (docs/scoring.md, CVN accounts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.e2e.test_cli_and_server import EXAMPLES, run_raviv

EXPECTED: dict[str, Any] = json.loads((EXAMPLES / "reseau-exemple.expected.json").read_bytes())[
    "reciprocity_period"
]
SEASON = ("--network", "exemple", "--from", "2025-09-01", "--to", "2026-09-01")
IDENTITY = {
    "legal_name": "Réseau Exemple des arts vivants (association)",
    "siret": "52601815500014",
    "rna": "W751234567",
    "legal_form": "association",
    "creation_year": 2012,
    "address_street": "3 place de la Fontaine",
    "address_postcode": "75011",
    "address_city": "Paris",
    "general_assemblies_per_year": 1,
    "board_meetings_per_year": 3,
    "fiscal_year_start": "09-01",
    "signatory_name": "Élise Moreau",
    "signatory_role": "Présidente",
}


def example_with(tmp_path: Path, **network: Any) -> Path:
    document = json.loads((EXAMPLES / "reseau-exemple.json").read_bytes())
    document["network"] |= network
    path = tmp_path / "exemple.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_reciprocity_cvn_follows_the_accounts_the_network_chose(
    committed_db: None, tmp_path: Path
) -> None:
    overrides = [{"form": "knowledge", "use": "864", "resource": "875"}]
    imported = run_raviv("import", "network", str(example_with(tmp_path, cvn_accounts=overrides)))
    assert imported.returncode == 0, imported.stderr

    result = run_raviv("reciprocity", *SEASON, "--json")

    assert result.returncode == 0, result.stderr
    network = json.loads(result.stdout)["network"]
    assert EXPECTED["network"]["cvn"] == {"862": "60.00", "864": "720.00"}
    assert network["cvn"] == {"864": "780.00"}  # c5's knowledge booked with volunteering
    assert {k: v for k, v in network.items() if k != "cvn"} == {
        k: v for k, v in EXPECTED["network"].items() if k != "cvn"
    }


def test_the_identity_and_the_accounts_come_back_from_an_export(
    committed_db: None, tmp_path: Path
) -> None:
    overrides = [{"form": "premises", "use": "8611", "resource": "871"}]
    source = example_with(tmp_path, cvn_accounts=overrides, **IDENTITY)
    imported = run_raviv("import", "network", str(source))
    assert imported.returncode == 0, imported.stderr

    exported = run_raviv("export", "network", "exemple")

    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout) == json.loads(source.read_text("utf-8"))


def test_an_archive_with_a_bad_identity_is_refused_naming_each_field(
    committed_db: None, tmp_path: Path
) -> None:
    source = example_with(
        tmp_path,
        siret="52601815500015",
        rna="W12",
        fiscal_year_start="02-29",
        cvn_accounts=[{"form": "money", "use": "864", "resource": "875"}],
    )

    refused = run_raviv("import", "network", str(source), "--json")

    assert refused.returncode == 1
    fields = [e["field"] for e in json.loads(refused.stdout)["errors"]]
    assert sorted(fields) == [
        "network.cvn_accounts[0].form",
        "network.fiscal_year_start",
        "network.rna",
        "network.siret",
    ]
    assert run_raviv("export", "network", "exemple").returncode == 1
