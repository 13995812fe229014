"""A member's ref is unique within its network.

Written by hand: Piccolo's ``Unique`` constraint is added with ALTER TABLE, which SQLite lacks;
a unique index does the same job on both engines.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-26T09:06:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique member ref per network"


class Member(Table, tablename="member"):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="registry", description=DESCRIPTION)

    async def create_index() -> None:
        await Member.raw("CREATE UNIQUE INDEX member_network_ref ON member (network, ref)").run()

    async def drop_index() -> None:
        await Member.raw("DROP INDEX member_network_ref").run()

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
