"""Contributions imported from a spreadsheet over HTTP.

The network is the example archive's (``exemple``). Camille coordinates it; Karim represents
alize; Sophie reads it as a consultant.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from raviv.access import service
from raviv.access.tables import AuditEntry
from raviv.ledger.tables import Contribution
from tests.personas import CAMILLE, KARIM, SOPHIE, Clients, persona_clients

DATA = Path(__file__).resolve().parents[2] / "data"
CSV = (DATA / "contributions-exemple.csv").read_bytes()
URL = "/api/networks/exemple/imports/contributions"
FILES = {"file": ("apports.csv", CSV, "text/csv")}


@pytest.fixture
async def people(client: httpx.AsyncClient) -> AsyncIterator[Clients]:
    imported = await client.post(
        "/api/archives", content=(DATA / "reseau-exemple.json").read_bytes()
    )
    assert imported.status_code == 201, imported.text
    opened = await persona_clients("exemple", CAMILLE, KARIM, SOPHIE)
    yield opened
    for http in opened.values():
        await http.aclose()


async def test_camille_checks_the_file_then_imports_it_once(people: Clients) -> None:
    before = await Contribution.count()
    dry = await people["camille"].post(URL, files=FILES)
    assert dry.status_code == 201, dry.text
    assert (dry.json()["dry_run"], len(dry.json()["created"])) == (True, 7)
    assert dry.json()["value_eur"] == "327.00"
    assert await Contribution.count() == before

    done = await people["camille"].post(URL, params={"dry_run": "false"}, files=FILES)
    assert done.status_code == 201, done.text
    assert done.json()["dry_run"] is False
    assert await Contribution.count() == before + 7
    camille = await service.account_id_by_email("camille@raviv.test")
    logged = await Contribution.select(Contribution.created_by, Contribution.validated_by).where(
        Contribution.ref == "pret-basalte-alize"
    )
    assert logged == [{"created_by": camille, "validated_by": camille}]
    line = await AuditEntry.select(AuditEntry.account, AuditEntry.after).where(
        AuditEntry.action == "contributions.import"
    )
    assert len(line) == 1
    assert line[0]["account"] == camille

    again = await people["camille"].post(URL, params={"dry_run": "false"}, files=FILES)
    assert (again.json()["created"], len(again.json()["unchanged"])) == ([], 7)
    assert await Contribution.count() == before + 7


async def test_a_bad_file_is_a_problem_naming_rows_and_columns_in_both_languages(
    people: Clients,
) -> None:
    before = await Contribution.count()
    bad = CSV.decode().replace("cedre;groupe:petr", "zorro;groupe:petr").replace("2,5", "-2,5")
    response = await people["camille"].post(
        URL, params={"dry_run": "false"}, files={"file": ("apports.csv", bad.encode(), "text/csv")}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["row"], e["field"], e["value"]) for e in errors] == [
        (4, "Donneur", "zorro"),
        (8, "Quantité", "-2,5"),
    ]
    assert all(e["message"] and e["message_fr"] for e in errors)
    assert await Contribution.count() == before


@pytest.mark.parametrize("name", ["karim", "sophie"])
async def test_a_representative_or_a_consultant_may_not_import(people: Clients, name: str) -> None:
    before = await Contribution.count()
    response = await people[name].post(URL, params={"dry_run": "false"}, files=FILES)
    assert response.status_code == 403
    assert await Contribution.count() == before
