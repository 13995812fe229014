"""One member's own reciprocity (``member_view``, docs/scoring.md §15), on the example network:
the same given, received, balance index, partner mutuality and forms as the network's report
gives each member, its flows by form and by partner, and nothing of other members' exchanges."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from raviv.archive import parse_archive
from raviv.archive.schema import Archive
from raviv.scoring.from_archive import reciprocity_of_archive
from raviv.scoring.reciprocity import FormFlow, PartnerFlow, balance_class, member_view
from raviv.valuation import counted_entries
from raviv.vocabulary import Form, Unit
from tests.unit.scoring.test_example import EXAMPLE, SEASON


@pytest.fixture(scope="module")
def archive() -> Archive:
    return parse_archive(EXAMPLE.read_bytes())


@pytest.mark.parametrize("ref", ["alize", "basalte", "cedre", "dune", "ecume", "fougere"])
def test_a_members_own_figures_are_those_of_the_networks_report(archive: Archive, ref: str) -> None:
    report = {m.member: m for m in reciprocity_of_archive(archive, *SEASON).members}

    view = member_view(counted_entries(archive), ref, *SEASON)

    row = report[ref]
    assert (view.given_eur, view.received_eur) == (row.given_eur, row.received_eur)
    assert view.balance_index == row.balance_index
    assert view.partner_mutuality == row.partner_mutuality
    assert view.forms_given == row.forms_given
    assert sum(f.given_eur for f in view.by_form) == row.given_eur
    assert sum(f.received_eur for f in view.by_form) == row.received_eur
    assert view.given_eur == view.given_to_network_eur + sum(p.given_eur for p in view.partners)
    assert view.received_eur == view.received_from_network_eur + sum(
        p.received_eur for p in view.partners
    )


def test_basalte_sees_its_forms_and_its_two_partners_as_docs_scoring_md_says(
    archive: Archive,
) -> None:
    view = member_view(counted_entries(archive), "basalte", *SEASON)

    assert view.balance_class == "givers"  # B = 195 / 275 = 0.7091 > 1/3
    flows = {f.form: f for f in view.by_form}
    assert list(flows) == [Form.meeting, Form.equipment, Form.premises]
    assert flows[Form.equipment] == FormFlow(
        Form.equipment,
        Unit.item_days,
        given_eur=Decimal("60.00"),  # c4: 3 item-days to fougere
        given_quantity=Decimal(3),
        given_entries=1,
        received_eur=Decimal("40.00"),  # c2: 2 item-days from alize
        received_quantity=Decimal(2),
        received_entries=1,
    )
    assert flows[Form.premises].given_eur == Decimal("40.00")  # c3: 5 room-hours to alize
    assert flows[Form.premises].given_quantity == Decimal(5)
    assert flows[Form.meeting].given_eur == Decimal("135.00")
    assert view.partners == (
        PartnerFlow("alize", Decimal("40.00"), Decimal("40.00"), both_ways=True),
        PartnerFlow("fougere", Decimal("60.00"), Decimal("0.00"), both_ways=False),
    )
    assert (view.given_to_network_eur, view.received_from_network_eur) == (
        Decimal("135.00"),
        Decimal("0.00"),
    )


def test_a_member_sees_nothing_of_what_others_exchanged_among_themselves(
    archive: Archive,
) -> None:
    view = member_view(counted_entries(archive), "fougere", *SEASON)

    # cedre and dune exchanged (c6, c7), alize and basalte too: none of them is fougere's partner
    assert [p.partner for p in view.partners] == ["basalte"]
    assert view.received_from_network_eur == Decimal("48.00")  # c8, the network's room


def test_a_member_that_gave_and_received_nothing_is_inactive(archive: Archive) -> None:
    view = member_view(counted_entries(archive), "ecume", *SEASON)

    assert (view.balance_index, view.balance_class, view.partner_mutuality) == (
        None,
        "inactive",
        None,
    )
    assert (view.by_form, view.partners) == ((), ())


def test_entries_outside_the_period_are_left_out(archive: Archive) -> None:
    view = member_view(counted_entries(archive), "basalte", date(2026, 1, 1), date(2026, 9, 1))

    assert view.partners == ()  # c2, c3, c4 were in the autumn
    assert view.given_eur == sum(f.given_eur for f in view.by_form)


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (None, "inactive"),
        (Decimal(1), "givers"),
        (Decimal(1) / 3, "reciprocal"),
        (Decimal("0.3334"), "givers"),
        (Decimal(0), "reciprocal"),
        (-Decimal(1) / 3, "reciprocal"),
        (Decimal("-0.3334"), "consumers"),
        (Decimal(-1), "consumers"),
    ],
)
def test_the_balance_classes_cut_the_index_at_one_third(
    index: Decimal | None, expected: str
) -> None:
    assert balance_class(index) == expected
