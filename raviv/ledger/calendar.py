"""iCalendar feeds of meetings (RFC 5545), built from plain data: no database, no HTTP.

A meeting with a start time is a timed event in the network's time zone (``DTSTART;TZID=…``,
with the zone's ``VTIMEZONE``) lasting its duration; one without is an all-day event on its date.
Text shown to people is French, the product's default language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from raviv.vocabulary import MeetingKind

PRODID = "-//raviv//réunions du réseau//FR"

KIND_LABELS_FR = {
    MeetingKind.general_assembly: "Assemblée générale",
    MeetingKind.board: "Conseil d'administration",
    MeetingKind.working_group: "Groupe de travail",
    MeetingKind.project: "Projet",
    MeetingKind.seminar: "Séminaire",
    MeetingKind.training: "Formation",
}


@dataclass(frozen=True, slots=True)
class CalendarMeeting:
    """One meeting as a calendar shows it."""

    uid: str  # stable and globally unique: a calendar client updates the event it already has
    title: str
    kind: MeetingKind
    mandatory: bool
    date: dt.date
    start_time: dt.time | None
    duration_milli: int  # thousandths of an hour
    created_at: dt.datetime  # aware
    place: str = ""
    link: str = ""
    belongs_to: str = ""  # e.g. "Groupe de travail : PETR", or empty for the network's own


def hours_fr(duration_milli: int) -> str:
    """A duration as French text: 1500 → "1,5 h"."""
    return f"{Decimal(duration_milli) / 1000} h".replace(".", ",")


def _seconds(duration_milli: int) -> int:
    """Whole seconds, half up: RFC 5545 durations have no fractions of a second."""
    return (duration_milli * 36 + 5) // 10


def _description(meeting: CalendarMeeting) -> str:
    lines = [KIND_LABELS_FR[meeting.kind]]
    if meeting.belongs_to:
        lines.append(meeting.belongs_to)
    lines.append(f"Durée : {hours_fr(meeting.duration_milli)}")
    if meeting.mandatory:
        lines.append("Présence obligatoire (ou excuse)")
    if meeting.link:
        lines.append(f"Lien : {meeting.link}")
    return "\n".join(lines)


def meeting_event(meeting: CalendarMeeting, zone: ZoneInfo, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("created", meeting.created_at.astimezone(dt.UTC))
    event.add("summary", meeting.title)
    if meeting.start_time is None:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    else:
        event.add("dtstart", dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone))
        event.add("duration", dt.timedelta(seconds=_seconds(meeting.duration_milli)))
    location = meeting.place or meeting.link
    if location:
        event.add("location", location)
    if meeting.link:
        event.add("url", meeting.link)
    event.add("categories", [KIND_LABELS_FR[meeting.kind]])
    event.add("description", _description(meeting))
    event.add("transp", "OPAQUE")
    return event


def build_calendar(
    name: str, timezone: str, meetings: Iterable[CalendarMeeting], *, stamp: dt.datetime
) -> bytes:
    """A whole ``VCALENDAR`` holding ``meetings``, named ``name``, times in ``timezone``.

    It is published (``METHOD:PUBLISH``), so every event's ``DTSTAMP`` is ``stamp``, the time
    the feed is made (RFC 5545 §3.8.7.2); when the meeting was created is its ``CREATED``."""
    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in sorted(meetings, key=lambda m: (m.date, m.start_time or dt.time.min, m.uid)):
        calendar.add_component(meeting_event(meeting, zone, stamp))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
