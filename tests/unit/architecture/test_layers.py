"""The layers of docs/development.md hold, and the check that holds them can fail.

``lint-imports`` (import-linter, run by ``make lint``) reads the contracts of pyproject.toml. The
second test copies the code, adds one upward import to the copy (the registry importing the
participation rule) and shows the check refusing it, naming the contract and the import.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own dev tool
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(where)},
    )


def test_the_code_keeps_every_import_contract() -> None:
    done = _lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_an_upward_import_breaks_the_layers_contract_and_is_named(tmp_path: Path) -> None:
    for package in ("raviv", "reports", "admin"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    service = tmp_path / "raviv" / "registry" / "service.py"
    service.write_text(service.read_text() + "\nfrom raviv.participation import tables  # upward\n")

    done = _lint_imports(tmp_path)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "One direction: entry points" in done.stdout
    assert "BROKEN" in done.stdout
    assert "raviv.registry.service -> raviv.participation.tables" in done.stdout
