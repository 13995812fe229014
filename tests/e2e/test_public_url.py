"""Links the service makes (calendar feeds, e-mailed links) lead to the address it serves when
``RAVIV_PUBLIC_URL`` is not set: ``PORT=8101 make run`` must not link to port 8000."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_cli_and_server import RAVIV, _free_port, run_raviv


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], str]:
    """A SQLite database holding a small demo network; its environment and Camille's password."""
    folder = tmp_path_factory.mktemp("public-url")
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{folder}/demo.db", "RAVIV_DATA_DIR": str(folder)}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    created = run_raviv("demo", "--members", "2", env=env)
    assert created.returncode == 0, created.stderr
    logins = (folder / "demo-logins.txt").read_text(encoding="utf-8")
    password = re.search(r"camille@demo\.raviv\.test\s+(\S+)", logins)
    assert password is not None
    return env, password.group(1)


@contextmanager
def serve(host: str, port: int, env: dict[str, str], output: list[str]) -> Iterator[None]:
    """``raviv serve --host HOST --port PORT`` with ``env`` (and no RAVIV_PUBLIC_URL unless
    ``env`` sets one); what it printed is appended to ``output`` once it has stopped."""
    environment = {k: v for k, v in os.environ.items() if k != "RAVIV_PUBLIC_URL"} | env
    process = subprocess.Popen(  # noqa: S603 - our own command
        [RAVIV, "serve", "--host", host, "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/ping", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            process.kill()
            pytest.fail(f"server did not start: {process.communicate()[0]}")
        yield
    finally:
        process.terminate()
        try:
            output.append(process.communicate(timeout=30)[0])
        except subprocess.TimeoutExpired:
            process.kill()
            output.append(process.communicate(timeout=10)[0])


def calendar_link(port: int, password: str) -> str:
    """The calendar feed link Camille gets for the demo network's first member."""
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        signed = client.post(
            "/api/auth/login",
            json={"email": "camille@demo.raviv.test", "password": password, "mode": "token"},
        )
        assert signed.status_code == 200, signed.text
        auth = {"Authorization": f"Bearer {signed.json()['token']}"}
        members = client.get("/api/networks/demo/members", headers=auth).json()["items"]
        answer = client.get(
            f"/api/networks/demo/members/{members[0]['ref']}/calendar-link", headers=auth
        )
        assert answer.status_code == 200, answer.text
        url: str = answer.json()["url"]
        return url


def test_without_a_public_url_links_lead_to_the_port_served(
    demo: tuple[dict[str, str], str],
) -> None:
    env, password = demo
    port, output = _free_port(), []
    with serve("127.0.0.1", port, env, output):
        link = calendar_link(port, password)
        assert link.startswith(f"http://127.0.0.1:{port}/api/feeds/demo/members/")
        assert httpx.get(link, timeout=10).status_code == 200  # and it is a working link
    assert "RAVIV_PUBLIC_URL" not in output[0]


def test_on_every_interface_links_use_127_0_0_1_and_the_server_says_what_to_set(
    demo: tuple[dict[str, str], str],
) -> None:
    env, password = demo
    port, output = _free_port(), []
    with serve("0.0.0.0", port, env, output):  # noqa: S104 - what is tested
        link = calendar_link(port, password)
    assert link.startswith(f"http://127.0.0.1:{port}/api/feeds/")
    assert "set RAVIV_PUBLIC_URL" in output[0]


def test_a_public_url_that_is_set_is_kept(demo: tuple[dict[str, str], str]) -> None:
    env, password = demo
    port, output = _free_port(), []
    public = {"RAVIV_PUBLIC_URL": "https://raviv.exemple.org/"}
    with serve("127.0.0.1", port, env | public, output):
        link = calendar_link(port, password)
    assert link.startswith("https://raviv.exemple.org/api/feeds/demo/members/")


def test_the_readme_says_what_the_public_url_defaults_to() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith("| `RAVIV_PUBLIC_URL` |")]
    assert "`raviv serve`" in row
