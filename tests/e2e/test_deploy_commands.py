"""deploy/ run as it is, as far as this machine allows (no container engine here).

- The container's entrypoint, with the image's environment and deploy/.env.example, on a fresh
  SQLite data folder: ``serve`` migrates, answers /ping (and the image's HEALTHCHECK command
  passes) and exits 0 on SIGTERM; ``upgrade`` and the pass-through to ``raviv``.
- The systemd units' ExecStartPre and ExecStart, parsed from the unit files and run with the
  units' environment (Environment=, then deploy/.env.example as /etc/raviv/raviv.env) pointing at
  a temporary folder, on the test database (SQLite or PostgreSQL).
- The checkers, each where it is installed (``bash .ci/run`` installs them): hadolint on the
  Dockerfile, shellcheck on the entrypoint, ``docker compose config`` on the compose file,
  ``systemd-analyze verify`` on the units, ``apt-cache`` on the image's Debian packages, and
  Caddy and nginx run with the shipped configurations in front of an upstream that records what
  reaches it: /metrics never does, X-Forwarded-For is the client's own address.

Every server listens on 127.0.0.1, on ports 18100-18199.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.deploy_support import (
    DEPLOY,
    ROOT,
    dockerfile_instructions,
    env_file_values,
    unit_command,
    unit_environment,
    unit_values,
)

BIN = Path(sys.executable).parent  # the virtual environment's bin/, where `raviv` is
ENTRYPOINT = DEPLOY / "entrypoint.sh"
UNITS = DEPLOY / "systemd"
PORTS = range(18100, 18200)
_taken: set[int] = set()
# The paths the units name on a server, and where they are here.
SERVER_RAVIV = "/opt/raviv/bin/raviv"
SERVER_BACKUPS = "/var/backups/raviv"


def free_port() -> int:
    for port in PORTS:
        if port in _taken:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _taken.add(port)
        return port
    pytest.fail("no free port in 18100-18199")


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed here (bash .ci/run installs it)")
    return path


def raviv_has(*command: str) -> bool:
    """Whether this raviv has the command (others are building some of them)."""
    result = subprocess.run(  # noqa: S603 - our own command
        [str(BIN / "raviv"), *command, "--help"], capture_output=True, timeout=60, check=False
    )
    return result.returncode == 0


def base_environment(home: Path) -> dict[str, str]:
    """What a service manager gives a process: a plain PATH, no variable of this test run.
    PYTHONPATH is kept, since it says which raviv checkout the virtual environment runs."""
    environment = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(home),
    }
    if os.environ.get("PYTHONPATH"):
        environment["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return environment


def image_environment(home: Path) -> dict[str, str]:
    """The container's environment: the image's ENV (its PATH with the virtual environment
    first), then the compose file's env_file (deploy/.env.example)."""
    environment = base_environment(home)
    for keyword, arguments in dockerfile_instructions():
        if keyword == "ENV":
            for word in arguments.split():
                name, _, value = word.partition("=")
                environment[name] = value.replace("$PATH", environment["PATH"])
    environment["PATH"] = environment["PATH"].replace("/opt/raviv/bin", str(BIN))
    return {**environment, **env_file_values()}


def wait_for_ping(process: subprocess.Popen[str], port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited with {process.returncode} before answering: {process.stdout}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ping", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    pytest.fail(f"no answer on /ping within {seconds} s: {process.communicate()[0]}")


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc: field 4 of each stat)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def ready(process: subprocess.Popen[str], marker: str, seconds: float = 90) -> str:
    """What the process printed until a line holding ``marker`` (it is ready: its signal
    handlers are in place); fails if it exits or stays silent ``seconds``. On a loaded machine
    its imports alone may take seconds, and a SIGTERM before them ends it as the default
    action does, not as it is written to."""
    assert process.stdout is not None
    fd = process.stdout.fileno()  # read unbuffered: a buffered line would hide from select()
    read = b""
    deadline = time.monotonic() + seconds
    while (remaining := deadline - time.monotonic()) > 0:
        if not select.select([fd], [], [], remaining)[0]:
            break
        chunk = os.read(fd, 65536)
        if not chunk:  # it exited
            break
        read += chunk
        if marker.encode() in read:
            return read.decode(errors="replace")
    pytest.fail(f"never printed {marker!r}: {read.decode(errors='replace')[-3000:]}")


def stop(process: subprocess.Popen[str], seconds: float) -> tuple[int, str, float]:
    """SIGTERM, then the exit code, what it printed and how long it took to exit."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        printed = process.communicate(timeout=seconds)[0]
    except subprocess.TimeoutExpired:
        process.kill()
        printed = process.communicate()[0]
        pytest.fail(f"still running {seconds} s after SIGTERM: {printed[-3000:]}")
    return process.returncode, printed, time.monotonic() - started


@contextmanager
def started(command: list[str], environment: dict[str, str], cwd: Path) -> Iterator[Any]:
    process = subprocess.Popen(  # noqa: S603 - the deploy files' own commands
        command,
        env=environment,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, so that nothing it started outlives it
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the deploy files' own commands and the checkers
        command, capture_output=True, text=True, timeout=120, check=False, **kwargs
    )


# --- the container's entrypoint ----------------------------------------------------------------


def test_entrypoint_serve_migrates_answers_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    environment = {
        **image_environment(tmp_path),
        "RAVIV_DATA_DIR": str(tmp_path / "data"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    healthcheck = json.loads(
        next(a for k, a in dockerfile_instructions() if k == "HEALTHCHECK").split("CMD", 1)[1]
    )
    with started([str(ENTRYPOINT), "serve"], environment, tmp_path) as process:
        wait_for_ping(process, port)
        # `exec`: the server is the process the signal is sent to, not a shell waiting for it.
        assert "sh" not in Path(f"/proc/{process.pid}/comm").read_text()
        health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
        assert health.status_code == 200, health.text
        assert health.json()["database"]["name"] == f"sqlite:{tmp_path}/data/raviv.db"
        assert run(healthcheck, env=environment).returncode == 0
        assert len(children(process.pid)) >= 2, "RAVIV_WORKERS=2 (the default) makes two workers"
        code, printed, seconds = stop(process, 30)
    assert code == 0, printed[-3000:]
    assert "applied" in printed
    assert "Traceback" not in printed
    assert run(healthcheck, env=environment).returncode != 0, "the health check sees it gone"
    print(f"entrypoint serve: exited {code} {seconds:.1f} s after SIGTERM")


def test_entrypoint_upgrade_and_any_other_command_go_to_raviv(tmp_path: Path) -> None:
    environment = {**image_environment(tmp_path), "RAVIV_DATA_DIR": str(tmp_path / "data")}

    def entrypoint(*arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return run([str(ENTRYPOINT), *arguments], env=environment, cwd=tmp_path, input=stdin)

    first = entrypoint("upgrade")
    assert first.returncode == 0, first.stderr
    assert "applied" in first.stdout
    again = entrypoint("upgrade")
    assert "already up to date" in again.stdout
    status = entrypoint("db", "status", "--json")
    assert json.loads(status.stdout)["pending"] == []
    admin = entrypoint(
        "accounts",
        "create",
        "admin@example.org",
        "--site-admin",
        "--password",
        stdin="un mot de passe assez long\n",
    )
    assert admin.returncode == 0, admin.stderr
    refused = entrypoint("no-such-command")
    assert refused.returncode != 0
    assert "No such command" in refused.stderr


def test_entrypoint_worker_runs_jobs_until_sigterm(tmp_path: Path) -> None:
    if not raviv_has("jobs", "worker"):
        pytest.skip("this raviv has no `raviv jobs worker` yet (the jobs part of issue 16)")
    environment = {**image_environment(tmp_path), "RAVIV_DATA_DIR": str(tmp_path / "data")}
    assert run([str(ENTRYPOINT), "upgrade"], env=environment).returncode == 0
    with started([str(ENTRYPOINT), "worker"], environment, tmp_path) as process:
        before = ready(process, "raviv jobs worker:")
        code, printed, _ = stop(process, 60)
    printed = before + printed
    assert code == 0, printed[-3000:]
    assert "Traceback" not in printed


# --- the systemd units -------------------------------------------------------------------------


def unit_run_environment(unit: Path, tmp_path: Path, port: int) -> dict[str, str]:
    """The unit's environment with /etc/raviv/raviv.env made from .env.example, the data
    folder in tmp_path, PORT one of ours and the database the test run's."""
    env_file = {
        **env_file_values(),
        "RAVIV_DATA_DIR": str(tmp_path / "data"),
        "PORT": str(port),
        "RAVIV_DATABASE_URL": os.environ["RAVIV_DATABASE_URL"],
        "RAVIV_SCHEDULER": "off",  # as the rest of the suite: no daily job on the test database
    }
    return {**base_environment(tmp_path), **unit_environment(unit, env_file)}


def unit_commands(unit: Path, key: str, environment: dict[str, str], here: Path) -> list[list[str]]:
    commands = []
    for line in unit_values(unit, key):
        words = unit_command(line, environment)
        words = [
            w.replace(SERVER_RAVIV, str(BIN / "raviv")).replace(SERVER_BACKUPS, str(here))
            for w in words
        ]
        commands.append(words)
    return commands


@pytest.mark.committed
def test_raviv_service_commands_upgrade_serve_and_stop_on_its_kill_signal(
    committed_db: None, tmp_path: Path
) -> None:
    unit = UNITS / "raviv.service"
    port = free_port()
    environment = unit_run_environment(unit, tmp_path, port)
    for command in unit_commands(unit, "ExecStartPre", environment, tmp_path):
        result = run(command, env=environment, cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
    [command] = unit_commands(unit, "ExecStart", environment, tmp_path)
    assert unit_values(unit, "KillSignal") == ["SIGTERM"]
    timeout = int(unit_values(unit, "TimeoutStopSec")[0])
    with started(command, environment, tmp_path) as process:
        wait_for_ping(process, port)
        health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
        assert health.status_code == 200, health.text
        engine = (
            "postgres" if environment["RAVIV_DATABASE_URL"].startswith("postgres") else "sqlite"
        )
        assert health.json()["database"]["engine"] == engine
        code, printed, seconds = stop(process, min(timeout, 30))
    assert code == 0, printed[-3000:]
    assert "Traceback" not in printed
    print(f"raviv.service: exited {code} {seconds:.1f} s after SIGTERM (TimeoutStopSec={timeout})")


@pytest.mark.committed
def test_raviv_worker_service_commands(committed_db: None, tmp_path: Path) -> None:
    if not raviv_has("jobs", "worker"):
        pytest.skip("this raviv has no `raviv jobs worker` yet (the jobs part of issue 16)")
    unit = UNITS / "raviv-worker.service"
    environment = unit_run_environment(unit, tmp_path, free_port())
    for command in unit_commands(unit, "ExecStartPre", environment, tmp_path):
        assert run(command, env=environment, cwd=tmp_path).returncode == 0, command
    [command] = unit_commands(unit, "ExecStart", environment, tmp_path)
    with started(command, environment, tmp_path) as process:
        before = ready(process, "raviv jobs worker:")
        code, printed, _ = stop(process, 60)
    assert code == 0, (before + printed)[-3000:]


@pytest.mark.committed
def test_raviv_backup_service_commands_write_a_backup(committed_db: None, tmp_path: Path) -> None:
    if not raviv_has("backup"):
        pytest.skip("this raviv has no `raviv backup` yet (the backup part of issue 16)")
    unit = UNITS / "raviv-backup.service"
    environment = unit_run_environment(unit, tmp_path, free_port())
    backups = tmp_path / "backups"
    backups.mkdir()
    for key in ("ExecStart", "ExecStartPost"):
        for command in unit_commands(unit, key, environment, backups):
            result = run(command, env=environment, cwd=tmp_path)
            assert result.returncode == 0, (command, result.stdout, result.stderr)
    [written] = list(backups.glob("raviv-*.backup"))
    assert written.stat().st_size > 0


# --- the checkers --------------------------------------------------------------------------------


def test_hadolint_passes_the_dockerfile() -> None:
    hadolint = tool("hadolint")
    result = run(
        [hadolint, "--no-color", "--failure-threshold", "style", "deploy/Dockerfile"], cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"hadolint {run([hadolint, '--version']).stdout.strip()}: no finding")


def test_shellcheck_passes_the_entrypoint() -> None:
    shellcheck = tool("shellcheck")
    result = run([shellcheck, "--shell=sh", "--severity=style", str(ENTRYPOINT)])
    assert result.returncode == 0, result.stdout + result.stderr


def compose_command() -> list[str]:
    """`docker compose` (or `docker-compose`) if it is one that reports a broken file."""
    for candidate in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(candidate[0]) is None:
            continue
        if run([*candidate, "version"]).returncode != 0:
            continue
        return candidate
    pytest.skip("docker compose is not installed here (bash .ci/run installs it)")


def test_docker_compose_config_accepts_the_compose_file(tmp_path: Path) -> None:
    compose = compose_command()
    broken = tmp_path / "broken" / "compose.yaml"
    broken.parent.mkdir()
    broken.write_text("services:\n  app:\n    image: x\n    enviroment: {}\n")
    assert run([*compose, "-f", str(broken), "config", "-q"]).returncode != 0, (
        f"{compose} does not report a broken file: it cannot check this one"
    )
    env = (
        (DEPLOY / ".env.example")
        .read_text()
        .replace("\nPOSTGRES_PASSWORD=\n", "\nPOSTGRES_PASSWORD=0123abcd\n")
    )
    shutil.copytree(DEPLOY, tmp_path / "deploy", ignore=shutil.ignore_patterns(".env"))
    (tmp_path / "deploy" / ".env").write_text(env)
    (tmp_path / "deploy" / "Dockerfile").unlink()  # the build context is the repository's
    result = run(
        [*compose, "-f", str(tmp_path / "deploy/compose.yaml"), "config", "--format", "json"],
        env={**os.environ, "COMPOSE_PROJECT_NAME": ""},
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    app = config["services"]["app"]
    assert app["environment"]["RAVIV_DATABASE_URL"] == (
        "postgresql://raviv:0123abcd@postgres:5432/raviv"
    )
    assert app["environment"]["RAVIV_PUBLIC_URL"] == "https://raviv.example.org"
    assert app["environment"]["RAVIV_TRUSTED_PROXIES"] == "172.30.71.200"  # not .env's
    assert app["environment"]["RAVIV_JOBS_WORKER"] == "off"
    worker = config["services"]["worker"]
    assert worker["command"] == ["worker"]
    assert worker["environment"]["RAVIV_DATABASE_URL"] == app["environment"]["RAVIV_DATABASE_URL"]
    assert "RAVIV_JOBS_WORKER" not in worker["environment"]
    # Without a password, compose refuses and says which variable to set.
    (tmp_path / "deploy" / ".env").write_text(env.replace("=0123abcd", "="))
    refused = run([*compose, "-f", str(tmp_path / "deploy/compose.yaml"), "config", "-q"])
    assert refused.returncode != 0
    assert "set POSTGRES_PASSWORD in .env" in refused.stderr


def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    analyze = tool("systemd-analyze")
    for unit in UNITS.iterdir():  # with raviv where this machine has it
        text = unit.read_text().replace(SERVER_RAVIV, str(BIN / "raviv"))
        (tmp_path / unit.name).write_text(text)
    result = run([analyze, "verify", "--man=no", *sorted(map(str, tmp_path.iterdir()))])
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # no warning either


def test_the_images_debian_packages_exist_in_debian_12() -> None:
    apt_cache = tool("apt-cache")
    base = next(a for k, a in dockerfile_instructions() if k == "ARG").split("=", 1)[1]
    assert base.endswith("-bookworm")
    if "VERSION_CODENAME=bookworm" not in Path("/etc/os-release").read_text():
        pytest.skip("this machine is not Debian 12: its package lists are not the image's")
    install = next(a for k, a in dockerfile_instructions() if "apt-get install" in a)
    words = install.split("apt-get install", 1)[1].split("&&")[0].split()
    names = [w for w in words if not w.startswith("-")]
    assert "libharfbuzz-subset0" in names
    policy = run([apt_cache, "policy", "bash", *names]).stdout
    candidates: dict[str, str] = {}
    package = ""
    for line in policy.splitlines():
        if line and not line.startswith(" "):
            package = line.rstrip(":")
        elif line.strip().startswith("Candidate:"):
            candidates[package] = line.split(":", 1)[1].strip()
    if candidates.get("bash", "(none)") == "(none)":
        pytest.skip("apt-get update has not been run here: no package lists")
    unknown = [name for name in names if candidates.get(name, "(none)") == "(none)"]
    assert not unknown, f"not in Debian 12: {unknown}"


# --- the reverse proxies -------------------------------------------------------------------------


class Upstream:
    """An HTTP server standing for raviv: it records the path and headers of every request
    that reaches it."""

    def __init__(self, port: int) -> None:
        self.seen: list[tuple[str, dict[str, str]]] = []
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                upstream.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                body = b"pong"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def raw_get(port: int, path: str, *, tls: bool = False, host: str = "127.0.0.1") -> int:
    """GET with the path sent exactly as written (an HTTP client would clean `/./` and `..`);
    the status code."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as plain:
        sock: socket.socket = plain
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            sock = context.wrap_socket(plain, server_hostname=host)
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: 203.0.113.9\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1])


METRICS_PATHS = [
    "/metrics",
    "/metrics/",
    "/metrics?format=text",
    "/METRICS",
    "//metrics",
    "/%6detrics",
    "/metrics/x",
    "/./metrics",
    "/ping/../metrics",
]


def wait_for_port(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited with {process.returncode}: {process.communicate()[0]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"nothing listens on {port}")


def check_proxy(upstream: Upstream, port: int, *, tls: bool, host: str, proto: str) -> None:
    assert raw_get(port, "/ping", tls=tls, host=host) == 200
    path, headers = upstream.seen[-1]
    assert path == "/ping"
    # The client's own address (here 127.0.0.1), not the one it claimed (203.0.113.9).
    assert headers["x-forwarded-for"] == "127.0.0.1", headers
    assert headers["x-forwarded-proto"] == proto
    for metrics in METRICS_PATHS:
        assert raw_get(port, metrics, tls=tls, host=host) in {400, 404}, metrics
    reached = [p for p, _ in upstream.seen if "metrics" in p.lower() or "%6d" in p.lower()]
    assert not reached, f"reached the upstream: {reached}"


def test_caddy_validates_and_keeps_metrics_inside(tmp_path: Path) -> None:
    caddy = tool("caddy")
    validated = run(
        [caddy, "validate", "--adapter", "caddyfile", "--config", str(DEPLOY / "Caddyfile")],
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert validated.returncode == 0, validated.stderr
    port, upstream_port = free_port(), free_port()
    environment = {
        **base_environment(tmp_path),
        "RAVIV_PUBLIC_URL": f"http://127.0.0.1:{port}",  # no certificate to obtain here
        "UPSTREAM": f"127.0.0.1:{upstream_port}",
        "XDG_DATA_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    adapted = run(
        [caddy, "adapt", "--adapter", "caddyfile", "--config", str(DEPLOY / "Caddyfile")],
        env=environment,
    )
    assert adapted.returncode == 0, adapted.stderr
    config = json.loads(adapted.stdout)
    # Only what this machine needs: the loopback, and no admin endpoint on port 2019.
    config["admin"] = {"disabled": True}
    for server in config["apps"]["http"]["servers"].values():
        server["listen"] = [f"127.0.0.1:{port}"]
    (tmp_path / "caddy.json").write_text(json.dumps(config))
    upstream = Upstream(upstream_port)
    try:
        with started(
            [caddy, "run", "--config", str(tmp_path / "caddy.json")], environment, tmp_path
        ) as process:
            wait_for_port(port, process)
            check_proxy(upstream, port, tls=False, host="127.0.0.1", proto="http")
    finally:
        upstream.close()


def test_nginx_configuration_loads_and_keeps_metrics_inside(tmp_path: Path) -> None:
    nginx = tool("nginx")
    openssl = tool("openssl")
    https_port, http_port, upstream_port = free_port(), free_port(), free_port()
    made = run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=raviv.example.org",
            "-keyout",
            str(tmp_path / "privkey.pem"),
            "-out",
            str(tmp_path / "fullchain.pem"),
        ]
    )
    assert made.returncode == 0, made.stderr
    site = (DEPLOY / "nginx.conf").read_text()
    # What differs here: ports, the loopback, the certificate's folder.
    for server_text, here in [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        ("/etc/letsencrypt/live/raviv.example.org/", f"{tmp_path}/"),
    ]:
        assert server_text in site, server_text
        site = site.replace(server_text, here)
    (tmp_path / "raviv.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\ndaemon off;\nevents {{}}\nhttp {{\n"
        f"access_log off;\nclient_body_temp_path {tmp_path}/body;\n"
        f"proxy_temp_path {tmp_path}/proxy;\nfastcgi_temp_path {tmp_path}/fastcgi;\n"
        f"uwsgi_temp_path {tmp_path}/uwsgi;\nscgi_temp_path {tmp_path}/scgi;\n"
        f"include {tmp_path}/raviv.conf;\n}}\n"
    )
    tested = run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")])
    assert tested.returncode == 0, tested.stderr
    upstream = Upstream(upstream_port)
    try:
        with started(
            [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
            base_environment(tmp_path),
            tmp_path,
        ) as process:
            wait_for_port(https_port, process)
            check_proxy(upstream, https_port, tls=True, host="raviv.example.org", proto="https")
            assert raw_get(http_port, "/ping", host="raviv.example.org") == 301
    finally:
        upstream.close()
