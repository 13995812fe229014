"""SQLite: a consistent copy of the live database, and the copy back.

The copy uses SQLite's online backup API (:meth:`sqlite3.Connection.backup`) in one step: every
page is read inside one read transaction, so the copy is the database as one instant saw it,
whatever the service commits meanwhile (the database is in WAL mode: a reader never blocks the
writer, nor the writer the reader). The copy then gets its ``raviv_backup`` record and is
turned into a self-contained file (rollback journal, not WAL) and checked.

Restoring writes the backup over the configured database with the same API, holding an
exclusive lock on it: the lock cannot be had while any other process has the database open (a
running ``raviv serve`` keeps connections open), which is how ``raviv restore`` knows the
service is stopped; held until the copy is done, it keeps the service from starting meanwhile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote

from raviv.backup.files import FORMAT, BackupError, BackupInfo

INFO_TABLE = "raviv_backup"


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path.resolve()))}?mode={mode}"


def _has_table(connection: sqlite3.Connection, name: str) -> bool:
    row = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def _busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def take(source: Path, partial: Path, *, busy_timeout_ms: int) -> datetime:
    """Copy the live database at ``source`` into the new file ``partial``; the time recorded."""
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    try:
        live = sqlite3.connect(_uri(source, "rw"), uri=True, timeout=busy_timeout_ms / 1000)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open {source}: {exc}") from None
    with closing(live):
        try:
            if not _has_table(live, "migration"):
                raise BackupError(f"{source} is not a raviv database (run `raviv db upgrade`)")
            with closing(sqlite3.connect(partial)) as copy:
                taken_at = datetime.now(UTC)  # before the snapshot: never later than it
                live.backup(copy)  # all pages in one step: one read transaction, one snapshot
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"cannot copy {source}: {exc}") from None
    with closing(sqlite3.connect(partial, isolation_level=None)) as copy:
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        copy.execute("BEGIN")
        copy.execute(f"DROP TABLE IF EXISTS {INFO_TABLE}")
        copy.execute(f"CREATE TABLE {INFO_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        copy.executemany(
            f"INSERT INTO {INFO_TABLE} (key, value) VALUES (?, ?)",  # noqa: S608 - a constant
            [
                ("format", FORMAT),
                ("engine", "sqlite"),
                ("taken_at", taken_at.isoformat()),
                ("raviv_version", version("raviv")),
            ],
        )
        copy.execute("COMMIT")
        problem = copy.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise BackupError(f"the copy of {source} fails SQLite's check: {problem}")
    return taken_at


def read(path: Path) -> BackupInfo:
    """A SQLite backup's record, after checking the file is sound; a refusal otherwise."""
    try:
        connection = sqlite3.connect(_uri(path, "ro") + "&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open {path}: {exc}") from None
    with closing(connection):
        try:
            if not _has_table(connection, INFO_TABLE):
                raise BackupError(
                    f"{path} is not a raviv backup: a SQLite database without the record "
                    "`raviv backup` writes (a copy of a database is restored by copying it back)"
                )
            record = dict(connection.execute(f"SELECT key, value FROM {INFO_TABLE}").fetchall())  # noqa: S608
            problem = connection.execute("PRAGMA quick_check").fetchone()[0]
            holds_raviv = _has_table(connection, "migration")
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not a sound SQLite database: {exc}") from None
    if record.get("format") != FORMAT or record.get("engine") != "sqlite":
        raise BackupError(f"{path} is not a raviv backup this version reads ({FORMAT})")
    if problem != "ok":
        raise BackupError(f"{path} is damaged: {problem}")
    if not holds_raviv:
        raise BackupError(f"{path} is not a raviv backup: it holds no raviv database")
    try:
        taken_at = datetime.fromisoformat(record["taken_at"]).astimezone(UTC)
    except (KeyError, ValueError):
        raise BackupError(f"{path}: its backup record has no readable time") from None
    return BackupInfo(path=path, engine="sqlite", taken_at=taken_at)


@contextmanager
def exclusive(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection holding the database at ``path`` exclusively (made if missing), or a
    refusal naming the reason: another process has it open."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=0)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open {path}: {exc}") from None
    with closing(connection):
        try:
            connection.execute("PRAGMA busy_timeout = 0")
            # In WAL mode, an exclusive locking mode needs every other connection gone: a
            # server's idle connections are enough to refuse it.
            connection.execute("PRAGMA locking_mode = EXCLUSIVE")
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
            connection.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if _busy(exc):
                raise BackupError(
                    f"the database {path} is in use by another process: stop the service "
                    "(raviv serve, its workers) before restoring"
                ) from None
            raise BackupError(f"{path} is not a database raviv can restore into: {exc}") from None
        yield connection


def ensure_stopped(path: Path) -> None:
    """A refusal if another process has the database open (the service is running)."""
    if path.exists():
        with exclusive(path):
            pass


def copy_back(backup: Path, path: Path) -> None:
    """Replace the database at ``path`` by the backup, whole, under an exclusive lock."""
    with (
        exclusive(path) as target,
        closing(sqlite3.connect(_uri(backup, "ro") + "&immutable=1", uri=True)) as source,
    ):
        # Out of WAL first: a WAL database only takes pages of its own size from a backup.
        target.execute("PRAGMA journal_mode = DELETE")
        try:
            source.backup(target)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"cannot restore into {path}: {exc}") from None
        target.execute(f"DROP TABLE IF EXISTS {INFO_TABLE}")  # the backup's record, not data
        problem = target.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":  # pragma: no cover - the backup was checked before
            raise BackupError(f"the restored database fails SQLite's check: {problem}")
