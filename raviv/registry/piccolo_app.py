import os

from piccolo.conf.apps import AppConfig

from raviv.registry.tables import Due, ImportMapping, Member, Membership, Network, Person, Tier

APP_CONFIG = AppConfig(
    app_name="registry",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Network, Member, Tier, Membership, Person, Due, ImportMapping],
    migration_dependencies=[],
    commands=[],
)
