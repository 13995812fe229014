"""Background jobs on both engines (SQLite's in-process runner, procrastinate on PostgreSQL):
one key makes one job, a job reports its progress and keeps its result, a failure is retried up
to its limit, a refusal is not retried, a job left by a dead process runs again, and a job under
way at shutdown is handed back and finished by the next worker."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from raviv.db import execute
from raviv.errors import InvalidError
from raviv.jobs import store
from raviv.jobs.kinds import KINDS, JobContext, Kind, register
from raviv.jobs.service import enqueue
from raviv.settings import get_settings
from tests.jobs_support import run_queued_jobs, wait_until, worker

pytestmark = pytest.mark.committed


@pytest.fixture
def kinds() -> Any:
    """Kinds made for these tests, forgotten after each."""
    made: list[str] = []

    def make(name: str, run: Any, **options: Any) -> Kind:
        made.append(name)
        return register(Kind(name, run, **options))

    yield make
    for name in made:
        KINDS.pop(name, None)


async def test_one_key_makes_one_job_however_often_it_is_queued(
    committed_db: None, kinds: Any
) -> None:
    async def nothing(_ctx: JobContext) -> dict[str, Any]:
        return {}

    kinds("test.nothing", nothing)

    first = await enqueue("test.nothing", key="once:2026-12-06", via="scheduler")
    again = await asyncio.gather(
        *(enqueue("test.nothing", key="once:2026-12-06", via="api") for _ in range(5))
    )

    assert {row.id for row in again} == {first.id}
    assert len(await store.listing(None, limit=100)) == 1
    other = await enqueue("test.nothing", key="once:2026-12-07")
    assert other.id != first.id


async def test_a_job_says_how_far_it_is_and_keeps_its_result(
    committed_db: None, kinds: Any
) -> None:
    halfway, go_on = asyncio.Event(), asyncio.Event()

    async def counting(ctx: JobContext) -> dict[str, Any]:
        await ctx.progress(50, "la moitié")
        halfway.set()
        await go_on.wait()
        return {"counted": ctx.args["up_to"]}

    kinds("test.counting", counting)
    row = await enqueue("test.counting", args={"up_to": 7})
    assert row.status == "queued"

    async with worker():
        await asyncio.wait_for(halfway.wait(), timeout=20)
        seen = await store.get(row.id)
        assert seen is not None
        assert (seen.status, seen.progress, seen.step, seen.attempts) == (
            "running",
            50,
            "la moitié",
            1,
        )
        go_on.set()

        async def finished() -> bool:
            done = await store.get(row.id)
            return done is not None and done.status == "succeeded"

        await wait_until(finished)
    done = await store.get(row.id)
    assert done is not None
    assert (done.progress, done.result, done.error) == (100, {"counted": 7}, "")
    assert done.finished_at is not None


async def test_a_failing_job_is_retried_up_to_its_limit_then_failed_with_its_error(
    committed_db: None, kinds: Any
) -> None:
    attempts: list[int] = []

    async def unwell(ctx: JobContext) -> dict[str, Any]:
        attempts.append(ctx.attempt)
        raise RuntimeError("the mail server is down")

    kinds("test.unwell", unwell, max_attempts=3, retry_base_s=0)
    row = await enqueue("test.unwell")

    await run_queued_jobs()

    failed = await store.get(row.id)
    assert failed is not None
    assert attempts == [1, 2, 3]
    assert (failed.status, failed.attempts) == ("failed", 3)
    assert failed.error == "RuntimeError: the mail server is down"


async def test_a_job_that_fails_once_succeeds_at_its_second_attempt(
    committed_db: None, kinds: Any
) -> None:
    async def flaky(ctx: JobContext) -> dict[str, Any]:
        if ctx.attempt == 1:
            raise ConnectionError("refused")
        return {"attempt": ctx.attempt}

    kinds("test.flaky", flaky, max_attempts=3, retry_base_s=0)
    row = await enqueue("test.flaky")

    await run_queued_jobs()

    done = await store.get(row.id)
    assert done is not None
    assert (done.status, done.attempts, done.result) == ("succeeded", 2, {"attempt": 2})


async def test_a_refused_job_is_not_retried(committed_db: None, kinds: Any) -> None:
    async def refused(_ctx: JobContext) -> dict[str, Any]:
        raise InvalidError("no rule set in effect on 2025-09-01")

    kinds("test.refused", refused, max_attempts=3, retry_base_s=0)
    row = await enqueue("test.refused")

    await run_queued_jobs()

    failed = await store.get(row.id)
    assert failed is not None
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert "no rule set in effect on 2025-09-01" in failed.error


async def test_a_job_left_running_by_a_dead_process_runs_again(
    committed_db: None, kinds: Any
) -> None:
    async def quick(ctx: JobContext) -> dict[str, Any]:
        return {"attempt": ctx.attempt}

    kinds("test.quick", quick, max_attempts=3)
    row = await enqueue("test.quick")
    # A process took it, then died (kill -9): its row says running, and its heartbeat stopped.
    taken = await store.claim(row.id, "gone:4242:deadbeef")
    assert taken is not None
    await execute(
        "UPDATE job SET heartbeat_at = {} WHERE id = {}",
        store.now().replace(year=2020),
        row.id,
    )

    await run_queued_jobs_after_recovery()

    done = await store.get(row.id)
    assert done is not None
    assert (done.status, done.attempts, done.result) == ("succeeded", 2, {"attempt": 2})


async def run_queued_jobs_after_recovery() -> None:
    """What a worker does every minute (SQLite: every 30 s) to recover a dead process's jobs,
    done now, then the jobs run."""
    assert await store.requeue_stale(store.STALE_AFTER_DEFAULT) == 1
    if get_settings().database.engine == "postgres":
        from raviv.jobs.pg import PgBackend

        backend = PgBackend(get_settings().database, pool_max=1)
        async with backend.app.open_async():
            for job_id in await store.queued_before(store.now().replace(year=2100)):
                await backend.deliver(job_id, None)
    await run_queued_jobs()


async def test_a_job_under_way_at_shutdown_is_handed_back_and_finished_by_the_next_worker(
    committed_db: None, kinds: Any
) -> None:
    started = asyncio.Event()
    finish = False

    async def long(ctx: JobContext) -> dict[str, Any]:
        started.set()
        if not finish:
            await asyncio.sleep(3600)  # cancelled at shutdown, past the grace
        return {"attempt": ctx.attempt}

    kinds("test.long", long)
    row = await enqueue("test.long")

    async with worker(shutdown_grace_s=0):
        await asyncio.wait_for(started.wait(), timeout=20)
    handed_back = await store.get(row.id)
    assert handed_back is not None
    assert (handed_back.status, handed_back.attempts) == ("queued", 0)
    assert handed_back.step == "handed back at shutdown"

    finish = True
    await run_queued_jobs()

    done = await store.get(row.id)
    assert done is not None
    assert (done.status, done.attempts, done.result) == ("succeeded", 1, {"attempt": 1})


async def test_an_unknown_kind_is_refused_naming_the_field(committed_db: None) -> None:
    with pytest.raises(InvalidError) as refused:
        await enqueue("no.such.kind")
    assert refused.value.errors[0].field == "kind"
    assert await store.listing(None) == []


def _job_count(kind: str, outcome: str) -> float:
    from raviv.metrics import exposition

    text = exposition()[0].decode()
    prefix = f'raviv_job_duration_seconds_count{{kind="{kind}",outcome="{outcome}"}} '
    lines = [line for line in text.splitlines() if line.startswith(prefix)]
    return float(lines[0].removeprefix(prefix)) if lines else 0.0


async def test_jobs_are_counted_by_kind_and_outcome_for_metrics(
    committed_db: None, kinds: Any
) -> None:
    async def flaky(ctx: JobContext) -> dict[str, Any]:
        if ctx.attempt == 1:
            raise ConnectionError("refused")
        return {}

    kinds("test.counted", flaky, max_attempts=2, retry_base_s=0)
    before = (_job_count("test.counted", "retried"), _job_count("test.counted", "succeeded"))
    await enqueue("test.counted")

    await run_queued_jobs()

    after = (_job_count("test.counted", "retried"), _job_count("test.counted", "succeeded"))
    assert (after[0] - before[0], after[1] - before[1]) == (1.0, 1.0)
