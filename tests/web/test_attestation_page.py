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
