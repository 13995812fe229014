"""Numbers, euros, percentages and dates written in the report's language, by Babel.

Nothing here formats by hand: every figure goes through Babel's patterns for the locale, so the
French report writes ``1 078,00 €``, ``83,3 %``, ``0,67`` and ``1 mars 2026`` with the no-break
spaces the locale's data asks for (U+202F between thousands, U+00A0 before ``€`` and ``%``), and
the English one ``€1,078.00``, ``83.3%``, ``0.67``, ``1 March 2026``. The only thing chosen
here is the *precision* (one decimal for a percentage, two for a ratio); the digits, separators,
signs and their places come from the locale's own pattern.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, Literal

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_plus_sign_symbol,
)

Lang = Literal["fr", "en"]
LANGS: Final[tuple[Lang, ...]] = ("fr", "en")
#: The Babel locale of each language of the report (British English: day-month dates).
LOCALES: Final[dict[Lang, str]] = {"fr": "fr_FR", "en": "en_GB"}
DASH: Final = "—"
"""What an absent figure (``None``) is written as, in every language."""

Number = Decimal | int | float


def _with_decimals(pattern: str, decimals: int) -> str:
    """The locale's pattern with ``decimals`` fixed digits after the point: ``#,##0 %`` →
    ``#,##0.0 %``, keeping the locale's spaces, sign and its place."""
    if decimals == 0:
        return pattern
    return pattern.replace("0", "0." + "0" * decimals, 1) if "." not in pattern else pattern


@dataclass(frozen=True)
class Formatter:
    """The formatting of one report: ``Formatter("fr").euros(Decimal("1078"))``."""

    lang: Lang = "fr"
    locale: Locale = field(init=False)
    _percent: str = field(init=False)
    _percent0: str = field(init=False)

    def __post_init__(self) -> None:
        if self.lang not in LOCALES:
            raise ValueError(f"unknown report language {self.lang!r} (fr or en)")
        locale = Locale.parse(LOCALES[self.lang])
        object.__setattr__(self, "locale", locale)
        base = locale.percent_formats[None].pattern
        object.__setattr__(self, "_percent0", base)
        object.__setattr__(self, "_percent", _with_decimals(base, 1))

    def integer(self, value: Number | None) -> str:
        """A count: ``1 607``."""
        if value is None:
            return DASH
        return format_decimal(value, format="#,##0", locale=self.locale)

    def decimal(self, value: Number | None, decimals: int = 1) -> str:
        """A quantity with fixed decimals (hours, FTE): ``12,5``."""
        if value is None:
            return DASH
        pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
        return format_decimal(value, format=pattern, locale=self.locale)

    def ratio(self, value: Number | None) -> str:
        """An index or a ratio between -1 and 1, two decimals: ``0,67``, ``-0,01``."""
        return self.decimal(value, 2)

    def euros(self, value: Number | None, *, cents: bool = True) -> str:
        """Euros in the locale's currency pattern: ``1 078,00 €`` (``cents=False``: ``1 078 €``,
        rounded half-even by Babel only for display: the figure itself stays exact)."""
        if value is None:
            return DASH
        if cents:
            return format_currency(value, "EUR", locale=self.locale)
        return format_currency(
            value, "EUR", locale=self.locale, currency_digits=False, format=self._euro_whole()
        )

    def _euro_whole(self) -> str:
        pattern: str = self.locale.currency_formats["standard"].pattern
        return pattern.replace(".00", "")

    def percent(self, value: Number | None, *, decimals: int = 1) -> str:
        """A share (0.8333) as a percentage with one decimal: ``83,3 %``."""
        if value is None:
            return DASH
        pattern = self._percent if decimals == 1 else _with_decimals(self._percent0, decimals)
        return format_percent(value, format=pattern, locale=self.locale)

    def date(self, value: dt.date | None) -> str:
        """A date in full: ``1 mars 2026``, ``1 March 2026``."""
        if value is None:
            return DASH
        return format_date(value, format="long", locale=self.locale)

    def short_date(self, value: dt.date | None) -> str:
        """A date in digits: ``01/03/2026``."""
        if value is None:
            return DASH
        return format_date(value, format="short", locale=self.locale)

    def month(self, value: dt.date) -> str:
        """A month and its year, short: ``mars 2026`` / ``Mar 2026``."""
        return format_date(value, format="MMM y", locale=self.locale)

    def period(self, start: dt.date, end: dt.date) -> str:
        """A half-open period [start, end) as the last day it holds: ``1 septembre 2025 –
        31 août 2026``."""
        last = end - dt.timedelta(days=1)
        return f"{self.date(start)} – {self.date(last)}"

    def in_unit(self, value: Any, unit: str) -> str:
        """A value of the report's context in its unit (:data:`reports.context.Unit`): a count,
        euros, a ratio (as a percentage), an index, hours, FTE, a date; text as it is."""
        if value is None:
            return DASH
        writers: dict[str, Callable[[Any], str]] = {
            "count": self.integer,
            "eur": self.euros,
            "ratio": self.percent,
            "index": self.ratio,
            "hours": lambda v: self.decimal(v, 1),
            "fte": lambda v: self.decimal(v, 2),
            "date": self.date,
        }
        writer = writers.get(unit)
        return writer(value) if writer else str(value)

    def change(self, value: Any, unit: str, points: str) -> str:
        """A change between two values, signed with the locale's plus sign when it rises; a
        ratio's change in percentage points (``points`` is their abbreviation: ``pts``)."""
        if value is None:
            return DASH
        plus = get_plus_sign_symbol(self.locale) if value > 0 else ""
        if unit == "ratio":
            return f"{plus}{self.decimal(Decimal(value) * 100, 1)}\u00a0{points}"
        return plus + self.in_unit(value, unit)
