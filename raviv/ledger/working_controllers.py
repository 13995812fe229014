"""HTTP routes of working life: working groups, shared projects, meetings, attendance, check-in
and calendar feeds.

Who may call them: coordinators do everything; consultants and member representatives read the
network's groups, projects and meetings; a representative reads only its own member's attendance
line and calendar, and checks its own member in with the meeting's code.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Response, delete, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.openapi.spec import Example
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from raviv.edge import out_of_bounds_day
from raviv.errors import TOO_MANY_REQUESTS, DomainError, FieldProblem
from raviv.guard.deps import Viewer, provide_principal, provide_viewer
from raviv.guard.policy import ApiController, allow
from raviv.guard.principal import Principal
from raviv.guard.roles import Role
from raviv.ledger import working_life as service
from raviv.ledger import working_schemas as schemas
from raviv.pagination import Limit, Offset, Page
from raviv.vocabulary import MeetingKind

NETWORK = "/api/networks/{network_ref:str}"
COORDINATOR, CONSULTANT, REPRESENTATIVE = Role.coordinator, Role.consultant, Role.member
#: Reading the network's groups, projects and meetings: what cooperation is made of.
READERS = allow(COORDINATOR, CONSULTANT, REPRESENTATIVE)
COORDINATORS = allow(COORDINATOR)
CALENDAR = "text/calendar"  # Litestar adds "; charset=utf-8"
RefFilter = Annotated[str | None, Parameter(max_length=64)]


#: A date in the query, read by hand so that a problem names the parameter as it is sent
#: (``from`` and ``to`` are Python keywords, and the parameters have other names here).
_DATE: dict[str, Any] = {
    "description": "A day, YYYY-MM-DD; `from` is included, `to` is not.",
    "examples": [Example(value="2025-09-01")],
}


def _query_date(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        message = "expected a day as YYYY-MM-DD"
        raise DomainError(
            f"{name}: {message}", errors=[FieldProblem(name, message, value)]
        ) from None
    out_of_bounds_day(name, day)
    return day


def ics_answer(content: bytes, filename: str) -> Response[bytes]:
    return Response(
        content,
        media_type=CALENDAR,
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


class WorkingGroupController(ApiController):
    path = NETWORK + "/groups"
    tags = ["working groups"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post("/", opt=COORDINATORS, summary="Create a working group")
    async def create_group(
        self, network_ref: FromPath[str], data: JSONBody[schemas.GroupCreate]
    ) -> schemas.Group:
        return await service.create_group(network_ref, data)

    @get("/", opt=READERS, summary="The network's working groups, by ref")
    async def list_groups(
        self, network_ref: FromPath[str], limit: Limit = 50, offset: Offset = 0
    ) -> Page[schemas.Group]:
        return await service.list_groups(network_ref, limit=limit, offset=offset)

    @get("/{group_ref:str}", opt=READERS, summary="Get a working group")
    async def get_group(
        self, network_ref: FromPath[str], group_ref: FromPath[str]
    ) -> schemas.Group:
        return await service.get_group(network_ref, group_ref)

    @patch("/{group_ref:str}", opt=COORDINATORS, summary="Rename or describe a working group")
    async def update_group(
        self,
        network_ref: FromPath[str],
        group_ref: FromPath[str],
        data: JSONBody[schemas.GroupUpdate],
    ) -> schemas.Group:
        return await service.update_group(network_ref, group_ref, data)

    @get(
        "/{group_ref:str}/enrolments",
        opt=READERS,
        summary="Who is and was enrolled in a working group, when",
    )
    async def list_enrolments(
        self, network_ref: FromPath[str], group_ref: FromPath[str]
    ) -> list[schemas.Enrolment]:
        return await service.list_enrolments(network_ref, group_ref)

    @post(
        "/{group_ref:str}/enrolments",
        opt=COORDINATORS,
        summary="Enrol a member from a date (half-open: [starts_on, ends_on))",
        description='`"facilitator": true` enrols it as a facilitator of the group.',
    )
    async def enrol(
        self,
        network_ref: FromPath[str],
        group_ref: FromPath[str],
        data: JSONBody[schemas.EnrolmentCreate],
    ) -> schemas.Enrolment:
        return await service.enrol(network_ref, group_ref, data)

    @post(
        "/{group_ref:str}/enrolments/{member_ref:str}/end",
        opt=COORDINATORS,
        status_code=HTTP_200_OK,
        summary="Un-enrol a member: close its open enrolment on a date",
    )
    async def unenrol(
        self,
        network_ref: FromPath[str],
        group_ref: FromPath[str],
        member_ref: FromPath[str],
        data: JSONBody[schemas.EnrolmentEnd],
    ) -> schemas.Enrolment:
        return await service.unenrol(network_ref, group_ref, member_ref, data)

    @get(
        "/{group_ref:str}/calendar.ics",
        opt=READERS,
        summary="The group's meetings as an iCalendar feed (RFC 5545)",
        media_type=CALENDAR,
    )
    async def group_calendar(
        self, network_ref: FromPath[str], group_ref: FromPath[str]
    ) -> Response[bytes]:
        return ics_answer(await service.group_calendar(network_ref, group_ref), f"{group_ref}.ics")


class SharedProjectController(ApiController):
    path = NETWORK + "/projects"
    tags = ["shared projects"]  # noqa: RUF012

    @post("/", opt=COORDINATORS, summary="Create a shared project, led by a member")
    async def create_project(
        self, network_ref: FromPath[str], data: JSONBody[schemas.ProjectCreate]
    ) -> schemas.Project:
        return await service.create_project(network_ref, data)

    @get("/", opt=READERS, summary="The network's shared projects, latest first")
    async def list_projects(
        self, network_ref: FromPath[str], limit: Limit = 50, offset: Offset = 0
    ) -> Page[schemas.Project]:
        return await service.list_projects(network_ref, limit=limit, offset=offset)

    @get("/{project_ref:str}", opt=READERS, summary="Get a shared project and its partners")
    async def get_project(
        self, network_ref: FromPath[str], project_ref: FromPath[str]
    ) -> schemas.Project:
        return await service.get_project(network_ref, project_ref)

    @post("/{project_ref:str}/partners", opt=COORDINATORS, summary="Add a partner member")
    async def add_partner(
        self,
        network_ref: FromPath[str],
        project_ref: FromPath[str],
        data: JSONBody[schemas.PartnerAdd],
    ) -> schemas.Project:
        return await service.add_partner(network_ref, project_ref, data)

    @delete(
        "/{project_ref:str}/partners/{member_ref:str}",
        opt=COORDINATORS,
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove a partner member",
    )
    async def remove_partner(
        self, network_ref: FromPath[str], project_ref: FromPath[str], member_ref: FromPath[str]
    ) -> None:
        await service.remove_partner(network_ref, project_ref, member_ref)


class MeetingController(ApiController):
    path = NETWORK + "/meetings"
    tags = ["meetings"]  # noqa: RUF012

    @post(
        "/",
        opt=COORDINATORS,
        summary="Create a meeting of the network, a working group or a shared project",
    )
    async def create_meeting(
        self, network_ref: FromPath[str], data: JSONBody[schemas.MeetingCreate]
    ) -> schemas.Meeting:
        return await service.create_meeting(network_ref, data)

    @get("/", opt=READERS, summary="Meetings by date, filtered")
    async def list_meetings(  # noqa: PLR0917 - one parameter per query filter
        self,
        network_ref: FromPath[str],
        limit: Limit = 50,
        offset: Offset = 0,
        since: Annotated[str | None, QueryParameter(name="from", **_DATE)] = None,
        until: Annotated[str | None, QueryParameter(name="to", **_DATE)] = None,
        kind: FromQuery[MeetingKind | None] = None,
        group: RefFilter = None,
        project: RefFilter = None,
        mandatory: FromQuery[bool | None] = None,
    ) -> Page[schemas.Meeting]:
        return await service.list_meetings(
            network_ref,
            limit=limit,
            offset=offset,
            since=_query_date("from", since),
            until=_query_date("to", until),
            kind=kind,
            group=group,
            project=project,
            mandatory=mandatory,
        )

    @get("/{meeting_ref:str}", opt=READERS, summary="Get a meeting, with its attendance counts")
    async def get_meeting(
        self, network_ref: FromPath[str], meeting_ref: FromPath[str]
    ) -> schemas.Meeting:
        return await service.get_meeting(network_ref, meeting_ref)

    @patch(
        "/{meeting_ref:str}",
        opt=COORDINATORS,
        summary="Change a meeting (only while no attendance is recorded)",
    )
    async def update_meeting(
        self,
        network_ref: FromPath[str],
        meeting_ref: FromPath[str],
        data: JSONBody[schemas.MeetingUpdate],
    ) -> schemas.Meeting:
        return await service.update_meeting(network_ref, meeting_ref, data)

    @get(
        "/{meeting_ref:str}/attendance",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        dependencies={"viewer": Provide(provide_viewer)},
        summary="A meeting's attendance",
        description="A member representative sees only its own member's line.",
    )
    async def get_attendance(
        self,
        network_ref: FromPath[str],
        meeting_ref: FromPath[str],
        viewer: NamedDependency[Viewer],
    ) -> schemas.AttendanceList:
        return await service.get_attendance(
            network_ref, meeting_ref, only=viewer.member_refs(network_ref)
        )

    @put(
        "/{meeting_ref:str}/attendance",
        opt=COORDINATORS,
        summary="Record a meeting's whole attendance (replaces the list)",
    )
    async def replace_attendance(
        self,
        network_ref: FromPath[str],
        meeting_ref: FromPath[str],
        data: JSONBody[schemas.AttendanceReplace],
    ) -> schemas.AttendanceList:
        return await service.replace_attendance(network_ref, meeting_ref, data)

    @post(
        "/{meeting_ref:str}/checkin-code",
        opt=COORDINATORS,
        summary="Issue the meeting's check-in code (a new one replaces the last)",
    )
    async def issue_checkin_code(
        self, network_ref: FromPath[str], meeting_ref: FromPath[str]
    ) -> schemas.CheckinCode:
        return await service.issue_checkin_code(network_ref, meeting_ref)

    @post(
        "/{meeting_ref:str}/checkin",
        opt=allow(REPRESENTATIVE),
        responses=TOO_MANY_REQUESTS,
        dependencies={"principal": Provide(provide_principal)},
        status_code=HTTP_200_OK,
        summary="Check one's own member in, with the meeting's code (from the day before to "
        "the day after)",
    )
    async def check_in(
        self,
        network_ref: FromPath[str],
        meeting_ref: FromPath[str],
        data: JSONBody[schemas.CheckIn],
        principal: NamedDependency[Principal],
    ) -> schemas.AttendanceLine:
        return await service.check_in(
            network_ref,
            meeting_ref,
            data,
            represented=principal.members_in(network_ref),
            account=principal.account_id,
        )


class MemberCalendarController(ApiController):
    path = NETWORK + "/members/{member_ref:str}/calendar.ics"
    tags = ["meetings"]  # noqa: RUF012

    @get(
        "/",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="A member's meetings as an iCalendar feed (RFC 5545)",
        description="The network's own meetings, those of the member's working groups while it "
        "is enrolled, of its shared projects, and any other it attended.",
        media_type=CALENDAR,
    )
    async def member_calendar(
        self, network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Response[bytes]:
        return ics_answer(
            await service.member_calendar(network_ref, member_ref), f"{member_ref}.ics"
        )


ROUTERS = [
    WorkingGroupController,
    SharedProjectController,
    MeetingController,
    MemberCalendarController,
]
