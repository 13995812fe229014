"""Pseudonyms of member organisations in reports: a code per member, the same for a network in
every report (a baseline and its follow-up name the same member the same way), different from
one network to another, that nobody can turn back into the member without the network's secret.

``code = "M-" + the first 40 bits of HMAC-SHA256(network secret, member ref)`` written in
Crockford's base 32 (8 characters, no I, L, O or U): derived from the member's ref, never from its
rank, so adding or removing members never renames the others. 40 bits make a collision between two
members of one network unlikely (about 2 × 10⁻⁶ for 2,000 members); should one happen, the two
codes take 8 more characters (:func:`codes`). Pure: the secret is read (or made) by
:mod:`reports.gather`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Final

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
SECRET_BYTES: Final = 32
PREFIX: Final = "M-"


def new_secret() -> str:
    """A network's secret: 32 random bytes, as hexadecimal text."""
    return secrets.token_hex(SECRET_BYTES)


def _digest(secret: str, ref: str) -> bytes:
    return hmac.new(
        bytes.fromhex(secret), b"member:" + ref.encode("utf-8"), hashlib.sha256
    ).digest()


def _base32(data: bytes, characters: int) -> str:
    number = int.from_bytes(data, "big")
    bits = len(data) * 8
    return "".join(ALPHABET[(number >> (bits - 5 * (i + 1))) & 0x1F] for i in range(characters))


def code(secret: str, ref: str, characters: int = 8) -> str:
    """The pseudonym of the member ``ref`` under the network's ``secret``."""
    return PREFIX + _base32(_digest(secret, ref), characters)


def codes(secret: str, refs: Iterable[str], characters: int = 8) -> dict[str, str]:
    """The pseudonym of each member (ref → code); members whose codes collide get codes twice
    as long, so that no two members share a code."""
    wanted = sorted(set(refs))
    short = {ref: code(secret, ref, characters) for ref in wanted}
    seen: dict[str, int] = {}
    for value in short.values():
        seen[value] = seen.get(value, 0) + 1
    return {
        ref: value if seen[value] == 1 else code(secret, ref, 2 * characters)
        for ref, value in short.items()
    }
