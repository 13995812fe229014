"""PostgreSQL for the benchmarks, and for the tests that borrow them: a throwaway database made
on a server for one run and dropped after it.

Every bench script that runs on PostgreSQL uses this module (``api_create.py``,
``api_contribute.py``, ``ledger_concurrency.py``, ``evaluate_rules.py``, ``reciprocity.py``,
``import_members.py``), and so do the suite's crash and contract proofs
(``tests/e2e/test_crash_and_load.py``, ``tests/contract/test_schemathesis.py``). A script run as
``python bench/<script>.py`` imports it as ``pg`` (its folder comes first on ``sys.path``); the
tests import it as ``bench.pg``.

    db = PostgresDatabase("postgresql://postgres@127.0.0.1:5432/test")
    db.create()            # CREATE DATABASE raviv_bench_<random> on that server
    try:
        ...                # RAVIV_DATABASE_URL=db.url
    finally:
        db.drop()          # DROP DATABASE ... WITH (FORCE); kept with keep=True

The server is named by the URL of any database on it (``RAVIV_BENCH_PG_URL``, by default the
local ``test`` database): the admin statements run connected to that one.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
from typing import Any

DEFAULT_PG_URL = os.environ.get("RAVIV_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
CONNECT_TIMEOUT_S = 10


class PostgresError(RuntimeError):
    """The PostgreSQL server could not make (or reach) the bench's database."""


async def _execute(url: str, sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url, timeout=CONNECT_TIMEOUT_S)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def _fetchval(url: str, sql: str) -> Any:
    import asyncpg

    connection = await asyncpg.connect(url, timeout=CONNECT_TIMEOUT_S)
    try:
        return await connection.fetchval(sql)
    finally:
        await connection.close()


def admin(sql: str, server_url: str = DEFAULT_PG_URL) -> None:
    """Run one statement (``CREATE DATABASE``, ``DROP DATABASE``…) connected to ``server_url``."""
    asyncio.run(_execute(server_url, sql))


def fetchval(url: str, sql: str) -> Any:
    """The first value of the first row ``sql`` answers in the database ``url``."""
    return asyncio.run(_fetchval(url, sql))


def database_url(server_url: str, name: str) -> str:
    """The URL of the database ``name`` on the server of ``server_url`` (same user, host, port)."""
    return f"{server_url.rpartition('/')[0]}/{name}"


class PostgresDatabase:
    """A new, empty database ``raviv_bench_<random>`` on the server of ``admin_url``.

    ``create()`` makes it (:class:`PostgresError` if it cannot); ``drop()`` removes it, even with
    clients still connected, and only warns on failure, so that cleaning up never hides the error
    that stopped a run. With ``keep`` it is left in place for inspection, and named on stderr.
    """

    engine = "postgres"

    def __init__(self, admin_url: str = DEFAULT_PG_URL, keep: bool = False) -> None:
        self.admin_url = admin_url
        self.keep = keep
        self.name = f"raviv_bench_{secrets.token_hex(4)}"
        self.url = database_url(admin_url, self.name)
        self.created = False

    def create(self) -> None:
        try:
            admin(f'CREATE DATABASE "{self.name}"', self.admin_url)
        except Exception as exc:
            raise PostgresError(
                f"cannot create {self.name} via {self.admin_url}: {exc!r}"
            ) from None
        self.created = True

    def drop(self) -> None:
        if not self.created:
            return
        if self.keep:
            print(f"  kept database {self.name}", file=sys.stderr, flush=True)
            return
        try:
            admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', self.admin_url)
        except Exception as exc:  # cleanup reports, never masks the real error
            print(f"  warning: could not drop {self.name}: {exc!r}", file=sys.stderr, flush=True)
        self.created = False

    def fetchval(self, sql: str) -> Any:
        """The first value ``sql`` answers in this database."""
        return fetchval(self.url, sql)

    def count_members(self) -> int:
        """The rows of the ``member`` table (a database that answers this is up and migrated)."""
        return int(self.fetchval("SELECT count(*) FROM member"))
