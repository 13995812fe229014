import os

from piccolo.conf.apps import AppConfig

from reports.tables import ReportSecret

APP_CONFIG = AppConfig(
    app_name="reports",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[ReportSecret],
    migration_dependencies=["raviv.registry.piccolo_app"],
    commands=[],
)
