"""The command line of the registry: ``raviv import members`` and ``raviv export members``
(assembled in :mod:`raviv.cli`)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from raviv.cli_support import (
    OUT,
    echo_json,
    json_option,
    refuse,
    refuse_binary_on_terminal,
    run_with_database,
    write_out,
)


@click.command("members")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and show what would change; write nothing.")
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(exists=True, dir_okay=False),
    help="JSON file mapping fields to column headers (default: the saved one, else guessed).",
)
@click.option("--save-mapping", is_flag=True, help="Remember the mapping for this network.")
@json_option("Print the report as JSON.")
def import_members(  # click passes options by keyword
    *,
    network_ref: str,
    file: str,
    dry_run: bool,
    mapping_file: str | None,
    save_mapping: bool,
    as_json: bool,
) -> None:
    """Import a member list FILE (CSV, XLSX or ODS) into a network: all or nothing."""
    from rich.progress import Progress

    from raviv.errors import InvalidError
    from raviv.registry import member_import

    content = Path(file).read_bytes()
    mapping = json.loads(Path(mapping_file).read_text("utf-8")) if mapping_file else None
    with Progress(transient=True, disable=as_json) as progress:
        task = progress.add_task("writing members", total=None)
        try:
            report = run_with_database(
                lambda: member_import.import_members(
                    network_ref,
                    content,
                    Path(file).name,
                    mapping=mapping,
                    dry_run=dry_run,
                    remember_mapping=save_mapping,
                    progress=lambda n: progress.advance(task, n),
                )
            )
        except InvalidError as exc:
            progress.stop()
            refuse(exc, list_problems=True)
    if as_json:
        echo_json(report)
        return
    verb = "would create" if report.dry_run else "created"
    click.echo(
        f"{verb} {len(report.created)}, "
        f"{'would update' if report.dry_run else 'updated'} {len(report.updated)}, "
        f"unchanged {len(report.unchanged)}"
        + ("" if report.dry_run else f"; {report.people_created} new contact(s)")
    )


@click.command("members")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option("--out", type=OUT, help="Write to this file instead of stdout (- is stdout).")
def export_members(network_ref: str, fmt: str, out: str | None) -> None:
    """Export a network's member list as CSV or XLSX (re-importable as it is), to stdout or
    --out FILE. XLSX, being binary, goes to stdout only when it is not a terminal."""
    from raviv.registry import member_import

    if fmt == "xlsx":
        refuse_binary_on_terminal(out, "an XLSX workbook")
    if write_out(run_with_database(lambda: member_import.export_members(network_ref, fmt)), out):
        click.echo(f"wrote {out}")
