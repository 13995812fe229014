"""The network archive against the real database: import, export, round trip, refusals."""

import json
from pathlib import Path

import pytest

from raviv.archive import dump_archive
from raviv.errors import ConflictError, InvalidError
from raviv.ledger.archive_io import LedgerCounts
from raviv.network_archive import archive_io
from raviv.registry import service
from raviv.registry.tables import Member, Network

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "reseau-exemple.json"


def example() -> dict:
    return json.loads(EXAMPLE.read_text("utf-8"))


async def _empty_registry() -> None:
    """Every table emptied, children first (every foreign key restricts deletion)."""
    from piccolo.conf.apps import Finder
    from piccolo.table import sort_table_classes

    for table in reversed(sort_table_classes(Finder().get_table_classes())):
        await table.delete(force=True).run()


async def test_the_example_archive_imports_as_it_is(db: None) -> None:
    result = await archive_io.import_archive(EXAMPLE.read_bytes())
    assert (result.network, result.members, result.memberships) == ("exemple", 6, 6)
    assert result.ledger == LedgerCounts(
        rates=7,
        working_groups=2,
        enrolments=5,
        meetings=5,
        attendance=16,
        contributions=12,
    )
    assert (result.rule_sets, result.exemptions) == (1, 1)
    dune = await service.get_member("exemple", "dune")
    assert (dune.siret, dune.legal_form, dune.disciplines) == (None, "collectif", ["cirque"])
    history = await service.list_memberships("exemple", "dune")
    assert [(m.starts_on.isoformat(), m.ends_on) for m in history] == [("2026-01-01", None)]


async def test_the_example_exports_exactly_as_it_was_imported(db: None) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    exported = json.loads(dump_archive(await archive_io.export_archive("exemple")))
    assert exported == example()


async def test_export_then_import_into_an_empty_database_then_export_gives_the_same_document(
    db: None,
) -> None:
    data = example()
    data["network"]["territory"] = "Île-de-France"
    data["network"]["tiers"] = [
        {"code": "member", "label": "Adhérent"},
        {"code": "board", "label": "Membre du CA"},
    ]
    alize = data["members"][0]
    alize["disciplines"], alize["discipline"] = ["théâtre", "danse"], ""
    alize["commune"], alize["headcount_fte"] = "Montreuil", "2.50"
    alize["memberships"] = [
        {"from": "2020-01-10", "to": "2024-02-01", "reason": "joined"},
        {
            "from": "2024-02-01",
            "to": "2024-06-01",
            "status": "suspended",
            "reason": "dues",
            "end_reason": "paid",
        },
        {"from": "2024-06-01", "to": None, "reason": "resumed"},
    ]
    alize["people"] = [
        {
            "ref": "karim-martin",
            "first_name": "Karim",
            "last_name": "Martin",
            "email": "karim.martin@alize.example",
            "phone": "0612345678",
            "role": "administrateur",
            "consent_contact": True,
            "consent_directory": True,
        }
    ]
    alize["dues"] = [
        {
            "period_start": "2025-09-01",
            "amount_eur": "50.00",
            "paid_on": "2025-10-02",
            "means": "virement",
        }
    ]
    _add_ledger_extensions(data)
    await archive_io.import_archive(data)
    first = dump_archive(await archive_io.export_archive("exemple"))
    await _empty_registry()
    await archive_io.import_archive(first)
    second = dump_archive(await archive_io.export_archive("exemple"))
    assert second == first
    exported = json.loads(first)
    assert exported["members"][0]["people"][0]["email"] == "karim.martin@alize.example"
    assert exported["members"][0]["dues"][0]["amount_eur"] == "50.00"
    assert exported["members"][0]["memberships"][1]["end_reason"] == "paid"
    assert exported["members"][0]["people"][0]["consent_directory"] is True
    assert exported["shared_projects"] == data["shared_projects"]
    entries = {entry["ref"]: entry for entry in exported["contributions"]}
    assert [e["ref"] for e in exported["contributions"]][:2] == ["c0", "c1"]  # archive order
    assert entries["c0"]["reverses"] == "c13"
    assert entries["c13"]["receiver"] == {"project": "festival"}
    assert entries["c13"]["quantity"] == "1.5"  # "1.50": as few decimals as needed
    assert entries["c14"]["unit"] == "m²-days"
    assert exported["network"]["rates"][-1] == {
        "form": "premises",
        "eur_per_unit": "0.50",  # euros: always two decimals
        "effective_from": "2026-06-01",
        "method": "per m² and day",
        "unit": "m²-days",
    }
    assert exported["meetings"][-1]["duration_hours"] == "1.25"


def _add_ledger_extensions(data: dict) -> None:
    """The example with every ledger extension, odd decimals and a reversal listed before the
    entry it reverses."""
    data["network"]["rates"].append(
        {
            "form": "premises",
            "eur_per_unit": "0.5",
            "effective_from": "2026-06-01",
            "method": "per m² and day",
            "unit": "m²-days",
        }
    )
    data["shared_projects"] = [
        {
            "ref": "festival",
            "name": "Festival des possibles",
            "lead": "alize",
            "partners": ["cedre", "basalte"],
            "from": "2026-01-01",
            "to": "2026-07-01",
        }
    ]
    data["meetings"].append(
        {
            "ref": "festival-1",
            "title": "Festival : lancement",
            "kind": "project",
            "group": None,
            "mandatory": False,
            "date": "2026-01-12",
            "duration_hours": "1.250",
            "attendance": [{"member": "cedre", "people": 3}, {"member": "dune", "excused": True}],
        }
    )
    data["contributions"][0:0] = [
        {
            "ref": "c0",
            "giver": {"member": "basalte"},
            "receiver": {"project": "festival"},
            "form": "coproduction",
            "quantity": "1.50",
            "date": "2026-02-01",
            "status": "validated",
            "reverses": "c13",
            "note": "Saisie en double",
        }
    ]
    data["contributions"] += [
        {
            "ref": "c13",
            "giver": {"member": "basalte"},
            "receiver": {"project": "festival"},
            "form": "coproduction",
            "quantity": "1.50",
            "date": "2026-02-01",
            "status": "validated",
        },
        {
            "ref": "c14",
            "giver": {"member": "cedre"},
            "receiver": {"member": "dune"},
            "form": "premises",
            "unit": "m²-days",
            "quantity": "40",
            "date": "2026-06-15",
            "status": "confirmed",
        },
    ]


async def test_a_corrupted_archive_is_refused_with_every_problem_and_nothing_written(
    db: None,
) -> None:
    data = example()
    data["members"][1]["siret"] = "90830166600017"
    data["working_groups"][0]["enrolments"][0]["member"] = "zephyr"
    data["contributions"][0]["date"] = "2025-13-40"
    with pytest.raises(InvalidError) as raised:
        await archive_io.import_archive(data)
    paths = {problem.field for problem in raised.value.errors}
    assert {"members[1].siret", "working_groups[0].enrolments[0].member"} <= paths
    assert any(path.startswith("contributions[0].date") for path in paths)
    assert await Network.count().run() == 0
    assert await Member.count().run() == 0


async def test_importing_a_network_that_exists_is_a_conflict_and_changes_nothing(
    db: None,
) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    members = await Member.count().run()
    with pytest.raises(ConflictError):
        await archive_io.import_archive(EXAMPLE.read_bytes())
    assert await Member.count().run() == members


async def test_a_member_in_a_tier_the_network_does_not_define_is_refused(db: None) -> None:
    data = example()
    data["members"][2]["tier"] = "gold"
    with pytest.raises(InvalidError) as raised:
        await archive_io.import_archive(data)
    assert [p.field for p in raised.value.errors] == ["members[2].tier"]
    assert await Network.count().run() == 0
