"""Docs that can drift are checked here."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_documents_exactly_the_settings_the_service_reads() -> None:
    read: set[str] = set()
    for source in (ROOT / "raviv").rglob("*.py"):
        text = source.read_text()
        read |= set(re.findall(r'"(RAVIV_[A-Z_]+)"', text))
        # env_secret("X") reads X and X_FILE
        read |= {f"{n}_FILE" for n in re.findall(r'env_secret\(\s*"(RAVIV_[A-Z_]+)"', text)}
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`(RAVIV_[A-Z_]+)`", table))
    assert read == documented


def test_readme_opens_with_the_two_set_up_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci/run").read_text()
