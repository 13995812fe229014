"""The command line of the participation rule: ``raviv rules`` (assembled in :mod:`raviv.cli`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime

import click

from raviv.cli_support import DAY, FC, echo_json, json_option, run_with_database


def at_option(help: str) -> Callable[[FC], FC]:
    """``--at DAY`` (as the ``at`` argument; None: today in the network's time zone)."""
    return click.option("--at", "at", type=DAY, default=None, help=help)


@click.group()
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
@at_option("Day of the evaluation (default: today in the network's time zone).")
@json_option("The evaluation as JSON (its shape: docs/domain.md).")
def rules_evaluate(
    network_ref: str, period_start: datetime | None, at: datetime | None, as_json: bool
) -> None:
    """Where each member stands against the rule, criterion by criterion."""
    from raviv.participation.evaluation import evaluate_network
    from raviv.registry.service import resolve_network
    from raviv.rules.evaluator import Evaluation
    from raviv.rules.report import encode

    async def work() -> Evaluation:
        network = await resolve_network(network_ref)
        day = at.date() if at else network.today
        start = period_start.date() if period_start else None
        return await evaluate_network(network, at=day, period_start=start)

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
@at_option("Day evaluated (default: today in the network's time zone).")
def rules_snapshot(network_ref: str, at: datetime | None) -> None:
    """Evaluate and keep today's standing (run it daily: a second run keeps the first)."""
    from raviv.participation import snapshots
    from raviv.registry.service import resolve_network

    async def work() -> snapshots.Taken:
        network = await resolve_network(network_ref)
        return await snapshots.take(network, at=at.date() if at else network.today)

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
@json_option("As JSON.")
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
@at_option("Day evaluated (default: today in the network's time zone).")
@json_option("What the run did, as JSON.")
def rules_enforce(network_ref: str, at: datetime | None, as_json: bool) -> None:
    """The day's enforcement: reminders to members at risk, cases once a period is over
    (daily, after the snapshot; running it again sends nothing twice)."""
    from raviv.participation.enforcement import Report, run_daily
    from raviv.registry.service import resolve_network

    async def work() -> Report:
        network = await resolve_network(network_ref)
        return await run_daily(network, at.date() if at else network.today)

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
@at_option("Day run (default: today in each network's time zone).")
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
