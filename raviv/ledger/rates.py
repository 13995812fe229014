"""A network's valuation rates and policy (docs/ledger.md): what an entry is worth in euros.

- Rates are dated, per form (and per equipment or premises category where the network prices
  one apart). They are never edited nor deleted: an entry keeps the value frozen on it when it
  was validated, and a new rate with a later ``effective_from`` supersedes the earlier one.
- ``money`` is valued at face value: it takes no rate.
- With no rate of its own for a time-like form, the network values an hour at the SMIC brut
  horaire of the day times its employer-charge coefficient: 1.25 until it states another, with
  the method its reports state (ANC 2018-06 imposes none, but it must be stated).

Every change writes its audit line in the same transaction, then this process stops guessing
from its copy of the network's rates (:func:`raviv.ledger.contributions.forget_rates`; other
processes' copies are checked against the database when they log an entry).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from raviv import valuation
from raviv.db import duplicate_is_conflict, transaction
from raviv.errors import ConflictError, FieldProblem, InvalidError
from raviv.guard import audit
from raviv.ledger import contributions
from raviv.ledger import rate_schemas as schemas
from raviv.ledger.archive_io import read_valuation_policy
from raviv.ledger.tables import Rate, ValuationPolicy
from raviv.lib import amounts
from raviv.registry.service import network_id, network_today
from raviv.valuation import (
    DEFAULT_CHARGE_COEFFICIENT,
    RateMissing,
    default_hourly_rate,
    smic_brut_horaire,
)
from raviv.vocabulary import FORM_UNITS, Form, Unit

#: Far above any rate worth stating, far below what a BigInt of cents holds.
MAX_RATE_CENTS: Final = 10**12

_FORM_ORDER: Final = {form: position for position, form in enumerate(Form)}


def method_for(coefficient: Decimal) -> str:
    """The method a coefficient states, in French as reports print it: 1.25 → "… × 1,25 …"."""
    shown = format(coefficient.normalize(), "f").replace(".", ",")
    return f"SMIC brut horaire × {shown} (charges patronales)"


DEFAULT_METHOD: Final = method_for(DEFAULT_CHARGE_COEFFICIENT)


# -- reading --------------------------------------------------------------------------------------


def _rate_out(row: dict[str, Any]) -> schemas.Rate:
    return schemas.Rate(
        form=Form(row["form"]),
        category=row["category"],
        eur_per_unit=amounts.euros(row["eur_per_unit_cents"]),
        unit=Unit(row["unit"]),
        effective_from=row["effective_from"],
        method=row["method"],
        created_at=row["created_at"],
    )


async def _policy(nid: int) -> schemas.Policy:
    stated = await read_valuation_policy(nid)
    if stated is None:
        return schemas.Policy(
            charge_coefficient=DEFAULT_CHARGE_COEFFICIENT,
            method=DEFAULT_METHOD,
            stated=False,
            updated_at=None,
        )
    return schemas.Policy(
        charge_coefficient=stated.charge_coefficient,
        method=stated.method,
        stated=True,
        updated_at=stated.updated_at,
    )


def default_rate_on(on: date, coefficient: Decimal) -> schemas.DefaultHourlyRate | None:
    """The default hourly rate on ``on`` with the SMIC it uses; ``None`` before the first SMIC
    raviv knows."""
    try:
        smic = smic_brut_horaire(on)
    except RateMissing:
        return None
    return schemas.DefaultHourlyRate(
        on=on,
        smic_brut_horaire=smic,
        charge_coefficient=coefficient,
        eur_per_hour=default_hourly_rate(on, coefficient),
    )


async def list_rates(network_ref: str) -> schemas.Rates:
    """Every rate of the network, by form then first day; its policy, and the default hourly
    rate in effect today (in the network's time zone)."""
    nid = await network_id(network_ref)
    rows = (
        await Rate.select(
            Rate.form,
            Rate.category,
            Rate.eur_per_unit_cents,
            Rate.unit,
            Rate.effective_from,
            Rate.method,
            Rate.created_at,
        )
        .where(Rate.network == nid)
        .run()
    )
    rows.sort(key=lambda r: (_FORM_ORDER[Form(r["form"])], r["effective_from"], r["category"]))
    policy = await _policy(nid)
    return schemas.Rates(
        rates=[_rate_out(row) for row in rows],
        policy=policy,
        default_hourly_rate=default_rate_on(await network_today(nid), policy.charge_coefficient),
    )


# -- changing -------------------------------------------------------------------------------------


def _positive(value: Decimal) -> bool:
    try:
        return value.is_finite() and value > 0
    except InvalidOperation:  # a signalling NaN
        return False


def rate_cents(value: Decimal, field: str = "eur_per_unit") -> int:
    """A rate as stored: euro cents, exact; refused unless positive, with at most 2 decimals."""
    if not _positive(value):
        raise InvalidError.on(field, "must be more than 0", value)
    cents = amounts.scaled(value, amounts.CENTS)
    if cents is None or cents > MAX_RATE_CENTS:
        raise InvalidError.on(field, "at most 2 decimals, and not absurdly large", value)
    return cents


def coefficient_milli(value: Decimal, field: str = "charge_coefficient") -> int:
    """A charge coefficient as stored: thousandths, exact; from 1 to 3, 3 decimals at most."""
    milli, refused = valuation.coefficient_milli(value)
    if milli is None:
        raise InvalidError.on(field, refused, value)
    return milli


def _checked_unit(form: Form, unit: Unit | None) -> Unit:
    chosen = unit or FORM_UNITS[form][0]
    if chosen not in FORM_UNITS[form]:
        accepted = ", ".join(u.value for u in FORM_UNITS[form])
        raise InvalidError.on("unit", f"{form.value} is counted in {accepted}", chosen.value)
    return chosen


async def create_rate(network_ref: str, data: schemas.RateCreate) -> schemas.Rate:
    """Add a dated rate. Refused (422) for money (valued at face), a unit the form is not
    counted in, a rate not more than 0 or with more than 2 decimals; (409) when the form and
    category already have a rate starting that day."""
    if data.form is Form.money:
        raise InvalidError.on("form", "money is valued at face value: it takes no rate", "money")
    unit = _checked_unit(data.form, data.unit)
    cents = rate_cents(data.eur_per_unit)
    ref = "/".join(
        p for p in (data.form.value, data.category, data.effective_from.isoformat()) if p
    )
    duplicate = "this form and category already have a rate starting that day"
    async with (
        duplicate_is_conflict("effective_from", duplicate, value=data.effective_from),
        transaction(),
    ):
        nid = await network_id(network_ref)
        same = (
            (Rate.network == nid)
            & (Rate.form == data.form.value)
            & (Rate.category == data.category)
            & (Rate.effective_from == data.effective_from)
        )
        if await Rate.exists().where(same):
            raise ConflictError(
                f"{ref}: {duplicate} (rates are never edited: state a later one).",
                errors=[FieldProblem("effective_from", duplicate, data.effective_from.isoformat())],
            )
        row = Rate(
            network=nid,
            form=data.form.value,
            category=data.category,
            eur_per_unit_cents=cents,
            unit=unit.value,
            effective_from=data.effective_from,
            method=data.method,
            created_at=datetime.now(UTC),
        )
        await Rate.insert(row).run()
        created = _rate_out(row.to_dict())
        await audit.record(
            "rate.create", network=nid, object_type="rate", object_ref=ref, after=created
        )
    contributions.forget_rates(network_ref)
    return created


async def set_policy(network_ref: str, data: schemas.PolicyUpdate) -> schemas.Policy:
    """State the network's employer-charge coefficient (and its method, made up from the
    coefficient when left empty). Entries already validated keep their frozen value."""
    milli = coefficient_milli(data.charge_coefficient)
    method = data.method.strip() or method_for(amounts.from_milli(milli))
    now = datetime.now(UTC)
    meanwhile = "the policy was being changed at the same time: try again"
    async with (
        duplicate_is_conflict("charge_coefficient", meanwhile, value=data.charge_coefficient),
        transaction(),
    ):
        nid = await network_id(network_ref)
        before = await _policy(nid)
        if before.stated:
            await (
                ValuationPolicy.update(
                    {
                        ValuationPolicy.charge_coefficient_milli: milli,
                        ValuationPolicy.method: method,
                        ValuationPolicy.updated_at: now,
                    }
                )
                .where(ValuationPolicy.network == nid)
                .run()
            )
        else:
            await ValuationPolicy.insert(
                ValuationPolicy(
                    network=nid, charge_coefficient_milli=milli, method=method, updated_at=now
                )
            ).run()
        after = await _policy(nid)
        old, new = audit.changed(audit.snapshot(before), audit.snapshot(after))
        await audit.record(
            "valuation_policy.update",
            network=nid,
            object_type="network",
            object_ref=network_ref,
            before=old,
            after=new,
        )
    contributions.forget_rates(network_ref)
    return after
