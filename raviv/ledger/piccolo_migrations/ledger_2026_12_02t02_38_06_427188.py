from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import ForeignKey

ID = "2026-12-02T02:38:06:427188"
VERSION = "1.38.0"
DESCRIPTION = "contribution.network: no index of its own"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="ledger", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="Contribution",
        tablename="contribution",
        column_name="network",
        db_column_name="network",
        params={"index": False},
        old_params={"index": True},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    return manager
