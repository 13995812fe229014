"""Dates out of the accepted range (1900-01-01 .. 2200-12-31) are refused at the edge with a 422
naming the parameter or the field, in the query and in bodies alike; a `period` that is not a
period start and an `at` before the period are refused saying why. None of them is a 500."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.edge.conftest import problem

NET = "/api/networks/exemple"
SEASON = {"from": "2025-09-01", "to": "2026-09-01"}


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/evaluation", {"at": "9999-12-31"}, "at"),
        ("/evaluation", {"at": "0001-01-01"}, "at"),
        ("/evaluation", {"period": "0001-09-01"}, "period"),
        ("/members/alize/standing", {"at": "9999-12-31"}, "at"),
        ("/reciprocity", {"from": "0056-02-02", "to": "2026-09-01"}, "from"),
        ("/reciprocity", {"from": "2025-09-01", "to": "9999-12-31"}, "to"),
        ("/reciprocity", {"from": "2025-09-01", "to": "9999-12-31", "detail": "full"}, "to"),
        ("/reciprocity.xlsx", {"from": "0001-01-01", "to": "9999-12-31"}, "from"),
        ("/reciprocity/graph.svg", {"from": "0001-01-01", "to": "9999-12-31"}, "from"),
        ("/contributions", {"from": "0001-01-01"}, "from"),
        ("/contributions/totals", {"from": "2025-09-01", "to": "9999-12-31"}, "to"),
        ("/meetings", {"from": "0001-01-01"}, "from"),
        ("/meetings", {"to": "9999-12-31"}, "to"),
        ("/audit", {"since": "0001-01-01T00:00:00"}, "since"),
    ],
)
async def test_a_date_out_of_range_in_the_query_is_a_422_naming_the_parameter(
    example: httpx.AsyncClient, path: str, params: dict[str, str], field: str
) -> None:
    answer = await example.get(NET + path, params=params)

    message = problem(answer, 422, field)
    assert "1900-01-01" in message
    assert "2200-12-31" in message


@pytest.mark.parametrize(
    "path", ["/reciprocity", "/reciprocity.xlsx", "/reciprocity/graph.svg", "/contributions/totals"]
)
async def test_the_widest_accepted_span_is_answered(example: httpx.AsyncClient, path: str) -> None:
    params = {"from": "1900-01-01", "to": "2200-12-31"}
    if path == "/reciprocity":
        params["detail"] = "full"

    answer = await example.get(NET + path, params=params)

    assert answer.status_code == 200, answer.text


async def test_a_period_that_is_not_a_period_start_is_a_422_saying_so(
    example: httpx.AsyncClient,
) -> None:
    answer = await example.get(NET + "/evaluation", params={"period": "2026-09-02"})

    assert "1 September" in problem(answer, 422, "period") or "month 9" in answer.text


async def test_a_day_before_the_period_is_a_422_saying_so(example: httpx.AsyncClient) -> None:
    answer = await example.get(
        NET + "/evaluation", params={"at": "2025-08-31", "period": "2025-09-01"}
    )

    assert "before" in problem(answer, 422, "at")


async def test_the_bounds_themselves_are_accepted(example: httpx.AsyncClient) -> None:
    for day in ("1900-01-01", "2200-12-31"):
        answer = await example.get(NET + "/meetings", params={"from": day})
        assert answer.status_code == 200, answer.text


BODIES: list[tuple[str, str, dict[str, Any], str]] = [
    (
        "post",
        "/contributions",
        {
            "giver": {"member": "alize"},
            "receiver": {"network": True},
            "form": "time",
            "quantity": "2",
            "date": "9999-12-31",
        },
        "date",
    ),
    (
        "post",
        "/meetings",
        {
            "ref": "loin",
            "title": "Loin",
            "kind": "board",
            "date": "9999-12-31",
            "duration_hours": 2,
        },
        "date",
    ),
    ("post", "/members/alize/memberships/leave", {"on": "0001-01-01"}, "on"),
    ("post", "/members", {"ref": "neuf", "name": "Neuf", "joined_on": "9999-01-01"}, "joined_on"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), BODIES)
async def test_a_date_out_of_range_in_a_body_is_a_422_naming_the_field(
    example: httpx.AsyncClient, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    answer = await example.request(method, NET + path, json=body)

    assert "2200-12-31" in problem(answer, 422, field)
