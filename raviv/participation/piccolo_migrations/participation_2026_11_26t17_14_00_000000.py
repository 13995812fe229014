"""Keys of enforcement's tables, as indexes (SQLite cannot add constraints to a table later).

Unique: one reminder per member and day (two runs of the same day claim it once); a case's ref
in its network, and one case per member and period (opening cases is idempotent).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-26T17:14:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "enforcement keys"

UNIQUE = {
    "reminder_member_day": "ON reminder (network, member, day)",
    "enforcement_case_ref": "ON enforcement_case (network, ref)",
    "enforcement_case_member_period": "ON enforcement_case (network, member, period_start)",
}


class Reminder(Table, tablename="reminder"):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="participation", description=DESCRIPTION)

    async def create_indexes() -> None:
        for name, target in UNIQUE.items():
            await Reminder.raw(f"CREATE UNIQUE INDEX {name} {target}").run()

    async def drop_indexes() -> None:
        for name in UNIQUE:
            await Reminder.raw(f"DROP INDEX {name}").run()

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
