"""What the working-life API reads and writes: working groups and enrolments, shared projects and
partners, meetings, attendance and check-in (msgspec Structs, validated on the way in).

``<Thing>Create`` and ``<Thing>Update`` refuse unknown fields; in an update, a field left out is
left unchanged (``msgspec.UNSET``). Durations are exact decimals of hours ("1.5"), never floats.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from raviv.edge import Input
from raviv.registry.schemas import Name, Ref
from raviv.vocabulary import MeetingKind

Description = Annotated[str, Meta(max_length=5000)]
Place = Annotated[str, Meta(max_length=200)]
Link = Annotated[
    str,
    Meta(
        pattern=r"^(|https?://\S+)$",
        max_length=500,
        description="Video-conference link (http or https), or empty.",
    ),
]
Hours = Annotated[
    Decimal,
    Meta(
        description="Duration in hours, more than 0 and at most 1000, with at most 3 decimals "
        "(a string such as '1.5' keeps it exact).",
        examples=["1.5"],
    ),
]
People = Annotated[int, Meta(ge=1, le=1000, description="People present from the member.")]
Reason = Annotated[str, Meta(max_length=500)]
CheckinCodeText = Annotated[str, Meta(min_length=1, max_length=32)]
StartTime = Annotated[
    dt.time,
    Meta(description="Local time it begins, in the network's time zone, e.g. '14:00:00'."),
]


class _Input(Input):
    """Inputs refuse fields they do not know, rather than silently dropping them."""


# -- working groups -------------------------------------------------------------------------------


class GroupCreate(_Input, kw_only=True):
    ref: Ref
    name: Name
    description: Description = ""


class GroupUpdate(_Input, kw_only=True):
    name: Name | UnsetType = UNSET
    description: Description | UnsetType = UNSET


class Group(msgspec.Struct, kw_only=True):
    ref: str
    name: str
    description: str
    enrolled: int  # members enrolled today, in the network's time zone
    facilitators: list[str]  # those of them enrolled as facilitators, by ref
    created_at: dt.datetime


class EnrolmentCreate(_Input, kw_only=True):
    """Enrol a member from ``starts_on``; ``ends_on`` (the day after the last) closes it at once,
    for a past enrolment. A ``facilitator`` facilitates (animates) the group."""

    member: Ref
    starts_on: dt.date
    ends_on: dt.date | None = None
    facilitator: bool = False


class EnrolmentEnd(_Input, kw_only=True):
    """Close a member's open enrolment: ``on`` is the day after its last day."""

    on: dt.date


class Enrolment(msgspec.Struct, kw_only=True):
    group: str
    member: str
    starts_on: dt.date
    ends_on: dt.date | None
    facilitator: bool = False


# -- shared projects ------------------------------------------------------------------------------


class ProjectCreate(_Input, kw_only=True):
    ref: Ref
    name: Name
    lead: Ref
    starts_on: dt.date
    ends_on: dt.date | None = None


class Project(msgspec.Struct, kw_only=True):
    ref: str
    name: str
    lead: str
    starts_on: dt.date
    ends_on: dt.date | None
    partners: list[str]
    created_at: dt.datetime


class PartnerAdd(_Input, kw_only=True):
    member: Ref


# -- meetings -------------------------------------------------------------------------------------


class MeetingCreate(_Input, kw_only=True):
    """A meeting of the network, or of one working group, or of one shared project (not both)."""

    ref: Ref
    title: Name
    kind: MeetingKind
    mandatory: bool = False
    date: dt.date
    start_time: StartTime | None = None
    duration_hours: Hours
    place: Place = ""
    link: Link = ""
    group: Ref | None = None
    project: Ref | None = None


class MeetingUpdate(_Input, kw_only=True):
    title: Name | UnsetType = UNSET
    kind: MeetingKind | UnsetType = UNSET
    mandatory: bool | UnsetType = UNSET
    date: dt.date | UnsetType = UNSET
    start_time: StartTime | UnsetType | None = UNSET
    duration_hours: Hours | UnsetType = UNSET
    place: Place | UnsetType = UNSET
    link: Link | UnsetType = UNSET
    group: Ref | UnsetType | None = UNSET
    project: Ref | UnsetType | None = UNSET


class AttendanceCounts(msgspec.Struct, kw_only=True):
    """Organisation-level counts of one meeting's attendance (no person is named)."""

    members_present: int
    people_present: int
    members_excused: int
    person_hours: Decimal  # duration × people present: the meeting ledger entries it yields


class Meeting(msgspec.Struct, kw_only=True):
    ref: str
    title: str
    kind: MeetingKind
    mandatory: bool
    date: dt.date
    start_time: dt.time | None
    duration_hours: Decimal
    place: str
    link: str
    group: str | None
    project: str | None
    checkin_open: bool  # a check-in code has been issued
    attendance: AttendanceCounts
    created_at: dt.datetime


# -- attendance -----------------------------------------------------------------------------------


class AttendanceIn(_Input, kw_only=True):
    """One member's line: ``people`` present, or ``excused`` (with an optional reason)."""

    member: Ref
    people: People | None = None
    excused: bool = False
    reason: Reason = ""


class AttendanceReplace(_Input, kw_only=True):
    """The whole attendance of a meeting: it replaces what was recorded."""

    attendance: Annotated[list[AttendanceIn], Meta(max_length=2000)]


class AttendanceLine(msgspec.Struct, kw_only=True):
    member: str
    people: int | None
    excused: bool
    reason: str
    person_hours: Decimal  # duration × people; 0 when excused


class AttendanceList(msgspec.Struct, kw_only=True):
    meeting: str
    attendance: list[AttendanceLine]
    counts: AttendanceCounts  # over the lines shown


class CheckinCode(msgspec.Struct, kw_only=True):
    """The code representatives type to check in, and the days it is accepted (inclusive)."""

    meeting: str
    code: str
    valid_from: dt.date
    valid_until: dt.date


class CheckIn(_Input, kw_only=True):
    """A representative checks its member in; ``member`` is needed only by someone who
    represents several members of the network."""

    code: CheckinCodeText
    people: People
    member: Ref | None = None
