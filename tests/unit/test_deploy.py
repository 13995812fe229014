"""deploy/ kept true to the code: the settings of .env.example, the compose file against the
Compose Specification's schema, the image's build context. The tools and the commands
themselves run in tests/e2e/test_deploy_commands.py."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml  # type: ignore[import-untyped]

from raviv.mail import MailSettings
from raviv.settings import Settings
from tests.deploy_support import (
    DEPLOY,
    ENV_EXAMPLE,
    ROOT,
    dockerfile_instructions,
    env_entries,
    settings_read_by_the_code,
    unit_environment,
    unit_values,
)

COMPOSE_SCHEMA = ROOT / "tests/data/compose-spec/compose-spec.json"


def test_env_example_lists_every_setting_the_code_reads_and_no_other() -> None:
    read = settings_read_by_the_code()
    listed = {name for name, *_ in env_entries() if name.startswith("RAVIV_")}
    missing, stale = sorted(read - listed), sorted(listed - read)
    assert not missing, f"read by the code, missing from deploy/.env.example: {missing}"
    assert not stale, f"in deploy/.env.example, read by no code any more: {stale}"


def test_env_example_names_each_setting_once_under_a_comment() -> None:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    entries = env_entries()
    twice = [name for name, count in Counter(n for n, *_ in entries).items() if count > 1]
    assert not twice, f"listed more than once: {twice}"
    uncommented = [name for name, _, _, line in entries if not lines[line - 2].startswith("# ")]
    assert not uncommented, f"no comment line above: {uncommented}"
    undefaulted = [
        name
        for name, _, _, line in entries
        if name.startswith("RAVIV_") and not _comment_above(lines, line).count("Default:")
    ]
    assert not undefaulted, f"no 'Default:' in the comment above: {undefaulted}"


def _comment_above(lines: list[str], line: int) -> str:
    comment = []
    index = line - 2
    while index >= 0 and lines[index].startswith("# "):
        comment.append(lines[index])
        index -= 1
    return "\n".join(comment)


def test_the_defaults_shown_are_the_defaults_in_force(monkeypatch: pytest.MonkeyPatch) -> None:
    """Taking the `#` off every `#RAVIV_X=default` line changes nothing: the settings read are
    the same as with none of them set."""
    import os

    for name in [n for n in os.environ if n.startswith("RAVIV_")]:
        monkeypatch.delenv(name)
    defaults = (Settings.from_env(), MailSettings.from_env())
    shown = {name: value for name, value, is_set, _ in env_entries() if not is_set}
    differing = []
    for name, value in shown.items():
        if name.startswith("RAVIV_"):
            with monkeypatch.context() as one:
                one.setenv(name, value)
                if (Settings.from_env(), MailSettings.from_env()) != defaults:
                    differing.append(f"{name}={value}")
    assert not differing, f"not the default in force: {differing}"
    # The entrypoint's and the units' own defaults are the ones shown too.
    entrypoint = (DEPLOY / "entrypoint.sh").read_text(encoding="utf-8")
    for name, default in re.findall(r"\$\{([A-Z][A-Z0-9_]*):-([^}]*)\}", entrypoint):
        if name in shown:
            assert shown[name] == default, name
    for unit in (DEPLOY / "systemd").glob("*.service"):
        for name, value in unit_environment(unit, {}).items():
            if name in shown:
                assert shown[name] == value, (unit.name, name)


def test_the_systemd_units_read_the_env_file_and_the_data_dir_they_may_write() -> None:
    env = {name: value for name, value, is_set, _ in env_entries() if is_set}
    for unit in (DEPLOY / "systemd").glob("*.service"):
        assert unit_values(unit, "EnvironmentFile") == ["/etc/raviv/raviv.env"], unit.name
        assert unit_values(unit, "User") == ["raviv"], unit.name
        data_dir = unit_environment(unit, env)["RAVIV_DATA_DIR"]
        writable = " ".join(unit_values(unit, "ReadWritePaths")).split()
        assert data_dir in writable, unit.name
        assert unit_values(unit, "ProtectSystem") == ["strict"], unit.name
        assert unit_values(unit, "NoNewPrivileges") == ["yes"], unit.name


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def test_compose_file_meets_the_compose_specification_schema() -> None:
    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(
        jsonschema.Draft7Validator(schema).iter_errors(_compose()), key=lambda e: list(e.path)
    )
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_compose_schema_check_catches_a_mistake() -> None:
    """The schema check above can fail: an unknown key in a service is refused."""
    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    broken = _compose()
    broken["services"]["app"]["enviroment"] = {"RAVIV_DEBUG": "false"}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


def test_compose_runs_the_app_the_worker_and_postgresql_as_the_readme_says() -> None:
    compose = _compose()
    services = compose["services"]
    assert {"app", "worker", "postgres"} <= set(services)
    app, worker, postgres = services["app"], services["worker"], services["postgres"]
    assert app["command"] == ["serve"]
    assert worker["command"] == ["worker"]
    assert app["env_file"] == worker["env_file"] == ".env"
    assert app["environment"]["RAVIV_JOBS_WORKER"] == "off"
    assert "RAVIV_JOBS_WORKER" not in worker["environment"]
    for service in (app, worker):
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert service["environment"]["RAVIV_DATABASE_URL"].startswith("postgresql://")
        assert "@postgres:5432/" in service["environment"]["RAVIV_DATABASE_URL"]
    assert postgres["healthcheck"]["test"]
    assert any(v.endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])
    # Every named volume is declared; every file mounted exists beside compose.yaml.
    for service in services.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (DEPLOY / source).exists(), source
            else:
                assert source in compose["volumes"], source
    build = app["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).is_file()
    # raviv believes X-Forwarded-For from Caddy's fixed address only.
    proxy_address = services["proxy"]["networks"]["default"]["ipv4_address"]
    assert app["environment"]["RAVIV_TRUSTED_PROXIES"] == proxy_address


def _dockerignore_excludes(patterns: list[str], path: str) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parent folders decides;
    `!` re-includes; `*` stays within a folder, `**` crosses folders."""

    def regex(pattern: str) -> re.Pattern[str]:
        out = ""
        index = 0
        while index < len(pattern):
            if pattern.startswith("**/", index):
                out += "(?:.*/)?"
                index += 3
            elif pattern.startswith("**", index):
                out += ".*"
                index += 2
            elif pattern[index] == "*":
                out += "[^/]*"
                index += 1
            elif pattern[index] == "?":
                out += "[^/]"
                index += 1
            else:
                out += re.escape(pattern[index])
                index += 1
        return re.compile(out)

    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        compiled = regex(pattern.lstrip("!").strip("/"))
        if any(compiled.fullmatch(prefix) for prefix in prefixes):
            excluded = not negated
    return excluded


def test_the_build_context_holds_what_the_image_copies_and_no_secret() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    copied = [
        source
        for keyword, arguments in dockerfile_instructions()
        if keyword == "COPY" and "--from=" not in arguments
        for source in arguments.split()[:-1]
    ]
    assert copied, "the Dockerfile copies nothing from the context?"
    for source in copied:
        files = [source] if (ROOT / source).is_file() else _files_under(ROOT / source)
        assert files, f"{source}: not in the repository"
        kept = [f for f in files if not _dockerignore_excludes(patterns, f)]
        assert kept, f"{source}: left out of the build context by .dockerignore"
        if source == "raviv":
            assert "raviv/settings.py" in kept
    for secret in ("deploy/.env", "var/secret_key", "var/raviv.db", ".git/config", ".venv/bin/x"):
        assert _dockerignore_excludes(patterns, secret), secret
    assert _dockerignore_excludes(patterns, "raviv/__pycache__/settings.cpython-311.pyc")


def _files_under(folder: Path) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in folder.rglob("*") if p.is_file()]


def test_the_image_runs_as_a_fixed_non_root_user_with_a_data_volume() -> None:
    instructions = dockerfile_instructions()
    users = [arguments for keyword, arguments in instructions if keyword == "USER"]
    assert users
    assert re.fullmatch(r"[1-9][0-9]*:[1-9][0-9]*", users[-1]), users[-1]
    env = " ".join(arguments for keyword, arguments in instructions if keyword == "ENV")
    assert "RAVIV_DATA_DIR=/var/lib/raviv" in env
    assert ("VOLUME", '["/var/lib/raviv"]') in instructions
    assert ("EXPOSE", "8000") in instructions
    healthcheck = next(arguments for keyword, arguments in instructions if keyword == "HEALTHCHECK")
    assert "/ping" in healthcheck


def test_sh_reads_the_env_file_as_systemd_and_compose_do() -> None:
    """deploy/README.md runs `raviv` commands on Debian with the file sourced by sh (`set -a;
    . /etc/raviv/raviv.env`): sh must find the same values, quotes and all."""
    import shutil
    import subprocess

    sh = shutil.which("sh")
    if sh is None:
        pytest.skip("no sh on this machine")
    printed = subprocess.run(  # noqa: S603 - sh reading our own file
        [sh, "-c", 'set -a && . "$1" && exec env -0', "sh", str(ENV_EXAMPLE)],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=True,
    ).stdout.decode()
    sourced = dict(item.split("=", 1) for item in printed.split("\0") if item)
    expected = {name: value for name, value, is_set, _ in env_entries() if is_set}
    assert {name: sourced.get(name) for name in expected} == expected
    assert not {n for n in sourced if n.startswith("RAVIV_")} - set(expected)
