"""Valuing the ledger: Karim logs a lighting kit lent for two days, Camille's network prices it at
the rate in effect that day; attendance becomes meeting hours; a correction cancels an entry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import msgspec
import pytest

from raviv.archive.schema import Attendance, Contribution, Giver, Meeting, Rate, Receiver
from raviv.demo import HOURLY_RATE
from raviv.valuation import (
    CVN_ACCOUNTS,
    SMIC_BRUT_HORAIRE,
    TIME_LIKE_FORMS,
    CvnAccounts,
    DatedRate,
    Entry,
    Party,
    RateMissing,
    default_hourly_rate,
    entry_from_contribution,
    meeting_entries,
    net_of_reversals,
    rate_on,
    smic_brut_horaire,
    unit_rate,
    value_eur,
    valued,
)
from raviv.vocabulary import ContributionStatus, Form, MeetingKind, PartyKind, Unit

EQUIPMENT_2024 = DatedRate(Form.equipment, Decimal("20.00"), date(2024, 1, 1))
EQUIPMENT_2026 = DatedRate(Form.equipment, Decimal("22.00"), date(2026, 1, 1))
LIGHTING_2025 = DatedRate(Form.equipment, Decimal("35.00"), date(2025, 9, 1), category="lighting")
TIME_2024 = DatedRate(Form.time, Decimal("15.00"), date(2024, 1, 1))
RATES = [EQUIPMENT_2026, LIGHTING_2025, EQUIPMENT_2024, TIME_2024]


def entry(**changes: object) -> Entry:
    fields: dict[str, object] = {
        "ref": "c1",
        "giver": Party.member("alize"),
        "receiver": Party.member("basalte"),
        "form": Form.equipment,
        "quantity": Decimal(2),
        "date": date(2025, 10, 12),
    }
    fields.update(changes)
    return Entry(**fields)  # type: ignore[arg-type]


# -- CVN accounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "use", "resource"),
    [
        # The associations' chart of ANC regulation 2018-06: volunteer time is 875 (bénévolat;
        # 870 was the 1999 chart's), staff a member makes available a prestation en nature (871).
        (Form.time, "864", "875"),
        (Form.meeting, "864", "875"),
        (Form.knowledge, "862", "871"),
        (Form.equipment, "861", "871"),
        (Form.premises, "861", "871"),
        (Form.coproduction, "864", "875"),
        (Form.shared_staff, "864", "871"),
    ],
)
def test_each_in_kind_form_is_booked_to_its_use_and_resource_accounts(
    form: Form, use: str, resource: str
) -> None:
    assert CVN_ACCOUNTS[form] == CvnAccounts(use, resource)


def test_money_is_not_in_kind_and_has_no_cvn_account() -> None:
    assert CVN_ACCOUNTS[Form.money] is None
    assert set(CVN_ACCOUNTS) == set(Form)


def test_time_like_forms_are_those_counted_in_hours() -> None:
    assert {form.value for form in TIME_LIKE_FORMS} == {
        "time",
        "meeting",
        "knowledge",
        "coproduction",
        "shared_staff",
    }


# -- dated rates ----------------------------------------------------------------------------------


def test_the_rate_in_effect_is_the_latest_that_began_on_or_before_the_day() -> None:
    assert rate_on(RATES, Form.equipment, date(2025, 12, 31)) == EQUIPMENT_2024
    assert rate_on(RATES, Form.equipment, date(2026, 1, 1)) == EQUIPMENT_2026
    assert rate_on(RATES, Form.equipment, date(2027, 6, 1)) == EQUIPMENT_2026


def test_no_rate_is_in_effect_before_the_first_one_begins() -> None:
    assert rate_on(RATES, Form.equipment, date(2023, 12, 31)) is None
    assert rate_on(RATES, Form.premises, date(2025, 1, 1)) is None


def test_a_category_rate_comes_before_the_forms_general_rate_even_an_newer_one() -> None:
    assert rate_on(RATES, Form.equipment, date(2025, 10, 1), "lighting") == LIGHTING_2025
    assert rate_on(RATES, Form.equipment, date(2026, 3, 1), "lighting") == LIGHTING_2025


def test_a_category_without_a_rate_in_effect_takes_the_general_rate() -> None:
    assert rate_on(RATES, Form.equipment, date(2025, 8, 31), "lighting") == EQUIPMENT_2024
    assert rate_on(RATES, Form.equipment, date(2026, 3, 1), "sound") == EQUIPMENT_2026


def test_a_category_rate_never_prices_an_entry_without_that_category() -> None:
    only_lighting = [LIGHTING_2025]
    assert rate_on(only_lighting, Form.equipment, date(2026, 3, 1)) is None
    assert rate_on(only_lighting, Form.equipment, date(2026, 3, 1), "sound") is None


def test_an_archive_rate_keeps_its_form_amount_day_and_method() -> None:
    rate = Rate(
        form=Form.time,
        eur_per_unit=Decimal("15.00"),
        effective_from=date(2024, 1, 1),
        method="SMIC-based hourly rate chosen by the board",
    )
    assert DatedRate.from_archive(rate) == DatedRate(
        Form.time, Decimal("15.00"), date(2024, 1, 1), method=rate.method
    )


def test_value_is_quantity_times_rate_rounded_half_up_to_the_cent() -> None:
    assert value_eur(Decimal(2), Decimal("20.00")) == Decimal("40.00")
    assert value_eur(Decimal("2.5"), Decimal("15.025")) == Decimal("37.56")  # 37.5625
    assert value_eur(Decimal(1), Decimal("0.005")) == Decimal("0.01")  # half-up, not to even
    assert value_eur(Decimal(3), Decimal("0.125")) == Decimal("0.38")  # 0.375


# -- the default hourly rate ----------------------------------------------------------------------


def test_the_smic_is_the_one_in_effect_on_the_day() -> None:
    assert smic_brut_horaire(date(2024, 10, 31)) == Decimal("11.65")
    assert smic_brut_horaire(date(2024, 11, 1)) == Decimal("11.88")
    assert smic_brut_horaire(date(2025, 6, 15)) == Decimal("11.88")
    assert smic_brut_horaire(date(2025, 12, 31)) == Decimal("11.88")
    assert smic_brut_horaire(date(2026, 1, 1)) == Decimal("12.02")


@pytest.mark.parametrize(
    ("day", "smic"),
    [
        (date(2015, 1, 1), "9.61"),
        (date(2016, 6, 1), "9.67"),
        (date(2017, 12, 31), "9.76"),
        (date(2018, 1, 1), "9.88"),
        (date(2019, 7, 14), "10.03"),
        (date(2020, 3, 17), "10.15"),
        (date(2021, 9, 30), "10.25"),
        (date(2021, 10, 1), "10.48"),
        (date(2022, 1, 1), "10.57"),
        (date(2022, 5, 1), "10.85"),
        (date(2022, 7, 31), "10.85"),
        (date(2022, 8, 1), "11.07"),
        (date(2022, 12, 31), "11.07"),
        (date(2023, 1, 1), "11.27"),
        (date(2023, 5, 1), "11.52"),
        (date(2024, 1, 1), "11.65"),
        (date(2025, 1, 1), "11.88"),
    ],
)
def test_the_smic_of_every_day_since_2015_is_the_published_one(day: date, smic: str) -> None:
    assert smic_brut_horaire(day) == Decimal(smic)


def test_the_smic_table_is_in_date_order_and_only_ever_rises() -> None:
    days = [since for since, _ in SMIC_BRUT_HORAIRE]
    values = [smic for _, smic in SMIC_BRUT_HORAIRE]
    assert days == sorted(set(days))
    assert values == sorted(values)


def test_hours_with_no_rate_before_the_smic_table_name_the_day_and_the_missing_rate() -> None:
    with pytest.raises(RateMissing) as missing:
        unit_rate([], Form.time, date(2014, 6, 15))
    assert str(missing.value) == (
        "the network has no time rate in effect on 2014-06-15"
        " and there is no SMIC known before 2015-01-01"
    )


def test_no_smic_is_known_before_the_table_begins() -> None:
    with pytest.raises(RateMissing, match="no SMIC known before 2015-01-01"):
        smic_brut_horaire(date(2014, 12, 31))


def test_the_default_hourly_rate_is_the_smic_times_the_charge_coefficient() -> None:
    assert default_hourly_rate(date(2025, 10, 1)) == Decimal("14.85")  # 11.88 × 1.25
    assert default_hourly_rate(date(2026, 1, 1)) == Decimal("15.03")  # 15.025, half-up
    assert default_hourly_rate(date(2026, 1, 1), Decimal(1)) == Decimal("12.02")


def test_the_demo_network_states_the_default_hourly_rate_of_2026() -> None:
    assert default_hourly_rate(date(2026, 1, 1)) == HOURLY_RATE


def test_money_is_valued_at_face_value() -> None:
    assert unit_rate([], Form.money, date(2025, 10, 1)) == Decimal(1)


def test_the_networks_rate_comes_before_the_default_hourly_rate() -> None:
    assert unit_rate(RATES, Form.time, date(2025, 10, 1)) == Decimal("15.00")


def test_a_time_like_form_without_a_rate_is_valued_at_the_default_hourly_rate() -> None:
    assert unit_rate(RATES, Form.meeting, date(2025, 10, 1)) == Decimal("14.85")
    charged = unit_rate([], Form.knowledge, date(2026, 2, 1), charge_coefficient=Decimal("1.5"))
    assert charged == Decimal("18.03")  # 12.02 × 1.5


def test_equipment_or_premises_without_a_rate_cannot_be_valued() -> None:
    with pytest.raises(RateMissing, match="no premises rate in effect on 2025-10-01"):
        unit_rate(RATES, Form.premises, date(2025, 10, 1))


def test_an_entry_is_valued_at_the_rate_of_its_day_and_category() -> None:
    assert valued(entry(), RATES).value_eur == Decimal("40.00")
    assert valued(entry(date=date(2026, 2, 1)), RATES).value_eur == Decimal("44.00")
    assert valued(entry(category="lighting"), RATES).value_eur == Decimal("70.00")


def test_a_value_frozen_at_validation_is_kept_when_rates_change() -> None:
    frozen = entry(value_eur=Decimal("40.00"), date=date(2026, 2, 1))
    assert valued(frozen, RATES) is frozen


# -- entries from the archive ---------------------------------------------------------------------


def contribution(**receiver: object) -> Contribution:
    return Contribution(
        ref="c5",
        giver=Giver(member="cedre"),
        receiver=msgspec.convert(receiver, Receiver),
        form=Form.knowledge,
        quantity=Decimal(4),
        date=date(2026, 1, 20),
        status=ContributionStatus.validated,
    )


@pytest.mark.parametrize(
    ("receiver", "party"),
    [
        ({"network": True}, Party.network()),
        ({"member": "dune"}, Party.member("dune")),
        ({"group": "bureaux"}, Party(PartyKind.group, "bureaux")),
        ({"project": "tournee"}, Party(PartyKind.project, "tournee")),
    ],
)
def test_a_contribution_becomes_an_entry_to_its_receiver(
    receiver: dict[str, object], party: Party
) -> None:
    made = entry_from_contribution(contribution(**receiver))
    assert made.receiver == party
    assert made.giver == Party.member("cedre")
    assert made.unit == Unit.hours  # the form's canonical unit when none is given


def test_a_service_of_the_network_is_given_by_the_network() -> None:
    service = msgspec.structs.replace(
        contribution(member="fougere"), giver=Giver(network=True), form=Form.premises
    )
    made = entry_from_contribution(service)
    assert made.giver == Party.network()
    assert made.unit == Unit.room_hours


# -- meeting entries ------------------------------------------------------------------------------


def meeting(group: str | None, *attendance: Attendance) -> Meeting:
    return Meeting(
        ref="m1",
        title="Planning des répétitions",
        kind=MeetingKind.working_group if group else MeetingKind.general_assembly,
        group=group,
        mandatory=group is None,
        date=date(2025, 10, 7),
        duration_hours=Decimal("2.5"),
        attendance=list(attendance),
    )


def test_attendance_yields_duration_times_people_present_in_person_hours() -> None:
    entries = meeting_entries(
        [
            meeting(
                "petr", Attendance(member="alize", people=1), Attendance(member="basalte", people=2)
            )
        ]
    )
    assert [(e.giver.ref, e.quantity, e.unit) for e in entries] == [
        ("alize", Decimal("2.5"), Unit.person_hours),
        ("basalte", Decimal("5.0"), Unit.person_hours),
    ]
    assert {e.form for e in entries} == {Form.meeting}
    assert {e.status for e in entries} == {ContributionStatus.validated}
    assert {e.date for e in entries} == {date(2025, 10, 7)}


def test_an_excused_member_gives_no_meeting_hours() -> None:
    entries = meeting_entries(
        [
            meeting(
                None, Attendance(member="cedre", excused=True), Attendance(member="ecume", people=1)
            )
        ]
    )
    assert [e.giver.ref for e in entries] == ["ecume"]


def test_meeting_hours_go_to_the_group_or_else_to_the_network() -> None:
    present = Attendance(member="alize", people=1)
    assert meeting_entries([meeting("petr", present)])[0].receiver == Party(PartyKind.group, "petr")
    assert meeting_entries([meeting(None, present)])[0].receiver == Party.network()


def test_meeting_entries_have_refs_no_contribution_can_have() -> None:
    entries = meeting_entries([meeting("petr", Attendance(member="alize", people=1))])
    assert entries[0].ref == "m1/alize"


# -- reversals ------------------------------------------------------------------------------------


def test_a_reversal_and_the_entry_it_reverses_count_for_nothing() -> None:
    original = entry(ref="c2")
    kept = entry(ref="c3")
    reversal = entry(ref="c2-fix", reverses="c2", date=date(2026, 3, 1))
    assert net_of_reversals([original, kept, reversal]) == [kept]


def test_a_reversal_whose_original_is_not_given_still_counts_for_nothing() -> None:
    assert net_of_reversals([entry(ref="c9", reverses="c2")]) == []


def test_reversals_net_out_archive_contributions_too() -> None:
    original = contribution(network=True)
    reversal = msgspec.structs.replace(original, ref="c5-annule", reverses="c5")
    other = msgspec.structs.replace(original, ref="c6")
    assert net_of_reversals([original, reversal, other]) == [other]
