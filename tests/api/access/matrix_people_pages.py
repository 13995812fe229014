"""The route × role matrix for the coordinator's people pages (raviv/web/member_pages.py,
people_pages.py, import_pages.py): coordinators only, as the API's routes they call. Another
network's coordinator gets 404, the other roles 403, someone not signed in the sign-in page
(303). Callers here send bearer tokens and JSON, not a form: a write with an empty form is
refused (422) and writes nothing; the revoking buttons post no field (303: done, as DELETE
answers 204). The forms themselves, CSRF: tests/web/test_member_pages.py and its siblings.
"""

from __future__ import annotations

import httpx

from tests.api.access.matrix import Case, outcomes

W = "/reseaux/{network_ref:str}"


def coordinating(ok: int) -> dict[str, int]:
    return outcomes(ok, ok, 403, 403, 403, 403, 404, 303)


CASES: list[Case] = [
    Case("GET", W + "/membres", coordinating(200)),
    Case("GET", W + "/membres/{member_ref:str}/parcours", coordinating(200)),
    Case("GET", W + "/reunions", coordinating(200)),
    Case("POST", W + "/reunions", coordinating(422), json={}),
    Case("GET", W + "/reunions/{meeting_ref:str}", coordinating(200)),
    # Issuing the check-in code (a new one replaces the last), shown on the answer.
    Case("POST", W + "/reunions/{meeting_ref:str}/code", coordinating(200), json={}),
    Case("POST", W + "/reunions/{meeting_ref:str}/presences", coordinating(422), json={}),
    Case("GET", W + "/procedures", coordinating(200)),
    Case("POST", W + "/procedures/{case_ref:str}/decision", coordinating(422), json={}),
    Case("GET", W + "/personnes", coordinating(200)),
    Case("POST", W + "/personnes/invitations", coordinating(422), json={}),
    Case("POST", W + "/personnes/roles/{grant_id:int}/revoquer", coordinating(303), json={}),
    Case(
        "POST",
        W + "/personnes/invitations/{invitation_id:int}/retirer",
        coordinating(303),
        json={},
    ),
    Case("GET", W + "/imports", coordinating(200)),
    Case("POST", W + "/imports/verifier", coordinating(422), json={}),
    Case("POST", W + "/imports/importer", coordinating(422), json={}),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    """The pages address what the other domains' worlds hold (a meeting, a case, a grant, an
    invitation): nothing to add."""
    del admin, tokens
    return {}
