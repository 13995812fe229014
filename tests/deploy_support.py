"""Reading the files of deploy/ as the tools that use them read them: an environment file as
systemd's ``EnvironmentFile=`` and compose's ``env_file`` do, a systemd unit's sections and its
command lines, the Dockerfile's instructions, and the names of the settings the code reads."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
ENV_EXAMPLE = DEPLOY / ".env.example"

SETTING = re.compile(r"RAVIV_[A-Z0-9_]+")
# `#RAVIV_X=default` (a default shown, in force) or `RAVIV_X=value` (set): one entry each.
ENTRY = re.compile(r"^(#?)([A-Z][A-Z0-9_]*)=(.*)$")


def settings_read_by_the_code() -> set[str]:
    """Every ``RAVIV_*`` name the code reads: each quoted name in raviv/, reports/ and admin/,
    the ``_FILE`` twin of each secret (``env_secret("X")`` reads X and X_FILE), and the names
    deploy/entrypoint.sh and the systemd units expand (``${RAVIV_WORKERS}``)."""
    names: set[str] = set()
    for package in ("raviv", "reports", "admin"):
        for source in (ROOT / package).rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            names |= set(re.findall(r"""["'](RAVIV_[A-Z0-9_]+)["']""", text))
            names |= {
                f"{name}_FILE"
                for name in re.findall(r"""env_secret\(\s*["'](RAVIV_[A-Z0-9_]+)["']""", text)
            }
    for script in (DEPLOY / "entrypoint.sh", *sorted((DEPLOY / "systemd").glob("*.service"))):
        names |= set(re.findall(r"\$\{(RAVIV_[A-Z0-9_]+)", script.read_text(encoding="utf-8")))
    return names


def unquote(value: str) -> str:
    """A value as systemd and compose read it: surrounding quotes dropped."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def env_entries(path: Path = ENV_EXAMPLE) -> list[tuple[str, str, bool, int]]:
    """The entries of an environment file: (name, value, set — False for a `#NAME=` default
    shown, line number)."""
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        matched = ENTRY.match(line)
        if matched:
            commented, name, value = matched.groups()
            entries.append((name, unquote(value), not commented, number))
    return entries


def env_file_values(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """What systemd's EnvironmentFile= (or compose's env_file) puts in the environment."""
    return {name: value for name, value, is_set, _ in env_entries(path) if is_set}


def unit_sections(path: Path) -> dict[str, list[tuple[str, str]]]:
    """A systemd unit file: its sections, each a list of (key, value) in order."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        key, _, value = line.partition("=")
        current.append((key.strip(), value.strip()))
    return sections


def unit_values(path: Path, key: str, section: str = "Service") -> list[str]:
    return [value for name, value in unit_sections(path).get(section, []) if name == key]


def unit_environment(path: Path, env_file: dict[str, str]) -> dict[str, str]:
    """The environment systemd gives the service: Environment= lines, then the file's lines
    (which win over them, as systemd.exec(5) says)."""
    environment: dict[str, str] = {}
    for line in unit_values(path, "Environment"):
        for word in shlex.split(line):
            name, _, value = word.partition("=")
            environment[name] = value
    return {**environment, **env_file}


def unit_command(line: str, environment: dict[str, str]) -> list[str]:
    """An Exec*= line as systemd runs it: ``%%`` is ``%``, the line is split into words with
    quotes, ``${NAME}`` is replaced by its value, ``$$`` is ``$``. Other forms are refused
    rather than guessed."""
    if re.search(r"%[^%]", line.replace("%%", "")):
        raise ValueError(f"a specifier other than %% in {line!r}")
    if line[:1] in "-+!@:":
        raise ValueError(f"an Exec prefix this reader does not handle in {line!r}")
    words = shlex.split(line.replace("%%", "%"))

    def expand(word: str) -> str:
        if re.search(r"\$(?![{$])", word.replace("$$", "")):
            raise ValueError(f"an unbraced $NAME in {word!r}: write ${{NAME}}")
        word = re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", lambda m: environment[m[1]], word)
        return word.replace("$$", "$")

    return [expand(word) for word in words]


def dockerfile_instructions(path: Path = DEPLOY / "Dockerfile") -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        whole = (pending + line).strip()
        pending = ""
        keyword, _, arguments = whole.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    return instructions
