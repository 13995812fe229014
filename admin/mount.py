"""The ``/admin`` mount: Piccolo Admin for the network's staff (docs/admin.md).

Behind :mod:`admin.gate`: raviv's own sign-in, a coordinator's network only, every change in the
audit log. What the admin shows and what it may change is :mod:`admin.tables`; its forms (jobs
run by hand) are :mod:`admin.forms`.

Built once per process, when the first request reaches ``/admin``, in a thread: Piccolo Admin
and its FastAPI applications take about two seconds to import and build, which every start of
the service (each worker, each restart) would otherwise pay, and which must not hold the event
loop. The requests that arrive meanwhile wait for the same build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import anyio
import anyio.to_thread
from litestar import asgi
from litestar.handlers import ASGIRouteHandler

from raviv.guard.policy import Rule
from raviv.settings import get_settings

if TYPE_CHECKING:
    from admin.gate import AdminGate

#: The mount's rule for raviv's route check: the gate authenticates and authorizes every
#: request itself (raviv's session cookie; Piccolo Admin's CSRF token stands for raviv's
#: X-CSRF-Token, which its pages do not send).
GATED = {"access": Rule(public=True)}


def build_admin() -> AdminGate:
    """Piccolo Admin with raviv's tables and forms, behind the gate."""
    from piccolo.apps.user.tables import BaseUser
    from piccolo_admin.endpoints import create_admin
    from piccolo_api.session_auth.tables import SessionsBase

    from admin.forms import FORMS
    from admin.gate import AdminGate
    from admin.tables import EXPOSED

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
    """The ``/admin`` mount; the admin itself is built by its first request."""
    built: list[AdminGate] = []
    building = anyio.Lock()

    @asgi("/admin", is_mount=True, copy_scope=True, opt=GATED)
    async def admin(scope: Any, receive: Any, send: Any) -> None:
        if not built:
            async with building:
                if not built:
                    built.append(await anyio.to_thread.run_sync(build_admin))
        await built[0](scope, receive, send)

    return [admin]
