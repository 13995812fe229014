"""Links the service makes (calendar feeds, e-mailed links) lead to the address it serves when
``RAVIV_PUBLIC_URL`` is not set: ``PORT=8101 make run`` must not link to port 8000."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_cli_and_server import run_raviv, serving


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


def calendar_link(base: str, password: str) -> str:
    """The calendar feed link Camille gets for the demo network's first member."""
    with httpx.Client(base_url=base, timeout=10) as client:
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
    output: list[str] = []
    with serving(env, without=("RAVIV_PUBLIC_URL",), output=output) as base:
        link = calendar_link(base, password)
        assert link.startswith(f"{base}/api/feeds/demo/members/")
        assert httpx.get(link, timeout=10).status_code == 200  # and it is a working link
    assert "RAVIV_PUBLIC_URL" not in output[0]


def test_on_every_interface_links_use_127_0_0_1_and_the_server_says_what_to_set(
    demo: tuple[dict[str, str], str],
) -> None:
    env, password = demo
    output: list[str] = []
    with serving(env, host="0.0.0.0", without=("RAVIV_PUBLIC_URL",), output=output) as base:  # noqa: S104
        link = calendar_link(base, password)
    assert link.startswith(f"{base}/api/feeds/")
    assert "set RAVIV_PUBLIC_URL" in output[0]


def test_a_public_url_that_is_set_is_kept(demo: tuple[dict[str, str], str]) -> None:
    env, password = demo
    public = {"RAVIV_PUBLIC_URL": "https://raviv.exemple.org/"}
    with serving(env | public) as base:
        link = calendar_link(base, password)
    assert link.startswith("https://raviv.exemple.org/api/feeds/demo/members/")


def test_the_readme_says_what_the_public_url_defaults_to() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith("| `RAVIV_PUBLIC_URL` |")]
    assert "`raviv serve`" in row
