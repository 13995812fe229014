"""The ledger's sections of a network archive in the database: what is stored, what the database
cannot take (refused whole, every problem named), and the one audit line of an import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from raviv.access.tables import AuditEntry
from raviv.errors import InvalidError
from raviv.ledger.tables import Attendance, Contribution, Meeting, Rate
from raviv.network_archive import archive_io
from raviv.registry.tables import Network

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "reseau-exemple.json"


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_bytes())
    return data


async def test_amounts_are_stored_as_exact_integers(db: None) -> None:
    data = example()
    data["meetings"][0]["duration_hours"] = "1.125"
    data["contributions"][0]["quantity"] = "6.5"
    await archive_io.import_archive(data)

    rates = await Rate.select(Rate.form, Rate.eur_per_unit_cents, Rate.unit).run()
    meeting = await Meeting.select(Meeting.duration_milli).where(Meeting.ref == "m1").first().run()
    c1 = await Contribution.select().where(Contribution.ref == "c1").first().run()

    assert {r["form"]: (r["eur_per_unit_cents"], r["unit"]) for r in rates}["premises"] == (
        800,
        "room-hours",  # no unit in the archive: the form's canonical one
    )
    assert meeting == {"duration_milli": 1125}
    assert c1 is not None
    assert (c1["quantity_milli"], c1["unit"], c1["rate_cents"], c1["value_cents"]) == (
        6500,
        "hours",
        1500,
        9750,
    )
    assert (c1["receiver_kind"], c1["receiver_member"]) == ("network", None)


async def test_an_excused_member_is_stored_without_people(db: None) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())

    lines = (
        await Attendance.select(Attendance.member.ref, Attendance.people, Attendance.excused)
        .where(Attendance.meeting.ref == "ag-2025")
        .order_by(Attendance.id)
        .run()
    )

    assert [(r["member.ref"], r["people"], r["excused"]) for r in lines] == [
        ("alize", 1, False),
        ("basalte", 1, False),
        ("cedre", None, True),
        ("fougere", 1, False),
    ]


async def test_numbers_the_database_cannot_keep_exactly_are_refused_and_nothing_is_written(
    db: None,
) -> None:
    data = example()
    data["network"]["rates"][0]["eur_per_unit"] = "15.005"
    data["meetings"][1]["duration_hours"] = "0.0001"
    data["meetings"][1]["attendance"][0]["people"] = 20_000
    data["contributions"][3]["quantity"] = "2000000000"

    with pytest.raises(InvalidError) as raised:
        await archive_io.import_archive(data)

    problems = {p.field: (p.value, p.message) for p in raised.value.errors}
    assert problems == {
        "network.rates[0].eur_per_unit": ("15.005", "at most 2 decimals are kept"),
        "meetings[1].duration_hours": ("0.0001", "at most 3 decimals are kept"),
        "meetings[1].attendance[0].people": ("20000", "at most 10000"),
        "contributions[3].quantity": ("2000000000", "at most 1000000000 units"),
    }
    assert await Network.count().run() == 0
    assert await Contribution.count().run() == 0


async def test_a_validated_entry_no_rate_can_value_is_refused(db: None) -> None:
    data = example()
    data["network"]["rates"] = [r for r in data["network"]["rates"] if r["form"] != "equipment"]

    with pytest.raises(InvalidError) as raised:
        await archive_io.import_archive(data)

    # c2 and c4 are validated equipment loans; c12 (rejected) needs no value
    assert [(p.field, p.value) for p in raised.value.errors] == [
        ("contributions[1].date", "2025-10-12"),
        ("contributions[3].date", "2025-12-01"),
    ]
    assert "no equipment rate in effect on 2025-10-12" in raised.value.errors[0].message
    assert await Network.count().run() == 0


async def test_attendance_at_a_meeting_no_rate_can_value_is_refused(db: None) -> None:
    data = example()
    data["meetings"][1]["date"] = "2014-11-20"  # ag-2025, with 3 members present
    data["meetings"][2]["date"] = "2014-01-15"
    data["meetings"][2]["attendance"] = [{"member": "alize", "excused": True}]  # values nothing

    with pytest.raises(InvalidError) as raised:
        await archive_io.import_archive(data)

    assert [(p.field, p.value) for p in raised.value.errors] == [
        ("meetings[1].date", "2014-11-20"),
    ]
    assert "no meeting rate in effect on 2014-11-20" in raised.value.errors[0].message
    assert "no SMIC known before 2015-01-01" in raised.value.errors[0].message
    assert await Network.count().run() == 0


async def test_attendance_of_2016_is_valued_at_the_smic_of_2016(db: None) -> None:
    data = example()
    data["meetings"][1]["date"] = "2016-11-20"

    await archive_io.import_archive(data)

    assert await Network.count().run() == 1


async def test_time_with_no_rate_of_the_network_is_valued_at_the_default_hourly_rate(
    db: None,
) -> None:
    data = example()
    data["network"]["rates"] = [r for r in data["network"]["rates"] if r["form"] != "time"]
    await archive_io.import_archive(data)

    c1 = await Contribution.select().where(Contribution.ref == "c1").first().run()

    assert c1 is not None
    # SMIC 11.88 € (2025-09-20) × 1.25 = 14.85 €, for 6 hours
    assert (c1["rate_cents"], c1["value_cents"]) == (1485, 8910)


async def test_the_ledger_is_counted_in_the_imports_one_audit_line(db: None) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())

    lines = (
        await AuditEntry.select(AuditEntry.action, AuditEntry.after).order_by(AuditEntry.id).run()
    )

    # the network's creation, then the import of everything in it
    assert [line["action"] for line in lines] == ["network.create", "network.import"]
    after = lines[1]["after"]
    counts = json.loads(after) if isinstance(after, str) else after
    assert counts == {
        "members": 6,
        "people": 0,
        "memberships": 6,
        "dues": 0,
        "rates": 7,
        "working_groups": 2,
        "enrolments": 5,
        "shared_projects": 0,
        "meetings": 5,
        "attendance": 16,
        "contributions": 12,
        "rule_sets": 1,
        "exemptions": 1,
    }


async def test_category_rates_and_the_charge_coefficient_survive_an_export_and_reimport(
    db: None,
) -> None:
    # A network that prices its sound gear apart and states a coefficient of 1.42: an export
    # must carry both, or an import of it would value the entries again at other rates.
    data = example()
    data["network"]["rates"] = [r for r in data["network"]["rates"] if r["form"] != "time"]
    data["network"]["rates"].append(
        {"form": "equipment", "eur_per_unit": "45.00", "effective_from": "2024-01-01",
         "category": "son"}
    )  # fmt: skip
    data["network"]["valuation_policy"] = {"charge_coefficient": "1.42", "method": "SMIC × 1,42"}
    data["contributions"][1]["category"] = "son"  # c2: the light kit was a sound kit
    await archive_io.import_archive(data)

    async def values(network: str) -> dict[str, tuple[int, int]]:
        rows = await Contribution.select(
            Contribution.ref, Contribution.rate_cents, Contribution.value_cents
        ).where((Contribution.network.ref == network) & Contribution.ref.is_in(["c1", "c2", "c4"]))
        return {r["ref"]: (r["rate_cents"], r["value_cents"]) for r in rows}

    first = await values("exemple")
    # c1: 6 h at SMIC 11.88 € × 1.42 = 16.87 €; c2: 2 days of sound at 45 €; c4: general 20 €
    assert first == {"c1": (1687, 10122), "c2": (4500, 9000), "c4": (2000, 6000)}

    exported = msgspec.to_builtins(await archive_io.export_archive("exemple"))
    assert exported["network"]["valuation_policy"] == {
        "charge_coefficient": "1.42",
        "method": "SMIC × 1,42",
    }
    assert {"form": "equipment", "eur_per_unit": "45.00", "effective_from": "2024-01-01",
            "category": "son"} in exported["network"]["rates"]  # fmt: skip
    assert exported["contributions"][1]["category"] == "son"
    assert "category" not in exported["contributions"][0]  # empty extensions stay out

    exported["network"]["ref"] = "exemple-bis"  # imported again beside the first
    await archive_io.import_archive(exported)
    assert await values("exemple-bis") == first


async def test_an_entrys_proof_and_reasons_survive_an_export_and_reimport(db: None) -> None:
    data = example()
    data["contributions"][0]["evidence_url"] = "https://exemple.test/preuves/c1.pdf"
    rejected = next(c for c in data["contributions"] if c["status"] == "rejected")
    rejected["reason"] = "Doublon de c1"
    excused = next(
        line for m in data["meetings"] for line in m["attendance"] if line.get("excused")
    )
    excused["reason"] = "Tournée en Bretagne"
    await archive_io.import_archive(data)

    exported = msgspec.to_builtins(await archive_io.export_archive("exemple"))

    assert exported["contributions"] == data["contributions"]
    assert exported["meetings"] == data["meetings"]


@pytest.mark.parametrize(
    ("coefficient", "reason"),
    [("3.5", "must be from 1.000 to 3.000"), ("1.2345", "at most 3 decimals")],
)
async def test_a_charge_coefficient_the_api_would_refuse_is_refused_in_an_archive(
    db: None, coefficient: str, reason: str
) -> None:
    data = example()
    data["network"]["valuation_policy"] = {"charge_coefficient": coefficient}

    with pytest.raises(InvalidError) as raised:
        await archive_io.import_archive(data)

    assert [(p.field, p.message, p.value) for p in raised.value.errors] == [
        ("network.valuation_policy.charge_coefficient", reason, coefficient)
    ]
    assert await Network.count().run() == 0
