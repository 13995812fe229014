"""A network stored before the write check of finding 10 may hold a meeting no rate values: one
before 2015 (the first SMIC the service knows) with attendance, and no network rate that day.
Totals and reciprocity over it answer a 409 (the request is sound; the stored data conflict
with it until a rate is added) naming the day and the rate that is missing, in English and
French, never a 500. The row is planted through the ORM, as the old code wrote it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import httpx
import pytest

from raviv.ledger.tables import Attendance, Meeting
from tests.e2e.test_cli_and_server import run_raviv
from tests.unit.rules.test_example import EXAMPLE

NET = "/api/networks/exemple"
OLD_DAY = dt.date(2010, 3, 1)


@pytest.fixture
async def unvaluable(example: httpx.AsyncClient) -> httpx.AsyncClient:
    """The example network, with a meeting of 2010 attended (planted, bypassing the check)."""
    meeting = await Meeting.select().where(Meeting.ref == "m1").first().run()
    assert meeting is not None
    lines = await Attendance.select().where(Attendance.meeting == meeting["id"]).run()
    assert lines
    old = {k: v for k, v in meeting.items() if k != "id"}
    old.update(ref="old-2010", date=OLD_DAY, checkin_code=None)
    planted = (await Meeting.insert(Meeting(**old)).returning(Meeting.id).run())[0]["id"]
    line = {k: v for k, v in lines[0].items() if k != "id"}
    line["meeting"] = planted
    await Attendance.insert(Attendance(**line)).run()
    return example


@pytest.mark.parametrize(
    "path", ["/contributions/totals", "/reciprocity", "/reciprocity.xlsx", "/reciprocity/graph.svg"]
)
async def test_stored_history_no_rate_values_is_a_409_naming_the_day_and_the_rate(
    unvaluable: httpx.AsyncClient, path: str
) -> None:
    answer = await unvaluable.get(NET + path, params={"from": "2010-01-01", "to": "2011-01-01"})

    assert answer.status_code == 409, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert "2010-03-01" in body["detail"]
    [error] = body["errors"]
    assert error["field"] == "rates"
    assert error["value"] == "2010-03-01"
    assert "meeting" in error["message"]
    assert "2010-03-01" in error["message"]
    assert "SMIC" in error["message"]
    assert "2010-03-01" in error["message_fr"]
    assert "taux" in error["message_fr"]


async def test_the_same_span_without_the_old_meeting_is_answered(
    unvaluable: httpx.AsyncClient,
) -> None:
    answer = await unvaluable.get(
        NET + "/contributions/totals", params={"from": "2025-09-01", "to": "2026-09-01"}
    )

    assert answer.status_code == 200, answer.text


def test_the_cli_reciprocity_over_unvaluable_history_says_so_in_one_line(tmp_path: Path) -> None:
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    assert run_raviv("import", "network", str(EXAMPLE), env=env).returncode == 0
    with sqlite3.connect(tmp_path / "cli.db") as db:  # planted as the old code wrote it
        columns = [row[1] for row in db.execute("PRAGMA table_info(meeting)") if row[1] != "id"]
        listed = ", ".join(f'"{c}"' for c in columns)
        chosen = ", ".join(
            {"ref": "'old-2010'", "date": "'2010-03-01'", "checkin_code": "NULL"}.get(c, f'"{c}"')
            for c in columns
        )
        # The column names are read from the schema, not from input.
        old = f"INSERT INTO meeting ({listed}) SELECT {chosen} FROM meeting"  # noqa: S608
        db.execute(old + " WHERE ref = 'm1'")
        lines = [row[1] for row in db.execute("PRAGMA table_info(attendance)") if row[1] != "id"]
        listed = ", ".join(f'"{c}"' for c in lines)
        chosen = ", ".join(
            "(SELECT id FROM meeting WHERE ref = 'old-2010')" if c == "meeting" else f'a."{c}"'
            for c in lines
        )
        line = f"INSERT INTO attendance ({listed}) SELECT {chosen} FROM attendance a"  # noqa: S608
        db.execute(line + " JOIN meeting m ON m.id = a.meeting WHERE m.ref = 'm1' LIMIT 1")

    result = run_raviv(
        "reciprocity", "--network", "exemple", "--from", "2010-01-01", "--to", "2011-01-01", env=env
    )

    assert result.returncode != 0
    assert "2010-03-01" in result.stderr
    assert "SMIC" in result.stderr
    assert "Traceback" not in result.stderr
