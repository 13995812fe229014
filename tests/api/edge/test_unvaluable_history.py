"""A network stored before the write check of finding 10 may hold a meeting no rate values: one
before 2015 (the first SMIC the service knows) with attendance, and no network rate that day.
Totals and reciprocity over it answer a 409 (the request is sound; the stored data conflict
with it until a rate is added) naming the day and the rate that is missing, in English and
French, never a 500. The row is planted through the ORM, as the old code wrote it."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from raviv.ledger.tables import Attendance, Meeting

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
