"""Migrations, run by ``raviv db upgrade`` on the suite's engine:

- every migration forward from an empty database, building the schema the tables declare;
- from release v0.1.0 with the demo network in it (tests/data/v0.1.0/, made by v0.1.0's own code:
  docs/development.md says how to make it again): the upgraded database has the schema of a new
  one, exports the network exactly as v0.1.0 did, and takes a write;
- on PostgreSQL, a migration that waits for a lock held by another session gives up after
  ``RAVIV_MIGRATION_LOCK_TIMEOUT_S``, applying nothing, with one clear line, and a reader queued
  behind it waits no longer than that;
- :func:`raviv.migrations.create_index_concurrently` builds its index on both engines.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from piccolo.apps.migrations.tables import Migration
from piccolo.conf.apps import Finder

from bench.pg import PostgresDatabase
from raviv.db import get_engine
from raviv.migrations import create_index_concurrently
from tests.e2e.test_cli_and_server import RAVIV, run_raviv
from tests.figures import record

SERVER_URL = os.environ.get("RAVIV_TEST_DATABASE_URL", "").strip()
ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests/data/v0.1.0"
RELEASE = json.loads((FIXTURE / "schema.json").read_text())

# What migrations added since v0.1.0 legitimately add to `raviv export network`: a path in the
# export (list items as []) -> the migration and why. Nothing yet.
ADDED_SINCE_V010: dict[str, str] = {}


@dataclass
class Database:
    """An empty database on the suite's engine: a SQLite file, or a new PostgreSQL database."""

    env: dict[str, str]
    sqlite: Path | None = None
    postgres: PostgresDatabase | None = None

    def load(self, sql: str) -> None:
        """Run a SQL script in it (a dump)."""
        if self.sqlite is not None:
            with sqlite3.connect(self.sqlite) as connection:
                connection.executescript(sql)
            return
        assert self.postgres is not None
        asyncio.run(_execute(self.postgres.url, sql))

    def schema(self) -> dict[str, Any]:
        """Tables with their columns, indexes and constraints, as the engine describes them."""
        if self.sqlite is not None:
            with sqlite3.connect(self.sqlite) as connection:
                objects = connection.execute(
                    "SELECT type, name, tbl_name, sql FROM sqlite_master "
                    "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
                ).fetchall()
                columns = {
                    table: [
                        row[1]
                        for row in connection.execute(f'PRAGMA table_info("{table}")').fetchall()
                    ]
                    for kind, table, _, _ in objects
                    if kind == "table"
                }
            return {"objects": objects, "columns": columns}
        assert self.postgres is not None
        return asyncio.run(_postgres_schema(self.postgres.url))


async def _execute(url: str, sql: str) -> None:
    import asyncpg

    script = "\n".join(line for line in sql.splitlines() if not line.startswith("\\"))
    connection = await asyncpg.connect(url, timeout=10)
    try:
        await connection.execute(script)
    finally:
        await connection.close()


async def _postgres_schema(url: str) -> dict[str, Any]:
    import asyncpg

    connection = await asyncpg.connect(url, timeout=10)
    try:
        described = await connection.fetch(
            "SELECT table_name, column_name, data_type, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = 'public' "
            "ORDER BY table_name, ordinal_position"
        )
        indexes = await connection.fetch(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = 'public' ORDER BY tablename, indexname"
        )
        constraints = await connection.fetch(
            "SELECT conrelid::regclass::text AS on_table, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
            "ORDER BY 1, 2"
        )
    finally:
        await connection.close()
    columns: dict[str, list[str]] = {}
    for row in described:
        columns.setdefault(row["table_name"], []).append(row["column_name"])
    return {
        "columns": columns,
        "described": [tuple(row) for row in described],
        "indexes": [tuple(row) for row in indexes],
        "constraints": [tuple(row) for row in constraints],
    }


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Database]:
    if SERVER_URL:
        postgres = PostgresDatabase(SERVER_URL, keep=False)
        postgres.create()
        env = {"RAVIV_DATABASE_URL": postgres.url, "RAVIV_DATA_DIR": str(tmp_path)}
        try:
            yield Database(env, postgres=postgres)
        finally:
            postgres.drop()
    else:
        path = tmp_path / "raviv.db"
        env = {"RAVIV_DATABASE_URL": f"sqlite:///{path}", "RAVIV_DATA_DIR": str(tmp_path)}
        yield Database(env, sqlite=path)


def _declared() -> dict[str, set[str]]:
    """Every table the code declares, with its columns."""
    return {
        table._meta.tablename: {column._meta.db_column_name for column in table._meta.columns}
        for table in Finder().get_table_classes()
    }


def _applied(output: str) -> list[str]:
    if "already up to date" in output:
        return []
    return output.split("migration(s): ", 1)[1].strip().split(", ")


def test_every_migration_runs_forward_from_an_empty_database_to_the_declared_schema(
    empty: Database,
) -> None:
    started = time.monotonic()
    done = run_raviv("db", "upgrade", env=empty.env)
    assert done.returncode == 0, done.stderr
    elapsed = time.monotonic() - started
    applied = _applied(done.stdout)
    files = [
        p
        for p in [
            *(ROOT / "raviv").glob("*/piccolo_migrations/*.py"),
            *(ROOT / "reports").glob("piccolo_migrations/*.py"),  # the report's own app
            *(ROOT / "admin").glob("piccolo_migrations/*.py"),  # Piccolo Admin's users, sessions
        ]
        if p.name != "__init__.py"
    ]
    assert len(applied) == len(files)
    columns = empty.schema()["columns"]
    declared = _declared()
    assert {table: set(columns[table]) for table in declared} == declared
    # Piccolo's record of them, and on PostgreSQL procrastinate's queue (raviv/jobs/pg.py)
    queue = {t for t in columns if t.startswith("procrastinate_")}
    assert bool(queue) == (empty.sqlite is None)
    assert set(columns) - set(declared) - queue == {"migration"}
    again = run_raviv("db", "upgrade", env=empty.env)
    assert "already up to date" in again.stdout
    record(
        f"migrations: {len(applied)} applied to an empty database in {elapsed:.1f} s, "
        f"{len(declared)} tables as declared"
    )


def _without(document: Any, path: list[str]) -> None:
    """Remove the field at ``path`` (``[]`` for every item of a list) from ``document``."""
    head, rest = path[0], path[1:]
    items = document if head == "[]" else [document]
    for item in items:
        if head == "[]":
            if rest:
                _without(item, rest)
        elif rest:
            if head in item:
                _without(item[head], rest)
        else:
            item.pop(head, None)


def _export(env: dict[str, str]) -> Any:
    done = run_raviv("export", "network", "demo", env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@contextmanager
def _another(empty: Database, tmp_path: Path) -> Iterator[Database]:
    """A second empty database on the same engine."""
    if empty.sqlite is not None:
        path = tmp_path / "another.db"
        yield Database({**empty.env, "RAVIV_DATABASE_URL": f"sqlite:///{path}"}, sqlite=path)
        return
    postgres = PostgresDatabase(SERVER_URL, keep=False)
    postgres.create()
    try:
        yield Database({**empty.env, "RAVIV_DATABASE_URL": postgres.url}, postgres=postgres)
    finally:
        postgres.drop()


def test_the_v0_1_0_demo_network_upgrades_to_the_same_schema_and_exports_unchanged(
    empty: Database, tmp_path: Path
) -> None:
    engine = "sqlite" if empty.sqlite is not None else "postgresql"
    with _another(empty, tmp_path) as fresh:
        done = run_raviv("db", "upgrade", env=fresh.env)
        assert done.returncode == 0, done.stderr
        every = _applied(done.stdout)
        new_schema = fresh.schema()

    empty.load((FIXTURE / f"{engine}.sql").read_text(encoding="utf-8"))
    status = run_raviv("db", "status", "--json", env=empty.env)
    pending = json.loads(status.stdout)["pending"]
    assert pending == [name for name in every if name not in RELEASE["migrations"]]
    started = time.monotonic()
    done = run_raviv("db", "upgrade", env=empty.env)
    assert done.returncode == 0, done.stderr
    elapsed = time.monotonic() - started
    assert _applied(done.stdout) == pending
    assert empty.schema() == new_schema  # the schema a new database gets

    # The network exports as v0.1.0 exported it (less what a new migration adds, said above).
    stored = json.loads((FIXTURE / "network-demo.json").read_text(encoding="utf-8"))
    exported = _export(empty.env)
    for path in ADDED_SINCE_V010:
        _without(exported, path.replace("[]", ".[]").split("."))
    assert exported == stored

    # And it takes a write: one contribution, imported from a file.
    lines = tmp_path / "une-ligne.csv"
    lines.write_text(
        "Donneur;Bénéficiaire;Forme;Quantité;Unité;Date;Note\n"
        "constance-blanchet;réseau;temps;2;heures;10/03/2026;Après la mise à jour\n",
        encoding="utf-8",
    )
    written = run_raviv("import", "contributions", "--network", "demo", str(lines), env=empty.env)
    assert written.returncode == 0, written.stderr
    assert "created 1" in written.stdout
    after = _export(empty.env)
    added = [c for c in after["contributions"] if c.get("note") == "Après la mise à jour"]
    assert len(after["contributions"]) == len(stored["contributions"]) + 1
    assert [(c["giver"], c["quantity"], c["date"]) for c in added] == [
        ({"member": "constance-blanchet"}, "2", "2026-03-10")
    ]
    record(
        f"migrations from v0.1.0 ({engine}, demo network of {len(stored['members'])} members, "
        f"{len(stored['contributions'])} contributions): {len(pending)} applied in "
        f"{elapsed:.1f} s, schema as a new database's, export unchanged, a write taken"
    )


@pytest.mark.skipif(
    not SERVER_URL, reason="PostgreSQL only: lock_timeout is PostgreSQL's (RAVIV_TEST_DATABASE_URL)"
)
def test_a_migration_waiting_for_a_lock_gives_up_in_time_applying_nothing(empty: Database) -> None:
    assert empty.postgres is not None
    url = empty.postgres.url
    env = {**empty.env, "RAVIV_MIGRATION_LOCK_TIMEOUT_S": "2"}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    # The last access migration (a column added to login_throttle) pending again:
    migration = "2026-12-06T14:30:00:000000"
    empty.load(
        "ALTER TABLE login_throttle DROP COLUMN window_started_at;"
        "DELETE FROM migration WHERE app_name = 'access' AND name = '2026-12-06T14:30:00:000000';"
    )

    async def scenario() -> tuple[subprocess.CompletedProcess[str], float, float]:
        import asyncpg

        holder = await asyncpg.connect(url)  # a long transaction that read the table
        reader = await asyncpg.connect(url)  # a request that comes while the upgrade waits
        try:
            await holder.execute("BEGIN; SELECT count(*) FROM login_throttle")
            started = time.monotonic()
            upgrading = asyncio.create_task(
                asyncio.to_thread(
                    subprocess.run,
                    [RAVIV, "db", "upgrade"],
                    env={**os.environ, **env},
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=False,
                )
            )
            await _until_waiting(reader)
            read_at = time.monotonic()
            await reader.fetchval("SELECT count(*) FROM login_throttle")
            waited = time.monotonic() - read_at
            done = await upgrading
            return done, time.monotonic() - started, waited
        finally:
            await holder.close()
            await reader.close()

    done, elapsed, waited = asyncio.run(scenario())
    assert done.returncode == 1
    message = done.stderr.strip()
    assert f"migration access:{migration} gave up after waiting 2 s for a lock" in message
    assert "nothing of it was applied" in message
    assert "Traceback" not in done.stderr
    assert len(message.splitlines()) == 1
    status = json.loads(run_raviv("db", "status", "--json", env=env).stdout)
    assert status["pending"] == [f"access:{migration}"]
    assert (
        empty.postgres.fetchval(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'login_throttle' AND column_name = 'window_started_at'"
        )
        == 0
    )
    # The lock released, the same command applies it.
    again = run_raviv("db", "upgrade", env=env)
    assert again.returncode == 0, again.stderr
    assert f"access:{migration}" in again.stdout
    record(
        f"migrations: an upgrade behind a held lock gave up in {elapsed:.1f} s "
        f"(lock_timeout 2 s, applying nothing); a read queued behind it waited {waited:.1f} s; "
        "run again once the lock was released, it applied"
    )
    assert waited < 4


async def _until_waiting(observer: Any) -> None:
    """Until some session waits for a lock (the upgrade's ALTER TABLE)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        waiting = await observer.fetchval(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        if waiting:
            return
        await asyncio.sleep(0.05)
    pytest.fail("the upgrade never waited for the lock")


async def test_create_index_concurrently_builds_the_index_on_either_engine(
    database: None,
) -> None:
    await create_index_concurrently("contribution", "contribution_probe", ["note", "date"])
    try:
        if get_engine().engine_type == "postgres":
            rows = await Migration.raw(
                "SELECT indexdef AS sql FROM pg_indexes WHERE indexname = 'contribution_probe'"
            ).run()
        else:
            rows = await Migration.raw(
                "SELECT sql FROM sqlite_master WHERE name = 'contribution_probe'"
            ).run()
        assert "(note, date)" in rows[0]["sql"]
        # Again: nothing to do (an upgrade run twice, or after a failure, goes through).
        await create_index_concurrently("contribution", "contribution_probe", ["note", "date"])
    finally:
        await Migration.raw("DROP INDEX IF EXISTS contribution_probe").run()
    with pytest.raises(ValueError, match="not a plain SQL name"):
        await create_index_concurrently("contribution; DROP TABLE x", "i", ["note"])
