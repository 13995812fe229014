"""The pages' small charts: pygal's SVG as an image of the page (``data:`` URL, which the pages'
CSP allows in ``img-src``), with the figures it draws given beside it as a table.

raviv.web may not import the reports' charts (``reports``: another part of the same layer);
these are the pages' own, smaller. pygal writes every text through ElementTree (escaped);
``js=[]`` leaves its tooltips' script out (the pages run no inline script). The axis labels and
values are written by Babel in the page's language. A chart is made once per figures and
language (they change when the dashboard's figures are computed again).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import math
from decimal import Decimal
from typing import Final

import pygal
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from pygal.style import Style

INK: Final = "#1d2433"
ACCENT: Final = "#23508c"
LIGHT: Final = "#7fa7d6"


def _style(colour: str) -> Style:
    return Style(
        font_family="system-ui, sans-serif",
        background="white",
        plot_background="white",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle="#d9dde5",
        colors=(colour,),
        opacity="0.95",
        opacity_hover="0.95",
        label_font_size=15,
        major_label_font_size=15,
        value_font_size=14,
    )


def month_label(month: str, locale: str) -> str:
    """« sept. 2026 » for ``"2026-09"``."""
    return format_date(dt.date.fromisoformat(month + "-01"), "MMM y", locale=locale)


def _data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def nice_ticks(largest: float, ticks: int = 4) -> list[float]:
    """Axis ticks from 0 past ``largest``, about ``ticks`` of them, each step 1, 2, 2.5 or 5
    times a power of ten."""
    if largest <= 0:
        return [0, 1]
    rough = largest / ticks
    power = 10 ** math.floor(math.log10(rough))
    step = next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= rough)
    step = max(step, 1)
    return [step * index for index in range(math.ceil(largest / step) + 1)]


@functools.lru_cache(maxsize=64)
def monthly_bars(
    months: tuple[str, ...], values: tuple[Decimal, ...], locale: str, *, money: bool
) -> str:
    """A bar per month (euros given, or a count), as a ``data:`` URL for an ``<img>``."""

    def written(value: float | None) -> str:
        if value is None:
            return ""
        if money:
            return format_currency(
                value,
                "EUR",
                format="¤#,##0" if locale == "en" else "#,##0 ¤",
                locale=locale,
                currency_digits=False,
            )
        return format_decimal(value, locale=locale)

    chart = pygal.Bar(
        js=[],
        style=_style(ACCENT if money else LIGHT),
        width=440,
        height=260,
        show_legend=False,
        show_x_guides=False,
        margin=6,
        print_values=False,
        formatter=written,
        y_labels=[
            {"value": tick, "label": written(tick)}
            for tick in nice_ticks(float(max(values, default=0)))
        ],
        truncate_label=-1,
    )
    chart.x_labels = [month_label(m, locale) for m in months]
    chart.add("", [float(v) for v in values])
    svg: str = chart.render(is_unicode=True)
    return _data_url(svg)
