"""The reports' charts, as SVG text to put inline in the HTML (WeasyPrint draws it as vectors).

pygal renders SVG in pure Python (no browser, no image file): ``js=[]`` leaves its tooltips'
script out, ``disable_xml_declaration=True`` lets the SVG sit inside HTML, and the style names
the report's font ("Raviv Report", declared by the stylesheet) so the charts' text is set in the
same shipped font as the rest. Axis labels and values are written by :mod:`reports.fmt` (Babel),
never by hand. pygal writes every text through ElementTree, which escapes it: a member's name
holding markup stays text. Each chart's id (a random UUID in pygal) is replaced by a stable one,
so the same figures give the same SVG.

The exchange graph is not a pygal chart (pygal has no network graph): :func:`exchange_graph`
draws it with ElementTree, with :mod:`raviv.scoring.graph`'s colours for the balance index.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

import pygal
from markupsafe import Markup
from pygal.style import Style

from raviv.scoring.graph import BOTH_WAYS, ONE_WAY, balance_colour
from reports import context as c
from reports.fmt import Formatter
from reports.texts import Texts

FONT: Final = '"Raviv Report"'
INK: Final = "#1d2433"
MUTED: Final = "#5b6475"
#: The colour of each status of the rule, from worst to best (the evaluator's order).
STATUS_COLOURS: Final = {
    "non_compliant": "#b23a3a",
    "at_risk": "#e08a2c",
    "on_track": "#8fbf7a",
    "grace": "#9db4d6",
    "compliant": "#2e7d4f",
    "exempt": "#b9b9b9",
}
BALANCE_COLOURS: Final = {
    "givers": "#5e3c99",
    "reciprocal": "#b2abd2",
    "consumers": "#e66101",
    "inactive": "#bdbdbd",
}
NETWORK: Final = "#23508c"
NATIONAL: Final = "#c9cfd9"
GIVEN: Final = "#23508c"
RECEIVED: Final = "#9ecae1"


def _style(colours: Sequence[str]) -> Style:
    return Style(
        font_family=FONT,
        background="white",
        plot_background="white",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle="#d9dde5",
        colors=tuple(colours),
        opacity="0.95",
        opacity_hover="0.95",
        guide_stroke_color="#dfe3ea",
        major_guide_stroke_color="#dfe3ea",
        guide_stroke_dasharray="1,0",
        major_guide_stroke_dasharray="1,0",
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=12,
        value_font_size=10,
        title_font_size=13,
        tooltip_font_size=10,
    )


def _config(colours: Sequence[str], **options: Any) -> dict[str, Any]:
    return {
        "js": [],
        "disable_xml_declaration": True,
        "style": _style(colours),
        "width": 800,
        "height": 340,
        "show_legend": False,  # drawn by the HTML under the chart (Chart.legend)
        "show_x_guides": False,
        "show_y_guides": True,
        "margin": 8,
        "spacing": 8,
        "truncate_label": 28,
        "truncate_legend": 30,
        "print_values": False,
        **options,
    }


STYLE: Final = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL)
#: pygal's tooltip data (each value again, its x, its label): read by its script in a browser,
#: never drawn; a PDF has no mouse. Escaped text only, no markup inside.
TOOLTIP_DATA: Final = re.compile(r"<desc\b[^>]*>[^<]*</desc>")


def _without_hover(svg: str) -> str:
    """pygal's stylesheets without their rules for the mouse (``:hover``): WeasyPrint's SVG
    styling does not know the pseudo-class and would apply them always (black guides, labels
    shown twice)."""

    def clean(match: re.Match[str]) -> str:
        rules = [rule for rule in match.group(2).split("}") if ":hover" not in rule]
        return match.group(1) + "}".join(rules) + match.group(3)

    return STYLE.sub(clean, svg)


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart's SVG, and its legend (colour, label) for the HTML to draw under it: pygal places
    its own legend by guessing text widths, and clips it with the report's font."""

    svg: Markup
    legend: tuple[tuple[str, str], ...] = ()

    def __html__(self) -> str:
        return str(self.svg)


def _svg(chart: Any, name: str, legend: Sequence[tuple[str, str]] = ()) -> Chart:
    """The chart's SVG, its random id made the stable ``name``, without the mouse's rules and
    the tooltips' data (a tenth of the PDF's layout time of a small network's report). pygal
    wrote every text through ElementTree, which escaped it."""
    svg: str = chart.render(is_unicode=True)
    svg = TOOLTIP_DATA.sub("", _without_hover(svg.replace(chart.uuid, name)))
    return Chart(Markup(svg), tuple(legend))  # noqa: S704 - pygal's output, escaped by ElementTree


def _nice_axis(largest: float, *, whole: bool = False, ticks: int = 5) -> list[float]:
    """Axis ticks from 0 past ``largest``, about ``ticks`` of them, each step 1, 2, 2.5 or 5
    times a power of ten (a count axis never shows 0.2 of a member: ``whole``)."""
    if largest <= 0:
        return [0, 1]
    rough = largest / ticks
    power = 10 ** math.floor(math.log10(rough))
    step = next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= rough)
    if whole:
        step = max(1, math.ceil(step))
    count = math.ceil(largest / step)
    return [round(step * index, 6) for index in range(count + 1)]


def _float(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def status_by_month(months: Sequence[c.StatusCounts], t: Texts, fmt: Formatter) -> Chart:
    """Members by status at each month's end: a stacked bar per month."""
    statuses = [count.key for count in months[0].counts] if months else []
    colours = [STATUS_COLOURS.get(key, MUTED) for key in statuses]
    largest = max((month.evaluated for month in months), default=0)
    chart = pygal.StackedBar(
        **_config(
            colours,
            value_formatter=fmt.integer,
            height=300,
            x_label_rotation=0,
            y_labels=_nice_axis(largest, whole=True),
        )
    )
    chart.x_labels = [fmt.month(_first_of(month.month)) for month in months]
    labels = [t.label("status", key) for key in statuses]
    for index, label in enumerate(labels):
        chart.add(label, [month.counts[index].count for month in months])
    return _svg(chart, "status-by-month", list(zip(colours, labels, strict=True)))


def _first_of(month: str) -> dt.date:
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, 1)


def forms_against_national(forms: Sequence[c.FormShare], t: Texts, fmt: Formatter) -> Chart:
    """The share of active members giving in each form, beside the national share (the first
    form at the top)."""
    shown = list(reversed(forms))
    chart = pygal.HorizontalBar(
        **_config(
            [NETWORK, NATIONAL],
            value_formatter=lambda v: fmt.percent(v, decimals=0),
            range=(0, 1),
            y_labels=[0, 0.2, 0.4, 0.6, 0.8, 1],
            height=max(200, 34 * len(shown) + 40),
            truncate_label=40,
        )
    )
    chart.x_labels = [t.label("form", form.form) for form in shown]
    network, national = t("mutualisation.series_network"), t("mutualisation.series_national")
    chart.add(network, [_float(form.share) for form in shown])
    chart.add(national, [_float(form.national_share) for form in shown])
    return _svg(chart, "forms", [(NETWORK, network), (NATIONAL, national)])


def members_by_class(
    classes: Sequence[c.MembershipClass], t: Texts, fmt: Formatter, *, name: str
) -> Chart:
    """Members at the period's end by class (the largest 15 classes, the largest at the top)."""
    shown = sorted(classes, key=lambda row: (-row.at_end, row.key))[:15]
    shown.reverse()
    chart = pygal.HorizontalBar(
        **_config(
            [NETWORK],
            value_formatter=fmt.integer,
            width=480,
            height=max(160, 30 * len(shown) + 50),
            print_values=True,
            y_labels=_nice_axis(max((row.at_end for row in shown), default=0), whole=True),
        )
    )
    chart.x_labels = [t("unknown") if row.key in {"", "?"} else row.label for row in shown]
    chart.add(t("membership.at_end"), [row.at_end for row in shown])
    return _svg(chart, name)


def balance_classes(classes: Sequence[c.Count], t: Texts, fmt: Formatter) -> Chart:
    """Members by balance profile: a ring."""
    colours = [BALANCE_COLOURS.get(count.key, MUTED) for count in classes]
    chart = pygal.Pie(
        **_config(
            colours,
            value_formatter=fmt.integer,
            inner_radius=0.5,
            width=360,
            height=300,
            margin=4,
            print_values=True,
        )
    )
    labels = [t.label("balance", count.key) for count in classes]
    for count, label in zip(classes, labels, strict=True):
        chart.add(label, [count.count])
    return _svg(chart, "balance-classes", list(zip(colours, labels, strict=True)))


def top_givers(rows: Sequence[c.MemberBalance], t: Texts, fmt: Formatter) -> Chart:
    """Given and received by the largest givers (the largest at the top)."""
    shown = list(reversed(rows))
    chart = pygal.HorizontalBar(
        **_config(
            [GIVEN, RECEIVED],
            value_formatter=lambda v: fmt.euros(v, cents=False),
            y_labels=_nice_axis(
                max((float(max(row.given_eur, row.received_eur)) for row in shown), default=0)
            ),
            height=max(200, 30 * len(shown) + 60),
            truncate_label=26,
        )
    )
    chart.x_labels = [row.name for row in shown]
    given, received = t("reciprocity.given"), t("reciprocity.received")
    chart.add(given, [_float(row.given_eur) for row in shown])
    chart.add(received, [_float(row.received_eur) for row in shown])
    return _svg(chart, "top-givers", [(GIVEN, given), (RECEIVED, received)])


def network_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    fmt: Formatter,
    *,
    name: str,
) -> Chart:
    """Ratios of several networks side by side (the roll-up)."""
    colours = [NETWORK, "#8fbf7a", "#e08a2c"][: len(series)]
    chart = pygal.Bar(
        **_config(
            colours,
            value_formatter=lambda v: fmt.percent(v, decimals=0),
            range=(0, 1),
            y_labels=[0, 0.2, 0.4, 0.6, 0.8, 1],
            height=260,
            x_label_rotation=0 if len(labels) <= 6 else 30,
        )
    )
    chart.x_labels = list(labels)
    for title, values in series:
        chart.add(title, [_float(value) for value in values])
    return _svg(chart, name, list(zip(colours, [title for title, _ in series], strict=True)))


# -- the exchange graph --------------------------------------------------------------------------

SVG_NS: Final = "http://www.w3.org/2000/svg"
GRAPH_SIZE: Final = 640.0


def _n(value: float) -> str:
    return f"{value:.1f}"


def exchange_graph(
    nodes: Sequence[c.GraphNode],
    edges: Sequence[c.GraphEdge],
    fmt: Formatter,
    *,
    limit: int = 40,
    label: Callable[[c.GraphNode], str] | None = None,
) -> tuple[Markup, int]:
    """The members that exchanged (at most ``limit``, those that exchanged most) on a circle
    ordered by département then ref, a disc each (area: value given; colour: balance index) and
    a line per pair (solid green both ways, grey with an arrow towards the receiver one way).
    Returns the SVG and the number of members drawn."""
    volume = {node.member: node.given_eur + node.received_eur for node in nodes}
    kept = sorted(nodes, key=lambda node: (-volume[node.member], node.member))[:limit]
    kept.sort(key=lambda node: (node.departement in {"", "?"}, node.departement, node.member))
    shown = {node.member for node in kept}
    count = len(kept)
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {_n(GRAPH_SIZE)} {_n(GRAPH_SIZE)}",
            "font-family": FONT,
        },
    )
    defs = ET.SubElement(svg, "defs")
    marker = ET.SubElement(
        defs,
        "marker",
        {
            "id": "arrow",
            "viewBox": "0 0 10 10",
            "refX": "10",
            "refY": "5",
            "markerWidth": "7",
            "markerHeight": "7",
            "orient": "auto",
        },
    )
    ET.SubElement(marker, "path", {"d": "M 0 0 L 10 5 L 0 10 z", "fill": ONE_WAY})
    centre = GRAPH_SIZE / 2
    radius = centre - 95
    biggest = max((node.given_eur for node in kept), default=Decimal(0)) or Decimal(1)
    places: dict[str, tuple[float, float, float]] = {}
    for index, node in enumerate(kept):
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        size = 5 + 17 * math.sqrt(float(node.given_eur / biggest))
        places[node.member] = (x, y, size)
    widest = max((edge.value_eur for edge in edges), default=Decimal(1)) or Decimal(1)
    drawn: set[tuple[str, str]] = set()
    lines = ET.SubElement(svg, "g")
    for edge in sorted(edges, key=lambda e: (e.giver, e.receiver)):
        if edge.giver not in shown or edge.receiver not in shown:
            continue
        pair = (min(edge.giver, edge.receiver), max(edge.giver, edge.receiver))
        width = 0.8 + 4 * float(edge.value_eur / widest)
        x1, y1, _ = places[edge.giver]
        x2, y2, size = places[edge.receiver]
        if edge.both_ways:
            if pair in drawn:
                continue
            drawn.add(pair)
            ET.SubElement(
                lines,
                "line",
                {
                    "x1": _n(x1),
                    "y1": _n(y1),
                    "x2": _n(x2),
                    "y2": _n(y2),
                    "stroke": BOTH_WAYS,
                    "stroke-width": _n(width),
                    "stroke-opacity": "0.8",
                },
            )
            continue
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        end_x = x2 - (x2 - x1) * (size + 2) / length
        end_y = y2 - (y2 - y1) * (size + 2) / length
        ET.SubElement(
            lines,
            "line",
            {
                "x1": _n(x1),
                "y1": _n(y1),
                "x2": _n(end_x),
                "y2": _n(end_y),
                "stroke": ONE_WAY,
                "stroke-width": _n(width),
                "stroke-dasharray": "5,3",
                "marker-end": "url(#arrow)",
            },
        )
    discs = ET.SubElement(svg, "g")
    for index, node in enumerate(kept):
        x, y, size = places[node.member]
        ET.SubElement(
            discs,
            "circle",
            {
                "cx": _n(x),
                "cy": _n(y),
                "r": _n(size),
                "fill": balance_colour(node.balance_index),
                "stroke": INK,
                "stroke-width": "0.6",
            },
        )
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        lx, ly = x + (size + 6) * math.cos(angle), y + (size + 6) * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        if math.sin(angle) > 0.5:
            ly += 8
        text = ET.SubElement(
            discs,
            "text",
            {
                "x": _n(lx),
                "y": _n(ly + 3),
                "font-size": "10" if count <= 24 else "8",
                "text-anchor": anchor,
                "fill": INK,
            },
        )
        name = label(node) if label else node.name
        text.text = name if len(name) <= 24 else name[:23] + "…"
    return Markup(ET.tostring(svg, encoding="unicode")), count  # noqa: S704 - escaped by ElementTree
