import os

from piccolo.conf.apps import AppConfig

from reports.tables import ReportSecret

APP_CONFIG = AppConfig(
    app_name="reports",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[ReportSecret],
    # after every app of raviv (jobs comes last): reports sit above them all, and a single
    # order of the apps keeps `raviv db status` and `raviv db upgrade` listing them alike
    migration_dependencies=["raviv.registry.piccolo_app", "raviv.jobs.piccolo_app"],
    commands=[],
)
