import os

from piccolo.conf.apps import AppConfig

from raviv.access.tables import (
    AccessGeneration,
    Account,
    AttachmentRequest,
    AuditEntry,
    Credential,
    Grant,
    Invitation,
    LoginThrottle,
    PasswordReset,
)

APP_CONFIG = AppConfig(
    app_name="access",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[
        Account,
        Grant,
        Credential,
        Invitation,
        PasswordReset,
        LoginThrottle,
        AuditEntry,
        AccessGeneration,
        AttachmentRequest,
    ],
    migration_dependencies=["raviv.registry.piccolo_app"],
    commands=[],
)
