"""Working life over HTTP: groups, projects, meetings, attendance, check-in and calendar feeds.

Camille coordinates ``raviv-idf``; Karim represents ``alize``, Mallory ``basalte`` (both members
since 2024-01-01); Sophie reads the network as a consultant. Who may call which route is the
route matrix's business (tests/api/access); here: what the routes do, what they refuse and how.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar

from raviv.access.tables import AuditEntry, LoginThrottle
from raviv.ledger.tables import (
    Attendance,
    Enrolment,
    Meeting,
    ProjectPartner,
    SharedProject,
    WorkingGroup,
)
from tests.personas import (
    CAMILLE,
    KARIM,
    MALLORY,
    SOPHIE,
    Clients,
    bearer_token,
    client_as,
    persona_clients,
)

NET = "/api/networks/raviv-idf"
GROUPS = NET + "/groups"
PROJECTS = NET + "/projects"
MEETINGS = NET + "/meetings"


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Paris")).date()


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


@pytest.fixture
async def people(db: None) -> AsyncIterator[Clients]:
    admin = client_as(await bearer_token("admin@raviv.test", site_admin=True))
    await ok(await admin.post("/api/networks", json={"ref": "raviv-idf", "name": "RAVIV"}), 201)
    for ref, name in (("alize", "Compagnie Alizé"), ("basalte", "Ensemble Basalte")):
        await ok(
            await admin.post(
                NET + "/members", json={"ref": ref, "name": name, "joined_on": "2024-01-01"}
            ),
            201,
        )
    opened = {"admin": admin, **await persona_clients("raviv-idf", CAMILLE, KARIM, MALLORY, SOPHIE)}
    yield opened
    for http in opened.values():
        await http.aclose()


@pytest.fixture
async def petr(people: Clients) -> Clients:
    """The PETR working group, Karim's member enrolled since 2025-01-01, and its meeting m1
    today at 14:00 (1.5 h)."""
    camille = people["camille"]
    await ok(await camille.post(GROUPS, json={"ref": "petr", "name": "PETR"}), 201)
    await ok(
        await camille.post(
            GROUPS + "/petr/enrolments", json={"member": "alize", "starts_on": "2025-01-01"}
        ),
        201,
    )
    await ok(
        await camille.post(
            MEETINGS,
            json={
                "ref": "m1",
                "title": "Réunion du PETR",
                "kind": "working_group",
                "date": today().isoformat(),
                "start_time": "14:00:00",
                "duration_hours": "1.5",
                "group": "petr",
            },
        ),
        201,
    )
    return people


async def rows() -> tuple[int, ...]:
    tables = (WorkingGroup, Enrolment, SharedProject, ProjectPartner, Meeting, Attendance)
    return tuple([await t.count().run() for t in tables])


def meeting_body(**changes: Any) -> dict[str, Any]:
    base = {"ref": "m2", "title": "x", "kind": "board", "date": "2025-01-01", "duration_hours": "1"}
    return base | changes


def problem(response: httpx.Response, status: int, field: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert field in [e["field"] for e in body.get("errors", [])], body
    return body


# -- what the routes do ---------------------------------------------------------------------------


async def test_camille_runs_a_meeting_and_records_who_came(petr: Clients) -> None:
    camille = petr["camille"]
    group = await ok(await camille.get(GROUPS + "/petr"))
    assert (group["name"], group["enrolled"]) == ("PETR", 1)
    listed = await ok(
        await camille.put(
            MEETINGS + "/m1/attendance",
            json={
                "attendance": [
                    {"member": "alize", "people": 2},
                    {"member": "basalte", "excused": True, "reason": "en tournée"},
                ]
            },
        )
    )
    assert listed["counts"] == {
        "members_present": 1,
        "people_present": 2,
        "members_excused": 1,
        "person_hours": "3",
    }
    assert listed["attendance"][0] == {
        "member": "alize",
        "people": 2,
        "excused": False,
        "reason": "",
        "person_hours": "3",
    }
    meeting = await ok(await camille.get(MEETINGS + "/m1"))
    assert (meeting["duration_hours"], meeting["start_time"]) == ("1.5", "14:00:00")
    assert meeting["attendance"]["people_present"] == 2
    # Attendance is recorded: the meeting is history now.
    refused = await camille.patch(MEETINGS + "/m1", json={"title": "Autre"})
    assert refused.status_code == 409


async def test_a_duration_sent_as_a_json_number_stays_exact(people: Clients) -> None:
    created = await ok(
        await people["camille"].post(
            MEETINGS,
            json={
                "ref": "ag",
                "title": "AG",
                "kind": "general_assembly",
                "mandatory": True,
                "date": "2025-06-14",
                "duration_hours": 2.125,
            },
        ),
        201,
    )
    assert (created["duration_hours"], created["group"], created["start_time"]) == (
        "2.125",
        None,
        None,
    )


async def test_meetings_are_filtered_by_query(petr: Clients) -> None:
    camille = petr["camille"]
    await ok(
        await camille.post(
            MEETINGS,
            json={
                "ref": "ag",
                "title": "AG",
                "kind": "general_assembly",
                "mandatory": True,
                "date": "2025-06-14",
                "duration_hours": "3",
            },
        ),
        201,
    )

    async def refs(**params: str) -> list[str]:
        page = await ok(await camille.get(MEETINGS, params=params))
        return [m["ref"] for m in page["items"]]

    assert await refs() == ["ag", "m1"]
    assert await refs(**{"from": "2025-06-14", "to": "2025-06-15"}) == ["ag"]
    assert await refs(to="2025-06-14") == []
    assert await refs(kind="general_assembly") == ["ag"]
    assert await refs(mandatory="true") == ["ag"]
    assert await refs(group="petr") == ["m1"]
    problem(await camille.get(MEETINGS, params={"kind": "pique-nique"}), 400, "kind")
    problem(await camille.get(MEETINGS, params={"from": "14/06/2025"}), 400, "from")


async def test_un_enrolling_and_reading_the_enrolments(petr: Clients) -> None:
    camille = petr["camille"]
    closed = await ok(
        await camille.post(GROUPS + "/petr/enrolments/alize/end", json={"on": "2025-07-01"})
    )
    assert closed == {
        "group": "petr",
        "member": "alize",
        "starts_on": "2025-01-01",
        "ends_on": "2025-07-01",
        "facilitator": False,
    }
    assert (await ok(await camille.get(GROUPS + "/petr")))["enrolled"] == 0
    listed = await ok(await petr["sophie"].get(GROUPS + "/petr/enrolments"))
    assert [e["ends_on"] for e in listed] == ["2025-07-01"]


async def test_a_project_gains_and_loses_a_partner(people: Clients) -> None:
    camille = people["camille"]
    await ok(
        await camille.post(
            PROJECTS,
            json={
                "ref": "festival",
                "name": "Festival mutualisé",
                "lead": "alize",
                "starts_on": "2025-05-01",
                "ends_on": "2025-10-01",
            },
        ),
        201,
    )
    added = await ok(
        await camille.post(PROJECTS + "/festival/partners", json={"member": "basalte"}), 201
    )
    assert (added["lead"], added["partners"]) == ("alize", ["basalte"])
    await ok(await camille.delete(PROJECTS + "/festival/partners/basalte"), 204)
    listed = await ok(await people["karim"].get(PROJECTS))
    assert [(p["ref"], p["partners"]) for p in listed["items"]] == [("festival", [])]


# -- what the routes refuse -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"),
    [
        ("POST", GROUPS, {"ref": "petr", "name": "PETR", "chef": "alize"}, 400, "chef"),
        ("POST", GROUPS, {"ref": "Petr!", "name": "PETR"}, 400, "ref"),
        ("POST", GROUPS, {"ref": "petr2", "name": ""}, 400, "name"),
        ("POST", GROUPS, {"ref": "petr", "name": "Encore"}, 409, "ref"),
        ("PATCH", GROUPS + "/petr", {"name": ""}, 400, "name"),
        ("PATCH", GROUPS + "/petr", {"ref": "autre"}, 400, "ref"),
        ("POST", GROUPS + "/petr/enrolments", {"member": "alize"}, 400, "starts_on"),
        (
            "POST",
            GROUPS + "/petr/enrolments",
            {"member": "x", "starts_on": "2025-02-01"},
            422,
            "member",
        ),
        (
            "POST",
            GROUPS + "/petr/enrolments",
            {"member": "alize", "starts_on": "2025-02-01"},
            409,
            "starts_on",
        ),
        ("POST", GROUPS + "/petr/enrolments/alize/end", {"on": "2024-12-31"}, 422, "on"),
        (
            "POST",
            PROJECTS,
            {"ref": "p", "name": "P", "lead": "zephyr", "starts_on": "2025-01-01"},
            422,
            "lead",
        ),
        ("POST", MEETINGS, {"ref": "m2", "title": "x", "kind": "picnic"}, 400, "kind"),
        (
            "POST",
            MEETINGS,
            meeting_body(duration_hours="abc"),
            400,
            "duration_hours",
        ),
        (
            "POST",
            MEETINGS,
            meeting_body(duration_hours="0.0001"),
            422,
            "duration_hours",
        ),
        (
            "POST",
            MEETINGS,
            meeting_body(start_time="14h"),
            400,
            "start_time",
        ),
        (
            "POST",
            MEETINGS,
            meeting_body(link="javascript:alert(1)"),
            400,
            "link",
        ),
        (
            "POST",
            MEETINGS,
            {"ref": "m1", "title": "x", "kind": "board", "date": "2025-01-01", "duration_hours": 1},
            409,
            "ref",
        ),
        ("PATCH", MEETINGS + "/m1", {"duration_hours": "-1"}, 422, "duration_hours"),
        (
            "PUT",
            MEETINGS + "/m1/attendance",
            {"attendance": [{"member": "alize", "people": 0}]},
            400,
            "attendance[0].people",
        ),
        (
            "PUT",
            MEETINGS + "/m1/attendance",
            {"attendance": [{"member": "alize", "people": 1}, {"member": "zephyr", "people": 1}]},
            422,
            "attendance[1].member",
        ),
        (
            "PUT",
            MEETINGS + "/m1/attendance",
            {"attendance": [{"member": "alize", "people": 1, "excused": True}]},
            422,
            "attendance[0].people",
        ),
        ("PUT", MEETINGS + "/m1/attendance", [{"member": "alize", "people": 1}], 400, "data"),
    ],
)
async def test_bad_input_gets_a_problem_naming_the_field_and_writes_nothing(  # noqa: PLR0917
    petr: Clients, method: str, path: str, body: Any, status: int, field: str
) -> None:
    before, lines = await rows(), await AuditEntry.count().run()
    problem(await petr["camille"].request(method, path, json=body), status, field)
    assert await rows() == before
    assert await AuditEntry.count().run() == lines


async def test_karim_reads_only_his_members_attendance_and_sophie_reads_it_all(
    petr: Clients,
) -> None:
    attendance = [{"member": "alize", "people": 2}, {"member": "basalte", "people": 1}]
    await ok(
        await petr["camille"].put(MEETINGS + "/m1/attendance", json={"attendance": attendance})
    )
    karims = await ok(await petr["karim"].get(MEETINGS + "/m1/attendance"))
    assert [a["member"] for a in karims["attendance"]] == ["alize"]
    assert karims["counts"]["people_present"] == 2
    mallorys = await ok(await petr["mallory"].get(MEETINGS + "/m1/attendance"))
    assert [a["member"] for a in mallorys["attendance"]] == ["basalte"]
    sophies = await ok(await petr["sophie"].get(MEETINGS + "/m1/attendance"))
    assert [a["member"] for a in sophies["attendance"]] == ["alize", "basalte"]


# -- check-in -------------------------------------------------------------------------------------


async def test_karim_checks_in_with_the_code_camille_gives_out(petr: Clients) -> None:
    issued = await ok(await petr["camille"].post(MEETINGS + "/m1/checkin-code"), 201)
    assert len(issued["code"]) == 6
    checked = await ok(
        await petr["karim"].post(
            MEETINGS + "/m1/checkin", json={"code": issued["code"], "people": 3}
        )
    )
    assert checked == {
        "member": "alize",
        "people": 3,
        "excused": False,
        "reason": "",
        "person_hours": "4.5",
    }
    # Checking in again corrects the number; Mallory, once enrolled, checks her own member in.
    await ok(
        await petr["camille"].post(
            GROUPS + "/petr/enrolments", json={"member": "basalte", "starts_on": "2025-01-01"}
        ),
        201,
    )
    await ok(
        await petr["karim"].post(
            MEETINGS + "/m1/checkin", json={"code": issued["code"], "people": 2}
        )
    )
    await ok(
        await petr["mallory"].post(
            MEETINGS + "/m1/checkin", json={"code": issued["code"], "people": 1}
        )
    )
    everyone = await ok(await petr["camille"].get(MEETINGS + "/m1/attendance"))
    assert [(a["member"], a["people"]) for a in everyone["attendance"]] == [
        ("alize", 2),
        ("basalte", 1),
    ]


async def test_a_wrong_code_is_403_and_in_the_audit_log(petr: Clients) -> None:
    issued = await ok(await petr["camille"].post(MEETINGS + "/m1/checkin-code"), 201)
    wrong = "AAAAAA" if issued["code"] != "AAAAAA" else "BBBBBB"
    newest = await AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id, ascending=False).first()
    last = newest["id"] if newest else 0
    refused = await petr["karim"].post(MEETINGS + "/m1/checkin", json={"code": wrong, "people": 3})
    assert refused.status_code == 403
    assert await Attendance.count().run() == 0
    lines = await AuditEntry.select(AuditEntry.action).where(AuditEntry.id > last).run()
    assert [line["action"] for line in lines] == ["meeting.checkin_refused"]


async def test_mallory_cannot_check_karims_member_in(petr: Clients) -> None:
    issued = await ok(await petr["camille"].post(MEETINGS + "/m1/checkin-code"), 201)
    refused = await petr["mallory"].post(
        MEETINGS + "/m1/checkin", json={"code": issued["code"], "people": 3, "member": "alize"}
    )
    assert refused.status_code == 403
    assert await Attendance.count().run() == 0


# -- who may check in, how many, how often (hardening finding 4) ---------------------------------


async def check_in(
    http: httpx.AsyncClient, meeting: str, code: str, people: int = 1
) -> httpx.Response:
    return await http.post(f"{MEETINGS}/{meeting}/checkin", json={"code": code, "people": people})


async def code_of(camille: httpx.AsyncClient, meeting: str) -> str:
    issued = await ok(await camille.post(f"{MEETINGS}/{meeting}/checkin-code"), 201)
    return str(issued["code"])


async def test_a_representative_not_enrolled_in_the_group_cannot_check_in_to_its_meeting(
    petr: Clients,
) -> None:
    code = await code_of(petr["camille"], "m1")
    newest = await AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id, ascending=False).first()

    refused = await check_in(petr["mallory"], "m1", code, people=6)

    assert refused.status_code == 403, refused.text
    assert "'basalte' is not enrolled in this meeting's working group" in refused.json()["detail"]
    assert await Attendance.count().run() == 0
    lines = await AuditEntry.select(AuditEntry.action).where(AuditEntry.id > newest["id"]).run()
    assert [line["action"] for line in lines] == ["meeting.checkin_refused"]


async def test_an_enrolment_over_before_the_meeting_does_not_let_a_member_check_in(
    petr: Clients,
) -> None:
    camille = petr["camille"]
    enrolment = {"member": "basalte", "starts_on": "2025-01-01"}
    await ok(await camille.post(GROUPS + "/petr/enrolments", json=enrolment), 201)
    await ok(await camille.post(GROUPS + "/petr/enrolments/basalte/end", json={"on": "2025-06-01"}))
    code = await code_of(camille, "m1")

    assert (await check_in(petr["mallory"], "m1", code)).status_code == 403


async def test_an_enrolled_representative_checks_in(petr: Clients) -> None:
    code = await code_of(petr["camille"], "m1")

    checked = await ok(await check_in(petr["karim"], "m1", code, people=2))

    assert (checked["member"], checked["people"]) == ("alize", 2)


async def test_a_project_meeting_takes_its_lead_and_partners_only(people: Clients) -> None:
    camille = people["camille"]
    project = {"ref": "festival", "name": "Festival", "lead": "alize", "starts_on": "2025-05-01"}
    await ok(await camille.post(PROJECTS, json=project), 201)
    day = today().isoformat()
    body = meeting_body(ref="f1", kind="project", date=day, project="festival")
    await ok(await camille.post(MEETINGS, json=body), 201)
    code = await code_of(camille, "f1")

    await ok(await check_in(people["karim"], "f1", code))  # the lead
    refused = await check_in(people["mallory"], "f1", code)
    assert refused.status_code == 403, refused.text
    assert "not a partner of this meeting's project" in refused.json()["detail"]
    await ok(await camille.post(PROJECTS + "/festival/partners", json={"member": "basalte"}), 201)
    await ok(await check_in(people["mallory"], "f1", code))


async def test_the_networks_own_meeting_is_open_to_every_member(people: Clients) -> None:
    camille = people["camille"]
    body = meeting_body(ref="ag", kind="general_assembly", date=today().isoformat())
    await ok(await camille.post(MEETINGS, json=body), 201)
    code = await code_of(camille, "ag")

    await ok(await check_in(people["karim"], "ag", code))
    await ok(await check_in(people["mallory"], "ag", code))


async def test_more_people_than_the_networks_cap_are_refused_naming_people_and_the_cap(
    petr: Clients,
) -> None:
    code = await code_of(petr["camille"], "m1")

    refused = await check_in(petr["karim"], "m1", code, people=6)

    body = problem(refused, 422, "people")
    assert "at most 5" in body["errors"][0]["message"]
    assert await Attendance.count().run() == 0
    await ok(await check_in(petr["karim"], "m1", code, people=5))


async def test_a_coordinator_raises_the_cap_for_the_network(petr: Clients) -> None:
    changed = await ok(await petr["camille"].patch(NET, json={"checkin_max_people": 12}))
    assert changed["checkin_max_people"] == 12
    code = await code_of(petr["camille"], "m1")

    await ok(await check_in(petr["karim"], "m1", code, people=12))
    problem(await check_in(petr["karim"], "m1", code, people=13), 422, "people")
    problem(
        await petr["camille"].patch(NET, json={"checkin_max_people": 0}), 400, "checkin_max_people"
    )


async def test_the_eleventh_wrong_code_is_429_and_the_right_code_still_works_for_others(
    petr: Clients,
) -> None:
    camille = petr["camille"]
    enrolment = {"member": "basalte", "starts_on": "2025-01-01"}
    await ok(await camille.post(GROUPS + "/petr/enrolments", json=enrolment), 201)
    code = await code_of(camille, "m1")
    wrong = "AAAAAA" if code != "AAAAAA" else "BBBBBB"

    statuses = [(await check_in(petr["karim"], "m1", wrong)).status_code for _ in range(10)]
    eleventh = await check_in(petr["karim"], "m1", wrong)
    right_but_locked = await check_in(petr["karim"], "m1", code)

    assert statuses == [403] * 10
    assert eleventh.status_code == 429, eleventh.text
    assert 0 < int(eleventh.headers["Retry-After"]) <= 15 * 60
    assert right_but_locked.status_code == 429
    await ok(await check_in(petr["mallory"], "m1", code))  # another account is not locked
    assert await Attendance.count().run() == 1


async def test_wrong_codes_older_than_the_window_are_forgotten(petr: Clients) -> None:
    code = await code_of(petr["camille"], "m1")
    wrong = "AAAAAA" if code != "AAAAAA" else "BBBBBB"
    for _ in range(9):
        assert (await check_in(petr["karim"], "m1", wrong)).status_code == 403
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    await LoginThrottle.update({LoginThrottle.window_started_at: long_ago}, force=True).run()

    statuses = [(await check_in(petr["karim"], "m1", wrong)).status_code for _ in range(9)]

    assert statuses == [403] * 9  # a new window: 9 more before the 10th locks
    await ok(await check_in(petr["karim"], "m1", code))


# -- calendar feeds -------------------------------------------------------------------------------


async def test_karims_calendar_holds_the_network_and_his_groups_meetings(petr: Clients) -> None:
    camille = petr["camille"]
    await ok(await camille.post(GROUPS, json={"ref": "com", "name": "Communication"}), 201)
    for ref, group in (("ag", None), ("c1", "com")):
        await ok(
            await camille.post(
                MEETINGS,
                json={
                    "ref": ref,
                    "title": ref.upper(),
                    "kind": "general_assembly" if group is None else "working_group",
                    "date": "2025-06-14",
                    "duration_hours": "2",
                    "group": group,
                },
            ),
            201,
        )
    response = await petr["karim"].get(NET + "/members/alize/calendar.ics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "RAVIV — Compagnie Alizé"
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["ag@raviv-idf.raviv", "m1@raviv-idf.raviv"]  # not c1: not enrolled
    assert b"DTSTART;TZID=Europe/Paris:" in response.content  # m1 at 14:00, Paris time
    assert b"DTSTART;VALUE=DATE:20250614" in response.content  # the AG: no time, all day
    mallorys = await petr["mallory"].get(NET + "/members/basalte/calendar.ics")
    assert "m1@raviv-idf.raviv" not in str(mallorys.content)
    assert (await petr["mallory"].get(NET + "/members/alize/calendar.ics")).status_code == 404


async def test_a_groups_calendar_holds_its_meetings(petr: Clients) -> None:
    response = await petr["sophie"].get(GROUPS + "/petr/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Réunion du PETR"]
    assert (await petr["sophie"].get(GROUPS + "/inconnu/calendar.ics")).status_code == 404
