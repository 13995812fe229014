"""SIREN/SIRET checks: 14 digits, Luhn key on the SIREN (first 9) and on the whole SIRET.

La Poste's establishments (SIREN 356 000 000) do not all follow the Luhn key on the SIRET: INSEE's
rule for them is that the digits sum to a multiple of 5 (the head office, 356 000 000 00048,
follows Luhn). Either is accepted for them.
"""

from __future__ import annotations

LA_POSTE_SIREN = "356000000"


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siret(raw: str) -> str:
    """The SIRET without the spaces, dots or non-breaking spaces people type into it."""
    return "".join(ch for ch in raw if ch not in " .\u00a0\u202f-")


def siret_problem(raw: str) -> str | None:
    """Why this SIRET is invalid, or None when it is valid (after normalisation)."""
    siret = normalise_siret(raw)
    if len(siret) != 14 or not siret.isascii() or not siret.isdigit():
        return "a SIRET has exactly 14 digits"
    if not luhn_ok(siret[:9]):
        return "the SIREN (first 9 digits) fails its check digit"
    la_poste_ok = siret[:9] == LA_POSTE_SIREN and sum(int(c) for c in siret) % 5 == 0
    if not luhn_ok(siret) and not la_poste_ok:
        return "the SIRET fails its check digit"
    return None
