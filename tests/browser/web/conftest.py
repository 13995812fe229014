"""The web pages in a real browser: Debian's chromium driven by Playwright, against a real server.

The server is ``raviv serve`` in its own process, on a SQLite file holding the demo network that
``make run`` makes (``raviv demo``), with its personas' sign-ins read from the logins file it
writes. Never ``playwright install``: the browser is the system's ``/usr/bin/chromium``; without
it (or without Playwright) these tests are skipped, saying why. The PostgreSQL pass of CI skips
them too: they exercise the pages, not the engine.

Every page a test visits goes through :func:`look`: axe-core checks it (no serious or critical
violation) and it is photographed at a desktop and a phone size into ``tests/browser/screenshots``
(ignored by git; docs/web.md says how to look at them).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = ROOT / "tests" / "browser" / "screenshots"
#: The demo server's port: RAVIV_BROWSER_TEST_PORT, else a free one (each pytest-xdist worker
#: that runs a test of this folder starts its own server).
PORT = int(os.environ.get("RAVIV_BROWSER_TEST_PORT", "0"))
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - the dev extras hold it
    sync_playwright = None

if sync_playwright is None:
    pytest.skip("Playwright is not installed (pip install -e '.[dev]')", allow_module_level=True)
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
if os.environ.get("RAVIV_TEST_DATABASE_URL"):
    pytest.skip("the browser tests run on the SQLite pass only", allow_module_level=True)


@dataclass(frozen=True)
class Demo:
    url: str
    passwords: dict[str, str]  # persona's first name → password
    karim_home: str


def _raviv(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "raviv.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def demo() -> Iterator[Demo]:
    port = PORT or _free_port()
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            pytest.fail(f"port {port} is taken (RAVIV_BROWSER_TEST_PORT chooses another)")
    folder = Path(tempfile.mkdtemp(prefix="raviv-browser-"))
    env = {
        **os.environ,
        "RAVIV_DATABASE_URL": f"sqlite:///{folder}/raviv.db",
        "RAVIV_DATA_DIR": str(folder),
        "RAVIV_SCHEDULER": "off",
        "RAVIV_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PYTHONPATH": str(ROOT),
    }
    _raviv(env, "db", "upgrade")
    _raviv(env, "demo", "--if-missing")
    passwords = {}
    for line in (folder / "demo-logins.txt").read_text().splitlines():
        email, password = line.split()[:2]
        passwords[email.split("@")[0]] = password
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "raviv.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(url + "/ping", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")
        yield Demo(url, passwords, karim_home="")
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    # Package-scoped, not session-scoped: Playwright's sync API runs its own event loop in this
    # thread while it is open, and the asyncio tests that run after this folder need the thread
    # without one ("Runner.run() cannot be called from a running event loop").
    assert sync_playwright is not None
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield launched
        launched.close()


def new_page(browser: Browser, demo: Demo, *, phone: bool = True) -> Page:
    context = browser.new_context(
        base_url=demo.url,
        viewport=PHONE if phone else DESKTOP,
        is_mobile=phone,
        has_touch=phone,
        locale="fr-FR",
    )
    return context.new_page()


def sign_in(page: Page, demo: Demo, who: str, *, open_page: bool = True) -> None:
    if open_page:
        page.goto("/")
    page.get_by_label("Adresse électronique").fill(f"{who}@demo.raviv.test")
    page.get_by_label("Mot de passe").fill(demo.passwords[who])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def serious_violations(page: Page) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["html"] for n in v["nodes"]][:3]}
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def look(page: Page, name: str) -> None:
    """Check the page with axe-core and photograph it at both sizes (then back to its own)."""
    violations = serious_violations(page)
    assert not violations, f"{name}: {violations}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    own = page.viewport_size
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    if own:
        page.set_viewport_size(own)
