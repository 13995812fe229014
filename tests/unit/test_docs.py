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


def _layout_block() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1].strip().splitlines()


def test_readme_layout_names_every_part_of_the_service_and_only_those() -> None:
    """The README's layout tree matches the code: every module and package directly under
    raviv/ is in it, and everything it names under raviv/ exists."""
    lines = _layout_block()
    named = {
        line.split()[0]
        for line in lines
        if line.startswith("  ") and not line.startswith("   ") and line.split()
    }
    present = {
        f"{p.name}/" if p.is_dir() else p.name
        for p in (ROOT / "raviv").iterdir()
        if p.name not in {"__init__.py", "__pycache__"} and (p.is_dir() or p.suffix == ".py")
    }
    assert named == present
    top = {  # "admin/ reports/       description": the names before the wide gap
        word
        for line in lines
        if not line.startswith(" ")
        for word in re.split(r"\s{3,}", line)[0].split()
    }
    for folder in (w for w in top if w.endswith("/")):
        assert (ROOT / folder).is_dir(), folder
