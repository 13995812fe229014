"""Benchmark: logging a contribution (POST /api/networks/demo/contributions) against GET /ping.

The ledger issue's target: contribution creation through the API at 25 % or more of the bare
endpoint's request rate, with a p99 under 50 ms at 20 connections, on SQLite and on PostgreSQL.
Same harness as `api_create.py` (fresh database, demo network, `raviv serve` on 127.0.0.1, wrk
with 2 threads and 20 connections): the entries are logged by Camille, the coordinator, so each
is validated at once with its value frozen, and audited.

    .venv/bin/python bench/api_contribute.py [--engine sqlite|postgres|both] [--duration 10]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import tempfile
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from api_create import (
    DEFAULT_PG_URL,
    DEFAULT_RAVIV,
    NETWORK,
    TARGET_P99_MS,
    TARGET_RATIO,
    PostgresDatabase,
    Server,
    SQLiteDatabase,
    run_checked,
    to_result,
    wrk_run,
)


def active_member(base: str, token: str) -> str:
    request = urllib.request.Request(
        f"{base}/api/networks/{NETWORK}/members?status=active&limit=1",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return str(json.load(answer)["items"][0]["ref"])


def bench(engine: str, duration: float, workdir: Path) -> dict[str, object]:
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
        common = {"threads": 2, "connections": 20, "token": token}
        results = {}
        for name, mode in (("GET /ping", "ping"), ("POST contributions", "contribute")):
            extra = (giver, today) if mode == "contribute" else ()
            wrk_run(server.base, mode, 2, tag="w", extra=extra, **common)  # warm-up
            raw = wrk_run(
                server.base, mode, duration, tag=secrets.token_hex(3), extra=extra, **common
            )
            results[name] = to_result(name, raw)
        bare, contribute = results["GET /ping"], results["POST contributions"]
        ratio = contribute.rps / bare.rps
        return {
            "engine": engine,
            "ping_rps": bare.rps,
            "contribute_rps": contribute.rps,
            "contribute_p50_ms": contribute.p50_ms,
            "contribute_p99_ms": contribute.p99_ms,
            "non2xx": contribute.non2xx,
            "statuses": contribute.statuses,
            "ratio": round(ratio, 3),
            "target_holds": ratio >= TARGET_RATIO
            and contribute.p99_ms < TARGET_P99_MS
            and contribute.non2xx == 0,
        }
    finally:
        if server is not None:
            server.stop()
        db.drop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=float, default=10)
    args = parser.parse_args()
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    workdir = Path(tempfile.mkdtemp(prefix="raviv-contribute-"))
    holds = True
    try:
        for engine in engines:
            result = bench(engine, args.duration, workdir)
            print(json.dumps(result))
            holds &= bool(result["target_holds"])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if holds else 1


if __name__ == "__main__":
    sys.exit(main())
