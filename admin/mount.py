"""The ``/admin`` mount: Piccolo Admin for the network's staff (docs/admin.md).

Built once when the application is made (:func:`admin_routes`), behind :mod:`admin.gate`:
raviv's own sign-in, a coordinator's network only, every change in the audit log. What the
admin shows and what it may change is :mod:`admin.tables`; its forms (jobs run by hand) are
:mod:`admin.forms`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import asgi
from litestar.handlers import ASGIRouteHandler
from piccolo.apps.user.tables import BaseUser
from piccolo_admin.endpoints import create_admin
from piccolo_api.session_auth.tables import SessionsBase

from admin.forms import FORMS
from admin.gate import AdminGate
from admin.tables import EXPOSED
from raviv.guard.policy import Rule
from raviv.settings import get_settings

#: The mount's rule for raviv's route check: the gate authenticates and authorizes every
#: request itself (raviv's session cookie; Piccolo Admin's CSRF token stands for raviv's
#: X-CSRF-Token, which its pages do not send).
GATED = {"access": Rule(public=True)}


def build_admin() -> AdminGate:
    """Piccolo Admin with raviv's tables and forms, behind the gate."""
    access = get_settings().access
    host = urlsplit(access.public_url).hostname or "127.0.0.1"
    piccolo_admin = create_admin(
        tables=[exposed.config for exposed in EXPOSED.values()],
        forms=FORMS,
        auth_table=BaseUser,
        session_table=SessionsBase,
        auto_include_related=False,
        page_size=25,
        site_name="raviv — administration",
        default_language_code="fr",
        production=access.cookie_secure,
        allowed_hosts=[host],
    )
    return AdminGate(piccolo_admin)


def admin_routes() -> list[ASGIRouteHandler]:
    """The ``/admin`` mount (the admin built now, once, not per request)."""
    gate = build_admin()

    @asgi("/admin", is_mount=True, copy_scope=True, opt=GATED)
    async def admin(scope: Any, receive: Any, send: Any) -> None:
        await gate(scope, receive, send)

    return [admin]
