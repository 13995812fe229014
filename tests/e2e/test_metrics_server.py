"""``/metrics`` and request ids on a real ``raviv serve`` (both engines).

- With two worker processes, the counts add up: N requests answered by either worker are N in
  ``/metrics``, whichever worker answers the scrape; a worker killed with SIGKILL (uvicorn starts
  another) keeps its counts in the total, and its gauges leave it.
- Behind a trusted proxy, the allow-list judges the client ``X-Forwarded-For`` names; the token
  admits anyone; a wrong one no one.
- The request id is in the answer's header, its problem body and the request's log lines.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.multiprocess import MultiProcessCollector

from tests.api.test_metrics import parse, total, value
from tests.e2e.test_cli_and_server import serving
from tests.figures import record

TOKEN = "jeton-de-prometheus-0123456789-abcdef"  # noqa: S105 - a test's own token
PING = {"method": "GET", "route": "/ping", "status": "200"}
ANSWERS = "raviv_http_requests_total"


def _scrape(base: str, **headers: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    # A new connection each time, so that either worker may answer.
    answer = httpx.get(f"{base}/metrics", headers={"Connection": "close", **headers}, timeout=10)
    assert answer.status_code == 200, answer.text
    return parse(answer.text)


def _pings(base: str, count: int) -> None:
    """``count`` pings, each on a connection of its own, eight at a time: the workers take the
    connections as they come."""
    fresh = httpx.Limits(max_keepalive_connections=0)

    def some(share: int) -> list[int]:
        with httpx.Client(base_url=base, limits=fresh, timeout=10) as http:
            return [http.get("/ping").status_code for _ in range(share)]

    shares = [count // 8 + (1 if i < count % 8 else 0) for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = [status for statuses in pool.map(some, shares) for status in statuses]
    assert answers == [200] * count


def _pids(folder: Path, prefix: str) -> set[int]:
    return {int(path.stem.rsplit("_", 1)[1]) for path in folder.glob(f"{prefix}_*.db")}


def _pings_by_process(folder: Path) -> dict[int, float]:
    """The /ping answers each process counted, read from its own file."""
    counted: dict[int, float] = {}
    for pid in _pids(folder, "counter"):
        for family in MultiProcessCollector.merge([str(folder / f"counter_{pid}.db")]):
            for sample in family.samples:
                if sample.name == ANSWERS and sample.labels == PING:
                    counted[pid] = counted.get(pid, 0.0) + sample.value
    return counted


def _until(condition: str, check: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"still not so after {seconds} s: {condition}")
        time.sleep(0.1)


def test_two_workers_counts_add_up_and_a_killed_workers_counts_stay(
    database: None, tmp_path: Path
) -> None:
    folder = tmp_path / "metrics"
    env = {
        "RAVIV_METRICS_DIR": str(folder),
        # Not read until the server stops: hundreds of lines would fill the pipe and block it.
        "RAVIV_ACCESS_LOG": "false",
        # Each worker holds 3 connections at most, on either engine.
        "RAVIV_SQLITE_READERS": "2",
        "RAVIV_DB_POOL_MIN": "1",
        "RAVIV_DB_POOL_MAX": "3",
    }
    connections_max = 3
    with serving(env, workers=2) as base:
        # Each worker reads its connections as it starts: two processes have live gauges.
        _until("two workers started", lambda: len(_pids(folder, "gauge_livesum")) == 2)
        workers = _pids(folder, "gauge_livesum")
        before = value(_scrape(base), ANSWERS, **PING)  # the start-up check's pings
        started = _pings_by_process(folder)

        def both_answered() -> bool:
            now = _pings_by_process(folder)
            return all(now.get(pid, 0) > started.get(pid, 0) for pid in workers)

        sent = 0
        while not both_answered() or sent < 200:
            _pings(base, 50)
            sent += 50
            assert sent <= 2000, f"one worker answered everything: {_pings_by_process(folder)}"
        assert set(_pings_by_process(folder)) == workers
        shares = {pid: n - started.get(pid, 0) for pid, n in _pings_by_process(folder).items()}
        record(f"metrics, 2 workers: {sent} pings answered {sorted(shares.values())}, counted once")
        for _ in range(6):  # whichever worker answers the scrape
            samples = _scrape(base)
            assert value(samples, ANSWERS, **PING) - before == sent
            assert total(samples, "raviv_db_connections_max") == 2 * connections_max

        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        _until("a new worker started", lambda: len(_pids(folder, "gauge_livesum") - workers) == 1)
        _until(
            "the dead worker's gauges dropped at a scrape",
            lambda: total(_scrape(base), "raviv_db_connections_max") == 2 * connections_max,
        )
        assert victim not in _pids(folder, "gauge_livesum")
        assert victim in _pings_by_process(folder)  # its counts stay
        _pings(base, 40)
        for _ in range(4):
            assert value(_scrape(base), ANSWERS, **PING) - before == sent + 40


def test_behind_a_trusted_proxy_the_forwarded_client_is_judged(database: None) -> None:
    env = {"RAVIV_TRUSTED_PROXIES": "127.0.0.1", "RAVIV_METRICS_TOKEN": TOKEN}
    with serving(env) as base, httpx.Client(base_url=base, timeout=10) as http:

        def status(forwarded: str | None, token: str | None = None) -> int:
            headers = {"X-Forwarded-For": forwarded} if forwarded else {}
            if token is not None:
                headers["Authorization"] = f"Bearer {token}"
            return http.get("/metrics", headers=headers).status_code

        assert status("203.0.113.9") == 403
        assert status("198.51.100.20, 127.0.0.1") == 403  # the first untrusted hop is the client
        assert status("203.0.113.9", TOKEN) == 200
        assert status("203.0.113.9", TOKEN + "x") == 403
        assert status("127.0.0.1") == 200  # a client on the proxy's own machine
        assert status(None) == 200  # the proxy's machine itself


def test_the_request_id_is_in_the_header_the_problem_and_every_log_line(
    database: None,
) -> None:
    printed: list[str] = []
    with serving(output=printed) as base, httpx.Client(base_url=base, timeout=10) as http:
        refused = http.get("/api/me", headers={"X-Request-ID": "e2e-request-7"})
        health = http.get("/health", headers={"X-Request-ID": "e2e-request-8"})
        replaced = http.get("/no/such/route", headers={"X-Request-ID": "not safe!"})

    assert refused.status_code == 401
    assert refused.headers["x-request-id"] == refused.json()["request_id"] == "e2e-request-7"
    assert health.status_code == 200
    assert health.headers["x-request-id"] == "e2e-request-8"
    assert replaced.status_code == 404
    new_id = replaced.headers["x-request-id"]
    assert new_id != "not safe!"
    assert replaced.json()["request_id"] == new_id

    lines = [json.loads(line) for line in printed[0].splitlines() if line.startswith("{")]
    logged = [line for line in lines if line.get("event") in {"HTTP Request", "HTTP Response"}]
    assert logged, printed[0][-2000:]
    assert all(line.get("request_id") for line in logged), logged
    of_refused = [line for line in logged if line["request_id"] == "e2e-request-7"]
    assert [line.get("path") for line in of_refused] == ["/api/me"]
    of_health = [line["event"] for line in logged if line["request_id"] == "e2e-request-8"]
    assert of_health == ["HTTP Request", "HTTP Response"]
    assert "not safe!" not in printed[0]


@pytest.mark.parametrize("workers", [1, 2])
def test_the_temporary_folder_of_the_counts_goes_when_the_server_stops(
    database: None, tmp_path: Path, workers: int
) -> None:
    """Without RAVIV_METRICS_DIR, each ``raviv serve`` counts into a new temporary folder, and
    removes it when stopped by SIGTERM (what ``serving`` sends), however many workers it ran."""
    env = {"TMPDIR": str(tmp_path), "RAVIV_ACCESS_LOG": "false"}
    with serving(env, workers=workers, without=("RAVIV_METRICS_DIR",)) as base:
        folders = list(tmp_path.glob("raviv-metrics-*"))
        assert len(folders) == 1
        _pings(base, 8)
        assert value(_scrape(base), ANSWERS, **PING) >= 8
        assert list(folders[0].glob("counter_*.db"))
    assert list(tmp_path.glob("raviv-metrics-*")) == []
