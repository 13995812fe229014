"""Making the reports' files: what ``raviv report`` (and the API's job, later) calls.

Each ``produce_*`` coroutine reads what its report needs through raviv's services (it must run
with the database open), makes the HTML from the templates, and renders the PDF **off the event
loop** (:func:`reports.render.render_pdf_off_loop`: a worker process for the server, a thread
for the command line, ``isolate``). ``progress(percent, step)`` follows the work, a plain
function (the command line's bar) or a coroutine function (a job's ``ctx.progress``). The time
each step took is kept (:attr:`Product.seconds`), for the JSON summary and the benchmark.

The DLA report's figures come from report-data's :func:`reports.dla.dla_context`; its workbook
from :mod:`reports.workbook`. Nothing here writes a file: the caller does.
"""

from __future__ import annotations

import datetime as dt
import inspect
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final

from reports.fmt import Lang
from reports.render import Rendered, render_pdf_off_loop

Progress = Callable[[int, str], Awaitable[None] | None]

#: How far each step takes the bar (percent when it starts): the figures are most of the time
#: for a large network, the layout most of it for a small one.
STEPS: Final = {"figures": 0, "document": 62, "pdf": 66, "workbook": 94, "done": 100}


@dataclass
class Product:
    """A report made: its PDF, its workbook (DLA report, when asked), and the seconds per step."""

    pdf: Rendered
    xlsx: bytes | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    context: Any = None


class _Steps:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}

    async def report(self, percent: int, step: str) -> None:
        if self.progress is None:
            return
        outcome = self.progress(percent, step)
        if inspect.isawaitable(outcome):
            await outcome

    @contextmanager
    def timed(self, step: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[step] = round(time.perf_counter() - started, 3)


def _scaled(steps: _Steps, low: int, high: int) -> Callable[[int, str], Awaitable[None]]:
    """A progress callback for a part of the work that reports 0–100 itself, mapped onto
    ``[low, high]`` of the whole."""

    async def report(percent: int, step: str) -> None:
        await steps.report(low + (high - low) * max(0, min(percent, 100)) // 100, step)

    return report


async def produce_dla(
    network_ref: str,
    period_start: dt.date,
    *,
    lang: Lang = "fr",
    pseudonymise: bool = False,
    compare: bool = True,
    baseline: dt.date | None = None,
    fiscal_year: int | None = None,
    workbook: bool = False,
    isolate: bool = True,
    progress: Progress | None = None,
    generated_on: dt.date | None = None,
) -> Product:
    """The DLA activity report of ``network_ref`` for the period starting ``period_start``:
    its PDF, and its workbook when ``workbook``."""
    from reports.dla import dla_context
    from reports.document import dla_html

    steps = _Steps(progress)
    await steps.report(STEPS["figures"], "figures")
    with steps.timed("figures"):
        context = await dla_context(
            network_ref,
            period_start,
            lang=lang,
            pseudonymise=pseudonymise,
            compare=compare,
            baseline=baseline,
            fiscal_year=fiscal_year,
            progress=_scaled(steps, STEPS["figures"], STEPS["document"]),
            generated_on=generated_on,
        )
    await steps.report(STEPS["document"], "document")
    with steps.timed("document"):
        html = dla_html(context)
    product = await _pdf(steps, html, context, isolate)
    if workbook:
        await steps.report(STEPS["workbook"], "workbook")
        with steps.timed("workbook"):
            product.xlsx = await _workbook(context)
    await steps.report(STEPS["done"], "done")
    return product


async def _workbook(context: Any) -> bytes:
    """The workbook of the context (report-data's :mod:`reports.workbook`), made off the loop:
    openpyxl is synchronous too."""
    import anyio.to_thread

    from reports import workbook

    data: bytes = await anyio.to_thread.run_sync(workbook.workbook_bytes, context)
    return data


async def produce_attestation(
    network_ref: str,
    member_ref: str,
    period_start: dt.date,
    *,
    lang: Lang = "fr",
    isolate: bool = True,
    progress: Progress | None = None,
    signed_on: dt.date | None = None,
) -> Product:
    """The participation attestation of ``member_ref`` for the period starting
    ``period_start``."""
    from reports.attestation import gather_attestation
    from reports.document import attestation_html

    steps = _Steps(progress)
    await steps.report(STEPS["figures"], "figures")
    with steps.timed("figures"):
        context = await gather_attestation(
            network_ref, member_ref, period_start, lang=lang, signed_on=signed_on
        )
    return await _finish(steps, attestation_html(context), context, isolate)


async def produce_rollup(
    federation_ref: str,
    period_start: dt.date,
    *,
    lang: Lang = "fr",
    isolate: bool = True,
    progress: Progress | None = None,
) -> Product:
    """The roll-up of the networks of ``federation_ref`` for its period starting
    ``period_start``."""
    from reports.document import rollup_html
    from reports.rollup import gather_rollup

    steps = _Steps(progress)
    await steps.report(STEPS["figures"], "figures")
    with steps.timed("figures"):
        context = await gather_rollup(federation_ref, period_start, lang=lang)
    return await _finish(steps, rollup_html(context), context, isolate)


async def _pdf(steps: _Steps, html: str, context: Any, isolate: bool) -> Product:
    await steps.report(STEPS["pdf"], "pdf")
    with steps.timed("pdf"):
        rendered = await render_pdf_off_loop(html, isolate=isolate)
    return Product(pdf=rendered, seconds=steps.seconds, context=context)


async def _finish(steps: _Steps, html: str, context: Any, isolate: bool) -> Product:
    product = await _pdf(steps, html, context, isolate)
    await steps.report(STEPS["done"], "done")
    return product
