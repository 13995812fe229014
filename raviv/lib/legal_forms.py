"""Legal forms as networks write them in spreadsheets, reduced to the short codes raviv uses."""

from __future__ import annotations

import re
import unicodedata

# First matching pattern wins; the text is compared without accents, in lower case.
_PATTERNS = (
    (r"\bscop\b", "scop"),
    (r"\bscic\b", "scic"),
    (r"\bsarl\b", "sarl"),
    (r"\bsasu?\b", "sas"),
    (r"\beurl\b", "eurl"),
    (r"\bassociation\b|\bloi 1901\b|\basso\b", "association"),
    (r"\bcollectif\b|sans personnalite morale", "collectif"),
    (r"\bauto[- ]?entrepreneur|micro[- ]?entreprise", "micro-entreprise"),
    (r"\betablissement public|\bepcc?\b|\bregie\b", "public"),
)


def normalise_legal_form(text: str) -> str:
    """'Association loi 1901' → 'association', 'SCOP' → 'scop'; anything else kept as typed."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    for pattern, code in _PATTERNS:
        if re.search(pattern, folded):
            return code
    return text.strip()
