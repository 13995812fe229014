import os

from piccolo.conf.apps import AppConfig

from raviv.registry.tables import Member, Network

APP_CONFIG = AppConfig(
    app_name="registry",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Network, Member],
    migration_dependencies=[],
    commands=[],
)
