"""The ``raviv`` command.

Each subcommand has ``--help``; those that print data print JSON with ``--json``. Commands that
touch the database open it, do their work, and close it, so they can run beside the server.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
import msgspec

from raviv.errors import DomainError, UnvaluedError
from raviv.lib.bounds import date_problem
from raviv.settings import SettingsError, get_settings

T = TypeVar("T")


def run_with_database(work: Callable[[], Awaitable[T]]) -> T:
    """Run one piece of async work with the database open, and close it whatever happens."""
    from raviv.db import close_engine, open_engine
    from raviv.guard.audit import Actor, acting_as

    async def main() -> T:
        await open_engine(min_size=1, max_size=2)
        try:
            with acting_as(Actor("cli")):  # the audit log names the command line as the actor
                return await work()
        finally:
            await close_engine()

    return asyncio.run(main())


def echo_json(data: Any) -> None:
    click.echo(json.dumps(msgspec.to_builtins(data), ensure_ascii=False, indent=2))


class _Day(click.DateTime):
    """A day as YYYY-MM-DD, within the bounds the whole service accepts (raviv/lib/bounds.py):
    the same message as the API's, never a traceback."""

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        day = super().convert(value, param, ctx)
        if message := date_problem(day):
            self.fail(message, param, ctx)
        return day


DAY = _Day()


class _Group(click.Group):
    """Turns a bad setting into one clear line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SettingsError as exc:
            raise click.ClickException(f"configuration: {exc}") from None
        except DomainError as exc:
            raise click.ClickException(exc.detail) from None
        except LookupError as exc:
            from raviv.valuation import RateMissing

            if not isinstance(exc, RateMissing):
                raise
            raise click.ClickException(UnvaluedError.of(exc).detail) from None


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
    uvicorn.run(
        "raviv.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        access_log=False,  # requests are logged by the app, as structured events
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
@click.option("--out", type=click.Path(dir_okay=False), help="Write the archive here instead.")
def demo(ref: str, members: int, seed: int, if_missing: bool, out: str | None) -> None:
    """Create a realistic demo network (French members, a season of working life).

    The generator writes a raviv-network/1 archive, which is then imported like any other.
    """
    from raviv.demo import generate_network
    from raviv.errors import ConflictError
    from raviv.network_archive import archive_io

    document = generate_network(seed=seed, members=members, ref=ref)
    if out:
        Path(out).write_text(json.dumps(document, ensure_ascii=False, indent=2), "utf-8")
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

        accounts = await create_demo_accounts(ref, logins)
        return (
            f"created network {ref!r}: {result.members} members, {result.people} people, "
            f"{result.memberships} membership periods\n" + accounts
        )

    click.echo(run_with_database(work))


@main.group()
def accounts() -> None:
    """Accounts and their roles (for the first site administrator, scripts and recovery)."""


def _password(prompt: bool) -> str | None:
    if not prompt:
        return None
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\n")


@accounts.command("create")
@click.argument("email")
@click.option("--name", default="", help="Display name.")
@click.option("--site-admin", is_flag=True, help="Installation-level rights (creates networks).")
@click.option(
    "--password", "ask", is_flag=True, help="Set a password (prompted, or one stdin line)."
)
def accounts_create(email: str, name: str, site_admin: bool, ask: bool) -> None:
    """Create an account. Without --password it signs in only after a password reset."""
    from raviv.access import service

    password = _password(ask)

    async def work() -> int:
        return await service.create_account(
            email, display_name=name, password=password, site_admin=site_admin
        )

    click.echo(f"account {run_with_database(work)} created for {email}")


@accounts.command("grant")
@click.argument("email")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option("--role", type=click.Choice(["coordinator", "member", "consultant", "federation"]))
@click.option("--member", "member_ref", help="Ref of the member represented (role member).")
@click.option("--until", type=DAY, help="Day the access ends.")
def accounts_grant(
    email: str, network_ref: str, role: str, member_ref: str | None, until: Any
) -> None:
    """Give an account a role in a network."""
    from raviv.access import service
    from raviv.errors import NotFoundError
    from raviv.guard.roles import Role

    async def work() -> int:
        account = await service.account_id_by_email(email)
        if account is None:
            raise NotFoundError(f"no account for {email}: create it first")
        return await service.grant_role(
            account,
            network_ref,
            Role(role),
            member_ref=member_ref,
            ends_on=until.date() if until else None,
        )

    click.echo(f"grant {run_with_database(work)}: {email} is {role} in {network_ref}")


@accounts.command("token")
@click.argument("email")
@click.option("--name", default="cli", show_default=True, help="What the token is for.")
@click.option("--scope", type=click.Choice(["read", "write"]), default="read", show_default=True)
@click.option("--days", type=click.IntRange(1, 3650), default=30, show_default=True)
def accounts_token(email: str, name: str, scope: str, days: int) -> None:
    """Issue an API token for an account and print it (it is shown only this once)."""
    from datetime import timedelta

    from raviv.access import service
    from raviv.errors import NotFoundError
    from raviv.guard import audit
    from raviv.guard.roles import CredentialKind, TokenScope

    async def work() -> str:
        account = await service.account_id_by_email(email)
        if account is None:
            raise NotFoundError(f"no account for {email}")
        secret, _ = await service.issue_credential(
            account,
            CredentialKind.token,
            name=name,
            scope=TokenScope(scope),
            lifetime=timedelta(days=days),
        )
        await audit.record("token.create", object_type="account", object_ref=email, detail=name)
        return secret

    click.echo(run_with_database(work))


@main.group()
def people() -> None:
    """Contact people: personal data and its retention."""


@people.command("retention")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option("--erase", is_flag=True, help="Erase them, rather than list them.")
def people_retention(network_ref: str, erase: bool) -> None:
    """People of members that left longer ago than RAVIV_RETENTION_DAYS (to erase)."""
    from raviv.access import gdpr

    async def work() -> list[Any]:
        due = await gdpr.due_for_erasure(network_ref)
        if erase:
            for item in due:
                await gdpr.erase_person(network_ref, item.person)
        return due

    due = run_with_database(work)
    for item in due:
        verb = "erased" if erase else "due for erasure"
        click.echo(f"{item.person} ({item.member}, left {item.member_left_on}): {verb}")
    if not due:
        click.echo("nobody is due for erasure")


@main.group()
def rules() -> None:
    """The participation rule: evaluating members against it."""


@rules.command("evaluate")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option(
    "--period",
    "period_start",
    type=DAY,
    default=None,
    help="First day of the period (default: the period of --at).",
)
@click.option(
    "--at",
    "at",
    type=DAY,
    default=None,
    help="Day of the evaluation (default: today in the network's time zone).",
)
@click.option(
    "--json", "as_json", is_flag=True, help="The evaluation as JSON (its shape: docs/domain.md)."
)
def rules_evaluate(
    network_ref: str, period_start: datetime | None, at: datetime | None, as_json: bool
) -> None:
    """Where each member stands against the rule, criterion by criterion."""
    from raviv.participation.evaluation import evaluate_network
    from raviv.registry.service import network_id, network_today
    from raviv.rules.evaluator import Evaluation
    from raviv.rules.report import encode

    async def work() -> Evaluation:
        day = at.date() if at else await network_today(await network_id(network_ref))
        start = period_start.date() if period_start else None
        return await evaluate_network(network_ref, at=day, period_start=start)

    evaluation = run_with_database(work)
    if as_json:
        click.echo(encode(evaluation).decode())
        return
    click.echo(
        f"{network_ref}: period {evaluation.period.start} – {evaluation.period.end}, "
        f"at {evaluation.at}, rule {evaluation.rule_set}"
    )
    for member in evaluation.members:
        click.echo(f"  {member.member:<20} {member.status.value:<14} {member.explanation_fr}")


@rules.command("snapshot")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option(
    "--at",
    "at",
    type=DAY,
    default=None,
    help="Day evaluated (default: today in the network's time zone).",
)
def rules_snapshot(network_ref: str, at: datetime | None) -> None:
    """Evaluate and keep today's standing (run it daily: a second run keeps the first)."""
    from raviv.participation import snapshots
    from raviv.registry.service import network_id, network_today

    async def work() -> snapshots.Taken:
        day = at.date() if at else await network_today(await network_id(network_ref))
        return await snapshots.take(network_ref, at=day)

    taken = run_with_database(work)
    evaluation = taken.evaluation
    what = "stored" if taken.stored else "already stored: kept, nothing written"
    click.echo(
        f"{network_ref}: snapshot of {evaluation.at} (period {evaluation.period.start}, "
        f"rule {evaluation.rule_set}, {len(evaluation.members)} members) {what}"
    )


@rules.command("timeline")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option("--member", "member_ref", required=True, help="Ref of the member.")
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
def rules_timeline(network_ref: str, member_ref: str, as_json: bool) -> None:
    """A member's status in every snapshot kept, oldest first."""
    from raviv.participation import snapshots

    points = run_with_database(lambda: snapshots.timeline(network_ref, member_ref))
    if as_json:
        echo_json(points)
        return
    for point in points:
        click.echo(f"{point.day}  {point.status:<14} period {point.period_start}, {point.rule_set}")
    if not points:
        click.echo(f"no snapshot mentions {member_ref!r} yet")


@rules.command("enforce")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option(
    "--at",
    "at",
    type=DAY,
    default=None,
    help="Day evaluated (default: today in the network's time zone).",
)
@click.option("--json", "as_json", is_flag=True, help="What the run did, as JSON.")
def rules_enforce(network_ref: str, at: datetime | None, as_json: bool) -> None:
    """The day's enforcement: reminders to members at risk, cases once a period is over
    (daily, after the snapshot; running it again sends nothing twice)."""
    from raviv.participation.enforcement import Report, run_daily
    from raviv.registry.service import network_id, network_today

    async def work() -> Report:
        day = at.date() if at else await network_today(await network_id(network_ref))
        return await run_daily(network_ref, day)

    report = run_with_database(work)
    if as_json:
        echo_json(report)
        return
    click.echo(f"{network_ref}: enforcement of {report.day}")
    for outcome in ("sent", "failed", "no_recipient", "deferred"):
        members = report.of(outcome)
        if members:
            click.echo(f"  reminders {outcome}: {', '.join(members)}")
    for reminded in report.reminders:
        if reminded.outcome == "failed":
            click.echo(f"    {reminded.member}: {reminded.detail}")
    if report.cases_opened:
        click.echo(f"  cases opened: {', '.join(report.cases_opened)}")
    for note in report.notes:
        click.echo(f"  note: {note}")


@rules.command("daily")
@click.option(
    "--at",
    "at",
    type=DAY,
    default=None,
    help="Day run (default: today in each network's time zone).",
)
def rules_daily(at: datetime | None) -> None:
    """What the service runs daily, for every network with a rule: the day's snapshot, then
    its enforcement (reminders, cases). For cron when RAVIV_SCHEDULER=off; running it again
    the same day changes nothing. Exits 1 if a network failed."""
    from raviv.participation.scheduler import run_all

    outcomes = run_with_database(lambda: run_all(at.date() if at else None))
    for outcome in outcomes:
        state = "done" if outcome.ok else "skipped" if outcome.skipped else "FAILED"
        detail = f": {outcome.error}" if outcome.error else ""
        click.echo(f"{outcome.network}: {outcome.day} {state}{detail}")
    if not outcomes:
        click.echo("no network has a participation rule in effect")
    if any(not o.ok and not o.skipped for o in outcomes):
        sys.exit(1)


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
            _print_problems(exc)
            raise click.ClickException(exc.detail) from None
    if as_json:
        echo_json(result)
        return
    click.echo(
        f"imported network {result.network!r}: {result.members} members, "
        f"{result.memberships} membership periods, {result.people} people, {result.dues} dues"
    )
    click.echo(f"  rule: {result.rule_sets} rule set version(s), {result.exemptions} exemption(s)")


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


@import_.command("contributions")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check, show what would be created, write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
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
        _print_problems(exc)
        raise click.ClickException(exc.detail) from None
    if as_json:
        echo_json(report)
        return
    click.echo(
        f"{'would create' if report.dry_run else 'created'} {len(report.created)} "
        f"({report.validated} validated, worth {report.value_eur} €), "
        f"unchanged {len(report.unchanged)}"
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
    from raviv.network_archive import archive_io

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


@main.command("reciprocity")
@click.option("--network", "network_ref", required=True, help="Ref of the network.")
@click.option("--from", "since", required=True, type=DAY, help="First day.")
@click.option("--to", "until", required=True, type=DAY, help="Day after the last.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON of the API.")
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
