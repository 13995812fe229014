"""``raviv rules evaluate`` from the command line, on the example network stored in a database.

Camille imports her network's archive (its rule and its exemption included) and asks where each
member stands mid-season and at the season's end: the answers are exactly the expected ones.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.test_cli_and_server import EXAMPLES, run_raviv
from tests.unit.rules.test_example import assert_matches

EXPECTED = json.loads((EXAMPLES / "reseau-exemple.expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("rules")
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{folder}/rules.db", "RAVIV_DATA_DIR": str(folder)}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    imported = run_raviv("import", "network", str(EXAMPLES / "reseau-exemple.json"), env=env)
    assert imported.returncode == 0, imported.stderr
    assert "1 rule set version(s), 1 exemption(s)" in imported.stdout
    return env


def evaluate(env: dict[str, str], *args: str) -> Any:
    done = run_raviv("rules", "evaluate", "--network", "exemple", *args, "--json", env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--at", "2026-03-01"), "evaluation_mid_period"),
        (("--period", "2025-09-01", "--at", "2026-03-01"), "evaluation_mid_period"),
        (("--period", "2025-09-01", "--at", "2026-09-01"), "evaluation_end_of_period"),
    ],
)
def test_the_stored_network_evaluates_exactly_as_expected(
    env: dict[str, str], args: tuple[str, ...], expected: str
) -> None:
    assert_matches(EXPECTED[expected], evaluate(env, *args))


def test_without_json_each_member_gets_a_line_saying_what_is_missing(env: dict[str, str]) -> None:
    done = run_raviv("rules", "evaluate", "--network", "exemple", "--at", "2026-03-01", env=env)
    assert done.returncode == 0, done.stderr
    fougere = next(line for line in done.stdout.splitlines() if "fougere" in line)
    assert "at_risk" in fougere
    assert "3 h sur 10 h" in fougere


def test_a_period_before_any_rule_or_an_unknown_network_is_a_clear_error(
    env: dict[str, str],
) -> None:
    early = run_raviv(
        "rules", "evaluate", "--network", "exemple", "--period", "2024-09-01", env=env
    )
    assert early.returncode != 0
    assert "no rule set in effect on 2024-09-01" in early.stderr
    unknown = run_raviv("rules", "evaluate", "--network", "zorro", "--at", "2026-03-01", env=env)
    assert unknown.returncode != 0
    assert "zorro" in unknown.stderr


def test_the_daily_snapshot_run_twice_keeps_one_and_feeds_the_timeline(
    env: dict[str, str],
) -> None:
    args = ("rules", "snapshot", "--network", "exemple", "--at", "2026-03-01")
    first, second = run_raviv(*args, env=env), run_raviv(*args, env=env)
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    assert first.stdout.rstrip().endswith(" stored")
    assert "already stored: kept, nothing written" in second.stdout
    shown = run_raviv(
        "rules", "timeline", "--network", "exemple", "--member", "fougere", "--json", env=env
    )
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == [
        {
            "day": "2026-03-01",
            "period_start": "2025-09-01",
            "rule_set": "regle-2025",
            "status": "at_risk",
        }
    ]
