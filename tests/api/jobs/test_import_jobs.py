"""Large imports in the background (both engines): the file is kept for the job, the job
imports it as the request would (all or nothing), its result is the import's report or, for a
refused file, the problem document naming rows and columns; the file is removed once the job
will not run again, and a job is read by coordinators only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from raviv.jobs import store
from raviv.ledger.tables import Contribution
from raviv.network_archive import archive_io
from raviv.registry.tables import Member
from raviv.settings import get_settings
from tests.jobs_support import run_queued_jobs
from tests.personas import bearer_token, client_as
from tests.unit.rules.test_example import EXAMPLE

pytestmark = pytest.mark.committed

DATA = Path(__file__).resolve().parents[2] / "data"
MEMBERS = (DATA / "membres-exemple.csv").read_bytes()
CONTRIBUTIONS = (DATA / "contributions-exemple.csv").read_bytes()


@pytest.fixture
async def admin(committed_db: None) -> AsyncIterator[httpx.AsyncClient]:
    async with client_as(await bearer_token("admin@raviv.test", site_admin=True)) as http:
        yield http


async def test_a_member_list_is_imported_by_a_job_and_its_report_kept(
    admin: httpx.AsyncClient,
) -> None:
    assert (await admin.post("/api/networks", json={"ref": "ex", "name": "Ex"})).status_code == 201
    queued = await admin.post(
        "/api/networks/ex/imports/members/jobs",
        params={"dry_run": "false"},
        files={"file": ("membres.csv", MEMBERS, "text/csv")},
    )
    assert queued.status_code == 202, queued.text
    job = queued.json()
    assert (job["kind"], job["status"]) == ("import.members", "queued")
    row = await store.get(job["id"])
    assert row is not None
    kept = get_settings().data_dir / "uploads" / row.args["upload"]
    assert kept.read_bytes() == MEMBERS
    assert await Member.count().run() == 0  # not on the request

    await run_queued_jobs()

    done = (await admin.get(f"/api/networks/ex/jobs/{job['id']}")).json()
    assert (done["status"], done["progress"]) == ("succeeded", 100), done
    assert done["result"]["dry_run"] is False
    assert len(done["result"]["created"]) == 6
    assert await Member.count().run() == 6
    assert not kept.exists()


async def test_a_refused_file_fails_its_job_with_every_problem_and_writes_nothing(
    admin: httpx.AsyncClient,
) -> None:
    await admin.post("/api/networks", json={"ref": "ex", "name": "Ex"})
    bad = MEMBERS.decode("utf-8").replace("90830166600016", "90830166600017").encode()
    queued = await admin.post(
        "/api/networks/ex/imports/members/jobs",
        params={"dry_run": "false"},
        files={"file": ("membres.csv", bad, "text/csv")},
    )
    job_id = queued.json()["id"]
    row = await store.get(job_id)
    assert row is not None
    kept = get_settings().data_dir / "uploads" / row.args["upload"]

    await run_queued_jobs()

    failed = (await admin.get(f"/api/networks/ex/jobs/{job_id}")).json()
    assert (failed["status"], failed["attempts"]) == ("failed", 1)  # a refusal is not retried
    problem = failed["result"]
    assert problem["status"] == 422
    error = problem["errors"][0]
    assert (error["row"], error["field"], error["value"]) == (3, "SIRET", "90830166600017")
    assert await Member.count().run() == 0
    assert not kept.exists()


async def test_contributions_are_imported_by_a_job_as_the_account_that_sent_them(
    admin: httpx.AsyncClient,
) -> None:
    await archive_io.import_archive(EXAMPLE.read_bytes())
    before = await Contribution.count().run()
    queued = await admin.post(
        "/api/networks/exemple/imports/contributions/jobs",
        params={"dry_run": "false"},
        files={"file": ("contributions.csv", CONTRIBUTIONS, "text/csv")},
    )
    assert queued.status_code == 202, queued.text

    await run_queued_jobs()

    [job] = await store.listing(None)
    assert job.status == "succeeded", job.error
    assert job.result is not None
    created = job.result["created"]
    assert len(created) > 0
    assert await Contribution.count().run() == before + len(created)
    assert job.requested_by is not None
    assert job.args["account"] == job.requested_by


async def test_an_upload_no_job_will_read_is_removed_after_a_day(committed_db: None) -> None:
    import os
    import time

    from raviv.jobs import uploads

    name = uploads.keep(b"ref;nom\n")
    path = get_settings().data_dir / "uploads" / name
    assert await uploads.remove_leftovers() == 0  # too young: its request may be queuing it
    day_old = time.time() - 2 * 86400
    os.utime(path, (day_old, day_old))
    assert await uploads.remove_leftovers() == 1
    assert not path.exists()
