"""What the portal shows of an evaluation: pure, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from raviv.rules.evaluator import CriterionResult, MemberEvaluation, Status
from raviv.vocabulary import CriterionName
from raviv.web.views import criterion_view, standing_view


def hours(
    actual: str, required: str = "10", *, met: bool = False, exempt: bool = False
) -> CriterionResult:
    return CriterionResult(
        criterion=CriterionName.hours_given,
        required=Decimal(required),
        actual=Decimal(actual),
        met=met,
        shortfall=max(Decimal(0), Decimal(required) - Decimal(actual)),
        on_track=False,
        exempt=exempt,
        explanation_fr=f"{actual} h sur {required} h",
        explanation_en=f"{actual} h of {required} h",
    )


def test_the_bar_is_the_share_of_what_is_required_bounded_to_0_and_100() -> None:
    assert criterion_view(hours("3.5")).percent == 35
    assert criterion_view(hours("0")).percent == 0
    assert criterion_view(hours("12", met=True)).percent == 100
    assert criterion_view(hours("0", exempt=True, met=True)).percent == 100
    assert criterion_view(hours("1", required="0")).percent == 0


def test_the_explanation_follows_the_language() -> None:
    view = criterion_view(hours("3"))
    assert view.explanation("fr") == "3 h sur 10 h"
    assert view.explanation("en") == "3 h of 10 h"
    assert view.hours
    assert not view.money


def test_a_member_who_joined_during_the_period_is_told_its_thresholds_are_pro_rata() -> None:
    start, end = dt.date(2026, 9, 1), dt.date(2027, 9, 1)
    joined_late = MemberEvaluation("alize", Status.at_risk, (hours("1"),), 180, 90)
    whole = MemberEvaluation("alize", Status.at_risk, (hours("1"),), 365, 90)

    late = standing_view(joined_late, start, end)

    assert late.pro_rata
    assert late.due == dt.date(2027, 8, 31)
    assert late.status_label == "En retard"
    assert not standing_view(whole, start, end).pro_rata
