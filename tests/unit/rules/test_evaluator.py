"""The participation rule, criterion by criterion (docs/rules.md).

Camille, the coordinator, set her network's rule for the 2025–2026 season. Karim's company is
evaluated against it; Mallory's company is another member, whose doings are never Karim's.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from raviv.rules.evaluator import (
    Attendance,
    Criterion,
    CriterionResult,
    DuesPayment,
    Enrolment,
    Evaluation,
    Exemption,
    HeldMeeting,
    MemberEvaluation,
    MemberRecord,
    Membership,
    RuleSet,
    Status,
    TierRule,
    ValuedEntry,
    evaluate,
    pro_rata,
)
from raviv.rules.periods import Period, period_at, period_starting, shift_years
from raviv.vocabulary import CriterionName, Form, MeetingKind, MembershipStatus, PeriodKind

SEASON = Period(date(2025, 9, 1), date(2026, 9, 1))
MID = date(2026, 3, 1)  # 181 of the season's 365 days have elapsed
END = date(2026, 9, 1)
LONG_AGO = date(2019, 3, 1)

MEETINGS = Criterion(CriterionName.meetings_attended, 3)
HOURS = Criterion(CriterionName.hours_given, Decimal("10"))
MANDATORY = Criterion(CriterionName.mandatory_meetings)
GROUPS = Criterion(CriterionName.groups_enrolled, 1)
CAMILLES_RULE = (MEETINGS, HOURS, MANDATORY, GROUPS)

AG = HeldMeeting("ag-2025", date(2025, 11, 20), MeetingKind.general_assembly, mandatory=True)


def rule(*criteria: Criterion, grace_days: int = 30, tiers: tuple[TierRule, ...] = ()) -> RuleSet:
    return RuleSet(
        "regle", SEASON.start, PeriodKind.season, grace_days, criteria or CAMILLES_RULE, tiers
    )


def karim(
    *memberships: Membership,
    since: date = LONG_AGO,
    given: tuple[ValuedEntry, ...] = (),
    received: tuple[ValuedEntry, ...] = (),
    attendance: tuple[Attendance, ...] = (),
    enrolments: tuple[Enrolment, ...] = (),
    dues: tuple[DuesPayment, ...] = (),
    tier: str = "member",
    ref: str = "karim",
) -> MemberRecord:
    return MemberRecord(
        ref=ref,
        tier=tier,
        memberships=memberships or (Membership(since),),
        given=given,
        received=received,
        attendance=attendance,
        enrolments=enrolments,
        dues=dues,
    )


def hours(day: date, quantity: str, form: Form = Form.time) -> ValuedEntry:
    return ValuedEntry(day, form, Decimal(quantity), Decimal(quantity) * 15)


def euros(day: date, value: str, form: Form = Form.equipment) -> ValuedEntry:
    return ValuedEntry(day, form, Decimal(1), Decimal(value))


def attended(
    ref: str,
    day: date,
    *,
    kind: MeetingKind = MeetingKind.working_group,
    mandatory: bool = False,
    people: int = 1,
) -> Attendance:
    return Attendance(ref, day, kind, mandatory, people=people)


def excused(meeting: HeldMeeting) -> Attendance:
    return Attendance(meeting.ref, meeting.date, meeting.kind, meeting.mandatory, excused=True)


def in_group(since: date = LONG_AGO, until: date | None = None) -> Enrolment:
    return Enrolment("petr", since, until)


def run(
    record: MemberRecord,
    *,
    at: date = MID,
    rule_set: RuleSet | None = None,
    held: tuple[HeldMeeting, ...] = (),
    exemptions: tuple[Exemption, ...] = (),
) -> MemberEvaluation:
    evaluation = evaluate(
        rule_set or rule(), SEASON, at, [record], meetings_held=held, exemptions=exemptions
    )
    (member,) = evaluation.members
    return member


def result(member: MemberEvaluation, name: CriterionName) -> CriterionResult:
    (found,) = (c for c in member.criteria if c.criterion == name)
    return found


# -- pro rata -------------------------------------------------------------------------------------


def test_member_joining_mid_season_owes_pro_rata_meetings_and_hours() -> None:
    joined = run(karim(since=date(2026, 1, 1)), at=END)

    assert joined.member_days == 243
    assert result(joined, CriterionName.meetings_attended).required == 2
    assert result(joined, CriterionName.hours_given).required == Decimal("6.66")
    assert result(joined, CriterionName.groups_enrolled).required == 1


def test_member_of_the_whole_season_owes_the_rule_as_written() -> None:
    member = run(karim(), at=END)

    assert result(member, CriterionName.hours_given).required == Decimal("10")
    assert result(member, CriterionName.meetings_attended).required == 3


def test_pro_rata_rounds_counts_up_and_amounts_half_up_to_the_cent() -> None:
    assert pro_rata(3, 243, 365) == 2
    assert pro_rata(1, 1, 365) == 1
    assert pro_rata(Decimal("10"), 243, 365) == Decimal("6.66")
    assert pro_rata(Decimal("0.05"), 1, 2) == Decimal("0.03")
    assert pro_rata(Decimal("100"), 73, 365) == Decimal("20.00")


def test_pro_rata_never_asks_more_than_the_rule_even_with_sub_cent_thresholds() -> None:
    # 10.006 × 19999/20000 = 10.0054997, which rounds to 10.01 > 10.006.
    assert pro_rata(Decimal("10.006"), 19999, 20000) == Decimal("10.006")


def test_state_thresholds_like_the_balance_index_are_not_pro_rated() -> None:
    balance = Criterion(CriterionName.balance_index, Decimal("0.5"))
    joined = run(karim(since=date(2026, 1, 1)), rule_set=rule(balance), at=END)

    assert result(joined, CriterionName.balance_index).required == Decimal("0.5")


# -- grace ----------------------------------------------------------------------------------------


def test_member_joined_less_than_grace_days_ago_is_in_grace_with_its_criteria_shown() -> None:
    newcomer = run(karim(since=date(2026, 2, 15)))

    assert newcomer.status == Status.grace
    assert [c.criterion for c in newcomer.criteria] == [c.criterion for c in CAMILLES_RULE]


def test_grace_ends_grace_days_after_the_first_membership_day() -> None:
    assert run(karim(since=date(2026, 1, 30))).status != Status.grace  # 30 days before MID
    assert run(karim(since=date(2026, 1, 31))).status == Status.grace  # 29 days


def test_a_member_rejoining_gets_no_new_grace() -> None:
    returning = karim(Membership(date(2019, 1, 1), date(2024, 1, 1)), Membership(date(2026, 2, 15)))

    assert run(returning).status == Status.at_risk


def test_grace_days_zero_means_no_grace() -> None:
    assert run(karim(since=MID), rule_set=rule(grace_days=0)).status != Status.grace


# -- exemptions -----------------------------------------------------------------------------------


def test_camille_exempts_a_member_from_everything_and_nothing_is_asked_of_it() -> None:
    waiver = Exemption("karim", "all", SEASON.start, "Congé de création décidé par le CA")
    member = run(karim(), exemptions=(waiver,))

    assert member.status == Status.exempt
    assert member.criteria == ()
    assert member.explanation_fr == "dispense : Congé de création décidé par le CA"


def test_an_exemption_from_one_criterion_meets_only_that_one() -> None:
    waiver = Exemption("karim", frozenset({CriterionName.groups_enrolled}), SEASON.start, "CA")
    member = run(karim(), exemptions=(waiver,))

    groups = result(member, CriterionName.groups_enrolled)
    assert (groups.met, groups.exempt, groups.actual, groups.shortfall) == (True, True, 0, 0)
    assert groups.explanation_fr.startswith("dispense (CA) : 0 groupe de travail sur 1")
    assert not result(member, CriterionName.meetings_attended).met
    assert member.status == Status.at_risk


def test_an_exemption_listing_every_criterion_of_the_rule_is_an_exemption_from_all() -> None:
    waiver = Exemption("karim", frozenset(CriterionName), SEASON.start, "CA")

    assert run(karim(), exemptions=(waiver,)).status == Status.exempt


def test_an_exemption_for_another_period_or_member_does_not_apply() -> None:
    last_season = Exemption("karim", "all", date(2024, 9, 1), "CA")
    mallorys = Exemption("mallory", "all", SEASON.start, "CA")

    assert run(karim(), exemptions=(last_season, mallorys)).status == Status.at_risk


# -- on track, at risk, compliant, non compliant --------------------------------------------------


def test_unmet_cumulative_criterion_is_on_track_while_keeping_pace_with_the_season() -> None:
    # At MID 181/365 of the season has elapsed: 10 h × 181/365 = 4.96 h.
    on_pace = run(karim(given=(hours(date(2025, 10, 1), "4.96"),)), rule_set=rule(HOURS))
    behind = run(karim(given=(hours(date(2025, 10, 1), "4.95"),)), rule_set=rule(HOURS))

    assert result(on_pace, CriterionName.hours_given).on_track
    assert on_pace.status == Status.on_track
    assert not result(behind, CriterionName.hours_given).on_track
    assert behind.status == Status.at_risk


def test_the_pace_of_a_newcomer_counts_only_its_own_membership_days() -> None:
    # Joined 1 Jan: owes 6.66 h; at MID 59 of its 243 days have elapsed: 6.66 × 59/243 = 1.617.
    def newcomer(quantity: str) -> MemberEvaluation:
        record = karim(since=date(2026, 1, 1), given=(hours(date(2026, 2, 1), quantity),))
        return run(record, rule_set=rule(HOURS))

    assert newcomer("1.62").status == Status.on_track
    assert newcomer("1.61").status == Status.at_risk
    assert newcomer("1.62").elapsed_days == 59


def test_unmet_state_criterion_is_never_on_track_even_on_the_second_day() -> None:
    member = run(karim(), at=date(2025, 9, 2), rule_set=rule(GROUPS))

    assert not result(member, CriterionName.groups_enrolled).on_track
    assert member.status == Status.at_risk


def test_all_criteria_met_before_the_end_is_compliant() -> None:
    record = karim(given=(hours(date(2025, 9, 10), "10"),), enrolments=(in_group(),))

    assert run(record, rule_set=rule(HOURS, GROUPS)).status == Status.compliant


def test_period_over_with_an_unmet_criterion_is_non_compliant() -> None:
    member = run(karim(given=(hours(date(2025, 10, 1), "9.99"),)), rule_set=rule(HOURS), at=END)

    hours_given = result(member, CriterionName.hours_given)
    assert member.status == Status.non_compliant
    assert hours_given.shortfall == Decimal("0.01")
    assert not hours_given.on_track


def test_evaluating_after_the_period_ends_counts_only_the_period() -> None:
    record = karim(given=(hours(date(2025, 10, 1), "6"), hours(date(2026, 9, 1), "6")))

    assert run(record, rule_set=rule(HOURS), at=date(2026, 12, 1)).status == Status.non_compliant


# -- meetings -------------------------------------------------------------------------------------


def test_excused_from_the_general_assembly_meets_mandatory_meetings_but_is_no_attendance() -> None:
    member = run(karim(attendance=(excused(AG),)), held=(AG,))

    mandatory = result(member, CriterionName.mandatory_meetings)
    assert (mandatory.required, mandatory.actual, mandatory.met) == (1, 1, True)
    assert result(member, CriterionName.meetings_attended).actual == 0


def test_missing_a_mandatory_meeting_is_unmet_and_never_on_track() -> None:
    member = run(karim(), held=(AG,), rule_set=rule(MANDATORY))

    mandatory = result(member, CriterionName.mandatory_meetings)
    assert (mandatory.required, mandatory.actual, mandatory.met) == (1, 0, False)
    assert member.status == Status.at_risk


def test_mandatory_meetings_held_before_joining_or_after_at_are_not_required() -> None:
    later = HeldMeeting("ca-juin", date(2026, 6, 1), MeetingKind.board, mandatory=True)
    member = run(karim(since=date(2026, 1, 1)), held=(AG, later), rule_set=rule(MANDATORY))

    mandatory = result(member, CriterionName.mandatory_meetings)
    assert (mandatory.required, mandatory.actual, mandatory.met) == (0, 0, True)
    assert mandatory.explanation_en == "no mandatory meeting held so far while a member"


def test_meetings_attended_counts_each_meeting_once_and_never_an_excuse() -> None:
    record = karim(
        attendance=(
            attended("m1", date(2025, 10, 7), people=2),
            attended("m1", date(2025, 10, 7)),
            excused(AG),
        )
    )

    assert result(run(record), CriterionName.meetings_attended).actual == 1


def test_meetings_attended_can_count_only_mandatory_meetings_or_some_kinds() -> None:
    record = karim(
        attendance=(
            attended("ag", date(2025, 11, 20), kind=MeetingKind.general_assembly, mandatory=True),
            attended("m1", date(2025, 10, 7)),
            attended("f1", date(2025, 12, 1), kind=MeetingKind.training),
        )
    )
    mandatory_only = Criterion(CriterionName.meetings_attended, 1, mandatory_only=True)
    trainings = Criterion(
        CriterionName.meetings_attended,
        2,
        kinds=frozenset({MeetingKind.training, MeetingKind.seminar}),
    )

    assert result(run(record, rule_set=rule(mandatory_only)), mandatory_only.criterion).actual == 1
    counted = result(run(record, rule_set=rule(trainings)), trainings.criterion)
    assert counted.actual == 1
    assert counted.explanation_fr == "1 réunion sur 2 (séminaire, formation)"


# -- hours, forms, value, groups, dues ------------------------------------------------------------


def test_hours_given_adds_up_time_like_forms_only() -> None:
    given = (
        hours(date(2025, 9, 20), "6"),
        hours(date(2025, 10, 7), "4", Form.meeting),
        hours(date(2026, 1, 20), "1.5", Form.knowledge),
        euros(date(2025, 10, 12), "40"),  # equipment: item-days, not hours
    )

    assert result(run(karim(given=given)), CriterionName.hours_given).actual == Decimal("11.5")


def test_forms_given_counts_distinct_forms() -> None:
    forms = Criterion(CriterionName.forms_given, 3)
    given = (
        hours(date(2025, 9, 20), "1"),
        hours(date(2025, 9, 21), "1"),
        euros(date(2025, 10, 12), "40"),
    )

    member = run(karim(given=given), rule_set=rule(forms))
    assert result(member, CriterionName.forms_given).actual == 2
    assert result(member, CriterionName.forms_given).explanation_en == (
        "2 forms of contribution of 3"
    )


def test_value_given_adds_up_euros_and_pro_rates_to_the_cent() -> None:
    value = Criterion(CriterionName.value_given, Decimal("200"))
    record = karim(since=date(2026, 1, 1), given=(euros(date(2026, 2, 1), "1078.5"),))

    member = run(record, rule_set=rule(value), at=END)
    found = result(member, CriterionName.value_given)
    assert (found.required, found.actual, found.met) == (Decimal("133.15"), Decimal("1078.5"), True)
    assert found.explanation_fr.startswith("1 078,50 € sur 133,15 €")
    assert found.explanation_en.startswith("€1,078.50 of €133.15")


def test_groups_enrolled_counts_enrolments_active_during_the_period_while_a_member() -> None:
    record = karim(
        enrolments=(
            Enrolment("ancien", date(2020, 1, 1), date(2025, 9, 1)),  # ended as the season began
            Enrolment("futur", MID, None),  # not yet at MID
            Enrolment("petr", date(2025, 9, 15), date(2025, 10, 1)),  # a fortnight counts
            Enrolment("petr", date(2026, 1, 1), None),  # the same group again
        )
    )

    assert result(run(record), CriterionName.groups_enrolled).actual == 1


def test_dues_paid_for_the_period_before_at_meet_dues_paid() -> None:
    dues = Criterion(CriterionName.dues_paid)
    last_season = DuesPayment(date(2024, 9, 1), date(2025, 9, 10))
    this_season = DuesPayment(SEASON.start, date(2025, 10, 1))

    unpaid = result(run(karim(dues=(last_season,)), rule_set=rule(dues)), dues.criterion)
    paid = result(run(karim(dues=(this_season,)), rule_set=rule(dues)), dues.criterion)
    paid_later = result(
        run(karim(dues=(this_season,)), rule_set=rule(dues), at=date(2025, 10, 1)),
        dues.criterion,
    )
    assert (unpaid.met, unpaid.on_track, unpaid.explanation_fr) == (
        False,
        False,
        "cotisation de la période non payée",
    )
    assert (paid.required, paid.actual, paid.met) == (1, 1, True)
    assert not paid_later.met


# -- membership days ------------------------------------------------------------------------------


def test_only_what_a_member_gave_while_a_member_counts() -> None:
    record = karim(
        Membership(date(2025, 1, 1), date(2026, 1, 1)),
        Membership(date(2026, 2, 1)),
        given=(
            hours(date(2025, 9, 20), "1"),
            hours(date(2026, 1, 15), "2"),  # between two memberships
            hours(date(2026, 2, 1), "4"),
        ),
        attendance=(attended("m3", date(2026, 1, 15)),),
    )

    member = run(record)
    assert result(member, CriterionName.hours_given).actual == Decimal("5")
    assert result(member, CriterionName.meetings_attended).actual == 0
    assert member.member_days == 365 - 31


def test_what_is_dated_on_or_after_at_does_not_count_yet() -> None:
    record = karim(given=(hours(MID, "10"),), attendance=(attended("m4", MID),))

    member = run(record)
    assert result(member, CriterionName.hours_given).actual == 0
    assert result(member, CriterionName.meetings_attended).actual == 0
    assert result(run(record, at=date(2026, 3, 2)), CriterionName.hours_given).actual == 10


def test_suspended_days_are_neither_owed_nor_counted() -> None:
    record = karim(
        Membership(LONG_AGO, date(2026, 3, 1)),
        Membership(date(2026, 3, 1), date(2026, 5, 1), MembershipStatus.suspended),
        Membership(date(2026, 5, 1)),
        given=(hours(date(2026, 4, 1), "3"), hours(date(2026, 6, 1), "2")),
    )

    member = run(record, at=END)
    assert member.member_days == 365 - 61
    assert result(member, CriterionName.hours_given).actual == Decimal("2")
    assert result(member, CriterionName.hours_given).required == Decimal("8.33")


def test_members_not_yet_joined_or_gone_before_the_period_are_not_evaluated() -> None:
    gone = karim(Membership(date(2020, 1, 1), SEASON.start), ref="gone")
    not_yet = karim(since=date(2026, 4, 1), ref="not-yet")
    only_suspended = karim(Membership(LONG_AGO, None, MembershipStatus.suspended), ref="suspended")
    joining_today = karim(since=MID, ref="today")

    evaluation = evaluate(rule(), SEASON, MID, [gone, not_yet, only_suspended, joining_today])
    assert [(m.member, m.status) for m in evaluation.members] == [("today", Status.grace)]


def test_a_member_gone_during_the_period_is_evaluated_on_its_days() -> None:
    member = run(karim(Membership(LONG_AGO, date(2025, 12, 1))), rule_set=rule(HOURS), at=END)

    assert member.member_days == 91
    assert member.elapsed_days == 91
    assert result(member, CriterionName.hours_given).required == Decimal("2.49")
    assert member.status == Status.non_compliant


# -- balance index --------------------------------------------------------------------------------

BALANCE = Criterion(CriterionName.balance_index, Decimal("0"), min_volume_eur=Decimal("100"))


def test_balance_index_is_met_below_its_minimum_volume() -> None:
    record = karim(received=(euros(date(2025, 10, 1), "80"),))

    balance = result(run(record, rule_set=rule(BALANCE)), CriterionName.balance_index)
    assert (balance.actual, balance.met) == (Decimal("-1"), True)
    assert balance.explanation_fr == (
        "indice d'équilibre non applicable : 80,00 € échangés, sous le seuil de 100,00 €"
    )


def test_balance_index_applies_once_exchanges_reach_the_minimum_volume() -> None:
    record = karim(
        given=(euros(date(2025, 10, 1), "105"),), received=(euros(date(2025, 11, 1), "108"),)
    )

    balance = result(run(record, rule_set=rule(BALANCE)), CriterionName.balance_index)
    assert (balance.actual, balance.met, balance.on_track) == (Decimal("-0.0141"), False, False)
    assert balance.shortfall == Decimal("0.0141")
    assert balance.explanation_en == "balance index -0.0141, at least 0"


def test_balance_index_without_any_exchange_is_met_and_has_no_value() -> None:
    balance = result(run(karim(), rule_set=rule(BALANCE)), CriterionName.balance_index)

    assert (balance.actual, balance.met) == (None, True)


def test_giving_more_can_unmeet_the_balance_index_by_reaching_the_minimum_volume() -> None:
    # The one criterion where an added entry can worsen a status (docs/rules.md).
    received = (euros(date(2025, 10, 1), "80"),)
    before = run(karim(received=received), rule_set=rule(BALANCE))
    after = run(
        karim(received=received, given=(euros(date(2025, 10, 2), "30"),)), rule_set=rule(BALANCE)
    )

    assert before.status == Status.compliant
    assert after.status == Status.at_risk


# -- tiers, explanations, ordering ----------------------------------------------------------------


def test_a_tier_rule_replaces_the_general_criteria_for_that_tier() -> None:
    board = TierRule("board", (Criterion(CriterionName.meetings_attended, 6),))
    rule_set = rule(MEETINGS, HOURS, tiers=(board,))

    on_board = run(karim(tier="board"), rule_set=rule_set)
    ordinary = run(karim(), rule_set=rule_set)
    assert [(c.criterion, c.required) for c in on_board.criteria] == [
        (CriterionName.meetings_attended, 6)
    ]
    assert len(ordinary.criteria) == 2


def test_each_criterion_explains_itself_in_one_line_in_french_and_english() -> None:
    record = karim(
        given=(hours(date(2025, 10, 7), "4", Form.meeting), hours(date(2025, 11, 20), "3")),
        attendance=(attended("m1", date(2025, 10, 7), people=2), attended("ag", AG.date)),
    )

    member = run(record, rule_set=rule(MEETINGS, HOURS))
    assert member.explanation_fr == "2 réunions sur 3 ; 7 h sur 10 h"
    assert member.explanation_en == "2 meetings of 3; 7 h of 10 h"


def test_members_are_listed_by_ref_and_mallory_is_evaluated_on_her_own_doings() -> None:
    mallory = karim(ref="mallory", given=(hours(date(2025, 9, 20), "10"),))
    evaluation = evaluate(rule(HOURS), SEASON, MID, [mallory, karim()])

    assert [m.member for m in evaluation.members] == ["karim", "mallory"]
    assert [m.status for m in evaluation.members] == [Status.at_risk, Status.compliant]


def test_evaluating_a_period_that_has_not_begun_is_refused() -> None:
    with pytest.raises(ValueError, match="has not begun"):
        evaluate(rule(), SEASON, date(2025, 8, 31), [karim()])


def test_evaluating_a_period_of_another_kind_than_the_rules_is_refused() -> None:
    calendar_year = Period(date(2026, 1, 1), date(2027, 1, 1))
    half_season = Period(SEASON.start, MID)

    for period in (calendar_year, half_season):
        with pytest.raises(ValueError, match="is not a season period"):
            evaluate(rule(), period, MID, [karim()])


def test_a_criterion_needs_exactly_the_threshold_it_takes() -> None:
    with pytest.raises(ValueError, match="threshold"):
        Criterion(CriterionName.hours_given)
    with pytest.raises(ValueError, match="threshold"):
        Criterion(CriterionName.dues_paid, 1)
    with pytest.raises(ValueError, match="whole number"):
        Criterion(CriterionName.meetings_attended, Decimal("2.5"))


def test_an_evaluation_is_plain_data() -> None:
    evaluation = evaluate(rule(), SEASON, MID, [karim()])

    assert isinstance(evaluation, Evaluation)
    assert evaluation == evaluate(rule(), SEASON, MID, [karim()])


# -- periods --------------------------------------------------------------------------------------


def test_a_season_runs_from_1_september_to_31_august() -> None:
    assert period_at(PeriodKind.season, MID) == SEASON
    assert period_at(PeriodKind.season, SEASON.start) == SEASON
    assert period_at(PeriodKind.season, date(2025, 8, 31)).start == date(2024, 9, 1)
    assert SEASON.days == 365
    assert SEASON.end not in SEASON


def test_a_calendar_year_starts_on_1_january_and_a_rolling_window_anywhere() -> None:
    assert period_at(PeriodKind.calendar_year, MID) == Period(date(2026, 1, 1), date(2027, 1, 1))
    assert period_at(PeriodKind.rolling_12_months, MID) == Period(date(2025, 3, 1), MID)
    assert period_starting(PeriodKind.rolling_12_months, date(2025, 3, 15)).end == date(2026, 3, 15)
    with pytest.raises(ValueError, match="starts on day 1 of month 1"):
        period_starting(PeriodKind.calendar_year, date(2025, 9, 1))


def test_twelve_months_from_29_february_end_on_1_march() -> None:
    assert shift_years(date(2024, 2, 29), 1) == date(2025, 3, 1)
    assert shift_years(date(2024, 2, 29), -1) == date(2023, 3, 1)
