"""Applying Piccolo migrations from code (the ``raviv db`` commands and the test set-up)."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.check import CheckMigrationManager
from piccolo.apps.migrations.commands.forwards import run_forwards


class MigrationError(RuntimeError):
    """Migrations could not be applied."""


async def upgrade(*, quiet: bool = True) -> None:
    """Apply every migration not yet applied, for every app. Safe to run again."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output) if quiet else contextlib.nullcontext():
        response = await run_forwards(app_name="all", migration_id="all", fake=False)
    if not response.success:
        raise MigrationError(response.message or output.getvalue())


async def pending() -> list[str]:
    """The ids of migrations not yet applied, in order, as ``app:migration_id``."""
    manager = CheckMigrationManager(app_name="all")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        statuses = await manager.get_migration_statuses()
    return [f"{s.app_name}:{s.migration_id}" for s in statuses if not s.has_ran]
