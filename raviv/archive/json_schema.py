"""The JSON Schema of ``raviv-network/1``, generated from the Structs.

``docs/raviv-network-1.schema.json`` is its output (a test keeps them equal)::

    .venv/bin/python -m raviv.archive.json_schema > docs/raviv-network-1.schema.json

The schema describes the shape; :func:`raviv.archive.parse_archive` is the authority on what can
be imported (SIRET keys, refs that must exist, overlapping periods are beyond a schema).
"""

from __future__ import annotations

import inspect
import json
import sys
from typing import Any

import msgspec

from raviv.archive.schema import FORMAT, Archive

SCHEMA_ID = "https://raviv.example/schemas/raviv-network-1.schema.json"


def archive_json_schema() -> dict[str, Any]:
    """Draft 2020-12; objects accept properties they do not list (compatible extensions)."""
    generated = msgspec.json.schema(Archive)
    _polish(generated)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": FORMAT,
        "description": "A whole network of member organisations in one document: settings and "
        "dated rates, members with memberships, working groups with enrolments, meetings with "
        "attendance, the contribution ledger, rule sets and exemptions. Objects refer to each "
        'other by their network-unique `ref`. Decimals are strings such as "15.00" (numbers '
        "are accepted); dates are YYYY-MM-DD.",
        **generated,
    }


def _polish(node: Any) -> None:
    """Decimals accept a string or a number; docstrings lose their indentation."""
    if isinstance(node, dict):
        if node.get("format") == "decimal":
            node["type"] = ["string", "number"]
        if isinstance(node.get("description"), str):
            node["description"] = inspect.cleandoc(node["description"]).replace("\n", " ")
        for value in node.values():
            _polish(value)
    elif isinstance(node, list):
        for value in node:
            _polish(value)


def main() -> None:
    sys.stdout.write(json.dumps(archive_json_schema(), ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
