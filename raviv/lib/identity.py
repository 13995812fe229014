"""A network's legal identity: the checks of its fields, and its fiscal year (docs/network.md).
The API and the archive check the same things, here.

- **RNA number** (répertoire national des associations): ``W`` then 9 characters, digits but
  the second, which may be a capital letter (the RNA writes Corsica's and the overseas
  départements' greffes so: ``W2A…``, ``W9R…``). Spaces are dropped, a lower-case ``w`` is
  upper-cased. The SIRET is checked by :mod:`raviv.lib.siret`.
- **Postcode**: 5 digits (metropolitan and overseas France), or empty.
- **Creation year**: from 1800 to the current year.
- **Meetings the statutes require per year** (general assemblies, board meetings): a whole
  number from 0 to 52, or none when the network has not stated it.
- **Fiscal year start**: ``MM-DD``, a day that every year has (not 29 February); ``01-01`` is
  the calendar year.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

RNA_PATTERN: Final = r"^W[0-9][0-9A-Z][0-9]{7}$"
POSTCODE_PATTERN: Final = r"^(|[0-9]{5})$"
FISCAL_YEAR_START_PATTERN: Final = r"^[0-9]{2}-[0-9]{2}$"
CALENDAR_YEAR_START: Final = "01-01"
FIRST_CREATION_YEAR: Final = 1800
MAX_MEETINGS_PER_YEAR: Final = 52

_RNA = re.compile(RNA_PATTERN)
_POSTCODE = re.compile(POSTCODE_PATTERN)
_MONTH_DAY = re.compile(FISCAL_YEAR_START_PATTERN)


def normalise_rna(raw: str) -> str:
    """The RNA number without the spaces people type into it, its ``W`` upper-cased."""
    return "".join(ch for ch in raw if ch not in " .\u00a0\u202f-").upper()


def rna_problem(raw: str) -> str | None:
    """Why this RNA number is invalid (after normalisation), or None."""
    if not _RNA.fullmatch(normalise_rna(raw)):
        return "an RNA number is W followed by 9 digits (e.g. W751234567)"
    return None


def postcode_problem(raw: str) -> str | None:
    if not _POSTCODE.fullmatch(raw):
        return "a postcode is 5 digits (or empty)"
    return None


def creation_year_problem(year: int, *, today: dt.date | None = None) -> str | None:
    """A creation year from 1800 to this year."""
    this_year = (today or dt.datetime.now(dt.UTC).date()).year
    if not FIRST_CREATION_YEAR <= year <= this_year:
        return f"a year from {FIRST_CREATION_YEAR} to {this_year} is expected"
    return None


def meetings_per_year_problem(count: int) -> str | None:
    if not 0 <= count <= MAX_MEETINGS_PER_YEAR:
        return f"a whole number from 0 to {MAX_MEETINGS_PER_YEAR} is expected"
    return None


def month_day(start: str) -> tuple[int, int]:
    """The (month, day) of a fiscal year start written ``MM-DD`` (checked by
    :func:`fiscal_year_start_problem`)."""
    month, day = start.split("-")
    return int(month), int(day)


def fiscal_year_start_problem(start: str) -> str | None:
    """Why ``start`` is not a fiscal year start: ``MM-DD``, a day every year has."""
    reason = "expected MM-DD, a day every year has (01-01: the calendar year)"
    if not _MONTH_DAY.fullmatch(start):
        return reason
    month, day = month_day(start)
    try:
        dt.date(2025, month, day)  # a year without 29 February
    except ValueError:
        return reason
    return None


def fiscal_year_starting_in(start: str, year: int) -> tuple[dt.date, dt.date]:
    """The fiscal year that begins in ``year``, as ``[first day, first day of the next)``."""
    month, day = month_day(start)
    return dt.date(year, month, day), dt.date(year + 1, month, day)


def fiscal_year_containing(start: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The fiscal year ``day`` falls in, as ``[first day, first day of the next)``."""
    first, following = fiscal_year_starting_in(start, day.year)
    if day < first:
        return fiscal_year_starting_in(start, day.year - 1)
    return first, following


def fiscal_year_label(start: str, first_day: dt.date) -> str:
    """How a fiscal year is named: ``2026`` when it is the calendar year, ``2025-2026`` when it
    straddles two years."""
    if start == CALENDAR_YEAR_START:
        return str(first_day.year)
    return f"{first_day.year}-{first_day.year + 1}"
