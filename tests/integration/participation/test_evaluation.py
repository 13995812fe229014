"""The participation rule evaluated from the database (both engines): the stored example network
gives exactly the expected evaluations, and the archive's rule and exemption round-trip."""

from __future__ import annotations

import json
from datetime import date

import pytest

from raviv.errors import InvalidError, NotFoundError
from raviv.network_archive import archive_io
from raviv.participation.evaluation import evaluate_network
from raviv.rules.report import encode
from tests.unit.rules.test_example import EXAMPLE, EXPECTED, assert_matches


@pytest.fixture
async def exemple(db: None) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())


@pytest.mark.parametrize(
    ("at", "expected"),
    [(date(2026, 3, 1), "evaluation_mid_period"), (date(2026, 9, 1), "evaluation_end_of_period")],
)
async def test_the_stored_example_evaluates_exactly_as_expected(
    exemple: None, at: date, expected: str
) -> None:
    evaluation = await evaluate_network("exemple", at=at, period_start=date(2025, 9, 1))
    assert_matches(json.loads(EXPECTED.read_bytes())[expected], json.loads(encode(evaluation)))


async def test_with_no_rule_in_effect_the_refusal_names_the_period(exemple: None) -> None:
    with pytest.raises(InvalidError) as refused:
        await evaluate_network("exemple", at=date(2025, 3, 1), period_start=date(2024, 9, 1))
    assert [e.field for e in refused.value.errors] == ["period"]


async def test_an_unknown_network_is_not_found(db: None) -> None:
    with pytest.raises(NotFoundError):
        await evaluate_network("zorro", at=date(2026, 3, 1))


async def test_a_second_exemption_for_the_same_member_and_period_is_refused_whole(
    db: None,
) -> None:
    document = json.loads(EXAMPLE.read_bytes())
    document["exemptions"].append(dict(document["exemptions"][0], reason="Encore"))
    with pytest.raises(InvalidError) as refused:
        await archive_io.import_archive(document)
    assert [e.field for e in refused.value.errors] == ["exemptions[1]"]
    with pytest.raises(NotFoundError):
        await evaluate_network("exemple", at=date(2026, 3, 1))


async def test_the_daily_snapshot_is_kept_once_a_day_and_a_later_rule_never_rewrites_it(
    exemple: None,
) -> None:
    from raviv.access.tables import AuditEntry
    from raviv.db import execute
    from raviv.participation import snapshots
    from raviv.participation.tables import EvaluationSnapshot

    first = await snapshots.take("exemple", at=date(2026, 3, 1))
    again = await snapshots.take("exemple", at=date(2026, 3, 1))
    assert (first.stored, again.stored) == (True, False)
    assert await EvaluationSnapshot.count() == 1
    lines = await AuditEntry.count().where(AuditEntry.action == "evaluation.snapshot")
    assert lines == 1
    kept = await EvaluationSnapshot.select(EvaluationSnapshot.document).first()
    assert kept is not None
    # A stricter rule from the same season on does not touch what was kept.
    await execute(
        "INSERT INTO rule_set (network, ref, effective_from, period_kind, grace_days, criteria,"
        " tiers, created_at) SELECT id, 'regle-2026', {}, 'season', 0,"
        ' \'[{"criterion": "hours_given", "min": "50"}]\', \'[]\', {} FROM network',
        date(2026, 3, 2),
        date(2026, 3, 2),
    )
    await snapshots.take("exemple", at=date(2026, 3, 2))
    assert (await EvaluationSnapshot.select(EvaluationSnapshot.document).first()) == kept
    timeline = await snapshots.timeline("exemple", "alize")
    assert [(p.day, p.status, p.rule_set) for p in timeline] == [
        (date(2026, 3, 1), "compliant", "regle-2025"),
        (date(2026, 3, 2), "compliant", "regle-2025"),  # the rule of the period's first day
    ]
    assert await snapshots.timeline("exemple", "zorro") == []
