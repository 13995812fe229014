"""CI's dependency audit (.ci/audit.py) decides on pip-audit's JSON report."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def _audit() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / ".ci" / "audit.py"
    spec = importlib.util.spec_from_file_location("ci_audit", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_vulnerability_with_a_fixed_release_fails_the_audit() -> None:
    report = {
        "dependencies": [
            {
                "name": "jinja2",
                "version": "2.10",
                "vulns": [{"id": "PYSEC-2019-217", "fix_versions": ["2.10.1"]}],
            },
            {"name": "click", "version": "8.1.7", "vulns": []},
        ]
    }
    code, lines = _audit().verdict(report, "pypi")
    assert code == 1
    assert any("FIX AVAILABLE: jinja2 2.10: PYSEC-2019-217 (fixed in 2.10.1)" in x for x in lines)


def test_a_vulnerability_without_a_fix_is_printed_but_does_not_fail() -> None:
    report = {
        "dependencies": [
            {"name": "x", "version": "1", "vulns": [{"id": "GHSA-1", "fix_versions": []}]}
        ]
    }
    code, lines = _audit().verdict(report, "pypi")
    assert code == 0
    assert any("known, no fix yet: x 1: GHSA-1" in x for x in lines)


def test_an_audit_that_reached_no_service_says_so_instead_of_passing() -> None:
    report = {"dependencies": [{"name": "x", "skip_reason": "Dependency not found on PyPI"}]}
    code, lines = _audit().verdict(report, "pypi")
    assert code == 2
    assert "could not be reached" in lines[-1]
