"""Docs that can drift are checked here."""

import datetime as dt
import re
import shutil
import subprocess
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


# The name of the design notes the project was first written from, which are not in the
# repository: the docs must stand on their own. Spelled in two halves so this file does not
# match itself.
_OUTSIDE_NOTES = re.compile(r"\b" + "DES" + r"IGN\b")


def _tracked(*paths: str) -> list[Path]:
    """The files git tracks, or would (not ignored), under ``paths``."""
    git = shutil.which("git")
    try:
        if git is None:
            raise FileNotFoundError("git")
        listed = subprocess.run(  # noqa: S603 - git, on our own paths
            [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *paths],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: every file there
        found = [ROOT / path for path in paths]
        found += [p for path in found if path.is_dir() for p in path.rglob("*")]
        return [p for p in found if p.is_file() and "__pycache__" not in p.parts]
    return [ROOT / name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def test_no_file_cites_design_notes_outside_the_repository() -> None:
    files = _tracked("raviv", "tests", "docs", "bench", "README.md")
    assert ROOT / "docs/domain.md" in files
    citing = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1
        )
        if _OUTSIDE_NOTES.search(line)
    ]
    assert citing == []


def _slug(heading: str) -> str:
    """The anchor GitHub makes of a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_links_between_docs_reach_a_heading() -> None:
    broken = []
    for source in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target, anchor in re.findall(r"\]\(([\w./-]*\.md)#([^)]+)\)", source.read_text()):
            page = (source.parent / target).resolve()
            headings = re.findall(r"^#+ (.+)$", page.read_text(), re.MULTILINE)
            if anchor not in {_slug(heading) for heading in headings}:
                broken.append(f"{source.name}: {target}#{anchor}")
    assert broken == []


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


def test_domain_page_names_every_key_of_the_command_line_json() -> None:
    # imported here: the rest of this file reads text only
    from raviv.archive import parse_archive
    from raviv.rules.from_archive import evaluate_archive
    from raviv.rules.report import evaluation_document
    from raviv.scoring.from_archive import reciprocity_of_archive
    from raviv.scoring.report import reciprocity_json

    archive = parse_archive((ROOT / "tests/data/reseau-exemple.json").read_bytes())
    season = (dt.date(2025, 9, 1), dt.date(2026, 9, 1))
    evaluation = evaluation_document(
        evaluate_archive(archive, at=dt.date(2026, 3, 1), period_start=season[0])
    )
    reciprocity = reciprocity_json(reciprocity_of_archive(archive, *season))
    reciprocity["network"]["cvn"] = {}  # its keys are accounts, not names

    page = (ROOT / "docs/domain.md").read_text()
    section = page.split("## What the command line writes", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 2
    documented = [set(re.findall(r'"(\w+)"', block)) for block in blocks]
    assert documented == [_keys(evaluation), _keys(reciprocity)]
