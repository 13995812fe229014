"""Small text helpers shared by imports and generators."""

from __future__ import annotations

import unicodedata


def slugify(text: str, *, max_length: int = 60) -> str:
    """ASCII lower-case words joined by dashes: "Théâtre de l'Écume" → theatre-de-l-ecume."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_text.lower()).split()
    return "-".join(words)[:max_length].strip("-")
