"""The reports' catalogue: every text in both languages, with the same fields to fill."""

from __future__ import annotations

import string

from reports.texts import TEXTS, Texts


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_text_has_both_languages_and_the_same_fields() -> None:
    for key, (french, english) in TEXTS.items():
        assert french.strip(), key
        assert english.strip(), key
        assert _fields(french) == _fields(english), key


def test_french_gets_its_no_break_spaces_and_values_are_filled() -> None:
    fr, en = Texts("fr"), Texts("en")
    assert fr("cover.baseline", period="2023") == "Référence\u00a0: 2023"
    assert en("cover.baseline", period="2023") == "Baseline: 2023"
    assert fr.label("status", "at_risk") == "À risque"
    assert en.label("form", "shared_staff") == "Shared staff"
    assert fr.label("departement", "93") == "93"  # no label: the code itself
    assert fr.label("size", "?") == "non renseigné"
