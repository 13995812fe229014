"""Backup files: which engine made one, when it was taken, where a new one goes, and the
refusals of a file that is not one.

A SQLite backup is a SQLite database holding, besides raviv's tables, a ``raviv_backup`` table
written into the copy (never into the live database) once the copy is made: the format, the
time, the version of raviv. A PostgreSQL backup is a ``pg_dump`` custom-format archive; its
time is the one pg_dump writes in the archive's header before it connects and takes its
snapshot (run in UTC, see :mod:`raviv.backup.postgres`). Either way the time is inside the file:
renaming or copying it loses nothing, and no sidecar file can be left behind or mixed up. The
file's default name carries the time too, for people.

The recorded time is taken *before* the snapshot the copy shows, never after: an erasure made
after it is re-applied by a restore; one made just before is found already done, which is
harmless.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

import click

Engine = Literal["sqlite", "postgres"]

FORMAT = "raviv-backup/1"
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
ENGINE_NAMES: dict[str, str] = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
EXTENSIONS: dict[str, str] = {"sqlite": "db", "postgres": "dump"}


class BackupError(click.ClickException):
    """A refusal or a failure of ``raviv backup`` or ``raviv restore``: one line, exit 1."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What a backup file says of itself."""

    path: Path
    engine: Engine
    taken_at: datetime  # UTC, no later than the snapshot the file holds


def when(moment: datetime) -> str:
    """A time as the commands print it: ``2026-12-05 10:00:03 UTC``."""
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def engine_of(path: Path) -> Engine:
    """The engine a backup file is for, from its first bytes; a refusal if it is no backup."""
    if path.is_dir():
        raise BackupError(f"{path} is a folder, not a backup file")
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except OSError as exc:
        raise BackupError(f"{path}: cannot read it ({exc.strerror})") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgres"
    raise BackupError(
        f"{path} is not a raviv backup: neither a SQLite database nor a pg_dump custom-format "
        "archive"
    )


def default_out(data_dir: Path, engine: Engine, moment: datetime) -> Path:
    """``<data dir>/backups/raviv-<engine>-<UTC time>.<ext>``."""
    stamp = moment.strftime("%Y%m%dT%H%M%SZ")
    return data_dir / "backups" / f"raviv-{engine}-{stamp}.{EXTENSIONS[engine]}"


def partial_path(out: Path) -> Path:
    """Where a backup is written before it is complete: beside ``out`` (so that publishing it is
    a rename on one file system), hidden, and never mistaken for a finished backup."""
    return out.with_name(f".{out.name}.partial")


def publish(partial: Path, out: Path) -> None:
    """Make a finished backup appear at ``out`` whole, or not at all: synced to disk first,
    then linked under its name (which fails rather than replace a file made meanwhile)."""
    os.chmod(partial, 0o600)  # it holds every piece of personal data of the installation
    descriptor = os.open(partial, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    try:
        os.link(partial, out)
    except FileExistsError:
        raise BackupError(f"{out} exists already: raviv backup never replaces a file") from None
    partial.unlink()
    folder = os.open(out.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def size_text(path: Path) -> str:
    """A file's size for people: ``812 bytes``, ``3.4 MB``."""
    size = float(path.stat().st_size)
    if size < 1000:
        return f"{int(size)} bytes"
    units = ["kB", "MB", "GB"]
    size /= 1000
    while size >= 1000 and len(units) > 1:
        size /= 1000
        units.pop(0)
    return f"{size:.1f} {units[0]}"
