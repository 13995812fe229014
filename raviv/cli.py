"""The ``raviv`` command.

Each subcommand has ``--help``; those that print data print JSON with ``--json``. Commands that
touch the database open it, do their work, and close it, so they can run beside the server.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import msgspec

from raviv.errors import DomainError
from raviv.settings import SettingsError, get_settings

T = TypeVar("T")


def run_with_database(work: Callable[[], Awaitable[T]]) -> T:
    """Run one piece of async work with the database open, and close it whatever happens."""
    from raviv.db import close_engine, open_engine

    async def main() -> T:
        await open_engine(min_size=1, max_size=2)
        try:
            return await work()
        finally:
            await close_engine()

    return asyncio.run(main())


def echo_json(data: Any) -> None:
    click.echo(json.dumps(msgspec.to_builtins(data), ensure_ascii=False, indent=2))


class _Group(click.Group):
    """Turns a bad setting into one clear line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SettingsError as exc:
            raise click.ClickException(f"configuration: {exc}") from None
        except DomainError as exc:
            raise click.ClickException(exc.detail) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="raviv")
def main() -> None:
    """raviv: participation and reciprocity for networks of organisations."""


@main.group()
def db() -> None:
    """The database: migrations and status."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration not yet applied (safe to run again)."""
    from raviv import migrations

    async def work() -> list[str]:
        todo = await migrations.pending()
        await migrations.upgrade()
        return todo

    applied = run_with_database(work)
    where = get_settings().database.display
    if applied:
        click.echo(f"{where}: applied {len(applied)} migration(s): {', '.join(applied)}")
    else:
        click.echo(f"{where}: already up to date")


@db.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def db_status(as_json: bool) -> None:
    """Show the database in use and the migrations not yet applied."""
    from raviv import migrations

    todo = run_with_database(migrations.pending)
    settings = get_settings().database
    status = {"engine": settings.engine, "database": settings.display, "pending": todo}
    if as_json:
        echo_json(status)
    else:
        click.echo(f"{settings.display}: {len(todo)} migration(s) pending")
        for migration_id in todo:
            click.echo(f"  {migration_id}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
def serve(host: str, port: int, workers: int, reload: bool) -> None:
    """Run the web service (uvicorn)."""
    import uvicorn

    settings = get_settings()
    from raviv import migrations

    pending = run_with_database(migrations.pending)
    if pending:
        raise click.ClickException(
            f"{len(pending)} migration(s) not applied to {settings.database.display}: "
            "run `raviv db upgrade` first"
        )
    click.echo(f"raviv on http://{host}:{port} — database {settings.database.display}")
    uvicorn.run(
        "raviv.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        access_log=False,  # requests are logged by the app, as structured events
        log_level=settings.log_level,
        proxy_headers=True,
    )


@main.command()
@click.option("--ref", default="demo", show_default=True, help="Ref of the demo network.")
@click.option("--members", default=40, show_default=True, type=click.IntRange(2, 100_000))
@click.option("--seed", default=2026, show_default=True, help="Same seed, same network.")
@click.option("--if-missing", is_flag=True, help="Do nothing when the network already exists.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the archive here instead.")
def demo(ref: str, members: int, seed: int, if_missing: bool, out: str | None) -> None:
    """Create a realistic demo network (French members, a season of working life).

    The generator writes a raviv-network/1 archive, which is then imported like any other.
    """
    from raviv.demo import generate_network
    from raviv.errors import ConflictError
    from raviv.registry import archive_io

    document = generate_network(seed=seed, members=members, ref=ref)
    if out:
        Path(out).write_text(json.dumps(document, ensure_ascii=False, indent=2), "utf-8")
        click.echo(f"wrote {out}")
        return

    async def work() -> str:
        try:
            result = await archive_io.import_archive(document)
        except ConflictError:
            if if_missing:
                return f"network {ref!r} already exists"
            raise
        return (
            f"created network {ref!r}: {result.members} members, {result.people} people, "
            f"{result.memberships} membership periods"
        )

    click.echo(run_with_database(work))


@main.group("import")
def import_() -> None:
    """Import data: a network archive, a member list."""


@import_.command("network")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def import_network(file: str, as_json: bool) -> None:
    """Import a network from a raviv-network/1 archive FILE (all or nothing)."""
    from rich.progress import Progress

    from raviv.errors import InvalidError
    from raviv.registry import archive_io

    raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    with Progress(transient=True, disable=as_json) as progress:
        task = progress.add_task("members", total=None)

        def advance(count: int) -> None:
            progress.advance(task, count)

        try:
            result = run_with_database(lambda: archive_io.import_archive(raw, progress=advance))
        except InvalidError as exc:
            progress.stop()
            _print_problems(exc)
            raise click.ClickException(exc.detail) from None
    if as_json:
        echo_json(result)
        return
    click.echo(
        f"imported network {result.network!r}: {result.members} members, "
        f"{result.memberships} membership periods, {result.people} people, {result.dues} dues"
    )
    for section, count in result.not_stored.items():
        click.echo(f"  {section}: {count} validated, not stored yet (arrives with a later issue)")


def _print_problems(exc: Exception) -> None:
    from raviv.errors import InvalidError

    if not isinstance(exc, InvalidError):
        return
    for problem in exc.errors:
        where = f"row {problem.row}, column {problem.field!r}" if problem.row else problem.field
        value = f" = {problem.value!r}" if problem.value not in (None, "") else ""
        french = f" / {problem.message_fr}" if problem.message_fr else ""
        click.echo(f"{where}{value}: {problem.message}{french}", err=True)


@import_.command("members")
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
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
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
            _print_problems(exc)
            raise click.ClickException(exc.detail) from None
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


@main.group("export")
def export() -> None:
    """Export data: a network archive, a member list."""


@export.command("network")
@click.argument("ref")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Write to this file.")
def export_network(ref: str, out: str | None) -> None:
    """Export network REF as a raviv-network/1 archive (to stdout, or --out FILE)."""
    from raviv.archive import dump_archive
    from raviv.registry import archive_io

    data = dump_archive(run_with_database(lambda: archive_io.export_archive(ref)))
    if out:
        Path(out).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


@export.command("members")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True)
def export_members(network_ref: str, fmt: str, out: str) -> None:
    """Export a network's member list as CSV or XLSX (re-importable as it is)."""
    from raviv.registry import member_import

    Path(out).write_bytes(run_with_database(lambda: member_import.export_members(network_ref, fmt)))
    click.echo(f"wrote {out}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
