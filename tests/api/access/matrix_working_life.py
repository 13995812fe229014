"""The route × role matrix for working groups, shared projects, meetings and attendance.

The world adds to raviv-idf: the working group ``petr`` (Karim's ``alize`` enrolled since
2025-01-01); the project ``festival`` led by alize with Mallory's ``basalte`` as partner, and
``residence`` led by basalte alone; the meeting ``m1`` of petr, today at 14:00, where alize was
present (2 people), with a check-in code; and ``m2``, a network meeting with no attendance yet.

Coordinators do everything; consultants and representatives read groups, projects and meetings;
a representative reads its own member's attendance line and calendar and checks its own member
in (a site administrator represents no member: the check-in refuses it); the federation's
coordinator gets 403, another network's 404, anonymous callers 401.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import httpx

from tests.api.access.matrix import NET, Case, N, coordinators_only, outcomes

GROUP = N + "/groups/{group_ref:str}"
PROJECT = N + "/projects/{project_ref:str}"
MEETING = N + "/meetings/{meeting_ref:str}"

READERS = outcomes(200, 200, 200, 200, 200, 403, 404, 401)

CHECK_IN = Case(
    "POST",
    MEETING + "/checkin",
    outcomes(403, 403, 200, 403, 403, 403, 404, 401),
    json={"code": "set by extend_world", "people": 2},
)

CASES: list[Case] = [
    # -- working groups
    Case(
        "POST",
        N + "/groups",
        coordinators_only(201),
        json={"ref": "communication", "name": "Communication"},
    ),
    Case("GET", N + "/groups", READERS),
    Case("GET", GROUP, READERS),
    Case("PATCH", GROUP, coordinators_only(200), json={"description": "Emploi partagé"}),
    Case("GET", GROUP + "/enrolments", READERS),
    Case(
        "POST",
        GROUP + "/enrolments",
        coordinators_only(201),
        json={"member": "basalte", "starts_on": "2025-02-01"},
    ),
    Case(
        "POST",
        GROUP + "/enrolments/{member_ref:str}/end",
        coordinators_only(200),
        json={"on": "2025-09-01"},
    ),
    Case("GET", GROUP + "/calendar.ics", READERS),
    # -- shared projects
    Case(
        "POST",
        N + "/projects",
        coordinators_only(201),
        json={"ref": "tournee", "name": "Tournée", "lead": "basalte", "starts_on": "2025-09-01"},
    ),
    Case("GET", N + "/projects", READERS),
    Case("GET", PROJECT, READERS),
    Case(
        "POST",
        PROJECT + "/partners",
        coordinators_only(201),
        url=NET + "/projects/residence/partners",
        json={"member": "alize"},
    ),
    Case(
        "DELETE",
        PROJECT + "/partners/{member_ref:str}",
        coordinators_only(204),
        url=NET + "/projects/festival/partners/basalte",
    ),
    # -- meetings
    Case(
        "POST",
        N + "/meetings",
        coordinators_only(201),
        json={
            "ref": "ag-2026",
            "title": "Assemblée générale 2026",
            "kind": "general_assembly",
            "mandatory": True,
            "date": "2026-06-13",
            "duration_hours": "3",
        },
    ),
    Case("GET", N + "/meetings", READERS),
    Case("GET", MEETING, READERS),
    # m1 has attendance, so it can no longer change: m2 has none.
    Case(
        "PATCH", MEETING, coordinators_only(200), url=NET + "/meetings/m2", json={"place": "Pantin"}
    ),
    # Representatives see only their own member's line (checked in test_working_life_api.py).
    Case("GET", MEETING + "/attendance", READERS),
    Case(
        "PUT",
        MEETING + "/attendance",
        coordinators_only(200),
        json={
            "attendance": [
                {"member": "alize", "people": 3},
                {"member": "basalte", "excused": True, "reason": "en tournée"},
            ]
        },
    ),
    Case("POST", MEETING + "/checkin-code", coordinators_only(201)),
    CHECK_IN,
    # -- a member's calendar: its own representative, not another member's
    Case(
        "GET",
        N + "/members/{member_ref:str}/calendar.ics",
        outcomes(200, 200, 200, 404, 200, 403, 404, 401),
    ),
]


async def extend_world(admin: httpx.AsyncClient, tokens: dict[str, str]) -> dict[str, str]:
    """Add to the matrix's world what these routes address; return the path values."""

    async def ok(response: httpx.Response) -> dict[str, str]:
        assert response.status_code < 300, response.text
        body: dict[str, str] = response.json()
        return body

    today = dt.datetime.now(ZoneInfo("Europe/Paris")).date()
    await ok(await admin.post(NET + "/groups", json={"ref": "petr", "name": "PETR"}))
    await ok(
        await admin.post(
            NET + "/groups/petr/enrolments", json={"member": "alize", "starts_on": "2025-01-01"}
        )
    )
    for ref, lead in (("festival", "alize"), ("residence", "basalte")):
        project = {"ref": ref, "name": ref.title(), "lead": lead, "starts_on": "2025-05-01"}
        await ok(await admin.post(NET + "/projects", json=project))
    await ok(await admin.post(NET + "/projects/festival/partners", json={"member": "basalte"}))
    meetings = (
        ("m1", "working_group", today.isoformat(), "petr"),
        ("m2", "board", (today + dt.timedelta(days=30)).isoformat(), None),
    )
    for ref, kind, day, group in meetings:
        meeting = {
            "ref": ref,
            "title": ref.upper(),
            "kind": kind,
            "date": day,
            "start_time": "14:00:00",
            "duration_hours": "1.5",
            "group": group,
        }
        await ok(await admin.post(NET + "/meetings", json=meeting))
    await ok(
        await admin.put(
            NET + "/meetings/m1/attendance",
            json={"attendance": [{"member": "alize", "people": 2}]},
        )
    )
    code = (await ok(await admin.post(NET + "/meetings/m1/checkin-code")))["code"]
    CHECK_IN.json = {"code": code, "people": 2}
    return {"group_ref": "petr", "project_ref": "festival", "meeting_ref": "m1"}
