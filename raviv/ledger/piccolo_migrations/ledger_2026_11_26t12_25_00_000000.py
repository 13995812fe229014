"""Keys of the ledger's tables, as indexes (SQLite cannot add constraints to a table later).

Unique:
- a working group's, shared project's, meeting's and entry's ref, within its network;
- one rate per form, category and first day;
- a member has at most one open enrolment per group (partial index, on both engines);
- a member is a project's partner once, appears once in a meeting's attendance;
- an entry is reversed at most once;
- an idempotency key is used once per network and account.

Plain: entries and meetings by network and date, the ledger's usual range scans.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-26T12:25:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "ledger keys"

UNIQUE = {
    "rate_network_form_from": "ON rate (network, form, category, effective_from)",
    "working_group_network_ref": "ON working_group (network, ref)",
    "enrolment_one_open": "ON enrolment (working_group, member) WHERE ends_on IS NULL",
    "shared_project_network_ref": "ON shared_project (network, ref)",
    "project_partner_once": "ON project_partner (project, member)",
    "meeting_network_ref": "ON meeting (network, ref)",
    "attendance_once": "ON attendance (meeting, member)",
    "contribution_network_ref": "ON contribution (network, ref)",
    "contribution_reversed_once": "ON contribution (reverses) WHERE reverses IS NOT NULL",
    "contribution_idempotency": (
        "ON contribution (network, created_by, idempotency_key)"
        " WHERE idempotency_key IS NOT NULL"
    ),
}
PLAIN = {
    "contribution_network_date": "ON contribution (network, date)",
    "meeting_network_date": "ON meeting (network, date)",
}


class Contribution(Table, tablename="contribution"):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="ledger", description=DESCRIPTION)

    async def create_indexes() -> None:
        for name, target in UNIQUE.items():
            await Contribution.raw(f"CREATE UNIQUE INDEX {name} {target}").run()
        for name, target in PLAIN.items():
            await Contribution.raw(f"CREATE INDEX {name} {target}").run()

    async def drop_indexes() -> None:
        for name in [*UNIQUE, *PLAIN]:
            await Contribution.raw(f"DROP INDEX {name}").run()

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
