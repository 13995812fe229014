"""The coordinator's pages of the network's settings: exemptions, dues, valuation rates and the
charge coefficient, working groups and shared projects.

Each page lists what the service the API uses answers and writes through it: a form's fields
become the API's input by the API's own decoding (``msgspec.convert`` into its input struct),
then the service checks, writes and audits as for the API. A form with something wrong comes
back with the field named (4xx) and nothing written. Coordinators only, as the API's writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from raviv.errors import DomainError, FieldProblem, InvalidError, convert_input
from raviv.guard.policy import allow
from raviv.ledger import rate_schemas as rate_io
from raviv.ledger import rates, working_life
from raviv.ledger import working_schemas as working_io
from raviv.participation import rule_sets
from raviv.registry import schemas as registry_io
from raviv.registry.service import (
    NetworkContext,
    list_dues,
    list_members,
    record_due,
    resolve_network,
)
from raviv.rules.periods import period_at, periods_back
from raviv.valuation import DatedRate, rate_on
from raviv.vocabulary import CriterionName, Form, PeriodKind, Unit
from raviv.web import views
from raviv.web.errors import problem_messages
from raviv.web.i18n import N_
from raviv.web.pages import COORDINATOR, NETWORK, PageController
from raviv.web.rendering import locale_of, page

T = TypeVar("T")

#: What to correct, by the field the service or the decoding names.
FIELD_MESSAGES = {
    "member": N_("Choisissez un membre du réseau."),
    "period_start": N_("Choisissez une période."),
    "reason": N_("Indiquez le motif (500 caractères au plus)."),
    "criteria": N_("Choisissez « tous les critères » ou cochez ceux qui sont levés."),
    "decided_by": N_("Indiquez qui a décidé (200 caractères au plus)."),
    "decided_on": N_("Indiquez une date valide."),
    "amount_eur": N_("Indiquez un montant en euros, 0 ou plus (2 décimales au plus)."),
    "paid_on": N_("Indiquez une date de paiement valide, ou laissez vide."),
    "means": N_("Indiquez le moyen de paiement (32 caractères au plus)."),
    "form": N_("Choisissez une forme de contribution."),
    "eur_per_unit": N_("Indiquez un taux en euros supérieur à 0 (2 décimales au plus)."),
    "effective_from": N_("Indiquez le premier jour où le taux s'applique."),
    "unit": N_("Choisissez une unité qui convient à cette forme."),
    "category": N_("Indiquez une catégorie valide, ou laissez vide."),
    "method": N_("Décrivez la méthode en 500 caractères au plus."),
    "charge_coefficient": N_("Indiquez un coefficient entre 1 et 3 (3 décimales au plus)."),
    "ref": N_("Indiquez une référence : lettres minuscules, chiffres et tirets."),
    "name": N_("Indiquez un nom."),
    "description": N_("La description est trop longue."),
    "lead": N_("Choisissez le membre qui porte le projet."),
    "starts_on": N_("Indiquez une date de début valide."),
    "ends_on": N_("Indiquez une date de fin valide, après le début, ou laissez vide."),
    "on": N_("Indiquez une date valide, après le début de l'inscription."),
    "group": N_("Choisissez un groupe de travail."),
    "project": N_("Choisissez un projet."),
    "action": N_("Choisissez ce que vous voulez faire."),
}
#: When the service refuses a duplicate (409).
CONFLICT_MESSAGES = {
    "period_start": N_("Déjà enregistré pour ce membre et cette période : rien n'a été changé."),
    "effective_from": N_("Un taux de cette forme commence déjà ce jour-là."),
    "ref": N_("Cette référence est déjà prise dans le réseau."),
    "member": N_("Ce membre y est déjà."),
}


def named(refused: DomainError, locale: str) -> dict[str, str]:
    """Field → what to correct, in the visitor's language: these pages' words first."""
    return problem_messages(refused, locale, FIELD_MESSAGES, CONFLICT_MESSAGES)


def fields(form: Any, *names: str) -> dict[str, str]:
    return {name: str(form.get(name, "") or "").strip() for name in names}


def optional(values: dict[str, str]) -> dict[str, Any]:
    """Empty fields left out (the input's defaults apply)."""
    return {k: v for k, v in values.items() if v != ""}


async def period_choices(network_ref: str, network: NetworkContext) -> list[dt.date]:
    """The periods a coordinator records for: the one before, today's and the next, in the
    period kind of the rule in effect (a season by default)."""
    kind = await rule_sets.period_kind_on(network_ref, network.today) or PeriodKind.season
    if kind is PeriodKind.rolling_12_months:
        return [period_at(kind, network.today).start]
    now, before = periods_back(kind, network.today, 2)
    return [before.start, now.start, now.end]


async def members_of(network_ref: str) -> list[Any]:
    return list((await list_members(network_ref, limit=500, offset=0, only=None)).items)


def done(url: str, flag: str) -> Redirect:
    return Redirect(f"{url}?{flag}=1", status_code=303)


# -- exemptions ------------------------------------------------------------------------------------

EXEMPTIONS = NETWORK + "/dispenses"


class ExemptionPages(PageController):
    @get(EXEMPTIONS, opt=allow(COORDINATOR))
    async def exemptions(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Template:
        return await _exemptions_page(request, network_ref, {})

    @post(EXEMPTIONS, opt=allow(COORDINATOR), status_code=303)
    async def record_exemption(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        values = fields(form, "member", "period_start", "scope", "reason", "decided_by")
        waived = [str(c) for c in form.getall("criteria", [])]
        body: dict[str, Any] = {
            **optional(values),
            "criteria": "all" if values["scope"] != "some" else waived,
        }
        body.pop("scope", None)
        body["decided_on"] = (await resolve_network(network_ref)).today.isoformat()
        try:
            data = convert_input(body, rule_sets.ExemptionCreate)
            await rule_sets.create_exemption(network_ref, data)
        except DomainError as refused:
            return await _exemptions_page(
                request, network_ref, {**values, "criteria": waived}, refused
            )
        return done(f"/reseaux/{network_ref}/dispenses", "enregistree")


async def _exemptions_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    values: dict[str, Any],
    refused: DomainError | None = None,
) -> Template:
    network = await resolve_network(network_ref)
    members = await members_of(network_ref)
    periods = await period_choices(network_ref, network)
    listed = await rule_sets.list_exemptions(network_ref, None)
    return page(
        request,
        "exemptions.html",
        status_code=refused.status if refused else 200,
        network=network,
        exemptions=sorted(listed, key=lambda e: (e.period_start, e.member), reverse=True),
        names={m.ref: m.name for m in members},
        members=members,
        periods=periods,
        values={"period_start": periods[-2 if len(periods) > 1 else 0].isoformat(), **values},
        criteria=[(c.value, views.CRITERION_LABELS[c]) for c in CriterionName],
        labels={c.value: views.CRITERION_LABELS[c] for c in CriterionName},
        problems=named(refused, locale_of(request)) if refused else {},
        saved=request.query_params.get("enregistree"),
    )


# -- dues ------------------------------------------------------------------------------------------

DUES = NETWORK + "/cotisations"


class DuesPages(PageController):
    @get(DUES, opt=allow(COORDINATOR))
    async def dues(self, request: Request[Any, Any, Any], network_ref: FromPath[str]) -> Template:
        return await _dues_page(request, network_ref, {})

    @post(DUES, opt=allow(COORDINATOR), status_code=303)
    async def record(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        values = fields(form, "member", "period_start", "amount_eur", "paid_on", "means")
        body = optional(values)
        if "amount_eur" in body:
            body["amount_eur"] = body["amount_eur"].replace(" ", "").replace(",", ".")
        member = body.pop("member", "")
        try:
            if not member:
                raise InvalidError.on("member", "choose a member")
            data = convert_input(body, registry_io.DueCreate)
            await record_due(network_ref, member, data)
        except DomainError as refused:
            return await _dues_page(request, network_ref, values, refused)
        period = values["period_start"]
        return Redirect(
            f"/reseaux/{network_ref}/cotisations?periode={period}&enregistree=1", status_code=303
        )


async def _dues_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    values: dict[str, str],
    refused: DomainError | None = None,
) -> Template:
    network = await resolve_network(network_ref)
    members = await members_of(network_ref)
    periods = await period_choices(network_ref, network)
    current = periods[-2 if len(periods) > 1 else 0]
    asked = request.query_params.get("periode") or values.get("period_start") or ""
    try:
        period = dt.date.fromisoformat(asked) if asked else current
    except ValueError:
        period = current
    rows = []
    for member in members:
        dues = await list_dues(network_ref, member.ref)
        due = next((d for d in dues if d.period_start == period), None)
        rows.append({"member": member, "due": due})
    paid = sum(1 for row in rows if row["due"] and row["due"].paid_on)
    return page(
        request,
        "dues.html",
        status_code=refused.status if refused else 200,
        network=network,
        rows=rows,
        paid=paid,
        period=period,
        periods=periods if period in periods else [*periods, period],
        members=members,
        values={"period_start": period.isoformat(), "paid_on": network.today.isoformat(), **values},
        problems=named(refused, locale_of(request)) if refused else {},
        saved=request.query_params.get("enregistree"),
    )


# -- valuation rates and the charge coefficient ------------------------------------------------

RATES = NETWORK + "/taux"


class RatePages(PageController):
    @get(RATES, opt=allow(COORDINATOR))
    async def rates(self, request: Request[Any, Any, Any], network_ref: FromPath[str]) -> Template:
        return await _rates_page(request, network_ref, {})

    @post(RATES, opt=allow(COORDINATOR), status_code=303)
    async def change(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Response[Any]:
        """« Ajouter ce taux » (``action=rate``) or the charge coefficient (``action=policy``)."""
        form = await request.form()
        action = str(form.get("action", "") or "")
        names = ("form", "eur_per_unit", "effective_from", "unit", "category", "method")
        values = fields(form, *names, "charge_coefficient", "policy_method")
        try:
            if action == "rate":
                body = optional({name: values[name] for name in names})
                if "eur_per_unit" in body:
                    body["eur_per_unit"] = _number(body["eur_per_unit"])
                await rates.create_rate(network_ref, convert_input(body, rate_io.RateCreate))
            elif action == "policy":
                policy = optional(
                    {
                        "charge_coefficient": _number(values["charge_coefficient"]),
                        "method": values["policy_method"],
                    }
                )
                await rates.set_policy(network_ref, convert_input(policy, rate_io.PolicyUpdate))
            else:
                raise InvalidError.on("action", "add a rate or set the coefficient", action)
        except DomainError as refused:
            return await _rates_page(request, network_ref, values, refused, action)
        return done(f"/reseaux/{network_ref}/taux", "taux" if action == "rate" else "coefficient")


def _number(text: str) -> str:
    return text.replace(" ", "").replace("\u202f", "").replace("\xa0", "").replace(",", ".")


async def _rates_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    values: dict[str, str],
    refused: DomainError | None = None,
    action: str = "",
) -> Template:
    network = await resolve_network(network_ref)
    stated = await rates.list_rates(network_ref)
    dated = [
        DatedRate(r.form, r.eur_per_unit, r.effective_from, category=r.category or None)
        for r in stated.rates
    ]
    in_effect = []
    for kind in Form:
        for category in sorted({r.category for r in stated.rates if r.form is kind}):
            rate = rate_on(dated, kind, network.today, category or None)
            if rate is None or (rate.category or "") != category:
                continue
            shown = next(
                r
                for r in stated.rates
                if r.form is kind
                and r.category == category
                and r.effective_from == rate.effective_from
            )
            in_effect.append(shown)
    problems = named(refused, locale_of(request)) if refused else {}
    return page(
        request,
        "rates.html",
        status_code=refused.status if refused else 200,
        network=network,
        in_effect=in_effect,
        rates=stated.rates,
        policy=stated.policy,
        default=stated.default_hourly_rate,
        forms=[(f, views.FORM_LABELS[f]) for f in Form],
        units=[(u, views.UNIT_LABELS[u]) for u in Unit],
        views=views,
        values={
            "effective_from": network.today.isoformat(),
            "charge_coefficient": str(stated.policy.charge_coefficient),
            **values,
        },
        rate_problems=problems if action != "policy" else {},
        policy_problems=problems if action == "policy" else {},
        saved_rate=request.query_params.get("taux"),
        saved_policy=request.query_params.get("coefficient"),
    )


# -- working groups and shared projects ------------------------------------------------------------

GROUPS = NETWORK + "/groupes"
GROUP_ACTIONS = frozenset(
    {"create_group", "enrol", "unenrol", "create_project", "add_partner", "remove_partner"}
)


class GroupPages(PageController):
    @get(GROUPS, opt=allow(COORDINATOR))
    async def groups(self, request: Request[Any, Any, Any], network_ref: FromPath[str]) -> Template:
        return await _groups_page(request, network_ref, {})

    @post(GROUPS, opt=allow(COORDINATOR), status_code=303)
    async def change(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Response[Any]:
        """One of the page's forms, by its ``action``: create a group, enrol or un-enrol a
        member, create a project, add or remove a partner."""
        form = await request.form()
        action = str(form.get("action", "") or "")
        values = fields(
            form,
            "ref",
            "name",
            "description",
            "group",
            "member",
            "on",
            "lead",
            "project",
            "starts_on",
            "ends_on",
            "facilitator",
        )
        try:
            await _group_action(network_ref, action, values)
        except DomainError as refused:
            return await _groups_page(request, network_ref, values, refused, action)
        return Redirect(f"/reseaux/{network_ref}/groupes?fait={action}", status_code=303)


def _required(values: dict[str, str], *names: str) -> None:
    missing = [FieldProblem(name, "required") for name in names if not values[name]]
    if missing:
        raise InvalidError("a field is missing", errors=missing)


async def _group_action(network_ref: str, action: str, values: dict[str, str]) -> None:
    if action not in GROUP_ACTIONS:
        raise InvalidError.on("action", "unknown action", action)
    if action == "create_group":
        body = optional({k: values[k] for k in ("ref", "name", "description")})
        await working_life.create_group(network_ref, convert_input(body, working_io.GroupCreate))
    elif action == "enrol":
        _required(values, "group")
        body = optional({"member": values["member"], "starts_on": values["on"]})
        body["facilitator"] = bool(values["facilitator"])
        data = convert_input(body, working_io.EnrolmentCreate)
        await working_life.enrol(network_ref, values["group"], data)
    elif action == "unenrol":
        _required(values, "group", "member")
        end = convert_input(optional({"on": values["on"]}), working_io.EnrolmentEnd)
        await working_life.unenrol(network_ref, values["group"], values["member"], end)
    elif action == "create_project":
        names = ("ref", "name", "lead", "starts_on", "ends_on")
        body = optional({k: values[k] for k in names})
        await working_life.create_project(
            network_ref, convert_input(body, working_io.ProjectCreate)
        )
    elif action == "add_partner":
        _required(values, "project")
        partner = convert_input(optional({"member": values["member"]}), working_io.PartnerAdd)
        await working_life.add_partner(network_ref, values["project"], partner)
    else:
        _required(values, "project", "member")
        await working_life.remove_partner(network_ref, values["project"], values["member"])


async def _groups_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    values: dict[str, str],
    refused: DomainError | None = None,
    action: str = "",
) -> Template:
    network = await resolve_network(network_ref)
    members = await members_of(network_ref)
    groups = (await working_life.list_groups(network_ref, limit=200, offset=0)).items
    projects = (await working_life.list_projects(network_ref, limit=200, offset=0)).items
    today = network.today
    enrolled = {}
    for group in groups:
        current = [
            e
            for e in await working_life.list_enrolments(network_ref, group.ref)
            if e.starts_on <= today and (e.ends_on is None or today < e.ends_on)
        ]
        enrolled[group.ref] = current
    return page(
        request,
        "groups.html",
        status_code=refused.status if refused else 200,
        network=network,
        groups=groups,
        projects=projects,
        enrolled=enrolled,
        members=members,
        names={m.ref: m.name for m in members},
        values={"on": today.isoformat(), "starts_on": today.isoformat(), **values},
        action=action,
        problems=named(refused, locale_of(request)) if refused else {},
        done=request.query_params.get("fait"),
    )


ROUTERS = [ExemptionPages, DuesPages, RatePages, GroupPages]
