"""The ``raviv`` command: the one place that assembles it, as raviv/app.py assembles the routes.

Each domain's commands live in its package (``raviv/<domain>/commands.py``); this module holds the
command line itself (``main``), what belongs to no domain (``db``, ``serve``, ``demo``) and the
``import`` / ``export`` groups gathering each domain's subcommands. Each subcommand has
``--help``; those that print data print JSON with ``--json``. Commands that touch the database
open it, do their work, and close it, so they can run beside the server. What the commands share
is in :mod:`raviv.cli_support`.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import click

from raviv.access.commands import accounts, people
from raviv.backup.commands import backup, restore
from raviv.cli_support import (
    DAY,
    OUT,
    echo_json,
    json_option,
    refuse,
    run_with_database,
    write_out,
)
from raviv.errors import DomainError, Problem, UnvaluedError
from raviv.jobs.commands import jobs
from raviv.ledger.commands import import_contributions
from raviv.network_archive.commands import export_network, import_network
from raviv.participation.commands import rules
from raviv.registry.commands import export_members, import_members
from raviv.scoring.commands import reciprocity
from raviv.settings import SettingsError, get_settings
from reports.commands import report


class _Group(click.Group):
    """Turns a refusal or a bad setting into one clear line instead of a traceback (with
    ``--json``, into a problem document on stdout: raviv.cli_support.refuse)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SettingsError as exc:
            refuse(Problem(500, "configuration", "Bad configuration", f"configuration: {exc}"))
        except DomainError as exc:
            refuse(exc)
        except LookupError as exc:
            from raviv.valuation import RateMissing

            if not isinstance(exc, RateMissing):
                raise
            refuse(UnvaluedError.of(exc))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="raviv")
def main() -> None:
    """raviv: participation and reciprocity for networks of organisations."""
    from raviv.assembly import assemble

    assemble()


@main.group()
def db() -> None:
    """The database: migrations and status."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration not yet applied (safe to run again)."""
    from raviv import migrations

    try:
        applied = run_with_database(migrations.upgrade)
    except migrations.MigrationError as exc:  # one line, no traceback
        raise click.ClickException(str(exc)) from None
    where = get_settings().database.display
    if applied:
        click.echo(f"{where}: applied {len(applied)} migration(s): {', '.join(applied)}")
    else:
        click.echo(f"{where}: already up to date")


@db.command("status")
@json_option("Print JSON.")
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
    """Run the web service (uvicorn).

    Without RAVIV_PUBLIC_URL, the links it makes (calendar feeds, e-mails) lead to the address
    served: http://HOST:PORT, with 127.0.0.1 for a host of 0.0.0.0 or ::.
    """
    import os

    import uvicorn

    from raviv.settings import WILDCARD_HOSTS, served_public_url

    if not os.environ.get("RAVIV_PUBLIC_URL"):
        # Set for this process and the workers it starts, before the settings are read.
        os.environ["RAVIV_PUBLIC_URL"] = served_public_url(host, port)
        get_settings.cache_clear()
        if host in WILDCARD_HOSTS:
            click.echo(
                f"links lead to {os.environ['RAVIV_PUBLIC_URL']} (this machine only): "
                "set RAVIV_PUBLIC_URL to the address other machines reach raviv at"
            )

    settings = get_settings()
    from raviv import migrations

    pending = run_with_database(migrations.pending)
    if pending:
        raise click.ClickException(
            f"{len(pending)} migration(s) not applied to {settings.database.display}: "
            "run `raviv db upgrade` first"
        )
    click.echo(f"raviv on http://{host}:{port} — database {settings.database.display}")
    from raviv.metrics import shared_directory

    # The workers count into one folder, so that /metrics adds them up (raviv.metrics).
    with shared_directory(settings.metrics.directory):
        uvicorn.run(
            "raviv.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            reload=reload,
            access_log=False,  # requests are logged by the app, as structured events
            # SIGTERM/SIGINT: stop accepting, let requests under way finish for at most this
            # long, then the application's shutdown (every worker; the supervisor replaces a
            # dead one).
            timeout_graceful_shutdown=settings.serve.shutdown_grace_s,
            log_level=settings.log_level,
            # X-Forwarded-For is believed from the configured proxies only: from anyone else, a
            # header would let a caller pick the address the sign-in limit counts.
            proxy_headers=bool(settings.access.trusted_proxies),
            forwarded_allow_ips=list(settings.access.trusted_proxies) or None,
        )


@main.command()
@click.option("--ref", default="demo", show_default=True, help="Ref of the demo network.")
@click.option("--members", default=40, show_default=True, type=click.IntRange(2, 100_000))
@click.option("--seed", default=2026, show_default=True, help="Same seed, same network.")
@click.option("--if-missing", is_flag=True, help="Do nothing when the network already exists.")
@click.option("--out", type=OUT, help="Write the archive here instead (- is stdout).")
@click.option(
    "--today",
    type=DAY,
    default=None,
    help="The day the activity runs up to (default: today in Europe/Paris): the season before "
    "its season complete, its season under way.",
)
@click.option(
    "--season-start",
    type=DAY,
    default=None,
    help="Instead: one complete season from this day, nothing under way.",
)
def demo(  # noqa: PLR0917 - the command's options
    ref: str,
    members: int,
    seed: int,
    if_missing: bool,
    out: str | None,
    today: datetime | None,
    season_start: datetime | None,
) -> None:
    """Create a realistic demo network (French members, its working life up to today).

    The generator writes a raviv-network/1 archive, which is then imported like any other.
    The same seed and day give the same network.
    """
    from raviv.demo import TIMEZONE, generate_network
    from raviv.errors import ConflictError
    from raviv.network_archive import archive_io

    if today is not None and season_start is not None:
        raise click.UsageError("--today and --season-start do not go together")
    if season_start is not None:
        document = generate_network(
            seed=seed, members=members, ref=ref, season_start=season_start.date()
        )
    else:
        day = today.date() if today else datetime.now(ZoneInfo(TIMEZONE)).date()
        document = generate_network(seed=seed, members=members, ref=ref, today=day)
    if out:
        if write_out(json.dumps(document, ensure_ascii=False, indent=2).encode(), out):
            click.echo(f"wrote {out}")
        return

    logins = get_settings().data_dir / "demo-logins.txt"

    async def work() -> str:
        try:
            result = await archive_io.import_archive(document)
        except ConflictError:
            if if_missing:
                return f"network {ref!r} already exists (sign-ins: {logins})"
            raise
        from raviv.access.demo import create_demo_accounts
        from raviv.demo import demo_representatives

        represented = await demo_representatives(ref)
        accounts = await create_demo_accounts(ref, logins, represented)
        return (
            f"created network {ref!r}: {result.members} members, {result.people} people, "
            f"{result.memberships} membership periods\n" + accounts
        )

    click.echo(run_with_database(work))


@jobs.command("worker")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 32),
    default=None,
    help="Jobs at once (default: RAVIV_JOBS_CONCURRENCY).",
)
def jobs_worker(concurrency: int | None) -> None:
    """Run background jobs until stopped, and queue the daily ones (unless RAVIV_SCHEDULER=off).

    SIGTERM or Ctrl-C: no new job starts; those under way get RAVIV_JOBS_SHUTDOWN_GRACE_S
    seconds to finish, then are handed back to be run again. Run it beside `raviv serve` with
    RAVIV_JOBS_WORKER=off there, or as well as the service (jobs run once either way).
    """
    import asyncio
    import dataclasses
    import signal

    from raviv.jobs.service import opened
    from raviv.logging import configure_process_logging
    from raviv.participation.scheduler import scheduled

    settings = get_settings()
    configure_process_logging(settings)
    if concurrency is not None:
        settings = dataclasses.replace(
            settings, jobs=dataclasses.replace(settings.jobs, concurrency=concurrency)
        )

    async def work() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        async with (
            opened(work=True, settings=settings),
            scheduled(settings.scheduler, retention_sweep=settings.jobs.retention_sweep),
        ):
            click.echo(
                f"raviv jobs worker: {settings.jobs.concurrency} at once, database "
                f"{settings.database.display}; SIGTERM or Ctrl-C stops it"
            )
            await stop.wait()
            click.echo("stopping: jobs under way finish or are handed back")
        click.echo("stopped")

    if settings.metrics.directory is None:
        run_with_database(work, pool_max=settings.jobs.concurrency + 4)
        return
    from raviv.metrics import shared_directory

    # Counted into the folder `raviv serve` shares (RAVIV_METRICS_DIR): /metrics adds them up.
    with shared_directory(settings.metrics.directory):
        run_with_database(work, pool_max=settings.jobs.concurrency + 4)


main.add_command(jobs)
main.add_command(accounts)
main.add_command(people)
main.add_command(rules)
main.add_command(reciprocity)
main.add_command(backup)
main.add_command(restore)
main.add_command(report)


@main.group("import")
def import_() -> None:
    """Import data: a network archive, a member list."""


import_.add_command(import_network)
import_.add_command(import_members)
import_.add_command(import_contributions)


@main.group("export")
def export() -> None:
    """Export data: a network archive, a member list."""


export.add_command(export_network)
export.add_command(export_members)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
