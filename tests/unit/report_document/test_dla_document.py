"""The DLA report of the example network, rendered from its hand-made context
(tests/report_example.py) and read back: every section title, the key figures of
tests/data/reseau-exemple.expected.json written the French way, the English titles with
``lang="en"``, a member name holding markup printed as text with nothing fetched, and the same
text (and bytes) from the same input."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports.document import SECTIONS, dla_html
from reports.render import Rendered, render_pdf
from reports.texts import TEXTS
from tests.report_example import example_context
from tests.unit.report_document.pdf_text import pdf_text
from tests.unit.report_document.test_render import PORT, counting_server

EXPECTED = json.loads(
    (Path(__file__).resolve().parents[2] / "data" / "reseau-exemple.expected.json").read_text()
)
HOSTILE = f'Atelier <img src="http://127.0.0.1:{PORT}/pixel.png"> & Cie'


@pytest.fixture(scope="module")
def served() -> Iterator[list[str]]:
    """A real HTTP server on 127.0.0.1 while this module's reports render."""
    with counting_server() as hits:
        yield hits


@pytest.fixture(scope="module")
def french(served: list[str]) -> Rendered:
    """The French report, one member's name holding an <img> aimed at a real server."""
    return render_pdf(dla_html(example_context("fr", names={"fougere": HOSTILE})))


@pytest.fixture(scope="module")
def english() -> Rendered:
    return render_pdf(dla_html(example_context("en", baseline=True)))


def _titles(index: int) -> list[str]:
    return [TEXTS[f"section.{name}"][index] for name in SECTIONS if name != "comparison"]


def test_the_french_report_holds_every_section_and_the_key_figures(french: Rendered) -> None:
    text = pdf_text(french.pdf)
    for title in [*_titles(0), TEXTS["section.comparison"][0], "Sommaire"]:
        assert title in text, title
    network = EXPECTED["reciprocity_period"]["network"]
    assert (network["valued_total_eur"], network["participation_rate"]) == ("1078.00", 0.8333)
    assert (network["mutuality"], network["cvn"]["864"]) == (0.6667, "720.00")
    assert "1 078,00 €" in text  # valued total
    assert "83,3 %" in text  # participation rate
    assert "0,67" in text  # mutuality
    assert re.search(r"864 Personnel bénévole 720,00 €", text)  # the network's CVN, account 864
    assert re.search(r"862 Prestations 60,00 €", text)
    assert "Total 780,00 €" in text  # uses and resources, equal totals
    assert "1 septembre 2025 – 31 août 2026" in text
    assert "310,00 €" in text  # alize, the largest giver


def test_the_table_of_contents_gives_each_section_its_page(french: Rendered) -> None:
    contents = PdfReader(io.BytesIO(french.pdf)).pages[1].extract_text(extraction_mode="layout")
    lines = re.findall(r"^\s*(\d+)\. (.+?)\s{2,}(\d+)\s*$", contents, re.MULTILINE)
    assert [int(number) for number, _, _ in lines] == list(range(1, 11))
    pages = [int(page) for _, _, page in lines]
    assert pages == sorted(pages)
    assert pages[0] == 3  # after the cover and the contents
    assert pages[-1] <= french.pages
    assert lines[0][1] == "Identité du réseau"


def test_the_english_report_has_the_english_titles(english: Rendered) -> None:
    text = pdf_text(english.pdf)
    for title in [*_titles(1), TEXTS["section.comparison_baseline"][1], "Contents"]:
        assert title in text, title
    assert "€1,078.00" in text
    assert "83.3%" in text
    assert "Identité du réseau" not in text


def test_a_name_holding_markup_is_printed_as_text_and_fetches_nothing(
    french: Rendered, served: list[str]
) -> None:
    text = " ".join(pdf_text(french.pdf).split())
    assert f'<img src="http://127.0.0.1:{PORT}/pixel.png"> & Cie' in text
    assert served == []  # the real server on 127.0.0.1 was never asked
    assert french.refused == ()  # escaped: WeasyPrint saw no URL to refuse


def test_the_same_input_gives_the_same_text_and_bytes(french: Rendered) -> None:
    again = render_pdf(dla_html(example_context("fr", names={"fougere": HOSTILE})))
    assert pdf_text(again.pdf) == pdf_text(french.pdf)
    assert again.pdf == french.pdf
    assert again.pages == french.pages


def test_without_comparison_the_section_and_its_entry_are_left_out() -> None:
    html = dla_html(example_context("fr", compared=False))
    assert TEXTS["section.comparison"][0] not in html
    assert 'href="#comparison"' not in html
    assert 'href="#method"' in html


def test_the_charts_keep_their_drawing_but_not_pygals_tooltip_data() -> None:
    html = dla_html(example_context())
    charts = re.findall(r'<svg[^>]*class="pygal-chart".*?</svg>', html, flags=re.DOTALL)
    assert charts  # the example's report draws pygal charts
    for svg in charts:
        assert "<desc" not in svg  # the tooltips' data, for a mouse a PDF does not have
        assert re.search(r"<(rect|path)\b", svg)  # its bars or slices
