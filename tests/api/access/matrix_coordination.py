"""The route × role matrix for the coordinator's pages of the rule and the network's settings
(raviv/web/rule_pages.py, raviv/web/settings_pages.py): coordinators only, as the API's writes.
A write with an empty form (these callers send JSON) is refused (422) and writes nothing. The
forms themselves and CSRF: tests/web/test_rule_pages.py, tests/web/test_settings_pages.py."""

from __future__ import annotations

import httpx

from tests.api.access.matrix import Case, outcomes
from tests.api.access.matrix_web import COORDINATING, W

REFUSED_FORM = outcomes(422, 422, 403, 403, 403, 403, 404, 303)

CASES: list[Case] = [
    Case("GET", W + "/regle", COORDINATING),
    Case("POST", W + "/regle", REFUSED_FORM, json={}),
    Case("GET", W + "/dispenses", COORDINATING),
    Case("POST", W + "/dispenses", REFUSED_FORM, json={}),
    Case("GET", W + "/cotisations", COORDINATING),
    Case("POST", W + "/cotisations", REFUSED_FORM, json={}),
    Case("GET", W + "/taux", COORDINATING),
    Case("POST", W + "/taux", REFUSED_FORM, json={}),
    Case("GET", W + "/groupes", COORDINATING),
    Case("POST", W + "/groupes", REFUSED_FORM, json={}),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    del admin, tokens
    return {}
