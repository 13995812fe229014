"""Evaluating a network's participation rule from the database.

The network is read as its archive document (:func:`raviv.registry.archive_io.export_archive`:
members, memberships, dues, groups, meetings, attendance, the ledger, rule sets, exemptions),
then evaluated by the pure evaluator exactly as an archive file is
(:func:`raviv.rules.from_archive.evaluate_archive`): one definition of what counts, whatever the
source.
"""

from __future__ import annotations

import datetime as dt

from raviv.errors import InvalidError
from raviv.registry.archive_io import export_archive
from raviv.rules.evaluator import Evaluation
from raviv.rules.from_archive import NoRuleSet, evaluate_archive


async def evaluate_network(
    network_ref: str, *, at: dt.date, period_start: dt.date | None = None
) -> Evaluation:
    """Every member of the network evaluated on ``at`` for the period starting ``period_start``
    (by default the period of ``at`` under the rule then in effect). 404 for an unknown
    network; 422 naming ``period`` or ``at`` when no rule set was in effect."""
    return (await evaluate_with_inputs(network_ref, at=at, period_start=period_start))[0]


async def evaluate_with_inputs(
    network_ref: str, *, at: dt.date, period_start: dt.date | None = None
) -> tuple[Evaluation, dict[str, int]]:
    """:func:`evaluate_network`, with a summary of what it was computed from."""
    archive = await export_archive(network_ref)
    summary = {
        "members": len(archive.members),
        "contributions": len(archive.contributions),
        "meetings": len(archive.meetings),
        "attendance": sum(len(m.attendance) for m in archive.meetings),
        "rule_sets": len(archive.rule_sets),
        "exemptions": len(archive.exemptions),
    }
    try:
        return evaluate_archive(archive, at=at, period_start=period_start), summary
    except NoRuleSet as missing:
        field = "period" if period_start is not None else "at"
        value = (period_start or at).isoformat()
        raise InvalidError.on(
            field, f"{missing}: the network has no participation rule yet", value
        ) from None
