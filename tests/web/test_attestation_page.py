"""The attestation from the portal, to the file (both engines): Karim asks for alize's
participation attestation, a job worker renders it (never the page's handler), the page he is
sent to follows the job and offers the PDF once made. Jobs commit: this test is ``committed``."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from tests.jobs_support import run_queued_jobs
from tests.web.test_pages import KARIM_HOME, Browser, browsers, html

__all__ = ["browsers"]


def previous_season() -> str:
    """The first day of the season before the current one (the example's run September to
    August)."""
    today = dt.datetime.now(ZoneInfo("Europe/Paris")).date()
    current = today.year if today.month >= 9 else today.year - 1
    return dt.date(current - 1, 9, 1).isoformat()


pytestmark = [pytest.mark.committed, pytest.mark.usefixtures("committed_db")]


async def test_the_attestation_is_rendered_by_a_job_and_offered_for_download(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    portal = html(await karim.page(KARIM_HOME), 200)
    assert f'action="{KARIM_HOME}/attestation"' in portal

    started = await karim.http.post(
        KARIM_HOME + "/attestation",
        data={"csrf_token": await karim.csrf(KARIM_HOME), "period": "previous"},
    )
    waiting = html(await karim.page(started.headers["location"]), 200)
    await run_queued_jobs(seconds=120)
    done = html(await karim.page(started.headers["location"]), 200)
    link = re.search(r'href="(/api/networks/exemple/jobs/\d+/files/[^"]+\.pdf)"', done)
    assert link, done
    pdf = await karim.page(link.group(1))

    assert "Attestation en préparation" in waiting
    assert "L&#39;attestation est prête." in done or "L'attestation est prête." in done
    assert "hx-trigger" not in done
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert link.group(1).endswith(f"-{previous_season()}.pdf")


async def test_asking_twice_or_through_the_api_is_one_job_while_nothing_changed(
    browsers: dict[str, Browser],
) -> None:
    karim = browsers["karim"]
    asked = []
    for _ in range(2):
        started = await karim.http.post(
            KARIM_HOME + "/attestation",
            data={"csrf_token": await karim.csrf(KARIM_HOME), "period": "previous"},
        )
        assert started.status_code == 303, started.text
        asked.append(started.headers["location"].rsplit("/", 1)[-1])
    through_api = await karim.http.post(
        "/api/networks/exemple/members/alize/attestation",
        json={"period": previous_season(), "lang": "fr"},
        headers={"X-CSRF-Token": await karim.csrf(KARIM_HOME)},
    )

    assert through_api.status_code == 202, through_api.text
    assert asked == [asked[0], asked[0]]
    assert str(through_api.json()["id"]) == asked[0]
