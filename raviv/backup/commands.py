"""``raviv backup`` and ``raviv restore`` (assembled in :mod:`raviv.cli`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from raviv.backup.files import BackupError, BackupInfo, when

if TYPE_CHECKING:
    from raviv.backup.replay import Replay


@click.command("backup")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (never replaced); default: "
    "<data dir>/backups/raviv-<engine>-<UTC time>.db|.dump",
)
def backup(out: Path | None) -> None:
    """A consistent copy of the live database, taken while the service runs.

    SQLite: the online backup API (one snapshot, whatever the service writes meanwhile).
    PostgreSQL: pg_dump --format=custom (one snapshot). The time it was taken is kept inside
    the file. First, the erasure journal gets any erasure the database holds and it lacks.
    """
    from raviv import erasure_journal
    from raviv.backup import files, postgres, replay, sqlite
    from raviv.cli_support import run_with_database
    from raviv.settings import get_settings

    settings = get_settings()
    db = settings.database
    out = out or files.default_out(settings.data_dir, db.engine, datetime.now(UTC))
    if out.exists():
        raise BackupError(f"{out} exists already: raviv backup never replaces a file")
    if db.engine == "sqlite":
        assert db.sqlite_path is not None
        if not db.sqlite_path.is_file():
            raise BackupError(f"no database at {db.sqlite_path}")
        if out.resolve() == db.sqlite_path.resolve():
            raise BackupError(f"{out} is the database itself: give another --out")

    try:
        noted = run_with_database(replay.note_missing_erasures)
    except OSError as exc:
        raise BackupError(
            f"cannot write the erasure journal {erasure_journal.journal_path()}: {exc.strerror}"
        ) from None

    try:
        out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise BackupError(f"cannot make the folder {out.parent}: {exc.strerror}") from None
    partial = files.partial_path(out)
    partial.unlink(missing_ok=True)  # left by a backup that was interrupted
    try:
        if db.engine == "sqlite":
            assert db.sqlite_path is not None
            taken_at = sqlite.take(db.sqlite_path, partial, busy_timeout_ms=db.busy_timeout_ms)
        else:
            postgres.take(db, partial)
            taken_at = postgres.read(partial).taken_at
        files.publish(partial, out)
    except OSError as exc:
        raise BackupError(f"cannot write {out}: {exc.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
    click.echo(
        f"backup of {db.display} taken at {files.when(taken_at)}: {out} ({files.size_text(out)})"
    )
    if noted:
        click.echo(
            f"the erasure journal lacked {noted} erasure(s) the database holds: added to "
            f"{erasure_journal.journal_path()}"
        )


@click.command("restore")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds data.")
def restore(file: Path, force: bool) -> None:
    """Restore the backup FILE into the configured database.

    Stop the service first (raviv serve and its workers): restore refuses a database another
    process has open. The database must be empty (no tables, or only tables without rows, such
    as `raviv db upgrade` makes): a database holding data is refused unless --force, which
    replaces it whole. Migrations the backup predates are then applied, and every erasure the
    erasure journal holds from after the backup is made again (audited as `restore`).
    """
    from raviv import erasure_journal
    from raviv.backup import files, postgres, replay, sqlite
    from raviv.cli_support import run_with_database
    from raviv.settings import get_settings

    db = get_settings().database
    engine = files.engine_of(file)
    if engine != db.engine:
        raise BackupError(
            f"{file} is a {files.ENGINE_NAMES[engine]} file and the configured database "
            f"({db.display}) is {files.ENGINE_NAMES[db.engine]}: restore it into a "
            f"{files.ENGINE_NAMES[engine]} database (RAVIV_DATABASE_URL)"
        )
    info = sqlite.read(file) if engine == "sqlite" else postgres.read(file)

    if db.engine == "sqlite":
        assert db.sqlite_path is not None
        sqlite.ensure_stopped(db.sqlite_path)
        holding = run_with_database(replay.holding) if db.sqlite_path.exists() else []
    else:
        postgres.ensure_stopped(db)
        holding = run_with_database(replay.holding)
    if holding and not force:
        shown = ", ".join(holding[:4]) + (", …" if len(holding) > 4 else "")
        raise BackupError(
            f"the database {db.display} is not empty (rows in {shown}): restore replaces a "
            "database only with --force"
        )
    if holding:  # the erasures of the database about to go, kept for the next restores
        try:
            run_with_database(replay.note_missing_erasures)
        except OSError as exc:
            raise BackupError(
                f"cannot write the erasure journal {erasure_journal.journal_path()}: {exc.strerror}"
            ) from None

    if db.engine == "sqlite":
        assert db.sqlite_path is not None
        sqlite.copy_back(file, db.sqlite_path)
        dropped: list[str] = []
    else:
        dropped = postgres.restore(file, db)

    applied, replayed = run_with_database(lambda: _after_restore(info))
    replaced = " (it replaced the data there)" if holding else ""
    click.echo(
        f"restored {file} (taken at {files.when(info.taken_at)}) into {db.display}{replaced}"
    )
    if dropped:
        click.echo(f"dropped the table(s) the backup does not hold: {', '.join(dropped)}")
    if applied:
        click.echo(f"applied the migration(s) the backup predates: {', '.join(applied)}")
    _tell_replay(replayed, info.taken_at, erasure_journal.journal_path())


async def _after_restore(info: BackupInfo) -> tuple[list[str], Replay]:
    """Migrations the backup predates, then the erasures made after it, made again."""
    from raviv import migrations
    from raviv.backup import replay
    from raviv.guard.audit import Actor, acting_as, record

    # The backup may predate the code: erasing again runs today's code on today's schema.
    applied = await migrations.pending()
    try:
        await migrations.upgrade()
    except Exception as exc:  # the backup is in place; what follows it is not done
        raise BackupError(
            f"restored {info.path}, but the migrations it predates failed ({_first_line(exc)}): "
            "no erasure made after the backup is made again yet; once `raviv db upgrade` "
            "works, restore again with --force"
        ) from None
    try:
        with acting_as(Actor("restore")):
            replayed = await replay.reapply(info.taken_at)
            await record(
                "database.restore",
                object_type="backup",
                object_ref=info.path.name,
                detail=f"taken at {when(info.taken_at)}; "
                f"{replayed.reapplied} erasure(s) made again",
            )
    except Exception as exc:
        raise BackupError(
            f"restored {info.path}, but making again the erasures made after the backup failed "
            f"({_first_line(exc)}): restore again with --force"
        ) from None
    return applied, replayed


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" + ("" if number == 1 else "s")


def _tell_replay(replayed: Replay, taken_at: datetime, journal: Path) -> None:
    if not replayed.journal_found:
        click.echo(f"no erasure journal at {journal}: no erasure to make again")
        return
    click.echo(
        f"re-applied {_count(replayed.reapplied, 'erasure')} made after the backup "
        f"({when(taken_at)})"
    )
    if replayed.already:
        click.echo(f"  and found {_count(replayed.already, 'erasure')} the backup holds already")
    if replayed.absent:
        click.echo(
            f"  and skipped {_count(replayed.absent, 'erasure')} of people or accounts the "
            "backup does not hold (added after it)"
        )
    if replayed.unreadable:
        click.echo(f"  and skipped {_count(replayed.unreadable, 'unreadable line')} of {journal}")
