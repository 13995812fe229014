"""The access generation: a row database triggers change whenever a caller's rights may have.

Triggers rather than code, so that no path can forget (the CLI, an import, an erasure, a
future feature): a credential or account changed or deleted; a role granted, changed or
revoked; a network created, moved under another or deleted (a federation role covers the
networks below it); a member's ref changed or a member deleted. New credentials need none: a
secret nobody used yet is in no process's cache. The new value is random, never a counter: a
rolled-back change then cannot bring back a value a process already saw. Row triggers on both
engines: a statement that changes no row (a refused revocation) changes nothing here either.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-26T14:38:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "access generation triggers"


#: table → the changes that matter, in each engine's trigger syntax.
WATCHED = {
    "credential": ("UPDATE", "DELETE"),
    "account": ("UPDATE", "DELETE"),
    "access_grant": ("INSERT", "UPDATE", "DELETE"),
    "network": ("INSERT", "UPDATE OF parent, ref", "DELETE"),
    "member": ("UPDATE OF ref", "DELETE"),
}

SQLITE_BUMP = (
    "INSERT OR REPLACE INTO access_generation (id, value) VALUES (1, lower(hex(randomblob(16))))"
)
POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION raviv_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO access_generation (id, value)
    VALUES (1, md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value;
    RETURN NULL;
END $$
"""


def _trigger_name(table: str, event: str) -> str:
    return f"access_changed_{table}_{event.split()[0].lower()}"


class AccessGeneration(Table, tablename="access_generation"):
    pass


async def _create_triggers() -> None:
    engine = AccessGeneration._meta.db.engine_type
    if engine == "postgres":
        await AccessGeneration.raw(POSTGRES_FUNCTION).run()
    for table, events in WATCHED.items():
        for event in events:
            name = _trigger_name(table, event)
            if engine == "postgres":
                sql = (
                    f"CREATE TRIGGER {name} AFTER {event} ON {table}"
                    " FOR EACH ROW EXECUTE FUNCTION raviv_access_changed()"
                )
            else:
                sql = f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {SQLITE_BUMP}; END"
            await AccessGeneration.raw(sql).run()
    await AccessGeneration.raw(
        "INSERT INTO access_generation (id, value) VALUES (1, 'initial')"
    ).run()


async def _drop_triggers() -> None:
    engine = AccessGeneration._meta.db.engine_type
    for table, events in WATCHED.items():
        for event in events:
            name = _trigger_name(table, event)
            on = f" ON {table}" if engine == "postgres" else ""
            await AccessGeneration.raw(f"DROP TRIGGER {name}{on}").run()
    if engine == "postgres":
        await AccessGeneration.raw("DROP FUNCTION raviv_access_changed()").run()


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="access", description=DESCRIPTION)
    manager.add_raw(_create_triggers)
    manager.add_raw_backwards(_drop_triggers)
    return manager
