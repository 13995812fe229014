"""Calendar feeds by secret link: what a calendar app that sends no ``Authorization`` reads.

The federation ``fede`` holds ``raviv-idf``: Camille coordinates it; Karim represents ``alize``
(enrolled in the PETR group, whose meeting m1 is today), Mallory ``basalte``; Sophie reads it as
a consultant; Hélène coordinates the federation. Whoever holds a link reads the feed, as long as
the account it was given to may still read it; any other link answers 404 and is logged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar

from raviv.access import service
from raviv.access.tables import AuditEntry, Grant
from raviv.ledger.feed_controllers import Feed, feed_token
from raviv.settings import get_settings
from tests.personas import CAST, Clients, bearer_token, client_as, persona_clients

NET = "/api/networks/raviv-idf"
FEEDS = "/api/feeds/raviv-idf"


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


@pytest.fixture
async def people(db: None) -> AsyncIterator[Clients]:
    admin = client_as(await bearer_token("admin@raviv.test", site_admin=True))
    await ok(await admin.post("/api/networks", json={"ref": "fede", "name": "Fédération"}), 201)
    network = {"ref": "raviv-idf", "name": "RAVIV", "parent": "fede"}
    await ok(await admin.post("/api/networks", json=network), 201)
    for ref, name in (("alize", "Compagnie Alizé"), ("basalte", "Ensemble Basalte")):
        member = {"ref": ref, "name": name, "joined_on": "2024-01-01"}
        await ok(await admin.post(NET + "/members", json=member), 201)
    await ok(await admin.post(NET + "/groups", json={"ref": "petr", "name": "PETR"}), 201)
    enrolment = {"member": "alize", "starts_on": "2025-01-01"}
    await ok(await admin.post(NET + "/groups/petr/enrolments", json=enrolment), 201)
    today = dt.datetime.now(ZoneInfo("Europe/Paris")).date()
    meeting = {
        "ref": "m1",
        "title": "Réunion du PETR",
        "kind": "working_group",
        "date": today.isoformat(),
        "start_time": "14:00:00",
        "duration_hours": "1.5",
        "group": "petr",
    }
    await ok(await admin.post(NET + "/meetings", json=meeting), 201)
    ag = {"ref": "ag", "title": "AG", "kind": "general_assembly", "date": "2025-06-14"}
    await ok(await admin.post(NET + "/meetings", json=ag | {"duration_hours": "2"}), 201)
    opened = {
        "admin": admin,
        "anonymous": client_as(),
        **await persona_clients("raviv-idf", *CAST),
    }
    yield opened
    for client in opened.values():
        await client.aclose()


async def link(client: httpx.AsyncClient, path: str) -> str:
    """The path and query of the link ``path`` (a …/calendar-link) gives."""
    url = (await ok(await client.get(path)))["url"]
    parts = urlsplit(url)
    assert url.startswith(get_settings().access.public_url + "/api/feeds/")
    return f"{parts.path}?{parts.query}"


def without_stamp(content: bytes) -> bytes:
    """The calendar without its DTSTAMP lines: the time it was made differs from call to call."""
    return re.sub(rb"DTSTAMP:[^\r\n]*\r\n", b"", content)


def uids(content: bytes) -> list[str]:
    return sorted(str(e["uid"]) for e in Calendar.from_ical(content).walk("VEVENT"))


async def account(name: str) -> int:
    found = await service.account_id_by_email(f"{name}@raviv.test")
    assert found is not None
    return found


async def refusals() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await AuditEntry.select(
            AuditEntry.action,
            AuditEntry.account,
            AuditEntry.object_type,
            AuditEntry.object_ref,
            AuditEntry.network.ref.as_alias("network"),
        )
        .where(AuditEntry.action == "calendar.feed_refused")
        .order_by(AuditEntry.id)
        .run()
    )
    return rows


# -- the link reads the feed ----------------------------------------------------------------------


async def test_karims_link_reads_his_calendar_without_authorization(people: Clients) -> None:
    feed = await link(people["karim"], NET + "/members/alize/calendar-link")

    response = await people["anonymous"].get(feed)
    signed_in = await people["karim"].get(NET + "/members/alize/calendar.ics")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == 'inline; filename="alize.ics"'
    assert without_stamp(response.content) == without_stamp(signed_in.content)
    assert uids(response.content) == ["ag@raviv-idf.raviv", "m1@raviv-idf.raviv"]
    assert feed.startswith(FEEDS + "/members/alize/calendar.ics?feed=")


async def test_sophies_link_reads_the_groups_calendar_without_authorization(
    people: Clients,
) -> None:
    feed = await link(people["sophie"], NET + "/groups/petr/calendar-link")

    response = await people["anonymous"].get(feed)
    signed_in = await people["sophie"].get(NET + "/groups/petr/calendar.ics")

    assert response.status_code == 200, response.text
    assert without_stamp(response.content) == without_stamp(signed_in.content)
    assert uids(response.content) == ["m1@raviv-idf.raviv"]


async def test_the_same_caller_always_gets_the_same_link(people: Clients) -> None:
    first = await link(people["camille"], NET + "/members/alize/calendar-link")
    second = await link(people["camille"], NET + "/members/alize/calendar-link")
    karims = await link(people["karim"], NET + "/members/alize/calendar-link")

    assert first == second  # stateless: nothing is stored, nothing to list or forget
    assert karims != first  # each account its own link, revoked with its own role


async def test_there_is_no_link_to_what_does_not_exist(people: Clients) -> None:
    for path in ("/members/inconnu/calendar-link", "/groups/inconnu/calendar-link"):
        assert (await people["camille"].get(NET + path)).status_code == 404


# -- a bad link says nothing, and is logged -------------------------------------------------------


async def test_a_tampered_link_answers_404_and_is_logged(people: Clients) -> None:
    feed = await link(people["karim"], NET + "/members/alize/calendar-link")
    last = feed[-1]
    tampered = feed[:-1] + ("A" if last != "A" else "B")
    other_account = re.sub(r"feed=\d+\.", "feed=1.", feed)

    for url in (tampered, other_account, FEEDS + "/members/alize/calendar.ics"):
        response = await people["anonymous"].get(url)
        assert response.status_code == 404, url
        assert "BEGIN:VCALENDAR" not in response.text
        assert response.json()["detail"] == "No such calendar feed."

    logged = await refusals()
    assert len(logged) == 3
    assert {(r["network"], r["object_type"], r["object_ref"]) for r in logged} == {
        ("raviv-idf", "member", "alize")
    }
    assert {r["account"] for r in logged} == {None}  # the MAC was wrong: no account to name


async def test_a_link_reads_its_own_feed_only(people: Clients) -> None:
    feed = await link(people["camille"], NET + "/members/alize/calendar-link")
    token = feed.split("feed=")[1]

    for url in (
        FEEDS + "/members/basalte/calendar.ics",  # another member
        FEEDS + "/groups/alize/calendar.ics",  # another kind of feed
        "/api/feeds/fede/members/alize/calendar.ics",  # another network
    ):
        response = await people["anonymous"].get(url, params={"feed": token})
        assert response.status_code == 404, url
    assert len(await refusals()) == 3


async def test_a_link_stops_working_when_its_account_loses_its_role(people: Clients) -> None:
    feed = await link(people["karim"], NET + "/members/alize/calendar-link")
    assert (await people["anonymous"].get(feed)).status_code == 200
    karim = await account("karim")
    grant = await Grant.select(Grant.id).where(Grant.account == karim).first()
    assert grant is not None

    await ok(await people["camille"].delete(f"{NET}/grants/{grant['id']}"), 204)

    response = await people["anonymous"].get(feed)
    assert response.status_code == 404
    assert [(r["account"], r["object_ref"]) for r in await refusals()] == [(karim, "alize")]


async def test_a_consultants_link_ends_with_its_access(people: Clients) -> None:
    feed = await link(people["sophie"], NET + "/groups/petr/calendar-link")
    sophie = await account("sophie")
    today = dt.datetime.now(dt.UTC).date()

    await Grant.update({Grant.ends_on: today}).where(Grant.account == sophie).run()

    assert (await people["anonymous"].get(feed)).status_code == 404


# -- who may have a link: the rules of the authenticated calendars --------------------------------


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("camille", "/members/alize", 200),
        ("karim", "/members/alize", 200),
        ("mallory", "/members/alize", 404),  # not her member: it does not exist for her
        ("sophie", "/members/alize", 200),
        ("helene", "/members/alize", 403),  # a federation sees no member's calendar
        ("anonymous", "/members/alize", 401),
        ("camille", "/groups/petr", 200),
        ("mallory", "/groups/petr", 200),  # every representative reads the groups' calendars
        ("sophie", "/groups/petr", 200),
        ("helene", "/groups/petr", 403),
        ("anonymous", "/groups/petr", 401),
    ],
)
async def test_a_link_is_given_to_whoever_may_read_the_calendar(
    people: Clients, who: str, path: str, status: int
) -> None:
    calendar = await people[who].get(NET + path + "/calendar.ics")
    given = await people[who].get(NET + path + "/calendar-link")

    assert (calendar.status_code, given.status_code) == (status, status)
    if status == 200:
        url = urlsplit(given.json()["url"])
        feed = await people["anonymous"].get(f"{url.path}?{url.query}")
        assert feed.status_code == 200


@pytest.mark.parametrize(
    ("who", "feed", "ref", "status"),
    [
        ("mallory", Feed.member, "alize", 404),  # a link she could not have been given
        ("mallory", Feed.member, "basalte", 200),
        ("helene", Feed.member, "alize", 404),
        ("helene", Feed.group, "petr", 404),
        ("sophie", Feed.member, "basalte", 200),
        ("karim", Feed.group, "petr", 200),
    ],
)
async def test_a_link_made_for_an_account_holds_only_what_that_account_may_read(
    people: Clients, who: str, feed: Feed, ref: str, status: int
) -> None:
    """Even with the installation's key (a link made by hand), the account's grants decide."""
    token = feed_token(feed, "raviv-idf", ref, await account(who))

    response = await people["anonymous"].get(
        f"{FEEDS}/{feed.value}s/{ref}/calendar.ics", params={"feed": token}
    )

    assert response.status_code == status
