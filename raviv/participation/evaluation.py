"""Evaluating a network's participation rule from the database.

The evaluator's inputs are read straight from the tables (:mod:`raviv.participation.reading`:
a few set-based queries, only what the rule looks at), then evaluated by the pure evaluator
(:func:`raviv.rules.evaluator.evaluate`). The reference is the archive path,
:func:`raviv.network_archive.evaluation.evaluate_exported`: the whole network exported as its
archive document and evaluated as an archive file is
(:func:`raviv.rules.from_archive.evaluate_archive`). Both give exactly the same evaluation (the
tests check it on both engines); the archive path reads everything and is far slower.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from raviv.archive import schema as a
from raviv.errors import InvalidError
from raviv.metrics import timed
from raviv.participation.reading import read_inputs
from raviv.registry.service import NetworkContext, resolved
from raviv.rules.evaluator import Evaluation
from raviv.rules.from_archive import NoRuleSet, WrongPeriod, evaluate_inputs


async def evaluate_network(
    network: str | NetworkContext, *, at: dt.date, period_start: dt.date | None = None
) -> Evaluation:
    """Every member of the network (its ref, or the network resolved already) evaluated on
    ``at`` for the period starting ``period_start`` (by default the period of ``at`` under the
    rule then in effect). 404 for an unknown network; 422 naming ``period`` or ``at`` when no
    rule set was in effect."""
    return (await evaluate_with_inputs(network, at=at, period_start=period_start))[0]


async def evaluate_with_inputs(
    network: str | NetworkContext,
    *,
    at: dt.date,
    period_start: dt.date | None = None,
    rule_sets: Sequence[a.RuleSet] | None = None,
) -> tuple[Evaluation, dict[str, int]]:
    """:func:`evaluate_network`, with a summary of what it was computed from (see
    :func:`raviv.participation.reading.read_inputs`; ``rule_sets``: the network's versions, when
    the caller has read them already)."""
    nid = (await resolved(network)).id
    with timed("evaluation"):  # raviv_operation_duration_seconds{operation="evaluation"}
        try:
            inputs, summary = await read_inputs(
                nid, at=at, period_start=period_start, rule_sets=rule_sets
            )
        except NoRuleSet as missing:
            raise no_rule(missing, at=at, period_start=period_start) from None
        except WrongPeriod as wrong:
            raise wrong_period(wrong, at=at, period_start=period_start) from None
        return evaluate_inputs(inputs, at), summary


def wrong_period(wrong: WrongPeriod, *, at: dt.date, period_start: dt.date | None) -> InvalidError:
    value = period_start if wrong.field == "period" else at
    return InvalidError.on(wrong.field, str(wrong), value.isoformat() if value else None)


def no_rule(missing: NoRuleSet, *, at: dt.date, period_start: dt.date | None) -> InvalidError:
    field = "period" if period_start is not None else "at"
    value = (period_start or at).isoformat()
    return InvalidError.on(field, f"{missing}: the network has no participation rule yet", value)
