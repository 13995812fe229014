"""The daily job with three processes running, on the suite's engine: one job queued, one
snapshot, one set of reminders (each member at risk written to once), and every process stops
cleanly on SIGTERM. Real ``raviv jobs worker`` processes on a fresh database with the demo
network; bounded in time, on 127.0.0.1 only."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from psycopg.rows import dict_row

from tests.e2e.test_cli_and_server import RAVIV
from tests.e2e.test_crash_and_load import fresh  # noqa: F401 - the fixture
from tests.figures import record

PROCESSES = 3


def query(env: dict[str, str], sql: str) -> list[dict[str, Any]]:
    url = env["RAVIV_DATABASE_URL"]
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            connection.row_factory = sqlite3.Row
            return [dict(r) for r in connection.execute(sql)]
    with psycopg.connect(url, row_factory=dict_row) as connection:
        return list(connection.execute(sql))  # type: ignore[arg-type]


def test_three_processes_run_the_days_job_once(
    fresh: tuple[dict[str, str], Path, Any],  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    env, _db, _postgres = fresh
    env = {**env, "RAVIV_SCHEDULER": "on", "RAVIV_DAILY_AT": "00:00", "RAVIV_LOG_FORMAT": "json"}
    today = datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()  # the demo's time zone
    logs = [tmp_path / f"worker-{n}.log" for n in range(PROCESSES)]
    workers = [
        subprocess.Popen(  # noqa: S603 - our own command
            [RAVIV, "jobs", "worker"],
            env={**os.environ, **env},
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        for log in logs
    ]
    try:
        deadline = time.monotonic() + 60
        while not query(env, "SELECT id FROM job WHERE kind = 'daily' AND status = 'succeeded'"):
            assert time.monotonic() < deadline, "no daily job done in 60 s"
            assert all(w.poll() is None for w in workers), "a worker stopped"
            time.sleep(0.2)
        time.sleep(3)  # every scheduler has woken up by now: none queues it again
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        codes = [w.wait(timeout=60) for w in workers]
    outputs = [log.read_text() for log in logs]

    assert codes == [0] * PROCESSES, outputs
    assert not any("Traceback" in out for out in outputs), outputs
    jobs = query(env, "SELECT kind, key, status, attempts, result FROM job")
    assert [(j["kind"], j["key"], j["status"], j["attempts"]) for j in jobs] == [
        ("daily", f"daily:demo:{today}", "succeeded", 1)
    ]
    started = sum(out.count('"job.started"') for out in outputs)
    assert started == 1, outputs
    # The day's snapshot; and, the first time, the final one of the season before (which
    # enforcement opens its cases from): one of each, whatever the number of processes.
    snapshots = query(
        env, "SELECT period_start, day FROM evaluation_snapshot ORDER BY period_start"
    )
    kept = [(str(s["period_start"]), str(s["day"])) for s in snapshots]
    assert len(kept) == len(set(kept)) <= 2, kept
    assert [day for _, day in kept][-1] == today, kept
    reminders = query(env, "SELECT member, status FROM reminder")
    members = [r["member"] for r in reminders]
    assert len(members) == len(set(members)), "a member reminded twice"
    sent = [r for r in reminders if r["status"] == "sent"]
    mails = list((tmp_path / "outbox").glob("*.eml"))
    result = json.loads(jobs[0]["result"])
    assert len(mails) == len(sent) == result["reminders"].get("sent", 0) > 0
    record(
        f"daily job, {PROCESSES} worker processes ({env['RAVIV_DATABASE_URL'].split(':')[0]}): "
        f"1 job, {len(snapshots)} snapshots (the day's, the season before's), "
        f"{len(reminders)} reminders "
        f"({len(sent)} mailed, {len(mails)} e-mails in the outbox)"
    )
