"""The iCalendar feed builder: plain data in, RFC 5545 text out."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar

from raviv.ledger.calendar import CalendarMeeting, build_calendar, hours_fr
from raviv.vocabulary import MeetingKind

STAMP = dt.datetime(2025, 6, 1, 8, 0, tzinfo=dt.UTC)  # when the feed is made
CREATED = dt.datetime(2025, 1, 10, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))


def ag(**changes: object) -> CalendarMeeting:
    fields: dict[str, object] = {
        "uid": "ag-2025@raviv-idf.raviv",
        "title": "Assemblée générale 2025",
        "kind": MeetingKind.general_assembly,
        "mandatory": True,
        "date": dt.date(2025, 6, 14),
        "start_time": dt.time(14, 0),
        "duration_milli": 1500,
        "created_at": CREATED,
        "place": "La Parole errante, Montreuil",
    }
    return CalendarMeeting(**(fields | changes))  # type: ignore[arg-type]


def parsed(text: bytes) -> Calendar:
    return Calendar.from_ical(text)


def test_a_timed_meeting_starts_at_its_local_time_in_the_networks_zone() -> None:
    text = build_calendar("RAVIV", "Europe/Paris", [ag()], stamp=STAMP)
    assert b"DTSTART;TZID=Europe/Paris:20250614T140000\r\n" in text
    assert b"DURATION:PT1H30M\r\n" in text
    assert b"BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n" in text
    event = parsed(text).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start == dt.datetime(2025, 6, 14, 14, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert start.utcoffset() == dt.timedelta(hours=2)  # summer time


def test_a_meeting_without_a_start_time_is_an_all_day_event() -> None:
    text = build_calendar("RAVIV", "Europe/Paris", [ag(start_time=None)], stamp=STAMP)
    assert b"DTSTART;VALUE=DATE:20250614\r\n" in text
    assert b"DTEND;VALUE=DATE:20250615\r\n" in text
    assert b"VTIMEZONE" not in text  # no time, no zone to describe
    assert b"DURATION" not in text


def test_the_calendar_is_valid_rfc_5545_text() -> None:
    long_title = "Séminaire « coopérer » ; avec virgules, points-virgules et accents " * 3
    text = build_calendar(
        "RAVIV — Compagnie Alizé",
        "Europe/Paris",
        [ag(), ag(uid="sem@raviv-idf.raviv", title=long_title, start_time=None)],
        stamp=STAMP,
    )
    assert text.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith(b"END:VCALENDAR\r\n")
    lines = text.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), "lines are folded at 75 octets"
    assert b"\n" not in text.replace(b"\r\n", b"")
    calendar = parsed(text)
    assert calendar["prodid"]
    assert calendar["version"] == "2.0"
    assert str(calendar["x-wr-calname"]) == "RAVIV — Compagnie Alizé"
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [long_title, "Assemblée générale 2025"]
    for event in events:  # required by RFC 5545 in every VEVENT
        assert event["uid"]
        assert event.decoded("dtstamp") == STAMP
        assert event.decoded("created") == CREATED


def test_the_description_says_what_the_meeting_is_in_french() -> None:
    text = build_calendar(
        "RAVIV",
        "Europe/Paris",
        [ag(link="https://visio.example/ag", belongs_to="Groupe de travail : PETR")],
        stamp=STAMP,
    )
    event = parsed(text).walk("VEVENT")[0]
    assert str(event["description"]).split("\n") == [
        "Assemblée générale",
        "Groupe de travail : PETR",
        "Durée : 1,5 h",
        "Présence obligatoire (ou excuse)",
        "Lien : https://visio.example/ag",
    ]
    assert str(event["location"]) == "La Parole errante, Montreuil"
    assert str(event["url"]) == "https://visio.example/ag"


def test_a_meeting_held_online_is_located_at_its_link() -> None:
    text = build_calendar(
        "RAVIV", "Europe/Paris", [ag(place="", link="https://visio.example/x")], stamp=STAMP
    )
    assert str(parsed(text).walk("VEVENT")[0]["location"]) == "https://visio.example/x"


def test_events_come_in_date_then_time_order() -> None:
    later = ag(uid="b", date=dt.date(2025, 6, 15))
    morning = ag(uid="c", start_time=dt.time(9))
    all_day = ag(uid="d", start_time=None)
    text = build_calendar(
        "RAVIV", "Europe/Paris", [later, ag(uid="a"), morning, all_day], stamp=STAMP
    )
    assert [str(e["uid"]) for e in parsed(text).walk("VEVENT")] == ["d", "c", "a", "b"]


def test_durations_in_thousandths_of_an_hour_become_whole_seconds() -> None:
    text = build_calendar("RAVIV", "Europe/Paris", [ag(duration_milli=1)], stamp=STAMP)  # 3.6 s
    assert b"DURATION:PT4S\r\n" in text
    assert hours_fr(2000) == "2 h"
    assert hours_fr(1250) == "1,25 h"


def test_an_empty_calendar_is_still_a_calendar() -> None:
    calendar = parsed(build_calendar("RAVIV", "Europe/Paris", [], stamp=STAMP))
    assert calendar.walk("VEVENT") == []
