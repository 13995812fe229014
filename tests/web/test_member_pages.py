"""The coordinator's pages on members over the real HTTP stack (both engines): the member list
and a member's timeline, the meetings and their attendance, the enforcement cases and decisions.

Camille coordinates the example network, Karim represents alize, Otto coordinates another
network: he gets 404 on Camille's pages, Karim 403; a post without the CSRF token is refused;
a refused form names the field and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator

import httpx
import pytest

from raviv.access import service
from raviv.guard.roles import Role
from raviv.ledger.tables import Attendance, Meeting
from raviv.participation.enforcement import run_daily
from raviv.participation.tables import CaseDecision
from raviv.registry.schemas import NetworkCreate
from raviv.registry.service import create_network
from tests.conftest import shared_app
from tests.web.test_pages import PASSWORD, Browser, browsers, html

__all__ = ["browsers", "otto"]

pytestmark = pytest.mark.usefixtures("db")

MEMBERS = "/reseaux/exemple/membres"
MEETINGS = "/reseaux/exemple/reunions"
CASES = "/reseaux/exemple/procedures"


@pytest.fixture
async def otto(browsers: dict[str, Browser]) -> AsyncIterator[Browser]:
    """The coordinator of another network."""
    await create_network(NetworkCreate(ref="autre", name="Autre réseau"))
    account = await service.create_account(
        "otto@autre.example", display_name="Otto", password=PASSWORD
    )
    await service.grant_role(account, "autre", Role.coordinator)
    http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shared_app(), client=("127.0.0.1", 50001)),
        base_url="http://raviv.test",
    )
    signed = await http.post("/", data={"email": "otto@autre.example", "password": PASSWORD})
    assert signed.status_code == 303
    yield Browser(http)
    await http.aclose()


async def send(
    browser: Browser, url: str, form_page: str, **fields: str | list[str]
) -> httpx.Response:
    """Post ``fields`` to ``url`` with the CSRF token of the page the form is on."""
    return await browser.http.post(
        url, data={"csrf_token": await browser.csrf(form_page), **fields}
    )


async def decisions() -> int:
    return int(await CaseDecision.count())


# -- members -----------------------------------------------------------------------------------


async def test_the_coordinator_lists_searches_and_pages_the_members(
    browsers: dict[str, Browser],
) -> None:
    camille = browsers["camille"]

    listed = html(await camille.page(MEMBERS), 200)
    searched = html(await camille.page(MEMBERS + "?q=alize"), 200)
    nothing = html(await camille.page(MEMBERS + "?q=zzzz-nothing"), 200)
    beyond = html(await camille.page(MEMBERS + "?page=abc"), 200)

    assert f'href="{MEMBERS}/alize/parcours"' in listed
    assert f'href="{MEMBERS}/basalte/parcours"' in listed
    assert 'class="badge status-' in listed
    assert f'href="{MEMBERS}/alize/parcours"' in searched
    assert f'href="{MEMBERS}/basalte/parcours"' not in searched
    assert "Aucun membre ne correspond" in nothing
    assert "parcours" in beyond


async def test_a_members_timeline_is_in_date_order(browsers: dict[str, Browser]) -> None:
    karim, camille = browsers["karim"], browsers["camille"]
    await karim.log("2026-01-10")
    await run_daily("exemple", dt.date(2026, 9, 1))

    timeline = html(await camille.page(MEMBERS + "/alize/parcours"), 200)

    days = re.findall(r'<li class="event event-([a-z]+)">', timeline)
    assert "membership" in days
    assert "given" in days
    assert "Temps donné</strong> 1 h" in timeline
    english = html(await camille.page(MEMBERS + "/alize/parcours?lang=en"), 200)
    assert "Timeline of" in english
    assert "Time given</strong> 1 h" in english
    html(await camille.page(MEMBERS + "/nobody/parcours"), 404)


async def test_the_member_pages_are_the_coordinators_of_that_network_only(
    browsers: dict[str, Browser], otto: Browser
) -> None:
    karim = browsers["karim"]
    for url in (MEMBERS, MEMBERS + "/alize/parcours", MEETINGS, CASES):
        html(await otto.page(url), 404)
        html(await karim.page(url), 403)


# -- meetings and attendance -------------------------------------------------------------------


async def create(camille: Browser, **fields: str) -> str:
    values = {
        "title": "AG de printemps",
        "kind": "general_assembly",
        "date": "2026-03-14",
        "duration_hours": "3",
        "place": "Lyon",
        **fields,
    }
    return (await camille.submit(MEETINGS, **values)).headers.get("location", "")


async def test_the_coordinator_creates_a_meeting_issues_its_code_and_takes_attendance(
    browsers: dict[str, Browser],
) -> None:
    camille = browsers["camille"]
    location = await create(camille)
    assert location == MEETINGS + "/ag-de-printemps-2026-03-14"

    listed = html(await camille.page(MEETINGS), 200)
    before = await Attendance.count()
    issued = await send(camille, location + "/code", location)
    code = re.search(r'class="checkin-code"><code>([A-Z0-9]+)</code>', html(issued, 200))
    sent = await send(
        camille,
        location + "/presences",
        location,
        list="attendance",
        present=["alize", "basalte"],
        **{"people-alize": "3"},
    )
    after = html(await camille.page(sent.headers["location"]), 200)

    assert "AG de printemps" in listed
    assert code
    assert sent.status_code == 303
    assert "Présences enregistrées" in after
    assert 'id="present-alize" name="present" value="alize" checked' in after
    rows = (
        await Attendance.select(Attendance.people)
        .where(Attendance.meeting.ref == "ag-de-printemps-2026-03-14")
        .order_by(Attendance.people)
        .run()
    )
    assert [r["people"] for r in rows] == [1, 3]
    assert await Attendance.count() == before + 2


async def test_a_bad_meeting_or_attendance_is_named_and_nothing_changes(
    browsers: dict[str, Browser],
) -> None:
    camille = browsers["camille"]
    before = await Meeting.count()

    no_title = await camille.submit(MEETINGS, title="", kind="board", date="x", duration_hours="2")
    bad_hours = await camille.submit(
        MEETINGS, title="CA", kind="board", date="2026-03-01", duration_hours="beaucoup"
    )
    assert await Meeting.count() == before
    text = html(no_title, 422)
    assert "n'a pas été créée" in text
    assert 'id="title" name="title"' in text
    html(bad_hours, 422)

    location = await create(camille)
    attendance = await Attendance.count()
    wrong = await send(
        camille,
        location + "/presences",
        location,
        list="attendance",
        present=["alize"],
        **{"people-alize": "0"},
    )
    unknown = await send(
        camille, location + "/presences", location, list="attendance", present=["nobody"]
    )
    not_the_form = await send(camille, location + "/presences", location)
    assert "Rien n'a été enregistré" in html(wrong, 422)
    html(unknown, 422)
    html(not_the_form, 422)
    assert await Attendance.count() == attendance


async def test_meeting_posts_need_the_csrf_token_and_a_coordinator(
    browsers: dict[str, Browser], otto: Browser
) -> None:
    camille, karim = browsers["camille"], browsers["karim"]
    location = await create(camille)
    count, attendance = await Meeting.count(), await Attendance.count()

    html(await camille.http.post(MEETINGS, data={"title": "X", "kind": "board"}), 403)
    html(await camille.http.post(location + "/presences", data={"present": "alize"}), 403)
    karim_csrf = await karim.csrf("/reseaux/exemple/membres/alize/contribuer")
    crafted = {"csrf_token": karim_csrf, "present": "alize"}
    html(await karim.http.post(location + "/presences", data=crafted), 403)
    html(await otto.page(location), 404)

    assert await Meeting.count() == count
    assert await Attendance.count() == attendance


# -- enforcement cases -------------------------------------------------------------------------


async def test_the_coordinator_reads_open_cases_and_records_a_decision(
    browsers: dict[str, Browser],
) -> None:
    await run_daily("exemple", dt.date(2026, 9, 1))  # the 2025 season is over: cases open
    camille = browsers["camille"]

    listed = html(await camille.page(CASES), 200)
    case = re.search(r'/procedures/([a-z0-9-]+)/decision"', listed)
    assert case
    sent = await send(
        camille,
        f"{CASES}/{case.group(1)}/decision",
        CASES,
        kind="warning",
        note="Deux réunions manquées.",
    )
    after = html(await camille.page(sent.headers["location"]), 200)

    assert sent.status_code == 303
    assert "Décision enregistrée" in after
    assert "Deux réunions manquées." in after
    assert await decisions() == 1


async def test_a_decision_without_reason_or_kind_is_named_and_nothing_is_recorded(
    browsers: dict[str, Browser], otto: Browser
) -> None:
    await run_daily("exemple", dt.date(2026, 9, 1))
    camille, karim = browsers["camille"], browsers["karim"]
    case = re.search(r'/procedures/([a-z0-9-]+)/decision"', (await camille.page(CASES)).text)
    assert case
    url = f"{CASES}/{case.group(1)}/decision"

    refused = await camille.http.post(
        url, data={"csrf_token": await camille.csrf(CASES), "kind": "warning", "note": ""}
    )
    bad_kind = await camille.http.post(
        url, data={"csrf_token": await camille.csrf(CASES), "kind": "exile", "note": "x"}
    )
    lift = await camille.http.post(
        url, data={"csrf_token": await camille.csrf(CASES), "kind": "lift", "note": "x"}
    )
    unknown = await camille.http.post(
        f"{CASES}/nothing/decision",
        data={"csrf_token": await camille.csrf(CASES), "kind": "warning", "note": "x"},
    )
    no_csrf = await camille.http.post(url, data={"kind": "warning", "note": "x"})
    karim_csrf = await karim.csrf("/reseaux/exemple/membres/alize/contribuer")
    by_karim = await karim.http.post(
        url, data={"csrf_token": karim_csrf, "kind": "warning", "note": "x"}
    )

    assert "Aucune décision n'a été enregistrée" in html(refused, 422)
    html(bad_kind, 422)
    html(lift, 409)
    html(unknown, 404)
    html(no_csrf, 403)
    html(by_karim, 403)
    html(await otto.page(CASES), 404)
    assert await decisions() == 0


async def test_a_closed_cases_running_restriction_is_listed_and_may_only_be_lifted(
    browsers: dict[str, Browser],
) -> None:
    await run_daily("exemple", dt.date(2026, 9, 1))
    camille = browsers["camille"]
    case = re.search(r'/procedures/([a-z0-9-]+)/decision"', (await camille.page(CASES)).text)
    assert case
    ref = case.group(1)
    api = f"/api/networks/exemple/cases/{ref}"
    csrf = {"X-CSRF-Token": await camille.csrf(CASES)}
    restricted = await camille.http.post(
        api + "/decisions",
        json={"kind": "restriction", "note": "Services suspendus."},
        headers=csrf,
    )
    closed = await camille.http.post(api + "/close", json={"note": "Close."}, headers=csrf)
    assert restricted.status_code < 300, restricted.text
    assert closed.status_code < 300, closed.text

    listed = html(await camille.page(CASES), 200)
    form = listed.split(f"/procedures/{ref}/decision")[1].split("</form>")[0]
    warning = await send(camille, f"{CASES}/{ref}/decision", CASES, kind="warning", note="x")
    lifted = await send(camille, f"{CASES}/{ref}/decision", CASES, kind="lift", note="Réglé.")

    assert 'value="lift"' in form
    assert 'value="warning"' not in form
    html(warning, 409)
    assert lifted.status_code == 303
    assert await decisions() == 2
