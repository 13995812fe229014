"""Piccolo's configuration: the engine from the settings, and every app with tables.

Selected through ``PICCOLO_CONF=raviv.piccolo_conf`` (set by the ``raviv`` package on import),
so the ``piccolo`` command and the service always agree on the database.
"""

from piccolo.conf.apps import AppRegistry

from raviv.db import build_engine
from raviv.settings import get_settings

DB = build_engine(get_settings().database)

APP_REGISTRY = AppRegistry(
    apps=[
        "raviv.registry.piccolo_app",
        "raviv.access.piccolo_app",
        "raviv.ledger.piccolo_app",
        "raviv.participation.piccolo_app",
        "raviv.jobs.piccolo_app",
        "reports.piccolo_app",  # the pseudonym secrets of the DLA report
        "admin.piccolo_app",  # Piccolo Admin's shadow users and their sessions (admin/gate.py)
    ]
)
