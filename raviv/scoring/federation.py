"""The federation roll-up: the network indicators of docs/scoring.md §5 for each network of a
federation, side by side, over one period (docs/scoring.md §13).

Each child network (a network whose ``parent`` is the federation) is computed on its own ledger,
by the same formulas as ``raviv reciprocity`` (:mod:`raviv.scoring.reciprocity`). Only
network-level figures are kept: no member's ref, name or figures leave this module, so the
roll-up is what a federation's coordinator may see (docs/access.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

import pandas as pd

from raviv.registry import service as registry
from raviv.registry.tables import Network
from raviv.scoring import reciprocity as formulas
from raviv.scoring import totals
from raviv.scoring.reciprocity import NetworkReciprocity
from raviv.scoring.report import euros, ratio_number
from raviv.scoring.service import check_period
from raviv.valuation import CVN_ACCOUNTS
from raviv.vocabulary import Form

RATIOS: Final = ("mutuality", "weighted_mutuality", "participation_rate", "gini", "top20_share")
USE_ACCOUNTS: Final = tuple(
    sorted({pair.use for pair in CVN_ACCOUNTS.values() if pair is not None})
)
"""The use accounts of ANC 2018-06's default mapping: a column each in the roll-up's table,
followed by any other a child network's own mapping books to (:func:`use_accounts`)."""


def use_accounts(networks: Iterable[NetworkFigures]) -> tuple[str, ...]:
    """The CVN columns of a roll-up: the default use accounts, and every other account one of
    ``networks`` booked to (a network may override the mapping), in account order."""
    booked = {account for child in networks for account in child.figures.cvn}
    return tuple(sorted(set(USE_ACCOUNTS) | booked))


TABLES: Final = ("federation",)


@dataclass(frozen=True, slots=True)
class NetworkFigures:
    """One child network's figures over the period: counts and network indicators only."""

    network: str
    name: str
    members: int  # members on at least one day of the period
    active_members: int  # of them, active on at least one day (the rates' population)
    figures: NetworkReciprocity


@dataclass(frozen=True, slots=True)
class FederationRollup:
    federation: str
    start: dt.date
    end: dt.date
    networks: tuple[NetworkFigures, ...]

    def report(self) -> dict[str, Any]:
        """``{federation, period, networks: [{network, name, members, active_members,
        mutuality, weighted_mutuality, participation_rate, gini, top20_share,
        valued_total_eur, cvn, form_mix}]}``: ratios and euros written as in docs/scoring.md §6."""
        return {
            "federation": self.federation,
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "networks": [_network_json(child) for child in self.networks],
        }

    def tables(self) -> dict[str, pd.DataFrame]:
        """One table, ``federation``: a row per network, a column per indicator (the CVN one
        per use account, the form mix one per form); euros exact, ratios to 4 decimals."""
        rows = []
        accounts = use_accounts(self.networks)
        for child in self.networks:
            figures = child.figures
            row: dict[str, Any] = {
                "network": child.network,
                "name": child.name,
                "members": child.members,
                "active_members": child.active_members,
                **{key: ratio_number(getattr(figures, key)) for key in RATIOS},
                "valued_total_eur": figures.valued_total_eur,
            }
            for account in accounts:
                row[f"cvn_{account}_eur"] = figures.cvn.get(account, Decimal("0.00"))
            for form in Form:
                row[f"form_mix_{form.value}"] = ratio_number(figures.form_mix[form])
            rows.append(row)
        columns = [
            "network",
            "name",
            "members",
            "active_members",
            *RATIOS,
            "valued_total_eur",
            *(f"cvn_{account}_eur" for account in accounts),
            *(f"form_mix_{form.value}" for form in Form),
        ]
        return {
            "federation": pd.DataFrame(
                {c: pd.Series([row[c] for row in rows], dtype=object) for c in columns}
            )
        }


def _network_json(child: NetworkFigures) -> dict[str, Any]:
    figures = child.figures
    return {
        "network": child.network,
        "name": child.name,
        "members": child.members,
        "active_members": child.active_members,
        **{key: ratio_number(getattr(figures, key)) for key in RATIOS},
        "valued_total_eur": euros(figures.valued_total_eur),
        "cvn": {account: euros(value) for account, value in figures.cvn.items()},
        "form_mix": {form.value: ratio_number(share) for form, share in figures.form_mix.items()},
    }


async def federation_rollup(
    federation_ref: str, since: dt.date, until: dt.date
) -> FederationRollup:
    """The roll-up of the networks whose parent is ``federation_ref`` over ``[since, until)``,
    in ref order (none for a network without children). Raises InvalidError (field ``to``) for
    an empty or reversed period, NotFoundError for an unknown network."""
    check_period(since, until)
    federation = await registry.network_id(federation_ref)
    children = (
        await Network.select(Network.id, Network.ref, Network.name)
        .where(Network.parent == federation)
        .order_by(Network.ref)
        .run()
    )
    networks = []
    for child in children:
        inputs = await totals.scoring_inputs(child["id"], since, until)
        networks.append(
            NetworkFigures(
                network=child["ref"],
                name=child["name"],
                members=len(inputs.members),
                active_members=len(set(inputs.active_members)),
                figures=formulas.reciprocity(inputs).network,
            )
        )
    return FederationRollup(federation_ref, since, until, tuple(networks))
