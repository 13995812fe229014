"""The demo network imported into the database, its season under way (docs/demo.md, "Up to
today"): evaluated on the day it runs up to, it is what its archive gives, and a realistic mix of
statuses; its entries count for the season they are dated in."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from raviv.archive.validate import parse_archive
from raviv.demo import generate_network
from raviv.network_archive import archive_io
from raviv.network_archive.evaluation import evaluate_exported
from raviv.participation.evaluation import evaluate_network
from raviv.rules.from_archive import evaluate_archive
from raviv.rules.report import encode

TODAY = date(2026, 12, 7)


@pytest.fixture
async def demo(db: None) -> dict[str, object]:
    document = generate_network(seed=2026, members=40, ref="demo", today=TODAY)
    await archive_io.import_archive(document)
    return document


async def test_evaluated_today_the_demo_in_the_database_is_its_archives_realistic_mix(
    demo: dict[str, object],
) -> None:
    stored = await evaluate_network("demo", at=TODAY)
    exported = await evaluate_exported("demo", at=TODAY)

    assert stored.period.start == date(2026, 9, 1)
    assert encode(stored) == encode(exported)
    assert encode(stored) == encode(evaluate_archive(parse_archive(demo), at=TODAY))
    counted = Counter(member.status.value for member in stored.members)
    assert counted == Counter({"compliant": 14, "at_risk": 14, "on_track": 10, "exempt": 1})


async def test_the_previous_season_is_complete_and_over(demo: dict[str, object]) -> None:
    previous = await evaluate_network("demo", at=TODAY, period_start=date(2025, 9, 1))

    counted = Counter(member.status.value for member in previous.members)
    assert set(counted) <= {"compliant", "non_compliant", "exempt"}
    assert counted["compliant"] > counted["non_compliant"] > 0
