"""The evaluator and the scoring formulas are pure code: plain data in, results out; no database,
no web framework."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PURE = [
    *sorted((ROOT / "raviv/rules").glob("*.py")),
    *(ROOT / "raviv/scoring" / name for name in ("reciprocity.py", "from_archive.py", "report.py")),
    ROOT / "raviv/valuation.py",
]
IMPURE = ("piccolo", "litestar", "asyncpg", "aiosqlite", "raviv.db", "raviv.ledger.tables")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", PURE, ids=lambda p: p.name)
def test_the_pure_modules_import_no_database_and_no_web_code(path: Path) -> None:
    found = {name for name in imported(path) if name.startswith(IMPURE)}
    assert not found, f"{path.relative_to(ROOT)} imports {sorted(found)}"
