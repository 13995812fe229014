"""Writing an archive: the canonical JSON text of ``raviv-network/1``."""

from __future__ import annotations

import json

import msgspec

from raviv.archive.schema import Archive


def dump_archive(archive: Archive) -> bytes:
    """UTF-8 JSON, 2-space indent, keys in the format's order, decimals as the strings they were
    read from, empty extension fields left out; reading it back gives the same archive."""
    data = msgspec.to_builtins(archive)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
