"""Load proof: many clients logging contributions at once, with retries, lose nothing.

A fresh database (SQLite, or PostgreSQL with --engine postgres) with the demo network, a real
`raviv serve` on 127.0.0.1, and N clients
(asyncio, one connection each) posting contributions as Camille for a fixed time. Every request
carries its own `Idempotency-Key`; one in ten is sent twice (a client retrying after a lost
answer), and a request that fails in transport is retried with the same key. At the end the
database is read directly and compared with what the clients were told:

- lost: a 201 whose entry is not in the database (must be 0);
- duplicates: two rows for one key, or a retry answered with another entry (must be 0);
- 5xx answers (must be 0).

    .venv/bin/python bench/ledger_concurrency.py [--clients 200] [--seconds 30] [--json]
        [--engine sqlite|postgres] [--pg-url postgresql://postgres@127.0.0.1:5432/test]

Bounded: it stops after --seconds (plus the time to drain in-flight requests, 30 s at most).
Exit status 0 when nothing was lost, duplicated or answered 5xx; 1 otherwise; 2 if it could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

RAVIV = str(Path(sys.executable).parent / "raviv")
HOST = "127.0.0.1"


@dataclass
class Tally:
    sent: int = 0
    created: dict[str, str] = field(default_factory=dict)  # key -> ref answered
    replays: int = 0
    replay_mismatch: int = 0
    retries_after_error: int = 0
    unanswered: set[str] = field(
        default_factory=set
    )  # keys whose every attempt failed in transport
    statuses: dict[int, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [RAVIV, *args], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"raviv {' '.join(args)} failed: {done.stderr}")
    return done.stdout


async def client_loop(
    http: httpx.AsyncClient,
    number: int,
    givers: list[str],
    until: float,
    tally: Tally,
    entries: int | None = None,
    key_prefix: str = "",
) -> None:
    rnd = random.Random(number)
    today = datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    sequence = 0
    while (sequence < entries) if entries is not None else (time.monotonic() < until):
        sequence += 1
        key = f"{key_prefix}c{number}-{sequence}"
        body = {
            "giver": {"member": rnd.choice(givers)},
            "receiver": {"network": True},
            "form": "time",
            "quantity": str(rnd.choice(["0.5", "1", "1.5", "2", "3"])),
            "date": today,
            "note": f"charge {number}/{sequence}",
        }
        sends = 2 if rnd.random() < 0.1 else 1
        for _ in range(sends):
            for attempt in range(4):
                started = time.perf_counter()
                tally.sent += 1
                try:
                    response = await http.post(
                        "/api/networks/demo/contributions",
                        json=body,
                        headers={"Idempotency-Key": key},
                    )
                except httpx.TransportError:
                    tally.retries_after_error += 1
                    if attempt == 3:  # the entry may or may not be in: no answer came
                        tally.unanswered.add(key)
                    await asyncio.sleep(0.05 * (attempt + 1))
                    continue
                tally.latencies_ms.append((time.perf_counter() - started) * 1000)
                tally.statuses[response.status_code] = (
                    tally.statuses.get(response.status_code, 0) + 1
                )
                if response.status_code == 201:
                    ref = response.json()["ref"]
                    if key in tally.created:
                        tally.replays += 1
                        if tally.created[key] != ref:
                            tally.replay_mismatch += 1
                    else:
                        tally.created[key] = ref
                break


async def load(
    base: str,
    token: str,
    givers: list[str],
    clients: int,
    seconds: float,
    *,
    entries_per_client: int | None = None,
    key_prefix: str = "",
) -> Tally:
    """Run the clients for ``seconds``, or until each has logged ``entries_per_client``.

    ``key_prefix`` starts every idempotency key, so runs against one database never share one."""
    tally = Tally()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=base,
        headers={"Authorization": f"Bearer {token}"},
        limits=limits,
        timeout=httpx.Timeout(30.0),
    ) as http:
        until = time.monotonic() + seconds
        await asyncio.wait_for(
            asyncio.gather(
                *(
                    client_loop(http, n, givers, until, tally, entries_per_client, key_prefix)
                    for n in range(clients)
                )
            ),
            timeout=seconds + 30 if entries_per_client is None else None,
        )
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--pg-url",
        help="a PostgreSQL database to create the bench's own database from (dropped after); "
        "default: $RAVIV_BENCH_PG_URL, else postgresql://postgres@127.0.0.1:5432/test",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="raviv-concurrency-"))
    db = workdir / "bench.db"
    postgres = None
    if args.engine == "postgres":
        sys.path.insert(0, str(Path(__file__).parent))
        from pg import DEFAULT_PG_URL, PostgresDatabase  # the benches' throwaway database

        postgres = PostgresDatabase(args.pg_url or DEFAULT_PG_URL, keep=False)
        postgres.create()
    try:
        return measure(args, workdir, db, postgres)
    finally:
        if postgres is not None:
            postgres.drop()


def stored_keys(db: Path, postgres: Any) -> list[tuple[str, str]]:
    """(ref, idempotency key) of every keyed entry, read from the database itself."""
    sql = "SELECT ref, idempotency_key FROM contribution WHERE idempotency_key IS NOT NULL"
    if postgres is None:
        with sqlite3.connect(db) as connection:
            return [(ref, key) for ref, key in connection.execute(sql).fetchall()]

    async def fetch() -> list[tuple[str, str]]:
        import asyncpg

        connection = await asyncpg.connect(postgres.url, timeout=10)
        try:
            return [(r["ref"], r["idempotency_key"]) for r in await connection.fetch(sql)]
        finally:
            await connection.close()

    return asyncio.run(fetch())


def measure(args: argparse.Namespace, workdir: Path, db: Path, postgres: Any) -> int:
    env = {
        **os.environ,
        "RAVIV_DATABASE_URL": f"sqlite:///{db}" if postgres is None else postgres.url,
        "RAVIV_DATA_DIR": str(workdir),
        "RAVIV_ACCESS_LOG": "false",
    }
    run(env, "db", "upgrade")
    run(env, "demo", "--members", "40")
    token = run(env, "accounts", "token", "camille@demo.raviv.test", "--scope", "write").strip()
    port = free_port()
    server = subprocess.Popen(
        [RAVIV, "serve", "--host", HOST, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://{HOST}:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/ping", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        members = httpx.get(
            f"{base}/api/networks/demo/members?status=active&limit=500",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()["items"]
        givers = [m["ref"] for m in members]
        started = time.monotonic()
        tally = asyncio.run(load(base, token, givers, args.clients, args.seconds))
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = stored_keys(db, postgres)
    in_db: dict[str, list[str]] = {}
    for ref, key in rows:
        in_db.setdefault(key, []).append(ref)
    lost = sum(1 for key, ref in tally.created.items() if ref not in in_db.get(key, []))
    duplicates = sum(len(refs) - 1 for refs in in_db.values()) + tally.replay_mismatch
    server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    latencies = sorted(tally.latencies_ms)
    result: dict[str, Any] = {
        "engine": args.engine,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "requests": tally.sent,
        "answers": dict(sorted(tally.statuses.items())),
        "entries_acknowledged": len(tally.created),
        "retries_answered_with_the_first_entry": tally.replays,
        "retries_after_transport_error": tally.retries_after_error,
        "rows_in_database": len(rows),
        "lost": lost,
        "duplicates": duplicates,
        "server_errors": server_errors,
        "answers_per_s": round(len(latencies) / elapsed, 1),
        "latency_ms": {
            "p50": round(statistics.median(latencies), 1) if latencies else None,
            "p99": round(latencies[int(len(latencies) * 0.99) - 1], 1) if latencies else None,
        },
    }
    unexplained = set(in_db) - set(tally.created) - tally.unanswered
    result["rows_never_acknowledged"] = len(set(in_db) - set(tally.created))
    if args.json:
        print(json.dumps(result))
    else:
        for name, value in result.items():
            print(f"{name:40} {value}")
    ok = lost == 0 and duplicates == 0 and server_errors == 0 and not unexplained
    print("nothing lost, nothing duplicated, no 5xx" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
