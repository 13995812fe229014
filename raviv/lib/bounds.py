"""What the service accepts of any date and any text, decided once.

Dates: every day from 1900-01-01 to 2200-12-31. A network's history does not reach further back,
and its plans do not reach further ahead; beyond them, arithmetic on periods (a season after
9999-12-31) has no answer. The API, the CLI and every form check dates against these bounds, so
a date that would break a computation is refused where it comes in, naming what brought it.

Text: no control character (NUL and the rest of Unicode's category Cc), except tab, line feed
and carriage return in the texts that may hold several lines (a description, a note, a reason).
PostgreSQL refuses NUL in text; SQLite keeps it, and then the graph, the spreadsheets and the
calendar feeds carry it to programs that break on it.
"""

from __future__ import annotations

import datetime as dt
import re

EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2200, 12, 31)
DATE_RANGE = f"from {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"

#: What may hold several lines, by field name, wherever it comes: only these keep \t \n \r.
MULTILINE_FIELDS = frozenset(
    {"description", "note", "reason", "end_reason", "override_restriction", "comment"}
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def date_problem(value: dt.date) -> str | None:
    """Why ``value`` (a day or a moment) is refused, or None when it is within the bounds."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if EARLIEST_DAY <= day <= LATEST_DAY:
        return None
    return f"a date {DATE_RANGE} is expected, not {value.isoformat()}"


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` is refused (the first control character it holds), or None."""
    found = (_CONTROL_BUT_LINES if multiline else _CONTROL).search(text)
    if found is None:
        return None
    allowed = "; tab and line breaks are allowed here" if multiline else ""
    return (
        f"control character U+{ord(found.group()):04X} at position {found.start()} "
        f"is not allowed{allowed}"
    )


def escaped(text: str) -> str:
    """``text`` with each control character written ``\\uXXXX``, to show it safely (a problem
    list printed on a terminal, a value echoed in an answer)."""
    return _CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def multiline(field: str) -> bool:
    """Whether the field of this name (the last part of a path) may hold several lines."""
    return field.rsplit(".", 1)[-1].split("[", 1)[0] in MULTILINE_FIELDS
