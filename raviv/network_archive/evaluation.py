"""The reference evaluation: the whole network exported as its archive document and evaluated as
an archive file is. :func:`raviv.participation.evaluation.evaluate_network` (which reads only what
the rule looks at) must give exactly the same answer; the tests and the benchmark compare them."""

from __future__ import annotations

import datetime as dt

from raviv.network_archive.archive_io import export_archive
from raviv.participation.evaluation import no_rule, wrong_period
from raviv.rules.evaluator import Evaluation
from raviv.rules.from_archive import NoRuleSet, WrongPeriod, evaluate_archive


async def evaluate_exported(
    network_ref: str, *, at: dt.date, period_start: dt.date | None = None
) -> Evaluation:
    """The reference: :func:`evaluate_network` through the network's whole archive document."""
    archive = await export_archive(network_ref)
    try:
        return evaluate_archive(archive, at=at, period_start=period_start)
    except NoRuleSet as missing:
        raise no_rule(missing, at=at, period_start=period_start) from None
    except WrongPeriod as wrong:
        raise wrong_period(wrong, at=at, period_start=period_start) from None
