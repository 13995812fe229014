"""The command line of the reports: ``raviv report dla | attestation | rollup`` (assembled in
:mod:`raviv.cli`).

On a terminal a progress bar follows the work on stderr (rich); with ``--json`` nothing but a
JSON summary is printed, on stdout: the files written (path, kind, bytes, pages), the pages,
and the seconds each step took. A refusal (unknown network, a day that starts no period, a file
that cannot be written) is one line, or with ``--json`` the API's problem document.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from raviv.cli_support import DAY, echo_json, json_option, run_with_database

if TYPE_CHECKING:
    from reports.produce import Product

LANG = click.Choice(["fr", "en"])
STEP_NAMES = {
    "figures": "reading and computing the figures",
    "document": "writing the document",
    "pdf": "laying out the PDF",
    "workbook": "writing the workbook",
    "done": "done",
}


def _output(ctx: click.Context, _: click.Parameter, value: str | None) -> Path | None:
    """An output file: its folder must exist (one line, not a traceback, when it does not)."""
    if value is None:
        return None
    path = Path(value)
    if not path.parent.exists():
        raise click.BadParameter(f"no folder {str(path.parent)!r} to write {path.name!r} into")
    if path.is_dir():
        raise click.BadParameter(f"{value!r} is a folder, not a file")
    return path


def out_option(help: str) -> Callable[[Any], Any]:
    return click.option(
        "--out", "out", required=True, type=click.Path(dir_okay=False), callback=_output, help=help
    )


@contextmanager
def _progress_bar(quiet: bool) -> Iterator[Callable[[int, str], None] | None]:
    """A rich progress bar on stderr when it is a terminal and the output is not JSON; else
    nothing."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description:<36}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    ) as bar:
        task = bar.add_task(STEP_NAMES["figures"], total=100)

        def update(percent: int, step: str) -> None:
            bar.update(task, completed=percent, description=STEP_NAMES.get(step, step))

        yield update


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None


def _finish(product: Product, out: Path, xlsx: Path | None, as_json: bool, started: float) -> None:
    _write(out, product.pdf.pdf)
    files: list[dict[str, Any]] = [
        {"path": str(out), "kind": "pdf", "bytes": len(product.pdf.pdf), "pages": product.pdf.pages}
    ]
    if xlsx is not None and product.xlsx is not None:
        _write(xlsx, product.xlsx)
        files.append({"path": str(xlsx), "kind": "xlsx", "bytes": len(product.xlsx)})
    seconds = round(time.perf_counter() - started, 3)
    if as_json:
        echo_json(
            {
                "files": files,
                "pages": product.pdf.pages,
                "seconds": seconds,
                "steps": product.seconds,
            }
        )
        return
    for file in files:
        pages = ""
        if "pages" in file:
            pages = f", {file['pages']} page{'s' if file['pages'] != 1 else ''}"
        click.echo(f"wrote {file['path']} ({_size(file['bytes'])}{pages})")
    click.echo(f"in {seconds:.1f} s")


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if count < 1024 * 1024 else f"{count / 1024 / 1024:.1f} MB"


def _run(
    work: Callable[[Callable[[int, str], None] | None], Awaitable[Product]], quiet: bool
) -> Product:
    with _progress_bar(quiet) as bar:
        return run_with_database(lambda: work(bar))


@click.group("report")
def report() -> None:
    """Reports as PDF: the DLA activity report, a member's attestation, a federation roll-up."""


@report.command("dla")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option("--period", "period", required=True, type=DAY, help="First day of the period.")
@out_option("The PDF to write.")
@click.option(
    "--xlsx",
    "xlsx",
    type=click.Path(dir_okay=False),
    callback=_output,
    help="Also write the workbook: every table behind the PDF, a sheet each.",
)
@click.option("--lang", default="fr", show_default=True, type=LANG, help="Language.")
@click.option("--pseudonymise", is_flag=True, help="Name members by stable codes, not names.")
@click.option("--no-compare", is_flag=True, help="Leave out the previous period.")
@click.option(
    "--baseline", type=DAY, help="First day of an earlier period to set beside (DLA follow-up)."
)
@click.option(
    "--fiscal-year",
    "fiscal_year",
    type=click.IntRange(1901, 9998),
    help="Fiscal year of the valorisation (default: the one the period ends in).",
)
@json_option("Print a JSON summary (files, pages, sizes, seconds), no progress bar.")
def report_dla(  # click passes options by keyword
    *,
    network_ref: str,
    period: dt.datetime,
    out: Path,
    xlsx: Path | None,
    lang: str,
    pseudonymise: bool,
    no_compare: bool,
    baseline: dt.datetime | None,
    fiscal_year: int | None,
    as_json: bool,
) -> None:
    """The DLA activity report of a network for one period of its rule (docs/reports.md)."""
    from reports.produce import produce_dla

    started = time.perf_counter()
    product = _run(
        lambda bar: produce_dla(
            network_ref,
            period.date(),
            lang="en" if lang == "en" else "fr",
            pseudonymise=pseudonymise,
            compare=not no_compare,
            baseline=baseline.date() if baseline else None,
            fiscal_year=fiscal_year,
            workbook=xlsx is not None,
            isolate=False,  # this process has nothing else to serve: a thread will do
            progress=bar,
        ),
        as_json,
    )
    _finish(product, out, xlsx, as_json, started)


@report.command("attestation")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option("--member", "member_ref", required=True, help="Ref of the member.")
@click.option("--period", "period", required=True, type=DAY, help="First day of the period.")
@out_option("The PDF to write.")
@click.option("--lang", default="fr", show_default=True, type=LANG, help="Language.")
@json_option("Print a JSON summary (files, pages, sizes, seconds), no progress bar.")
def report_attestation(
    *,
    network_ref: str,
    member_ref: str,
    period: dt.datetime,
    out: Path,
    lang: str,
    as_json: bool,
) -> None:
    """A member's one-page participation attestation for one period of the rule."""
    from reports.produce import produce_attestation

    started = time.perf_counter()
    product = _run(
        lambda bar: produce_attestation(
            network_ref,
            member_ref,
            period.date(),
            lang="en" if lang == "en" else "fr",
            isolate=False,
            progress=bar,
        ),
        as_json,
    )
    _finish(product, out, None, as_json, started)


@report.command("rollup")
@click.option("--network", "network_ref", required=True, help="Ref of the federation.")
@click.option("--period", "period", required=True, type=DAY, help="First day of the period.")
@out_option("The PDF to write.")
@click.option("--lang", default="fr", show_default=True, type=LANG, help="Language.")
@json_option("Print a JSON summary (files, pages, sizes, seconds), no progress bar.")
def report_rollup(
    *, network_ref: str, period: dt.datetime, out: Path, lang: str, as_json: bool
) -> None:
    """A federation's networks side by side over one of its periods (no member named)."""
    from reports.produce import produce_rollup

    started = time.perf_counter()
    product = _run(
        lambda bar: produce_rollup(
            network_ref,
            period.date(),
            lang="en" if lang == "en" else "fr",
            isolate=False,
            progress=bar,
        ),
        as_json,
    )
    _finish(product, out, None, as_json, started)
