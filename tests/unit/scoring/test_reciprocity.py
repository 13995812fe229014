"""The formulas of reciprocity (docs/scoring.md) on small hand-made ledgers. Camille watches who
gives and who only takes; Karim's company (``karim``) lends, borrows and sits in working groups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from raviv.scoring.reciprocity import (
    COLUMNS,
    ScoringInputs,
    balance_index,
    by_counterpart,
    by_form,
    categorised,
    entries_frame,
    exchange_matrix,
    form_mix,
    forms_given,
    gini,
    given,
    given_by_form,
    member_pairs,
    network_cvn,
    network_mutuality,
    participation_rate,
    partner_mutuality,
    received,
    reciprocity,
    top_share,
    valued_total,
    weighted_mutuality,
)
from raviv.scoring.report import euros, ratio_number, reciprocity_json
from raviv.valuation import Entry, Party, net_of_reversals
from raviv.vocabulary import Form, PartyKind

START, END = date(2025, 9, 1), date(2026, 9, 1)


def party(name: str) -> Party:
    """``network``, ``group:petr``, ``project:tournee`` or a member's ref."""
    if name == "network":
        return Party.network()
    kind, _, ref = name.partition(":")
    if ref:
        return Party(PartyKind(kind), ref)
    return Party.member(name)


def entry(
    giver: str,
    receiver: str,
    eur: str,
    form: Form = Form.time,
    *,
    day: date = date(2025, 10, 1),
    ref: str = "",
    reverses: str | None = None,
) -> Entry:
    return Entry(
        ref=ref or f"{giver}>{receiver}",
        giver=party(giver),
        receiver=party(receiver),
        form=form,
        quantity=Decimal(1),
        date=day,
        reverses=reverses,
        value_eur=Decimal(eur),
    )


def frame(*entries: Entry) -> pd.DataFrame:
    return entries_frame(entries)


def inputs(
    *entries: Entry, members: tuple[str, ...] = (), active: tuple[str, ...] | None = None
) -> ScoringInputs:
    return ScoringInputs(
        START, END, frame(*entries), members, members if active is None else active
    )


D = Decimal

# -- the frame ------------------------------------------------------------------------------------


def test_the_frame_holds_one_row_per_entry_with_values_in_cents() -> None:
    made = frame(entry("karim", "network", "12.34"), entry("network", "karim", "0.05"))
    assert tuple(made.columns) == COLUMNS
    assert made["value_cents"].tolist() == [1234, 5]
    assert made["giver"].tolist() == ["karim", ""]
    assert made["receiver_kind"].tolist() == ["network", "member"]


def test_an_entry_that_is_not_valued_cannot_be_scored() -> None:
    unvalued = Entry("c1", Party.member("a"), Party.network(), Form.time, D(1), START)
    with pytest.raises(ValueError, match="c1 is not valued"):
        entries_frame([unvalued])


def test_an_empty_ledger_gives_an_empty_frame() -> None:
    assert frame().empty
    assert tuple(frame().columns) == COLUMNS


# -- G, R and the balance index -------------------------------------------------------------------


def test_given_counts_what_a_member_gave_to_anyone() -> None:
    ledger = frame(
        entry("karim", "network", "10.00"),
        entry("karim", "group:petr", "5.00"),
        entry("karim", "project:tournee", "2.50"),
        entry("karim", "alize", "20.00"),
    )
    assert given(ledger) == {"karim": 3750}


def test_received_counts_what_came_from_members_and_from_the_network() -> None:
    ledger = frame(entry("alize", "karim", "20.00"), entry("network", "karim", "48.00"))
    assert received(ledger) == {"karim": 6800}


def test_the_network_gives_nothing_a_member_would_be_credited_for() -> None:
    ledger = frame(entry("network", "karim", "48.00"))
    assert given(ledger) == {}


def test_what_a_group_or_project_receives_is_no_members_receipt() -> None:
    ledger = frame(entry("karim", "group:petr", "5.00"), entry("karim", "project:x", "5.00"))
    assert received(ledger) == {}


@pytest.mark.parametrize(
    ("g", "r", "expected"),
    [
        (31000, 4000, D(27000) / D(35000)),  # alize in the example: 0.7714
        (500, 0, D(1)),  # a pure giver
        (0, 500, D(-1)),  # a pure consumer of the network
        (700, 700, D(0)),  # reciprocal
    ],
)
def test_balance_index_is_given_minus_received_over_their_sum(
    g: int, r: int, expected: Decimal
) -> None:
    assert balance_index(g, r) == expected


def test_a_member_with_nothing_given_or_received_has_no_balance_index() -> None:
    assert balance_index(0, 0) is None


def test_forms_given_counts_distinct_forms() -> None:
    ledger = frame(
        entry("karim", "network", "1.00", Form.time),
        entry("karim", "network", "1.00", Form.time),
        entry("karim", "alize", "1.00", Form.equipment),
        entry("alize", "karim", "1.00", Form.premises),
    )
    assert forms_given(ledger) == {"karim": 2, "alize": 1}


# -- mutuality ------------------------------------------------------------------------------------


def test_pairs_of_members_gather_both_directions_whatever_the_order() -> None:
    ledger = frame(
        entry("karim", "alize", "40.00"),
        entry("alize", "karim", "10.00"),
        entry("alize", "karim", "5.00"),
        entry("karim", "network", "99.00"),
    )
    pairs = member_pairs(ledger)
    assert pairs.to_dict("records") == [
        {
            "a": "alize",
            "b": "karim",
            "entries_ab": 2,
            "entries_ba": 1,
            "value_ab": 1500,
            "value_ba": 4000,
        }
    ]


def test_partner_mutuality_is_the_share_of_partners_exchanged_with_both_ways() -> None:
    ledger = frame(
        entry("karim", "alize", "40.00"),
        entry("alize", "karim", "40.00"),
        entry("karim", "basalte", "60.00"),
    )
    shares = partner_mutuality(member_pairs(ledger))
    assert shares == {"karim": D("0.5"), "alize": D(1), "basalte": D(0)}


def test_the_network_is_no_partner() -> None:
    ledger = frame(entry("network", "karim", "48.00"), entry("karim", "network", "30.00"))
    assert partner_mutuality(member_pairs(ledger)) == {}


def test_network_mutuality_counts_pairs_not_entries() -> None:
    ledger = frame(
        entry("a", "b", "1.00"),
        entry("a", "b", "1.00"),
        entry("b", "a", "1.00"),
        entry("c", "d", "1.00"),
        entry("c", "e", "1.00"),
    )
    assert network_mutuality(member_pairs(ledger)) == D(1) / D(3)


def test_weighted_mutuality_is_the_share_of_value_matched_by_a_return() -> None:
    ledger = frame(
        entry("a", "b", "100.00"),
        entry("b", "a", "50.00"),
        entry("c", "d", "50.00"),
    )
    # 2 × min(100, 50) / (150 + 50)
    assert weighted_mutuality(member_pairs(ledger)) == D("0.5")


def test_without_exchanges_between_members_there_is_no_mutuality() -> None:
    pairs = member_pairs(frame(entry("a", "network", "10.00")))
    assert pairs.empty
    assert network_mutuality(pairs) is None
    assert weighted_mutuality(pairs) is None
    assert partner_mutuality(pairs) == {}


def test_the_exchange_matrix_shows_what_each_member_gave_each_other_member() -> None:
    ledger = frame(
        entry("a", "b", "10.00"),
        entry("b", "a", "2.00"),
        entry("b", "c", "3.00"),
        entry("a", "network", "50.00"),
    )
    assert exchange_matrix(ledger).to_dict() == {
        "a": {"a": 0, "b": 200},
        "b": {"a": 1000, "b": 0},
        "c": {"a": 0, "b": 300},
    }


# -- the network ----------------------------------------------------------------------------------


def test_participation_rate_is_the_share_of_active_members_that_gave() -> None:
    ledger = frame(
        entry("a", "network", "1.00"),
        entry("b", "a", "1.00"),
        entry("former", "network", "1.00"),  # not active: neither counted nor counting
        entry("network", "c", "1.00"),  # receiving is not participating
    )
    assert participation_rate(ledger, ["a", "b", "c", "d"]) == D("0.5")


def test_without_active_members_there_is_no_participation_rate() -> None:
    assert participation_rate(frame(), []) is None


def test_gini_is_zero_when_everyone_gave_as_much() -> None:
    assert gini([500, 500, 500]) == 0


def test_gini_of_one_giver_among_n_is_n_minus_one_over_n() -> None:
    assert gini([0, 0, 0, 1000]) == D("0.75")


def test_gini_is_the_mean_absolute_difference_over_twice_the_mean() -> None:
    values = [0, 10500, 15000, 23000, 23500, 31000]
    n, total = len(values), sum(values)
    pairwise = sum(abs(x - y) for x in values for y in values)
    assert gini(values) == D(pairwise) / D(2 * n * total)


def test_gini_is_none_when_nobody_gave_anything() -> None:
    assert gini([0, 0]) is None
    assert gini([]) is None


def test_top_twenty_percent_counts_the_members_rounded_up() -> None:
    assert top_share([310, 235, 230, 150, 0, 105]) == D(545) / D(1030)  # 2 of 6
    assert top_share([1] * 10) == D("0.2")  # 2 of 10
    assert top_share([1] * 11) == D(3) / D(11)  # 3 of 11
    assert top_share([7]) == 1


def test_top_share_is_none_when_nobody_gave_anything() -> None:
    assert top_share([0, 0, 0]) is None
    assert top_share([]) is None


def test_the_valued_total_is_every_entry_whoever_gave_it() -> None:
    ledger = frame(
        entry("a", "network", "10.00"),
        entry("a", "b", "20.00"),
        entry("network", "b", "48.00"),
    )
    assert valued_total(ledger) == D("78.00")


def test_the_networks_cvn_is_what_its_side_received_in_kind_by_account() -> None:
    ledger = frame(
        entry("a", "network", "90.00", Form.time),
        entry("a", "group:petr", "30.00", Form.meeting),
        entry("b", "project:tournee", "60.00", Form.knowledge),
        entry("b", "network", "40.00", Form.equipment),
        entry("b", "network", "16.00", Form.premises),
        entry("a", "network", "500.00", Form.money),  # not in kind
        entry("a", "b", "80.00", Form.premises),  # the receiving member's CVN
        entry("network", "b", "48.00", Form.premises),  # the receiving member's CVN
    )
    assert network_cvn(ledger) == {"861": D("56.00"), "862": D("60.00"), "864": D("120.00")}
    assert network_cvn(ledger, "resource") == {"871": D("116.00"), "875": D("120.00")}


def test_the_form_mix_is_the_share_of_active_members_giving_each_form() -> None:
    ledger = frame(
        entry("a", "network", "1.00", Form.knowledge),
        entry("a", "b", "1.00", Form.equipment),
        entry("b", "network", "1.00", Form.knowledge),
        entry("network", "c", "1.00", Form.premises),
    )
    mix = form_mix(ledger, ["a", "b", "c", "d"])
    assert list(mix) == list(Form)
    assert mix[Form.knowledge] == D("0.5")
    assert mix[Form.equipment] == D("0.25")
    assert mix[Form.premises] == 0


def test_by_form_counts_entries_value_and_members_giving() -> None:
    ledger = frame(
        entry("a", "network", "10.00", Form.time),
        entry("a", "network", "5.00", Form.time),
        entry("b", "network", "1.00", Form.time),
        entry("network", "a", "8.00", Form.premises),
    )
    assert by_form(ledger).to_dict("index") == {
        "premises": {"entries": 1, "value_cents": 800, "members_giving": 0},
        "time": {"entries": 3, "value_cents": 1600, "members_giving": 2},
    }


def test_given_by_form_splits_each_members_giving() -> None:
    ledger = frame(
        entry("a", "network", "10.00", Form.time), entry("a", "b", "4.00", Form.equipment)
    )
    assert given_by_form(ledger).to_dict("index") == {"a": {"equipment": 400, "time": 1000}}


def test_by_counterpart_shows_each_party_a_member_dealt_with() -> None:
    ledger = frame(
        entry("karim", "alize", "40.00"),
        entry("alize", "karim", "10.00"),
        entry("karim", "group:petr", "30.00"),
        entry("network", "karim", "48.00"),
    )
    rows = by_counterpart(ledger)
    karim = rows[rows["member"] == "karim"].drop(columns="member")
    assert karim.to_dict("records") == [
        {
            "counterpart_kind": "group",
            "counterpart": "petr",
            "given_cents": 3000,
            "received_cents": 0,
        },
        {
            "counterpart_kind": "member",
            "counterpart": "alize",
            "given_cents": 4000,
            "received_cents": 1000,
        },
        {
            "counterpart_kind": "network",
            "counterpart": "",
            "given_cents": 0,
            "received_cents": 4800,
        },
    ]


def test_an_empty_ledger_gives_empty_breakdowns() -> None:
    for empty in (frame(), categorised(frame())):
        assert exchange_matrix(empty).empty
        assert given_by_form(empty).empty
        assert by_form(empty).empty
        assert by_counterpart(empty).empty
        assert network_cvn(empty) == {}
        assert given(empty) == received(empty) == forms_given(empty) == {}


def test_categorised_entries_give_the_same_answers() -> None:
    ledger = frame(
        entry("a", "b", "10.00", Form.equipment),
        entry("b", "a", "2.00"),
        entry("a", "network", "7.00", Form.knowledge),
        entry("network", "b", "3.00", Form.premises),
    )
    coded = categorised(ledger)
    assert given(coded) == given(ledger)
    assert received(coded) == received(ledger)
    assert forms_given(coded) == forms_given(ledger)
    assert member_pairs(coded).equals(member_pairs(ledger))
    assert network_cvn(coded) == network_cvn(ledger)
    assert form_mix(coded, ["a", "b"]) == form_mix(ledger, ["a", "b"])
    assert exchange_matrix(coded).to_dict() == exchange_matrix(ledger).to_dict()


# -- a whole period -------------------------------------------------------------------------------


def test_only_entries_dated_in_the_half_open_period_count() -> None:
    result = reciprocity(
        inputs(
            entry("a", "network", "1.00", day=date(2025, 8, 31)),
            entry("a", "network", "2.00", day=START),
            entry("a", "network", "4.00", day=date(2026, 8, 31)),
            entry("a", "network", "8.00", day=END),
            members=("a",),
        )
    )
    assert result.members[0].given_eur == D("6.00")


def test_an_empty_period_gives_no_ratio_and_divides_by_nothing() -> None:
    result = reciprocity(inputs(members=("a", "b")))
    assert reciprocity_json(result) == {
        "period": {"start": "2025-09-01", "end": "2026-09-01"},
        "members": [
            {
                "member": member,
                "given_eur": "0.00",
                "received_eur": "0.00",
                "balance_index": None,
                "partner_mutuality": None,
                "forms_given": 0,
            }
            for member in ("a", "b")
        ],
        "network": {
            "mutuality": None,
            "weighted_mutuality": None,
            "participation_rate": 0,
            "gini": None,
            "top20_share": None,
            "valued_total_eur": "0.00",
            "cvn": {},
        },
    }


def test_a_network_without_members_has_no_population_ratio() -> None:
    network = reciprocity(inputs()).network
    assert network.participation_rate is None
    assert network.form_mix == dict.fromkeys(Form, D(0))


def test_a_single_member_network_has_no_mutuality_and_no_concentration() -> None:
    result = reciprocity(
        inputs(
            entry("karim", "network", "30.00"),
            entry("network", "karim", "10.00", Form.premises),
            members=("karim",),
        )
    )
    assert reciprocity_json(result)["network"] == {
        "mutuality": None,
        "weighted_mutuality": None,
        "participation_rate": 1,
        "gini": 0,
        "top20_share": 1,
        "valued_total_eur": "40.00",
        "cvn": {"864": "30.00"},
    }
    assert result.members[0].balance_index == D("0.5")
    assert result.members[0].partner_mutuality is None


def test_entries_given_by_the_network_count_for_the_receiver_only() -> None:
    result = reciprocity(inputs(entry("network", "karim", "48.00"), members=("karim",)))
    (karim,) = result.members
    assert (karim.given_eur, karim.received_eur, karim.balance_index) == (
        D("0.00"),
        D("48.00"),
        D(-1),
    )
    assert result.network.participation_rate == 0
    assert result.network.cvn == {}
    assert result.network.valued_total_eur == D("48.00")


def test_a_reversed_entry_and_its_reversal_count_for_nothing() -> None:
    ledger = [
        entry("karim", "alize", "40.00", Form.equipment, ref="c2"),
        entry("karim", "alize", "40.00", Form.equipment, ref="c2-annule", reverses="c2"),
        entry("alize", "karim", "10.00", ref="c3"),
    ]
    result = reciprocity(inputs(*net_of_reversals(ledger), members=("alize", "karim")))
    alize, karim = result.members
    assert (karim.given_eur, karim.received_eur) == (D("0.00"), D("10.00"))
    assert alize.received_eur == D("0.00")
    assert karim.forms_given == 0
    assert result.network.mutuality == 0


def test_members_are_reported_in_the_order_given_then_any_other_found_in_entries() -> None:
    result = reciprocity(
        inputs(
            entry("zoe", "network", "1.00"),
            entry("network", "former", "1.00"),
            members=("b", "a"),
        )
    )
    assert [m.member for m in result.members] == ["b", "a", "former", "zoe"]


def test_inactive_members_are_reported_but_out_of_the_population() -> None:
    result = reciprocity(
        inputs(
            entry("a", "network", "10.00"),
            entry("suspended", "network", "90.00"),
            members=("a", "suspended"),
            active=("a",),
        )
    )
    assert [m.given_eur for m in result.members] == [D("10.00"), D("90.00")]
    assert result.network.participation_rate == 1
    assert result.network.gini == 0
    assert result.network.top20_share == 1


# -- writing it out -------------------------------------------------------------------------------


def test_euros_are_written_with_two_decimals() -> None:
    assert euros(D("310.00")) == "310.00"
    assert euros(D(0)) == "0.00"
    assert euros(D("0.005")) == "0.01"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (D(27000) / D(35000), 0.7714),
        (D(1), 1),
        (D("0.5"), 0.5),
        (D(0), 0),
        (D("0.77145"), 0.7715),  # half-up, not to even
        (D("-0.014084507"), -0.0141),
        (D("-0.00004"), 0),
        (None, None),
    ],
)
def test_ratios_are_written_half_up_to_four_decimals(
    value: Decimal | None, written: float | None
) -> None:
    number = ratio_number(value)
    assert number == written
    assert repr(number) == repr(written)
