"""The ``raviv`` command and a real server process on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

RAVIV = shutil.which("raviv", path=str(Path(sys.executable).parent)) or "raviv"


def run_raviv(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command
        [RAVIV, *args],
        env={**os.environ, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_db_upgrade_builds_a_new_database_and_is_idempotent(tmp_path: Path) -> None:
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/fresh.db"}
    first = run_raviv("db", "upgrade", env=env)
    assert first.returncode == 0, first.stderr
    root = Path(__file__).resolve().parents[2]
    migration_files = [  # every app's: raviv's domains, the reports' and the admin's
        p
        for p in [
            *(root / "raviv").glob("*/piccolo_migrations/*.py"),
            *(root / "reports").glob("piccolo_migrations/*.py"),
            *(root / "admin").glob("piccolo_migrations/*.py"),
        ]
        if p.name != "__init__.py"
    ]
    assert f"applied {len(migration_files)} migration(s)" in first.stdout
    second = run_raviv("db", "upgrade", env=env)
    assert second.returncode == 0, second.stderr
    assert "already up to date" in second.stdout
    status = run_raviv("db", "status", "--json", env=env)
    assert json.loads(status.stdout)["pending"] == []


def test_db_upgrade_on_the_test_database_finds_nothing_to_do(database: None) -> None:
    result = run_raviv("db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert "already up to date" in result.stdout


def test_a_bad_setting_is_one_clear_line_and_a_failure() -> None:
    result = run_raviv("db", "status", env={"RAVIV_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "RAVIV_DEBUG='maybe'" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_command_explains_itself() -> None:
    for command in (["--help"], ["db", "--help"], ["db", "upgrade", "--help"], ["serve", "--help"]):
        result = run_raviv(*command)
        assert result.returncode == 0, command
        assert "Usage:" in result.stdout


def test_serve_refuses_a_database_that_was_never_migrated(tmp_path: Path) -> None:
    result = run_raviv("serve", env={"RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/empty.db"})
    assert result.returncode != 0
    assert "raviv db upgrade" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(
    env: dict[str, str] | None = None,
    *,
    host: str = "127.0.0.1",
    without: tuple[str, ...] = (),
    output: list[str] | None = None,
    workers: int = 1,
    port: int | None = None,
) -> Iterator[str]:
    """``raviv serve --host HOST --workers N`` on ``port`` (default: a free one) with this
    environment (less the variables named in ``without``); its base URL on 127.0.0.1. What it
    printed is appended to ``output`` once it has stopped."""
    port = port or _free_port()
    environment = {k: v for k, v in os.environ.items() if k not in without}
    process = subprocess.Popen(  # noqa: S603
        [RAVIV, "serve", "--host", host, "--port", str(port), "--workers", str(workers)],
        env={**environment, "RAVIV_ACCESS_LOG": "true", "RAVIV_LOG_FORMAT": "json", **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # Read as it is written: a pipe nobody reads fills (64 KiB) and the server, blocked writing
    # its log, stops answering (two lines per request under a load).
    lines: list[str] = []
    assert process.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    base = f"http://127.0.0.1:{port}"
    try:
        # Generous: on a machine shared with other runs, importing and starting takes a while;
        # a server that died is seen at once.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(f"{base}/ping", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            process.kill()
            reader.join(timeout=10)
            pytest.fail(f"server did not start: {''.join(lines)}")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # still draining a load: it has had its chance
            process.kill()
            process.wait(timeout=10)
        reader.join(timeout=10)
        if output is not None:
            output.append("".join(lines))


@pytest.fixture
def server(committed_db: None) -> Iterator[str]:
    """A real ``raviv serve`` process on the test database."""
    with serving() as base:
        yield base


@pytest.mark.committed
def test_a_real_server_answers_health_schema_and_member_creation(server: str) -> None:
    health = httpx.get(f"{server}/health", timeout=5)
    assert health.status_code == 200
    assert health.json()["database"]["reachable"] is True
    assert httpx.get(f"{server}/schema", timeout=5).status_code == 200
    assert "openapi" in httpx.get(f"{server}/schema/openapi.json", timeout=5).json()
    assert httpx.get(f"{server}/api/networks", timeout=5).status_code == 401

    password = "un mot de passe assez long"  # noqa: S105
    created = subprocess.run(  # noqa: S603
        [RAVIV, "accounts", "create", "admin@raviv.test", "--site-admin", "--password"],
        input=password + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    with httpx.Client(base_url=server, timeout=5) as browser:
        signed = browser.post(
            "/api/auth/login", json={"email": "admin@raviv.test", "password": password}
        )
        assert signed.status_code == 200, signed.text
        assert "raviv_session" in signed.headers["set-cookie"]
        assert "HttpOnly" in signed.headers["set-cookie"]
        csrf = {"X-CSRF-Token": signed.json()["csrf_token"]}
        without_csrf = browser.post("/api/networks", json={"ref": "demo", "name": "Démo"})
        assert without_csrf.status_code == 403
        network = browser.post("/api/networks", json={"ref": "demo", "name": "Démo"}, headers=csrf)
        assert network.status_code == 201, network.text
        member = browser.post(
            "/api/networks/demo/members",
            json={"ref": "alize", "name": "Compagnie Alizé"},
            headers=csrf,
        )
        assert member.status_code == 201, member.text
        listed = browser.get("/api/networks/demo/members").json()
        assert [m["ref"] for m in listed["items"]] == ["alize"]
        assert browser.post("/api/auth/logout", headers=csrf).status_code == 204
        assert browser.get("/api/networks/demo/members").status_code == 401


EXAMPLES = Path(__file__).resolve().parents[1] / "data"


def test_the_example_archive_imports_and_exports_from_the_command_line(tmp_path: Path) -> None:
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    imported = run_raviv(
        "import", "network", str(EXAMPLES / "reseau-exemple.json"), "--json", env=env
    )
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["members"] == 6
    exported = run_raviv("export", "network", "exemple", env=env)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["format"] == "raviv-network/1"
    again = run_raviv("import", "network", str(EXAMPLES / "reseau-exemple.json"), env=env)
    assert again.returncode != 0
    assert "already exists" in again.stderr


def test_a_bad_member_list_prints_every_problem_with_its_row_and_column(tmp_path: Path) -> None:
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    archive = str(EXAMPLES / "reseau-exemple.json")
    assert run_raviv("import", "network", archive, env=env).returncode == 0
    bad = tmp_path / "membres.csv"
    text = (EXAMPLES / "membres-exemple.csv").read_text("utf-8")
    bad.write_text(text.replace("90830166600016", "90830166600017").replace("01/03/2019", "hier"))
    result = run_raviv("import", "members", "--network", "exemple", str(bad), env=env)
    assert result.returncode != 0
    assert "row 3, column 'SIRET'" in result.stderr
    assert 'row 4, column "Date d\'adhésion"' in result.stderr
    good = run_raviv(
        "import",
        "members",
        "--network",
        "exemple",
        str(EXAMPLES / "membres-exemple.csv"),
        "--json",
        env=env,
    )
    assert good.returncode == 0, good.stderr
    report = json.loads(good.stdout)
    assert report["created"] == []
    assert len(report["updated"] + report["unchanged"]) == 6


def test_the_demo_network_is_generated_the_same_from_the_same_seed(tmp_path: Path) -> None:
    env = {"RAVIV_DATABASE_URL": f"sqlite:///{tmp_path}/demo.db"}
    assert run_raviv("db", "upgrade", env=env).returncode == 0
    created = run_raviv("demo", "--members", "40", env=env)
    assert created.returncode == 0, created.stderr
    assert "40 members" in created.stdout
    assert "already exists" in run_raviv("demo", "--if-missing", env=env).stdout
    day = ("--today", "2026-12-07")
    first = run_raviv("demo", *day, "--out", str(tmp_path / "a.json"), env=env)
    second = run_raviv("demo", *day, "--out", str(tmp_path / "b.json"), env=env)
    assert first.returncode == second.returncode == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_the_demo_runs_up_to_the_day_given_or_is_one_season(tmp_path: Path) -> None:
    under_way = run_raviv("demo", "--today", "2026-12-07", "--members", "12", "--out", "-")
    one_season = run_raviv("demo", "--season-start", "2025-09-01", "--members", "12", "--out", "-")
    both = run_raviv("demo", "--today", "2026-12-07", "--season-start", "2025-09-01", "--out", "-")

    assert under_way.returncode == one_season.returncode == 0, under_way.stderr
    days = [c["date"] for c in json.loads(under_way.stdout)["contributions"]]
    assert min(days) >= "2025-09-01"
    assert "2026-09-01" <= max(days) <= "2026-12-07"
    days = [c["date"] for c in json.loads(one_season.stdout)["contributions"]]
    assert "2025-09-01" <= min(days) <= max(days) < "2026-09-01"
    assert both.returncode == 2
    assert "--today and --season-start do not go together" in both.stderr
