"""PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore``.

The connection comes from ``RAVIV_DATABASE_URL`` through libpq's environment (``PGHOST``,
``PGPORT``, ``PGUSER``, ``PGPASSWORD``), never the command line, where any user of the machine
could read the password; ``--no-password`` makes a missing one fail rather than prompt.

The backup's time: pg_dump writes the time it started into the archive's header, before it
connects and takes its snapshot, so that time is never later than the data it holds. pg_dump
writes it in its local time, so it runs with ``TZ=UTC``, and ``pg_restore --list`` reads it back
under ``TZ=UTC`` too (and ``LC_ALL=C``, so that the words around it are English). The time is
inside the file (a rename keeps it), to the second, rounded down; nothing is written to the
live database to take a backup.

Restoring: ``pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error``
into the configured database: the backup's tables replace those of the same names, in one
transaction (a failure changes nothing). Tables of the database the backup does not hold (a
newer schema) are dropped first, so that what is left is the backup and nothing else.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

from raviv.backup.files import BackupError, BackupInfo
from raviv.settings import DatabaseSettings

#: How long a restore waits for other sessions to leave the database (a server just stopped)
SESSIONS_GRACE_S = 5.0

_CREATED = re.compile(r"^;\s+Archive created at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC\s*$", re.M)
_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", re.M)


def tool(name: str) -> str:
    """The path of a PostgreSQL client program: on PATH, or the newest under
    /usr/lib/postgresql/*/bin (Debian's layout); a refusal if there is none."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: [int(n) if n.isdigit() else 0 for n in p.parts[-3].split(".")],
    )
    if candidates:
        return str(candidates[-1])
    raise BackupError(
        f"{name} not found (on PATH or in /usr/lib/postgresql/*/bin): install PostgreSQL's "
        "client programs (Debian: apt-get install postgresql-client)"
    )


def environment(db: DatabaseSettings) -> dict[str, str]:
    """libpq's environment for the configured database: the password never on a command line."""
    env = {
        **os.environ,
        "PGHOST": db.host,
        "PGPORT": str(db.port),
        "PGDATABASE": db.database,
        "PGAPPNAME": "raviv-backup",
        "TZ": "UTC",
        "LC_ALL": "C",
    }
    if db.user:
        env["PGUSER"] = db.user
    if db.password:
        env["PGPASSWORD"] = db.password
    return env


def _run(args: Sequence[str], env: dict[str, str], what: str) -> str:
    try:
        done = subprocess.run(  # noqa: S603 - PostgreSQL's own programs, arguments of ours
            list(args), env=env, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise BackupError(f"cannot run {args[0]}: {exc.strerror}") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        errors = [line for line in lines if "error" in line.lower()] or lines or ["(no message)"]
        raise BackupError(f"{what}: {errors[0].strip()}")
    return done.stdout


def take(db: DatabaseSettings, partial: Path) -> None:
    """``pg_dump`` of the configured database into the new file ``partial``."""
    _run(
        [tool("pg_dump"), "--format=custom", "--no-password", f"--file={partial}"],
        environment(db),
        f"pg_dump of {db.display} failed",
    )


def _listing(path: Path) -> str:
    return _run(
        [tool("pg_restore"), "--list", str(path)],
        {**os.environ, "TZ": "UTC", "LC_ALL": "C"},
        f"{path} is not a raviv backup, or is damaged",
    )


def read(path: Path) -> BackupInfo:
    """A pg_dump archive's time, after checking it holds a raviv database; a refusal if not."""
    listing = _listing(path)
    created = _CREATED.search(listing)
    if created is None:
        raise BackupError(f"{path}: pg_restore shows no creation time for it")
    if "migration" not in tables(listing):
        raise BackupError(f"{path} is not a raviv backup: it holds no raviv database")
    taken_at = datetime.strptime(created[1], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    return BackupInfo(path=path, engine="postgres", taken_at=taken_at)


def tables(listing: str) -> set[str]:
    """The tables an archive's listing (``pg_restore --list``) creates, in the public schema."""
    return {name for schema, name in _TABLE.findall(listing) if schema == "public"}


async def _connect(db: DatabaseSettings) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(
            host=db.host,
            port=db.port,
            user=db.user or None,
            password=db.password or None,
            database=db.database,
            timeout=10,
            server_settings={"application_name": "raviv-restore"},
        )
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        raise BackupError(f"cannot connect to {db.display}: {exc}") from None


async def _other_sessions(db: DatabaseSettings) -> int:
    connection = await _connect(db)
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SESSIONS_GRACE_S
        while True:
            others = int(
                await connection.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                )
            )
            if others == 0 or loop.time() > deadline:
                return others
            await asyncio.sleep(0.2)
    finally:
        await connection.close()


def ensure_stopped(db: DatabaseSettings) -> None:
    """A refusal if other sessions use the database (the service is running)."""
    others = asyncio.run(_other_sessions(db))
    if others:
        raise BackupError(
            f"{others} other session(s) use {db.display}: stop the service (raviv serve, its "
            "workers) before restoring"
        )


async def _drop_tables_not_in(db: DatabaseSettings, keep: set[str]) -> list[str]:
    connection = await _connect(db)
    try:
        present = [
            row["tablename"]
            for row in await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        extra = [name for name in present if name not in keep]
        if extra:
            async with connection.transaction():
                for name in extra:
                    quoted = '"' + name.replace('"', '""') + '"'
                    await connection.execute(f"DROP TABLE IF EXISTS public.{quoted} CASCADE")
        return extra
    finally:
        await connection.close()


def _quoted(value: str) -> str:
    """A value of a libpq connection string, quoted."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def restore(path: Path, db: DatabaseSettings) -> list[str]:
    """Replace the configured database's tables by the backup's; the tables dropped that the
    backup does not hold."""
    dropped = asyncio.run(_drop_tables_not_in(db, tables(_listing(path))))
    _run(
        [
            tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            # As a connection string: a name is never read as one by mistake.
            f"--dbname=dbname={_quoted(db.database)}",
            str(path),
        ],
        environment(db),
        f"pg_restore into {db.display} failed (nothing of the backup was restored)",
    )
    return dropped
