"""One evaluation snapshot per network, period and day: the daily run can be repeated."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-26T15:17:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one snapshot a day"


class EvaluationSnapshot(Table, tablename="evaluation_snapshot"):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="participation", description=DESCRIPTION)

    async def create_index() -> None:
        await EvaluationSnapshot.raw(
            "CREATE UNIQUE INDEX evaluation_snapshot_day"
            " ON evaluation_snapshot (network, period_start, day)"
        ).run()

    async def drop_index() -> None:
        await EvaluationSnapshot.raw("DROP INDEX evaluation_snapshot_day").run()

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
