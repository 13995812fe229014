"""The command line of the ledger: ``raviv import contributions`` (assembled in
:mod:`raviv.cli`)."""

from __future__ import annotations

from pathlib import Path

import click

from raviv.cli_support import echo_json, json_option, refuse, run_with_database


@click.command("contributions")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check, show what would be created, write nothing.")
@json_option("Print the report as JSON.")
def import_contributions(*, network_ref: str, file: str, dry_run: bool, as_json: bool) -> None:
    """Import contributions from FILE (CSV, XLSX or ODS) into a network's ledger: all or nothing.

    Entries are validated at once unless their Statut says soumise; a file imported again
    creates nothing.
    """
    from raviv.errors import InvalidError
    from raviv.ledger import contribution_import

    content = Path(file).read_bytes()
    try:
        report = run_with_database(
            lambda: contribution_import.import_contributions(
                network_ref, content, Path(file).name, dry_run=dry_run
            )
        )
    except InvalidError as exc:
        refuse(exc, list_problems=True)
    if as_json:
        echo_json(report)
        return
    click.echo(
        f"{'would create' if report.dry_run else 'created'} {len(report.created)} "
        f"({report.validated} validated, worth {report.value_eur} €), "
        f"unchanged {len(report.unchanged)}"
    )
