"""Month by month, and against the previous period (docs/scoring.md §10): the example network's
figures, checked against the doc's tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from raviv.archive import parse_archive
from raviv.archive.schema import Archive
from raviv.scoring import trends
from raviv.scoring.from_archive import reciprocity_of_archive, scoring_inputs
from raviv.scoring.reciprocity import (
    DATE,
    ENTRIES,
    FORM,
    GIVER,
    GIVER_KIND,
    RECEIVER,
    RECEIVER_KIND,
    VALUE,
    MemberReciprocity,
    NetworkReciprocity,
    Reciprocity,
    eur,
    given,
    received,
)
from raviv.scoring.report import ratio_number
from tests.unit.scoring.test_example import EXAMPLE, SEASON, doc_table, written

FIRST_HALF_2026 = (date(2026, 1, 1), date(2026, 7, 1))


@pytest.fixture(scope="module")
def archive() -> Archive:
    return parse_archive(EXAMPLE.read_bytes())


# -- the previous period --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "previous"),
    [
        # whole months: the previous season, even across 29 February 2024
        (date(2025, 9, 1), date(2026, 9, 1), (date(2024, 9, 1), date(2025, 9, 1))),
        (date(2024, 9, 1), date(2025, 9, 1), (date(2023, 9, 1), date(2024, 9, 1))),
        (date(2026, 1, 1), date(2026, 7, 1), (date(2025, 7, 1), date(2026, 1, 1))),
        (date(2026, 3, 15), date(2026, 4, 15), (date(2026, 2, 15), date(2026, 3, 15))),
        # not whole months (or a day some months lack): the same number of days
        (date(2026, 1, 10), date(2026, 1, 20), (date(2025, 12, 31), date(2026, 1, 10))),
        (date(2026, 1, 31), date(2026, 3, 31), (date(2025, 12, 3), date(2026, 1, 31))),
    ],
)
def test_the_previous_period_has_the_same_length_and_ends_where_this_one_begins(
    start: date, end: date, previous: tuple[date, date]
) -> None:
    assert trends.previous_period(start, end) == previous


def test_a_period_ending_before_it_begins_has_no_previous_period() -> None:
    with pytest.raises(ValueError, match="ends"):
        trends.previous_period(date(2026, 1, 1), date(2026, 1, 1))


def test_the_months_of_a_period_are_those_it_meets() -> None:
    assert trends.months(date(2025, 9, 15), date(2025, 12, 1)) == ["2025-09", "2025-10", "2025-11"]
    assert trends.months(date(2025, 9, 15), date(2025, 12, 2)) == [
        "2025-09",
        "2025-10",
        "2025-11",
        "2025-12",
    ]


# -- month by month -------------------------------------------------------------------------------


def test_alizes_months_are_the_docs_and_add_up_to_its_season(archive: Archive) -> None:
    inputs = scoring_inputs(archive, *SEASON)

    grid = trends.by_month(inputs.entries, *SEASON, inputs.members)

    alize = grid[grid["member"] == "alize"]
    rows = doc_table("trend-alize")
    assert alize["month"].tolist() == [row["month"] for row in rows]
    assert [str(eur(c)) for c in alize["given_cents"]] == [row["given €"] for row in rows]
    assert [str(eur(c)) for c in alize["received_cents"]] == [row["received €"] for row in rows]
    assert alize["given_cents"].sum() == 31000


def test_every_members_months_add_up_to_what_it_gave_and_received(archive: Archive) -> None:
    inputs = scoring_inputs(archive, *SEASON)

    grid = trends.by_month(inputs.entries, *SEASON, inputs.members)

    # the whole grid: 6 members × 12 months, in the members' order
    assert len(grid) == 6 * 12
    assert list(dict.fromkeys(grid["member"])) == list(inputs.members)
    sums = grid.groupby("member")[["given_cents", "received_cents"]].sum()
    g, r = given(inputs.entries), received(inputs.entries)
    for member in inputs.members:
        assert sums.loc[member, "given_cents"] == g.get(member, 0)
        assert sums.loc[member, "received_cents"] == r.get(member, 0)


def test_rows_summing_a_months_entries_give_the_same_months(archive: Archive) -> None:
    inputs = scoring_inputs(archive, *SEASON)
    # every entry twice, the copy dated on the 1st of its month
    entries = pd.concat(
        [
            inputs.entries,
            inputs.entries.assign(**{DATE: inputs.entries[DATE].dt.to_period("M").dt.start_time}),
        ],
        ignore_index=True,
    )
    # what the database may hand over: one row per giver, receiver, form and month, dated the 1st
    keys = [GIVER_KIND, GIVER, RECEIVER_KIND, RECEIVER, FORM]
    monthly = (
        entries.assign(**{DATE: entries[DATE].dt.to_period("M").dt.to_timestamp()})
        .groupby([*keys, DATE], as_index=False)
        .agg({VALUE: "sum", ENTRIES: "sum"})
    )
    assert len(monthly) < len(entries)

    pd.testing.assert_frame_equal(
        trends.by_month(monthly, *SEASON, inputs.members),
        trends.by_month(entries, *SEASON, inputs.members),
    )


def test_a_member_missing_from_the_list_but_in_the_entries_is_added_after_it(
    archive: Archive,
) -> None:
    inputs = scoring_inputs(archive, *SEASON)

    grid = trends.by_month(inputs.entries, *SEASON, ["fougere"])

    assert list(dict.fromkeys(grid["member"])) == ["fougere", "alize", "basalte", "cedre", "dune"]


# -- against the previous period ------------------------------------------------------------------


@pytest.fixture(scope="module")
def first_half_2026(archive: Archive) -> trends.Comparison:
    before = trends.previous_period(*FIRST_HALF_2026)
    return trends.versus_previous(
        reciprocity_of_archive(archive, *before), reciprocity_of_archive(archive, *FIRST_HALF_2026)
    )


def test_the_docs_members_then_and_now_are_the_computed_ones(
    first_half_2026: trends.Comparison,
) -> None:
    rows = doc_table("versus-previous")
    assert [row["member"] for row in rows] == [m.member for m in first_half_2026.members]
    for row, m in zip(rows, first_half_2026.members, strict=True):
        assert row["G then €"] == str(m.given_before)
        assert row["R then €"] == str(m.received_before)
        assert row["B then"] == written(ratio_number(m.balance_before))
        assert row["G now €"] == str(m.given_now)
        assert row["R now €"] == str(m.received_now)
        assert row["B now"] == written(ratio_number(m.balance_now))
        assert row["B change"] == written(ratio_number(m.balance_change))


def test_the_two_halves_add_up_to_the_season(
    archive: Archive, first_half_2026: trends.Comparison
) -> None:
    season = {m.member: m for m in reciprocity_of_archive(archive, *SEASON).members}
    for m in first_half_2026.members:
        assert m.given_before + m.given_now == season[m.member].given_eur
        assert m.received_before + m.received_now == season[m.member].received_eur
        assert m.given_change == m.given_now - m.given_before


def test_the_docs_network_then_and_now_is_the_computed_one(
    first_half_2026: trends.Comparison,
) -> None:
    rows = {row["indicator"]: row for row in doc_table("versus-previous-network")}
    local = rows.pop("local_share")  # checked with the cross-tabulations' local share
    assert (local["then"], local["now"], local["change"]) == ("0", "0", "0")
    assert list(rows) == [c.indicator for c in first_half_2026.network]
    for change in first_half_2026.network:
        row = rows[change.indicator]
        if change.indicator.endswith("_eur"):
            assert (row["then"], row["now"], row["change"]) == tuple(
                str(value) for value in (change.before, change.now, change.change)
            )
        else:
            assert row["then"] == written(ratio_number(change.before))
            assert row["now"] == written(ratio_number(change.now))
            assert row["change"] == written(ratio_number(change.change))


def test_a_member_only_in_the_previous_period_comes_last_with_nothing_now() -> None:
    def period(start: date, members: list[MemberReciprocity]) -> Reciprocity:
        network = NetworkReciprocity(None, None, None, None, None, Decimal("0.00"), {}, {})
        return Reciprocity(start, date(start.year + 1, 1, 1), tuple(members), network)

    def row(member: str, gave: str, got: str, index: str | None) -> MemberReciprocity:
        return MemberReciprocity(
            member, Decimal(gave), Decimal(got), None if index is None else Decimal(index), None, 1
        )

    comparison = trends.versus_previous(
        period(date(2024, 1, 1), [row("ancien", "10.00", "0.00", "1")]),
        period(date(2025, 1, 1), [row("nouveau", "5.00", "5.00", "0")]),
    )

    assert [m.member for m in comparison.members] == ["nouveau", "ancien"]
    gone = comparison.members[1]
    assert (gone.given_now, gone.balance_now, gone.balance_change) == (Decimal("0.00"), None, None)
    assert gone.given_change == Decimal("-10.00")
