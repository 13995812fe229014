"""Working life against the real database: groups and enrolments, projects, meetings,
attendance, check-in, and the meeting entries attendance yields.

Camille coordinates ``raviv-idf``; Karim represents ``alize``, Mallory ``basalte``; both have been
members since 2024-01-01. Each test runs in a rolled-back transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from raviv.access.tables import AuditEntry
from raviv.errors import ConflictError, ForbiddenError, InvalidError, NotFoundError
from raviv.ledger import working_life as service
from raviv.ledger.tables import (
    Attendance,
    Contribution,
    Enrolment,
    Meeting,
    ProjectPartner,
    SharedProject,
    WorkingGroup,
)
from raviv.ledger.working_schemas import (
    AttendanceIn,
    AttendanceReplace,
    CheckIn,
    EnrolmentCreate,
    EnrolmentEnd,
    GroupCreate,
    GroupUpdate,
    MeetingCreate,
    MeetingUpdate,
    PartnerAdd,
    ProjectCreate,
)
from raviv.registry import service as registry
from raviv.registry.schemas import MemberCreate, NetworkCreate
from raviv.valuation import Party
from raviv.vocabulary import Form, MeetingKind, PartyKind, Unit

NET = "raviv-idf"
D = dt.date


@pytest.fixture
async def network(db: None) -> str:
    await registry.create_network(NetworkCreate(ref=NET, name="RAVIV"))
    for ref, name in (("alize", "Compagnie Alizé"), ("basalte", "Ensemble Basalte")):
        await registry.create_member(NET, MemberCreate(ref=ref, name=name, joined_on=D(2024, 1, 1)))
    return NET


@pytest.fixture
async def petr(network: str) -> str:
    await service.create_group(network, GroupCreate(ref="petr", name="PETR", description="Pôle"))
    return "petr"


async def actions() -> list[str]:
    rows = await AuditEntry.select(AuditEntry.action).order_by(AuditEntry.id).run()
    return [row["action"] for row in rows]


async def counts() -> tuple[int, ...]:
    tables = (WorkingGroup, Enrolment, SharedProject, ProjectPartner, Meeting, Attendance)
    return (*[await t.count().run() for t in tables], await AuditEntry.count().run())


OPEN = MeetingKind.general_assembly  # the network's own: every active member may check in


def meeting(**changes: Any) -> MeetingCreate:
    fields: dict[str, Any] = {
        "ref": "m1",
        "title": "Réunion du PETR",
        "kind": MeetingKind.working_group,
        "date": D(2025, 3, 4),
        "duration_hours": Decimal("1.5"),
    }
    return MeetingCreate(**(fields | changes))


def present(member: str, people: int) -> AttendanceIn:
    return AttendanceIn(member=member, people=people)


def excused(member: str, reason: str = "") -> AttendanceIn:
    return AttendanceIn(member=member, excused=True, reason=reason)


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Paris")).date()


# -- working groups and enrolments ----------------------------------------------------------------


async def test_camille_creates_a_group_and_enrols_karims_member(petr: str) -> None:
    enrolment = await service.enrol(
        NET, petr, EnrolmentCreate(member="alize", starts_on=D(2025, 1, 1))
    )
    assert (enrolment.member, enrolment.starts_on, enrolment.ends_on) == (
        "alize",
        D(2025, 1, 1),
        None,
    )
    assert (await service.get_group(NET, petr)).enrolled == 1
    assert [e.member for e in await service.list_enrolments(NET, petr)] == ["alize"]
    assert await actions() == [
        "network.create",
        "member.create",
        "member.create",
        "group.create",
        "group.enrol",
    ]


async def test_a_group_is_renamed_and_the_change_is_audited(petr: str) -> None:
    updated = await service.update_group(NET, petr, GroupUpdate(name="Pôle emploi"))
    assert (updated.name, updated.description) == ("Pôle emploi", "Pôle")
    line = await AuditEntry.select().where(AuditEntry.action == "group.update").first()
    assert line is not None
    assert "Pôle emploi" in str(line["after"])
    assert "description" not in str(line["after"])


async def test_a_group_ref_is_used_once_per_network(petr: str) -> None:
    before = await counts()
    with pytest.raises(ConflictError) as raised:
        await service.create_group(NET, GroupCreate(ref=petr, name="Autre"))
    assert raised.value.errors[0].field == "ref"
    assert await counts() == before


async def test_un_enrolling_closes_the_open_enrolment_on_the_day_after_the_last(petr: str) -> None:
    await service.enrol(NET, petr, EnrolmentCreate(member="alize", starts_on=D(2025, 1, 1)))
    closed = await service.unenrol(NET, petr, "alize", EnrolmentEnd(on=D(2025, 7, 1)))
    assert closed.ends_on == D(2025, 7, 1)
    # Half-open: enrolled again from the very day the last one ended.
    await service.enrol(NET, petr, EnrolmentCreate(member="alize", starts_on=D(2025, 7, 1)))
    listed = await service.list_enrolments(NET, petr)
    assert [(e.starts_on, e.ends_on) for e in listed] == [
        (D(2025, 1, 1), D(2025, 7, 1)),
        (D(2025, 7, 1), None),
    ]
    assert (await actions())[-3:] == ["group.enrol", "group.unenrol", "group.enrol"]


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (D(2025, 3, 1), None),  # inside the open enrolment
        (D(2024, 6, 1), D(2025, 1, 2)),  # ends one day into it
        (D(2024, 6, 1), None),  # open, before it: would run into it
    ],
)
async def test_overlapping_enrolments_are_refused_and_nothing_is_written(
    petr: str, starts_on: dt.date, ends_on: dt.date | None
) -> None:
    await service.enrol(NET, petr, EnrolmentCreate(member="alize", starts_on=D(2025, 1, 1)))
    before = await counts()
    with pytest.raises(ConflictError) as raised:
        await service.enrol(
            NET, petr, EnrolmentCreate(member="alize", starts_on=starts_on, ends_on=ends_on)
        )
    assert raised.value.errors[0].field == "starts_on"
    assert await counts() == before


async def test_a_past_enrolment_that_ends_before_the_next_one_is_accepted(petr: str) -> None:
    await service.enrol(NET, petr, EnrolmentCreate(member="alize", starts_on=D(2025, 1, 1)))
    await service.enrol(
        NET, petr, EnrolmentCreate(member="alize", starts_on=D(2024, 2, 1), ends_on=D(2025, 1, 1))
    )
    assert len(await service.list_enrolments(NET, petr)) == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (EnrolmentCreate(member="zephyr", starts_on=D(2025, 1, 1)), "member"),  # not in it
        (EnrolmentCreate(member="alize", starts_on=D(2023, 12, 31)), "member"),  # before joining
        (
            EnrolmentCreate(member="alize", starts_on=D(2025, 1, 1), ends_on=D(2025, 1, 1)),
            "ends_on",
        ),
    ],
)
async def test_an_enrolment_outside_the_network_or_empty_is_refused(
    petr: str, data: EnrolmentCreate, field: str
) -> None:
    before = await counts()
    with pytest.raises(InvalidError) as raised:
        await service.enrol(NET, petr, data)
    assert raised.value.errors[0].field == field
    assert await counts() == before


async def test_a_member_that_left_cannot_be_enrolled_after_it_left(petr: str) -> None:
    from raviv.registry.lifecycle import Action
    from raviv.registry.schemas import MembershipAction

    await registry.change_membership(
        NET, "basalte", Action.leave, MembershipAction(on=D(2025, 1, 1))
    )
    with pytest.raises(InvalidError):
        await service.enrol(NET, petr, EnrolmentCreate(member="basalte", starts_on=D(2025, 2, 1)))
    await service.enrol(NET, petr, EnrolmentCreate(member="basalte", starts_on=D(2024, 6, 1)))


async def test_un_enrolling_needs_an_open_enrolment_and_a_later_day(petr: str) -> None:
    with pytest.raises(ConflictError):
        await service.unenrol(NET, petr, "alize", EnrolmentEnd(on=D(2025, 7, 1)))
    await service.enrol(NET, petr, EnrolmentCreate(member="alize", starts_on=D(2025, 1, 1)))
    before = await counts()
    with pytest.raises(InvalidError) as raised:
        await service.unenrol(NET, petr, "alize", EnrolmentEnd(on=D(2025, 1, 1)))
    assert raised.value.errors[0].field == "on"
    with pytest.raises(NotFoundError):
        await service.unenrol(NET, petr, "inconnu", EnrolmentEnd(on=D(2025, 7, 1)))
    assert await counts() == before


# -- shared projects ------------------------------------------------------------------------------


async def test_a_project_is_led_by_one_member_and_gains_and_loses_partners(network: str) -> None:
    created = await service.create_project(
        NET,
        ProjectCreate(ref="festival", name="Festival", lead="alize", starts_on=D(2025, 5, 1)),
    )
    assert (created.lead, created.partners) == ("alize", [])
    added = await service.add_partner(NET, "festival", PartnerAdd(member="basalte"))
    assert added.partners == ["basalte"]
    with pytest.raises(ConflictError):
        await service.add_partner(NET, "festival", PartnerAdd(member="basalte"))
    with pytest.raises(InvalidError) as raised:
        await service.add_partner(NET, "festival", PartnerAdd(member="alize"))
    assert raised.value.errors[0].field == "member"
    await service.remove_partner(NET, "festival", "basalte")
    assert (await service.get_project(NET, "festival")).partners == []
    with pytest.raises(NotFoundError):
        await service.remove_partner(NET, "festival", "basalte")
    assert (await actions())[-3:] == [
        "project.create",
        "project.partner_add",
        "project.partner_remove",
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"lead": "inconnu"}, "lead"), ({"ends_on": D(2025, 4, 30)}, "ends_on")],
)
async def test_a_project_with_an_unknown_lead_or_no_days_is_refused(
    network: str, changes: dict[str, Any], field: str
) -> None:
    fields = {"ref": "festival", "name": "Festival", "lead": "alize", "starts_on": D(2025, 5, 1)}
    before = await counts()
    with pytest.raises(InvalidError) as raised:
        await service.create_project(NET, ProjectCreate(**(fields | changes)))
    assert raised.value.errors[0].field == field
    assert await counts() == before


# -- meetings -------------------------------------------------------------------------------------


async def test_a_duration_is_exact_hours_stored_in_thousandths(petr: str) -> None:
    created = await service.create_meeting(NET, meeting(group=petr, start_time=dt.time(14)))
    assert created.duration_hours == Decimal("1.5")
    assert (created.group, created.project, created.start_time) == (petr, None, dt.time(14))
    row = await Meeting.select(Meeting.duration_milli).first()
    assert row is not None
    assert row["duration_milli"] == 1500


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"duration_hours": Decimal("1.2345")}, "duration_hours"),
        ({"duration_hours": Decimal(0)}, "duration_hours"),
        ({"duration_hours": Decimal("1000.001")}, "duration_hours"),
        ({"duration_hours": Decimal("NaN")}, "duration_hours"),
        ({"group": "petr", "project": "festival"}, "project"),
        ({"group": "inconnu"}, "group"),
        ({"project": "inconnu"}, "project"),
        ({"start_time": dt.time(14, tzinfo=dt.UTC)}, "start_time"),
    ],
)
async def test_a_meeting_with_bad_input_is_refused_naming_the_field(
    petr: str, changes: dict[str, Any], field: str
) -> None:
    before = await counts()
    with pytest.raises(InvalidError) as raised:
        await service.create_meeting(NET, meeting(**changes))
    assert raised.value.errors[0].field == field
    assert await counts() == before


async def test_meetings_are_listed_by_date_with_half_open_date_filters(petr: str) -> None:
    await service.create_project(
        NET, ProjectCreate(ref="festival", name="Festival", lead="alize", starts_on=D(2025, 1, 1))
    )
    await service.create_meeting(NET, meeting(ref="m1", group=petr, date=D(2025, 3, 4)))
    await service.create_meeting(
        NET,
        meeting(
            ref="ag",
            kind=MeetingKind.general_assembly,
            mandatory=True,
            date=D(2025, 6, 14),
            duration_hours=Decimal(3),
        ),
    )
    await service.create_meeting(
        NET, meeting(ref="p1", kind=MeetingKind.project, project="festival", date=D(2025, 6, 1))
    )

    async def refs(**filters: Any) -> list[str]:
        page = await service.list_meetings(NET, limit=50, offset=0, **filters)
        return [m.ref for m in page.items]

    assert await refs() == ["m1", "p1", "ag"]
    assert await refs(since=D(2025, 6, 1), until=D(2025, 6, 14)) == ["p1"]
    assert await refs(kind=MeetingKind.general_assembly) == ["ag"]
    assert await refs(mandatory=True) == ["ag"]
    assert await refs(mandatory=False) == ["m1", "p1"]
    assert await refs(group=petr) == ["m1"]
    assert await refs(project="festival") == ["p1"]
    assert await refs(group="inconnu") == []


async def test_a_meeting_changes_until_attendance_is_recorded(petr: str) -> None:
    await service.create_meeting(NET, meeting(group=petr))
    changed = await service.update_meeting(
        NET, "m1", MeetingUpdate(duration_hours=Decimal(2), place="Pantin", group=None)
    )
    assert (changed.duration_hours, changed.place, changed.group) == (Decimal(2), "Pantin", None)
    await service.replace_attendance(NET, "m1", AttendanceReplace(attendance=[present("alize", 1)]))
    before = await counts()
    with pytest.raises(ConflictError):
        await service.update_meeting(NET, "m1", MeetingUpdate(title="Autre titre"))
    assert await counts() == before
    assert "meeting.update" in await actions()


async def test_a_meeting_cannot_be_moved_to_a_group_and_a_project_at_once(petr: str) -> None:
    await service.create_project(
        NET, ProjectCreate(ref="festival", name="Festival", lead="alize", starts_on=D(2025, 1, 1))
    )
    await service.create_meeting(NET, meeting(group=petr))
    with pytest.raises(InvalidError) as raised:
        await service.update_meeting(NET, "m1", MeetingUpdate(project="festival"))
    assert raised.value.errors[0].field == "project"
    moved = await service.update_meeting(NET, "m1", MeetingUpdate(project="festival", group=None))
    assert (moved.group, moved.project) == (None, "festival")


# -- attendance -----------------------------------------------------------------------------------


async def test_the_coordinators_list_replaces_the_attendance_and_is_audited(petr: str) -> None:
    await service.create_meeting(NET, meeting(group=petr))
    await service.replace_attendance(NET, "m1", AttendanceReplace(attendance=[present("alize", 3)]))
    replaced = await service.replace_attendance(
        NET,
        "m1",
        AttendanceReplace(attendance=[present("alize", 2), excused("basalte", "en tournée")]),
    )
    assert [(a.member, a.people, a.excused) for a in replaced.attendance] == [
        ("alize", 2, False),
        ("basalte", None, True),
    ]
    assert replaced.counts.person_hours == Decimal(3)
    assert await Attendance.count().run() == 2
    line = (
        await AuditEntry.select(AuditEntry.before, AuditEntry.after)
        .where(AuditEntry.action == "meeting.attendance")
        .order_by(AuditEntry.id, ascending=False)
        .first()
    )
    assert line is not None
    before, after = (json.loads(line[k]) if isinstance(line[k], str) else line[k] for k in line)
    assert [(a["member"], a["people"]) for a in before] == [("alize", 3)]
    assert [(a["member"], a["people"], a["reason"]) for a in after] == [
        ("alize", 2, ""),
        ("basalte", None, "en tournée"),
    ]
    emptied = await service.replace_attendance(NET, "m1", AttendanceReplace(attendance=[]))
    assert emptied.attendance == []
    assert await Attendance.count().run() == 0


async def test_a_representative_sees_only_its_own_members_line(petr: str) -> None:
    await service.create_meeting(NET, meeting(group=petr))
    await service.replace_attendance(
        NET, "m1", AttendanceReplace(attendance=[present("alize", 2), excused("basalte")])
    )
    seen = await service.get_attendance(NET, "m1", only=frozenset({"alize"}))
    assert [a.member for a in seen.attendance] == ["alize"]
    assert (seen.counts.members_present, seen.counts.members_excused) == (1, 0)
    everything = await service.get_attendance(NET, "m1", only=None)
    assert len(everything.attendance) == 2
    counted = await service.get_meeting(NET, "m1")
    assert (counted.attendance.people_present, counted.attendance.members_excused) == (2, 1)


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([AttendanceIn(member="alize", people=2, excused=True)], "attendance[0].people"),
        ([AttendanceIn(member="alize")], "attendance[0].people"),
        ([present("alize", 1), present("alize", 2)], "attendance[1].member"),
        ([present("alize", 1), present("zephyr", 2)], "attendance[1].member"),
        ([AttendanceIn(member="alize", people=1, reason="malade")], "attendance[0].reason"),
    ],
)
async def test_a_bad_attendance_list_changes_nothing(
    petr: str, lines: list[AttendanceIn], field: str
) -> None:
    await service.create_meeting(NET, meeting(group=petr))
    await service.replace_attendance(
        NET, "m1", AttendanceReplace(attendance=[present("basalte", 1)])
    )
    before = await counts()
    with pytest.raises(InvalidError) as raised:
        await service.replace_attendance(NET, "m1", AttendanceReplace(attendance=lines))
    assert raised.value.errors[0].field == field
    assert await counts() == before


# -- check-in -------------------------------------------------------------------------------------


async def test_karim_checks_his_member_in_with_the_meetings_code(petr: str) -> None:
    await service.create_meeting(NET, meeting(kind=OPEN, date=today()))
    await service.replace_attendance(NET, "m1", AttendanceReplace(attendance=[excused("alize")]))
    issued = await service.issue_checkin_code(NET, "m1")
    assert len(issued.code) == 6
    assert (issued.valid_from, issued.valid_until) == (
        today() - dt.timedelta(days=1),
        today() + dt.timedelta(days=1),
    )
    line = await service.check_in(
        NET,
        "m1",
        CheckIn(code=issued.code.lower(), people=2),
        account=1,
        represented=frozenset({"alize"}),
    )
    assert (line.member, line.people, line.excused, line.person_hours) == ("alize", 2, False, 3)
    rows = await Attendance.select(Attendance.people, Attendance.excused).run()
    assert rows == [{"people": 2, "excused": False}]
    assert (await actions())[-2:] == ["meeting.checkin_code", "meeting.checkin"]
    issued_line = (
        await AuditEntry.select().where(AuditEntry.action == "meeting.checkin_code").first()
    )
    assert issued_line is not None
    assert issued.code not in str(issued_line)


async def test_a_wrong_code_is_refused_logged_and_writes_nothing(petr: str) -> None:
    await service.create_meeting(NET, meeting(kind=OPEN, date=today()))
    issued = await service.issue_checkin_code(NET, "m1")
    wrong = "AAAAAA" if issued.code != "AAAAAA" else "BBBBBB"
    attendance = await Attendance.count().run()
    with pytest.raises(ForbiddenError):
        await service.check_in(
            NET, "m1", CheckIn(code=wrong, people=2), account=1, represented=frozenset({"alize"})
        )
    assert await Attendance.count().run() == attendance
    refused = await AuditEntry.select(AuditEntry.detail).where(
        AuditEntry.action == "meeting.checkin_refused"
    )
    assert [r["detail"] for r in refused] == ["wrong code given for 'alize'"]


async def test_there_is_no_check_in_before_a_code_is_issued(petr: str) -> None:
    await service.create_meeting(NET, meeting(kind=OPEN, date=today()))
    with pytest.raises(ForbiddenError):
        await service.check_in(
            NET, "m1", CheckIn(code="ABCDEF", people=1), account=1, represented=frozenset({"alize"})
        )


async def test_a_code_typed_with_accents_is_just_wrong(petr: str) -> None:
    await service.create_meeting(NET, meeting(kind=OPEN, date=today()))
    await service.issue_checkin_code(NET, "m1")
    with pytest.raises(ForbiddenError):
        await service.check_in(
            NET, "m1", CheckIn(code="ÉÉÉÉÉÉ", people=1), account=1, represented=frozenset({"alize"})
        )


@pytest.mark.parametrize("days", [-2, 2])
async def test_check_in_is_open_only_the_day_before_to_the_day_after(petr: str, days: int) -> None:
    await service.create_meeting(NET, meeting(kind=OPEN, date=today() + dt.timedelta(days=days)))
    issued = await service.issue_checkin_code(NET, "m1")
    with pytest.raises(InvalidError) as raised:
        await service.check_in(
            NET,
            "m1",
            CheckIn(code=issued.code, people=1),
            account=1,
            represented=frozenset({"alize"}),
        )
    assert raised.value.errors[0].field == "code"
    assert await Attendance.count().run() == 0


async def test_check_in_is_for_ones_own_member_only(petr: str) -> None:
    await service.create_meeting(NET, meeting(kind=OPEN, date=today() - dt.timedelta(days=1)))
    code = (await service.issue_checkin_code(NET, "m1")).code
    for represented, member in ((frozenset({"alize"}), "basalte"), (frozenset(), None)):
        with pytest.raises(ForbiddenError):
            await service.check_in(
                NET,
                "m1",
                CheckIn(code=code, people=1, member=member),
                account=1,
                represented=represented,
            )
    both = frozenset({"alize", "basalte"})
    with pytest.raises(InvalidError) as raised:
        await service.check_in(NET, "m1", CheckIn(code=code, people=1), account=1, represented=both)
    assert raised.value.errors[0].field == "member"
    assert await Attendance.count().run() == 0
    await service.check_in(
        NET, "m1", CheckIn(code=code, people=1, member="basalte"), account=1, represented=both
    )
    assert await Attendance.count().run() == 1


# -- the ledger entries attendance yields ---------------------------------------------------------


async def test_attendance_yields_meeting_entries_derived_at_read_time(petr: str) -> None:
    await service.create_project(
        NET, ProjectCreate(ref="festival", name="Festival", lead="alize", starts_on=D(2025, 1, 1))
    )
    await service.create_meeting(NET, meeting(ref="m1", group=petr, date=D(2025, 3, 4)))
    await service.create_meeting(
        NET, meeting(ref="p1", kind=MeetingKind.project, project="festival", date=D(2025, 4, 1))
    )
    await service.create_meeting(
        NET,
        meeting(
            ref="ag",
            kind=MeetingKind.general_assembly,
            date=D(2025, 6, 14),
            duration_hours=Decimal("2.25"),
        ),
    )
    await service.replace_attendance(
        NET, "m1", AttendanceReplace(attendance=[present("alize", 2), excused("basalte")])
    )
    await service.replace_attendance(
        NET, "p1", AttendanceReplace(attendance=[present("basalte", 1)])
    )
    await service.replace_attendance(NET, "ag", AttendanceReplace(attendance=[present("alize", 3)]))

    entries = await service.meeting_entries(NET)
    assert [(e.ref, e.giver, e.receiver, e.quantity, e.date) for e in entries] == [
        (
            "m1/alize",
            Party.member("alize"),
            Party(PartyKind.group, petr),
            Decimal(3),
            D(2025, 3, 4),
        ),
        (
            "p1/basalte",
            Party.member("basalte"),
            Party(PartyKind.project, "festival"),
            Decimal("1.5"),
            D(2025, 4, 1),
        ),
        ("ag/alize", Party.member("alize"), Party.network(), Decimal("6.75"), D(2025, 6, 14)),
    ]
    assert {(e.form, e.unit) for e in entries} == {(Form.meeting, Unit.person_hours)}
    in_spring = await service.meeting_entries(NET, start=D(2025, 4, 1), end=D(2025, 6, 14))
    assert [e.ref for e in in_spring] == ["p1/basalte"]
    # Nothing is stored in the ledger: a corrected list corrects the entries.
    assert await Contribution.count().run() == 0
    await service.replace_attendance(NET, "ag", AttendanceReplace(attendance=[excused("alize")]))
    assert [e.ref for e in await service.meeting_entries(NET)] == ["m1/alize", "p1/basalte"]
