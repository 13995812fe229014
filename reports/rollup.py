"""The federation roll-up report: the networks of a federation side by side, no member named.

The figures are :func:`raviv.scoring.federation.federation_rollup`'s (each child network
computed on its own ledger by the formulas of ``raviv reciprocity``, network-level figures
only: no member's ref, name or figure leaves it), over the federation's period starting
``--period``. :func:`rollup_context` arranges them into :class:`RollupContext` (plain data),
which ``reports/templates/rollup.html`` prints: the indicators in rows, the networks in columns
(a few per table, the tables one after the other), and a chart of each network's participation
rate and mutuality.

Report-data's context (:mod:`reports.context`) has no roll-up part: this module defines its own
and reads raviv's services itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final

from reports.context import Period
from reports.fmt import Lang

if TYPE_CHECKING:
    from raviv.scoring.federation import FederationRollup

COLUMNS_PER_TABLE: Final = 5
"""Networks side by side in one table; more go to the next table."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountValue:
    account: str
    value_eur: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class FormMix:
    form: str
    share: Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RollupNetwork:
    """One child network's figures (counts and network indicators only)."""

    network: str
    name: str
    members: int
    active_members: int
    participation_rate: Decimal | None
    mutuality: Decimal | None
    weighted_mutuality: Decimal | None
    gini: Decimal | None
    top20_share: Decimal | None
    valued_total_eur: Decimal
    cvn: tuple[AccountValue, ...]  # one per account of RollupContext.accounts
    form_mix: tuple[FormMix, ...]  # one per form of RollupContext.forms


@dataclass(frozen=True, slots=True, kw_only=True)
class RollupContext:
    lang: Lang
    federation: str
    federation_name: str
    period: Period
    generated_on: dt.date
    accounts: tuple[str, ...]
    forms: tuple[str, ...]
    networks: tuple[RollupNetwork, ...]
    members: int  # all networks: sums
    active_members: int
    valued_total_eur: Decimal
    cvn: tuple[AccountValue, ...]

    def tables(self) -> tuple[tuple[RollupNetwork, ...], ...]:
        """The networks cut into tables of :data:`COLUMNS_PER_TABLE` columns."""
        return tuple(
            self.networks[index : index + COLUMNS_PER_TABLE]
            for index in range(0, len(self.networks), COLUMNS_PER_TABLE)
        )


def _ratio(value: Decimal | None) -> Decimal | None:
    """A ratio rounded half-up to 4 decimals, as report-data's context writes them."""
    return None if value is None else value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def rollup_context(
    rollup: FederationRollup,
    *,
    federation_name: str,
    lang: Lang,
    generated_on: dt.date,
    accounts: Sequence[str],
) -> RollupContext:
    """The roll-up's context from :func:`raviv.scoring.federation.federation_rollup` (pure)."""
    from raviv.vocabulary import Form

    forms = tuple(form.value for form in Form if form != Form.money)
    networks = tuple(
        RollupNetwork(
            network=child.network,
            name=child.name,
            members=child.members,
            active_members=child.active_members,
            participation_rate=_ratio(child.figures.participation_rate),
            mutuality=_ratio(child.figures.mutuality),
            weighted_mutuality=_ratio(child.figures.weighted_mutuality),
            gini=_ratio(child.figures.gini),
            top20_share=_ratio(child.figures.top20_share),
            valued_total_eur=child.figures.valued_total_eur,
            cvn=tuple(
                AccountValue(
                    account=account, value_eur=child.figures.cvn.get(account, Decimal("0.00"))
                )
                for account in accounts
            ),
            form_mix=tuple(
                FormMix(form=form, share=_ratio(child.figures.form_mix.get(Form(form))))
                for form in forms
            ),
        )
        for child in rollup.networks
    )
    return RollupContext(
        lang=lang,
        federation=rollup.federation,
        federation_name=federation_name,
        period=Period(
            start=rollup.start, end=rollup.end, last_day=rollup.end - dt.timedelta(days=1)
        ),
        generated_on=generated_on,
        accounts=tuple(accounts),
        forms=forms,
        networks=networks,
        members=sum(n.members for n in networks),
        active_members=sum(n.active_members for n in networks),
        valued_total_eur=sum((n.valued_total_eur for n in networks), Decimal("0.00")),
        cvn=tuple(
            AccountValue(
                account=account,
                value_eur=sum(
                    (line.value_eur for n in networks for line in n.cvn if line.account == account),
                    Decimal("0.00"),
                ),
            )
            for account in accounts
        ),
    )


async def gather_rollup(
    federation_ref: str, period_start: dt.date, *, lang: Lang = "fr"
) -> RollupContext:
    """The roll-up of ``federation_ref`` over its period (its period kind) starting
    ``period_start``. 404 for an unknown network; 422 naming ``period`` when no period of the
    federation's kind starts that day."""
    from raviv.errors import InvalidError
    from raviv.registry import service as registry
    from raviv.rules.periods import period_starting
    from raviv.scoring import federation
    from raviv.vocabulary import PeriodKind

    network = await registry.get_network(federation_ref)
    resolved = await registry.resolve_network(federation_ref)
    try:
        period = period_starting(PeriodKind(network.period_kind), period_start)
    except ValueError as wrong:
        raise InvalidError.on("period", str(wrong), period_start.isoformat()) from None
    rollup = await federation.federation_rollup(federation_ref, period.start, period.end)
    return rollup_context(
        rollup,
        federation_name=network.name,
        lang=lang,
        generated_on=resolved.today,
        accounts=federation.USE_ACCOUNTS,
    )
