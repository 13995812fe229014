"""The coordinator's dashboard (docs/rules.md, "The dashboard"): read from the figures kept,
saying when they were computed; computed again in the background after a validation, or when
Camille asks. On the demo network under way on 2026-12-07.

Who may call the routes is in the route matrix (tests/api/access/matrix_dashboard.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from raviv.access.tables import AuditEntry
from raviv.dashboard import service
from raviv.demo import generate_network
from raviv.jobs import store
from raviv.jobs.kinds import JobContext
from raviv.network_archive import archive_io
from raviv.scoring.service import network_period

TODAY = date(2026, 12, 7)
URL = "/api/networks/demo/dashboard"


@pytest.fixture
async def demo(db: None) -> dict[str, Any]:
    document = generate_network(seed=2026, members=40, ref="demo", today=TODAY)
    await archive_io.import_archive(document)
    return document


async def _jobs() -> list[store.JobRow]:
    return [row for row in await store.listing(None, limit=100) if row.kind == "dashboard"]


async def test_the_dashboard_reads_the_figures_kept_and_says_when_they_were_computed(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    kept = await service.keep("demo", TODAY)

    read = await client.get(URL)

    assert read.status_code == 200, read.text
    body = read.json()
    assert body["as_of"].replace("Z", "+00:00") == kept["as_of"]
    assert body["day"] == "2026-12-07"
    assert body["period"] == {"start": "2026-09-01", "end": "2026-12-08"}
    assert body["statuses"] == {
        "exempt": 1,
        "grace": 0,
        "compliant": 14,
        "non_compliant": 0,
        "on_track": 10,
        "at_risk": 14,
    }
    network = (await network_period("demo", date(2026, 9, 1), date(2026, 12, 8))).report()
    assert body["indicators"] == {key: network["network"][key] for key in service.INDICATORS}
    assert {row["indicator"] for row in body["trend"]} >= {"participation_rate", "gini"}
    assert len(body["at_risk"]) == 14
    assert [m["month"] for m in body["months"]] == ["2026-09", "2026-10", "2026-11", "2026-12"]
    given = sum(Decimal(m["given_eur"]) for m in body["months"])
    by_member = sum(Decimal(m["given_eur"]) for m in network["members"])
    assert given == by_member  # what the members gave, month by month
    assert all(0 < m["givers"] <= 40 for m in body["months"])
    for member in body["at_risk"]:
        assert member["name"]
        assert member["lacks"]
        assert all(not lack["on_track"] or lack["criterion"] for lack in member["lacks"])


async def test_reading_again_computes_nothing_and_a_network_never_read_is_computed_once(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    first = await client.get(URL)
    second = await client.get(URL)

    assert first.status_code == second.status_code == 200, first.text
    assert first.json()["as_of"] == second.json()["as_of"]
    assert await _jobs() == []


async def test_a_refresh_queues_the_dashboard_job_once_a_minute_audited(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    asked = await client.post(URL + "/refresh")
    again = await client.post(URL + "/refresh")

    assert asked.status_code == again.status_code == 202, asked.text
    assert asked.json()["kind"] == "dashboard"
    assert asked.json()["status"] == "queued"
    assert again.json()["id"] == asked.json()["id"]
    queued = await AuditEntry.count().where(AuditEntry.action == "job.queue")
    assert queued == 1


async def test_a_validation_queues_a_refresh_once_the_dashboard_was_read(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    pending = [c["ref"] for c in demo["contributions"] if c["status"] == "submitted"]
    net = "/api/networks/demo/contributions/"

    before = await client.post(net + pending[0] + "/validate")
    assert before.status_code == 201, before.text
    assert await _jobs() == []  # nobody reads the dashboard: nothing to compute
    assert (await client.get(URL)).status_code == 200

    after = await client.post(net + pending[1] + "/validate")

    assert after.status_code == 201, after.text
    [job] = await _jobs()
    assert (job.status, job.requested_via) == ("queued", "validation")


async def test_the_job_computes_the_figures_again_and_keeps_them(demo: dict[str, Any]) -> None:
    kept = await service.keep("demo", TODAY)

    async def report(percent: int, step: str) -> None:
        return None

    context = JobContext(0, "dashboard", "demo", {"network": "demo"}, 1, 3, report)
    result = await service.dashboard_job(context)

    assert result["as_of"] > kept["as_of"]
    assert (await service.dashboard("demo"))["as_of"] == result["as_of"]


async def test_the_kept_figures_are_read_never_computed_none_before_the_first_computation(
    demo: dict[str, Any],
) -> None:
    assert await service.kept("demo") is None  # the pages offer the refresh instead
    assert await _jobs() == []

    kept = await service.keep("demo", TODAY)
    read = await service.kept("demo")

    assert read is not None
    assert read["as_of"] == kept["as_of"]
    assert read["months"] == kept["months"]
