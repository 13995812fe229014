from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-26T14:37:41:867279"
VERSION = "1.38.0"
DESCRIPTION = "access generation"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="access", description=DESCRIPTION
    )

    manager.add_table(
        class_name="AccessGeneration",
        tablename="access_generation",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="AccessGeneration",
        tablename="access_generation",
        column_name="value",
        db_column_name="value",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 32,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
