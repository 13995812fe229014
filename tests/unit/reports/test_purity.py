"""The DLA report's figures are built by pure code: ``reports/build.py`` (and the contract
``reports/context.py``, the inputs and the pseudonyms it uses) import no database and no web
framework — not directly (the same check as tests/unit/rules/test_purity.py), not through
anything they import (a fresh interpreter imports them and lists what came along), and the
import-linter contract ``pure-core`` holds them to it in CI."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.unit.rules.test_purity import IMPURE, ROOT, imported

PURE = ["build", "context", "inputs", "pseudonyms"]
FORBIDDEN = (*IMPURE, "raviv.settings", "raviv.guard", "raviv.scoring.service", "reports.gather")


@pytest.mark.parametrize("name", PURE)
def test_the_report_builder_imports_no_database_and_no_web_code(name: str) -> None:
    path = ROOT / "reports" / f"{name}.py"
    found = {module for module in imported(path) if module.startswith(FORBIDDEN)}
    assert not found, f"{path.relative_to(ROOT)} imports {sorted(found)}"


def test_nothing_impure_comes_along_when_the_builder_is_imported() -> None:
    code = (
        "import sys, reports.build, reports.context, reports.workbook\n"
        f"print('\\n'.join(sorted(m for m in sys.modules if m.startswith({FORBIDDEN!r}))))"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed program
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.split() == []


def test_the_import_contract_holds_the_builder_to_the_pure_core() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    sources = contracts["pure-core"]["source_modules"]
    assert {"reports.build", "reports.context"} <= set(sources)
    assert {"piccolo", "litestar", "raviv.db"} <= set(contracts["pure-core"]["forbidden_modules"])


def test_the_pure_modules_named_exist() -> None:
    assert all((ROOT / "reports" / f"{name}.py").is_file() for name in PURE)
    assert Path(__file__).is_file()
