"""Benchmark: logging a contribution (POST /api/networks/demo/contributions) against GET /ping.

The ledger issue's target: contribution creation through the API at 25 % or more of the bare
endpoint's request rate, with a p99 under 50 ms at 20 connections, on SQLite and on PostgreSQL.
Same harness as `api_create.py` (fresh database, demo network, `raviv serve` on 127.0.0.1, wrk
with 2 threads and 20 connections): the entries are logged by Camille, the coordinator, so each
is validated at once with its value frozen, and audited.

    .venv/bin/python bench/api_contribute.py [--engine sqlite|postgres|both] [--duration 5]
        [--rounds 3]

Each round measures `/ping` then the contributions, `--duration` seconds each; the figures kept
are the medians over the rounds (the machine's speed drifts), with the server's CPU time per
request, and the entries the database gained against the 201 answers.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from api_create import (
    DEFAULT_RAVIV,
    NETWORK,
    TARGET_P99_MS,
    TARGET_RATIO,
    Server,
    SQLiteDatabase,
    process_cpu_s,
    run_checked,
    to_result,
    wrk_run,
)
from pg import DEFAULT_PG_URL, PostgresDatabase


def active_member(base: str, token: str) -> str:
    request = urllib.request.Request(
        f"{base}/api/networks/{NETWORK}/members?status=active&limit=1",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return str(json.load(answer)["items"][0]["ref"])


def measure(server: Server, mode: str, duration: float, extra: tuple[str, ...], token: str) -> Any:
    """One wrk run, with the server's CPU time over it (all its threads)."""
    assert server.proc is not None
    cpu0, t0 = process_cpu_s(server.proc.pid), time.monotonic()
    raw = wrk_run(
        server.base,
        mode,
        duration,
        threads=2,
        connections=20,
        tag=secrets.token_hex(3),
        token=token,
        extra=extra,
    )
    cpu1, t1 = process_cpu_s(server.proc.pid), time.monotonic()
    result = to_result(mode, raw)
    if cpu0 is not None and cpu1 is not None and result.requests:
        result.server_cpu_pct = round(100 * (cpu1 - cpu0) / (t1 - t0), 1)
        result.server_cpu_ms_per_req = round(1000 * (cpu1 - cpu0) / result.requests, 3)
    return result


def count_entries(base: str, token: str) -> int:
    request = urllib.request.Request(
        f"{base}/api/networks/{NETWORK}/contributions?limit=1",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(json.load(answer)["total"])


def bench(engine: str, duration: float, rounds: int, workdir: Path) -> dict[str, object]:
    db = SQLiteDatabase(False) if engine == "sqlite" else PostgresDatabase(DEFAULT_PG_URL, False)
    server = None
    try:
        db.create()
        env = {
            **os.environ,
            "RAVIV_DATABASE_URL": db.url,
            "RAVIV_ACCESS_LOG": "false",
            "RAVIV_DATA_DIR": str(getattr(db, "dir", workdir)),
        }
        raviv = Path(DEFAULT_RAVIV)
        run_checked([str(raviv), "db", "upgrade"], env, 120, "raviv db upgrade")
        run_checked([str(raviv), "demo"], env, 120, "raviv demo")
        token = run_checked(
            [str(raviv), "accounts", "token", f"camille@{NETWORK}.raviv.test", "--scope", "write"],
            env,
            60,
            "raviv accounts token",
        ).strip()
        server = Server(raviv, env, workdir)
        server.start()
        giver = active_member(server.base, token)
        today = datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
        for mode in ("ping", "contribute"):  # warm-up
            extra = (giver, today) if mode == "contribute" else ()
            measure(server, mode, 2, extra, token)
        before = count_entries(server.base, token)
        # The machine's speed drifts (a shared VM): the two endpoints are measured in turn,
        # several times, and compared by their medians.
        runs: dict[str, list[Any]] = {"ping": [], "contribute": []}
        for _ in range(rounds):
            runs["ping"].append(measure(server, "ping", duration, (), token))
            runs["contribute"].append(
                measure(server, "contribute", duration, (giver, today), token)
            )
        answered = sum(r.requests - r.non2xx for r in runs["contribute"])
        written = count_entries(server.base, token) - before
        ping_rps = statistics.median(r.rps for r in runs["ping"])
        rps = statistics.median(r.rps for r in runs["contribute"])
        p99 = statistics.median(r.p99_ms for r in runs["contribute"])
        cpu_ping = statistics.median(r.server_cpu_ms_per_req or 0 for r in runs["ping"])
        cpu = statistics.median(r.server_cpu_ms_per_req or 0 for r in runs["contribute"])
        non2xx = sum(r.non2xx for r in runs["contribute"])
        ratio = rps / ping_rps
        return {
            "engine": engine,
            "rounds": [
                {
                    "ping_rps": p.rps,
                    "contribute_rps": c.rps,
                    "contribute_p99_ms": c.p99_ms,
                    "ratio": round(c.rps / p.rps, 3),
                }
                for p, c in zip(runs["ping"], runs["contribute"], strict=True)
            ],
            "ping_rps": ping_rps,
            "contribute_rps": rps,
            "contribute_p99_ms": p99,
            "ping_cpu_ms_per_req": cpu_ping,
            "contribute_cpu_ms_per_req": cpu,
            "non2xx": non2xx,
            "entries_answered": answered,
            "entries_written": written,
            "ratio": round(ratio, 3),
            "cpu_ratio": round(cpu_ping / cpu, 3) if cpu else None,
            "target_holds": ratio >= TARGET_RATIO and p99 < TARGET_P99_MS and non2xx == 0,
        }
    finally:
        if server is not None:
            server.stop()
        db.drop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=float, default=5, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=3, help="ping/contribute pairs, medians kept")
    args = parser.parse_args()
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    workdir = Path(tempfile.mkdtemp(prefix="raviv-contribute-"))
    holds = True
    try:
        for engine in engines:
            result = bench(engine, args.duration, args.rounds, workdir)
            print(json.dumps(result))
            holds &= bool(result["target_holds"])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if holds else 1


if __name__ == "__main__":
    sys.exit(main())
