"""The member portal's extras over the real HTTP stack (both engines): confirming what another
member says it gave us, our meetings (checking in with the code, the calendar link), our
enforcement case and our answer, and asking for our attestation.

Karim represents alize in the example network, Mallory basalte, Camille coordinates it (the
browsers of tests/web/test_pages.py).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import httpx
import pytest

from raviv.access.tables import AuditEntry
from raviv.jobs import store
from raviv.ledger import working_life
from raviv.ledger.tables import Attendance, Contribution
from raviv.ledger.working_schemas import MeetingCreate
from raviv.participation.enforcement import run_daily
from raviv.participation.tables import CaseAnswer
from raviv.registry.service import resolve_network
from raviv.vocabulary import MeetingKind
from tests.web.test_pages import KARIM_HOME, Browser, browsers, html

__all__ = ["browsers"]

pytestmark = pytest.mark.usefixtures("db")

MALLORY_HOME = "/reseaux/exemple/membres/basalte"
TO_CONFIRM = KARIM_HOME + "/a-confirmer"
MEETINGS = KARIM_HOME + "/reunions"


async def mallory_gives_karim(mallory: Browser, quantity: str = "2") -> str:
    """Mallory logs hours basalte gave alize; the entry's ref."""
    form = MALLORY_HOME + "/contribuer"
    sent = await mallory.submit(
        form,
        form="time",
        quantity=quantity,
        date="2026-01-12",
        receiver="member",
        receiver_member="alize",
    )
    assert sent.status_code == 303, sent.text
    return sent.headers["location"].rsplit("=", 1)[1]


async def check_in(browser: Browser, **fields: str) -> httpx.Response:
    """Send the check-in form of the meetings page (its CSRF token included)."""
    data = {"csrf_token": await browser.csrf(MEETINGS), **fields}
    return await browser.http.post(MEETINGS + "/ag-du-jour/presence", data=data)


async def attendance() -> int:
    return int(await Attendance.count())


async def status_of(ref: str) -> str:
    row = await Contribution.select(Contribution.status).where(Contribution.ref == ref).first()
    assert row is not None
    return str(row["status"])


# -- confirming ----------------------------------------------------------------------------


async def test_karim_confirms_what_basalte_says_it_gave_alize(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    ref = await mallory_gives_karim(browsers["mallory"])

    portal = html(await karim.page(KARIM_HOME), 200)
    listed = html(await karim.page(TO_CONFIRM), 200)
    confirmed = await karim.submit(TO_CONFIRM, entry=ref)
    after = html(await karim.page(confirmed.headers["location"]), 200)

    assert "attend votre confirmation" in portal
    assert f'name="entry" value="{ref}"' in listed
    assert "Basalte" in listed or "basalte" in listed
    assert confirmed.status_code == 303
    assert await status_of(ref) == "confirmed"
    assert "Contribution confirmée" in after
    assert f'value="{ref}"' not in after


async def test_an_entry_not_awaiting_our_confirmation_is_refused_and_nothing_changes(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    own = await karim.log()  # alize gives the network: not Karim's to confirm
    theirs = await mallory_gives_karim(browsers["mallory"])
    await karim.submit(TO_CONFIRM, entry=theirs)

    for ref in (own, theirs, "nothing-like-it"):
        refused = await karim.submit(TO_CONFIRM, entry=ref)
        assert "attend plus votre confirmation" in html(refused, 422)
    assert await status_of(own) == "submitted"


async def test_only_the_receiving_members_representative_confirms(
    browsers: dict[str, Browser],
) -> None:
    ref = await mallory_gives_karim(browsers["mallory"])
    mallory, camille = browsers["mallory"], browsers["camille"]
    own_csrf = await mallory.csrf(MALLORY_HOME + "/contribuer")

    crafted = await mallory.http.post(TO_CONFIRM, data={"csrf_token": own_csrf, "entry": ref})

    html(await mallory.page(TO_CONFIRM), 404)
    html(crafted, 404)
    html(await camille.page(TO_CONFIRM), 403)
    assert await status_of(ref) == "submitted"


async def test_confirming_needs_the_csrf_token(browsers: dict[str, Browser]) -> None:
    ref = await mallory_gives_karim(browsers["mallory"])
    karim = browsers["karim"]

    for data in ({"entry": ref}, {"entry": ref, "csrf_token": "wrong"}):
        html(await karim.http.post(TO_CONFIRM, data=data), 403)

    assert await status_of(ref) == "submitted"


# -- meetings and check-in -------------------------------------------------------------------


async def meeting_today(ref: str = "ag-du-jour") -> str:
    """A general assembly today, its check-in code issued; the code."""
    network = await resolve_network("exemple")
    await working_life.create_meeting(
        "exemple",
        MeetingCreate(
            ref=ref,
            title="Assemblée générale",
            kind=MeetingKind.general_assembly,
            date=network.today,
            duration_hours=Decimal(2),
            place="Lyon",
        ),
    )
    return (await working_life.issue_checkin_code("exemple", ref)).code


async def test_karim_checks_alize_in_with_the_meetings_code(browsers: dict[str, Browser]) -> None:
    karim = browsers["karim"]
    code = await meeting_today()
    before = await attendance()

    page = html(await karim.page(MEETINGS), 200)
    checked = await check_in(karim, code=code.lower(), people="3")
    after = html(await karim.page(checked.headers["location"]), 200)

    assert "Assemblée générale" in page
    assert 'action="/reseaux/exemple/membres/alize/reunions/ag-du-jour/presence"' in page
    assert "/api/feeds/exemple/members/alize/calendar.ics?feed=" in page
    assert checked.status_code == 303
    assert "Présence enregistrée" in after
    assert await attendance() == before + 1
    row = (
        await Attendance.select(Attendance.people)
        .where(Attendance.meeting.ref == "ag-du-jour")
        .first()
    )
    assert row is not None
    assert row["people"] == 3


async def test_a_wrong_code_records_nothing_and_says_so(browsers: dict[str, Browser]) -> None:
    karim = browsers["karim"]
    await meeting_today()
    before = await attendance()
    refusals = int(await AuditEntry.count().where(AuditEntry.action == "meeting.checkin_refused"))

    wrong = await check_in(karim, code="ZZZZZZ", people="1")
    none = await check_in(karim, code="", people="1")

    assert "Ce code n&#39;est pas le bon" in html(wrong, 403)
    html(none, 422)
    assert await attendance() == before
    assert (
        await AuditEntry.count().where(AuditEntry.action == "meeting.checkin_refused")
        == refusals + 1
    )


async def test_checking_in_is_for_the_members_own_representative_with_the_csrf_token(
    browsers: dict[str, Browser],
) -> None:
    code = await meeting_today()
    before = await attendance()
    mallory, camille, karim = browsers["mallory"], browsers["camille"], browsers["karim"]
    own_csrf = await mallory.csrf(MALLORY_HOME + "/contribuer")
    url = MEETINGS + "/ag-du-jour/presence"

    html(await mallory.http.post(url, data={"csrf_token": own_csrf, "code": code}), 404)
    coordinator = html(await camille.page(MEETINGS), 200)  # she reads it, without the form
    html(await karim.http.post(url, data={"code": code, "people": "1"}), 403)

    assert "/presence" not in coordinator
    assert await attendance() == before


# -- our enforcement case ------------------------------------------------------------------------


async def test_mallory_reads_basaltes_case_and_answers_it(browsers: dict[str, Browser]) -> None:
    await run_daily("exemple", dt.date(2026, 9, 1))  # the 2025 season is over: cases open
    mallory, camille = browsers["mallory"], browsers["camille"]
    url = MALLORY_HOME + "/suivi"
    warned = await camille.http.post(
        "/api/networks/exemple/cases/basalte-2025-09-01/decisions",
        json={"kind": "warning", "note": "Deux réunions manquées."},
        headers={"X-CSRF-Token": await camille.csrf("/reseaux/exemple/validation")},
    )
    assert warned.status_code in {200, 201}, warned.text

    page = html(await mallory.page(url), 200)
    case = re.search(r'/suivi/([a-z0-9-]+)/reponse"', page)
    assert case
    answered = await mallory.http.post(
        f"{url}/{case.group(1)}/reponse",
        data={"csrf_token": await mallory.csrf(url), "text": "Nous avons repris en janvier."},
    )
    refused = await mallory.http.post(
        f"{url}/{case.group(1)}/reponse",
        data={"csrf_token": await mallory.csrf(url), "text": "   "},
    )
    after = html(await mallory.page(answered.headers["location"]), 200)

    assert case.group(1) == "basalte-2025-09-01"
    assert "Avertissement — " not in page  # the date comes first
    assert "— Avertissement : Deux réunions manquées." in page
    assert answered.status_code == 303
    assert "Nous avons repris en janvier." in after
    assert "Réponse envoyée" in after
    assert "Écrivez votre réponse" in html(refused, 422)
    assert await CaseAnswer.count() == 1


async def test_a_case_of_another_member_cannot_be_answered_from_our_page(
    browsers: dict[str, Browser],
) -> None:
    await run_daily("exemple", dt.date(2026, 9, 1))
    karim = browsers["karim"]
    url = KARIM_HOME + "/suivi"

    crafted = await karim.http.post(
        f"{url}/basalte-2025-09-01/reponse",
        data={"csrf_token": await karim.csrf(KARIM_HOME + "/contribuer"), "text": "Pas à moi"},
    )

    html(crafted, 404)
    html(await karim.page(MALLORY_HOME + "/suivi"), 404)
    assert await CaseAnswer.count() == 0


# -- our attestation ------------------------------------------------------------------------------


async def test_asking_for_the_attestation_queues_its_job_and_the_page_follows_it(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]

    started = await karim.http.post(
        KARIM_HOME + "/attestation", data={"csrf_token": await karim.csrf(KARIM_HOME)}
    )
    job_page = html(await karim.page(started.headers["location"]), 200)
    fragment = await karim.http.get(started.headers["location"], headers={"HX-Request": "true"})
    [job] = await store.listing(None, limit=10)
    other = await browsers["mallory"].page(started.headers["location"])

    assert started.status_code == 303
    assert started.headers["location"] == f"{KARIM_HOME}/attestation/{job.id}"
    assert (job.kind, job.args["member"], job.status) == ("report.attestation", "alize", "queued")
    assert "Attestation en préparation" in job_page
    assert 'hx-trigger="every 2s"' in job_page
    assert fragment.text.lstrip().startswith('<div id="job-status"')
    html(other, 404)
