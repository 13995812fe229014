"""The DLA report of the example network as the real figures make it (reports/sample: the context
the builder gives for tests/data/reseau-exemple.json, its fiscal year following its seasons),
rendered and read back: every section, and the expected answers written the French way
(tests/data/reseau-exemple.expected.json), the CVN included; pseudonymised, no member's name."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pypdf import PdfReader

from reports.document import dla_html
from reports.render import render_pdf
from reports.sample import example_context

DATA = Path(__file__).resolve().parents[2] / "data"
EXPECTED = json.loads((DATA / "reseau-exemple.expected.json").read_text(encoding="utf-8"))
SECTIONS = (
    "Sommaire",
    "Identité du réseau",
    "Gouvernance",
    "Adhérents",
    "Participation",
    "Mutualisation par forme",
    "Réciprocité",
    "Valorisation des contributions volontaires en nature",
    "Forces et points de vigilance",
    "Comparaison avec la période précédente",
    "Notes de méthode",
)


def _text(pseudonymised: bool) -> str:
    rendered = render_pdf(dla_html(example_context("fr", pseudonymised=pseudonymised)))
    import io

    pages = PdfReader(io.BytesIO(rendered.pdf)).pages
    text = "\n".join(page.extract_text() for page in pages)
    return re.sub(r"[\u00a0\u202f]", " ", text)  # Babel's no-break spaces, as plain spaces


def test_the_real_example_report_holds_every_section_and_the_expected_answers() -> None:
    text = _text(pseudonymised=False)
    network = EXPECTED["reciprocity_period"]["network"]
    assert (network["valued_total_eur"], network["participation_rate"]) == ("1078.00", 0.8333)
    assert (network["mutuality"], network["cvn"]["864"]) == (0.6667, "720.00")
    for title in SECTIONS:
        assert title in text, title
    assert "1 078,00 €" in text
    assert "83,3 %" in text
    assert "0,67" in text
    assert re.search(r"864\s+Personnel bénévole\s+720,00 €", text)
    assert re.search(r"875\s+Bénévolat\s+720,00 €", text)
    assert "Compagnie Alizé" in text


def test_the_pseudonymised_report_names_no_member() -> None:
    text = _text(pseudonymised=True)
    assert "1 078,00 €" in text
    for name in ("Compagnie Alizé", "Basalte", "Fougère"):
        assert name not in text
