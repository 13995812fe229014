"""The one-page participation attestation of one member organisation for one period of the rule.

What it states: what the member gave, by form (quantity and value), the meetings it attended,
the working groups and shared projects it belonged to, its status against the participation
rule with each criterion; the network's name, SIRET (or RNA number) and address; "Fait à …, le
…" with the signatory's name and role, as the coordinator set them in the network's identity.

The figures are the rule's own: :func:`gather_attestation` reads the evaluator's inputs
(:func:`raviv.participation.reading.read_inputs`: validated entries net of reversals, given on
the member's active days, meetings and attendance, enrolments) and evaluates them
(:func:`raviv.rules.from_archive.evaluate_inputs`), so the attestation says what ``raviv rules
evaluate`` says. :func:`attestation_context` arranges them into :class:`AttestationContext`
(plain data, like :mod:`reports.context`'s), which the template
``reports/templates/attestation.html`` prints.

Report-data's context (:mod:`reports.context`) has no attestation part: this module defines its
own, small, and reads raviv's services itself.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from raviv.rules import evaluator as ev
from raviv.vocabulary import FORM_UNITS, Form
from reports.context import Period
from reports.fmt import Lang

FORM_ORDER: Final = tuple(Form)


@dataclass(frozen=True, slots=True, kw_only=True)
class GivenLine:
    """What the member gave in one form: entries, quantity in the form's unit, value."""

    form: str
    unit: str
    entries: int
    quantity: Decimal
    value_eur: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class CriterionLine:
    """One criterion of the rule for the member: required (pro rata of its membership days),
    actual, met, exempt."""

    criterion: str
    unit: str  # count, hours, eur, index
    required: Decimal | int
    actual: Decimal | int | None
    met: bool
    exempt: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class AttestationContext:
    lang: Lang
    network_name: str
    network_legal_name: str
    siret: str | None
    rna: str | None
    address_street: str
    address_postcode: str
    address_city: str
    member_ref: str
    member_name: str
    member_siret: str | None
    period: Period
    at: dt.date  # the evaluation's day: the period's end, or today while it runs
    given: tuple[GivenLine, ...]
    given_total_eur: Decimal
    meetings_attended: int
    mandatory_attended: int
    meetings_excused: int
    groups: tuple[str, ...]
    projects: tuple[str, ...]
    rule_ref: str | None
    status: str | None
    criteria: tuple[CriterionLine, ...]
    exemption: str
    signed_on: dt.date
    place: str  # "Fait à …": the network's city
    signatory_name: str
    signatory_role: str


CRITERION_UNITS: Final = {
    "hours_given": "hours",
    "value_given": "eur",
    "balance_index": "index",
}


def _number(value: Any) -> Decimal | int:
    return value if isinstance(value, int) else Decimal(str(value))


def given_lines(entries: Iterable[ev.ValuedEntry]) -> tuple[tuple[GivenLine, ...], Decimal]:
    """The entries summed by form, in the vocabulary's order, and their total value."""
    sums: dict[Form, list[Any]] = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    for entry in entries:
        line = sums[entry.form]
        line[0] += 1
        line[1] += entry.quantity
        line[2] += entry.value_eur
    lines = tuple(
        GivenLine(
            form=form.value,
            unit=FORM_UNITS[form][0].value if form != Form.meeting else "person-hours",
            entries=sums[form][0],
            quantity=sums[form][1],
            value_eur=sums[form][2],
        )
        for form in FORM_ORDER
        if form in sums
    )
    return lines, sum((line.value_eur for line in lines), Decimal("0.00"))


def attestation_context(
    *,
    lang: Lang,
    identity: Mapping[str, Any],
    member: Mapping[str, Any],
    record: ev.MemberRecord | None,
    evaluation: ev.MemberEvaluation | None,
    rule_ref: str | None,
    period: Period,
    at: dt.date,
    group_names: Mapping[str, str],
    projects: Sequence[str],
    signed_on: dt.date,
) -> AttestationContext:
    """Arrange what was read into the attestation's context (pure)."""
    given, total = given_lines(record.given if record else ())
    attended = [line for line in (record.attendance if record else ()) if line.attended]
    excused = [line for line in (record.attendance if record else ()) if line.excused]
    groups = sorted(
        {group_names.get(e.group, e.group) for e in (record.enrolments if record else ())}
    )
    criteria = tuple(
        CriterionLine(
            criterion=result.criterion.value,
            unit=CRITERION_UNITS.get(result.criterion.value, "count"),
            required=_number(result.required),
            actual=None if result.actual is None else _number(result.actual),
            met=result.met,
            exempt=result.exempt,
        )
        for result in (evaluation.criteria if evaluation else ())
    )
    address = identity.get("address") or {}
    signatory = identity.get("signatory") or {}
    return AttestationContext(
        lang=lang,
        network_name=str(identity.get("name", "")),
        network_legal_name=str(identity.get("legal_name") or identity.get("name", "")),
        siret=identity.get("siret"),
        rna=identity.get("rna"),
        address_street=str(address.get("street", "")),
        address_postcode=str(address.get("postcode", "")),
        address_city=str(address.get("city", "")),
        member_ref=str(member["ref"]),
        member_name=str(member["name"]),
        member_siret=member.get("siret"),
        period=period,
        at=at,
        given=given,
        given_total_eur=total,
        meetings_attended=len(attended),
        mandatory_attended=sum(1 for line in attended if line.mandatory),
        meetings_excused=len(excused),
        groups=tuple(groups),
        projects=tuple(sorted(projects)),
        rule_ref=rule_ref,
        status=evaluation.status.value if evaluation else None,
        criteria=criteria,
        exemption=evaluation.exemption if evaluation else "",
        signed_on=signed_on,
        place=str(address.get("city", "")),
        signatory_name=str(signatory.get("name", "")),
        signatory_role=str(signatory.get("role", "")),
    )


# -- reading -------------------------------------------------------------------------------------


async def network_identity(network_ref: str) -> dict[str, Any]:
    """The network's identity as plain data (``raviv.registry.service.network_identity``'s
    shape). Until the identity work lands, the fields it adds are read as not stated."""
    from raviv.registry import service as registry

    reader = getattr(registry, "network_identity", None)
    if reader is not None:
        identity: dict[str, Any] = await reader(network_ref)
        return identity
    network = await registry.get_network(network_ref)  # pragma: no cover - before identity
    return {"ref": network.ref, "name": network.name, "legal_name": network.name}


async def _all_pages(read: Any, network_ref: str) -> list[Any]:
    items: list[Any] = []
    offset = 0
    while True:
        page = await read(network_ref, limit=500, offset=offset)
        items += page.items
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return items


async def gather_attestation(
    network_ref: str,
    member_ref: str,
    period_start: dt.date,
    *,
    lang: Lang = "fr",
    signed_on: dt.date | None = None,
) -> AttestationContext:
    """Read and evaluate what the attestation of ``member_ref`` for the period starting
    ``period_start`` states. 404 for an unknown network or member; 422 naming ``period`` when
    it is not the first day of a period of the network's rule, or has not begun."""
    from raviv.errors import InvalidError, NotFoundError
    from raviv.ledger import working_life
    from raviv.participation.evaluation import no_rule, wrong_period
    from raviv.participation.reading import read_inputs
    from raviv.registry import service as registry
    from raviv.rules.from_archive import NoRuleSet, WrongPeriod, evaluate_inputs

    network = await registry.resolve_network(network_ref)
    member = await registry.get_member(network_ref, member_ref)
    identity = await network_identity(network_ref)
    today = network.today
    if today < period_start:
        raise InvalidError.on(
            "period", f"the period starting {period_start} has not begun", period_start.isoformat()
        )
    try:
        # What is dated before min(today, the period's end) counts: the whole period once over.
        inputs, _ = await read_inputs(network.id, at=today, period_start=period_start)
    except NoRuleSet as missing:
        raise no_rule(missing, at=today, period_start=period_start) from None
    except WrongPeriod as wrong:
        raise wrong_period(wrong, at=today, period_start=period_start) from None
    at = min(today, inputs.period.end)
    evaluation = evaluate_inputs(inputs, at)
    record = next((m for m in inputs.members if m.ref == member_ref), None)
    mine = next((m for m in evaluation.members if m.member == member_ref), None)
    if record is None:
        raise NotFoundError(f"no member {member_ref!r} in network {network_ref!r}")
    groups = await _all_pages(working_life.list_groups, network_ref)
    projects = [
        project.name
        for project in await _all_pages(working_life.list_projects, network_ref)
        if (member_ref == project.lead or member_ref in project.partners)
        and project.starts_on < inputs.period.end
        and (project.ends_on is None or project.ends_on > inputs.period.start)
    ]
    period = Period(
        start=inputs.period.start,
        end=inputs.period.end,
        last_day=inputs.period.end - dt.timedelta(days=1),
    )
    return attestation_context(
        lang=lang,
        identity=identity,
        member={"ref": member.ref, "name": member.name, "siret": member.siret},
        record=record,
        evaluation=mine,
        rule_ref=evaluation.rule_set,
        period=period,
        at=at,
        group_names={group.ref: group.name for group in groups},
        projects=projects,
        signed_on=signed_on or today,
    )
