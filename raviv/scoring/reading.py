"""The scoring frame of a period read from the database, the database reducing the entries first.

What counts is what :func:`raviv.scoring.totals.counted_entries` counts (docs/scoring.md §1): the
validated entries dated in ``[start, end)``, without the reversals and the entries they reverse
(a validated reversal cancels its entry whatever the dates of the two), and the ``meeting``
entries attendance yields; each at its value frozen at validation, else at the network's rate in
effect on its date. Rather than turning every row into an :class:`~raviv.valuation.Entry`,
one SQL statement (:data:`REDUCED`) nets out the reversal pairs and sums the frozen values of
like entries: one row per giver, receiver, form and month, with the value and the number of
entries it stands for (the frame's ``entries`` column). pandas then maps the ids to refs in
whole columns. The few entries that need Python stay on the entry-by-entry path: validated
entries without a frozen value (valued at the rate of their day, as :func:`valued` does) and the
``meeting`` entries of attendance.

A reduced row is dated on the first day of its month, or on the period's start when the period
begins later in that month: it stays in ``[start, end)`` for :func:`in_period`, and no formula
looks at a date finer than the month. See ``docs/scoring.md`` §8.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Final

import numpy as np
import pandas as pd

from raviv.db import CHUNK, fetch_tuples, get_engine, native_sql
from raviv.ledger.archive_io import (
    CONTRIBUTION_COLUMNS,
    contribution_out,
    read_charge_coefficient,
    read_meetings,
    read_rates,
)
from raviv.ledger.tables import Contribution, SharedProject, WorkingGroup
from raviv.lib.amounts import euros
from raviv.registry.tables import Member
from raviv.scoring.reciprocity import (
    COLUMNS,
    DATE,
    ENTRIES,
    FORM,
    GIVER,
    GIVER_KIND,
    RECEIVER,
    RECEIVER_KIND,
    VALUE,
    entries_frame,
)
from raviv.valuation import DatedRate, Entry, entry_from_contribution, meeting_entries, valued
from raviv.vocabulary import ContributionStatus, Form, PartyKind

VALIDATED: Final = ContributionStatus.validated.value

# The reduced rows are grouped on one integer key: SQLite sorts a million single integers half
# again to twice as fast as the five columns they stand for (measured by bench/reciprocity.py).
# Each part has its bits (63 in all), from the lowest: the month counted from the period's
# first, the form, the receiver's id, its kind, the giver's id (0: the network). Ids are taken
# modulo their width, so the statement never overflows; :func:`period_frame` checks afterwards
# that every id fitted.
MONTH_BITS: Final = 10
FORM_BITS: Final = 3
ID_BITS: Final = 24
KIND_BITS: Final = 2
KINDS: Final = tuple(PartyKind)
FORMS: Final = tuple(Form)
_KIND_TEXTS: Final = np.array([party.value for party in KINDS], dtype=object)
_FORM_TEXTS: Final = np.array([each.value for each in FORMS], dtype=object)

_MONTH: Final = {
    "sqlite": "CAST(substr(c.date, 1, 4) AS INTEGER) * 12 + CAST(substr(c.date, 6, 2) AS INTEGER)",
    "postgres": "CAST(EXTRACT(YEAR FROM c.date) * 12 + EXTRACT(MONTH FROM c.date) AS INTEGER)",
}
"""An entry's month as ``year × 12 + month`` (dates are stored as ``DATE``: ISO text on SQLite,
a date on PostgreSQL)."""

REDUCED: Final = """
SELECT CASE WHEN c.value_cents IS NULL THEN -c.id ELSE
         (((CAST(COALESCE(c.giver_member, 0) % {ids} AS BIGINT) * {kinds} + {kind}) * {ids}
           + COALESCE(CASE c.receiver_kind WHEN 'member' THEN c.receiver_member
                      WHEN 'group' THEN c.receiver_group WHEN 'project' THEN c.receiver_project
                      END, 0) % {ids}) * {forms} + {form}) * {months} + {month} - {{}}
       END AS reduced_key,
       CAST(COALESCE(SUM(c.value_cents), 0) AS BIGINT) AS value_cents,
       COUNT(*) AS entries
FROM contribution AS c{not_indexed}
WHERE c.network = {{}} AND c.status = '{validated}' AND c.date >= {{}} AND c.date < {{}}
  AND c.reverses IS NULL
  AND c.id NOT IN (
      SELECT r.reverses FROM contribution AS r
      WHERE r.network = {{}} AND r.status = '{validated}' AND r.reverses IS NOT NULL)
GROUP BY 1
"""
"""The period's validated entries, net of reversal pairs, summed by giver, receiver, form and
month (one key holding the five, see :func:`decoded`): ``reduced_key, value_cents, entries``.
An entry without a frozen value stays a row of its own, keyed by its id negated, to be valued
by Python (:func:`period_frame`); the one pass over the period's rows finds them too.
Parameters: the period's first month (``year × 12 + month``), network, start, end, network."""


def _case(column: str, values: tuple[str, ...]) -> str:
    """``CASE column WHEN 'value' THEN its position … END``."""
    whens = " ".join(f"WHEN '{value}' THEN {code}" for code, value in enumerate(values))
    return f"CASE {column} {whens} END"


def reduced_sql(engine_type: str, *, whole_table: bool = False) -> str:
    """:data:`REDUCED` for one engine (``sqlite`` or ``postgres``): its month expression and
    its placeholders; with ``whole_table`` (SQLite only), the table read whole rather than
    through its ``(network, date)`` index."""
    template = REDUCED.format(
        not_indexed=" NOT INDEXED" if whole_table else "",
        ids=2**ID_BITS,
        kinds=2**KIND_BITS,
        kind=_case("c.receiver_kind", tuple(_KIND_TEXTS)),
        forms=2**FORM_BITS,
        form=_case("c.form", tuple(_FORM_TEXTS)),
        months=2**MONTH_BITS,
        month=_MONTH[engine_type],
        validated=VALIDATED,
    )
    return native_sql(template, engine_type)


# -- running it -----------------------------------------------------------------------------------


MOST_OF_THE_TABLE: Final = """
SELECT (SELECT COUNT(*) FROM contribution WHERE network = ? AND date >= ? AND date < ?) * 3
       > (SELECT COUNT(*) FROM contribution)
"""
"""SQLite: whether the network's entries dated in the period (of any status) are more than a
third of the ledger's rows. Two counts over indexes, a few hundredths of a second for a million
rows."""


async def _most_of_the_table(network: int, start: dt.date, end: dt.date) -> bool:
    """Whether SQLite should read the whole table rather than go through its ``(network,
    date)`` index, which its planner, without statistics, always does: a row found through the
    index costs about three rows read in order, so past a third of the table the whole is
    cheaper."""
    [(most,)] = await fetch_tuples(MOST_OF_THE_TABLE, (network, start, end))
    return bool(most)


class NotReducible(ValueError):
    """The network's ids or the period's months do not fit in :data:`REDUCED`'s key (more than
    16 million members, groups or projects, or a period of more than 85 years): read the
    entries one by one instead."""


# -- from keys to the scoring frame --------------------------------------------------------------


def month_index(day: dt.date) -> int:
    """``year × 12 + month``, as :data:`REDUCED` counts months."""
    return day.year * 12 + day.month


def months_fit(start: dt.date, end: dt.date) -> bool:
    """Whether :data:`REDUCED`'s key holds the months of ``[start, end)``."""
    return month_index(end) - month_index(start) < 2**MONTH_BITS


LARGEST_IDS: Final = """
SELECT (SELECT MAX(id) FROM member), (SELECT MAX(id) FROM working_group),
       (SELECT MAX(id) FROM shared_project)
"""
"""The largest ids of the tables an entry's parties are in, of every network."""


async def _ids_fit() -> bool:
    """Whether :data:`REDUCED`'s key holds every id an entry can name. Read after the entries:
    every id they named is still there (the ledger's foreign keys keep it), so none is larger."""
    [largest] = await fetch_tuples(LARGEST_IDS, ())
    return max((int(i) for i in largest if i is not None), default=0) < 2**ID_BITS


def _split(keys: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray]:
    return keys >> bits, keys & (2**bits - 1)


async def _refs(table: Any, network: int) -> dict[int, str]:
    """Id → ref of the network's rows of ``table`` (members, groups or projects)."""
    rows = await table.select(table.id, table.ref).where(table.network == network).run()
    return {row["id"]: row["ref"] for row in rows}


def _party_codes(ids: np.ndarray, refs: Mapping[int, str]) -> tuple[np.ndarray, np.ndarray]:
    """These ids as codes into the refs of the network's rows of one table (``refs``: id → ref):
    ``(texts, codes)``, ``texts[0]`` empty for id 0 (the network). Raises :class:`NotReducible`
    for an id that is none of the network's."""
    known = np.array(sorted(refs), dtype=np.int64)
    texts = np.array(["", *(refs[int(i)] for i in known)], dtype=object)
    at = np.searchsorted(known, ids)
    found = np.zeros(len(ids), dtype=bool)
    if len(known):
        found = known[np.minimum(at, len(known) - 1)] == ids
    if not np.all(found | (ids == 0)):
        raise NotReducible("an entry names a party that is not the network's")
    return texts, np.where(ids == 0, 0, at + 1)


def _dates(months: np.ndarray, start: dt.date) -> np.ndarray:
    """``year × 12 + month`` as the month's first day, or ``start`` when later (datetime64[s])."""
    first_days = (months - (1970 * 12 + 1)).astype("datetime64[M]").astype("datetime64[s]")
    dates: np.ndarray = np.maximum(first_days, np.datetime64(start, "s"))
    return dates


@dataclass(frozen=True)
class Coded:
    """A text column as ``codes`` into ``texts``: row i reads ``texts[codes[i]]``. The reduced
    rows name a few thousand members, groups and projects: the frame's categoricals are built
    from those names and the codes, never from hundreds of thousands of strings."""

    texts: np.ndarray
    codes: np.ndarray

    @classmethod
    def of(cls, texts: np.ndarray) -> Coded:
        """Texts one per row."""
        return cls(texts.astype(object), np.arange(len(texts)))


Columns = Mapping[str, "np.ndarray | Coded"]


def decoded(
    rows: Sequence[tuple[int, ...]],
    start: dt.date,
    members: Mapping[int, str],
    groups: Mapping[int, str],
    projects: Mapping[int, str],
) -> Columns:
    """The scoring frame's columns of the rows :data:`REDUCED` returned for a period beginning
    on ``start`` (those with a frozen value): keys split into their parts, ids turned into refs
    (``members``, ``groups``, ``projects``: id → ref)."""
    table = np.array(rows, dtype=np.int64).reshape(-1, 3)
    table = table[table[:, 0] >= 0]
    keys, value, count = table[:, 0], table[:, 1], table[:, 2]
    keys, month = _split(keys, MONTH_BITS)
    keys, form = _split(keys, FORM_BITS)
    keys, receiver = _split(keys, ID_BITS)
    giver, kind = _split(keys, KIND_BITS)
    giver_texts, giver_codes = _party_codes(giver, members)
    # the receivers' refs, members then groups then projects, each block from its offset (the
    # network's receiver, id 0, reads the members' empty ref)
    receiver_texts: list[np.ndarray] = []
    receiver_codes = np.zeros(len(kind), dtype=np.int64)
    for party, refs in (
        (PartyKind.member, members),
        (PartyKind.group, groups),
        (PartyKind.project, projects),
    ):
        chosen = kind == KINDS.index(party)
        texts, codes = _party_codes(receiver[chosen], refs)
        receiver_codes[chosen] = codes + sum(len(block) for block in receiver_texts)
        receiver_texts.append(texts)
    by_network = np.where(giver == 0, KINDS.index(PartyKind.network), KINDS.index(PartyKind.member))
    return {
        GIVER_KIND: Coded(_KIND_TEXTS, by_network),
        GIVER: Coded(giver_texts, giver_codes),
        RECEIVER_KIND: Coded(_KIND_TEXTS, kind),
        RECEIVER: Coded(np.concatenate(receiver_texts), receiver_codes),
        FORM: Coded(_FORM_TEXTS, form),
        VALUE: value,
        DATE: _dates(month + month_index(start), start),
        ENTRIES: count,
    }


def _categorical(parts: Sequence[Coded]) -> pd.Categorical:
    """One categorical of the parts' texts, its categories those seen, sorted (as
    :func:`raviv.scoring.reciprocity.categorised` makes them)."""
    texts = np.concatenate([part.texts for part in parts])
    offsets = np.cumsum([0] + [len(part.texts) for part in parts[:-1]])
    codes = np.concatenate([part.codes + at for part, at in zip(parts, offsets, strict=True)])
    categories, inverse = np.unique(texts, return_inverse=True)
    codes = inverse.reshape(-1)[codes]
    seen = np.zeros(len(categories), dtype=bool)
    seen[codes] = True
    renumbered = np.cumsum(seen) - 1
    return pd.Categorical.from_codes(renumbered[codes], categories=categories[seen])


TEXT: Final = (GIVER_KIND, GIVER, RECEIVER_KIND, RECEIVER, FORM)


def scoring_frame(parts: Sequence[Columns]) -> pd.DataFrame:
    """One scoring frame of several sets of columns, its text columns as categoricals."""
    columns: dict[str, Any] = {
        name: np.concatenate([part[name] for part in parts]) for name in COLUMNS if name not in TEXT
    }
    for name in TEXT:
        columns[name] = _categorical(
            [text if isinstance(text := part[name], Coded) else Coded.of(text) for part in parts]
        )
    return pd.DataFrame(columns, columns=list(COLUMNS))


# -- the entries that need Python -----------------------------------------------------------------


def validated_entry(row: Mapping[str, Any]) -> Entry:
    """An entry selected with :data:`CONTRIBUTION_COLUMNS` (and its category and frozen value),
    as a ledger :class:`Entry`."""
    return replace(
        entry_from_contribution(contribution_out(row)),
        category=row["category"] or None,
        value_eur=None if row["value_cents"] is None else euros(row["value_cents"]),
    )


async def _unvalued_entries(ids: Sequence[int]) -> list[Entry]:
    """The entries of these ids (those :data:`REDUCED` found without a frozen value)."""
    entries: list[Entry] = []
    for at in range(0, len(ids), CHUNK):
        rows = (
            await Contribution.select(*CONTRIBUTION_COLUMNS)
            .where(Contribution.id.is_in(list(ids[at : at + CHUNK])))
            .order_by(Contribution.id)
            .run()
        )
        entries += (validated_entry(row) for row in rows)
    return entries


# -- the whole reading ----------------------------------------------------------------------------


def _valued(
    entries: Iterable[Entry], rates: Iterable[DatedRate], charge_coefficient: Decimal
) -> list[Entry]:
    """:func:`valued` of each entry, given only its form's rates (the others are never used:
    a meeting's attendance looks through one rate rather than all of them)."""
    by_form: dict[Form, list[DatedRate]] = {form: [] for form in Form}
    for rate in rates:
        by_form[rate.form].append(rate)
    return [
        valued(entry, by_form[entry.form], charge_coefficient=charge_coefficient)
        for entry in entries
    ]


def _columns(entries: list[Entry]) -> dict[str, np.ndarray]:
    frame = entries_frame(entries)
    return {name: frame[name].to_numpy() for name in COLUMNS}


async def period_frame(
    network: int,
    start: dt.date,
    end: dt.date,
    *,
    charge_coefficient: Decimal | None = None,
) -> pd.DataFrame:
    """The scoring frame of the entries of ``network`` that count in ``[start, end)``, reduced by
    the database; time-like entries without a value of their own at the default hourly rate with
    the network's charge coefficient (or ``charge_coefficient``). Its figures are exactly those
    of the entry-by-entry reading (:func:`raviv.scoring.totals.counted_entries`). Raises
    :class:`NotReducible` when the key cannot hold the network's ids or the period's months."""
    if not months_fit(start, end):
        raise NotReducible(f"[{start}, {end}) has more than {2**MONTH_BITS} months")
    engine_type = get_engine().engine_type
    whole_table = engine_type == "sqlite" and await _most_of_the_table(network, start, end)
    sql = reduced_sql(engine_type, whole_table=whole_table)
    rows = await fetch_tuples(sql, (month_index(start), network, start, end, network))
    if not await _ids_fit():
        raise NotReducible(f"ids of members, groups or projects reach {2**ID_BITS}")
    # read after the entries too: every id they name is there (nothing they name is deleted)
    members = await _refs(Member, network)
    groups, projects = await _refs(WorkingGroup, network), await _refs(SharedProject, network)
    by_entry = meeting_entries(await read_meetings(network, members, start, end))
    unvalued = [-row[0] for row in rows if row[0] < 0]
    if unvalued:
        by_entry += await _unvalued_entries(unvalued)
    if by_entry:
        rates = await read_rates(network)
        if charge_coefficient is None:
            charge_coefficient = await read_charge_coefficient(network)
        by_entry = _valued(by_entry, rates, charge_coefficient)
    return scoring_frame([decoded(rows, start, members, groups, projects), _columns(by_entry)])
