"""The network's figures as pages: the coordinator's dashboard, the exchange graph and its
table, the federation's networks side by side.

The dashboard reads the figures the ``dashboard`` job keeps (:func:`raviv.dashboard.service.
kept`): never evaluated in the request. « Rafraîchir » asks for them again through the same
service as ``POST /api/networks/{ref}/dashboard/refresh`` (a coordinator's action); with htmx
the page then asks every two seconds whether newer figures are kept, and reloads when they are.
The exchanges are the scoring's (:mod:`raviv.scoring.service`, what ``GET …/reciprocity`` and
``…/reciprocity/graph.svg`` answer); the federation's networks its roll-up
(:func:`raviv.scoring.federation.federation_rollup`): counts and indicators, no member named.

Coordinators and consultants read the dashboard and the exchanges; a consultant reads them only
(no refresh) and, as the dashboard's API decides (it refuses consultants for naming the members
at risk), sees how many members are at risk but not who.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Final
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from raviv.dashboard import service as dashboard
from raviv.errors import DomainError, FieldProblem, InvalidError
from raviv.guard.policy import allow
from raviv.guard.roles import Role
from raviv.ledger import contributions
from raviv.registry.service import get_network, resolve_network
from raviv.rules.evaluator import Status
from raviv.rules.periods import period_at
from raviv.scoring import federation, graph
from raviv.scoring import service as scoring
from raviv.scoring.reciprocity import by_counterpart
from raviv.vocabulary import ContributionStatus
from raviv.web import charts, views
from raviv.web.errors import problem_messages
from raviv.web.i18n import N_, gettext
from raviv.web.pages import NETWORK, PageController, member_names, signed_in
from raviv.web.rendering import PAGE_HEADERS, locale_of, page

COORDINATOR, CONSULTANT, FEDERATION = Role.coordinator, Role.consultant, Role.federation
#: How long the page asks whether the refreshed figures are kept (every 2 s): two minutes.
POLLS: Final = 60
#: The dashboard names the members at risk furthest behind, at most this many (the others are
#: counted; the members' page lists them all).
AT_RISK_SHOWN: Final = 60
#: The exchanges' table shows the largest ones (the whole of them: the API's XLSX export).
ROWS: Final = 300

#: The statuses in the order the dashboard shows them: the worst first.
STATUS_ORDER: Final = (
    Status.non_compliant,
    Status.at_risk,
    Status.grace,
    Status.on_track,
    Status.compliant,
    Status.exempt,
)
INDICATOR_LABELS: Final = {
    "participation_rate": N_("Taux de participation"),
    "mutuality": N_("Mutualité"),
    "weighted_mutuality": N_("Mutualité pondérée"),
    "gini": N_("Concentration (Gini)"),
    "top20_share": N_("Part des 20 %% qui donnent le plus"),
    "valued_total_eur": N_("Valeur totale échangée"),
    "local_share": N_("Part locale"),
}
INDICATOR_HELP: Final = {
    "participation_rate": N_("des membres actifs ont donné quelque chose"),
    "mutuality": N_("des paires de membres qui ont échangé l'ont fait dans les deux sens"),
    "weighted_mutuality": N_("de la valeur échangée entre membres l'a été dans les deux sens"),
    "gini": N_("0 : chacun donne autant ; 1 : un seul donne tout"),
    "top20_share": N_("de la valeur donnée vient des 20 %% de membres qui donnent le plus"),
    "valued_total_eur": N_("donnée par les membres depuis le début de la période"),
}


PERIOD_MESSAGES: Final = {
    "from": N_("Indiquez le premier jour de la période (une date valide)."),
    "to": N_("Indiquez le dernier jour de la période (une date valide, après le premier)."),
}


def _problems(refused: DomainError, locale: str) -> dict[str, str]:
    messages = problem_messages(refused, locale)
    return {
        field: gettext(locale, PERIOD_MESSAGES[field]) if field in PERIOD_MESSAGES else text
        for field, text in messages.items()
    }


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    return Decimal(str(value))


def freshness(as_of: str, time_zone: str, locale: str) -> str:
    """« À jour à 14 h 05 » (today, in the network's time zone), else « À jour au 3 décembre
    2026 à 14 h 05 »."""
    when = dt.datetime.fromisoformat(as_of).astimezone(ZoneInfo(time_zone))
    pattern = "H 'h' mm" if locale == "fr" else "h:mm a"
    hour = format_time(when.time(), pattern, locale=locale)
    if when.date() == dt.datetime.now(ZoneInfo(time_zone)).date():
        return gettext(locale, "À jour à %(hour)s", hour=hour)
    day = format_date(when.date(), "long", locale=locale)
    return gettext(locale, "À jour au %(day)s à %(hour)s", day=day, hour=hour)


def _lack(lack: dict[str, Any]) -> dict[str, Any]:
    return {
        "label": views.CRITERION_LABELS.get(lack["criterion"], lack["criterion"]),
        "money": lack["criterion"] == "value_given",
        "required": _number(lack.get("required")),
        "actual": _number(lack.get("actual")),
        "shortfall": _number(lack.get("shortfall")),
        "on_track": bool(lack.get("on_track")),
    }


def _figures_view(figures: dict[str, Any], time_zone: str, locale: str) -> dict[str, Any]:
    """What the dashboard shows of the kept figures, as plain data for its template."""
    statuses = figures["statuses"]
    months = figures.get("months", [])
    month_keys = tuple(m["month"] for m in months)
    given = tuple(Decimal(m["given_eur"]) for m in months)
    givers = tuple(Decimal(m["givers"]) for m in months)
    indicators = figures["indicators"]
    at_risk = [
        {
            "ref": m["member"],
            "name": m["name"] or m["member"],
            "lacks": [_lack(lack) for lack in m["lacks"]],
        }
        for m in figures.get("at_risk", [])
    ]
    # the furthest behind first: the most criteria missed even at their pace, then the most
    at_risk.sort(
        key=lambda m: (
            -sum(1 for lack in m["lacks"] if not lack["on_track"]),
            -len(m["lacks"]),
            m["name"],
        )
    )
    return {
        "as_of": figures["as_of"],
        "freshness": freshness(figures["as_of"], time_zone, locale),
        "today": figures.get("today", True),
        "period_start": figures["period"]["start"],
        "period_last": dt.date.fromisoformat(figures["period"]["end"]) - dt.timedelta(days=1),
        "members": sum(statuses.values()),
        "statuses": [
            (s.value, views.STATUS_LABELS[s], int(statuses.get(s.value, 0))) for s in STATUS_ORDER
        ],
        "indicators": [
            (
                name,
                INDICATOR_LABELS[name],
                INDICATOR_HELP.get(name, ""),
                _number(indicators.get(name)),
            )
            for name in dashboard.INDICATORS
        ],
        "trend": [
            {
                "label": INDICATOR_LABELS.get(row["indicator"], row["indicator"]),
                "name": row["indicator"],
                "before": _number(row.get("before")),
                "now": _number(row.get("now")),
                "change": _number(row.get("change")),
            }
            for row in figures.get("trend", [])
        ],
        "months": [
            {"month": charts.month_label(m, locale), "given": g, "givers": int(n)}
            for m, g, n in zip(month_keys, given, givers, strict=True)
        ],
        "given_chart": charts.monthly_bars(month_keys, given, locale, money=True)
        if months
        else None,
        "givers_chart": charts.monthly_bars(month_keys, givers, locale, money=False)
        if months
        else None,
        "at_risk": at_risk[:AT_RISK_SHOWN],
        "at_risk_total": len(at_risk),
    }


def _coordinates(request: Request[Any, Any, Any], network_ref: str) -> bool:
    """Whether the visitor coordinates the network (else a consultant: reads only)."""
    return COORDINATOR in signed_in(request).roles_in(network_ref)


def _since(value: str | None) -> str | None:
    """A ``since`` parameter kept only when it is an instant (it is put back in a URL)."""
    if not value:
        return None
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return instant.isoformat() if instant.tzinfo is not None else None


def _newer(kept: dict[str, Any] | None, since: str) -> bool:
    """Whether figures are kept that were computed after ``since`` (an instant)."""
    if kept is None:
        return False
    return dt.datetime.fromisoformat(kept["as_of"]) > dt.datetime.fromisoformat(since)


class DashboardPages(PageController):
    @get(NETWORK, opt=allow(COORDINATOR, CONSULTANT))
    async def dashboard(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Template:
        network = await resolve_network(network_ref)
        coordinator = _coordinates(request, network_ref)
        locale = locale_of(request)
        kept = await dashboard.kept(network_ref)
        since = _since(request.query_params.get("depuis"))
        waiting = since is not None and not _newer(kept, since)
        return page(
            request,
            "dashboard.html",
            network=network,
            coordinator=coordinator,
            pending=await _pending_count(network_ref) if coordinator else 0,
            figures=_figures_view(kept, network.time_zone, locale) if kept else None,
            waiting=waiting,
            poll=_poll_url(network_ref, since or "", 1) if waiting else "",
        )

    @get(NETWORK + "/fraicheur", opt=allow(COORDINATOR, CONSULTANT))
    async def freshness_poll(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Response[Any]:
        """htmx asks here every 2 s after a refresh: the same waiting fragment until newer
        figures are kept, then it is told to reload the dashboard (``HX-Redirect``)."""
        since = _since(request.query_params.get("depuis")) or ""
        try:
            count = int(request.query_params.get("n", "1"))
        except ValueError:
            count = POLLS
        kept = await dashboard.kept(network_ref)
        if since and _newer(kept, since):
            return Response(
                "",
                status_code=200,
                headers={**PAGE_HEADERS, "HX-Redirect": f"/reseaux/{network_ref}"},
                media_type="text/html",
            )
        return page(
            request,
            "_refreshing.html",
            poll=_poll_url(network_ref, since, count + 1) if count < POLLS else "",
            network_ref=network_ref,
        )

    @post(NETWORK + "/rafraichir", opt=allow(COORDINATOR), status_code=303)
    async def refresh(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Redirect:
        """Ask for the figures again (the ``dashboard`` job, as the API's refresh queues it,
        audited); back on the dashboard, which waits for them."""
        kept = await dashboard.kept(network_ref)
        await dashboard.refresh(network_ref, requested_by=signed_in(request).account_id, via="web")
        since = kept["as_of"] if kept else "1970-01-01T00:00:00+00:00"
        return Redirect(f"/reseaux/{network_ref}?" + _query(depuis=since), status_code=303)

    # -- the exchanges ---------------------------------------------------------------------------

    @get(NETWORK + "/echanges", opt=allow(COORDINATOR, CONSULTANT))
    async def exchanges(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Template:
        network = await resolve_network(network_ref)
        locale = locale_of(request)
        values, since, until, wrong = await _period(request, network_ref)
        invalid: DomainError | None = wrong
        context: dict[str, Any] = {"network": network, "values": values, "rows": [], "total": 0}
        if invalid is None:
            try:
                computed = await scoring.network_period(network_ref, since, until)
            except DomainError as refused:
                invalid = refused
            else:
                names = await member_names(network_ref, None)
                context |= _exchange_rows(computed.entries, names)
                context["graph"] = f"/reseaux/{network_ref}/echanges/graphe.svg?" + _query(
                    **{"from": since.isoformat(), "to": (until - dt.timedelta(days=1)).isoformat()}
                )
                context["since"], context["last"] = since, until - dt.timedelta(days=1)
        return page(
            request,
            "exchanges.html",
            status_code=422 if invalid else 200,
            problems=_problems(invalid, locale) if invalid else {},
            **context,
        )

    @get(NETWORK + "/echanges/graphe.svg", opt=allow(COORDINATOR, CONSULTANT))
    async def exchange_graph(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Response[str]:
        """The scoring's exchange graph (what ``…/reciprocity/graph.svg`` answers), from the
        pages' own address: an image of the exchanges page."""
        _, since, until, invalid = await _period(request, network_ref)
        if invalid is not None:
            raise invalid
        svg = await scoring.exchange_graph(network_ref, since, until)
        return Response(
            svg,
            media_type=graph.SVG_MEDIA_TYPE,
            headers={
                "Cache-Control": "no-store",
                # an image: its own styles only, nothing to run, nothing to load
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
            },
        )

    # -- the federation -------------------------------------------------------------------------

    @get(NETWORK + "/federation", opt=allow(FEDERATION, COORDINATOR, CONSULTANT))
    async def federation(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Template:
        network = await resolve_network(network_ref)
        locale = locale_of(request)
        values, since, until, wrong = await _period(request, network_ref)
        invalid: DomainError | None = wrong
        networks: list[dict[str, Any]] = []
        if invalid is None:
            try:
                rollup = await federation.federation_rollup(network_ref, since, until)
            except DomainError as refused:
                invalid = refused
            else:
                networks = [_child(child) for child in rollup.report()["networks"]]
        roles = signed_in(request).roles_in(network_ref)
        return page(
            request,
            "federation.html",
            status_code=422 if invalid else 200,
            network=network,
            values=values,
            networks=networks,
            since=since,
            last=until - dt.timedelta(days=1),
            labels=[(k, INDICATOR_LABELS[k]) for k in dashboard.INDICATORS],
            in_network=bool(roles & {COORDINATOR, CONSULTANT}),
            problems=_problems(invalid, locale) if invalid else {},
        )


async def _pending_count(network_ref: str) -> int:
    """How many entries await validation (the queue's: submitted or confirmed)."""
    count = 0
    for status in (ContributionStatus.submitted, ContributionStatus.confirmed):
        found = await contributions.list_entries(
            network_ref, contributions.Filters(status=status), limit=1, offset=0, only=None
        )
        count += found.total
    return count


def _child(child: dict[str, Any]) -> dict[str, Any]:
    return {
        "ref": child["network"],
        "name": child["name"],
        "members": child["members"],
        "active_members": child["active_members"],
        "figures": {k: _number(child.get(k)) for k in dashboard.INDICATORS},
    }


def _query(**values: str) -> str:
    return urlencode(values)


def _poll_url(network_ref: str, since: str, count: int) -> str:
    return f"/reseaux/{network_ref}/fraicheur?" + _query(depuis=since, n=str(count))


async def _period(
    request: Request[Any, Any, Any], network_ref: str
) -> tuple[dict[str, str], dt.date, dt.date, InvalidError | None]:
    """The period chosen (``from``, ``to``: its first and last days, as the form shows them),
    by default the network's current one; a wrong date is named, the default used meanwhile."""
    network = await get_network(network_ref)
    today = (await resolve_network(network_ref)).today
    current = period_at(network.period_kind, today)
    values = {
        "from": (request.query_params.get("from") or "").strip(),
        "to": (request.query_params.get("to") or "").strip(),
    }
    since, last = current.start, current.end - dt.timedelta(days=1)
    problems: list[FieldProblem] = []
    for name in ("from", "to"):
        if not values[name]:
            continue
        try:
            day = dt.date.fromisoformat(values[name])
        except ValueError:
            problems.append(FieldProblem(name, "not a date", values[name]))
            continue
        if name == "from":
            since = day
        else:
            last = day
    if not problems and last < since:
        problems.append(FieldProblem("to", "the period must end after it begins", values["to"]))
    values["from"] = values["from"] or since.isoformat()
    values["to"] = values["to"] or last.isoformat()
    if problems:
        since, last = current.start, current.end - dt.timedelta(days=1)
        return values, since, last + dt.timedelta(days=1), InvalidError("period", errors=problems)
    return values, since, last + dt.timedelta(days=1), None


def _exchange_rows(entries: Any, names: dict[tuple[str, str], str]) -> dict[str, Any]:
    """Who gave what to whom: each member's exchanges with each party (the scoring's
    counterparts: the network, a working group, a project or another member; a pair of members
    once), the largest first, at most :data:`ROWS` of them."""
    frame = by_counterpart(entries)
    rows: list[dict[str, Any]] = []
    for member, kind, other, given, received in frame.itertuples(index=False, name=None):
        if kind == "member" and str(other) < str(member):
            continue  # a pair of members once: from the first of the two
        rows.append(
            {
                "member": names.get(("member", str(member)), str(member)),
                "kind": str(kind),
                "other": names.get((str(kind), str(other)), str(other)),
                "given": Decimal(int(given)) / 100,
                "received": Decimal(int(received)) / 100,
            }
        )
    rows.sort(key=lambda r: r["given"] + r["received"], reverse=True)
    return {"rows": rows[:ROWS], "total": len(rows)}


ROUTERS = [DashboardPages]
