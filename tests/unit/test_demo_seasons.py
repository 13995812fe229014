"""The demo network runs up to today: the season before today's, complete, then today's season
under way (docs/demo.md, "Up to today"). Camille opens it on any day and finds a network living
its season: some members compliant already, most on track or at risk, an exemption; not a
network frozen in a past season, where a year later 39 of its 40 members are at risk.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raviv.archive.validate import parse_archive
from raviv.demo import generate_network, season_of
from raviv.rules.from_archive import evaluate_archive
from tests.unit.test_demo import _member_on, check_consistency

TODAY = date(2026, 12, 7)


def _without_refs(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in e.items() if key != "ref"} for e in entries]


def statuses(document: dict[str, Any], today: date) -> Counter[str]:
    evaluation = evaluate_archive(parse_archive(document), at=today)
    assert evaluation.period.start == season_of(today)
    return Counter(member.status.value for member in evaluation.members)


@pytest.mark.parametrize(
    ("day", "season"),
    [
        (date(2026, 12, 7), date(2026, 9, 1)),
        (date(2026, 9, 1), date(2026, 9, 1)),
        (date(2026, 8, 31), date(2025, 9, 1)),
        (date(2028, 2, 29), date(2027, 9, 1)),
    ],
)
def test_the_season_of_a_day_begins_on_the_1st_of_september_before_it(
    day: date, season: date
) -> None:
    assert season_of(day) == season


def test_the_previous_season_is_exactly_the_one_season_demo_of_its_start() -> None:
    one = generate_network(season_start=date(2025, 9, 1))

    two = generate_network(today=TODAY)

    assert two["members"] == one["members"]
    assert two["working_groups"] == one["working_groups"]
    assert [m for m in two["meetings"] if m["date"] < "2026-09-01"] == one["meetings"]
    before = [c for c in two["contributions"] if c["date"] < "2026-09-01"]
    assert _without_refs(before) == _without_refs(one["contributions"])
    assert two["exemptions"][: len(one["exemptions"])] == one["exemptions"]


def test_todays_season_runs_up_to_today_and_no_further() -> None:
    document = generate_network(today=TODAY)

    current = [c for c in document["contributions"] if c["date"] >= "2026-09-01"]
    assert current, "the season under way has entries"
    assert max(c["date"] for c in current) <= TODAY.isoformat()
    held = [m for m in document["meetings"] if "2026-09-01" <= m["date"] <= TODAY.isoformat()]
    planned = [m for m in document["meetings"] if m["date"] > TODAY.isoformat()]
    assert any(m["kind"] == "general_assembly" for m in held)  # late November
    assert all(m["attendance"] for m in held if m["kind"] != "board")
    assert planned
    assert all(m["attendance"] == [] for m in planned)
    # the latest entries often still wait for validation
    recent = [c for c in current if (TODAY - date.fromisoformat(c["date"])).days < 45]
    assert Counter(c["status"] for c in recent)["submitted"] >= 2
    assert {e["period_start"] for e in document["exemptions"]} == {"2025-09-01", "2026-09-01"}


@pytest.mark.parametrize("seed", [2026, 7, 11])
@pytest.mark.parametrize("today", [TODAY, date(2027, 3, 1), date(2027, 6, 20)])
def test_evaluated_today_the_season_under_way_shows_a_realistic_mix_of_statuses(
    seed: int, today: date
) -> None:
    counted = statuses(generate_network(seed=seed, today=today), today)

    evaluated = sum(counted.values())
    assert evaluated >= 38  # 40 members, but for those that left for good
    assert counted["at_risk"] <= evaluated // 2, counted
    assert counted["compliant"] >= 5, counted
    assert counted["exempt"] >= 1, counted
    if today < date(2027, 6, 1):  # late in the season, what is not met is rarely on track
        assert counted["on_track"] >= 1, counted


def test_a_demo_frozen_in_its_season_is_what_this_avoids() -> None:
    frozen = generate_network(season_start=date(2025, 9, 1))

    counted = statuses(frozen, TODAY)

    assert counted == Counter({"at_risk": 39})  # the 39 of 40 (one left)


def test_the_same_seed_and_day_give_the_same_document_and_another_day_another() -> None:
    first = json.dumps(generate_network(seed=5, today=TODAY), ensure_ascii=False)

    assert json.dumps(generate_network(seed=5, today=TODAY), ensure_ascii=False) == first
    later = json.dumps(generate_network(seed=5, today=date(2027, 1, 7)), ensure_ascii=False)
    assert later != first


def test_today_and_a_season_start_are_not_both_given() -> None:
    with pytest.raises(ValueError, match="not both"):
        generate_network(season_start=date(2025, 9, 1), today=TODAY)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    members=st.integers(2, 80),
    today=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
)
def test_any_seed_size_and_day_give_a_consistent_network(
    seed: int, members: int, today: date
) -> None:
    document = generate_network(seed=seed, members=members, today=today)

    check_consistency(document)
    parse_archive(document)
    assert len(document["members"]) == members
    start = season_of(today)
    by_ref = {m["ref"]: m for m in document["members"]}
    for entry in document["contributions"]:
        day = date.fromisoformat(entry["date"])
        assert start.replace(year=start.year - 1) <= day <= today
        if "member" in entry["giver"]:
            assert _member_on(by_ref[entry["giver"]["member"]], day), entry


def test_the_statuses_docs_demo_md_shows_are_the_ones_measured() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs/demo.md").read_text("utf-8")
    rows = re.findall(r"^\| (\d{4}-\d{2}-\d{2}) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", doc, re.M)
    assert len(rows) == 4

    for day, *shown in rows:
        today = date.fromisoformat(day)
        counted = statuses(generate_network(seed=2026, today=today), today)
        measured = [counted[s] for s in ("compliant", "on_track", "at_risk", "exempt")]
        assert measured == [int(n) for n in shown], day
