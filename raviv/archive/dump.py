"""Writing an archive: the canonical JSON text of ``raviv-network/1``."""

from __future__ import annotations

import json
from decimal import Decimal

import msgspec

from raviv.archive.schema import Archive


def dump_archive(archive: Archive) -> bytes:
    """UTF-8 JSON, 2-space indent, keys in the format's order, decimals as the strings they were
    read from, empty extension fields left out; reading it back gives the same archive."""
    data = msgspec.to_builtins(archive, builtin_types=(Decimal,))
    # Plain digits, never an exponent: str() writes 1E-7, which the format refuses.
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_plain)
    return (text + "\n").encode()


def _plain(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"cannot write {type(value).__name__} in an archive")
