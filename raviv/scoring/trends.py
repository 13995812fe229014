"""Trends: what each member gave and received month by month over a period, and the period set
against the one before it (docs/scoring.md §10).

Pure, over the scoring frame of :mod:`raviv.scoring.reciprocity`. A row of that frame may sum the
like entries of one month, so nothing here looks at a date finer than its month, except the
period filter. The formulas, with the example network worked through, are in
``docs/scoring.md`` §10.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

import numpy as np
import pandas as pd

from raviv.scoring.reciprocity import (
    DATE,
    GIVER,
    GIVER_KIND,
    MEMBER,
    RECEIVER,
    RECEIVER_KIND,
    VALUE,
    Reciprocity,
    in_period,
)

LAST_SAFE_DAY: Final = 28
"""The last day of the month that every month has."""


# -- the previous period --------------------------------------------------------------------------


def _months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return day.replace(year=index // 12, month=index % 12 + 1)


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before ``[start, end)``: ``[start − (end − start),
    start)``. The length is counted in whole months when the period is made of whole months
    (``start`` and ``end`` on the same day of the month, at most the 28th), so that the
    previous season of ``[2024-09-01, 2025-09-01)`` is ``[2023-09-01, 2024-09-01)`` although
    it holds a 29 February; otherwise in days."""
    if end <= start:
        raise ValueError(f"the period ends ({end}) before it begins ({start})")
    if start.day == end.day <= LAST_SAFE_DAY:
        months = (end.year - start.year) * 12 + end.month - start.month
        return _months_back(start, months), start
    return start - (end - start), start


# -- month by month -------------------------------------------------------------------------------


def months(start: dt.date, end: dt.date) -> list[str]:
    """The months (``"2025-09"``) that meet ``[start, end)``, in order."""
    first = np.datetime64(start, "M")
    last = np.datetime64(end - dt.timedelta(days=1), "M")
    return [str(month) for month in np.arange(first, last + 1)]


def _monthly_sums(entries: pd.DataFrame, kind: str, party: str) -> pd.Series:
    """Cents by (member, month) on one side of the entries (members giving, or receiving)."""
    side = entries[entries[kind] == MEMBER]
    month = side[DATE].to_numpy().astype("datetime64[M]")
    sums = side[VALUE].groupby([side[party], month], observed=True).sum()
    # the keys are written as text once grouped: far fewer of them than entries
    members = sums.index.get_level_values(0).astype(str)
    months = np.datetime_as_string(sums.index.get_level_values(1).to_numpy(), unit="M")
    sums.index = pd.MultiIndex.from_arrays([members, months], names=["member", "month"])
    return sums


def by_month(
    entries: pd.DataFrame, start: dt.date, end: dt.date, members: Sequence[str] = ()
) -> pd.DataFrame:
    """Cents each member gave and received in each month of ``[start, end)``: one row per
    member and month (``member``, ``month``, ``given_cents``, ``received_cents``), zeros
    included, so that the table is the whole month × member grid. Members in the order given,
    then any other member found giving or receiving in the period, sorted by ref."""
    period = in_period(entries, start, end)
    gave = _monthly_sums(period, GIVER_KIND, GIVER)
    got = _monthly_sums(period, RECEIVER_KIND, RECEIVER)
    listed = list(dict.fromkeys(members))
    found = set(gave.index.get_level_values(0)) | set(got.index.get_level_values(0))
    everyone = listed + sorted(found - set(listed))
    grid = pd.MultiIndex.from_product([everyone, months(start, end)], names=["member", "month"])
    return pd.DataFrame(
        {
            "given_cents": gave.reindex(grid, fill_value=0).astype("int64"),
            "received_cents": got.reindex(grid, fill_value=0).astype("int64"),
        }
    ).reset_index()


# -- against the previous period ------------------------------------------------------------------


def _change(before: Decimal | None, now: Decimal | None) -> Decimal | None:
    return None if before is None or now is None else now - before


@dataclass(frozen=True, slots=True)
class MemberChange:
    """One member's given, received and balance index in the previous period and in this one
    (euros; an index is ``None`` where the member gave and received nothing)."""

    member: str
    given_before: Decimal
    received_before: Decimal
    balance_before: Decimal | None
    given_now: Decimal
    received_now: Decimal
    balance_now: Decimal | None

    @property
    def given_change(self) -> Decimal:
        return self.given_now - self.given_before

    @property
    def received_change(self) -> Decimal:
        return self.received_now - self.received_before

    @property
    def balance_change(self) -> Decimal | None:
        """``now − before``; ``None`` when either index is none."""
        return _change(self.balance_before, self.balance_now)


@dataclass(frozen=True, slots=True)
class IndicatorChange:
    """One network indicator in the previous period and in this one."""

    indicator: str
    before: Decimal | None
    now: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return _change(self.before, self.now)


COMPARED: Final = (
    "valued_total_eur",
    "participation_rate",
    "mutuality",
    "weighted_mutuality",
    "gini",
    "top20_share",
)
"""The network indicators set against the previous period, in their order."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """A period against the previous one (see :func:`versus_previous`)."""

    previous_start: dt.date
    previous_end: dt.date
    members: tuple[MemberChange, ...]
    network: tuple[IndicatorChange, ...]


def versus_previous(previous: Reciprocity, current: Reciprocity) -> Comparison:
    """Each member's figures then and now, and the network's indicators then and now. Members
    are this period's (in its order), then those reported only in the previous one (a member
    that left is still shown, with nothing now)."""
    before = {m.member: m for m in previous.members}
    now = {m.member: m for m in current.members}
    order = list(now) + [member for member in before if member not in now]
    zero = Decimal("0.00")
    members = tuple(
        MemberChange(
            member=member,
            given_before=before[member].given_eur if member in before else zero,
            received_before=before[member].received_eur if member in before else zero,
            balance_before=before[member].balance_index if member in before else None,
            given_now=now[member].given_eur if member in now else zero,
            received_now=now[member].received_eur if member in now else zero,
            balance_now=now[member].balance_index if member in now else None,
        )
        for member in order
    )
    network = tuple(
        IndicatorChange(
            indicator, getattr(previous.network, indicator), getattr(current.network, indicator)
        )
        for indicator in COMPARED
    )
    return Comparison(previous.start, previous.end, members, network)
