"""The exchange graph of a period as an SVG picture, for the web pages and the DLA report.

Pure: the scoring frame of :mod:`raviv.scoring.reciprocity` in, SVG text out (no browser, no
drawing library). What it shows (``docs/scoring.md`` §12):

- a node per member that gave or received anything in the period, its area growing with the
  value it gave, its colour the balance index from consumer (orange, −1) through reciprocal
  (light, 0) to giver (purple, +1), grey without an index; labelled by ref, or ``M1``, ``M2``…
  when pseudonymised (no ref and no name anywhere in the picture then);
- the network (with its groups and projects) as one node in the middle;
- an edge per pair of members that exchanged, its width growing with the value exchanged: solid
  green when both ways, dashed grey with an arrow towards the receiver when one way; and an
  edge between each member and the network where value passed between them.

The layout is deterministic: members on a circle ordered by département (not stated last), then
ref, from the top, clockwise. Every text goes through :mod:`xml.etree.ElementTree`, which
escapes it (names may hold ``&``, ``<`` or ``>``).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from decimal import Decimal
from typing import Final

import numpy as np
import pandas as pd

from raviv.scoring.reciprocity import (
    GIVER,
    GIVER_KIND,
    MEMBER,
    RECEIVER,
    RECEIVER_KIND,
    VALUE,
    balance_index,
    eur,
    given,
    member_pairs,
    received,
)

SVG_NS: Final = "http://www.w3.org/2000/svg"
SVG_MEDIA_TYPE: Final = "image/svg+xml"
FONT: Final = "DejaVu Sans, Arial, sans-serif"

CONSUMER: Final = (0xE6, 0x61, 0x01)  # orange: receives more than it gives (−1)
RECIPROCAL: Final = (0xF7, 0xF7, 0xF7)  # near 0
GIVER_COLOUR: Final = (0x5E, 0x3C, 0x99)  # purple: gives more than it receives (+1)
NO_INDEX: Final = "#bdbdbd"
BOTH_WAYS: Final = "#1b7837"
ONE_WAY: Final = "#8c8c8c"
WITH_NETWORK: Final = "#9ecae1"

SPACING: Final = 34.0  # arc length per member on the circle
MARGIN: Final = 90.0  # room for the labels around the circle
HEADER: Final = 40.0
LEGEND: Final = 96.0
MIN_RADIUS: Final = 150.0
SHOWN_WIDTH: Final = 640.0  # at most 17 cm wide: an A4 page with 2 cm margins
MAX_PAIRS: Final = 2000
"""Pairs of members drawn at most: beyond, a picture shows nothing a reader can follow."""
MIN_WIDTH: Final = 640.0  # the legend's


def balance_colour(index: Decimal | None) -> str:
    """The fill of a node: orange (−1) → light (0) → purple (+1); grey without an index."""
    if index is None:
        return NO_INDEX
    weight = float(index)
    towards = GIVER_COLOUR if weight >= 0 else CONSUMER
    mixed = (
        round(base + (end - base) * abs(weight))
        for base, end in zip(RECIPROCAL, towards, strict=True)
    )
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def _euros(cents: int) -> str:
    return str(eur(int(cents))).replace(".", ",") + " €"


def _ratio(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return str(value.quantize(Decimal("0.0001"))).replace(".", ",")


def _n(value: float) -> str:
    """A coordinate, to a tenth of a pixel: deterministic and compact."""
    return f"{value:.1f}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    """A child element; ``stroke_width`` is written ``stroke-width``, ``class_`` ``class``."""
    element = ET.SubElement(
        parent, tag, {key.rstrip("_").replace("_", "-"): v for key, v in attributes.items()}
    )
    if text is not None:
        element.text = text
    return element


def _network_flows(entries: pd.DataFrame) -> pd.DataFrame:
    """Per member: cents it gave the network side (the network, a group, a project) and cents
    the network gave it (index: member ref)."""
    members = entries[GIVER_KIND] == MEMBER
    to_network = entries[members & (entries[RECEIVER_KIND] != MEMBER)]
    from_network = entries[~members & (entries[RECEIVER_KIND] == MEMBER)]
    gave = to_network.groupby(GIVER, observed=True)[VALUE].sum()
    got = from_network.groupby(RECEIVER, observed=True)[VALUE].sum()
    gave.index, got.index = gave.index.astype(str), got.index.astype(str)
    return pd.DataFrame({"to_network": gave, "from_network": got}).fillna(0).astype("int64")


class _Canvas:
    """Where each node stands: members on a circle, the network in its middle."""

    def __init__(self, count: int) -> None:
        self.radius = max(MIN_RADIUS, count * SPACING / (2 * math.pi))
        self.width = max(2 * (self.radius + MARGIN), MIN_WIDTH)
        self.cx = self.width / 2
        self.cy = HEADER + self.radius + MARGIN
        self.height = HEADER + 2 * (self.radius + MARGIN) + LEGEND
        spacing = 2 * math.pi * self.radius / max(count, 1)
        self.node_max = min(24.0, max(4.0, spacing * 0.45))
        self.node_min = max(2.5, self.node_max / 4)
        self.font = min(12.0, max(6.0, spacing * 0.45))
        angles = -math.pi / 2 + 2 * math.pi * np.arange(count) / max(count, 1)
        self.angles = angles
        self.x = self.cx + self.radius * np.cos(angles)
        self.y = self.cy + self.radius * np.sin(angles)

    def towards_centre(self, x: float, y: float, pull: float) -> tuple[float, float]:
        return x + (self.cx - x) * pull, y + (self.cy - y) * pull


def _trimmed(
    end: tuple[float, float], towards: tuple[float, float], by: float
) -> tuple[float, float]:
    """``end`` moved ``by`` pixels towards ``towards`` (so an arrow stops at a node's rim)."""
    dx, dy = towards[0] - end[0], towards[1] - end[1]
    length = math.hypot(dx, dy) or 1.0
    return end[0] + dx / length * by, end[1] + dy / length * by


class _Picture:
    """The SVG being drawn: the nodes' places, labels and sizes, and how to draw each part."""

    def __init__(
        self,
        entries: pd.DataFrame,
        departements: Mapping[str, str],
        names: Mapping[str, str],
        pseudonymise: bool,
        max_pairs: int,
    ) -> None:
        self.given, self.received = given(entries), received(entries)
        self.refs = sorted(
            self.given.keys() | self.received.keys(),
            key=lambda ref: (departements.get(ref) or "\uffff", ref),
        )
        self.labels = {
            ref: f"M{i}" if pseudonymise else ref for i, ref in enumerate(self.refs, start=1)
        }
        self.names = {} if pseudonymise else dict(names)
        self.place = {ref: i for i, ref in enumerate(self.refs)}
        self.canvas = _Canvas(len(self.refs))
        pairs = member_pairs(entries)
        self.pair_count = len(pairs)
        if len(pairs) > max_pairs:  # the strongest exchanges; ties by ref, so always the same
            value = pairs["value_ab"] + pairs["value_ba"]
            pairs = pairs.assign(value=-value).sort_values(["value", "a", "b"]).head(max_pairs)
        self.pairs = pairs
        self.flows = _network_flows(entries)
        self.widest = max(
            [1, *(self.pairs["value_ab"] + self.pairs["value_ba"]), *self.flows.sum(axis=1)]
        )
        self.largest_gift = max([1, *self.given.values()])

    def width(self, cents: int) -> str:
        """An edge's width: 1 to 8 pixels, growing with the square root of its value."""
        return _n(1 + 7 * math.sqrt(cents / self.widest))

    def radius(self, ref: str) -> float:
        """A node's radius: its area grows with the value the member gave."""
        canvas = self.canvas
        share = math.sqrt(self.given.get(ref, 0) / self.largest_gift)
        return canvas.node_min + (canvas.node_max - canvas.node_min) * share

    def point(self, ref: str) -> tuple[float, float]:
        i = self.place[ref]
        return float(self.canvas.x[i]), float(self.canvas.y[i])

    def who(self, ref: str) -> str:
        """A member in a tooltip: its name and ref, or its pseudonym."""
        return f"{self.names[ref]} ({ref})" if ref in self.names else self.labels[ref]

    def network_edges(self, edges: ET.Element) -> None:
        canvas = self.canvas
        for ref, to_network, from_network in self.flows.itertuples():
            if ref not in self.place:
                continue
            x, y = self.point(ref)
            line = _sub(
                edges,
                "line",
                x1=_n(x),
                y1=_n(y),
                x2=_n(canvas.cx),
                y2=_n(canvas.cy),
                stroke=WITH_NETWORK,
                stroke_width=self.width(int(to_network + from_network)),
                stroke_opacity="0.6",
                class_="edge network",
            )
            tip = [f"{self.who(ref)} → réseau : {_euros(to_network)}"] if to_network else []
            if from_network:
                tip.append(f"réseau → {self.who(ref)} : {_euros(from_network)}")
            _sub(line, "title", " ; ".join(tip))

    def pair_edges(self, edges: ET.Element) -> None:
        columns = ["a", "b", "value_ab", "value_ba"]
        for a, b, value_ab, value_ba in self.pairs[columns].itertuples(index=False):
            both = value_ab > 0 and value_ba > 0
            source, target = (a, b) if value_ab > 0 else (b, a)
            start, end = self.point(source), self.point(target)
            middle = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
            control = self.canvas.towards_centre(*middle, pull=0.45)
            if not both:  # the arrow's tip stops at the receiver's rim
                end = _trimmed(end, control, self.radius(target) + 1)
            path = _sub(
                edges,
                "path",
                d=f"M {_n(start[0])} {_n(start[1])} Q {_n(control[0])} {_n(control[1])} "
                f"{_n(end[0])} {_n(end[1])}",
                stroke=BOTH_WAYS if both else ONE_WAY,
                stroke_width=self.width(int(value_ab + value_ba)),
                class_="edge pair both-ways" if both else "edge pair one-way",
            )
            if not both:
                path.set("stroke-dasharray", "6 4")
                path.set("marker-end", "url(#arrow)")
            tip = [f"{self.who(a)} → {self.who(b)} : {_euros(value_ab)}"] if value_ab else []
            if value_ba:
                tip.append(f"{self.who(b)} → {self.who(a)} : {_euros(value_ba)}")
            _sub(path, "title", " ; ".join(tip))

    def network_node(self, nodes: ET.Element) -> None:
        canvas = self.canvas
        centre = _sub(nodes, "g", class_="node network")
        _sub(centre, "title", "Le réseau, ses groupes et ses projets")
        radius = _n(canvas.node_max * 1.6)
        _sub(centre, "circle", cx=_n(canvas.cx), cy=_n(canvas.cy), r=radius, fill="white")
        _sub(
            centre,
            "text",
            "Réseau",
            x=_n(canvas.cx),
            y=_n(canvas.cy + canvas.font / 3),
            text_anchor="middle",
            font_size=_n(canvas.font),
            stroke="none",
        )

    def member_nodes(self, nodes: ET.Element) -> None:
        canvas = self.canvas
        for ref in self.refs:
            x, y = self.point(ref)
            gave, got = self.given.get(ref, 0), self.received.get(ref, 0)
            index = balance_index(gave, got)
            node = _sub(nodes, "g", class_="node member")
            _sub(
                node,
                "title",
                f"{self.who(ref)} — donné {_euros(gave)}, reçu {_euros(got)}, "
                f"indice {_ratio(index)}",
            )
            radius = self.radius(ref)
            _sub(node, "circle", cx=_n(x), cy=_n(y), r=_n(radius), fill=balance_colour(index))
            angle = float(canvas.angles[self.place[ref]])
            cos, sin = math.cos(angle), math.sin(angle)
            side = "start" if cos > 1e-9 else "end" if cos < -1e-9 else "middle"
            _sub(
                node,
                "text",
                self.labels[ref],
                x=_n(x + (radius + 4) * cos),
                y=_n(y + (radius + 4) * sin + canvas.font / 3 * (1 + sin)),
                text_anchor=side,
                font_size=_n(canvas.font),
                stroke="none",
                class_="label",
            )


def exchange_graph(
    entries: pd.DataFrame,
    *,
    departements: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    pseudonymise: bool = False,
    title: str = "Échanges entre membres",
    max_pairs: int = MAX_PAIRS,
) -> str:
    """The exchange graph of the entries (those of one period) as SVG text.

    ``departements`` orders the circle (members not in it come last); ``names`` (ref → name)
    adds each member's name to its tooltip. With ``pseudonymise`` members are labelled ``M1``,
    ``M2``… in the order of the circle, and neither refs nor names appear. Beyond ``max_pairs``
    pairs of members, only the pairs with the most value exchanged are drawn, and the picture
    says so."""
    picture = _Picture(entries, departements or {}, names or {}, pseudonymise, max_pairs)
    canvas = picture.canvas
    shown_width = min(canvas.width, SHOWN_WIDTH)
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "width": _n(shown_width),
            "height": _n(shown_width * canvas.height / canvas.width),
            "viewBox": f"0 0 {_n(canvas.width)} {_n(canvas.height)}",
            "font-family": FONT,
            "role": "img",
        },
    )
    _sub(svg, "title", title)
    defs = _sub(svg, "defs")
    marker = _sub(
        defs,
        "marker",
        id="arrow",
        viewBox="0 0 10 10",
        refX="9",
        refY="5",
        markerWidth="12",
        markerHeight="12",
        markerUnits="userSpaceOnUse",
        orient="auto-start-reverse",
    )
    _sub(marker, "path", d="M 0 0 L 10 5 L 0 10 z", fill=ONE_WAY)
    _sub(svg, "rect", x="0", y="0", width=_n(canvas.width), height=_n(canvas.height), fill="white")
    _sub(svg, "text", title, x=_n(canvas.width / 2), y="26", text_anchor="middle", font_size="18")
    if picture.pair_count > len(picture.pairs):
        note = (
            f"les {len(picture.pairs)} paires aux échanges les plus forts sur {picture.pair_count}"
        )
        middle = _n(canvas.width / 2)
        _sub(svg, "text", note, x=middle, y="44", text_anchor="middle", class_="note")
    edges = _sub(svg, "g", id="edges", fill="none")
    picture.network_edges(edges)
    picture.pair_edges(edges)
    nodes = _sub(svg, "g", id="nodes", stroke="#444444", stroke_width="1")
    picture.network_node(nodes)
    picture.member_nodes(nodes)
    _legend(svg, defs, canvas)
    return ET.tostring(svg, encoding="unicode")


def _legend(svg: ET.Element, defs: ET.Element, canvas: _Canvas) -> None:
    """What the colours, the lines and the sizes mean, under the circle."""
    top = canvas.height - LEGEND + 16
    legend = _sub(svg, "g", id="legend", font_size="11")
    gradient = _sub(defs, "linearGradient", id="balance")
    for offset, index in (("0", Decimal(-1)), ("0.5", Decimal(0)), ("1", Decimal(1))):
        _sub(gradient, "stop", offset=offset, stop_color=balance_colour(index))
    _sub(legend, "rect", x="20", y=_n(top), width="220", height="12", fill="url(#balance)")
    _sub(legend, "text", "reçoit plus (−1)", x="20", y=_n(top + 26))
    _sub(legend, "text", "donne plus (+1)", x="240", y=_n(top + 26), text_anchor="end")
    _sub(legend, "text", "couleur : indice de balance", x="20", y=_n(top + 42))
    _sub(legend, "text", "taille : valeur donnée ; gris : ni donné ni reçu", x="20", y=_n(top + 58))
    samples = (
        (BOTH_WAYS, None, "échanges dans les deux sens"),
        (ONE_WAY, "6 4", "dans un seul sens (flèche vers qui reçoit)"),
        (WITH_NETWORK, None, "avec le réseau, ses groupes et ses projets"),
    )
    for row, (colour, dashes, text) in enumerate(samples):
        y = top + 6 + 18 * row
        line = _sub(legend, "line", x1="280", y1=_n(y), x2="320", y2=_n(y), stroke=colour)
        line.set("stroke-width", "3")
        if dashes:
            line.set("stroke-dasharray", dashes)
        _sub(legend, "text", text, x="328", y=_n(y + 4))
