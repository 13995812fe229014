import os

from piccolo.conf.apps import AppConfig

from raviv.ledger.tables import (
    Attendance,
    Contribution,
    CvnAccount,
    Enrolment,
    Meeting,
    ProjectPartner,
    Rate,
    SharedProject,
    ValuationPolicy,
    WorkingGroup,
)

APP_CONFIG = AppConfig(
    app_name="ledger",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[
        Rate,
        ValuationPolicy,
        CvnAccount,
        WorkingGroup,
        Enrolment,
        SharedProject,
        ProjectPartner,
        Meeting,
        Attendance,
        Contribution,
    ],
    migration_dependencies=["raviv.registry.piccolo_app", "raviv.access.piccolo_app"],
    commands=[],
)
