"""The route × role matrix for calendar feeds by secret link.

The world adds the working group ``agenda`` to raviv-idf, and the links Camille (coordinator)
got to alize's and agenda's feeds. Asking for a link follows the rule of the calendar it leads to
(a member's: coordinators, consultants, its own representative; a group's: every role of the
network); the feed itself is public: the link is the credential, whoever calls it and whatever
``Authorization`` it sends.
"""

from __future__ import annotations

import httpx

from raviv.access import service
from raviv.ledger.feed_controllers import Feed, feed_token
from tests.api.access.matrix import EMAILS, NET, Case, N, outcomes, public

MEMBER_FEED = Case(
    "GET",
    "/api/feeds/{network_ref:str}/members/{member_ref:str}/calendar.ics",
    public(200),
    params={"feed": "set by extend_world"},
)
GROUP_FEED = Case(
    "GET",
    "/api/feeds/{network_ref:str}/groups/{group_ref:str}/calendar.ics",
    public(200),
    url="/api/feeds/raviv-idf/groups/agenda/calendar.ics",
    params={"feed": "set by extend_world"},
)

CASES: list[Case] = [
    Case(
        "GET",
        N + "/members/{member_ref:str}/calendar-link",
        outcomes(200, 200, 200, 404, 200, 403, 404, 401),
    ),
    Case(
        "GET",
        N + "/groups/{group_ref:str}/calendar-link",
        outcomes(200, 200, 200, 200, 200, 403, 404, 401),
        url=NET + "/groups/agenda/calendar-link",
    ),
    MEMBER_FEED,
    GROUP_FEED,
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    """Add the group ``agenda`` and Camille's links; no path value of its own."""
    created = await admin.post(NET + "/groups", json={"ref": "agenda", "name": "Agenda"})
    assert created.status_code == 201, created.text
    camille = await service.account_id_by_email(EMAILS["coordinator"])
    assert camille is not None
    MEMBER_FEED.params = {"feed": feed_token(Feed.member, "raviv-idf", "alize", camille)}
    GROUP_FEED.params = {"feed": feed_token(Feed.group, "raviv-idf", "agenda", camille)}
    return {}
