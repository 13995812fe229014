"""The trend, the cross-tabulations, the graph and their writing are pure code, like the
formulas they build on: no database, no web framework (the same check as
tests/unit/rules/test_purity.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.rules.test_purity import IMPURE, ROOT, imported

PURE = [
    ROOT / "raviv/scoring" / name
    for name in ("trends.py", "crosstabs.py", "graph.py", "analytics.py")
]


@pytest.mark.parametrize("path", PURE, ids=lambda p: p.name)
def test_the_analytics_modules_import_no_database_and_no_web_code(path: Path) -> None:
    found = {name for name in imported(path) if name.startswith((*IMPURE, "raviv.scoring.service"))}
    assert not found, f"{path.relative_to(ROOT)} imports {sorted(found)}"
