"""Periods of the participation rule: half-open spans of calendar days. Pure date arithmetic.

A period is ``[start, end)``: ``end`` is the day after its last day. Every kind lasts twelve
months: a calendar year starts on 1 January, a season on 1 September, a rolling window on any day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from raviv.vocabulary import PeriodKind

_ANCHORS = {PeriodKind.calendar_year: (1, 1), PeriodKind.season: (9, 1)}


@dataclass(frozen=True, slots=True)
class Period:
    """Days from ``start`` up to, not including, ``end``."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"a period ends after it starts: {self.start} to {self.end}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day < self.end


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (or earlier); 29 February becomes 1 March, so that twelve
    months from it still cover whole days."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def period_starting(kind: PeriodKind, start: dt.date) -> Period:
    """The period of ``kind`` that starts on ``start``; a calendar year must start on 1 January
    and a season on 1 September."""
    anchor = _ANCHORS.get(kind)
    if anchor is not None and (start.month, start.day) != anchor:
        month, day = anchor
        raise ValueError(f"a {kind} period starts on day {day} of month {month}, not on {start}")
    return Period(start, shift_years(start, 1))


def period_at(kind: PeriodKind, at: dt.date) -> Period:
    """The period to evaluate on ``at`` when none is named: the calendar year or season that
    contains ``at``; for rolling twelve months, the twelve months just before ``at``."""
    anchor = _ANCHORS.get(kind)
    if anchor is None:
        return Period(shift_years(at, -1), at)
    start = dt.date(at.year, *anchor)
    return period_starting(kind, start if start <= at else shift_years(start, -1))


def periods_back(kind: PeriodKind, at: dt.date, count: int) -> list[Period]:
    """The period to evaluate on ``at`` and the ``count - 1`` periods before it, newest first
    (what a page offers to choose from)."""
    found = [period_at(kind, at)]
    while len(found) < count:
        found.append(period_at(kind, found[-1].start - dt.timedelta(days=1)))
    return found


def merge_spans(spans: Iterable[tuple[dt.date, dt.date]]) -> tuple[tuple[dt.date, dt.date], ...]:
    """Half-open spans sorted and joined where they overlap or touch; empty ones dropped."""
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(span for span in spans if span[0] < span[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def clip_spans(
    spans: Iterable[tuple[dt.date, dt.date]], start: dt.date, end: dt.date
) -> tuple[tuple[dt.date, dt.date], ...]:
    """The parts of ``spans`` within ``[start, end)``, merged."""
    return merge_spans((max(s, start), min(e, end)) for s, e in spans)


def span_days(spans: Iterable[tuple[dt.date, dt.date]]) -> int:
    """How many days merged, half-open spans cover."""
    return sum((end - start).days for start, end in spans)
