"""The database side of backups: what it holds, the erasures it holds, and erasing again after a
restore what the erasure journal says was erased after the backup.

Everything here runs on the configured database through raviv's engine (the command opens it,
:func:`raviv.cli_support.run_with_database`), on both engines alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from raviv import erasure_journal
from raviv.access import gdpr
from raviv.db import fetch_tuples, get_engine, native_sql
from raviv.erasure_journal import Entry, utc_text


async def _read(columns: tuple[str, ...], template: str, *args: Any) -> list[dict[str, Any]]:
    """Rows of a read written with ``{}`` placeholders, as dicts of ``columns``. On a reader
    connection (SQLite) or from the pool: a backup never waits for the service's write lock."""
    sql = native_sql(template, get_engine().engine_type)
    return [dict(zip(columns, row, strict=True)) for row in await fetch_tuples(sql, args)]


#: Tables that say how the database is kept, not what it holds: a database whose other tables
#: are empty is empty (a database just made by ``raviv db upgrade`` holds these rows).
BOOKKEEPING = frozenset({"migration", "access_generation", "raviv_backup"})

#: Journal entries this much older than a backup are re-applied too: the clocks of the machine
#: that took the backup and of the one that erased may differ a little, and an entry the backup
#: already holds is found erased and left alone.
MARGIN = timedelta(minutes=5)


async def table_names() -> list[str]:
    """The tables of the configured database."""
    if get_engine().engine_type == "sqlite":
        rows = await _read(
            ("name",),
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
    else:
        rows = await _read(
            ("name",), "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
    return sorted(str(row["name"]) for row in rows)


#: Named first when a database holding data is refused: what an operator recognises.
_TELLING = ("network", "account", "member", "person", "contribution")


def _telling_first(name: str) -> tuple[int, str]:
    return (_TELLING.index(name) if name in _TELLING else len(_TELLING), name)


async def holding() -> list[str]:
    """The tables that hold a row, bookkeeping aside: none for an empty database."""
    holding = []
    for name in sorted(await table_names(), key=_telling_first):
        if name in BOOKKEEPING:
            continue
        quoted = '"' + name.replace('"', '""') + '"'
        if await _read(("one",), f"SELECT 1 FROM {quoted} LIMIT 1"):  # noqa: S608 - its own names
            holding.append(name)
    return holding


async def erased_records() -> list[Entry]:
    """One journal entry for every person and account the database holds erased, at the time
    it was erased."""
    names = set(await table_names())
    entries: list[Entry] = []
    if {"person", "network"} <= names:
        people = await _read(
            ("id", "created_at", "erased_at", "network"),
            "SELECT p.id, p.created_at, p.erased_at, n.ref FROM person p"
            " JOIN network n ON n.id = p.network WHERE p.erased_at IS NOT NULL ORDER BY p.id",
        )
        entries += [_entry("person", row, network=str(row["network"])) for row in people]
    if "account" in names:
        accounts = await _read(
            ("id", "created_at", "erased_at"),
            "SELECT id, created_at, erased_at FROM account WHERE erased_at IS NOT NULL ORDER BY id",
        )
        entries += [_entry("account", row) for row in accounts]
    return entries


def _entry(kind: erasure_journal.Kind, row: dict[str, Any], network: str | None = None) -> Entry:
    return Entry(
        at=datetime.fromisoformat(utc_text(row["erased_at"])),
        kind=kind,
        id=int(row["id"]),
        ref=f"efface-{row['id']}",
        created=utc_text(row["created_at"]),
        network=network,
    )


async def note_missing_erasures(path: Path | None = None) -> int:
    """Append to the journal (``path``: another than the configured one) every erasure the
    database holds and the journal lacks (a crash between an erasure's commit and its line, a
    journal that could not be written); how many."""
    journal = erasure_journal.read(path)
    missing = erasure_journal.missing(await erased_records(), journal)
    erasure_journal.append(missing, path)
    return len(missing)


@dataclass(frozen=True, slots=True)
class Replay:
    """What :func:`reapply` did with the journal's entries newer than a backup."""

    reapplied: int = 0  # erased again: the backup held them unerased
    already: int = 0  # the backup holds them erased already
    absent: int = 0  # the backup does not hold the record (created after it)
    unreadable: int = 0  # lines of the journal that are not entries (a torn last line)
    journal_found: bool = True


async def reapply(taken_at: datetime) -> Replay:
    """Erase again, through :mod:`raviv.access.gdpr`, every person and account the journal says
    was erased after ``taken_at`` (less :data:`MARGIN`). The caller sets the audited actor."""
    path = erasure_journal.journal_path()
    journal = erasure_journal.read(path)
    seen: set[tuple[str, int, str]] = set()
    reapplied = already = absent = 0
    for entry in journal.entries:
        if entry.at <= taken_at - MARGIN or entry.key in seen:
            continue
        seen.add(entry.key)
        if entry.kind == "person":
            rows = await _read(
                ("ref", "created_at", "erased_at", "network"),
                "SELECT p.ref, p.created_at, p.erased_at, n.ref FROM person p"
                " JOIN network n ON n.id = p.network WHERE p.id = {}",
                entry.id,
            )
        else:
            rows = await _read(
                ("email", "created_at", "erased_at"),
                "SELECT email, created_at, erased_at FROM account WHERE id = {}",
                entry.id,
            )
        # Another record may hold the id (the database handed it out again after a restore):
        # the time it was created tells them apart.
        if not rows or utc_text(rows[0]["created_at"]) != entry.created:
            absent += 1
            continue
        row = rows[0]
        if row["erased_at"] is not None:
            already += 1
            continue
        if entry.kind == "person":
            await gdpr.erase_person(str(row["network"]), str(row["ref"]))
        else:
            await gdpr.erase_account(str(row["email"]))
        reapplied += 1
    return Replay(
        reapplied=reapplied,
        already=already,
        absent=absent,
        unreadable=journal.unreadable,
        journal_found=path.exists(),
    )
