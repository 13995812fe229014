"""``raviv rules enforce`` from the command line: with no SMTP server configured, the reminder is
written to the outbox folder; a second run the same day writes nothing; at the season's end the
cases open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from raviv.mail import read_outbox
from tests.e2e.test_cli_and_server import EXAMPLES, run_raviv

FANNY_REPRESENTS = ("--role", "member", "--member", "fougere")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = {
        "RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/enforce.db",
        "RAVIV_DATA_DIR": str(tmp_path),
        "RAVIV_MAIL_OUTBOX": str(tmp_path / "outbox"),
        "RAVIV_SMTP_HOST": "",
    }
    for args in (
        ("db", "upgrade"),
        ("import", "network", str(EXAMPLES / "reseau-exemple.json")),
        ("accounts", "create", "fanny@exemple.test", "--name", "Fanny"),
        ("accounts", "grant", "fanny@exemple.test", "--network", "exemple", *FANNY_REPRESENTS),
    ):
        done = run_raviv(*args, env=env)
        assert done.returncode == 0, (args, done.stderr)
    return env


def test_the_daily_enforcement_writes_the_reminder_to_the_outbox_once(
    env: dict[str, str], tmp_path: Path
) -> None:
    first = run_raviv("rules", "enforce", "--network", "exemple", "--at", "2026-03-01", env=env)
    again = run_raviv(
        "rules", "enforce", "--network", "exemple", "--at", "2026-03-01", "--json", env=env
    )

    assert first.returncode == 0, first.stderr
    assert "reminders sent: fougere" in first.stdout
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert [(r["member"], r["outcome"]) for r in report["reminders"]] == [("fougere", "interval")]
    [message] = read_outbox(tmp_path / "outbox")
    assert message["To"] == "fanny@exemple.test"
    body = message.get_body(("plain",))
    assert body is not None
    assert "3 h sur 10 h ; il manque 7 h de plus" in body.get_content()


def test_the_seasons_end_opens_the_cases(env: dict[str, str]) -> None:
    done = run_raviv("rules", "enforce", "--network", "exemple", "--at", "2026-09-01", env=env)

    assert done.returncode == 0, done.stderr
    assert "cases opened: basalte-2025-09-01, fougere-2025-09-01" in done.stdout


def test_the_cron_command_takes_the_snapshot_and_enforces_once_a_day(
    env: dict[str, str], tmp_path: Path
) -> None:
    # RAVIV_SCHEDULER=off: `raviv rules daily` from cron does what the service would have done.
    first = run_raviv("rules", "daily", "--at", "2026-03-01", env=env)
    again = run_raviv("rules", "daily", "--at", "2026-03-01", env=env)
    timeline = run_raviv(
        "rules", "timeline", "--network", "exemple", "--member", "fougere", "--json", env=env
    )

    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().splitlines()[-1] == "exemple: 2026-03-01 done"
    assert again.returncode == 0, again.stderr
    assert [p["day"] for p in json.loads(timeline.stdout)] == ["2026-03-01"]
    [message] = read_outbox(tmp_path / "outbox")  # one reminder, not two
    assert message["To"] == "fanny@exemple.test"
