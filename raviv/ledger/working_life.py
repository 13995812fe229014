"""Working life of a network: working groups and enrolments, shared projects and their partners,
meetings, attendance (recorded by the coordinator or by self check-in) and calendar feeds.

Attendance is the **one source** of ``meeting`` ledger entries (docs/ledger.md): each member present
gives ``duration × people present`` person-hours to the meeting's group, project or network, on
the meeting's date; an excused member gives nothing. Those entries are derived from attendance
when they are read (:func:`meeting_entries`) and are never stored as contribution rows, so
correcting an attendance list corrects the ledger with it.

Plain arguments in, schema Structs out, domain errors raised; every write logs its audit line in
the same transaction, and a refused check-in is logged too.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import msgspec
from piccolo.custom_types import Combinable
from piccolo.query.methods.select import Select
from piccolo.table import Table

from raviv.access import throttle
from raviv.db import duplicate_is_conflict, get_engine, transaction
from raviv.errors import ConflictError, FieldProblem, ForbiddenError, InvalidError, NotFoundError
from raviv.guard import audit
from raviv.ledger import calendar
from raviv.ledger import working_schemas as schemas
from raviv.ledger.archive_io import read_rates
from raviv.ledger.tables import (
    Attendance,
    Enrolment,
    Meeting,
    ProjectPartner,
    SharedProject,
    WorkingGroup,
)
from raviv.lib.amounts import MILLI, from_milli, scaled
from raviv.pagination import Page
from raviv.registry.tables import Member, Membership, Network
from raviv.valuation import Entry, Party, RateMissing, smic_brut_horaire, unit_rate
from raviv.vocabulary import Form, MeetingKind, MembershipStatus, PartyKind, Unit

MAX_DURATION_MILLI = 1_000_000  # 1000 hours: more is a typing mistake
CHECKIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud, typed on phones
CHECKIN_LENGTH = 6
CHECKIN_SLACK = dt.timedelta(days=1)  # check-in is open from the day before to the day after
CHECKIN_MAX_FAILURES = 10  # wrong codes an account may give within the window …
CHECKIN_FAILURE_WINDOW = dt.timedelta(hours=1)
CHECKIN_LOCK_MINUTES = 15  # … before its check-ins are refused (429) for this long

T = TypeVar("T")


def _conflict(field: str, message: str) -> ConflictError:
    return ConflictError(message, errors=[FieldProblem(field, message)])


def _locked(query: Select[Any]) -> Select[Any]:
    """Lock the selected rows until the transaction ends (PostgreSQL). SQLite needs nothing:
    its write transactions hold the database's one write lock from their first statement."""
    return query.lock_rows() if get_engine().engine_type == "postgres" else query


async def _audit_change(  # noqa: PLR0917 - read as one sentence: action, where, what, change
    action: str, network: int, object_type: str, ref: str, before: Any, after: Any
) -> None:
    old, new = audit.changed(audit.snapshot(before), audit.snapshot(after))
    await audit.record(
        action, network=network, object_type=object_type, object_ref=ref, before=old, after=new
    )


def hours(duration_milli: int) -> Decimal:
    """Thousandths of an hour as exact hours: 1500 → 1.5."""
    return from_milli(duration_milli)


def duration_milli(value: Decimal, field: str = "duration_hours") -> int:
    """Hours as stored, in thousandths (1.5 → 1500); refused unless 0 < hours ≤ 1000, with at
    most 3 decimals."""
    milli = scaled(value, MILLI) if value.is_finite() else None
    if milli is None or not 0 < milli <= MAX_DURATION_MILLI:
        raise InvalidError.on(
            field, "more than 0 and at most 1000 hours, with at most 3 decimals", value
        )
    return milli


# -- the network ----------------------------------------------------------------------------------


async def _network(ref: str) -> dict[str, Any]:
    row = (
        await Network.select(Network.id, Network.name, Network.timezone, Network.checkin_max_people)
        .where(Network.ref == ref)
        .first()
    )
    if row is None:
        raise NotFoundError(f"no network with ref {ref!r}")
    return dict(row)


async def _network_id(ref: str) -> int:
    return int((await _network(ref))["id"])


def _today(network: dict[str, Any]) -> dt.date:
    return dt.datetime.now(ZoneInfo(network["timezone"])).date()


def _with_ref(table: type[Table], nid: int, ref: str) -> Combinable:
    """The row of ``table`` with this ref in the network (every table here has both columns)."""
    column = table._meta.get_column_by_name
    return (column("network") == nid) & (column("ref") == ref)


async def _by_ref(  # noqa: PLR0917 - what to find, where, and who names it
    table: type[Table],
    columns: Sequence[Any],
    nid: int,
    ref: str,
    label: str,
    field: str | None = None,
) -> dict[str, Any]:
    """The row of ``table`` with this ref in the network. Missing, it is an error of the input
    when a ``field`` names it (422), or of the path otherwise (404)."""
    row = await table.select(*columns).where(_with_ref(table, nid, ref)).first()
    if row is None:
        if field is None:
            raise NotFoundError(f"no {label} with ref {ref!r} in this network")
        raise InvalidError.on(field, f"no such {label} in this network", ref)
    return dict(row)


async def member_id(nid: int, ref: str, field: str | None = None) -> int:
    """The id of the network's member with this ref (422 on ``field``, else 404)."""
    return int((await _by_ref(Member, (Member.id,), nid, ref, "member", field))["id"])


async def _create(  # noqa: PLR0917 - the object, and how to make and read it
    table: type[Table],
    label: str,
    network_ref: str,
    ref: str,
    make: Callable[[int], Awaitable[Table]],
    read: Callable[[str, str], Awaitable[T]],
) -> T:
    """Insert the row ``make`` builds for the network (it may refuse the input), refusing a ref
    the network already uses, and log ``<table>.create`` with what ``read`` then gives."""
    duplicate = f"network {network_ref!r} already has a {label} {ref!r}"
    async with duplicate_is_conflict("ref", duplicate), transaction():
        nid = await _network_id(network_ref)
        row = await make(nid)
        if await table.exists().where(_with_ref(table, nid, ref)):
            raise _conflict("ref", duplicate)
        await table.insert(row).run()
        created = await read(network_ref, ref)
        # The action names the object as the API does: working_group → group, meeting → meeting.
        kind = table._meta.tablename.split("_")[-1]
        await audit.record(
            f"{kind}.create", network=nid, object_type=kind, object_ref=ref, after=created
        )
    return created


async def _is_member_on(member_id: int, day: dt.date) -> bool:
    """Whether an active membership period of the member covers ``day``."""
    return bool(
        await Membership.exists().where(
            (Membership.member == member_id)
            & (Membership.status == MembershipStatus.active.value)
            & (Membership.starts_on <= day)
            & (Membership.ends_on.is_null() | (Membership.ends_on > day))
        )
    )


def _check_period(starts_on: dt.date, ends_on: dt.date | None, field: str = "ends_on") -> None:
    if ends_on is not None and ends_on <= starts_on:
        raise InvalidError.on(
            field, "must be after starts_on (it is the day after the last day)", ends_on.isoformat()
        )


# -- working groups -------------------------------------------------------------------------------


_GROUP_COLUMNS = (
    WorkingGroup.id,
    WorkingGroup.ref,
    WorkingGroup.name,
    WorkingGroup.description,
    WorkingGroup.created_at,
)


async def _group_row(nid: int, ref: str, field: str | None = None) -> dict[str, Any]:
    return await _by_ref(WorkingGroup, _GROUP_COLUMNS, nid, ref, "working group", field)


async def _enrolled(group_ids: list[int], on: dt.date) -> dict[int, dict[str, bool]]:
    """The members enrolled in each group on ``on``, by ref: whether each facilitates it."""
    if not group_ids:
        return {}
    rows = (
        await Enrolment.select(
            Enrolment.working_group, Enrolment.member.ref.as_alias("member"), Enrolment.facilitator
        )
        .where(
            Enrolment.working_group.is_in(group_ids)
            & (Enrolment.starts_on <= on)
            & (Enrolment.ends_on.is_null() | (Enrolment.ends_on > on))
        )
        .run()
    )
    members: dict[int, dict[str, bool]] = defaultdict(dict)
    for row in rows:
        found = members[row["working_group"]]
        found[row["member"]] = found.get(row["member"], False) or bool(row["facilitator"])
    return members


def _group_out(row: dict[str, Any], enrolled: dict[str, bool]) -> schemas.Group:
    return schemas.Group(
        ref=row["ref"],
        name=row["name"],
        description=row["description"],
        enrolled=len(enrolled),
        facilitators=sorted(ref for ref, facilitates in enrolled.items() if facilitates),
        created_at=row["created_at"],
    )


async def get_group(network_ref: str, group_ref: str) -> schemas.Group:
    network = await _network(network_ref)
    row = await _group_row(network["id"], group_ref)
    enrolled = await _enrolled([row["id"]], _today(network))
    return _group_out(row, enrolled.get(row["id"], {}))


async def list_groups(network_ref: str, *, limit: int, offset: int) -> Page[schemas.Group]:
    network = await _network(network_ref)
    where = WorkingGroup.network == network["id"]
    rows = (
        await WorkingGroup.select(*_GROUP_COLUMNS)
        .where(where)
        .order_by(WorkingGroup.ref)
        .limit(limit)
        .offset(offset)
        .run()
    )
    enrolled = await _enrolled([r["id"] for r in rows], _today(network))
    return Page(
        items=[_group_out(row, enrolled.get(row["id"], {})) for row in rows],
        total=await WorkingGroup.count().where(where).run(),
        limit=limit,
        offset=offset,
    )


async def create_group(network_ref: str, data: schemas.GroupCreate) -> schemas.Group:
    async def make(nid: int) -> WorkingGroup:
        return WorkingGroup(
            network=nid,
            ref=data.ref,
            name=data.name,
            description=data.description,
            created_at=dt.datetime.now(dt.UTC),
        )

    return await _create(WorkingGroup, "working group", network_ref, data.ref, make, get_group)


async def update_group(
    network_ref: str, group_ref: str, data: schemas.GroupUpdate
) -> schemas.Group:
    values = {
        getattr(WorkingGroup, name): getattr(data, name)
        for name in ("name", "description")
        if getattr(data, name) is not msgspec.UNSET
    }
    async with transaction():
        nid = await _network_id(network_ref)
        before = await get_group(network_ref, group_ref)
        if values:
            await (
                WorkingGroup.update(values)
                .where((WorkingGroup.network == nid) & (WorkingGroup.ref == group_ref))
                .run()
            )
            after = await get_group(network_ref, group_ref)
            await _audit_change("group.update", nid, "group", group_ref, before, after)
            return after
    return before


async def _enrolments(where: Combinable) -> list[schemas.Enrolment]:
    rows = (
        await Enrolment.select(
            Enrolment.working_group.ref.as_alias("group"),
            Enrolment.member.ref.as_alias("member"),
            Enrolment.starts_on,
            Enrolment.ends_on,
            Enrolment.facilitator,
        )
        .where(where)
        .order_by(Enrolment.starts_on)
        .order_by(Enrolment.member.ref)
        .run()
    )
    return [msgspec.convert(row, schemas.Enrolment) for row in rows]


async def list_enrolments(network_ref: str, group_ref: str) -> list[schemas.Enrolment]:
    """Every enrolment of the group, past and present, by start date."""
    nid = await _network_id(network_ref)
    group = await _group_row(nid, group_ref)
    return await _enrolments(Enrolment.working_group == group["id"])


async def enrol(
    network_ref: str, group_ref: str, data: schemas.EnrolmentCreate
) -> schemas.Enrolment:
    """Enrol a member for ``[starts_on, ends_on)``. Refused for a member that is not an active
    member of the network on ``starts_on``, and for a period overlapping one of its enrolments
    in the same group."""
    _check_period(data.starts_on, data.ends_on)
    async with (
        duplicate_is_conflict("starts_on", "this member is enrolled in this group already"),
        transaction(),
    ):
        nid = await _network_id(network_ref)
        group = await _group_row(nid, group_ref)
        await _locked(WorkingGroup.select(WorkingGroup.id).where(WorkingGroup.id == group["id"]))
        member = await member_id(nid, data.member, "member")
        if not await _is_member_on(member, data.starts_on):
            raise InvalidError.on(
                "member",
                f"not an active member of the network on {data.starts_on.isoformat()}",
                data.member,
            )
        ends = Enrolment.ends_on.is_null() | (Enrolment.ends_on > data.starts_on)
        overlap: Combinable = (
            (Enrolment.working_group == group["id"]) & (Enrolment.member == member) & ends
        )
        if data.ends_on is not None:
            overlap &= Enrolment.starts_on < data.ends_on
        clash = await _enrolments(overlap)
        if clash:
            held = clash[0]
            until = held.ends_on.isoformat() if held.ends_on else "open"
            raise _conflict(
                "starts_on",
                f"{data.member!r} is already enrolled in {group_ref!r} over these dates "
                f"(from {held.starts_on.isoformat()}, until {until})",
            )
        await Enrolment.insert(
            Enrolment(
                network=nid,
                working_group=group["id"],
                member=member,
                starts_on=data.starts_on,
                ends_on=data.ends_on,
                facilitator=data.facilitator,
                created_at=dt.datetime.now(dt.UTC),
            )
        ).run()
        enrolment = schemas.Enrolment(
            group=group_ref,
            member=data.member,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            facilitator=data.facilitator,
        )
        await audit.record(
            "group.enrol", network=nid, object_type="group", object_ref=group_ref, after=enrolment
        )
    return enrolment


async def unenrol(
    network_ref: str, group_ref: str, member_ref: str, data: schemas.EnrolmentEnd
) -> schemas.Enrolment:
    """Close the member's open enrolment in the group: ``on`` is the day after its last day."""
    async with transaction():
        nid = await _network_id(network_ref)
        group = await _group_row(nid, group_ref)
        member = await member_id(nid, member_ref)
        where = (
            (Enrolment.working_group == group["id"])
            & (Enrolment.member == member)
            & Enrolment.ends_on.is_null()
        )
        rows = await _locked(
            Enrolment.select(Enrolment.starts_on, Enrolment.facilitator).where(where)
        )
        if not rows:
            raise _conflict("member", f"{member_ref!r} has no open enrolment in {group_ref!r}")
        starts_on = rows[0]["starts_on"]
        _check_period(starts_on, data.on, "on")
        await Enrolment.update({Enrolment.ends_on: data.on}).where(where).run()
        before = schemas.Enrolment(
            group=group_ref,
            member=member_ref,
            starts_on=starts_on,
            ends_on=None,
            facilitator=bool(rows[0]["facilitator"]),
        )
        after = msgspec.structs.replace(before, ends_on=data.on)
        await audit.record(
            "group.unenrol",
            network=nid,
            object_type="group",
            object_ref=group_ref,
            before=before,
            after=after,
        )
    return after


# -- shared projects ------------------------------------------------------------------------------


_PROJECT_COLUMNS = (
    SharedProject.id,
    SharedProject.ref,
    SharedProject.name,
    SharedProject.lead.ref.as_alias("lead"),
    SharedProject.starts_on,
    SharedProject.ends_on,
    SharedProject.created_at,
)


async def _project_row(nid: int, ref: str, field: str | None = None) -> dict[str, Any]:
    return await _by_ref(SharedProject, _PROJECT_COLUMNS, nid, ref, "shared project", field)


async def _partners(project_ids: list[int]) -> dict[int, list[str]]:
    partners: dict[int, list[str]] = defaultdict(list)
    if project_ids:
        rows = (
            await ProjectPartner.select(
                ProjectPartner.project, ProjectPartner.member.ref.as_alias("member")
            )
            .where(ProjectPartner.project.is_in(project_ids))
            .order_by(ProjectPartner.member.ref)
            .run()
        )
        for row in rows:
            partners[row["project"]].append(row["member"])
    return partners


def _project_out(row: dict[str, Any], partners: list[str]) -> schemas.Project:
    fields = ("ref", "name", "lead", "starts_on", "ends_on", "created_at")
    return msgspec.convert({**{f: row[f] for f in fields}, "partners": partners}, schemas.Project)


async def get_project(network_ref: str, project_ref: str) -> schemas.Project:
    nid = await _network_id(network_ref)
    row = await _project_row(nid, project_ref)
    return _project_out(row, (await _partners([row["id"]]))[row["id"]])


async def list_projects(network_ref: str, *, limit: int, offset: int) -> Page[schemas.Project]:
    nid = await _network_id(network_ref)
    where = SharedProject.network == nid
    rows = (
        await SharedProject.select(*_PROJECT_COLUMNS)
        .where(where)
        .order_by(SharedProject.starts_on, ascending=False)
        .order_by(SharedProject.ref)
        .limit(limit)
        .offset(offset)
        .run()
    )
    partners = await _partners([r["id"] for r in rows])
    return Page(
        items=[_project_out(row, partners[row["id"]]) for row in rows],
        total=await SharedProject.count().where(where).run(),
        limit=limit,
        offset=offset,
    )


async def create_project(network_ref: str, data: schemas.ProjectCreate) -> schemas.Project:
    _check_period(data.starts_on, data.ends_on)

    async def make(nid: int) -> SharedProject:
        return SharedProject(
            network=nid,
            ref=data.ref,
            name=data.name,
            lead=await member_id(nid, data.lead, "lead"),
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            created_at=dt.datetime.now(dt.UTC),
        )

    return await _create(SharedProject, "shared project", network_ref, data.ref, make, get_project)


async def add_partner(
    network_ref: str, project_ref: str, data: schemas.PartnerAdd
) -> schemas.Project:
    async with duplicate_is_conflict("member", "this member is a partner already"), transaction():
        nid = await _network_id(network_ref)
        project = await _project_row(nid, project_ref)
        await _locked(
            SharedProject.select(SharedProject.id).where(SharedProject.id == project["id"])
        )
        member = await member_id(nid, data.member, "member")
        if data.member == project["lead"]:
            raise InvalidError.on("member", "the project's lead takes part already", data.member)
        if await ProjectPartner.exists().where(
            (ProjectPartner.project == project["id"]) & (ProjectPartner.member == member)
        ):
            raise _conflict("member", f"{data.member!r} is already a partner of {project_ref!r}")
        before = await get_project(network_ref, project_ref)
        await ProjectPartner.insert(
            ProjectPartner(network=nid, project=project["id"], member=member)
        ).run()
        after = await get_project(network_ref, project_ref)
        await _audit_change("project.partner_add", nid, "project", project_ref, before, after)
    return after


async def remove_partner(network_ref: str, project_ref: str, member_ref: str) -> None:
    async with transaction():
        nid = await _network_id(network_ref)
        project = await _project_row(nid, project_ref)
        member = await member_id(nid, member_ref)
        where = (ProjectPartner.project == project["id"]) & (ProjectPartner.member == member)
        if not await ProjectPartner.exists().where(where):
            raise NotFoundError(f"{member_ref!r} is not a partner of {project_ref!r}")
        before = await get_project(network_ref, project_ref)
        await ProjectPartner.delete().where(where).run()
        after = await get_project(network_ref, project_ref)
        await _audit_change("project.partner_remove", nid, "project", project_ref, before, after)


# -- meetings -------------------------------------------------------------------------------------

_MEETING_COLUMNS = (
    Meeting.id,
    Meeting.ref,
    Meeting.title,
    Meeting.kind,
    Meeting.mandatory,
    Meeting.date,
    Meeting.start_time,
    Meeting.duration_milli,
    Meeting.place,
    Meeting.link,
    Meeting.working_group.ref.as_alias("group"),
    Meeting.project.ref.as_alias("project"),
    Meeting.checkin_code,
    Meeting.created_at,
)


async def _meeting_row(nid: int, ref: str) -> dict[str, Any]:
    return await _by_ref(Meeting, _MEETING_COLUMNS, nid, ref, "meeting")


def _counts(lines: Iterable[dict[str, Any]], duration: int) -> schemas.AttendanceCounts:
    present = [line for line in lines if line["people"] and not line["excused"]]
    people = sum(line["people"] for line in present)
    return schemas.AttendanceCounts(
        members_present=len(present),
        people_present=people,
        members_excused=sum(1 for line in lines if line["excused"]),
        person_hours=hours(duration * people),
    )


async def _attendance_rows(meeting_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if meeting_ids:
        rows = (
            await Attendance.select(
                Attendance.meeting,
                Attendance.member.ref.as_alias("member"),
                Attendance.people,
                Attendance.excused,
                Attendance.reason,
            )
            .where(Attendance.meeting.is_in(meeting_ids))
            .order_by(Attendance.member.ref)
            .run()
        )
        for row in rows:
            found[row["meeting"]].append(row)
    return found


def _meeting_out(row: dict[str, Any], lines: list[dict[str, Any]]) -> schemas.Meeting:
    fields = ("ref", "title", "kind", "mandatory", "date", "start_time", "place", "link")
    return msgspec.convert(
        {
            **{f: row[f] for f in fields},
            "group": row["group"],
            "project": row["project"],
            "duration_hours": hours(row["duration_milli"]),
            "checkin_open": row["checkin_code"] is not None,
            "attendance": _counts(lines, row["duration_milli"]),
            "created_at": row["created_at"],
        },
        schemas.Meeting,
    )


async def get_meeting(network_ref: str, meeting_ref: str) -> schemas.Meeting:
    nid = await _network_id(network_ref)
    row = await _meeting_row(nid, meeting_ref)
    return _meeting_out(row, (await _attendance_rows([row["id"]]))[row["id"]])


async def list_meetings(
    network_ref: str,
    *,
    limit: int,
    offset: int,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kind: MeetingKind | None = None,
    group: str | None = None,
    project: str | None = None,
    mandatory: bool | None = None,
) -> Page[schemas.Meeting]:
    """Meetings by date, filtered: held on or after ``since`` and before ``until`` (half-open),
    of a kind, of a working group or a shared project (by ref), mandatory or not."""
    nid = await _network_id(network_ref)
    where: Combinable = Meeting.network == nid
    if since is not None:
        where &= Meeting.date >= since
    if until is not None:
        where &= Meeting.date < until
    if kind is not None:
        where &= Meeting.kind == kind.value
    if group is not None:
        where &= Meeting.working_group.ref == group
    if project is not None:
        where &= Meeting.project.ref == project
    if mandatory is not None:
        where &= Meeting.mandatory == mandatory
    rows = (
        await Meeting.select(*_MEETING_COLUMNS)
        .where(where)
        .order_by(Meeting.date)
        .order_by(Meeting.start_time)
        .order_by(Meeting.ref)
        .limit(limit)
        .offset(offset)
        .run()
    )
    lines = await _attendance_rows([r["id"] for r in rows])
    return Page(
        items=[_meeting_out(row, lines[row["id"]]) for row in rows],
        total=await Meeting.count().where(where).run(),
        limit=limit,
        offset=offset,
    )


def _check_start_time(value: dt.time | None) -> dt.time | None:
    if value is not None and value.tzinfo is not None:
        raise InvalidError.on(
            "start_time",
            "a local time in the network's time zone, without an offset",
            value.isoformat(),
        )
    return value


async def _links(nid: int, group: str | None, project: str | None) -> dict[Any, int | None]:
    if group is not None and project is not None:
        raise InvalidError.on(
            "project", "a meeting belongs to a working group or a project, not both"
        )
    group_id = None if group is None else (await _group_row(nid, group, "group"))["id"]
    project_id = None if project is None else (await _project_row(nid, project, "project"))["id"]
    return {Meeting.working_group: group_id, Meeting.project: project_id}


async def create_meeting(network_ref: str, data: schemas.MeetingCreate) -> schemas.Meeting:
    duration = duration_milli(data.duration_hours)
    start_time = _check_start_time(data.start_time)

    async def make(nid: int) -> Meeting:
        links = await _links(nid, data.group, data.project)
        return Meeting(
            network=nid,
            ref=data.ref,
            title=data.title,
            kind=data.kind.value,
            mandatory=data.mandatory,
            date=data.date,
            start_time=start_time,
            duration_milli=duration,
            place=data.place,
            link=data.link,
            working_group=links[Meeting.working_group],
            project=links[Meeting.project],
            created_at=dt.datetime.now(dt.UTC),
        )

    return await _create(Meeting, "meeting", network_ref, data.ref, make, get_meeting)


async def update_meeting(
    network_ref: str, meeting_ref: str, data: schemas.MeetingUpdate
) -> schemas.Meeting:
    """Change a meeting while no attendance is recorded for it: once there is, its ledger
    entries exist (derived from it) and the meeting is history."""
    values: dict[Any, Any] = {
        getattr(Meeting, name): getattr(data, name)
        for name in ("title", "mandatory", "date", "place", "link")
        if getattr(data, name) is not msgspec.UNSET
    }
    if data.kind is not msgspec.UNSET:
        values[Meeting.kind] = data.kind.value
    if data.start_time is not msgspec.UNSET:
        values[Meeting.start_time] = _check_start_time(data.start_time)
    if data.duration_hours is not msgspec.UNSET:
        values[Meeting.duration_milli] = duration_milli(data.duration_hours)
    async with transaction():
        nid = await _network_id(network_ref)
        row = await _meeting_row(nid, meeting_ref)
        await _locked(Meeting.select(Meeting.id).where(Meeting.id == row["id"]))
        if await Attendance.exists().where(Attendance.meeting == row["id"]):
            raise ConflictError(
                f"attendance is recorded for {meeting_ref!r}: the meeting can no longer change",
            )
        if data.group is not msgspec.UNSET or data.project is not msgspec.UNSET:
            group = row["group"] if data.group is msgspec.UNSET else data.group
            project = row["project"] if data.project is msgspec.UNSET else data.project
            values.update(await _links(nid, group, project))
        before = _meeting_out(row, [])
        if not values:
            return before
        await Meeting.update(values).where(Meeting.id == row["id"]).run()
        after = await get_meeting(network_ref, meeting_ref)
        await _audit_change("meeting.update", nid, "meeting", meeting_ref, before, after)
    return after


# -- attendance -----------------------------------------------------------------------------------


def _line_out(row: dict[str, Any], duration: int) -> schemas.AttendanceLine:
    people = row["people"] if not row["excused"] else None
    return schemas.AttendanceLine(
        member=row["member"],
        people=people,
        excused=bool(row["excused"]),
        reason=row["reason"],
        person_hours=hours(duration * (people or 0)),
    )


def _attendance_out(
    meeting: dict[str, Any], rows: list[dict[str, Any]], only: frozenset[str] | None
) -> schemas.AttendanceList:
    shown = [row for row in rows if only is None or row["member"] in only]
    duration = meeting["duration_milli"]
    return schemas.AttendanceList(
        meeting=meeting["ref"],
        attendance=[_line_out(row, duration) for row in shown],
        counts=_counts(shown, duration),
    )


async def get_attendance(
    network_ref: str, meeting_ref: str, *, only: frozenset[str] | None
) -> schemas.AttendanceList:
    """The meeting's attendance; ``only`` limits the lines to those members (a representative
    sees its own member's line, and counts over what it sees). None: every line."""
    nid = await _network_id(network_ref)
    meeting = await _meeting_row(nid, meeting_ref)
    rows = (await _attendance_rows([meeting["id"]]))[meeting["id"]]
    return _attendance_out(meeting, rows, only)


async def _check_valuable(nid: int, day: dt.date) -> None:
    """Refuse attendance (422 on the meeting's date) when no rate values a person-hour of
    meeting on ``day``: its entries are valued when read, and none may ever fail to be. With a
    SMIC known that day there is always the default hourly rate; before, only a meeting rate of
    the network's own."""
    try:
        smic_brut_horaire(day)
    except RateMissing:
        pass
    else:
        return
    try:
        unit_rate(await read_rates(nid), Form.meeting, day)
    except RateMissing as missing:
        raise InvalidError.on(
            "date",
            f"the meeting cannot be valued: {missing}; a coordinator states a meeting rate "
            "in effect that day first",
            day.isoformat(),
        ) from None


def _checked_lines(lines: list[schemas.AttendanceIn]) -> None:
    seen: set[str] = set()
    for i, line in enumerate(lines):
        at = f"attendance[{i}]"
        if line.member in seen:
            raise InvalidError.on(f"{at}.member", "this member has a line already", line.member)
        seen.add(line.member)
        if line.excused and line.people is not None:
            raise InvalidError.on(
                f"{at}.people", "an excused member has no people present", line.people
            )
        if not line.excused and line.people is None:
            raise InvalidError.on(f"{at}.people", "give the people present, or excused: true")
        if line.reason and not line.excused:
            raise InvalidError.on(
                f"{at}.reason", "only an excused member gives a reason", line.reason
            )


async def replace_attendance(
    network_ref: str, meeting_ref: str, data: schemas.AttendanceReplace
) -> schemas.AttendanceList:
    """Replace the meeting's whole attendance with ``data`` (the coordinator's list); the audit
    line holds the list before and after. The meeting ledger entries follow (they are derived)."""
    _checked_lines(data.attendance)
    async with duplicate_is_conflict("attendance", "a member has two lines"), transaction():
        nid = await _network_id(network_ref)
        meeting = await _meeting_row(nid, meeting_ref)
        await _locked(Meeting.select(Meeting.id).where(Meeting.id == meeting["id"]))
        if any(line.people and not line.excused for line in data.attendance):
            await _check_valuable(nid, meeting["date"])
        members = {
            line.member: await member_id(nid, line.member, f"attendance[{i}].member")
            for i, line in enumerate(data.attendance)
        }
        before = (await _attendance_rows([meeting["id"]]))[meeting["id"]]
        await Attendance.delete().where(Attendance.meeting == meeting["id"]).run()
        now = dt.datetime.now(dt.UTC)
        if data.attendance:
            await Attendance.insert(
                *(
                    Attendance(
                        network=nid,
                        meeting=meeting["id"],
                        member=members[line.member],
                        people=line.people,
                        excused=line.excused,
                        reason=line.reason,
                        created_at=now,
                    )
                    for line in data.attendance
                )
            ).run()
        after = (await _attendance_rows([meeting["id"]]))[meeting["id"]]
        await audit.record(
            "meeting.attendance",
            network=nid,
            object_type="meeting",
            object_ref=meeting_ref,
            before=[_line_out(row, meeting["duration_milli"]) for row in before],
            after=[_line_out(row, meeting["duration_milli"]) for row in after],
        )
    return _attendance_out(meeting, after, None)


def _checkin_window(day: dt.date) -> tuple[dt.date, dt.date]:
    return day - CHECKIN_SLACK, day + CHECKIN_SLACK


async def issue_checkin_code(network_ref: str, meeting_ref: str) -> schemas.CheckinCode:
    """A new short random code for the meeting (the previous one stops working). The code is
    not written to the audit log: only that one was issued."""
    code = "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_LENGTH))
    async with transaction():
        nid = await _network_id(network_ref)
        meeting = await _meeting_row(nid, meeting_ref)
        await Meeting.update({Meeting.checkin_code: code}).where(Meeting.id == meeting["id"]).run()
        valid_from, valid_until = _checkin_window(meeting["date"])
        await audit.record(
            "meeting.checkin_code",
            network=nid,
            object_type="meeting",
            object_ref=meeting_ref,
            after={"valid_from": valid_from, "valid_until": valid_until},
        )
    return schemas.CheckinCode(
        meeting=meeting_ref, code=code, valid_from=valid_from, valid_until=valid_until
    )


async def _refuse_checkin(nid: int, meeting_ref: str, reason: str) -> ForbiddenError:
    """Log a refused check-in (outside any transaction the refusal would undo)."""
    await audit.record(
        "meeting.checkin_refused",
        network=nid,
        object_type="meeting",
        object_ref=meeting_ref,
        detail=reason,
    )
    refusal = ForbiddenError(f"Check-in refused: {reason}.")
    refusal.audited = True
    return refusal


async def _not_concerned(meeting_id: int, member: int, member_ref: str, day: dt.date) -> str:
    """Why the meeting does not concern the member, or ``""`` when it does: a working group's
    meeting concerns the members enrolled in it that day, a project's its lead and partners, and
    the network's own (a general assembly, a board…) every active member of the network."""
    row = (
        await Meeting.select(Meeting.working_group, Meeting.project)
        .where(Meeting.id == meeting_id)
        .first()
    )
    assert row is not None  # the caller read the meeting
    if row["working_group"] is not None:
        enrolled = await Enrolment.exists().where(
            (Enrolment.working_group == row["working_group"])
            & (Enrolment.member == member)
            & (Enrolment.starts_on <= day)
            & (Enrolment.ends_on.is_null() | (Enrolment.ends_on > day))
        )
        return "" if enrolled else f"{member_ref!r} is not enrolled in this meeting's working group"
    if row["project"] is not None:
        lead = await SharedProject.exists().where(
            (SharedProject.id == row["project"]) & (SharedProject.lead == member)
        )
        partner = lead or await ProjectPartner.exists().where(
            (ProjectPartner.project == row["project"]) & (ProjectPartner.member == member)
        )
        return "" if partner else f"{member_ref!r} is not a partner of this meeting's project"
    if not await _is_member_on(member, day):
        return f"{member_ref!r} is not an active member of the network on {day.isoformat()}"
    return ""


async def check_in(
    network_ref: str,
    meeting_ref: str,
    data: schemas.CheckIn,
    *,
    represented: frozenset[str],
    account: int,
) -> schemas.AttendanceLine:
    """A representative records its own member's presence with the meeting's code, from the day
    before the meeting to the day after (in the network's time zone). ``represented``: the
    members the caller represents in this network; ``account``: the caller's.

    Refused (403, logged) for a member the meeting does not concern (:func:`_not_concerned`) and
    for a wrong code; (422) for more ``people`` than the network's cap. After
    ``CHECKIN_MAX_FAILURES`` wrong codes within ``CHECKIN_FAILURE_WINDOW``, the account's
    check-ins are refused (429, ``Retry-After``) for ``CHECKIN_LOCK_MINUTES``, whatever the code.
    A check-in replaces the member's line (an excuse included)."""
    throttled = throttle.key("checkin", str(account))
    await throttle.check(throttled, "Too many wrong check-in codes: try again in {minutes} min.")
    network = await _network(network_ref)
    nid = int(network["id"])
    meeting = await _meeting_row(nid, meeting_ref)
    if data.member is not None and data.member not in represented:
        raise await _refuse_checkin(nid, meeting_ref, f"you do not represent {data.member!r}")
    if data.member is None and not represented:
        raise await _refuse_checkin(nid, meeting_ref, "only a member representative checks in")
    if data.member is None and len(represented) > 1:
        raise InvalidError.on("member", "you represent several members: name the one checking in")
    member_ref = data.member or next(iter(represented))
    member = await member_id(nid, member_ref, "member")
    not_concerned = await _not_concerned(meeting["id"], member, member_ref, meeting["date"])
    if not_concerned:
        raise await _refuse_checkin(nid, meeting_ref, not_concerned)
    cap = int(network["checkin_max_people"])
    if data.people > cap:
        raise InvalidError.on(
            "people",
            f"at most {cap} people per member: the network's cap on a check-in "
            "(a coordinator records more in the attendance list)",
            data.people,
        )
    code = meeting["checkin_code"]
    given = data.code.strip().upper().encode()
    if code is None or not hmac.compare_digest(given, code.encode()):
        await throttle.count_failure(
            throttled,
            limit=CHECKIN_MAX_FAILURES,
            minutes=CHECKIN_LOCK_MINUTES,
            window=CHECKIN_FAILURE_WINDOW,
        )
        raise await _refuse_checkin(nid, meeting_ref, f"wrong code given for {member_ref!r}")
    valid_from, valid_until = _checkin_window(meeting["date"])
    if not valid_from <= _today(network) <= valid_until:
        raise InvalidError.on(
            "code",
            f"check-in is open from {valid_from.isoformat()} to {valid_until.isoformat()}",
        )
    await _check_valuable(nid, meeting["date"])
    async with duplicate_is_conflict("member", "this member has checked in already"), transaction():
        await _locked(Meeting.select(Meeting.id).where(Meeting.id == meeting["id"]))
        where = (Attendance.meeting == meeting["id"]) & (Attendance.member == member)
        lines = (await _attendance_rows([meeting["id"]]))[meeting["id"]]
        before_line = next((r for r in lines if r["member"] == member_ref), None)
        if before_line is None:
            await Attendance.insert(
                Attendance(
                    network=nid,
                    meeting=meeting["id"],
                    member=member,
                    people=data.people,
                    excused=False,
                    reason="",
                    created_at=dt.datetime.now(dt.UTC),
                )
            ).run()
        else:
            await (
                Attendance.update(
                    {
                        Attendance.people: data.people,
                        Attendance.excused: False,
                        Attendance.reason: "",
                    }
                )
                .where(where)
                .run()
            )
        after = _line_out(
            {"member": member_ref, "people": data.people, "excused": False, "reason": ""},
            meeting["duration_milli"],
        )
        await audit.record(
            "meeting.checkin",
            network=nid,
            object_type="meeting",
            object_ref=meeting_ref,
            before=None
            if before_line is None
            else _line_out(before_line, meeting["duration_milli"]),
            after=after,
        )
    return after


# -- the ledger entries attendance yields ---------------------------------------------------------


async def meeting_entries(
    network_ref: str, *, start: dt.date | None = None, end: dt.date | None = None
) -> list[Entry]:
    """The ``meeting`` ledger entries of meetings held in ``[start, end)``, derived now from
    attendance: for each member present, ``duration × people`` person-hours given to the
    meeting's working group, or its shared project, or else the network, on the meeting's date.
    An excused member gives nothing. Attendance is the one source of these entries: they are
    never stored as contribution rows. They count as validated (a coordinator recorded the
    attendance, or checked the code a representative typed)."""
    nid = await _network_id(network_ref)
    where: Combinable = Meeting.network == nid
    if start is not None:
        where &= Meeting.date >= start
    if end is not None:
        where &= Meeting.date < end
    meetings = (
        await Meeting.select(
            Meeting.id,
            Meeting.ref,
            Meeting.date,
            Meeting.duration_milli,
            Meeting.working_group.ref.as_alias("group"),
            Meeting.project.ref.as_alias("project"),
        )
        .where(where)
        .order_by(Meeting.date)
        .order_by(Meeting.ref)
        .run()
    )
    lines = await _attendance_rows([m["id"] for m in meetings])
    return [
        Entry(
            ref=f"{meeting['ref']}/{line['member']}",
            giver=Party.member(line["member"]),
            receiver=_receiver(meeting),
            form=Form.meeting,
            quantity=hours(meeting["duration_milli"] * line["people"]),
            date=meeting["date"],
            unit=Unit.person_hours,
        )
        for meeting in meetings
        for line in lines[meeting["id"]]
        if line["people"] and not line["excused"]
    ]


def _receiver(row: dict[str, Any]) -> Party:
    if row["group"] is not None:
        return Party(PartyKind.group, row["group"])
    if row["project"] is not None:
        return Party(PartyKind.project, row["project"])
    return Party.network()


# -- calendar feeds -------------------------------------------------------------------------------


def _calendar_meeting(
    network_ref: str, row: dict[str, Any], names: dict[str, dict[int, str]]
) -> calendar.CalendarMeeting:
    belongs_to = ""
    if row["working_group"] is not None:
        belongs_to = f"Groupe de travail : {names['group'][row['working_group']]}"
    elif row["project"] is not None:
        belongs_to = f"Projet : {names['project'][row['project']]}"
    return calendar.CalendarMeeting(
        uid=f"{row['ref']}@{network_ref}.raviv",
        title=row["title"],
        kind=MeetingKind(row["kind"]),
        mandatory=bool(row["mandatory"]),
        date=row["date"],
        start_time=row["start_time"],
        duration_milli=row["duration_milli"],
        created_at=row["created_at"],
        place=row["place"],
        link=row["link"],
        belongs_to=belongs_to,
    )


async def _calendar(
    network_ref: str, network: dict[str, Any], name: str, where: Combinable
) -> bytes:
    nid = int(network["id"])
    rows = (
        await Meeting.select(
            Meeting.ref,
            Meeting.title,
            Meeting.kind,
            Meeting.mandatory,
            Meeting.date,
            Meeting.start_time,
            Meeting.duration_milli,
            Meeting.place,
            Meeting.link,
            Meeting.working_group,
            Meeting.project,
            Meeting.created_at,
            Meeting.id,
        )
        .where((Meeting.network == nid) & where)
        .run()
    )
    groups = await WorkingGroup.select(WorkingGroup.id, WorkingGroup.name).where(
        WorkingGroup.network == nid
    )
    projects = await SharedProject.select(SharedProject.id, SharedProject.name).where(
        SharedProject.network == nid
    )
    names = {
        "group": {g["id"]: g["name"] for g in groups},
        "project": {p["id"]: p["name"] for p in projects},
    }
    return calendar.build_calendar(
        name,
        network["timezone"],
        [_calendar_meeting(network_ref, row, names) for row in rows],
        stamp=dt.datetime.now(dt.UTC),
    )


async def member_calendar(network_ref: str, member_ref: str) -> bytes:
    """The meetings a member is expected at: the network's own (of no group nor project), those
    of its working groups while it is enrolled, those of the projects it leads or partners, and
    any other it attended."""
    network = await _network(network_ref)
    nid = int(network["id"])
    member = await member_id(nid, member_ref)
    member_row = await Member.select(Member.name).where(Member.id == member).first()
    member_name = member_row["name"] if member_row else member_ref
    enrolments = await Enrolment.select(
        Enrolment.working_group, Enrolment.starts_on, Enrolment.ends_on
    ).where(Enrolment.member == member)
    led = await SharedProject.select(SharedProject.id).where(SharedProject.lead == member)
    partnered = await ProjectPartner.select(ProjectPartner.project).where(
        ProjectPartner.member == member
    )
    attended = await Attendance.select(Attendance.meeting).where(Attendance.member == member)
    projects = [r["id"] for r in led] + [r["project"] for r in partnered]
    where: Combinable = Meeting.working_group.is_null() & Meeting.project.is_null()
    if projects:
        where |= Meeting.project.is_in(projects)
    if attended:
        where |= Meeting.id.is_in([r["meeting"] for r in attended])
    for enrolment in enrolments:
        during: Combinable = (Meeting.working_group == enrolment["working_group"]) & (
            Meeting.date >= enrolment["starts_on"]
        )
        if enrolment["ends_on"] is not None:
            during &= Meeting.date < enrolment["ends_on"]
        where |= during
    return await _calendar(network_ref, network, f"{network['name']} — {member_name}", where)


async def group_calendar(network_ref: str, group_ref: str) -> bytes:
    """The meetings of one working group."""
    network = await _network(network_ref)
    group = await _group_row(int(network["id"]), group_ref)
    return await _calendar(
        network_ref,
        network,
        f"{network['name']} — {group['name']}",
        Meeting.working_group == group["id"],
    )
