import os

from piccolo.conf.apps import AppConfig

from raviv.participation.tables import (
    Case,
    CaseAnswer,
    CaseDecision,
    DashboardFigures,
    EnforcementPolicy,
    EvaluationSnapshot,
    Exemption,
    Reminder,
    RuleSetVersion,
)

APP_CONFIG = AppConfig(
    app_name="participation",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[
        RuleSetVersion,
        Exemption,
        EvaluationSnapshot,
        EnforcementPolicy,
        Reminder,
        Case,
        CaseDecision,
        CaseAnswer,
        DashboardFigures,
    ],
    migration_dependencies=[
        "raviv.registry.piccolo_app",
        "raviv.access.piccolo_app",
        "raviv.ledger.piccolo_app",
    ],
    commands=[],
)
