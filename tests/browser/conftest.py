"""Browser tests: Debian's chromium driven by Playwright against a real ``raviv serve``.

They need ``/usr/bin/chromium`` (``apt-get install chromium``; never ``playwright install``, which
downloads a browser build) and are skipped, saying so, where it is missing. They run on SQLite
only (.ci/run's PostgreSQL pass leaves tests/browser out: what they prove is the pages, not the
engine). Screenshots go to tests/browser/screenshots/ (ignored by git), to be looked at.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
#: Desktop and phone, the two ways people meet the pages (STYLE.md).
VIEWPORTS = {"bureau": {"width": 1366, "height": 900}, "telephone": {"width": 390, "height": 844}}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not CHROMIUM.exists():
        reason = "no /usr/bin/chromium here: `apt-get install chromium` to run it"
    elif os.environ.get("RAVIV_TEST_DATABASE_URL", "").strip():
        reason = "browser tests run on SQLite only: they prove the pages, not the engine"
    else:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture
def live_server(committed_db: None) -> Iterator[str]:
    """A real ``raviv serve`` on the test database (``RAVIV_BROWSER_PORT``: its port, else any
    free one)."""
    from tests.e2e.test_cli_and_server import serving

    port = os.environ.get("RAVIV_BROWSER_PORT")
    with serving(port=int(port) if port else None) as base:
        yield base


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()
