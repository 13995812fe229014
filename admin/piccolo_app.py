"""The admin's own tables: Piccolo Admin's users and sessions (the shadow users of raviv's
accounts, admin/gate.py). Nobody signs in with them: they hold no usable password."""

import os

from piccolo.apps.user.tables import BaseUser
from piccolo.conf.apps import AppConfig
from piccolo_api.session_auth.tables import SessionsBase

APP_CONFIG = AppConfig(
    app_name="admin",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[BaseUser, SessionsBase],
    # after every app of raviv, like the reports' (one order of the apps for `raviv db status`)
    migration_dependencies=["raviv.registry.piccolo_app", "raviv.jobs.piccolo_app"],
    commands=[],
)
