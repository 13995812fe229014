"""procrastinate's tables, on PostgreSQL only: the queue the job workers take jobs from there
(raviv/jobs/pg.py). SQLite needs none: the ``job`` table is its queue.

procrastinate's own schema, as its package ships it, applied once. A later procrastinate
release that changes it brings its migration scripts (procrastinate/sql/migrations): they get
a raviv migration of their own, like this one.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table
from procrastinate.schema import SchemaManager

ID = "2026-12-06T22:56:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "procrastinate's schema (PostgreSQL)"


class Job(Table, tablename="job"):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="jobs", description=DESCRIPTION)

    async def apply_schema() -> None:
        engine = Job._meta.db
        if engine.engine_type != "postgres":
            return
        found = await Job.raw("SELECT to_regclass('procrastinate_jobs') IS NOT NULL AS here").run()
        if found[0]["here"]:
            return
        transaction = engine.current_transaction.get()
        if transaction is not None:
            await transaction.connection.execute(SchemaManager.get_schema())
            return
        connection = await engine.get_new_connection()
        try:
            await connection.execute(SchemaManager.get_schema())
        finally:
            await connection.close()

    manager.add_raw(apply_schema)
    return manager
