"""Many clients logging contributions at once through a real server, with retries: every entry
acknowledged is in the database once, and nothing answers 5xx. (The 200-client, 30-second run
is `bench/ledger_concurrency.py`; this is the same load, bounded small enough for the suite.)"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import httpx

from bench.ledger_concurrency import load
from tests.e2e.test_cli_and_server import run_raviv, serving


def test_forty_clients_with_retries_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    db = tmp_path / "charge.db"
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{db}", "RAVIV_DATA_DIR": str(tmp_path)}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    assert run_raviv("demo", "--members", "12", env=env).returncode == 0
    token = run_raviv(
        "accounts", "token", "camille@demo.raviv.test", "--scope", "write", env=env
    ).stdout.strip()
    with serving(env) as base:
        members = httpx.get(
            f"{base}/api/networks/demo/members?status=active",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()["items"]
        givers = [m["ref"] for m in members]
        # Bounded by count, not time: 40 clients × 4 entries, one in ten sent twice.
        tally = asyncio.run(load(base, token, givers, 40, 0, entries_per_client=4))
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT idempotency_key, ref FROM contribution WHERE idempotency_key IS NOT NULL"
        ).fetchall()
    assert tally.created, "the load logged nothing"
    assert not [s for s in tally.statuses if s >= 500]
    assert tally.replay_mismatch == 0
    in_db: dict[str, list[str]] = {}
    for key, ref in rows:
        in_db.setdefault(key, []).append(ref)
    assert all(len(refs) == 1 for refs in in_db.values())  # no key logged twice
    assert all(in_db.get(key) == [ref] for key, ref in tally.created.items())  # none lost
    # A row nobody was told about can only come from a request whose answer never arrived.
    assert set(in_db) - set(tally.created) <= tally.unanswered
