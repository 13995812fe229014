"""The demo network imported into the database, its season under way (docs/demo.md, "Up to
today"): evaluated on the day it runs up to, it is what its archive gives, and a realistic mix of
statuses; its entries count for the season they are dated in."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from raviv.access.demo import create_demo_accounts
from raviv.access.service import account_id_by_email
from raviv.archive.validate import parse_archive
from raviv.demo import demo_representatives, generate_network
from raviv.guard.principal import grants_of
from raviv.network_archive import archive_io
from raviv.network_archive.evaluation import evaluate_exported
from raviv.participation.evaluation import evaluate_network
from raviv.rules.from_archive import evaluate_archive
from raviv.rules.report import encode
from raviv.vocabulary import CriterionName

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


async def test_karim_represents_a_member_whose_hours_bar_can_still_move(
    demo: dict[str, object], tmp_path: Path
) -> None:
    """``raviv demo`` gives Karim a member that has not met its hours threshold (so the web
    pages' browser test sees his bar move), Mallory another; the same seed and day, the same."""
    chosen = await demo_representatives("demo", at=TODAY)
    assert chosen is not None
    karims, mallorys = chosen
    evaluation = await evaluate_network("demo", at=TODAY)
    mine = next(m for m in evaluation.members if m.member == karims)
    hours = next(c for c in mine.criteria if c.criterion is CriterionName.hours_given)

    assert not hours.met
    assert not hours.exempt
    assert mine.status.value != "exempt"
    assert mallorys != karims
    assert await demo_representatives("demo", at=TODAY) == chosen
    behind = sorted(
        m.member
        for m in evaluation.members
        if any(c.criterion is CriterionName.hours_given and not c.met for c in m.criteria)
    )
    assert karims == behind[0]  # the first by ref
    await create_demo_accounts("demo", tmp_path / "logins.txt", chosen)
    assert await represented_by("karim@demo.raviv.test") == [karims]
    assert await represented_by("mallory@demo.raviv.test") == [mallorys]


async def represented_by(email: str) -> list[str | None]:
    account = await account_id_by_email(email)
    assert account is not None
    return [grant.member_ref for grant in await grants_of(account)]
