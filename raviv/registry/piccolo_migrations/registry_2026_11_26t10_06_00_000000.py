"""Unique keys of the registry's second tables (as indexes: SQLite cannot add constraints later).

- a tier code, a person ref: unique within a network;
- a member has at most one open membership period (partial index, on both engines);
- one dues line per member and period.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-26T10:06:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "registry unique keys"

INDEXES = {
    "tier_network_code": "ON tier (network, code)",
    "person_network_ref": "ON person (network, ref)",
    "membership_one_open": "ON membership (member) WHERE ends_on IS NULL",
    "due_member_period": "ON due (member, period_start)",
}


class Member(Table, tablename="member"):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="registry", description=DESCRIPTION)

    async def create_indexes() -> None:
        for name, target in INDEXES.items():
            await Member.raw(f"CREATE UNIQUE INDEX {name} {target}").run()

    async def drop_indexes() -> None:
        for name in INDEXES:
            await Member.raw(f"DROP INDEX {name}").run()

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
