"""The DLA activity report's figures: what the command line, the API's job and the tests call.

:func:`dla_context` reads the network through raviv's services (:mod:`reports.gather`) and
builds the context (:mod:`reports.build`, pure); the document (templates, charts, PDF) and the
workbook (:mod:`reports.workbook`) are made from the context alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from raviv.errors import InvalidError
from raviv.lib.bounds import EARLIEST_DAY, LATEST_DAY
from reports import build
from reports.context import DlaContext, Lang
from reports.gather import gather

LANGS: Final = ("fr", "en")


async def dla_context(
    network_ref: str,
    period_start: dt.date,
    *,
    lang: Lang = "fr",
    pseudonymise: bool = False,
    compare: bool = True,
    baseline: dt.date | None = None,
    fiscal_year: int | None = None,
    progress: build.Progress | None = None,
    generated_on: dt.date | None = None,
) -> DlaContext:
    """The context of the DLA report of ``network_ref`` for the period starting
    ``period_start`` (the first day of a period of its rule).

    - ``lang``: ``fr`` or ``en`` (the method notes' and definitions' language);
    - ``pseudonymise``: members named by their codes only (:mod:`reports.pseudonyms`);
    - ``compare``: the previous period beside this one (on by default);
    - ``baseline``: the first day of an earlier period set beside this one (the DLA follow-up);
    - ``fiscal_year``: the fiscal year ending in that year for the valorisation (default: the
      one the period's last day falls in);
    - ``progress(percent, step)``: called as the work goes (a coroutine function is awaited);
    - ``generated_on``: the report's date (default: today in the network's time zone).

    Raises NotFoundError for an unknown network, InvalidError naming ``lang``, ``period``,
    ``baseline`` or ``fiscal_year`` for a value that cannot be."""
    if lang not in LANGS:
        raise InvalidError.on("lang", "expected fr or en", str(lang))
    if fiscal_year is not None and not EARLIEST_DAY.year < fiscal_year < LATEST_DAY.year:
        raise InvalidError.on(
            "fiscal_year",
            f"a year from {EARLIEST_DAY.year + 1} to {LATEST_DAY.year - 1} is expected",
            str(fiscal_year),
        )
    reporter = build.Reporter(progress)
    inputs = await gather(
        network_ref,
        period_start,
        compare=compare,
        baseline=baseline,
        fiscal_year=fiscal_year,
        pseudonymise=pseudonymise,
        generated_on=generated_on,
        progress=progress,
    )
    await reporter(90, "figures")
    context = build.build(inputs, lang=lang, pseudonymised=pseudonymise)
    await reporter(100, "done")
    return context
