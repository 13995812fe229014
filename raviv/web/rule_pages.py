"""The coordinator's page of the participation rule: the version in effect in plain words, a form
to write the next one, its preview (every member's status under it beside today's) and then
« Enregistrer cette version ».

The preview is the service's (:func:`raviv.participation.rule_sets.preview_rule_set`: the
validator of a new version, then the evaluator the evaluation uses, nothing written); saving
adds a version through :func:`raviv.participation.rule_sets.create_rule_set`, as POST
…/rule-sets does. Versions are never edited. Coordinators only, as the API's writes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec
from babel.numbers import format_currency, format_decimal
from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar_htmx import HTMXRequest

from raviv.archive import schema as a
from raviv.errors import ConflictError, DomainError, FieldProblem, InvalidError
from raviv.guard.policy import allow
from raviv.participation import rule_sets
from raviv.registry.service import NetworkContext, resolve_network
from raviv.rules.evaluator import PRO_RATED
from raviv.rules.from_archive import rule_set_in_effect
from raviv.rules.periods import period_at
from raviv.vocabulary import CriterionName, MeetingKind, PeriodKind
from raviv.web import views
from raviv.web.errors import problem_messages
from raviv.web.i18n import N_, gettext
from raviv.web.pages import COORDINATOR, NETWORK, PageController, member_names
from raviv.web.rendering import locale_of, page

RULE_PAGE = NETWORK + "/regle"

PERIOD_LABELS = {
    PeriodKind.season: N_("la saison (de septembre à août)"),
    PeriodKind.calendar_year: N_("l'année civile (de janvier à décembre)"),
    PeriodKind.rolling_12_months: N_("les 12 derniers mois, glissants"),
}
MEETING_KIND_LABELS = {
    MeetingKind.general_assembly: N_("assemblée générale"),
    MeetingKind.board: N_("conseil d'administration"),
    MeetingKind.working_group: N_("groupe de travail"),
    MeetingKind.project: N_("projet"),
    MeetingKind.seminar: N_("séminaire"),
    MeetingKind.training: N_("formation"),
}
#: What each criterion asks, in a sentence (``%(min)s``: its threshold as the page writes it).
CRITERION_SENTENCES = {
    CriterionName.meetings_attended: N_("assister à au moins %(min)s réunion(s)"),
    CriterionName.hours_given: N_("donner au moins %(min)s heure(s)"),
    CriterionName.groups_enrolled: N_("être inscrit à au moins %(min)s groupe(s) de travail"),
    CriterionName.mandatory_meetings: N_("assister à toutes les réunions obligatoires"),
    CriterionName.dues_paid: N_("avoir payé la cotisation de la période"),
    CriterionName.forms_given: N_("donner sous au moins %(min)s forme(s) de contribution"),
    CriterionName.value_given: N_("donner une valeur d'au moins %(min)s"),
    CriterionName.balance_index: N_("un équilibre donné / reçu d'au moins %(min)s"),
}
#: The thresholds: a whole number (counts), an amount (hours, euros), the balance index, none.
WHOLE = frozenset(
    {CriterionName.meetings_attended, CriterionName.groups_enrolled, CriterionName.forms_given}
)
NO_THRESHOLD = frozenset({CriterionName.mandatory_meetings, CriterionName.dues_paid})
THRESHOLD_MESSAGES = {
    "whole": N_("%(label)s : indiquez un nombre entier, 0 ou plus."),
    "amount": N_("%(label)s : indiquez un nombre, 0 ou plus (2 décimales au plus)."),
    "balance": N_("%(label)s : indiquez un nombre entre -1 et 1."),
}
FIELD_MESSAGES = {
    "effective_from": N_(
        "Indiquez le premier jour de la nouvelle version : une date où aucune autre version "
        "ne commence."
    ),
    "ref": N_("Une version commence déjà ce jour-là : choisissez un autre premier jour."),
    "period": N_("Choisissez la période sur laquelle la règle est évaluée."),
    "grace_days": N_("Indiquez le délai de grâce en jours, 0 ou plus."),
    "criteria": N_("Cochez au moins un critère."),
    "min_volume_eur": N_("Indiquez le volume d'échanges en euros, 0 ou plus."),
    "kinds": N_("Choisissez des types de réunion connus."),
}


def criterion_sentence(criterion: a.Criterion, locale: str) -> dict[str, Any]:
    """A criterion in the page's words: its sentence, its filters, whether it is pro rata."""
    name = criterion.criterion
    extras = []
    if criterion.mandatory_only:
        extras.append(gettext(locale, "réunions obligatoires seulement"))
    if criterion.kinds:
        kinds = ", ".join(gettext(locale, MEETING_KIND_LABELS[k]) for k in criterion.kinds)
        extras.append(gettext(locale, "de ces types : %(kinds)s", kinds=kinds))
    if criterion.min_volume_eur is not None:
        volume = format_currency(criterion.min_volume_eur, "EUR", locale=locale)
        extras.append(gettext(locale, "dès que %(volume)s ont été échangés", volume=volume))
    if criterion.min is None:
        threshold = ""
    elif name is CriterionName.value_given:
        threshold = format_currency(criterion.min, "EUR", locale=locale)
    else:
        threshold = format_decimal(criterion.min, locale=locale)
    return {
        "criterion": name.value,
        "label": gettext(locale, views.CRITERION_LABELS[name]),
        "min": criterion.min,
        "money": name is CriterionName.value_given,
        "sentence": gettext(locale, CRITERION_SENTENCES[name], min=threshold)
        if threshold
        else gettext(locale, CRITERION_SENTENCES[name]),
        "extras": extras,
        "pro_rata": name in PRO_RATED,
    }


# -- the form --------------------------------------------------------------------------------------


def values_of(rule: a.RuleSet | None, first_day: dt.date) -> dict[str, Any]:
    """The form's fields, filled from a version (the newest) and the next version's first day."""
    values: dict[str, Any] = {
        "effective_from": first_day.isoformat(),
        "period": rule.period.value if rule else PeriodKind.season.value,
        "grace_days": str(rule.grace_days) if rule else "30",
        "on": set(),
        "min": {},
        "mandatory_only": False,
        "kinds": set(),
        "min_volume_eur": "",
    }
    for criterion in rule.criteria if rule else ():
        name = criterion.criterion.value
        values["on"].add(name)
        values["min"][name] = "" if criterion.min is None else str(criterion.min)
        if criterion.criterion is CriterionName.meetings_attended:
            values["mandatory_only"] = criterion.mandatory_only
            values["kinds"] = {k.value for k in criterion.kinds}
        if criterion.min_volume_eur is not None:
            values["min_volume_eur"] = str(criterion.min_volume_eur)
    return values


def values_from_form(form: Any) -> dict[str, Any]:
    return {
        "effective_from": str(form.get("effective_from", "") or "").strip(),
        "period": str(form.get("period", "") or "").strip(),
        "grace_days": str(form.get("grace_days", "") or "").strip(),
        "on": {str(v) for v in form.getall("criterion", [])},
        "min": {c.value: str(form.get(f"min_{c.value}", "") or "").strip() for c in CriterionName},
        "mandatory_only": bool(form.get("mandatory_only")),
        "kinds": {str(v) for v in form.getall("kinds", [])},
        "min_volume_eur": str(form.get("min_volume_eur", "") or "").strip(),
    }


def _decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace(" ", "").replace("\u202f", "").replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _criterion_body(
    name: CriterionName, values: dict[str, Any], problems: list[FieldProblem]
) -> dict[str, Any]:
    criterion: dict[str, Any] = {"criterion": name.value}
    if name not in NO_THRESHOLD:
        text = values["min"].get(name.value, "")
        number = _decimal(text)
        if number is None or (name in WHOLE and number != number.to_integral_value()):
            problems.append(FieldProblem(f"min_{name.value}", "not a number", text))
        else:
            criterion["min"] = int(number) if name in WHOLE else str(number)
    if name is CriterionName.meetings_attended:
        criterion["mandatory_only"] = bool(values["mandatory_only"])
        criterion["kinds"] = sorted(values["kinds"])
    if name is CriterionName.balance_index and values["min_volume_eur"]:
        volume = _decimal(values["min_volume_eur"])
        if volume is None:
            problems.append(FieldProblem("min_volume_eur", "not a number"))
        else:
            criterion["min_volume_eur"] = str(volume)
    return criterion


def body_of(values: dict[str, Any], tiers: list[a.RuleTier]) -> dict[str, Any]:
    """The form as the body of a new version (what POST …/rule-sets takes); what the form
    itself can tell is wrong (not a number, no criterion) raises, naming the form's field. The
    rest (ranges, clashes) is the validator's, in the service."""
    problems: list[FieldProblem] = []
    criteria = [
        _criterion_body(name, values, problems)
        for name in CriterionName
        if name.value in values["on"]
    ]
    if not criteria:
        problems.append(FieldProblem("criteria", "tick at least one criterion"))
    try:
        first_day = dt.date.fromisoformat(values["effective_from"])
    except ValueError:
        problems.append(FieldProblem("effective_from", "not a date", values["effective_from"]))
        first_day = None
    try:
        grace = int(values["grace_days"])
    except ValueError:
        problems.append(FieldProblem("grace_days", "not a whole number", values["grace_days"]))
        grace = 0
    if problems:
        raise InvalidError("the form is not valid", errors=problems)
    assert first_day is not None
    return {
        "ref": f"regle-{first_day.isoformat()}",
        "effective_from": first_day.isoformat(),
        "period": values["period"],
        "grace_days": grace,
        "criteria": criteria,
        "tiers": msgspec.to_builtins(tiers),
    }


def _form_field(problem: FieldProblem, body: dict[str, Any] | None) -> str:
    """The form's field a problem of the validator is about (``criteria[1].min`` → the
    threshold of the second criterion ticked)."""
    field = problem.field
    if body is not None and field.startswith("criteria["):
        index, _, rest = field.removeprefix("criteria[").partition("]")
        try:
            name = body["criteria"][int(index)]["criterion"]
        except (ValueError, IndexError):
            return "criteria"
        rest = rest.lstrip(".")
        if rest in {"", "min"}:
            return f"min_{name}"
        return rest
    if field.endswith("effective_from") or field.startswith("rule_sets["):
        return "effective_from"
    return field


def rule_problems(refused: DomainError, locale: str, body: dict[str, Any] | None) -> dict[str, str]:
    """Field of the form → what to correct, in the visitor's language."""
    messages: dict[str, str] = {}
    for problem in refused.errors:
        field = _form_field(problem, body)
        if field.startswith("min_") and field != "min_volume_eur":
            name = CriterionName(field.removeprefix("min_"))
            kind = (
                "whole"
                if name in WHOLE
                else "balance"
                if name is CriterionName.balance_index
                else "amount"
            )
            label = gettext(locale, views.CRITERION_LABELS[name])
            messages[field] = gettext(locale, THRESHOLD_MESSAGES[kind], label=label)
        elif field in FIELD_MESSAGES:
            messages[field] = gettext(locale, FIELD_MESSAGES[field])
        else:
            messages.update(
                problem_messages(InvalidError(refused.detail, errors=[problem]), locale)
            )
    if not messages:
        messages[""] = refused.detail
    return messages


# -- the page --------------------------------------------------------------------------------------


def _next_first_day(network: NetworkContext, rule: a.RuleSet | None) -> dt.date:
    """The first day of the period after today's, in the newest version's period kind."""
    today = network.today
    kind = rule.period if rule else PeriodKind.season
    return period_at(kind, today).end


class RulePages(PageController):
    @get(RULE_PAGE, opt=allow(COORDINATOR))
    async def rule_page(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Template:
        network = await resolve_network(network_ref)
        versions = await rule_sets.list_rule_sets(network_ref)
        newest = max(versions, key=lambda v: v.effective_from, default=None)
        values = values_of(newest, _next_first_day(network, newest))
        return await _rule_page(request, network, versions, values)

    @post(RULE_PAGE, opt=allow(COORDINATOR), status_code=200)
    async def rule_form(self, request: HTMXRequest, network_ref: FromPath[str]) -> Response[Any]:
        """« Prévisualiser » (htmx: the preview alone; without JavaScript: the page again with
        it) or « Enregistrer cette version »."""
        network = await resolve_network(network_ref)
        versions = await rule_sets.list_rule_sets(network_ref)
        newest = max(versions, key=lambda v: v.effective_from, default=None)
        form = await request.form()
        values = values_from_form(form)
        action = str(form.get("action", "") or "")
        fragment = bool(request.htmx) and action == "preview"
        locale = locale_of(request)
        body: dict[str, Any] | None = None
        try:
            body = body_of(values, list(newest.tiers) if newest else [])
            if action == "save":
                saved = await rule_sets.create_rule_set(network_ref, body)
                return Redirect(
                    f"/reseaux/{network_ref}/regle?enregistree={saved.ref}", status_code=303
                )
            if action != "preview":
                raise InvalidError.on("action", "preview or save", action)
            preview = await rule_sets.preview_rule_set(network_ref, body, at=network.today)
        except (InvalidError, ConflictError) as refused:
            problems = rule_problems(refused, locale, body)
            if fragment:  # htmx swaps a 200 only: the fragment names what to correct
                return page(request, "_rule_preview.html", preview_problems=problems)
            return await _rule_page(
                request, network, versions, values, problems=problems, status_code=refused.status
            )
        shown = await _preview_view(network_ref, preview)
        if fragment:
            return page(request, "_rule_preview.html", preview=shown, statuses=views.STATUS_LABELS)
        return await _rule_page(request, network, versions, values, preview=shown)


async def _preview_view(network_ref: str, preview: rule_sets.RulePreview) -> dict[str, Any]:
    names = await member_names(network_ref, None)
    rows = [
        {
            "member": change.member,
            "name": names.get(("member", change.member), change.member),
            "current": change.current.status.value if change.current else None,
            "preview": change.preview.status.value if change.preview else None,
            "changed": change.changed,
        }
        for change in preview.members
    ]
    rows.sort(key=lambda row: (not row["changed"], str(row["name"]).casefold()))
    return {
        "at": preview.at,
        "period_start": preview.preview.period.start,
        "period_due": preview.preview.period.end - dt.timedelta(days=1),
        "changes": preview.changes,
        "rows": rows,
        "no_rule": preview.current is None,
    }


async def _rule_page(
    request: Request[Any, Any, Any],
    network: NetworkContext,
    versions: list[a.RuleSet],
    values: dict[str, Any],
    *,
    problems: dict[str, str] | None = None,
    preview: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Template:
    locale = locale_of(request)
    in_effect = rule_set_in_effect(versions, network.today)
    shown = None
    if in_effect is not None:
        shown = {
            "rule": in_effect,
            "period": gettext(locale, PERIOD_LABELS[in_effect.period]),
            "criteria": [criterion_sentence(c, locale) for c in in_effect.criteria],
            "tiers": [
                (t.tier, [criterion_sentence(c, locale) for c in t.criteria])
                for t in in_effect.tiers
            ],
        }
    return page(
        request,
        "rule.html",
        status_code=status_code,
        network=network,
        versions=sorted(versions, key=lambda v: v.effective_from, reverse=True),
        in_effect=in_effect,
        shown=shown,
        values=values,
        problems=problems or {},
        preview=preview,
        saved=request.query_params.get("enregistree"),
        today=network.today,
        criteria=[
            (c, views.CRITERION_LABELS[c], c not in NO_THRESHOLD, c in WHOLE) for c in CriterionName
        ],
        periods=[(k, PERIOD_LABELS[k]) for k in PeriodKind],
        meeting_kinds=[(k, MEETING_KIND_LABELS[k]) for k in MeetingKind],
        has_tiers=bool(in_effect and in_effect.tiers),
        statuses=views.STATUS_LABELS,
    )


ROUTERS = [RulePages]
