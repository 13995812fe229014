"""Keys of the rule's tables, as indexes (SQLite cannot add constraints to a table later).

Unique: a rule set's ref, and its first day, within its network (two versions starting the same
day would leave the rule in effect ambiguous); one exemption per member and period.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-26T15:12:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "participation keys"

UNIQUE = {
    "rule_set_network_ref": "ON rule_set (network, ref)",
    "rule_set_network_from": "ON rule_set (network, effective_from)",
    "exemption_member_period": "ON exemption (member, period_start)",
}


class RuleSetVersion(Table, tablename="rule_set"):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="participation", description=DESCRIPTION)

    async def create_indexes() -> None:
        for name, target in UNIQUE.items():
            await RuleSetVersion.raw(f"CREATE UNIQUE INDEX {name} {target}").run()

    async def drop_indexes() -> None:
        for name in UNIQUE:
            await RuleSetVersion.raw(f"DROP INDEX {name}").run()

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
