"""The ``raviv`` command.

Each subcommand has ``--help``; those that print data print JSON with ``--json``. Commands that
touch the database open it, do their work, and close it, so they can run beside the server.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
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
@click.option("--if-missing", is_flag=True, help="Do nothing when the network already exists.")
def demo(ref: str, if_missing: bool) -> None:
    """Create a demo network.

    For now the network is empty: the member generator arrives with the registry.
    """
    from raviv.errors import ConflictError
    from raviv.registry import schemas, service

    async def work() -> str:
        try:
            await service.create_network(
                schemas.NetworkCreate(
                    ref=ref, name="Réseau démo des arts vivants", territory="Île-de-France"
                )
            )
        except ConflictError:
            if if_missing:
                return f"network {ref!r} already exists"
            raise
        return f"created network {ref!r}"

    click.echo(run_with_database(work))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
