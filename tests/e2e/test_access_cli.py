"""Accounts from the command line, and sign-in against a real server process."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import httpx

from tests.e2e.test_cli_and_server import RAVIV, run_raviv, serving


def login(base: str, email: str, password: str) -> httpx.Response:
    return httpx.post(
        f"{base}/api/auth/login",
        json={"email": email, "password": password, "mode": "token"},
        timeout=10,
    )


def test_the_demo_prints_sign_ins_that_work_on_the_served_demo(tmp_path: Path) -> None:
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/demo.db", "RAVIV_DATA_DIR": str(tmp_path)}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    created = run_raviv("demo", "--members", "12", env=env)
    assert created.returncode == 0, created.stderr
    logins = dict(re.findall(r"^\s+(\S+@demo\.raviv\.test)\s+(\S+)", created.stdout, re.M))
    assert set(logins) == {
        f"{name}@demo.raviv.test"
        for name in ("admin", "camille", "helene", "karim", "mallory", "sophie")
    }
    kept = tmp_path / "demo-logins.txt"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert all(password in kept.read_text() for password in logins.values())

    with serving(env) as base:
        camille = login(base, "camille@demo.raviv.test", logins["camille@demo.raviv.test"])
        assert camille.status_code == 200, camille.text
        as_camille = {"Authorization": f"Bearer {camille.json()['token']}"}
        members = httpx.get(f"{base}/api/networks/demo/members", headers=as_camille, timeout=10)
        assert members.json()["total"] == 12

        karim = login(base, "karim@demo.raviv.test", logins["karim@demo.raviv.test"])
        as_karim = {"Authorization": f"Bearer {karim.json()['token']}"}
        seen = httpx.get(f"{base}/api/networks/demo/members", headers=as_karim, timeout=10)
        assert seen.json()["total"] == 1

        helene = login(base, "helene@demo.raviv.test", logins["helene@demo.raviv.test"])
        assert helene.status_code == 200, helene.text


def test_accounts_made_on_the_command_line_sign_in_and_use_their_tokens(tmp_path: Path) -> None:
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db", "RAVIV_DATA_DIR": str(tmp_path)}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    archive = str(Path(__file__).resolve().parents[1] / "data" / "reseau-exemple.json")
    assert run_raviv("import", "network", archive, env=env).returncode == 0
    created = subprocess.run(  # noqa: S603
        [RAVIV, "accounts", "create", "camille@exemple.test", "--name", "Camille", "--password"],
        input="un mot de passe de coordination\n",
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    granted = run_raviv(
        "accounts",
        "grant",
        "camille@exemple.test",
        "--network",
        "exemple",
        "--role",
        "coordinator",
        env=env,
    )
    assert granted.returncode == 0, granted.stderr
    refused = run_raviv(
        "accounts",
        "grant",
        "camille@exemple.test",
        "--network",
        "exemple",
        "--role",
        "member",
        env=env,
    )
    assert refused.returncode != 0
    assert "member" in refused.stderr
    read_token = run_raviv("accounts", "token", "camille@exemple.test", env=env).stdout.strip()
    assert read_token.startswith("raviv_")
    retention = run_raviv("people", "retention", "--network", "exemple", env=env)
    assert retention.returncode == 0, retention.stderr

    with serving(env) as base:
        headers = {"Authorization": f"Bearer {read_token}"}
        summary = httpx.get(f"{base}/api/networks/exemple/summary", headers=headers, timeout=10)
        assert summary.json()["members"] == 6
        write = httpx.patch(
            f"{base}/api/networks/exemple", json={"territory": "X"}, headers=headers, timeout=10
        )
        assert write.status_code == 403  # a read token, by default
        signed = login(base, "camille@exemple.test", "un mot de passe de coordination")
        assert signed.status_code == 200


def test_sign_in_attempts_beyond_the_rate_get_429(tmp_path: Path) -> None:
    env = {
        "RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/rate.db",
        "RAVIV_DATA_DIR": str(tmp_path),
        "RAVIV_LOGIN_RATE_PER_MINUTE": "3",
    }
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    with serving(env) as base:
        answers = [login(base, "x@exemple.test", "pas le bon").status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]
