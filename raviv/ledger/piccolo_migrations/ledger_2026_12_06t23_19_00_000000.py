"""One row of cvn_account per network and form: a unique index.

Written by hand: SQLite cannot add a table constraint after the fact, and an index serves both
engines. The table is new in this release (the previous migration), so it is empty when the
index is built: nothing waits behind it.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-06T23:19:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "cvn_account: one row per network and form"


class CvnAccount(Table, tablename="cvn_account"):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="ledger", description=DESCRIPTION)

    async def create_index() -> None:
        await CvnAccount.raw(
            "CREATE UNIQUE INDEX cvn_account_network_form ON cvn_account (network, form)"
        ).run()

    async def drop_index() -> None:
        await CvnAccount.raw("DROP INDEX cvn_account_network_form").run()

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
