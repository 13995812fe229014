"""The coordinator's dashboard, read in one query.

Evaluating a network and scoring its reciprocity takes about a second at 2,000 members: too slow
for a page opened many times a day. So the figures are computed in the background, by the
``dashboard`` job, and kept in ``dashboard_figures`` (one row per network); the dashboard reads
that row, and says when it was computed (``as_of``). The job runs after validations (at most one
a minute per network, once its dashboard has been read) and when a coordinator asks
(:func:`refresh`).

Nothing is computed here that the domains do not: the statuses are the day's evaluation (kept as
the day's snapshot when none was), the indicators the reciprocity of the period so far
(:mod:`raviv.scoring`), the trend its comparison with the previous period.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final

from raviv.db import execute
from raviv.errors import InvalidError
from raviv.guard.roles import Role
from raviv.jobs.kinds import JobContext, Kind, Start
from raviv.jobs.service import enqueue
from raviv.jobs.store import JobRow
from raviv.participation import snapshots
from raviv.registry.service import NetworkContext, resolve_network
from raviv.registry.tables import Member
from raviv.rules.evaluator import Status
from raviv.rules.report import encode
from raviv.scoring import service as scoring

KIND: Final = "dashboard"
INDICATORS: Final = (
    "participation_rate",
    "mutuality",
    "weighted_mutuality",
    "gini",
    "top20_share",
    "valued_total_eur",
)
"""The network's indicators the dashboard shows (docs/scoring.md §5)."""


async def compute(network: str | NetworkContext, day: dt.date | None = None) -> dict[str, Any]:
    """The dashboard of ``network`` on ``day`` (default: its today), computed now: the statuses
    of the period holding ``day`` (the day's snapshot is kept if it was not), the network's
    indicators over that period up to ``day`` included, their change against the previous
    period, and the members at risk with the criteria each lacks."""
    context = network if isinstance(network, NetworkContext) else await resolve_network(network)
    day = day or context.today
    statuses: dict[str, int] = {}
    at_risk: list[dict[str, Any]] = []
    try:
        evaluation = (await snapshots.take(context, at=day)).evaluation
    except InvalidError:  # no rule in effect: no statuses, the last twelve months' indicators
        start, end = day - dt.timedelta(days=365), day + dt.timedelta(days=1)
    else:
        start, end = evaluation.period.start, min(evaluation.period.end, day + dt.timedelta(1))
        statuses = dict(Counter(m.status.value for m in evaluation.members))
        at_risk = await _at_risk(context.id, json.loads(encode(evaluation)))
    report = (await scoring.network_period(context.ref, start, end, detail=True)).report()
    return {
        "network": context.ref,
        "day": day.isoformat(),
        "as_of": datetime.now(UTC).isoformat(),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "statuses": {s.value: statuses.get(s.value, 0) for s in Status},
        "indicators": {name: report["network"][name] for name in INDICATORS},
        "trend": report["trend"]["versus_previous"]["network"],
        "months": by_month(report["trend"]),
        "at_risk": at_risk,
    }


def by_month(trend: dict[str, Any]) -> list[dict[str, Any]]:
    """The network month by month over the period (the reciprocity's trend summed over its
    members): ``[{month, given_eur, givers}]``, euros as strings with two decimals, ``givers``
    the members who gave something that month."""
    rows = []
    for index, month in enumerate(trend["months"]):
        given = [Decimal(m["given_eur"][index] or "0") for m in trend["members"]]
        rows.append(
            {
                "month": month,
                "given_eur": str(sum(given, Decimal("0.00")).quantize(Decimal("0.01"))),
                "givers": sum(1 for value in given if value > 0),
            }
        )
    return rows


async def _at_risk(network: int, document: dict[str, Any]) -> list[dict[str, Any]]:
    """The members at risk (by ref), each with its name and the criteria it has not met."""
    members = [m for m in document["members"] if m["status"] == Status.at_risk.value]
    refs = [m["member"] for m in members]
    names = {}
    if refs:
        rows = (
            await Member.select(Member.ref, Member.name)
            .where((Member.network == network) & Member.ref.is_in(refs))
            .run()
        )
        names = {row["ref"]: row["name"] for row in rows}
    return [
        {
            "member": m["member"],
            "name": names.get(m["member"], ""),
            "lacks": [
                {
                    key: criterion.get(key)
                    for key in ("criterion", "required", "actual", "shortfall", "on_track")
                }
                for criterion in m["criteria"]
                if not criterion["met"]
            ],
        }
        for m in members
    ]


_KEEP: Final = (
    "INSERT INTO dashboard_figures (network, day, period_start, as_of, document)"
    " VALUES ({}, {}, {}, {}, {})"
    " ON CONFLICT (network) DO UPDATE SET day = excluded.day,"
    " period_start = excluded.period_start, as_of = excluded.as_of,"
    " document = excluded.document"
)


async def keep(network: str | NetworkContext, day: dt.date | None = None) -> dict[str, Any]:
    """Compute the dashboard (:func:`compute`) and keep it as the network's figures."""
    context = network if isinstance(network, NetworkContext) else await resolve_network(network)
    figures = await compute(context, day)
    await execute(
        _KEEP,
        context.id,
        dt.date.fromisoformat(figures["day"]),
        dt.date.fromisoformat(figures["period"]["start"]),
        datetime.fromisoformat(figures["as_of"]),
        json.dumps(figures, ensure_ascii=False),
    )
    return figures


async def kept(network_ref: str) -> dict[str, Any] | None:
    """The network's figures as last kept (one query), ``None`` when none were ever computed:
    what a page reads, never computing them in the request (it offers the refresh instead).
    ``today`` says whether they are of the network's today."""
    context = await resolve_network(network_ref)
    rows = await execute("SELECT document FROM dashboard_figures WHERE network = {}", context.id)
    if not rows:
        return None
    figures: dict[str, Any] = json.loads(rows[0]["document"])
    figures["today"] = figures["day"] == context.today.isoformat()
    return figures


async def dashboard(network_ref: str) -> dict[str, Any]:
    """The network's dashboard as last kept: one query. ``as_of`` says when it was computed,
    ``today`` whether it is of the network's today. A network never computed is computed now
    (once)."""
    figures = await kept(network_ref)
    if figures is None:
        context = await resolve_network(network_ref)
        figures = await keep(context)
        figures["today"] = figures["day"] == context.today.isoformat()
    return figures


async def refresh(network_ref: str, *, requested_by: int | None, via: str = "api") -> JobRow:
    """Queue the network's ``dashboard`` job (audited as ``job.queue``); a job already queued
    and not started yet is the one returned."""
    start = await _start(network_ref)
    return await enqueue(
        KIND,
        network_id=start.network_id,
        args=start.args,
        key=start.key,
        requested_by=requested_by,
        via=via,
    )


async def _start(network_ref: str) -> Start:
    context = await resolve_network(network_ref)
    # one job per network and minute: validations in a burst make one computation
    minute = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M")
    return Start(context.id, {"network": context.ref}, f"{KIND}:{context.ref}:{minute}")


async def after_validation(network_ref: str) -> None:
    """What the ledger calls once an entry is validated or reversed: the network's figures, if
    its dashboard was ever read, computed again soon."""
    rows = await execute(
        "SELECT 1 FROM dashboard_figures AS f JOIN network AS n ON n.id = f.network"
        " WHERE n.ref = {}",
        network_ref,
    )
    if rows:
        await refresh(network_ref, requested_by=None, via="validation")


async def dashboard_job(ctx: JobContext) -> dict[str, Any]:
    """The ``dashboard`` job: the figures of the network it names computed and kept."""
    await ctx.progress(5, "tableau de bord")
    figures = await keep(str(ctx.args["network"]))
    return {"network": figures["network"], "day": figures["day"], "as_of": figures["as_of"]}


DASHBOARD = Kind(
    KIND,
    dashboard_job,
    max_attempts=3,
    readers=frozenset({Role.coordinator}),
    starters=frozenset({Role.coordinator}),
    start=_start,
    description="The dashboard's statuses and indicators computed again and kept.",
)
