"""The reports page (both engines): Camille asks for the DLA report of a period, is sent to a page
that follows its job, and downloads the PDF and the workbook once a worker has made them; asked
again, nothing changed, the same job answers (the API's too). Sophie, a consultant, reads and
downloads the reports but asks for none, until her grant ends; Karim, a representative, gets
nothing of them; a period not offered is named and queues nothing. Jobs commit: ``committed``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import httpx
import pytest

from raviv.access import service
from raviv.guard.roles import Role
from raviv.jobs.tables import Job
from tests.conftest import shared_app
from tests.jobs_support import run_queued_jobs
from tests.web.test_pages import KARIM_HOME, PASSWORD, Browser, browsers, html

__all__ = ["browsers"]

pytestmark = [pytest.mark.committed, pytest.mark.usefixtures("committed_db")]

REPORTS = "/reseaux/exemple/rapports"
#: The example's rule runs by season, 1 September to 31 August.
SEASON = "2025-09-01"


async def signed_in(email: str) -> Browser:
    http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shared_app(), client=("127.0.0.1", 50000)),
        base_url="http://raviv.test",
    )
    signed = await http.post("/", data={"email": email, "password": PASSWORD})
    assert signed.status_code == 303, signed.text
    return Browser(http)


@pytest.fixture
async def sophie(browsers: dict[str, Browser]) -> AsyncIterator[Browser]:
    account = await service.create_account(
        "sophie@dla.example", display_name="Sophie", password=PASSWORD
    )
    await service.grant_role(
        account, "exemple", Role.consultant, ends_on=paris_today() + dt.timedelta(days=30)
    )
    browser = await signed_in("sophie@dla.example")
    yield browser
    await browser.http.aclose()


def paris_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Paris")).date()


async def jobs() -> int:
    return int(await Job.count())


def season_offered(text: str) -> list[str]:
    return re.findall(r'<option value="(\d{4}-09-01)"', text)


async def test_camille_asks_for_the_report_follows_it_and_downloads_both_files(
    browsers: dict[str, Browser],
) -> None:
    camille = browsers["camille"]
    form = html(await camille.page(REPORTS), 200)
    assert SEASON in season_offered(form)

    asked = await camille.submit(REPORTS, period=SEASON, lang="fr")
    assert asked.status_code == 303, asked.text
    job_page = asked.headers["location"]
    waiting = html(await camille.page(job_page), 200)
    await run_queued_jobs(seconds=180)
    done = html(await camille.page(job_page), 200)
    links = re.findall(r'href="(/api/networks/exemple/jobs/\d+/files/[^"]+)"', done)
    listed = html(await camille.page(REPORTS), 200)

    assert "Rapport en préparation" in waiting
    assert 'hx-trigger="every 2s"' in waiting
    assert "Le rapport est prêt." in done
    assert "hx-trigger" not in done
    assert sorted(link.rsplit(".", 1)[1] for link in links) == ["pdf", "xlsx"]
    for link in links:
        got = await camille.page(link)
        assert got.status_code == 200
        assert got.content[:4] in {b"%PDF", b"PK\x03\x04"}
    assert "Prêt" in listed
    assert job_page in listed


async def test_asked_again_through_the_page_or_the_api_it_is_the_same_job(
    browsers: dict[str, Browser],
) -> None:
    camille = browsers["camille"]
    first = await camille.submit(REPORTS, period=SEASON, lang="fr")
    again = await camille.submit(REPORTS, period=SEASON, lang="fr")
    through_api = await camille.http.post(
        "/api/networks/exemple/reports/dla",
        json={"period": SEASON},
        headers={"X-CSRF-Token": await camille.csrf(REPORTS)},
    )

    assert first.headers["location"] == again.headers["location"]
    assert through_api.status_code == 202, through_api.text
    assert first.headers["location"].endswith(f"/{through_api.json()['id']}")
    assert await jobs() == 1


@pytest.mark.parametrize("period", ["2025-09-02", "2019-09-01", "", "septembre"])
async def test_a_period_not_offered_is_named_and_queues_nothing(
    browsers: dict[str, Browser], period: str
) -> None:
    refused = await browsers["camille"].submit(REPORTS, period=period)

    text = html(refused, 422)
    assert "Aucun rapport n&#39;a été demandé" in text or "Aucun rapport n'a été demandé" in text
    assert "Choisissez une des périodes proposées." in text
    assert await jobs() == 0


async def test_without_the_csrf_token_nothing_is_asked(browsers: dict[str, Browser]) -> None:
    refused = await browsers["camille"].http.post(REPORTS, data={"period": SEASON})

    assert refused.status_code == 403
    assert await jobs() == 0


async def test_sophie_the_consultant_reads_and_downloads_but_asks_for_nothing(
    browsers: dict[str, Browser], sophie: Browser
) -> None:
    camille = browsers["camille"]
    asked = await camille.submit(REPORTS, period=SEASON)
    await run_queued_jobs(seconds=180)

    listed = html(await sophie.page(REPORTS), 200)
    done = html(await sophie.page(asked.headers["location"]), 200)
    link = re.search(r'href="(/api/networks/exemple/jobs/\d+/files/[^"]+\.pdf)"', done)
    assert link, done
    pdf = await sophie.page(link.group(1))
    refused = await sophie.http.post(REPORTS, data={"period": SEASON, "csrf_token": "x"})

    assert "Préparer un rapport DLA" not in listed
    assert asked.headers["location"] in listed
    assert pdf.content.startswith(b"%PDF")
    assert refused.status_code == 403
    assert await jobs() == 1


async def test_sophie_reads_nothing_once_her_grant_has_ended(browsers: dict[str, Browser]) -> None:
    account = await service.create_account(
        "sophie@dla.example", display_name="Sophie", password=PASSWORD
    )
    await service.grant_role(
        account, "exemple", Role.consultant, ends_on=paris_today() - dt.timedelta(days=1)
    )
    sophie = await signed_in("sophie@dla.example")
    try:
        gone = await sophie.page(REPORTS)
    finally:
        await sophie.http.aclose()

    assert gone.status_code in {403, 404}
    assert "text/html" in gone.headers["content-type"]


async def test_a_representative_gets_neither_the_page_nor_a_report_job(
    browsers: dict[str, Browser],
) -> None:
    camille, karim = browsers["camille"], browsers["karim"]
    asked = await camille.submit(REPORTS, period=SEASON)

    page = await karim.page(REPORTS)
    job = await karim.page(asked.headers["location"])
    posted = await karim.http.post(
        REPORTS, data={"period": SEASON, "csrf_token": await karim.csrf(KARIM_HOME)}
    )

    assert page.status_code == 403
    assert job.status_code == 403
    assert posted.status_code == 403
    assert await jobs() == 1


async def test_an_attestation_job_is_not_shown_as_a_report(browsers: dict[str, Browser]) -> None:
    karim, camille = browsers["karim"], browsers["camille"]
    started = await karim.http.post(
        KARIM_HOME + "/attestation",
        data={"csrf_token": await karim.csrf(KARIM_HOME), "period": "previous"},
    )
    attestation_id = started.headers["location"].rsplit("/", 1)[1]

    shown = await camille.page(f"{REPORTS}/{attestation_id}")

    assert shown.status_code == 404
