"""The reports' HTML: Jinja templates (``reports/templates/``) filled from a context.

The environment **autoescapes** every value (``autoescape=True`` whatever the template's name):
a member's name, a group's title or a note written by a user cannot put markup into the report,
it is printed as text. Only the charts' SVG is marked safe, and it was escaped by the library
that wrote it (:mod:`reports.charts`). Undefined names fail (``StrictUndefined``) instead of
printing nothing.

The templates format nothing themselves: numbers, euros, percentages and dates go through the
filters below, which are :class:`reports.fmt.Formatter`'s methods for the report's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined

from reports import charts
from reports import context as c
from reports.attestation import AttestationContext
from reports.fmt import DASH, Formatter, Lang
from reports.rollup import RollupContext, RollupNetwork
from reports.texts import Texts

SECTIONS: Final = (
    "identity",
    "governance",
    "membership",
    "participation",
    "mutualisation",
    "reciprocity",
    "valorisation",
    "brakes",
    "comparison",
    "method",
)
"""The DLA report's sections, in their order (the table of contents follows it)."""
INDEX_KEYS: Final = frozenset({"mutuality", "weighted_mutuality", "gini", "balance_index"})
"""Indicators between 0 and 1 that the report writes as an index with two decimals (``0,67``,
as docs/scoring.md writes them), not as a percentage, whatever unit their row carries."""
GRAPH_LIMIT: Final = 40
"""The most members the PDF's exchange graph draws (those that exchanged most)."""
FLOWS_SHOWN: Final = 15


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _helpers(lang: Lang) -> dict[str, Any]:
    fmt = Formatter(lang)
    t = Texts(lang)
    return {
        "t": t,
        "fmt": fmt,
        "lang": lang,
        "value": fmt.in_unit,
        "change": lambda value, unit: fmt.change(value, unit, t("comparison.points")),
        "num": fmt.integer,
        "dec": fmt.decimal,
        "eur": fmt.euros,
        "pct": fmt.percent,
        "ratio": fmt.ratio,
        "day": fmt.date,
        "month": lambda text: fmt.month(dt.date(int(text[:4]), int(text[5:7]), 1)),
        "stated": lambda value: t("not_stated") if value in (None, "") else value,
        "shown_unit": lambda key, unit: "index" if key in INDEX_KEYS and unit == "ratio" else unit,
    }


def _criterion_text(t: Texts, fmt: Formatter, criterion: c.RuleCriterion) -> str:
    name = criterion.criterion
    if name == "meetings_attended" and criterion.mandatory_only:
        name = "meetings_attended.mandatory"
    minimum: str
    match criterion.unit:
        case "eur":
            minimum = fmt.euros(criterion.min)
        case "hours":
            minimum = fmt.decimal(criterion.min, 1).removesuffix(",0").removesuffix(".0")
        case "index":
            minimum = fmt.ratio(criterion.min)
        case _:
            minimum = fmt.integer(criterion.min)
    volume = fmt.euros(criterion.min_volume_eur)
    text = t(f"criterion.{name}", min=minimum, volume=volume)
    if criterion.kinds:
        text += " (" + ", ".join(t.label("kind", kind) for kind in criterion.kinds) + ")"
    return text


def dla_html(context: c.DlaContext) -> str:
    """The DLA activity report's HTML, in the context's language."""
    lang: Lang = context.meta.lang
    helpers = _helpers(lang)
    t: Texts = helpers["t"]
    fmt: Formatter = helpers["fmt"]
    participation = context.participation
    reciprocity = context.reciprocity
    figures: dict[str, Any] = {
        "members_by_departement": charts.members_by_class(
            context.membership.by_departement, t, fmt, name="members-departement"
        ),
        "forms": charts.forms_against_national(context.mutualisation.forms, t, fmt),
        "balance_classes": charts.balance_classes(reciprocity.balance_classes, t, fmt),
        "top_givers": charts.top_givers(reciprocity.top_givers, t, fmt)
        if reciprocity.top_givers
        else None,
        "status_by_month": charts.status_by_month(participation.status_by_month, t, fmt)
        if participation.status_by_month
        else None,
    }
    graph, drawn = charts.exchange_graph(
        reciprocity.graph_nodes, reciprocity.graph_edges, fmt, limit=GRAPH_LIMIT
    )
    figures["graph"] = graph if reciprocity.graph_edges else None
    sections = [s for s in SECTIONS if s != "comparison" or context.comparison is not None]
    flows = sorted(
        reciprocity.departement_flows, key=lambda f: (-f.value_eur, f.from_key, f.to_key)
    )
    template = environment().get_template("dla.html")
    return template.render(
        ctx=context,
        sections=sections,
        figures=figures,
        graph_drawn=drawn,
        graph_total=len(reciprocity.graph_nodes),
        flows=flows[:FLOWS_SHOWN],
        flows_total=len(flows),
        criterion_text=lambda criterion: _criterion_text(t, fmt, criterion),
        **helpers,
    )


def attestation_html(attestation: AttestationContext) -> str:
    """The participation attestation's HTML (one page), in its language."""
    return _render("attestation.html", attestation.lang, att=attestation)


def rollup_html(rollup: RollupContext) -> str:
    """The federation roll-up's HTML, in its language."""
    t, fmt = Texts(rollup.lang), Formatter(rollup.lang)
    chart = charts.network_bars(
        [network.name for network in rollup.networks],
        [
            (t("reciprocity.participation_rate"), [n.participation_rate for n in rollup.networks]),
            (t("reciprocity.mutuality"), [n.mutuality for n in rollup.networks]),
        ],
        fmt,
        name="rollup",
    )
    tables = [
        _rollup_table(rollup, networks, t, fmt, last=index == len(rollup.tables()) - 1)
        for index, networks in enumerate(rollup.tables())
    ]
    return _render("rollup.html", rollup.lang, rollup=rollup, chart=chart, tables=tables)


def _rollup_table(
    rollup: RollupContext,
    networks: Sequence[RollupNetwork],
    t: Texts,
    fmt: Formatter,
    *,
    last: bool,
) -> dict[str, Any]:
    """One table of the roll-up: its networks' names, and rows of (label, cells, the "All"
    cell or None, whether the row heads a group), every cell written by Babel."""
    rows: list[tuple[str, list[str], str | None, bool]] = []

    def row(label: str, cells: Sequence[str], everything: str | None = DASH) -> None:
        rows.append((label, list(cells), everything if last else None, False))

    row(
        t("rollup.members"), [fmt.integer(n.members) for n in networks], fmt.integer(rollup.members)
    )
    row(
        t("rollup.active"),
        [fmt.integer(n.active_members) for n in networks],
        fmt.integer(rollup.active_members),
    )
    row(t("reciprocity.participation_rate"), [fmt.percent(n.participation_rate) for n in networks])
    row(t("reciprocity.mutuality"), [fmt.ratio(n.mutuality) for n in networks])
    row(t("reciprocity.weighted_mutuality"), [fmt.ratio(n.weighted_mutuality) for n in networks])
    row(t("reciprocity.gini"), [fmt.ratio(n.gini) for n in networks])
    row(t("reciprocity.top20"), [fmt.percent(n.top20_share) for n in networks])
    row(
        t("rollup.valued_total"),
        [fmt.euros(n.valued_total_eur) for n in networks],
        fmt.euros(rollup.valued_total_eur),
    )
    rows.append((t("rollup.cvn"), [], None, True))
    for index, account in enumerate(rollup.accounts):
        row(
            account,
            [fmt.euros(n.cvn[index].value_eur) for n in networks],
            fmt.euros(rollup.cvn[index].value_eur),
        )
    rows.append((t("rollup.forms"), [], None, True))
    for index, form in enumerate(rollup.forms):
        row(t.label("form", form), [fmt.percent(n.form_mix[index].share) for n in networks])
    return {"names": [n.name for n in networks], "rows": rows, "last": last}


def _render(name: str, lang: Lang, **values: Any) -> str:
    return environment().get_template(name).render(**_helpers(lang), **values)
