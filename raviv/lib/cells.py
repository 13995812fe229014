"""Cells of the workbooks and CSV files raviv writes: the one rule every export follows.

A spreadsheet runs a cell whose text starts with ``= + - @``, a tab or a carriage return as a
formula (``=cmd|' /C calc'!A0`` starts a program). So *text* that starts that way is
neutralised, whatever report writes it:

- in CSV, a leading apostrophe (what a user types to keep ``=1`` as text); raviv's importers
  take it off again (:func:`unescape_text`), so an export reads back as it was written;
- in XLSX, a text cell (never a formula) carrying the apostrophe flag spreadsheets set for
  that same keystroke (``quotePrefix``): the value itself is unchanged.

Numbers stay numbers: a negative balance (``-310.00``) is a number, not text to escape, and a
``Decimal`` is written as a number in a workbook.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from numbers import Integral, Real
from typing import Final

RUNNABLE_START: Final = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula."""
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")
"""Text escaped by :func:`escape_text`: apostrophes, then a runnable first character."""


def escape_text(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet would run it.

    Text that already looks escaped (``'=1``) gets one more, so that :func:`unescape_text`
    gives back exactly the text written, whatever it was.
    """
    return "'" + text if text.startswith(RUNNABLE_START) or _ESCAPED.match(text) else text


def unescape_text(text: str) -> str:
    """The text :func:`escape_text` was given (other text as it is)."""
    return text[1:] if _ESCAPED.match(text) else text


def csv_value(value: object) -> object:
    """A value for a CSV writer: text escaped, anything else (numbers too) as it is."""
    return escape_text(value) if isinstance(value, str) else value


def is_missing(value: object) -> bool:
    """No value: None, or NaN / NaT / pandas' NA (what an empty cell reads as)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # noqa: PLR0124 (NaN and NaT are not equal to themselves)
    except TypeError:  # pandas' NA refuses to be a bool
        return True


_ILLEGAL_IN_XML: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _plain(value: object) -> object:
    """``value`` as the Python value a workbook cell holds; anything not a number, a boolean or
    a date as text."""
    if is_missing(value):
        return None
    if isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", "") == "b":
        return bool(value)
    if isinstance(value, Integral):  # numpy's integers too
        return int(value)
    if isinstance(value, Real):  # float and numpy's; Decimal is not a Real
        return float(value)
    if isinstance(value, Decimal | date):
        return value  # openpyxl writes a Decimal's digits: exact
    return _ILLEGAL_IN_XML.sub("", str(value))


Sheet = tuple[Sequence[object], Iterable[Sequence[object]]]
"""A sheet's header row and its rows."""


def workbook(sheets: dict[str, Sheet], *, date_format: str = "DD/MM/YYYY") -> bytes:
    """An XLSX workbook, a sheet per entry (name → header row, rows), header row frozen.

    Text is a text cell (never a formula; runnable text flagged as typed after an apostrophe),
    booleans booleans, numbers numbers (``Decimal`` included, and numpy's), dates dates shown as
    ``date_format``; ``None``, NaN and pandas' NA are empty cells.
    """
    from openpyxl import Workbook  # type: ignore[import-untyped]  # heavy: only when writing
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    for name, (headers, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"

        def cell(value: object, sheet: object = sheet) -> object:
            plain = _plain(value)
            if isinstance(plain, date):
                dated = WriteOnlyCell(sheet, value=plain)
                dated.number_format = date_format
                return dated
            if isinstance(plain, str):
                text = WriteOnlyCell(sheet, value=plain)
                text.data_type = "s"  # openpyxl would store "=…" as a formula
                text.quotePrefix = plain.startswith(RUNNABLE_START)
                return text
            return plain

        sheet.append([cell(value) for value in headers])
        for row in rows:
            sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
