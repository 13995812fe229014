"""The command line of the network archive: ``raviv import network`` and ``raviv export
network`` (assembled in :mod:`raviv.cli`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from raviv.cli_support import OUT, echo_json, json_option, refuse, run_with_database, write_out


@click.command("network")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@json_option("Print the summary as JSON.")
def import_network(file: str, as_json: bool) -> None:
    """Import a network from a raviv-network/1 archive FILE (all or nothing)."""
    from rich.progress import Progress

    from raviv.errors import InvalidError
    from raviv.network_archive import archive_io

    raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    with Progress(transient=True, disable=as_json) as progress:
        task = progress.add_task("members", total=None)

        def advance(count: int) -> None:
            progress.advance(task, count)

        try:
            result = run_with_database(lambda: archive_io.import_archive(raw, progress=advance))
        except InvalidError as exc:
            progress.stop()
            refuse(exc, list_problems=True)
    if as_json:
        echo_json(result)
        return
    click.echo(
        f"imported network {result.network!r}: {result.members} members, "
        f"{result.memberships} membership periods, {result.people} people, {result.dues} dues"
    )
    click.echo(f"  rule: {result.rule_sets} rule set version(s), {result.exemptions} exemption(s)")


@click.command("network")
@click.argument("ref")
@click.option("--out", type=OUT, help="Write to this file instead of stdout (- is stdout).")
def export_network(ref: str, out: str | None) -> None:
    """Export network REF as a raviv-network/1 archive (to stdout, or --out FILE)."""
    from raviv.archive import dump_archive
    from raviv.network_archive import archive_io

    write_out(dump_archive(run_with_database(lambda: archive_io.export_archive(ref))), out)
