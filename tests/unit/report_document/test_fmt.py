"""Numbers, euros, percentages and dates of the reports, by Babel, in French and English: the
exact characters, no-break spaces included (U+202F between thousands, U+00A0 before € and %)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reports.fmt import DASH, Formatter

NNBSP, NBSP = "\u202f", "\u00a0"


def test_french_figures_are_written_the_french_way() -> None:
    fr = Formatter("fr")
    assert fr.euros(Decimal("1078.00")) == f"1{NNBSP}078,00{NBSP}€"
    assert fr.euros(Decimal("1078.40"), cents=False) == f"1{NNBSP}078{NBSP}€"
    assert fr.percent(Decimal("0.8333")) == f"83,3{NBSP}%"
    assert fr.percent(Decimal("0.135")) == f"13,5{NBSP}%"
    assert fr.percent(Decimal("0.5"), decimals=0) == f"50{NBSP}%"
    assert fr.ratio(Decimal("0.6667")) == "0,67"
    assert fr.ratio(Decimal("-0.0141")) == "-0,01"
    assert fr.integer(1607) == f"1{NNBSP}607"
    assert fr.decimal(Decimal("37"), 1) == "37,0"
    assert fr.date(dt.date(2026, 3, 1)) == "1 mars 2026"
    assert fr.short_date(dt.date(2026, 3, 1)) == "01/03/2026"
    assert fr.period(dt.date(2025, 9, 1), dt.date(2026, 9, 1)) == "1 septembre 2025 – 31 août 2026"


def test_english_figures_are_written_the_english_way() -> None:
    en = Formatter("en")
    assert en.euros(Decimal("1078.00")) == "€1,078.00"
    assert en.percent(Decimal("0.8333")) == "83.3%"
    assert en.ratio(Decimal("0.6667")) == "0.67"
    assert en.integer(1607) == "1,607"
    assert en.date(dt.date(2026, 3, 1)) == "1 March 2026"


def test_a_value_is_written_in_its_unit_and_a_change_is_signed() -> None:
    fr = Formatter("fr")
    assert fr.in_unit(None, "eur") == DASH
    assert fr.in_unit(6, "count") == "6"
    assert fr.in_unit(Decimal("0.8333"), "ratio") == f"83,3{NBSP}%"
    assert fr.in_unit(Decimal("0.3043"), "index") == "0,30"
    assert fr.in_unit(Decimal("54"), "hours") == "54,0"
    assert fr.in_unit(dt.date(2026, 3, 1), "date") == "1 mars 2026"
    assert fr.change(Decimal("666.00"), "eur", "pts") == f"+666,00{NBSP}€"
    assert fr.change(Decimal("0.4333"), "ratio", "pts") == f"+43,3{NBSP}pts"
    assert fr.change(-1, "count", "pts") == "-1"
    assert fr.change(0, "count", "pts") == "0"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="fr or en"):
        Formatter("de")  # type: ignore[arg-type]
