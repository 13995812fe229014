"""Several worker processes on PostgreSQL: a worker killed mid-load, then the service stopped.

``raviv serve --workers 3`` (uvicorn's supervisor and three worker processes, real ones) on a
throwaway PostgreSQL database with the demo network, under a bounded mixed load from a few
clients: Karim logging contributions (each with its idempotency key, retried with the same key
when an answer is lost, as a client should), Camille validating them, readers on the lists,
totals, standing and the reciprocity workbook (the slowest read, ~0.2 s).

- SIGKILL to ONE worker (the one holding the most client connections): every acknowledged write
  (201 entry, 200 validation) is in the database, none twice; no answer is a 5xx; only requests
  sent before the kill lost their answer; the service keeps answering, and the supervisor starts
  a replacement worker, which starts its application.
- SIGTERM to the supervisor (what ``docker stop``, ``systemctl stop`` or ``kill PID`` send when
  the service is stopped or redeployed: the issue's "graceful shutdown, in-flight requests
  finish"): every request sent before the signal gets its full answer, a 2xx or 4xx, none a
  reset or a 5xx; every worker runs its application's shutdown (``process.stopped``), the
  database connections are closed and the supervisor exits 0 within the grace period.

PostgreSQL only: several processes are the PostgreSQL deployment (SQLite is served by one). The
figures are printed at the end of the run (tests/figures.py); docs/reliability.md keeps the last.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.pg import PostgresDatabase
from tests.e2e.test_cli_and_server import RAVIV, _free_port, run_raviv
from tests.figures import record

SERVER_URL = os.environ.get("RAVIV_TEST_DATABASE_URL", "").strip()
pytestmark = pytest.mark.skipif(
    not SERVER_URL,
    reason="PostgreSQL only (RAVIV_TEST_DATABASE_URL): several worker processes are the "
    "PostgreSQL deployment, SQLite is served by one process",
)

WORKERS = 3
GRACE_S = 20  # RAVIV_SHUTDOWN_GRACE_S of the servers started here (the default)
KILL_AFTER = 100  # SIGKILL round: the kill after this many answers,
KILL_THEN = 150  # then this many more once the killed worker is gone,
KILL_BUDGET = 500  # and never more requests than this
TERM_BUDGET = 200  # at most, in the SIGTERM round: the signal after TERM_AFTER
TERM_AFTER = 80
SLOW_ROWS = 1200
ROUND_SECONDS = 25.0  # each round's load stops by then whatever its count


@dataclass
class Demo:
    env: dict[str, str]
    postgres: PostgresDatabase
    tokens: dict[str, str]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    """A new PostgreSQL database beside the suite's, migrated, with the demo network."""
    postgres = PostgresDatabase(SERVER_URL, keep=False)
    postgres.create()
    env = {
        "RAVIV_DATABASE_URL": postgres.url,
        "RAVIV_DATA_DIR": str(tmp_path),
        "RAVIV_ACCESS_LOG": "false",
        "RAVIV_LOG_FORMAT": "json",
        "RAVIV_SHUTDOWN_GRACE_S": str(GRACE_S),
        "RAVIV_DB_POOL_MIN": "1",
        "RAVIV_DB_POOL_MAX": "4",
    }
    try:
        assert run_raviv("db", "upgrade", env=env).returncode == 0
        assert run_raviv("demo", "--members", "12", env=env).returncode == 0
        tokens = {}
        for name in ("camille", "karim"):
            done = run_raviv(
                "accounts", "token", f"{name}@demo.raviv.test", "--scope", "write", env=env
            )
            assert done.returncode == 0, done.stderr
            tokens[name] = done.stdout.strip()
        yield Demo(env, postgres, tokens)
    finally:
        postgres.drop()


class Service:
    """``raviv serve --workers 3`` in a process of its own, what it prints read as it comes
    (each line with the time it was read), its worker processes found under /proc."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.lines: list[tuple[float, str]] = []
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            [RAVIV, "serve", "--port", str(self.port), "--workers", str(WORKERS)],
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def events(self, name: str) -> list[tuple[float, dict[str, Any]]]:
        """The JSON log events called ``name``, with the time each was read."""
        found = []
        for at, line in list(self.lines):
            if line.startswith("{") and f'"{name}"' in line:
                event = json.loads(line)
                if event.get("event") == name:
                    found.append((at, event))
        return found

    def started_pids(self) -> set[int]:
        return {event["pid"] for _, event in self.events("process.started")}

    def workers(self) -> set[int]:
        """The supervisor's worker processes (not multiprocessing's resource tracker)."""
        found = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            fields = stat.rpartition(")")[2].split()
            if fields[0] != "Z" and int(fields[1]) == self.process.pid and b"spawn_main" in cmdline:
                found.add(int(entry.name))
        return found

    def wait_ready(self, timeout: float = 60) -> set[int]:
        """Until WORKERS workers run and each has started its application; their pids."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail("raviv serve stopped:\n" + "\n".join(line for _, line in self.lines))
            workers = self.workers()
            if len(workers) == WORKERS and workers <= self.started_pids():
                try:
                    if httpx.get(f"{self.base}/ping", timeout=1).status_code == 200:
                        return workers
                except httpx.TransportError:
                    pass
            time.sleep(0.1)
        self.stop()
        pytest.fail("the workers did not start:\n" + "\n".join(line for _, line in self.lines))

    def connections(self, pid: int) -> int:
        """Client connections to the service this process holds open (its sockets that are
        established TCP connections on the service's port)."""
        established = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with open(table) as rows:
                next(rows)
                for row in rows:
                    cells = row.split()
                    local_port = int(cells[1].rsplit(":", 1)[1], 16)
                    if local_port == self.port and cells[3] == "01":
                        established.add(cells[9])
        held = 0
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in established:
                    held += 1
        except OSError:
            return 0
        return held

    def stop(self) -> None:
        """Never leave a server behind: SIGTERM, then SIGKILL to the whole group."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=GRACE_S + 15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                for pid in self.workers():
                    os.kill(pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._reader.join(timeout=5)


def gone(pid: int) -> bool:
    """The process has exited and its parent has reaped it. (Its main thread shows as a zombie
    first, while its other threads still exit, holding its sockets open for some milliseconds
    more: only once it is reaped are they surely closed.)"""
    return not Path(f"/proc/{pid}").exists()


async def until(done: Callable[[], bool], seconds: float) -> None:
    """Look every 5 ms until ``done()`` or ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if done():
            return
        await asyncio.sleep(0.005)


@dataclass
class Call:
    """One request as the client saw it, on the monotonic clock: when it started, when its last
    byte was written (``sent``), when its answer (or its failure) came."""

    kind: str
    started: float
    sent: float | None = None
    ended: float | None = None
    status: int | None = None
    error: str | None = None


@dataclass
class Load:
    """A bounded mixed load: two writers (Karim), a validator (Camille), three readers."""

    base: str
    tokens: dict[str, str]
    member: str
    budget: int
    prefix: str
    calls: list[Call] = field(default_factory=list)
    logged: dict[str, str] = field(default_factory=dict)  # idempotency key -> ref (201)
    validated: set[str] = field(default_factory=set)  # refs answered 200 to /validate
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    def over(self) -> bool:
        return self.stop.is_set() or len(self.calls) >= self.budget

    async def send(
        self, http: httpx.AsyncClient, kind: str, method: str, url: str, **kw: Any
    ) -> httpx.Response | None:
        call = Call(kind, time.monotonic())
        self.calls.append(call)

        async def trace(event: str, _info: dict[str, Any]) -> None:
            if event == "http11.send_request_body.complete":
                call.sent = time.monotonic()

        try:
            answer = await http.request(method, url, extensions={"trace": trace}, **kw)
        except httpx.TransportError as exc:
            call.ended, call.error = time.monotonic(), type(exc).__name__
            return None
        call.ended, call.status = time.monotonic(), answer.status_code
        return answer

    async def run(self, seconds: float) -> None:
        today = time.strftime("%Y-%m-%d")
        refs: asyncio.Queue[str] = asyncio.Queue()
        reads = [
            "/api/networks/demo/members?limit=50",
            "/api/networks/demo/contributions?limit=50",
            "/api/networks/demo/contributions/totals",
            f"/api/networks/demo/members/{self.member}/standing",
            "/api/networks/demo/summary",
            "/api/networks/demo/reciprocity.xlsx?from=2025-09-01&to=2026-08-31",
        ]

        async def writer(http: httpx.AsyncClient, number: int) -> None:
            sequence = 0
            while not self.over():
                sequence += 1
                key = f"{self.prefix}{number}-{sequence}"
                body = {
                    "giver": {"member": self.member},
                    "receiver": {"network": True},
                    "form": "time",
                    "quantity": "1.5",
                    "date": today,
                }
                for _attempt in range(3):  # a lost answer is retried with the same key
                    answer = await self.send(
                        http,
                        "contribution",
                        "POST",
                        "/api/networks/demo/contributions",
                        json=body,
                        headers={"Idempotency-Key": key},
                    )
                    if answer is not None or self.stop.is_set():
                        break
                    await asyncio.sleep(0.1)
                if answer is not None and answer.status_code == 201:
                    self.logged[key] = answer.json()["ref"]
                    await refs.put(answer.json()["ref"])

        async def validator(http: httpx.AsyncClient) -> None:
            while not self.over():
                try:
                    ref = await asyncio.wait_for(refs.get(), timeout=0.5)
                except TimeoutError:
                    continue
                url = f"/api/networks/demo/contributions/{ref}/validate"
                answer = await self.send(http, "validation", "POST", url)
                if answer is not None and answer.status_code in (200, 201):
                    self.validated.add(ref)

        async def reader(http: httpx.AsyncClient, number: int) -> None:
            rnd = random.Random(number)
            while not self.over():
                answer = await self.send(http, "read", "GET", rnd.choice(reads))
                if answer is None and self.stop.is_set():
                    return

        def client(token: str) -> httpx.AsyncClient:
            return httpx.AsyncClient(
                base_url=self.base, headers={"Authorization": f"Bearer {token}"}, timeout=30
            )

        async with (
            client(self.tokens["karim"]) as karim,
            client(self.tokens["camille"]) as camille,
            client(self.tokens["camille"]) as reading,
        ):
            await asyncio.wait_for(
                asyncio.gather(
                    *(writer(karim, n) for n in range(2)),
                    validator(camille),
                    *(reader(reading, n) for n in range(3)),
                ),
                timeout=seconds + 30,
            )

    async def after(self, count: int, seconds: float) -> None:
        """Until ``count`` requests have been answered (or ``seconds`` have passed)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if sum(1 for call in self.calls if call.ended is not None) >= count:
                return
            await asyncio.sleep(0.01)


async def _stored(postgres: PostgresDatabase, prefix: str) -> dict[str, list[tuple[str, str]]]:
    """(ref, status) of every entry logged under a key of this round, by key, from the database."""
    import asyncpg

    connection = await asyncpg.connect(postgres.url, timeout=10)
    try:
        rows = await connection.fetch(
            "SELECT ref, idempotency_key, status FROM contribution WHERE idempotency_key LIKE $1",
            f"{prefix}%",
        )
    finally:
        await connection.close()
    by_key: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        by_key.setdefault(row["idempotency_key"], []).append((row["ref"], row["status"]))
    return by_key


def _check_writes(load: Load, postgres: PostgresDatabase) -> tuple[int, int]:
    """Every acknowledged write is in the database, once: (acknowledged, found)."""
    stored = asyncio.run(_stored(postgres, load.prefix))
    assert all(len(rows) == 1 for rows in stored.values()), "a key was logged twice"
    status = {rows[0][0]: rows[0][1] for rows in stored.values()}
    found_entries = [
        key for key, ref in load.logged.items() if [r for r, _ in stored.get(key, [])] == [ref]
    ]
    found_validations = [ref for ref in load.validated if status.get(ref) == "validated"]
    acknowledged = len(load.logged) + len(load.validated)
    return acknowledged, len(found_entries) + len(found_validations)


def _member(demo: Demo, base: str) -> str:
    me = httpx.get(
        f"{base}/api/me", headers={"Authorization": f"Bearer {demo.tokens['karim']}"}, timeout=10
    ).json()
    return str(next(grant["member"] for grant in me["grants"] if grant.get("member")))


def _lines(member: str) -> bytes:
    """A contributions file of SLOW_ROWS lines (a dry run of it takes a second or two)."""
    lines = ["Donneur;Bénéficiaire;Forme;Quantité;Unité;Date;Note"]
    lines += [f"{member};réseau;temps;1,5;heures;15/09/2025;ligne {n}" for n in range(SLOW_ROWS)]
    return ("\n".join(lines) + "\n").encode()


def _kinds(calls: list[Call]) -> str:
    counts: dict[str, int] = {}
    for call in calls:
        counts[call.kind] = counts.get(call.kind, 0) + 1
    return ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in sorted(counts.items()))


def test_a_worker_killed_mid_load_loses_no_acknowledged_write_and_is_replaced(
    demo: Demo,
) -> None:
    service = Service(demo.env)
    try:
        first = service.wait_ready()
        load = Load(service.base, demo.tokens, _member(demo, service.base), KILL_BUDGET, "k")

        async def kill_mid_load() -> tuple[int, int, float, float]:
            running = asyncio.create_task(load.run(ROUND_SECONDS))
            await load.after(KILL_AFTER, ROUND_SECONDS)
            held, victim = max(  # the busiest worker (read in a thread: the load goes on)
                await asyncio.gather(
                    *(asyncio.to_thread(lambda p=pid: (service.connections(p), p)) for pid in first)
                )
            )
            killed_at = time.monotonic()
            os.kill(victim, signal.SIGKILL)
            await until(lambda: gone(victim), 10)
            gone_at = time.monotonic()
            answered = sum(1 for call in load.calls if call.ended is not None)
            await load.after(answered + KILL_THEN, ROUND_SECONDS)
            load.stop.set()
            await running
            return victim, held, killed_at, gone_at

        victim, held, killed_at, gone_at = asyncio.run(kill_mid_load())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the supervisor's replacement starts its application
            replacements = service.workers() - first
            if replacements and replacements <= service.started_pids():
                break
            time.sleep(0.1)
        workers = service.workers()
        replacements = workers - first
        replaced = [
            at for at, event in service.events("process.started") if event["pid"] in replacements
        ]
        # Then the service still answers, whichever worker takes the connection.
        with httpx.Client(
            base_url=service.base,
            headers={"Authorization": f"Bearer {demo.tokens['camille']}"},
            timeout=10,
        ) as http:
            final = [http.get("/api/networks/demo/summary").status_code for _ in range(6)]
    finally:
        service.stop()

    elapsed = max(call.ended or 0 for call in load.calls) - load.calls[0].started
    failed = [call for call in load.calls if call.error is not None]
    server_errors = [call for call in load.calls if call.status is not None and call.status >= 500]
    answered_after = [c for c in load.calls if c.started > gone_at and c.status is not None]
    sent_after = [c for c in load.calls if c.started > gone_at]
    acknowledged, found = _check_writes(load, demo.postgres)
    replaced_after = f"{replaced[0] - killed_at:.1f} s" if replaced else "never"
    record(
        f"workers, SIGKILL: {WORKERS} workers, {len(load.calls)} requests in {elapsed:.1f} s "
        f"({_kinds(load.calls)}); one worker killed after {KILL_AFTER} answers, holding {held} "
        f"client connections; {acknowledged} writes acknowledged ({len(load.logged)} entries, "
        f"{len(load.validated)} validations), {found} found in the database; {len(failed)} "
        f"requests cut by the kill (sent before it; entries retried with their key), "
        f"{len(server_errors)} 5xx; {len(answered_after)} of the {len(sent_after)} sent once it "
        f"was gone answered; the replacement worker started its application {replaced_after} "
        "after the kill"
    )
    assert found == acknowledged
    assert server_errors == []
    assert all(call.started < gone_at for call in failed), [
        (c.kind, c.error, c.started - killed_at, c.sent and c.sent - killed_at) for c in failed
    ] + [gone_at - killed_at]
    assert len(answered_after) == len(sent_after) >= KILL_THEN
    assert final == [200] * 6
    assert victim not in workers
    assert len(replacements) == 1, "the supervisor did not replace the dead worker"
    assert replaced, "the replacement did not start its application"
    assert len(workers) == WORKERS


def test_sigterm_to_the_supervisor_lets_every_request_in_flight_finish(demo: Demo) -> None:
    service = Service(demo.env)
    try:
        workers = service.wait_ready()
        load = Load(service.base, demo.tokens, _member(demo, service.base), TERM_BUDGET, "t")

        async def stop_mid_load() -> tuple[float, float]:
            running = asyncio.create_task(load.run(ROUND_SECONDS))
            await load.after(TERM_AFTER, ROUND_SECONDS)
            # A slow request (a dry-run import of SLOW_ROWS lines, 2-3 s) sent just before the
            # signal: it is still being served when its worker begins to shut down.
            async with httpx.AsyncClient(
                base_url=service.base,
                headers={"Authorization": f"Bearer {demo.tokens['camille']}"},
                timeout=GRACE_S + 15,
            ) as http:
                slow = asyncio.create_task(
                    load.send(
                        http,
                        "slow import",
                        "POST",
                        "/api/networks/demo/imports/contributions?dry_run=true",
                        files={"file": ("lines.csv", _lines(load.member), "text/csv")},
                    )
                )
                await until(lambda: any(c.sent for c in load.calls if c.kind == "slow import"), 10)
                signalled_at = time.monotonic()
                service.process.send_signal(signal.SIGTERM)
                await until(lambda: service.process.poll() is not None, GRACE_S + 15)
                exited_at = time.monotonic()
                load.stop.set()
                await running
                await slow
            return signalled_at, exited_at - signalled_at

        signalled_at, stopped_after = asyncio.run(stop_mid_load())
        returncode = service.process.wait(timeout=GRACE_S + 15)
    finally:
        service.stop()

    shutting_down = [at for at, line in service.lines if line.endswith("Shutting down")]
    stopped = {event["pid"] for _, event in service.events("process.stopped")}
    before = [call for call in load.calls if call.sent is not None and call.sent < signalled_at]
    in_flight = [call for call in before if call.ended is not None and call.ended > signalled_at]
    began = min(shutting_down, default=float("inf"))  # when the first worker's line was read
    at_shutdown = [c for c in before if c.ended is not None and c.ended > began]
    bad = [call for call in before if call.status is None or call.status >= 500]
    (slow,) = [call for call in load.calls if call.kind == "slow import"]
    later = [call for call in load.calls if call not in before]
    answered_later = [call for call in later if call.status is not None]
    acknowledged, found = _check_writes(load, demo.postgres)
    left_open = demo.postgres.fetchval(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    record(
        f"workers, SIGTERM to the supervisor: {WORKERS} workers, {len(load.calls)} requests "
        f"({_kinds(load.calls)}); {len(before)} sent before the signal, {len(in_flight)} of them "
        f"in flight at the signal ({len(at_shutdown)} still when a worker began shutting down, "
        f"among them a {SLOW_ROWS}-line dry-run import answered {slow.status} after "
        f"{(slow.ended or 0) - slow.started:.1f} s), "
        f"{len(before) - len(bad)} answered 2xx/4xx, {len(bad)} errors; after it "
        f"{len(answered_later)} answered, {len(later) - len(answered_later)} refused or closed; "
        f"{acknowledged} writes acknowledged, {found} found; the service stopped in "
        f"{stopped_after:.1f} s (exit {returncode}), application shutdown in "
        f"{len(stopped & workers)}/{WORKERS} workers, {left_open} database connections left"
    )
    assert bad == [], [(c.kind, c.status, c.error) for c in bad]
    assert slow.status == 201
    assert slow.ended is not None
    assert slow.ended > began, "the slow request was answered before its worker shut down"
    assert returncode == 0
    assert stopped_after < GRACE_S + 10
    assert stopped >= workers, "a worker stopped without its application's shutdown"
    assert found == acknowledged
    assert left_open == 0
