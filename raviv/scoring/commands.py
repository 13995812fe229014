"""The command line of scoring: ``raviv reciprocity`` (assembled in :mod:`raviv.cli`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click

from raviv.cli_support import DAY, echo_json, json_option, run_with_database


@click.command("reciprocity")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option("--from", "since", required=True, type=DAY, help="First day.")
@click.option("--to", "until", required=True, type=DAY, help="Day after the last.")
@json_option("Print the JSON of the API.")
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(file_okay=False, writable=True),
    help="Also write every table as CSV files into this folder.",
)
@click.option(
    "--xlsx",
    "xlsx_file",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write every table to this workbook, a sheet each.",
)
@click.option(
    "--detail",
    is_flag=True,
    help="Add the trend and the cross-tabulations to the JSON (the exports always hold them).",
)
@click.option(
    "--svg",
    "svg_file",
    type=click.Path(dir_okay=False, writable=True),
    help="Also draw the exchange graph into this SVG file.",
)
@click.option(
    "--pseudonymise", is_flag=True, help="Label the graph's members M1, M2… (no ref, no name)."
)
@click.option(
    "--federation",
    "is_federation",
    is_flag=True,
    help="--network is a federation: the indicators of each of its networks, side by side.",
)
def reciprocity(  # click passes options by keyword
    *,
    network_ref: str,
    since: Any,
    until: Any,
    as_json: bool,
    csv_dir: str | None,
    xlsx_file: str | None,
    detail: bool,
    svg_file: str | None,
    pseudonymise: bool,
    is_federation: bool,
) -> None:
    """Given, received and balance of each member, and the network's indicators, over
    [--from, --to) (see docs/scoring.md)."""
    from raviv.scoring import service

    if is_federation:
        if detail or svg_file or pseudonymise:
            raise click.UsageError("--federation has no member detail: no --detail, --svg.")
        _federation(network_ref, since.date(), until.date(), as_json, csv_dir, xlsx_file)
        return
    exports = bool(csv_dir or xlsx_file)

    async def work() -> tuple[service.PeriodReciprocity, str | None]:
        computed = await service.network_period(
            network_ref, since.date(), until.date(), detail=detail or exports
        )
        svg = None
        if svg_file:
            svg = await service.exchange_graph(
                network_ref, since.date(), until.date(), pseudonymise=pseudonymise
            )
        return computed, svg

    computed, svg = run_with_database(work)
    report = computed.report()
    if not detail:  # the exports read the detail; the JSON holds it only when asked
        report = {key: report[key] for key in ("period", "members", "network")}
    tables = computed.tables() if csv_dir or xlsx_file or not as_json else {}
    written = []
    if csv_dir:
        written += service.write_csv(tables, Path(csv_dir))
    if xlsx_file:
        Path(xlsx_file).write_bytes(service.workbook(tables))
        written.append(Path(xlsx_file))
    if svg is not None and svg_file:
        Path(svg_file).write_text(svg, encoding="utf-8")
        written.append(Path(svg_file))
    if as_json:
        echo_json(report)
    else:
        _print_reciprocity(network_ref, report, tables["members"]["partners"].tolist())
    for path in written:
        click.echo(f"wrote {path}", err=as_json)  # stdout stays pure JSON


def _federation(  # noqa: PLR0917 - the command's options, passed on
    federation_ref: str,
    since: date,
    until: date,
    as_json: bool,
    csv_dir: str | None,
    xlsx_file: str | None,
) -> None:
    """``raviv reciprocity --federation``: the roll-up of the federation's networks."""
    from raviv.scoring import federation, service

    rollup = run_with_database(lambda: federation.federation_rollup(federation_ref, since, until))
    written = []
    if csv_dir:
        written += service.write_csv(rollup.tables(), Path(csv_dir))
    if xlsx_file:
        Path(xlsx_file).write_bytes(service.workbook(rollup.tables()))
        written.append(Path(xlsx_file))
    report = rollup.report()
    if as_json:
        echo_json(report)
    else:
        click.echo(f"{federation_ref}: {since.isoformat()} to {until.isoformat()} (excluded)\n")
        keys = ("members", "active_members", "participation_rate", "mutuality", "gini")
        heads = ("network", "members", "active", "participation", "mutuality", "gini", "valued €")
        _echo_table(
            heads,
            [
                (row["network"], *(_shown(row[key]) for key in keys), row["valued_total_eur"])
                for row in report["networks"]
            ],
        )
    for path in written:
        click.echo(f"wrote {path}", err=as_json)


def _shown(value: object) -> str:
    return "—" if value is None else str(value)


def _echo_table(heads: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """A table: the first column to the left, the others to the right."""
    widths = [max(len(cell) for cell in column) for column in zip(heads, *rows, strict=True)]
    for line in (heads, *rows):
        cells = [line[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True)
        ]
        click.echo("  ".join(cells).rstrip())


def _print_reciprocity(network_ref: str, report: dict[str, Any], partners: list[int]) -> None:
    shown = _shown
    period = report["period"]
    click.echo(f"{network_ref}: {period['start']} to {period['end']} (excluded)\n")
    heads = ("member", "given €", "received €", "balance", "partners", "mutuality", "forms")
    rows = [
        (
            row["member"],
            row["given_eur"],
            row["received_eur"],
            shown(row["balance_index"]),
            str(count),
            shown(row["partner_mutuality"]),
            str(row["forms_given"]),
        )
        for row, count in zip(report["members"], partners, strict=True)
    ]
    _echo_table(heads, rows)
    network = report["network"]
    click.echo("")
    for label, key in (
        ("mutuality", "mutuality"),
        ("weighted mutuality", "weighted_mutuality"),
        ("participation rate", "participation_rate"),
        ("gini", "gini"),
        ("top 20 % share", "top20_share"),
        ("valued total €", "valued_total_eur"),
    ):
        click.echo(f"{label:<20}{shown(network[key])}")
    cvn = ", ".join(f"{account}: {eur}" for account, eur in network["cvn"].items())
    click.echo(f"{'network CVN €':<20}{cvn or '—'}")
