"""No module reaches into another module's private names.

A name starting with one underscore is private to its module: another module (of raviv, or a
test) neither imports it (``from raviv.x import _y``) nor reads it through the module
(``x._y``). A part other modules need gets a public name in a module that says what it offers.
"""

from __future__ import annotations

import ast
import importlib.util
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("raviv", "reports", "admin")


def _sources() -> list[Path]:
    files = [p for package in PACKAGES for p in (ROOT / package).rglob("*.py")]
    return [p for p in files if "piccolo_migrations" not in p.parts]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _is_module(name: str) -> bool:
    """Whether a dotted name is a module (``raviv.x``), not a class or function in one."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(path: Path) -> list[str]:
    """``file:line name`` of every private name of another raviv module this file uses."""
    tree = ast.parse(path.read_text(), filename=str(path))
    here = _module_name(path)
    where = path.relative_to(ROOT)
    modules: dict[str, str] = {}  # local name -> raviv module it is bound to
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PACKAGES:
                    modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] not in PACKAGES or node.module == here:
                continue
            for alias in node.names:
                if _is_private(alias.name):
                    found.append(f"{where}:{node.lineno} {node.module}.{alias.name}")
                else:
                    modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    found.extend(
        f"{where}:{node.lineno} {modules[node.value.id]}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and _is_private(node.attr)
        and modules[node.value.id] != here
        and _is_module(modules[node.value.id])
    )
    return found


def test_no_module_uses_a_private_name_of_another_module() -> None:
    found = [use for path in _sources() for use in private_uses(path)]
    assert found == [], "private names used from outside their module:\n" + "\n".join(found)


def test_the_check_sees_an_imported_private_name_and_a_private_attribute(tmp_path: Path) -> None:
    """The check itself can fail: both forms of reaching in are reported."""
    scratch = ROOT / "raviv" / "_scratch_private_check.py"
    scratch.write_text(
        "from raviv.spreadsheet import reading\n"
        "from raviv.lib.text import _hidden\n"
        "value = reading._secret\n"
    )
    try:
        found = private_uses(scratch)
    finally:
        scratch.unlink()
    assert [use.split(" ", 1)[1] for use in found] == [
        "raviv.lib.text._hidden",
        "raviv.spreadsheet.reading._secret",
    ]
