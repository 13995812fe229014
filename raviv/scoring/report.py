"""The JSON of ``raviv reciprocity`` (docs/scoring.md §6), written as
``reseau-exemple.expected.json`` writes ``reciprocity_period``: euros as strings with two decimals
(``"310.00"``), ratios rounded half-up to 4 decimals as JSON numbers (``0.7714``, ``0.5``, ``1``),
``null`` where there is none.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from raviv.scoring.reciprocity import Reciprocity

RATIO_STEP: Final = Decimal("0.0001")


def euros(value: Decimal) -> str:
    """Euros with two decimals, half-up: ``"310.00"``."""
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def ratio_number(value: Decimal | None) -> int | float | None:
    """A ratio rounded half-up to 4 decimals, as the shortest JSON number that writes it: a
    whole number stays an integer (``1``, ``0``), the rest is the float whose repr is those
    decimals (``0.7714``, ``0.5``)."""
    if value is None:
        return None
    rounded = value.quantize(RATIO_STEP, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return int(rounded)
    return float(rounded)


def reciprocity_json(result: Reciprocity) -> dict[str, Any]:
    """``{period, members: [...], network: {...}}`` (docs/scoring.md §6)."""
    network = result.network
    return {
        "period": {"start": result.start.isoformat(), "end": result.end.isoformat()},
        "members": [
            {
                "member": member.member,
                "given_eur": euros(member.given_eur),
                "received_eur": euros(member.received_eur),
                "balance_index": ratio_number(member.balance_index),
                "partner_mutuality": ratio_number(member.partner_mutuality),
                "forms_given": member.forms_given,
            }
            for member in result.members
        ],
        "network": {
            "mutuality": ratio_number(network.mutuality),
            "weighted_mutuality": ratio_number(network.weighted_mutuality),
            "participation_rate": ratio_number(network.participation_rate),
            "gini": ratio_number(network.gini),
            "top20_share": ratio_number(network.top20_share),
            "valued_total_eur": euros(network.valued_total_eur),
            "cvn": {account: euros(value) for account, value in network.cvn.items()},
        },
    }
