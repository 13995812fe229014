"""The daily evaluation inside the service (both engines): each network's job is queued once a
day at the configured hour of its own time zone (one job, however many processes queue it), a
failing network does not stop the others, a second run (again, at once, or in another process)
keeps one snapshot, and the scheduler stops cleanly.

No test waits for the wall clock: the scheduler is given the time (``run_due(now)``, or a clock).
Camille's network keeps its time in Paris; a second network, in Montréal, keeps its own.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from raviv.access.tables import AuditEntry
from raviv.jobs import store
from raviv.network_archive import archive_io
from raviv.participation import daily
from raviv.participation.scheduler import DailyScheduler, run_all, scheduled
from raviv.participation.tables import EvaluationSnapshot, RuleSetVersion
from raviv.registry.tables import Network
from raviv.settings import SchedulerSettings, get_settings
from tests.jobs_support import run_queued_jobs
from tests.unit.rules.test_example import EXAMPLE

RAVIV = str(Path(sys.executable).parent / "raviv")
HALF_PAST_THREE = clock_time(3, 30)


def utc(day: str, hour: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour}+00:00")


class Recorder:
    """A daily job that only notes what it was asked to do (and fails for some networks)."""

    def __init__(self, failing: set[str] | None = None) -> None:
        self.calls: list[tuple[str, date]] = []
        self.failing = failing or set()

    async def __call__(self, network: str, day: date) -> None:
        self.calls.append((network, day))
        if network in self.failing:
            raise RuntimeError(f"{network} is unwell")


def example(ref: str = "exemple", timezone: str = "Europe/Paris") -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EXAMPLE.read_bytes())
    document["network"] |= {"ref": ref, "timezone": timezone}
    return document


@pytest.fixture
async def two_networks(db: None) -> None:
    await archive_io.import_archive(example())
    await archive_io.import_archive(example("montreal", "America/Montreal"))


async def test_a_networks_job_is_due_once_its_local_time_reaches_the_hour(
    two_networks: None,
) -> None:
    job = Recorder()
    scheduler = DailyScheduler(HALF_PAST_THREE, job=job)

    # 03:29 in Paris (winter time); 21:29 the day before in Montréal, whose job was due then
    await scheduler.run_due(utc("2026-03-01", "02:29"))
    assert job.calls == [("montreal", date(2026, 2, 28))]
    await scheduler.run_due(utc("2026-03-01", "02:30"))
    assert job.calls[1:] == [("exemple", date(2026, 3, 1))]
    await scheduler.run_due(utc("2026-03-01", "08:29"))  # 03:29 in Montréal; Paris done
    assert job.calls[2:] == []
    await scheduler.run_due(utc("2026-03-01", "08:30"))
    await scheduler.run_due(utc("2026-03-01", "12:00"))
    assert job.calls[2:] == [("montreal", date(2026, 3, 1))]
    await scheduler.run_due(utc("2026-03-02", "02:29"))
    assert job.calls[3:] == []
    await scheduler.run_due(utc("2026-03-02", "02:30"))
    assert job.calls[3:] == [("exemple", date(2026, 3, 2))]


async def test_summer_time_moves_the_run_with_the_local_clock(db: None) -> None:
    await archive_io.import_archive(example())
    job = Recorder()
    scheduler = DailyScheduler(HALF_PAST_THREE, job=job)

    await scheduler.run_due(utc("2026-07-14", "01:29"))  # 03:29 in Paris, summer time
    assert job.calls == []
    await scheduler.run_due(utc("2026-07-14", "01:30"))
    assert job.calls == [("exemple", date(2026, 7, 14))]


async def test_a_service_started_late_in_the_day_catches_up_at_once(two_networks: None) -> None:
    job = Recorder()
    scheduler = DailyScheduler(HALF_PAST_THREE, job=job)

    await scheduler.run_due(utc("2026-03-01", "16:45"))

    assert sorted(job.calls) == [("exemple", date(2026, 3, 1)), ("montreal", date(2026, 3, 1))]


async def test_a_network_without_a_rule_in_effect_is_left_alone(db: None) -> None:
    document = example()
    document["rule_sets"][0]["effective_from"] = "2026-09-01"  # voted for next season
    await archive_io.import_archive(document)
    no_rule = example("sans-regle")
    no_rule["rule_sets"], no_rule["exemptions"] = [], []
    await archive_io.import_archive(no_rule)
    job = Recorder()

    await DailyScheduler(HALF_PAST_THREE, job=job).run_due(utc("2026-03-01", "12:00"))
    assert job.calls == []
    await DailyScheduler(HALF_PAST_THREE, job=job).run_due(utc("2026-09-01", "12:00"))
    assert job.calls == [("exemple", date(2026, 9, 1))]


async def test_a_failing_network_is_logged_and_the_others_go_on_then_it_is_tried_again(
    two_networks: None,
) -> None:
    job = Recorder(failing={"exemple"})
    scheduler = DailyScheduler(HALF_PAST_THREE, job=job)

    outcomes = await scheduler.run_due(utc("2026-03-01", "12:00"))

    assert [(o.network, o.ok) for o in outcomes] == [("exemple", False), ("montreal", True)]
    assert "exemple is unwell" in outcomes[0].error
    job.failing.clear()
    again = await scheduler.run_due(utc("2026-03-01", "12:01"))
    assert [(o.network, o.ok) for o in again] == [("exemple", True)]


@pytest.mark.committed
async def test_a_rule_that_begins_during_the_period_fails_the_days_job_without_retries(
    committed_db: None,
) -> None:
    document = example()
    document["rule_sets"][0]["effective_from"] = "2026-01-15"  # mid-season: no rule on 1 Sept
    await archive_io.import_archive(document)
    scheduler = DailyScheduler(HALF_PAST_THREE)  # the real job: queued, then run by a worker

    outcomes = await scheduler.run_due(utc("2026-03-01", "12:00"))
    await run_queued_jobs()

    assert [(o.network, o.ok) for o in outcomes] == [("exemple", True)]
    assert await scheduler.run_due(utc("2026-03-01", "13:00")) == []  # not every minute
    [job] = await store.listing(None)
    assert (job.kind, job.status, job.attempts) == ("daily", "failed", 1)  # refused: not retried
    assert "no rule set in effect on 2025-09-01" in job.error
    assert await EvaluationSnapshot.count() == 0


@pytest.mark.committed
async def test_the_real_job_is_queued_once_and_keeps_the_days_snapshot(
    committed_db: None,
) -> None:
    await archive_io.import_archive(example())
    await archive_io.import_archive(example("montreal", "America/Montreal"))
    scheduler, another_process = DailyScheduler(HALF_PAST_THREE), DailyScheduler(HALF_PAST_THREE)

    outcomes = await scheduler.run_due(utc("2026-03-01", "12:00"))
    await another_process.run_due(utc("2026-03-01", "12:00"))
    await run_queued_jobs()

    assert all(o.ok for o in outcomes)
    jobs = await store.listing(None)
    assert sorted((j.kind, j.key, j.status) for j in jobs) == [
        ("daily", "daily:exemple:2026-03-01", "succeeded"),
        ("daily", "daily:montreal:2026-03-01", "succeeded"),
    ]
    rows = await EvaluationSnapshot.select(
        EvaluationSnapshot.network.ref, EvaluationSnapshot.day, EvaluationSnapshot.period_start
    ).order_by(EvaluationSnapshot.network.ref)
    assert [(r["network.ref"], r["day"], r["period_start"]) for r in rows] == [
        ("exemple", date(2026, 3, 1), date(2025, 9, 1)),
        ("montreal", date(2026, 3, 1), date(2025, 9, 1)),
    ]


async def test_running_the_daily_job_twice_keeps_one_snapshot(two_networks: None) -> None:
    first = await daily.run("exemple", date(2026, 3, 1))
    second = await daily.run("exemple", date(2026, 3, 1))

    assert (first.snapshot.stored, second.snapshot.stored) == (True, False)
    assert first.snapshot.evaluation == second.snapshot.evaluation
    assert await EvaluationSnapshot.count() == 1
    assert await AuditEntry.count().where(AuditEntry.action == "evaluation.snapshot") == 1


async def test_a_daily_run_looks_its_network_up_once_and_reads_its_rules_once(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A day that does everything: the day's snapshot, reminders (members at risk in the new
    season) and the previous season's final snapshot, taken to open its cases."""
    await archive_io.import_archive(example())
    selects: Counter[str] = Counter()
    for table in (Network, RuleSetVersion):
        select = table.select  # the class's own, bound

        def counted(*columns: Any, _table: Any = table, _select: Any = select, **kw: Any) -> Any:
            selects[_table._meta.tablename] += 1
            return _select(*columns, **kw)

        monkeypatch.setattr(table, "select", counted)

    run = await daily.run("exemple", date(2026, 9, 2))

    assert run.snapshot.stored
    assert run.enforcement.reminders  # the new season's members at risk
    assert run.enforcement.cases_opened == ["basalte-2025-09-01", "fougere-2025-09-01"]
    assert await EvaluationSnapshot.count() == 2  # the day's, and the season ended's
    assert selects == {"network": 1, "rule_set": 1}


@pytest.mark.committed
async def test_two_runs_at_once_keep_one_snapshot(committed_db: None) -> None:
    await archive_io.import_archive(example())

    runs = await asyncio.gather(*(daily.run("exemple", date(2026, 3, 1)) for _ in range(3)))

    assert sorted(run.snapshot.stored for run in runs) == [False, False, True]
    assert await EvaluationSnapshot.count() == 1
    assert await AuditEntry.count().where(AuditEntry.action == "evaluation.snapshot") == 1


@pytest.mark.committed
async def test_two_processes_on_the_same_day_keep_one_snapshot(committed_db: None) -> None:
    await archive_io.import_archive(example())
    command = [RAVIV, "rules", "snapshot", "--network", "exemple", "--at", "2026-03-01"]

    processes = [
        await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [
        (out.decode(), err.decode())
        for out, err in await asyncio.gather(*(p.communicate() for p in processes))
    ]

    assert [process.returncode for process in processes] == [0, 0], outputs
    said = sorted("already stored" in out for out, _ in outputs)
    assert said == [False, True]
    assert await EvaluationSnapshot.count() == 1


async def wait_for(condition: Callable[[], bool], seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        await asyncio.sleep(0.01)


async def test_the_scheduler_runs_in_the_background_and_stops_cleanly(two_networks: None) -> None:
    job = Recorder()
    now = utc("2026-03-01", "12:00")
    settings = SchedulerSettings(enabled=True, daily_at=HALF_PAST_THREE)

    async with scheduled(settings, job=job, clock=lambda: now, tick_s=0.01) as scheduler:
        assert scheduler is not None
        await wait_for(lambda: len(job.calls) == 2)
        now += timedelta(days=1)
        await wait_for(lambda: len(job.calls) == 4)
    assert [day for _, day in job.calls] == [date(2026, 3, 1)] * 2 + [date(2026, 3, 2)] * 2
    assert not [t for t in asyncio.all_tasks() if t.get_name() == "raviv-daily-evaluation"]


async def test_a_job_still_running_at_shutdown_is_cancelled_after_a_grace(
    two_networks: None,
) -> None:
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def endless(_network: str, _day: date) -> None:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    settings = SchedulerSettings(enabled=True, daily_at=HALF_PAST_THREE)
    clock = lambda: utc("2026-03-01", "12:00")  # noqa: E731
    async with scheduled(settings, job=endless, clock=clock, stop_grace_s=0.05):
        await asyncio.wait_for(started.wait(), timeout=5)
    assert cancelled.is_set()


async def test_a_disabled_scheduler_starts_nothing(db: None) -> None:
    before = len(asyncio.all_tasks())
    async with scheduled(SchedulerSettings(enabled=False)) as scheduler:
        assert scheduler is None
        assert len(asyncio.all_tasks()) == before


def test_the_test_suite_runs_without_the_scheduler() -> None:
    assert get_settings().scheduler.enabled is False


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.committed
async def test_the_service_takes_todays_snapshot_by_itself_and_stops_cleanly(
    committed_db: None,
) -> None:
    await archive_io.import_archive(example())
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        *(RAVIV, "serve", "--host", "127.0.0.1", "--port", str(port)),
        env={**os.environ, "RAVIV_SCHEDULER": "on", "RAVIV_DAILY_AT": "00:00"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while await EvaluationSnapshot.count() == 0:
            assert process.returncode is None, "the service stopped"
            assert time.monotonic() < deadline, "no snapshot taken"
            await asyncio.sleep(0.2)
        async with httpx.AsyncClient() as client:  # and it serves requests meanwhile
            for _ in range(100):
                try:
                    if (await client.get(f"http://127.0.0.1:{port}/ping")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            else:
                pytest.fail("the service does not answer")
    finally:
        if process.returncode is None:
            process.terminate()
        output = (await asyncio.wait_for(process.communicate(), timeout=30))[0].decode()
    # uvicorn shuts down, then ends by the signal it was sent
    assert process.returncode in {0, -signal.SIGTERM}, output
    assert "daily.done" in output
    assert output.index("daily.scheduler_stopped") < output.index("Application shutdown complete")
    assert "Traceback" not in output
    row = await EvaluationSnapshot.select(EvaluationSnapshot.day).first()
    assert row is not None
    assert row["day"] == datetime.now(ZoneInfo("Europe/Paris")).date()  # Paris's day


async def test_the_cron_command_runs_every_networks_job_at_once_whatever_the_hour(
    two_networks: None,
) -> None:
    # `raviv rules daily` (RAVIV_SCHEDULER=off, cron): no waiting for RAVIV_DAILY_AT; each
    # network on its own local day, or on the day asked; a failure stops nobody else.
    job = Recorder(failing={"exemple"})

    outcomes = await run_all(now=utc("2026-03-01", "02:00"), job=job)  # 03:00 in Paris

    assert job.calls == [("exemple", date(2026, 3, 1)), ("montreal", date(2026, 2, 28))]
    assert [(o.network, o.ok, o.skipped) for o in outcomes] == [
        ("exemple", False, False),
        ("montreal", True, False),
    ]
    assert "unwell" in outcomes[0].error
    asked = Recorder()
    await run_all(date(2026, 5, 4), job=asked)
    assert asked.calls == [("exemple", date(2026, 5, 4)), ("montreal", date(2026, 5, 4))]
    before_any_rule = Recorder()
    assert await run_all(date(2000, 1, 1), job=before_any_rule) == []
    assert before_any_rule.calls == []
