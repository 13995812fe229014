"""The exchange graph as SVG (docs/scoring.md §12): it parses as XML, has a node per member that
gave or received and an edge per pair, escapes every text, hides refs and names when
pseudonymised, and WeasyPrint puts it on a PDF page."""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest
import weasyprint

from raviv.archive import parse_archive
from raviv.scoring.from_archive import scoring_inputs
from raviv.scoring.graph import SVG_NS, balance_colour, exchange_graph
from raviv.scoring.reciprocity import entries_frame
from tests.unit.scoring.test_example import EXAMPLE, SEASON

NS = {"svg": SVG_NS}
TRICKY = {
    "alize": "Compagnie Alizé & Fils",
    "basalte": "Ensemble <Basalte>",
    "cedre": 'Théâtre du "Cèdre"',
    "dune": "Collectif Dune",
    "ecume": "Cie Écume",
    "fougere": "Atelier Fougère",
}


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    archive = parse_archive(EXAMPLE.read_bytes())
    return {
        "entries": scoring_inputs(archive, *SEASON).entries,
        "departements": {m.ref: m.departement for m in archive.members},
    }


def drawn(example: dict[str, Any], **options: Any) -> str:
    return exchange_graph(
        example["entries"], departements=example["departements"], names=TRICKY, **options
    )


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, under test


def classes(root: ET.Element, tag: str, wanted: str) -> list[ET.Element]:
    return [
        element
        for element in root.iter(f"{{{SVG_NS}}}{tag}")
        if wanted in element.get("class", "").split()
    ]


def test_the_graph_has_a_node_per_member_that_gave_or_received_and_an_edge_per_pair(
    example: dict[str, Any],
) -> None:
    root = parsed(drawn(example))

    assert root.tag == f"{{{SVG_NS}}}svg"
    members = classes(root, "g", "member")
    labels = [node.find("svg:text", NS).text for node in members]  # type: ignore[union-attr]
    # ecume gave and received nothing; the circle goes by département, then ref
    assert labels == ["basalte", "fougere", "alize", "dune", "cedre"]
    assert len(classes(root, "g", "network")) == 1
    pairs = classes(root, "path", "pair")
    assert len(pairs) == 3  # {alize, basalte}, {basalte, fougere}, {cedre, dune}
    assert len(classes(root, "path", "both-ways")) == 2
    one_way = classes(root, "path", "one-way")
    assert len(one_way) == 1
    assert one_way[0].get("marker-end") == "url(#arrow)"
    assert "Ensemble <Basalte> (basalte) → Atelier Fougère (fougere) : 60,00 €" in (
        one_way[0].find("svg:title", NS).text or ""  # type: ignore[union-attr]
    )
    # every member gave meeting hours to the network or a group; the network gave fougere c8
    assert len(classes(root, "line", "network")) == 5


def test_nodes_are_sized_by_value_given_and_coloured_by_balance(example: dict[str, Any]) -> None:
    root = parsed(drawn(example))

    circles = {
        node.find("svg:text", NS).text: node.find("svg:circle", NS)  # type: ignore[union-attr]
        for node in classes(root, "g", "member")
    }

    radius = {ref: float(c.get("r", "0")) for ref, c in circles.items()}  # type: ignore[union-attr]
    # alize gave most (310.00), fougere least (105.00)
    assert max(radius, key=radius.__getitem__) == "alize"
    assert min(radius, key=radius.__getitem__) == "fougere"
    fills = {ref: c.get("fill") for ref, c in circles.items()}  # type: ignore[union-attr]
    assert fills["alize"] == balance_colour(Decimal(270) / Decimal(350))
    assert fills["fougere"] == balance_colour(Decimal(-3) / Decimal(213))


def test_the_colour_runs_from_consumer_to_giver() -> None:
    assert balance_colour(Decimal(-1)) == "#e66101"
    assert balance_colour(Decimal(0)) == "#f7f7f7"
    assert balance_colour(Decimal(1)) == "#5e3c99"
    assert balance_colour(None) == "#bdbdbd"


def test_names_with_markup_characters_are_escaped(example: dict[str, Any]) -> None:
    svg = drawn(example)

    assert "Alizé &amp; Fils" in svg
    assert "Ensemble &lt;Basalte&gt;" in svg
    assert "<Basalte>" not in svg
    titles = [t.text for t in parsed(svg).iter(f"{{{SVG_NS}}}title")]
    assert any(
        t and t.startswith("Compagnie Alizé & Fils (alize) — donné 310,00 €") for t in titles
    )


def test_a_pseudonymised_graph_shows_no_ref_and_no_name(example: dict[str, Any]) -> None:
    svg = drawn(example, pseudonymise=True)

    for ref, name in TRICKY.items():
        assert ref not in svg
        for word in re.findall(r"\w{4,}", name):
            assert word not in svg, word
    root = parsed(svg)
    labels = [n.find("svg:text", NS).text for n in classes(root, "g", "member")]  # type: ignore[union-attr]
    assert labels == ["M1", "M2", "M3", "M4", "M5"]


def test_the_same_entries_draw_the_same_picture(example: dict[str, Any]) -> None:
    assert drawn(example) == drawn(example)


def test_a_period_without_entries_draws_only_the_network() -> None:
    root = parsed(exchange_graph(entries_frame([])))

    assert classes(root, "g", "member") == []
    assert classes(root, "path", "pair") == []
    assert len(classes(root, "g", "network")) == 1


def test_a_name_may_not_break_out_of_the_picture() -> None:
    archive = json.loads(EXAMPLE.read_bytes())
    entries = scoring_inputs(parse_archive(archive), *SEASON).entries
    hostile = {"alize": "</title></g><script>alert(1)</script>"}

    svg = exchange_graph(entries, names=hostile)

    root = parsed(svg)
    assert list(root.iter("script")) == []
    assert list(root.iter(f"{{{SVG_NS}}}script")) == []
    assert "&lt;script&gt;" in svg


# -- into a PDF -----------------------------------------------------------------------------------


def pdf_pages(html: str) -> tuple[bytes, int]:
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})  # no file, no network
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
    return document.write_pdf(), len(document.pages)


def test_weasyprint_renders_the_graph_inline_on_one_pdf_page(example: dict[str, Any]) -> None:
    svg = drawn(example)

    pdf, pages = pdf_pages(f"<html><body><h1>Échanges</h1>{svg}</body></html>")

    assert pdf.startswith(b"%PDF")
    assert pages == 1
    assert len(pdf) > 2000


def test_weasyprint_renders_the_graph_as_an_image_on_one_pdf_page(
    example: dict[str, Any],
) -> None:
    svg = drawn(example, pseudonymise=True)
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

    pdf, pages = pdf_pages(f'<html><body><img src="{uri}" style="width: 16cm"></body></html>')

    assert pdf.startswith(b"%PDF")
    assert pages == 1
    # the picture is in the PDF as drawing, not left out: far more than an empty page
    empty, _ = pdf_pages("<html><body></body></html>")
    assert len(pdf) > len(empty) + 1000


def test_beyond_the_limit_only_the_strongest_pairs_are_drawn_and_the_picture_says_so(
    example: dict[str, Any],
) -> None:
    root = parsed(drawn(example, max_pairs=2))

    pairs = classes(root, "path", "pair")
    # the strongest: {cedre, dune} 110.00 and {alize, basalte} 80.00; not {basalte, fougere} 60.00
    assert len(pairs) == 2
    assert len(classes(root, "path", "one-way")) == 0
    notes = [t.text for t in classes(root, "text", "note")]
    assert notes == ["les 2 paires aux échanges les plus forts sur 3"]
    assert classes(parsed(drawn(example)), "text", "note") == []
