"""The pages' language: French by default, English on request; texts, dates, numbers and euros.

Texts are written in French in the templates and the handlers (``_("…")``) and translated to
English by the gettext catalog ``raviv/web/translations/en/LC_MESSAGES/messages.po`` (docs/web.md
says how to extract and update it). The catalog is compiled in memory when first used: a fresh
clone needs no build step and no compiled ``.mo`` file can drift from its ``.po``.

Which language: ``?lang=`` on any page (kept in a cookie), else the cookie, else the account's
preference (:func:`account_language`), else French. Dates, numbers and amounts are formatted by
Babel from CLDR's data in that language, never by hand.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent
from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from jinja2.runtime import Context

DEFAULT = "fr"
LOCALES = ("fr", "en")
COOKIE = "raviv_lang"
TRANSLATIONS_DIR = Path(__file__).parent / "translations"


@functools.cache
def translations(locale: str) -> NullTranslations:
    """The catalog of ``locale``, compiled from its ``.po`` (French is the source language)."""
    po = TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po"
    if locale == DEFAULT or not po.exists():
        return NullTranslations()
    with po.open("rb") as source:
        catalog = read_po(source, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def N_(message: str) -> str:
    """Mark a text for the catalog where it is written; it is translated where it is shown."""
    return message


def gettext(locale: str, message: str, **variables: Any) -> str:
    text = translations(locale).gettext(message)
    return text % variables if variables else text


def account_language(principal: Any) -> str | None:
    """The language the signed-in account chose (``PATCH /api/me {"language"}``), which the
    caller carries (:class:`raviv.guard.principal.Principal`, read with its grants); None for a
    visitor not signed in."""
    value = getattr(principal, "language", None)
    return value if value in LOCALES else None


def choose(query: str | None, cookie: str | None, principal: Any = None) -> str:
    """The language of one answer (see the module's docstring for the order)."""
    for candidate in (query, cookie, account_language(principal)):
        if candidate in LOCALES:
            return str(candidate)
    return DEFAULT


# -- what the templates call -------------------------------------------------------------------


@pass_context
def _gettext(context: Context, message: str, **variables: Any) -> str:
    return translations(context["locale"]).gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int, **variables: Any) -> str:
    return translations(context["locale"]).ngettext(singular, plural, n)


@pass_context
def date_filter(context: Context, value: dt.date | str | None, style: str = "long") -> str:
    if value is None or value == "":
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(day, dt.datetime):
        day = day.date()
    return format_date(day, format=style, locale=context["locale"])


@pass_context
def number_filter(context: Context, value: Decimal | int | float | None) -> str:
    if value is None:
        return "—"
    return format_decimal(value, locale=context["locale"])


@pass_context
def euros_filter(context: Context, value: Decimal | int | None) -> str:
    if value is None:
        return "—"
    return format_currency(value, "EUR", locale=context["locale"])


@pass_context
def percent_filter(context: Context, value: Decimal | float) -> str:
    return format_percent(value, locale=context["locale"])


def language_name(locale: str) -> str:
    """A language named in itself (« français », « English »), for the switch."""
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]


def install(environment: Any) -> None:
    """Give a Jinja environment gettext (``_``, ``{% trans %}``) and Babel's filters."""
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    environment.filters.update(
        date=date_filter, number=number_filter, euros=euros_filter, percent=percent_filter
    )
    environment.globals["language_name"] = language_name
