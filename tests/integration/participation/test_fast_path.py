"""The evaluation read straight from the database (the fast path) is exactly the one of the
network's exported archive (the reference path), on the example network and on a generated one
with everything the rule looks at: reversal pairs across periods, pending and rejected entries,
exemptions, memberships that begin, end or are suspended during the season, two mandatory
meetings, dues paid before or after the day evaluated, tiers with criteria of their own, and
entries between members (the balance index).

Camille evaluates her network on many days of the season; whatever the day, the figures are the
ones the archive gives.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from raviv.demo import generate_network
from raviv.network_archive import archive_io
from raviv.network_archive.evaluation import evaluate_exported
from raviv.participation import snapshots
from raviv.participation.evaluation import evaluate_network
from raviv.participation.tables import EvaluationSnapshot
from raviv.rules.evaluator import Evaluation, Status
from raviv.rules.report import encode
from tests.unit.rules.test_example import EXAMPLE, EXPECTED, assert_matches

SEASON = date(2025, 9, 1)
DAYS = (
    date(2025, 9, 1),  # the period's first day: nothing counts yet
    date(2025, 10, 15),
    date(2025, 11, 21),  # the day after the general assembly
    date(2026, 2, 1),
    date(2026, 6, 16),  # the day after the second mandatory meeting
    date(2026, 8, 31),
    date(2026, 9, 1),  # the period is over
)


def assert_same(fast: Evaluation, reference: Evaluation) -> None:
    assert fast == reference
    assert encode(fast) == encode(reference)  # to the last digit and explanation


async def assert_same_every_day(network: str, days: tuple[date, ...] = DAYS) -> None:
    for day in days:
        fast = await evaluate_network(network, at=day, period_start=SEASON)
        reference = await evaluate_exported(network, at=day, period_start=SEASON)
        assert_same(fast, reference)


def _entry(ref: str, giver: str | None, receiver: dict[str, Any], **fields: Any) -> dict[str, Any]:
    entry = {
        "ref": ref,
        "giver": {"network": True} if giver is None else {"member": giver},
        "receiver": receiver,
        "status": "validated",
    }
    return entry | fields


def generated_network() -> dict[str, Any]:
    """The demo network of 40 members, with what the demo leaves out added."""
    document = generate_network(seed=11, members=40, ref="generee")
    members = document["members"]
    by_tier = {m["tier"]: m["ref"] for m in members}
    steady = [
        m["ref"]
        for m in members
        if m["memberships"] == [{"from": m["memberships"][0]["from"], "to": None}]
        and m["memberships"][0]["from"] < "2025-09-01"
        and m["tier"] == "member"
    ]
    giver, other, suspended = steady[0], steady[1], steady[2]
    network = {"network": True}
    document["contributions"] += [
        # Reversals: of an entry of the season by a reversal dated in the next season; of an
        # entry of the previous season by a reversal dated in this one; and a reversal still
        # pending, which cancels nothing yet.
        _entry("to-reverse", giver, network, form="time", quantity="5", date="2026-02-10"),
        _entry("r-next", giver, network, form="time", quantity="5", date="2026-10-05")
        | {"reverses": "to-reverse"},
        _entry("old", giver, network, form="time", quantity="7", date="2025-06-10"),
        _entry("r-old", giver, network, form="time", quantity="7", date="2025-09-10")
        | {"reverses": "old"},
        _entry("kept", other, network, form="knowledge", quantity="2", date="2025-12-01"),
        _entry("r-pending", other, network, form="knowledge", quantity="2", date="2026-01-10")
        | {"reverses": "kept", "status": "submitted"},
        # Given on days the giver was suspended: they do not count; the day it is back does.
        _entry("off-first-day", suspended, network, form="time", quantity="4", date="2026-01-01"),
        _entry("while-off", suspended, network, form="time", quantity="9", date="2026-01-15"),
        _entry("back-on", suspended, network, form="time", quantity="3", date="2026-02-15"),
        # Two alike entries, the same day.
        _entry("twice-1", other, network, form="premises", quantity="3", date="2026-03-03"),
        _entry("twice-2", other, network, form="premises", quantity="3", date="2026-03-03"),
        # Exchanges between members, both ways, and a service of the network.
        _entry("to-other", giver, {"member": other}, form="knowledge", quantity="3.5")
        | {"date": "2026-03-02"},
        _entry("back", other, {"member": giver}, form="equipment", quantity="2", date="2026-04-20"),
        _entry("service", None, {"member": giver}, form="premises", quantity="6")
        | {"date": "2026-05-11"},
        # The period's last day, and the next period's first.
        _entry("last-day", other, network, form="coproduction", quantity="1.25")
        | {"date": "2026-08-31"},
        _entry("next-season", other, network, form="time", quantity="30", date="2026-09-01"),
    ]

    for member in members:
        if member["ref"] == suspended:
            member["memberships"] = [
                {"from": member["memberships"][0]["from"], "to": "2026-01-01"},
                {"from": "2026-01-01", "to": "2026-02-15", "status": "suspended"},
                {"from": "2026-02-15", "to": None},
            ]
        number = members.index(member)
        if number % 4 != 3:  # three in four have dues for the season, paid on various days
            paid = None if number % 4 == 2 else f"2026-0{1 + number % 7}-1{number % 10}"
            member["dues"] = [{"period_start": "2025-09-01", "amount_eur": "50", "paid_on": paid}]

    document["meetings"].append(
        {
            "ref": "age-2026",
            "title": "Assemblée générale extraordinaire",
            "kind": "general_assembly",
            "group": None,
            "mandatory": True,
            "date": "2026-06-15",
            "duration_hours": "2",
            "attendance": [
                {"member": m["ref"], "people": 1 + i % 2}
                if i % 3
                else {"member": m["ref"], "excused": True}
                for i, m in enumerate(members[:25])
            ],
        }
    )
    document["exemptions"].append(
        {"member": other, "criteria": ["dues_paid"], "period_start": "2025-09-01", "reason": "CA"}
    )
    document["rule_sets"] = [
        {
            "ref": "regle-2025",
            "effective_from": "2025-09-01",
            "period": "season",
            "grace_days": 30,
            "criteria": [
                {"criterion": "meetings_attended", "min": 3},
                {"criterion": "hours_given", "min": "10"},
                {"criterion": "mandatory_meetings"},
                {"criterion": "groups_enrolled", "min": 1},
                {"criterion": "dues_paid"},
                {"criterion": "forms_given", "min": 2},
                {"criterion": "value_given", "min": "150"},
                {"criterion": "balance_index", "min": "-0.5", "min_volume_eur": "100"},
            ],
            "tiers": [
                {
                    "tier": "board",
                    "criteria": [
                        {"criterion": "meetings_attended", "min": 4, "kinds": ["board"]},
                        {"criterion": "mandatory_meetings"},
                        {"criterion": "hours_given", "min": "20.5"},
                    ],
                },
                {
                    "tier": "associate",
                    "criteria": [
                        {"criterion": "dues_paid"},
                        {"criterion": "meetings_attended", "min": 1, "mandatory_only": True},
                    ],
                },
            ],
        }
    ]
    assert by_tier.keys() >= {"board", "associate", "member"}
    return document


@pytest.fixture
async def generee(db: None) -> dict[str, Any]:
    document = generated_network()
    await archive_io.import_archive(document)
    return document


@pytest.fixture
async def exemple(db: None) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())


async def test_the_example_evaluates_the_same_both_ways_every_day(exemple: None) -> None:
    await assert_same_every_day("exemple")


@pytest.mark.parametrize(
    ("at", "expected"),
    [(date(2026, 3, 1), "evaluation_mid_period"), (date(2026, 9, 1), "evaluation_end_of_period")],
)
async def test_the_fast_path_gives_the_expected_answers_of_the_example(
    exemple: None, at: date, expected: str
) -> None:
    evaluation = await evaluate_network("exemple", at=at, period_start=SEASON)
    assert_matches(json.loads(EXPECTED.read_bytes())[expected], json.loads(encode(evaluation)))


async def test_a_generated_network_evaluates_the_same_both_ways_every_day(
    generee: dict[str, Any],
) -> None:
    await assert_same_every_day("generee")


async def test_the_period_of_the_day_is_the_same_both_ways_when_none_is_named(
    generee: dict[str, Any],
) -> None:
    for day in (date(2025, 12, 24), date(2026, 9, 2)):
        fast = await evaluate_network("generee", at=day)
        assert_same(fast, await evaluate_exported("generee", at=day))
    assert fast.period.start == date(2026, 9, 1)
    assert {m.status for m in fast.members} <= {Status.at_risk, Status.exempt, Status.grace}


async def test_the_generated_network_exercises_every_status_and_criterion(
    generee: dict[str, Any],
) -> None:
    """The comparison above means something: the network reaches every status on some day, and
    the rule's every criterion is met by some members and missed by others."""
    statuses = set()
    met: dict[str, set[bool]] = {}
    for day in DAYS:
        evaluation = await evaluate_network("generee", at=day, period_start=SEASON)
        for member in evaluation.members:
            statuses.add(member.status)
            for result in member.criteria:
                met.setdefault(result.criterion.value, set()).add(result.met)
    assert statuses == set(Status)
    assert len(met) == 8
    assert all(outcomes == {True, False} for outcomes in met.values()), met


async def hours_given(network: str, member: str, at: date) -> Decimal:
    evaluation = await evaluate_network(network, at=at, period_start=SEASON)
    record = next(m for m in evaluation.members if m.member == member)
    actual = next(r.actual for r in record.criteria if r.criterion == "hours_given")
    assert isinstance(actual, Decimal)
    return actual


async def test_a_reversal_dated_in_the_next_season_cancels_an_entry_of_this_one(
    generee: dict[str, Any],
) -> None:
    from raviv.ledger.tables import Contribution

    giver = next(e for e in generee["contributions"] if e["ref"] == "r-next")["giver"]["member"]
    cancelled = await hours_given("generee", giver, date(2026, 9, 1))

    await Contribution.update({Contribution.status: "rejected"}).where(Contribution.ref == "r-next")

    assert await hours_given("generee", giver, date(2026, 9, 1)) == cancelled + 5


async def test_what_a_member_gives_while_suspended_does_not_count(
    generee: dict[str, Any],
) -> None:
    from raviv.ledger.tables import Contribution

    suspended = next(e for e in generee["contributions"] if e["ref"] == "while-off")
    member = suspended["giver"]["member"]
    counted = await hours_given("generee", member, date(2026, 9, 1))

    await Contribution.update({Contribution.status: "rejected"}).where(
        Contribution.ref.is_in(["off-first-day", "while-off"])
    )
    assert await hours_given("generee", member, date(2026, 9, 1)) == counted

    await Contribution.update({Contribution.status: "rejected"}).where(
        Contribution.ref == "back-on"
    )
    assert await hours_given("generee", member, date(2026, 9, 1)) == counted - 3


async def test_entries_without_a_frozen_value_count_at_the_rate_of_their_day(
    generee: dict[str, Any],
) -> None:
    """Entries validated before values were frozen (none is, since raviv freezes them): the
    rate in effect on their day, entry by entry, as the archive path values every entry."""
    from raviv.ledger.tables import Contribution

    await Contribution.update(
        {Contribution.value_cents: None, Contribution.rate_cents: None}, force=True
    )

    await assert_same_every_day("generee", (date(2026, 2, 1), date(2026, 9, 1)))


async def test_the_snapshot_keeps_the_inputs_summary_shape(generee: dict[str, Any]) -> None:
    await snapshots.take("generee", at=date(2026, 3, 1))
    row = await EvaluationSnapshot.select(EvaluationSnapshot.inputs).first()
    assert row is not None
    inputs = json.loads(row["inputs"])
    assert list(inputs) == [
        "members",
        "contributions",
        "meetings",
        "attendance",
        "rule_sets",
        "exemptions",
    ]
    assert inputs["members"] == len(generee["members"])
    assert inputs["rule_sets"] == 1
    assert inputs["exemptions"] == 3
    assert 0 < inputs["meetings"] < len(generee["meetings"])  # those held before 1 March
    assert 0 < inputs["contributions"] < len(generee["contributions"])
