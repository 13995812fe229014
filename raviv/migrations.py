"""Applying Piccolo migrations from code (the ``raviv db`` commands and the test set-up).

Piccolo's own runner applies a migration in a transaction, then records it in another: a crash
between the two leaves it applied and unrecorded, and the next upgrade fails on it. Here each
migration and its record are one transaction, applied in Piccolo's order (apps by their
dependencies, then migration ids). On PostgreSQL that transaction starts with ``SET LOCAL
lock_timeout`` (``RAVIV_MIGRATION_LOCK_TIMEOUT_S``): a migration that waits for a table's lock
(behind a long request or a report) gives up after that long, applying nothing, instead of
queueing every request on that table behind its own wait. The rules for migrations that run on a
live database are in docs/development.md ("Migrations on a live database").

A migration that cannot run in a transaction (``wrap_in_transaction=False``: an index built
``CONCURRENTLY``) runs as it is, then is recorded; :func:`create_index_concurrently` is its step.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Sequence
from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.apps.migrations.commands.base import BaseMigrationManager
from piccolo.apps.migrations.commands.check import CheckMigrationManager
from piccolo.apps.migrations.tables import Migration
from piccolo.conf.apps import MigrationModule
from piccolo.engine.postgres import PostgresEngine

from raviv.settings import get_settings

__all__ = ["MigrationError", "create_index_concurrently", "pending", "upgrade"]

_LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for lock_timeout (and NOWAIT)
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class MigrationError(RuntimeError):
    """Migrations could not be applied."""


async def upgrade(*, quiet: bool = True) -> list[str]:
    """Apply every migration not yet applied, for every app, each with its record in one
    transaction. Safe to run again. Returns the ``app:migration_id`` applied, in order; raises
    :class:`MigrationError` naming the migration that failed (those before it stay applied)."""
    runner = BaseMigrationManager()
    await runner.create_migration_table()
    applied = []
    for app_name in runner.get_sorted_app_names():
        app_config = runner.get_app_config(app_name)
        if app_config is None:  # pragma: no cover - listed by the same registry
            continue
        modules = runner.get_migration_modules(app_config.resolved_migrations_folder_path)
        ran = set(await Migration.get_migrations_which_ran(app_name=app_name))
        for migration_id in sorted(set(runner.get_migration_ids(modules)) - ran):
            output = io.StringIO()  # Piccolo prints its progress
            with contextlib.redirect_stdout(output) if quiet else contextlib.nullcontext():
                await _apply(app_name, migration_id, modules[migration_id])
            applied.append(f"{app_name}:{migration_id}")
    return applied


async def _apply(app_name: str, migration_id: str, module: MigrationModule) -> None:
    name = f"{app_name}:{migration_id}"
    engine = Migration._meta.db  # the engine of raviv.piccolo_conf, as every table's
    try:
        manager = await module.forwards()
        if isinstance(manager, MigrationManager) and not manager.wrap_in_transaction:
            if not manager.fake:
                await manager.run()
            await _record(app_name, migration_id)
            return
        async with engine.transaction():
            if isinstance(engine, PostgresEngine):
                seconds = get_settings().database.migration_lock_timeout_s
                await Migration.raw(f"SET LOCAL lock_timeout = '{int(seconds)}s'").run()
            if isinstance(manager, MigrationManager) and not manager.fake:
                await manager.run()  # its own transaction is this one
            await _record(app_name, migration_id)
    except Exception as exc:
        if getattr(exc, "sqlstate", None) == _LOCK_NOT_AVAILABLE:
            seconds = get_settings().database.migration_lock_timeout_s
            raise MigrationError(
                f"migration {name} gave up after waiting {seconds} s for a lock on a table it "
                "changes, held by another session (a long transaction or request); nothing of "
                "it was applied. Run `raviv db upgrade` again, at a quieter time or with a "
                "longer RAVIV_MIGRATION_LOCK_TIMEOUT_S"
            ) from exc
        raise MigrationError(f"migration {name} failed, nothing of it was applied: {exc}") from exc


async def _record(app_name: str, migration_id: str) -> None:
    await Migration.insert(Migration(name=migration_id, app_name=app_name)).run()


async def pending() -> list[str]:
    """The ids of migrations not yet applied, in order, as ``app:migration_id``."""
    manager = CheckMigrationManager(app_name="all")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        statuses = await manager.get_migration_statuses()
    return [f"{s.app_name}:{s.migration_id}" for s in statuses if not s.has_ran]


async def create_index_concurrently(
    table: str, name: str, columns: Sequence[str], *, unique: bool = False
) -> None:
    """Build an index on a table that already holds data without stopping its writes: the raw
    step of a migration declared ``MigrationManager(..., wrap_in_transaction=False)``.

    PostgreSQL: ``CREATE INDEX CONCURRENTLY IF NOT EXISTS`` on a connection of its own, with the
    migrations' ``lock_timeout``; if it fails, the half-built (invalid) index is dropped, so the
    upgrade can simply be run again. SQLite: a plain ``CREATE INDEX IF NOT EXISTS`` (one writer
    at a time is SQLite's way anyway)."""
    for identifier in (table, name, *columns):
        if not _NAME.fullmatch(identifier):
            raise ValueError(f"not a plain SQL name: {identifier!r}")
    kind = "UNIQUE INDEX" if unique else "INDEX"
    target = f"{name} ON {table} ({', '.join(columns)})"
    engine = Migration._meta.db
    if not isinstance(engine, PostgresEngine):
        await Migration.raw(f"CREATE {kind} IF NOT EXISTS {target}").run()
        return
    seconds = get_settings().database.migration_lock_timeout_s
    connection: Any = await engine.get_new_connection()
    try:
        await connection.execute(f"SET lock_timeout = '{int(seconds)}s'")
        try:
            await connection.execute(f"CREATE {kind} CONCURRENTLY IF NOT EXISTS {target}")
        except BaseException:
            await connection.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            raise
    finally:
        await connection.close()
