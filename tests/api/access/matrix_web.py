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
OWN_ONLY = outcomes(200, 403, 200, 404, 403, 403, 404, 303)
FOLLOW_UP = outcomes(200, 200, 200, 404, 403, 403, 404, 303)
COORDINATING_WRITE = outcomes(422, 422, 403, 403, 403, 403, 404, 303)
ATTESTATION = outcomes(303, 303, 303, 404, 403, 403, 404, 303)


def signed_in_page(ok: int) -> dict[str, int]:
    return outcomes(ok, ok, ok, ok, ok, ok, ok, 303)


SIGNED_IN_PAGE = signed_in_page(200)

CASES: list[Case] = [
    Case("GET", "/", public(200)),
    Case("POST", "/", public(401)),
    # Signing out revokes the caller's credential (here its token); anyone else goes to sign-in.
    Case("POST", "/deconnexion", public(303)),
    # Each role sent to its home (the federation's coordinator to its networks' page); an
    # account with no role there (the site administrator) gets the account page.
    Case("GET", "/compte", outcomes(200, 302, 302, 302, 302, 302, 302, 303)),
    Case("GET", WM, PORTAL),
    Case("GET", WM + "/historique", PORTAL),
    # The member's balance: its own reciprocity, read as the API's member reciprocity is.
    Case("GET", WM + "/equilibre", PORTAL),
    Case("GET", WM + "/contribuer", LOGGING),
    Case("POST", WM + "/contribuer", outcomes(422, 422, 422, 404, 403, 403, 404, 303), json={}),
    Case("GET", WM + "/estimation", LOGGING),
    # The portal's extras (raviv/web/portal.py): confirming and checking in are the member's own
    # representatives' (as on the API); an empty form is refused (422) and writes nothing.
    Case("GET", WM + "/a-confirmer", OWN_ONLY),
    Case("POST", WM + "/a-confirmer", outcomes(422, 403, 422, 404, 403, 403, 404, 303), json={}),
    Case("GET", WM + "/reunions", PORTAL),
    Case(
        "POST",
        WM + "/reunions/{meeting_ref:str}/presence",
        outcomes(422, 403, 422, 404, 403, 403, 404, 303),
        json={},
    ),
    Case("GET", WM + "/suivi", FOLLOW_UP),
    Case(
        "POST",
        WM + "/suivi/{case_ref:str}/reponse",
        outcomes(422, 422, 422, 404, 403, 403, 404, 303),
        json={},
    ),
    Case("POST", WM + "/attestation", ATTESTATION, json={}),
    # The world's job is a DLA report, not an attestation: no such page (404), or not readable.
    Case(
        "GET",
        WM + "/attestation/{job_id:int}",
        outcomes(404, 404, 403, 404, 403, 403, 404, 303),
    ),
    # The account pages (raviv/web/account.py): the mailed links without a token are dead links
    # (410); the settings' forms, empty, are refused (422).
    Case("GET", "/invitation", public(410)),
    Case("POST", "/invitation", public(410), json={}),
    Case("GET", "/mot-de-passe-oublie", public(200)),
    Case("POST", "/mot-de-passe-oublie", public(422), json={}),
    Case("GET", "/reset-password", public(410)),
    Case("POST", "/reset-password", public(410), json={}),
    Case("GET", "/compte/parametres", SIGNED_IN_PAGE),
    Case("POST", "/compte/parametres/mot-de-passe", signed_in_page(422), json={}),
    Case("POST", "/compte/parametres/jetons", signed_in_page(422), json={}),
    Case("POST", "/compte/parametres/langue", signed_in_page(422), json={}),
    Case(
        "POST",
        "/compte/parametres/jetons/{token_id:int}/revoquer",
        # Karim's spare token: only Karim may revoke it; for anyone else it does not exist.
        outcomes(404, 404, 303, 404, 404, 404, 404, 303),
    ),
    Case("GET", "/compte/donnees-personnelles", SIGNED_IN_PAGE),
    Case("GET", W + "/validation", COORDINATING),
    Case("POST", W + "/validation", outcomes(422, 422, 403, 403, 403, 403, 404, 303), json={}),
    # The reports (raviv/web/report_pages.py): read by coordinators and consultants, asked for by
    # coordinators (an empty form names no period offered: 422, nothing queued); the world's job
    # is a DLA report.
    Case("GET", W + "/rapports", outcomes(200, 200, 403, 403, 200, 403, 404, 303)),
    Case("POST", W + "/rapports", COORDINATING_WRITE, json={}),
    Case("GET", W + "/rapports/{job_id:int}", outcomes(200, 200, 403, 403, 200, 403, 404, 303)),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    """The pages address the world's network and member: nothing to add."""
    return {}
