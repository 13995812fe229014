"""The API keeps its contract under an outside fuzzer: schemathesis, against a real server.

``st run`` (schemathesis 4.x's CLI, run as a subprocess: its pytest plugin needs pytest < 9)
reads ``/schema/openapi.json`` of a ``raviv serve`` process on 127.0.0.1 holding the demo network,
and sends what the document allows and what it does not, as each role: the coordinator (Camille),
a member's representative (Karim), the consultant (Sophie) and an anonymous caller. Every answer
must be no server error, a documented status code, and a body that matches its documented
schema. Zero failures; every exclusion is written below with its reason.

Bounded: ``--max-examples`` per operation and ``--max-time`` per run; the figures (cases, failures,
seconds) are printed (run with ``-s``) and recorded in docs/reliability.md. Every role runs on
SQLite; on PostgreSQL (``RAVIV_TEST_DATABASE_URL``) a shorter coordinator run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bench.pg import PostgresDatabase
from tests.e2e.test_cli_and_server import RAVIV, _free_port, run_raviv
from tests.figures import record

ST = shutil.which("st", path=str(Path(sys.executable).parent))
POSTGRES = os.environ.get("RAVIV_TEST_DATABASE_URL", "").strip()

CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"
SEED = "20261206"  # the same cases on every run: a failure is reproducible with `st run --seed`

#: Operations left out ("METHOD path"), each with its reason. They all destroy the run's own
#: credentials, after which every later case would meet only 401/403 and prove nothing; their
#: behaviour is covered by tests/api/access.
EXCLUDED_OPERATIONS = [
    # Signs out the bearer token the run uses.
    "POST /api/auth/logout",
    # Revokes one of the caller's tokens: the fuzzer's small ids hit the run's own token.
    "DELETE /api/me/tokens/{token_id}",
    # Revokes a role in the network: as the coordinator, the fuzzer's ids hit her own grant.
    "DELETE /api/networks/{network_ref}/grants/{grant_id}",
]


@dataclass(frozen=True)
class Role:
    name: str
    email: str | None  # None: anonymous
    max_examples: int
    max_time: int


SQLITE_ROLES = [
    Role("coordinator", "camille@demo.raviv.test", 8, 75),
    Role("member representative", "karim@demo.raviv.test", 8, 60),
    Role("consultant", "sophie@demo.raviv.test", 8, 45),
    Role("anonymous", None, 5, 30),
]
POSTGRES_ROLES = [Role("coordinator", "camille@demo.raviv.test", 5, 60)]
ROLES = POSTGRES_ROLES if POSTGRES else SQLITE_ROLES


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """``raviv serve`` on a fresh database (the suite's engine) with the demo network."""
    folder = tmp_path_factory.mktemp("contract")
    postgres = PostgresDatabase(POSTGRES, keep=False) if POSTGRES else None
    if postgres is not None:
        postgres.create()
    env = {
        "RAVIV_DATABASE_URL": postgres.url if postgres else f"sqlite:///{folder}/contract.db",
        "RAVIV_DATA_DIR": str(folder),
        "RAVIV_ACCESS_LOG": "false",
        "RAVIV_LOG_FORMAT": "json",
    }
    process = None
    try:
        assert run_raviv("db", "upgrade", env=env).returncode == 0
        demo = run_raviv("demo", "--members", "12", env=env)
        assert demo.returncode == 0, demo.stderr
        tokens = {}
        for role in ROLES:
            if role.email:
                done = run_raviv("accounts", "token", role.email, "--scope", "write", env=env)
                assert done.returncode == 0, done.stderr
                tokens[role.name] = done.stdout.strip()
        port = _free_port()
        log = (folder / "server.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - our own command
            [RAVIV, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/ping", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield base, tokens
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        if postgres is not None:
            postgres.drop()


def _schemathesis(base: str, token: str | None, role: Role, report: Path) -> tuple[str, int, float]:
    assert ST, "schemathesis is a dev dependency: make install"
    command = [
        ST,
        "run",
        f"{base}/schema/openapi.json",
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(role.max_examples),
        "--max-time",
        str(role.max_time),
        "--seed",
        SEED,
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
        "--output-truncate",
        "false",
    ]
    for operation in EXCLUDED_OPERATIONS:
        command += ["--exclude-name", operation]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - our own dev tool
        command,
        capture_output=True,
        text=True,
        timeout=role.max_time + 120,
        check=False,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
    )
    return done.stdout + done.stderr, done.returncode, time.monotonic() - started


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.name.replace(" ", "-"))
def test_schemathesis_finds_no_server_error_and_no_contract_breach(
    demo_server: tuple[str, dict[str, str]], role: Role, tmp_path: Path
) -> None:
    base, tokens = demo_server
    output, code, seconds = _schemathesis(base, tokens.get(role.name), role, tmp_path / "junit.xml")
    generated = re.search(r"(\d+) generated", output)
    failures = re.search(r"(\d+) unique failures?", output)
    engine = "PostgreSQL" if POSTGRES else "SQLite"
    record(  # the figures of docs/reliability.md
        f"schemathesis {role.name} on {engine}: "
        f"{generated.group(1) if generated else '?'} cases, "
        f"{failures.group(1) if failures else 0} failures, {seconds:.0f} s"
    )
    assert generated, output[-3000:]
    assert failures is None, output[-20000:]
    assert code == 0, output[-20000:]
