"""The route × role matrix for the web pages (raviv/web, docs/web.md).

The pages run the API's access check: a representative of another member gets 404, a role the
route does not admit 403 (an error page). Someone not signed in is sent to the sign-in page
(303), not answered 401. Callers here send bearer tokens and JSON, not a browser's cookie and
form: a write with an empty form is refused (422) and writes nothing; the sign-in page's own
form, without an address and password, answers 401. CSRF and the forms themselves:
tests/web/test_pages.py.
"""

from __future__ import annotations

import httpx

from tests.api.access.matrix import Case, outcomes, public

W = "/reseaux/{network_ref:str}"
WM = W + "/membres/{member_ref:str}"
PORTAL = outcomes(200, 200, 200, 404, 200, 403, 404, 303)
LOGGING = outcomes(200, 200, 200, 404, 403, 403, 404, 303)
COORDINATING = outcomes(200, 200, 403, 403, 403, 403, 404, 303)

CASES: list[Case] = [
    Case("GET", "/", public(200)),
    Case("POST", "/", public(401)),
    # Signing out revokes the caller's credential (here its token); anyone else goes to sign-in.
    Case("POST", "/deconnexion", public(303)),
    # Each role sent to its home; an account with no role there (the site administrator, the
    # federation's coordinator) gets the account page.
    Case("GET", "/compte", outcomes(200, 302, 302, 302, 302, 200, 302, 303)),
    Case("GET", WM, PORTAL),
    Case("GET", WM + "/historique", PORTAL),
    Case("GET", WM + "/contribuer", LOGGING),
    Case("POST", WM + "/contribuer", outcomes(422, 422, 422, 404, 403, 403, 404, 303), json={}),
    Case("GET", WM + "/estimation", LOGGING),
    Case("GET", W, outcomes(200, 200, 403, 403, 200, 403, 404, 303)),
    Case("GET", W + "/validation", COORDINATING),
    Case("POST", W + "/validation", outcomes(422, 422, 403, 403, 403, 403, 404, 303), json={}),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    """The pages address the world's network and member: nothing to add."""
    return {}
