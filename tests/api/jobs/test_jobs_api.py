"""Background jobs over HTTP (both engines): a coordinator starts one and follows it; the day's
evaluation is one job a day whoever asks; a job is read only by those who may read what it
makes (a consultant is refused the enforcement's: 403); another network's coordinator (404), a
representative, an unknown kind are refused, and nothing is queued."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest

from raviv.db import execute
from raviv.jobs import store
from raviv.network_archive import archive_io
from raviv.participation.tables import EvaluationSnapshot
from tests.personas import CAMILLE, FANNY, SOPHIE, Clients, Persona, persona_clients
from tests.unit.rules.test_example import EXAMPLE

NET = "/api/networks/exemple/jobs"


@pytest.fixture
async def people(db: None) -> AsyncIterator[Clients]:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    other = EXAMPLE.read_text().replace('"ref": "exemple"', '"ref": "ailleurs"', 1)
    await archive_io.import_archive(other.encode())
    clients = await persona_clients("exemple", CAMILLE, FANNY, SOPHIE, domain="exemple.test")
    olivier = Persona("olivier", CAMILLE.role)
    clients |= await persona_clients("ailleurs", olivier, domain="ailleurs.test")
    yield clients
    for client in clients.values():
        await client.aclose()


async def test_a_coordinator_starts_the_days_evaluation_once_and_follows_it(
    people: Clients,
) -> None:
    camille = people["camille"]

    first = await camille.post(NET, json={"kind": "daily"})
    again = await camille.post(NET, json={"kind": "daily"})

    assert first.status_code == again.status_code == 202, first.text
    job = first.json()
    today = dt.datetime.now(ZoneInfo("Europe/Paris")).date()
    assert job["kind"] == "daily"
    assert (job["network"], job["status"], job["progress"], job["requested_via"]) == (
        "exemple",
        "queued",
        0,
        "api",
    )
    assert again.json()["id"] == job["id"]  # one a day
    row = await store.get(job["id"])
    assert row is not None
    assert row.args == {"network": "exemple", "day": today.isoformat()}
    followed = await camille.get(f"{NET}/{job['id']}")
    assert followed.status_code == 200
    assert followed.json() == job
    listed = await camille.get(NET, params={"status": "queued"})
    assert [j["id"] for j in listed.json()] == [job["id"]]
    assert await EvaluationSnapshot.count() == 0  # queued, not run on the request


async def test_reminders_are_a_new_job_each_time(people: Clients) -> None:
    camille = people["camille"]
    first = (await camille.post(NET, json={"kind": "reminders"})).json()
    second = (await camille.post(NET, json={"kind": "reminders"})).json()
    assert first["id"] != second["id"]


async def test_only_those_who_may_read_what_a_job_makes_see_it(people: Clients) -> None:
    job = (await people["camille"].post(NET, json={"kind": "daily"})).json()

    consultant = await people["sophie"].get(f"{NET}/{job['id']}")
    assert consultant.status_code == 403  # the network's, but not a consultant's to read
    assert (await people["sophie"].get(NET)).json() == []
    elsewhere = await people["olivier"].get(f"/api/networks/ailleurs/jobs/{job['id']}")
    assert elsewhere.status_code == 404
    assert (await people["olivier"].get(f"{NET}/{job['id']}")).status_code == 404
    representative = await people["fanny"].get(f"{NET}/{job['id']}")
    assert representative.status_code == 403


async def test_who_may_not_start_a_job_is_refused_and_nothing_is_queued(people: Clients) -> None:
    refusals = [
        (await people["sophie"].post(NET, json={"kind": "daily"})).status_code,
        (await people["fanny"].post(NET, json={"kind": "reminders"})).status_code,
        (await people["olivier"].post(NET, json={"kind": "daily"})).status_code,
    ]
    assert refusals == [403, 403, 404]
    for kind in ("retention", "no-such-thing"):
        refused = await people["camille"].post(NET, json={"kind": kind})
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "kind"
    assert await store.listing(None) == []


async def test_a_job_id_that_cannot_exist_is_not_found(people: Clients) -> None:
    for job_id in ("0", "999999", str(2**63), "-4"):
        answer = await people["camille"].get(f"{NET}/{job_id}")
        assert answer.status_code in {404}, (job_id, answer.text)


async def test_a_reader_lists_the_jobs_it_may_read_behind_any_number_it_may_not(
    people: Clients,
) -> None:
    network = (await execute("SELECT id FROM network WHERE ref = {}", "exemple"))[0]["id"]
    now = dt.datetime.now(dt.UTC)
    await execute(
        "INSERT INTO job (kind, network, args, status, created_at, run_after) "
        "VALUES ({}, {}, {}, 'succeeded', {}, {})",
        "report.dla",
        network,
        '{"network": "exemple", "period": "2025-09-01"}',
        now,
        now,
    )
    # then more of the day's evaluations (a consultant may not read them) than any page
    await execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10050) "
        "INSERT INTO job (kind, network, args, status, created_at, run_after) "
        "SELECT 'daily', {}, {}, 'succeeded', {}, {} FROM n",
        network,
        "{}",
        now,
        now,
    )

    listed = await people["sophie"].get(NET, params={"limit": 5})

    assert listed.status_code == 200
    assert [job["kind"] for job in listed.json()] == ["report.dla"]
    assert len((await people["camille"].get(NET, params={"limit": 5})).json()) == 5
