"""What a page shows, gathered from the services into plain data for its template.

No query here and no rule: the services answer (the participation rule's evaluation, the ledger,
the registry), these functions only choose what to show and how to word it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from raviv.rules.evaluator import CriterionResult, MemberEvaluation, Status
from raviv.scoring.reciprocity import FormFlow
from raviv.vocabulary import FORM_UNITS, CriterionName, Form, Unit
from raviv.web.i18n import N_

#: The words of the pages, in French (the msgids of the catalog: the templates translate them).
STATUS_LABELS = {
    Status.compliant: N_("À jour"),
    Status.on_track: N_("En bonne voie"),
    Status.at_risk: N_("En retard"),
    Status.non_compliant: N_("Non conforme"),
    Status.grace: N_("Délai de grâce"),
    Status.exempt: N_("Dispensé"),
}
CRITERION_LABELS = {
    CriterionName.meetings_attended: N_("Réunions suivies"),
    CriterionName.hours_given: N_("Heures données"),
    CriterionName.groups_enrolled: N_("Groupes de travail"),
    CriterionName.mandatory_meetings: N_("Réunions obligatoires"),
    CriterionName.dues_paid: N_("Cotisation"),
    CriterionName.forms_given: N_("Formes de contribution"),
    CriterionName.value_given: N_("Valeur donnée"),
    CriterionName.balance_index: N_("Équilibre donné / reçu"),
}
FORM_LABELS = {
    Form.time: N_("Temps donné"),
    Form.knowledge: N_("Savoir-faire partagé"),
    Form.equipment: N_("Matériel prêté"),
    Form.premises: N_("Locaux prêtés"),
    Form.coproduction: N_("Coproduction"),
    Form.shared_staff: N_("Personnel mis à disposition"),
    Form.money: N_("Apport en argent"),
    Form.meeting: N_("Réunion"),
}
UNIT_LABELS = {
    Unit.hours: N_("heures"),
    Unit.person_hours: N_("heures-personnes"),
    Unit.item_days: N_("jours-objets"),
    Unit.room_hours: N_("heures de salle"),
    Unit.m2_days: N_("m²-jours"),
    Unit.euros: N_("euros"),
}
#: After a quantity: « 4,5 h », « 2 j·objet » (no plural to agree).
UNIT_SHORT = {
    Unit.hours: N_("h"),
    Unit.person_hours: N_("h·pers."),
    Unit.item_days: N_("j·objet"),
    Unit.room_hours: N_("h·salle"),
    Unit.m2_days: N_("m²·j"),
    Unit.euros: N_("€"),
}
CONTRIBUTION_STATUS_LABELS = {
    "submitted": N_("En attente de validation"),
    "confirmed": N_("Confirmée, en attente de validation"),
    "validated": N_("Validée"),
    "rejected": N_("Refusée"),
}
#: The forms a member logs from the portal (meetings come from attendance lists).
LOGGABLE_FORMS = tuple(f for f in Form if f is not Form.meeting)


def unit_of(form: Form) -> Unit:
    """The unit a form's quantity is counted in on the pages: its canonical one."""
    return FORM_UNITS[form][0]


@dataclass(frozen=True, slots=True)
class CriterionView:
    label: str
    required: Decimal | int
    actual: Decimal | int | None
    percent: int  # 0–100, for the bar
    met: bool
    on_track: bool
    exempt: bool
    shortfall: Decimal | int
    explanation_fr: str
    explanation_en: str
    money: bool  # the figures are euros
    hours: bool  # the figures are hours

    def explanation(self, locale: str) -> str:
        return self.explanation_en if locale == "en" else self.explanation_fr


def criterion_view(result: CriterionResult) -> CriterionView:
    required, actual = result.required, result.actual
    if result.exempt or result.met:
        percent = 100
    elif actual is None or not required:
        percent = 0
    else:
        percent = max(0, min(100, int(Decimal(actual) * 100 / Decimal(required))))
    return CriterionView(
        label=CRITERION_LABELS.get(result.criterion, result.criterion.value),
        required=required,
        actual=actual,
        percent=percent,
        met=result.met,
        on_track=result.on_track,
        exempt=result.exempt,
        shortfall=result.shortfall,
        explanation_fr=result.explanation_fr,
        explanation_en=result.explanation_en,
        money=result.criterion is CriterionName.value_given,
        hours=result.criterion is CriterionName.hours_given,
    )


@dataclass(frozen=True, slots=True)
class StandingView:
    status: str  # Status value, for the badge's colour
    status_label: str
    criteria: list[CriterionView]
    period_start: dt.date
    due: dt.date  # the period's last day
    member_days: int
    period_days: int
    exemption: str

    @property
    def pro_rata(self) -> bool:
        return self.member_days < self.period_days


def standing_view(
    member: MemberEvaluation, period_start: dt.date, period_end: dt.date
) -> StandingView:
    return StandingView(
        status=member.status.value,
        status_label=STATUS_LABELS[member.status],
        criteria=[criterion_view(c) for c in member.criteria],
        period_start=period_start,
        due=period_end - dt.timedelta(days=1),
        member_days=member.member_days,
        period_days=(period_end - period_start).days,
        exemption=member.exemption,
    )


def party(side: dict[str, Any]) -> tuple[str, str]:
    """A giver or receiver as (kind, ref): ("network", ""), ("group", "petr")… (the key of the
    names a page is given)."""
    for kind in ("member", "group", "project"):
        if side.get(kind):
            return kind, str(side[kind])
    return "network", ""


#: An enforcement decision, named for the member it is about.
DECISION_LABELS = {
    "warning": N_("Avertissement"),
    "restriction": N_("Restriction des services du réseau"),
    "suspension_proposal": N_("Proposition de suspension au conseil d'administration"),
    "lift": N_("Levée de la restriction"),
}


#: A member's balance class over a period (``raviv.scoring``'s, docs/scoring.md), in its words.
BALANCE_CLASS_LABELS = {
    "givers": N_("Nous avons surtout donné"),
    "reciprocal": N_("Équilibré : nous avons donné autant que reçu"),
    "consumers": N_("Nous avons surtout reçu"),
    "inactive": N_("Aucun échange valorisé sur la période"),
}


@dataclass(frozen=True, slots=True)
class FlowView:
    """One form of contribution on the balance page: what the member gave and received, and the
    length of each bar (0–100, of the largest amount on the page)."""

    form: Form
    label: str
    unit: Unit
    given_eur: Decimal
    given_quantity: Decimal
    received_eur: Decimal
    received_quantity: Decimal
    given_bar: int
    received_bar: int


def flow_views(flows: Iterable[FormFlow]) -> list[FlowView]:
    """The member's forms (what ``raviv.scoring`` computed), each with its two bars' lengths."""
    flows = list(flows)
    largest = max([Decimal(0)] + [max(f.given_eur, f.received_eur) for f in flows])

    def bar(value: Decimal) -> int:
        if not largest or value <= 0:
            return 0
        return max(1, min(100, int(value * 100 / largest)))

    return [
        FlowView(
            form=f.form,
            label=FORM_LABELS.get(f.form, f.form.value),
            unit=f.unit,
            given_eur=f.given_eur,
            given_quantity=f.given_quantity,
            received_eur=f.received_eur,
            received_quantity=f.received_quantity,
            given_bar=bar(f.given_eur),
            received_bar=bar(f.received_eur),
        )
        for f in flows
    ]
