"""Exact numbers as the ledger stores them: integers at a fixed scale, never a float.

- money in euro cents (2 decimals): ``Decimal("15.00")`` ↔ ``1500``;
- quantities and durations in thousandths of their unit (3 decimals): ``Decimal("1.5")`` ↔
  ``1500``.

Reading back gives a canonical ``Decimal``: euros always with two decimals (``"15.00"``),
quantities with as few as they need (``"6"``, ``"1.5"``, ``"0.125"``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

CENTS: Final = 2
MILLI: Final = 3


def scaled(value: Decimal, places: int) -> int | None:
    """``value`` as an integer count of ``10**-places``, or ``None`` when it has more decimals
    than that (it would not be stored exactly)."""
    shifted = value.scaleb(places)
    if not shifted.is_finite() or shifted != shifted.to_integral_value():
        return None
    return int(shifted)


def euros(cents: int) -> Decimal:
    """Cents as euros with two decimals (``1500`` → ``Decimal("15.00")``)."""
    return Decimal(int(cents)).scaleb(-CENTS)


def from_milli(milli: int) -> Decimal:
    """Thousandths as a Decimal with no trailing zeros (``6000`` → ``6``, ``1500`` → ``1.5``)."""
    return canonical(Decimal(int(milli)).scaleb(-MILLI))


def canonical(value: Decimal) -> Decimal:
    """``value`` with no trailing zeros and no exponent (``9.00`` → ``9``, ``1.50`` → ``1.5``,
    ``100`` stays ``100``): how quantities are written out."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
