"""The reciprocity read from entries the database already reduced (one row per giver, receiver,
form and month) is exactly the one read entry by entry: the same JSON, the same tables, the same
sums month by month, on the example network and on generated ones with everything that could
set the two apart (reversal pairs across periods, pending reversals, entries the network gives,
pairs of members, entries without a frozen value, meetings, refs shared by a member and a
group, periods that do not begin or end on the first of a month)."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from raviv.db import execute
from raviv.ledger.tables import Contribution, Rate
from raviv.network_archive import archive_io
from raviv.registry import service
from raviv.registry.tables import Member, Network
from raviv.scoring import reading, totals
from raviv.scoring import reciprocity as formulas
from raviv.scoring.reciprocity import DATE, ENTRIES, VALUE, ScoringInputs
from raviv.scoring.report import reciprocity_json
from raviv.scoring.service import reciprocity_tables

DATA = Path(__file__).resolve().parents[2] / "data"
EXAMPLE = DATA / "reseau-exemple.json"

PERIODS = [
    (date(2025, 9, 1), date(2026, 9, 1)),  # the season
    (date(2025, 10, 15), date(2026, 3, 10)),  # begins and ends mid-month
    (date(2025, 9, 17), date(2026, 1, 1)),
    (date(2024, 9, 1), date(2027, 1, 1)),  # several seasons, reversals between them
    (date(2026, 1, 15), date(2026, 1, 16)),  # one day
    (date(2030, 1, 1), date(2030, 2, 1)),  # nothing in it
]
KEYS = ["giver_kind", "giver", "receiver_kind", "receiver", "form", "month"]


async def readings(network: int, start: date, end: date) -> tuple[ScoringInputs, ScoringInputs]:
    reduced = await totals.scoring_inputs(network, start, end)
    by_entry = await totals.scoring_inputs(network, start, end, entry_by_entry=True)
    return reduced, by_entry


def by_month(inputs: ScoringInputs) -> pd.DataFrame:
    """The period's entries summed by giver, receiver, form and month."""
    entries = formulas.in_period(inputs.entries, inputs.start, inputs.end)
    keyed = entries.astype(dict.fromkeys(KEYS[:-1], str)).assign(
        month=entries[DATE].dt.to_period("M").astype(str)
    )
    summed = keyed.groupby(KEYS, as_index=False)[[VALUE, ENTRIES]].sum()
    return summed.sort_values(KEYS, ignore_index=True)


def assert_same(reduced: ScoringInputs, by_entry: ScoringInputs) -> None:
    assert reduced.members == by_entry.members
    assert reduced.active_members == by_entry.active_members
    pd.testing.assert_frame_equal(by_month(reduced), by_month(by_entry))
    result = formulas.reciprocity(reduced)
    reference = formulas.reciprocity(by_entry)
    assert json.dumps(reciprocity_json(result)) == json.dumps(reciprocity_json(reference))
    tables = reciprocity_tables(result, period_entries(reduced))
    expected = reciprocity_tables(reference, period_entries(by_entry))
    assert tables.keys() == expected.keys()
    for name, table in tables.items():
        pd.testing.assert_frame_equal(table, expected[name], obj=name)


def period_entries(inputs: ScoringInputs) -> pd.DataFrame:
    return formulas.categorised(formulas.in_period(inputs.entries, inputs.start, inputs.end))


# -- the example network --------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end"), PERIODS, ids=[f"{s}_{e}" for s, e in PERIODS])
async def test_the_example_network_reads_the_same_reduced_or_entry_by_entry(
    db: None, start: date, end: date
) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    network = await service.network_id("exemple")

    assert_same(*await readings(network, start, end))


async def test_the_database_sums_like_entries_of_a_month_into_one_row(db: None) -> None:
    data = json.loads(EXAMPLE.read_bytes())
    c1 = next(entry for entry in data["contributions"] if entry["ref"] == "c1")
    # alize gives the network three more hours of time in September: one row with c1
    data["contributions"] += [
        {**c1, "ref": f"c1-bis-{day}", "quantity": "1", "date": f"2025-09-{day:02d}"}
        for day in (3, 24, 30)
    ]
    await archive_io.import_archive(data)
    network = await service.network_id("exemple")

    reduced, by_entry = await readings(network, date(2025, 9, 1), date(2026, 9, 1))

    frame = reduced.entries
    september = frame[
        (frame["giver"] == "alize")
        & (frame["receiver_kind"] == "network")
        & (frame["form"] == "time")
        & (frame[DATE] == pd.Timestamp("2025-09-01"))
    ]
    assert september[[VALUE, ENTRIES]].to_numpy().tolist() == [[9000 + 3 * 1500, 4]]
    assert len(frame) < len(by_entry.entries)
    assert int(frame[ENTRIES].sum()) == len(by_entry.entries)
    assert_same(reduced, by_entry)


async def test_a_reduced_row_is_dated_on_its_months_first_day_or_the_periods_start(
    db: None,
) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    network = await service.network_id("exemple")
    start, end = date(2025, 10, 10), date(2026, 3, 10)  # c2 is dated 12 October

    frame = await reading.period_frame(network, start, end)

    stored = frame[frame["form"] != "meeting"]  # attendance keeps its meetings' days
    days = set(stored[DATE].dt.date)
    assert days
    assert days <= {start} | {day for day in days if day.day == 1}
    assert min(days) == start
    assert max(days) < end


# -- generated networks ---------------------------------------------------------------------------

FORMS = ("time", "meeting", "knowledge", "equipment", "premises", "coproduction")
FORMS += ("shared_staff", "money")
QUANTITIES = ("0.5", "1", "1.5", "2", "2.25", "3", "4", "7.125", "10")


def generated_network(seed: int) -> dict[str, Any]:
    """A network of ten members over three seasons: every kind of giver and receiver, every
    form, pending and rejected entries, validated reversals (some dated seasons after their
    entry), pending and rejected ones, meetings with and without a group. The working group
    ``m03`` shares its ref with a member."""
    rnd = random.Random(seed)
    members = [f"m{i:02d}" for i in range(1, 11)]
    first = date(2024, 9, 1)
    days = (date(2027, 1, 1) - first).days

    def day() -> str:
        return (first + timedelta(days=rnd.randrange(days))).isoformat()

    def party(member: str) -> dict[str, Any]:
        draw = rnd.random()
        if draw < 0.3:
            return {"network": True}
        if draw < 0.45:
            return {"group": rnd.choice(["g1", "m03"])}
        if draw < 0.55:
            return {"project": rnd.choice(["p1", "p2"])}
        return {"member": rnd.choice([m for m in members if m != member])}

    entries: list[dict[str, Any]] = []
    for n in range(260):
        giver = rnd.choice(members)
        network_gives = rnd.random() < 0.1
        form = rnd.choice(FORMS)
        entries.append(
            {
                "ref": f"c{n}",
                "giver": {"network": True} if network_gives else {"member": giver},
                "receiver": {"member": giver} if network_gives else party(giver),
                "form": form,
                "quantity": "120.50" if form == "money" else rnd.choice(QUANTITIES),
                "date": day(),
                "status": rnd.choices(["validated", "submitted", "rejected"], (85, 8, 7))[0],
            }
        )
    validated = [e for e in entries if e["status"] == "validated"]
    for n, original in enumerate(rnd.sample(validated, 24)):
        later = date.fromisoformat(original["date"]) + timedelta(days=rnd.randrange(1, 400))
        status = "validated" if n < 18 else ("submitted" if n < 21 else "rejected")
        entries.append(
            {
                **original,
                "ref": f"{original['ref']}-annule",
                "date": later.isoformat(),
                "status": status,
                "reverses": original["ref"],
            }
        )

    def attendance() -> list[dict[str, Any]]:
        lines: list[dict[str, Any]] = []
        for member in rnd.sample(members, 6):
            if rnd.random() < 0.2:
                lines.append({"member": member, "excused": True})
            else:
                lines.append({"member": member, "people": rnd.randint(1, 3)})
        return lines

    return {
        "format": "raviv-network/1",
        "network": {
            "ref": f"genere-{seed}",
            "name": "Réseau généré",
            "period": "season",
            "timezone": "Europe/Paris",
            "rates": [
                {"form": "time", "eur_per_unit": "15.00", "effective_from": "2024-01-01"},
                {"form": "time", "eur_per_unit": "16.50", "effective_from": "2026-01-01"},
                {"form": "knowledge", "eur_per_unit": "31.25", "effective_from": "2024-01-01"},
                {"form": "coproduction", "eur_per_unit": "15.00", "effective_from": "2024-01-01"},
                {"form": "equipment", "eur_per_unit": "20.00", "effective_from": "2024-01-01"},
                {"form": "premises", "eur_per_unit": "8.00", "effective_from": "2024-01-01"},
                {"form": "premises", "eur_per_unit": "9.50", "effective_from": "2025-11-01"},
            ],  # no meeting nor shared_staff rate: the SMIC-based default hourly rate
        },
        "members": [
            {
                "ref": ref,
                "name": f"Compagnie {ref}",
                "siret": None,
                "legal_form": "association",
                "departement": "93",
                "employer": False,
                "tier": "member",
                "memberships": [{"from": "2024-01-01" if i % 4 else "2025-12-01", "to": None}],
            }
            for i, ref in enumerate(members)
        ],
        "working_groups": [
            {"ref": "g1", "name": "Groupe 1", "enrolments": []},
            {"ref": "m03", "name": "Groupe au nom d'un membre", "enrolments": []},
        ],
        "shared_projects": [
            {
                "ref": ref,
                "name": ref,
                "lead": "m01",
                "partners": ["m02"],
                "from": "2024-01-01",
                "to": None,
            }
            for ref in ("p1", "p2")
        ],
        "meetings": [
            {
                "ref": f"r{n}",
                "title": f"Réunion {n}",
                "kind": "working_group" if group else "seminar",
                "group": group,
                "mandatory": False,
                "date": day(),
                "duration_hours": rnd.choice(["1.5", "2", "3"]),
                "attendance": attendance(),
            }
            for n, group in enumerate(["g1", None, "m03", None, "g1"])
        ],
        "contributions": entries,
        "rule_sets": [],
        "exemptions": [],
    }


async def unfreeze(network: int, refs: list[str]) -> None:
    """Validated entries as if validated without a frozen value."""
    for ref in refs:
        await execute(
            "UPDATE contribution SET rate_cents = NULL, value_cents = NULL "
            "WHERE network = {} AND ref = {}",
            network,
            ref,
        )


async def imported(seed: int) -> int:
    archive = generated_network(seed)
    await archive_io.import_archive(archive)
    network = await service.network_id(f"genere-{seed}")
    # a studio is priced apart, and some entries were validated without a frozen value (one of
    # them reversed, another with a reversal still pending)
    await Rate.insert(
        Rate(
            network=network,
            form="premises",
            category="studio",
            eur_per_unit_cents=2500,
            unit="room-hours",
            effective_from=date(2024, 1, 1),
        )
    ).run()
    await (
        Contribution.update({Contribution.category: "studio"})
        .where(Contribution.network == network, Contribution.form == "premises")
        .run()
    )
    validated = [
        e for e in archive["contributions"] if e["status"] == "validated" and "reverses" not in e
    ]
    reversed_refs = {e["reverses"] for e in archive["contributions"] if "reverses" in e}
    unvalued = [e["ref"] for e in validated if e["form"] != "money"][:40:3]
    unvalued += sorted(reversed_refs)[:3]
    await unfreeze(network, unvalued)
    return network


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_a_generated_network_reads_the_same_reduced_or_entry_by_entry(
    db: None, seed: int
) -> None:
    network = await imported(seed)
    unvalued = await Contribution.count().where(
        Contribution.network == network,
        Contribution.status == "validated",
        Contribution.value_cents.is_null(),
    )
    assert unvalued >= 10

    for start, end in PERIODS:
        reduced, by_entry = await readings(network, start, end)
        assert_same(reduced, by_entry)
        assert int(reduced.entries[ENTRIES].sum()) == len(by_entry.entries)


async def test_a_reversal_cancels_its_entry_in_the_reduced_reading_whatever_the_dates(
    db: None,
) -> None:
    network = await imported(4)
    pairs = await execute(
        "SELECT o.ref AS original, o.date AS original_date, r.date AS reversal_date "
        "FROM contribution AS r JOIN contribution AS o ON o.id = r.reverses "
        "WHERE r.network = {} AND r.status = 'validated' AND o.value_cents IS NOT NULL "
        "ORDER BY o.id",
        network,
    )
    pair = next(p for p in pairs if str(p["original_date"])[:7] != str(p["reversal_date"])[:7])
    start = date.fromisoformat(str(pair["original_date"])).replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)  # the original's month, not the reversal's

    before = await reading.period_frame(network, start, end)
    await execute(
        "UPDATE contribution SET status = 'submitted' WHERE network = {} AND reverses = "
        "(SELECT id FROM contribution WHERE network = {} AND ref = {})",
        network,
        network,
        pair["original"],
    )
    after = await reading.period_frame(network, start, end)

    # once its reversal is pending again, the entry counts
    assert int(after[ENTRIES].sum()) == int(before[ENTRIES].sum()) + 1
    assert_same(*await readings(network, start, end))


async def test_ids_beyond_the_reduced_key_fall_back_to_the_entry_by_entry_reading(
    db: None,
) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    network = await service.network_id("exemple")
    big = 2**reading.ID_BITS + 5
    await Member.insert(Member(id=big, network=network, ref="zephyr", name="Zéphyr")).run()
    await Contribution.insert(
        Contribution(
            network=network,
            ref="c-zephyr",
            giver_member=big,
            receiver_kind="network",
            form="money",
            unit="euros",
            quantity_milli=50_000,
            date=date(2026, 2, 3),
            status="validated",
            rate_cents=100,
            value_cents=5000,
        )
    ).run()
    season = (date(2025, 9, 1), date(2026, 9, 1))

    with pytest.raises(reading.NotReducible):
        await reading.period_frame(network, *season)
    reduced, by_entry = await readings(network, *season)

    assert_same(reduced, by_entry)
    given = {m.member: m.given_eur for m in formulas.reciprocity(reduced).members}
    assert str(given["zephyr"]) == "50.00"


async def test_an_entry_naming_another_networks_member_is_read_entry_by_entry(db: None) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    network = await service.network_id("exemple")
    [other] = await Network.insert(Network(ref="ailleurs", name="Ailleurs")).run()
    [stranger] = await Member.insert(
        Member(network=other["id"], ref="etranger", name="Étranger")
    ).run()
    await Contribution.insert(
        Contribution(
            network=network,
            ref="c-etranger",
            giver_member=stranger["id"],
            receiver_kind="network",
            form="money",
            unit="euros",
            quantity_milli=20_000,
            date=date(2026, 2, 3),
            status="validated",
            rate_cents=100,
            value_cents=2000,
        )
    ).run()
    season = (date(2025, 9, 1), date(2026, 9, 1))

    with pytest.raises(reading.NotReducible):
        await reading.period_frame(network, *season)
    assert_same(*await readings(network, *season))


async def test_a_period_of_more_months_than_the_key_holds_is_read_entry_by_entry(
    db: None,
) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    network = await service.network_id("exemple")
    start, end = date(1990, 1, 1), date(2090, 1, 1)

    with pytest.raises(reading.NotReducible):
        await reading.period_frame(network, start, end)
    assert_same(*await readings(network, start, end))


async def test_the_largest_ids_and_the_longest_period_the_key_holds_read_the_same(
    db: None,
) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    network = await service.network_id("exemple")
    last = 2**reading.ID_BITS - 1
    alize = await Member.select(Member.id).where(Member.ref == "alize").first().run()
    assert alize is not None
    await Member.insert(Member(id=last, network=network, ref="zephyr", name="Zéphyr")).run()
    await Contribution.insert(
        *(
            Contribution(
                network=network,
                ref=f"c-zephyr-{n}",
                giver_member=giver,
                receiver_kind="member",
                receiver_member=receiver,
                form="shared_staff",
                unit="hours",
                quantity_milli=3_500,
                date=date(2026, 8, 31),
                status="validated",
                rate_cents=1500,
                value_cents=5250,
            )
            for n, (giver, receiver) in enumerate([(last, alize["id"]), (alize["id"], last)])
        )
    ).run()
    start, end = date(1990, 1, 1), date(2075, 4, 1)  # 1,023 months
    assert reading.months_fit(start, end)

    frame = await reading.period_frame(network, start, end)  # no NotReducible
    zephyr = frame[(frame["giver"] == "zephyr") | (frame["receiver"] == "zephyr")]

    assert zephyr[[VALUE, ENTRIES]].sum().tolist() == [10500, 2]
    assert_same(*await readings(network, start, end))
