"""Logging an entry in one statement: the hot path of ``POST …/contributions``.

A contribution is only written when its giver and receiver exist in the network, the giver was an
active member on the entry's day and, for an entry validated at once, the rate frozen on it is
the one in effect. Checking that with one query per fact costs six round trips before the write.
Here the facts are conditions of a single ``INSERT … SELECT``: the network, the giver and the
receiver are joined by ref, the membership is an ``EXISTS``, and the rate Python computed (from a
per-process copy of the network's rates, :class:`RateCache`) must equal the rate the database
has in effect that day. With no rate of the network in effect for a time-like form, the database
computes the default hourly rate itself, from the SMIC brut horaire of the day (bound by Python,
which holds the table of SMIC decrees) and the employer-charge coefficient the network states in
``valuation_policy`` (1.25 when it states none). If any condition fails the statement inserts
nothing, and the caller takes the slow path, which checks each fact in turn to say which one
failed (and refreshes the copy). A stale copy of the rates or of the coefficient can therefore
cost a slow path, never a wrong value.

The SQL text depends only on the entry's shape (who gives, what receives, whether a rate is
checked, whether the entry has a category), so there are a few dozen templates, each built once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final

from raviv.lib import amounts
from raviv.valuation import DEFAULT_CHARGE_COEFFICIENT, DatedRate, RateMissing, smic_brut_horaire
from raviv.vocabulary import Form, PartyKind

#: The receiver's table, by kind (a receiving network needs none).
_RECEIVER_TABLES: Final = {
    PartyKind.member: "member",
    PartyKind.group: "working_group",
    PartyKind.project: "shared_project",
}

#: Casts PostgreSQL needs on parameters of a SELECT list (it cannot infer them from the column).
_PG_CASTS: Final = {
    "quantity_milli": "::bigint",
    "date": "::date",
    "created_by": "::integer",
    "created_at": "::timestamptz",
    "rate_cents": "::bigint",
    "value_cents": "::bigint",
    "validated_by": "::integer",
    "validated_at": "::timestamptz",
}

#: The coefficient of a network that states none, in thousandths (as ``valuation_policy`` holds it).
_DEFAULT_COEFFICIENT_MILLI: Final = int(DEFAULT_CHARGE_COEFFICIENT.scaleb(amounts.MILLI))


@dataclass(frozen=True, slots=True)
class Shape:
    """What the statement's text depends on."""

    giver_is_member: bool
    receiver: PartyKind
    checks_rate: bool  # a coordinator's entry in a form with a rate (not money)
    has_category: bool


@lru_cache(maxsize=128)
def statement(shape: Shape, columns: tuple[str, ...], engine_type: str) -> str:
    """The ``INSERT … SELECT`` for entries of this shape, with ``{}`` placeholders.

    Its parameters, in order: ``columns``' values, the giver's ref (if a member), the receiver's
    ref (if not the network), the network's ref, the day twice (membership, if a member gives),
    then for a checked rate: the form, [the form, the day, the category — if any], the form, the
    day, the SMIC brut horaire of the day in cents (None for a form with no default rate), and
    the rate frozen on the entry.

    The default hourly rate is SMIC × coefficient, half-up to the cent; in cents × thousandths,
    that is ``(smic_cents × coefficient_milli + 500) / 1000`` in integer arithmetic (both
    positive, so the engines' truncating division is a floor).
    """
    casts = _PG_CASTS if engine_type == "postgres" else {}
    inserted = ["network"]
    selected = ["n.id"]
    if shape.giver_is_member:
        inserted.append("giver_member")
        selected.append("g.id")
    table = _RECEIVER_TABLES.get(shape.receiver)
    if table is not None:
        inserted.append(f"receiver_{shape.receiver.value}")
        selected.append("r.id")
    inserted += columns
    selected += ["{}" + casts.get(c, "") for c in columns]
    day = "{}" + casts.get("date", "")
    sql = [f"INSERT INTO contribution ({', '.join(inserted)}) SELECT {', '.join(selected)}"]
    sql.append("FROM network n")
    if shape.giver_is_member:
        sql.append("JOIN member g ON g.network = n.id AND g.ref = {}")
    if table is not None:
        sql.append(f"JOIN {table} r ON r.network = n.id AND r.ref = {{}}")
    sql.append("WHERE n.ref = {}")
    if shape.giver_is_member:
        sql.append(
            "AND EXISTS (SELECT 1 FROM membership m WHERE m.member = g.id"  # noqa: S608 - constant text; values are bound
            f" AND m.status = 'active' AND m.starts_on <= {day}"
            f" AND (m.ends_on IS NULL OR m.ends_on > {day}))"
        )
    if shape.checks_rate:
        in_effect = (
            "(SELECT x.eur_per_unit_cents FROM rate x WHERE x.network = n.id AND x.form = {}"  # noqa: S608 - constant text; values are bound
            f" AND x.category = {{}} AND x.effective_from <= {day}"
            " ORDER BY x.effective_from DESC LIMIT 1)"
        )
        general = in_effect.replace("x.category = {}", "x.category = ''")
        candidates = [in_effect, general] if shape.has_category else [general]
        bigint = casts.get("rate_cents", "")
        coefficient = (
            "COALESCE((SELECT p.charge_coefficient_milli FROM valuation_policy p"  # noqa: S608 - constant text
            f" WHERE p.network = n.id), {_DEFAULT_COEFFICIENT_MILLI})"
        )
        candidates.append(f"({{}}{bigint} * {coefficient} + 500) / 1000")
        sql.append(f"AND COALESCE({', '.join(candidates)}) = {{}}{bigint}")
    return " ".join(sql)


def parameters(  # noqa: PLR0917 - the statement's parameters, in its order
    shape: Shape,
    values: Iterable[Any],
    network_ref: str,
    giver_ref: str | None,
    receiver_ref: str | None,
    on: date,
    *,
    form: Form,
    category: str,
    default_rate_cents: int | None,
    rate_cents: int | None,
) -> list[Any]:
    """The values bound to :func:`statement`'s placeholders, in the same order.

    ``default_rate_cents`` is the default hourly rate Python guessed, ``None`` for a form that has
    none. Only whether there is one matters: the statement recomputes it from the SMIC of the day
    and the coefficient the database holds, rather than trust this process's copy of it.
    """
    args = list(values)
    if shape.giver_is_member:
        args.append(giver_ref)
    if shape.receiver in _RECEIVER_TABLES:
        args.append(receiver_ref)
    args.append(network_ref)
    if shape.giver_is_member:
        args += [on, on]
    if shape.checks_rate:
        if shape.has_category:
            args += [form.value, category, on]
        args += [form.value, on, None if default_rate_cents is None else _smic_cents(on)]
        args.append(rate_cents)
    return args


def _smic_cents(on: date) -> int | None:
    try:
        return int(smic_brut_horaire(on).scaleb(amounts.CENTS))
    except RateMissing:
        return None


@dataclass(frozen=True, slots=True)
class CachedRates:
    """A network's rates of one form, and its employer-charge coefficient, read together."""

    rates: tuple[DatedRate, ...]
    charge_coefficient: Decimal


class RateCache:
    """Each network's rates of each form, with its charge coefficient, as last read by this
    process.

    Only a guess: the statement checks the rate (and the default hourly rate the coefficient
    makes) against the database, and a miss takes the slow path, which reads them again
    (:meth:`put`). Bounded: past ``size`` keys it starts over.
    """

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._rates: dict[tuple[str, Form], CachedRates] = {}

    def get(self, network_ref: str, form: Form) -> CachedRates | None:
        return self._rates.get((network_ref, form))

    def put(
        self, network_ref: str, form: Form, rates: Iterable[DatedRate], charge_coefficient: Decimal
    ) -> None:
        if len(self._rates) >= self._size:
            self._rates.clear()
        self._rates[(network_ref, form)] = CachedRates(tuple(rates), charge_coefficient)

    def forget(self, network_ref: str) -> None:
        """Drop a network's rates and coefficient (this process changed them)."""
        for key in [k for k in self._rates if k[0] == network_ref]:
            del self._rates[key]
