"""The example network imported into the database gives, read back from it, exactly the
reciprocity of the expected file over the 2025-26 season (given, received, the network's CVN and
every other figure), and the ledger's rules hold there: reversal pairs cancel, frozen values stay,
pending entries wait."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from raviv.ledger.tables import Contribution, Rate
from raviv.network_archive import archive_io
from raviv.registry import service
from raviv.registry.tables import Member
from raviv.scoring.report import reciprocity_json
from raviv.scoring.totals import network_reciprocity

DATA = Path(__file__).resolve().parents[2] / "data"
EXAMPLE = DATA / "reseau-exemple.json"
EXPECTED = json.loads((DATA / "reseau-exemple.expected.json").read_bytes())["reciprocity_period"]
SEASON = (date(2025, 9, 1), date(2026, 9, 1))


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_bytes())
    return data


async def season() -> dict[str, Any]:
    return reciprocity_json(await network_reciprocity("exemple", *SEASON))


def money(report: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {row["member"]: (row["given_eur"], row["received_eur"]) for row in report["members"]}


async def test_each_members_given_and_received_and_the_network_cvn_are_the_expected_ones(
    db: None,
) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())

    computed = await season()

    assert money(computed) == money(EXPECTED)
    assert (
        computed["network"]["cvn"]
        == EXPECTED["network"]["cvn"]
        == {
            "862": "60.00",
            "864": "720.00",
        }
    )


async def test_every_figure_of_the_season_read_from_the_database_is_the_expected_one(
    db: None,
) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())

    computed = await season()

    assert computed == EXPECTED
    assert json.dumps(computed) == json.dumps(EXPECTED)  # 1 stays 1, keys in the same order


async def test_validated_entries_carry_the_rate_and_value_frozen_on_import(db: None) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())

    rows = await Contribution.select(
        Contribution.ref, Contribution.status, Contribution.rate_cents, Contribution.value_cents
    ).run()

    frozen = {row["ref"]: (row["rate_cents"], row["value_cents"]) for row in rows}
    assert frozen["c2"] == (2000, 4000)  # 2 item-days of equipment at 20.00 €
    assert frozen["c3"] == (800, 4000)  # 5 room-hours at 8.00 €
    assert frozen["c1"] == (1500, 9000)  # 6 hours at 15.00 €
    # submitted (c11) and rejected (c12) entries are valued only if they are ever validated
    assert frozen["c11"] == frozen["c12"] == (None, None)


async def test_a_rate_added_afterwards_leaves_the_frozen_values_as_they_were(db: None) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    network = await service.network_id("exemple")
    await Rate.insert(
        Rate(
            network=network,
            form="equipment",
            eur_per_unit_cents=5000,
            unit="item-days",
            effective_from=date(2025, 1, 1),
            method="backdated by mistake",
        )
    ).run()

    assert money(await season()) == money(EXPECTED)


async def test_an_entry_validated_without_a_frozen_value_is_valued_at_the_rate_of_its_day(
    db: None,
) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    network = await service.network_id("exemple")
    ecume = await Member.select(Member.id).where(Member.ref == "ecume").first().run()
    assert ecume is not None
    await Contribution.insert(
        Contribution(
            network=network,
            ref="c20",
            giver_member=ecume["id"],
            receiver_kind="network",
            form="time",
            unit="hours",
            quantity_milli=2500,
            date=date(2026, 3, 2),
            status="validated",
        )
    ).run()

    ecume_row = next(row for row in (await season())["members"] if row["member"] == "ecume")

    assert (ecume_row["given_eur"], ecume_row["received_eur"]) == ("37.50", "0.00")  # 2.5 h × 15


async def test_a_reversal_cancels_its_entry_even_when_dated_after_the_period(db: None) -> None:
    data = example()
    data["contributions"].append(
        {
            "ref": "c1-annulation",
            "giver": {"member": "alize"},
            "receiver": {"network": True},
            "form": "time",
            "quantity": "6",
            "date": "2026-09-15",
            "status": "validated",
            "reverses": "c1",
            "note": "c1 était en double",
        }
    )
    await archive_io.import_archive(data)

    computed = await season()

    alize = next(row for row in computed["members"] if row["member"] == "alize")
    assert alize["given_eur"] == "220.00"  # 310.00 without c1's 6 hours at 15.00 €
    assert computed["network"]["cvn"]["864"] == "630.00"


@pytest.mark.parametrize("status", ["submitted", "confirmed", "rejected"])
async def test_a_reversal_not_validated_cancels_nothing(db: None, status: str) -> None:
    data = example()
    data["contributions"].append(
        {
            "ref": "c2-annulation",
            "giver": {"member": "alize"},
            "receiver": {"member": "basalte"},
            "form": "equipment",
            "quantity": "2",
            "date": "2026-01-05",
            "status": status,
            "reverses": "c2",
        }
    )
    await archive_io.import_archive(data)

    assert money(await season()) == money(EXPECTED)


async def test_only_meetings_and_entries_of_the_period_count(db: None) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())

    spring = reciprocity_json(
        await network_reciprocity("exemple", date(2026, 3, 1), date(2026, 4, 1))
    )

    # March 2026: meeting m4 (2 h: alize 1, dune 2, fougere 1 person, at 15.00 € an hour);
    # c12 (cedre → alize, 15 March) was rejected.
    given = {row["member"]: row["given_eur"] for row in spring["members"]}
    assert given == {
        "alize": "30.00",
        "basalte": "0.00",
        "cedre": "0.00",
        "dune": "60.00",
        "ecume": "0.00",
        "fougere": "30.00",
    }
    assert spring["network"]["valued_total_eur"] == "120.00"
