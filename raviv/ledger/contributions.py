"""Contributions: logging what is given, the workflow that makes it count, and reversals.

- A coordinator's entry is validated at once; a member representative's is ``submitted`` until a
  coordinator validates or rejects it (with a reason); an entry between two members may be
  ``confirmed`` by the receiving member meanwhile. Only validated entries count.
- The rate in effect on the entry's date is frozen on it when it is validated, with its value.
- Append-only: a validated entry is never edited nor deleted. A reversal entry cancels it (the
  pair counts for nothing anywhere); a reversal is never reversed.
- Creation is idempotent per account and ``Idempotency-Key``: a retry returns the first entry.
Every change writes its audit line in the same transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

import msgspec
import structlog

from raviv.db import get_engine, is_unique_violation, statement, transaction
from raviv.errors import ConflictError, FieldProblem, ForbiddenError, InvalidError, NotFoundError
from raviv.guard import audit
from raviv.guard.principal import Principal
from raviv.guard.roles import Role
from raviv.ledger import guarded_insert, schemas
from raviv.ledger.archive_io import CONTRIBUTION_COLUMNS, read_charge_coefficient
from raviv.ledger.tables import Contribution, Rate, SharedProject, WorkingGroup
from raviv.ledger.working_life import member_id
from raviv.lib import amounts
from raviv.pagination import Page
from raviv.registry.service import network_id
from raviv.registry.tables import Membership
from raviv.valuation import (
    TIME_LIKE_FORMS,
    DatedRate,
    RateMissing,
    default_hourly_rate,
    unit_rate,
    value_eur,
)
from raviv.vocabulary import FORM_UNITS, ContributionStatus, Form, MembershipStatus, PartyKind, Unit

PENDING = (ContributionStatus.submitted.value, ContributionStatus.confirmed.value)


class ServiceCheck(Protocol):
    """A check made before an entry is logged, added by a domain above the ledger (the
    participation rule refuses a service the network gives to a member under a restriction:
    :func:`raviv.participation.enforcement.restrictions.check_network_service`). It raises the
    domain error that refuses the entry, or returns what the entry's audit line must say of an
    override ("" when none)."""

    async def __call__(
        self,
        network_id: int,
        data: schemas.ContributionCreate,
        receiver_member_id: int | None,
        *,
        coordinator: bool,
    ) -> str: ...


_SERVICE_CHECKS: list[ServiceCheck] = []


def add_service_check(check: ServiceCheck) -> None:
    """Have every entry logged through :func:`create` pass ``check`` too (idempotent); wired
    once by :func:`raviv.assembly.assemble`."""
    if check not in _SERVICE_CHECKS:
        _SERVICE_CHECKS.append(check)


_log = structlog.get_logger(__name__)
AfterValidation = Callable[[str], Awaitable[None]]
_AFTER_VALIDATION: list[AfterValidation] = []


def add_after_validation(hook: AfterValidation) -> None:
    """Have ``hook(network_ref)`` called once a coordinator has validated or reversed an entry
    (idempotent); wired once by :func:`raviv.assembly.assemble` (the dashboard's figures)."""
    if hook not in _AFTER_VALIDATION:
        _AFTER_VALIDATION.append(hook)


def remove_after_validation(hook: AfterValidation) -> None:
    """Stop calling ``hook`` (the tests' own followers)."""
    if hook in _AFTER_VALIDATION:
        _AFTER_VALIDATION.remove(hook)


async def _validated(network_ref: str) -> None:
    """The hooks, once the change is made; one that fails is logged and changes nothing of it."""
    for hook in _AFTER_VALIDATION:
        try:
            await hook(network_ref)
        except Exception:  # the validation stands whatever a follower does
            _log.exception("after_validation.failed", network=network_ref)


async def _service_checks(
    nid: int, data: schemas.ContributionCreate, receiver_member: int | None, coordinator: bool
) -> str:
    notes = [
        await check(nid, data, receiver_member, coordinator=coordinator)
        for check in _SERVICE_CHECKS
    ]
    return "; ".join(note for note in notes if note)


def quantity_milli(quantity: Decimal, field: str = "quantity") -> int:
    """A quantity as stored: thousandths of its unit, exact; refused unless positive."""
    try:
        positive = quantity.is_finite() and quantity > 0
    except InvalidOperation:
        positive = False
    if not positive:
        raise InvalidError.on(field, "must be more than 0", quantity)
    milli = amounts.scaled(quantity, amounts.MILLI)
    if milli is None or milli > 10**15:
        raise InvalidError.on(field, "at most 3 decimals, and not absurdly large", quantity)
    return milli


def _is_coordinator(principal: Principal, network_ref: str) -> bool:
    return principal.site_admin or Role.coordinator in principal.roles_in(network_ref)


# -- reading --------------------------------------------------------------------------------------

ENTRY_COLUMNS = (
    *CONTRIBUTION_COLUMNS,
    Contribution.evidence_url,
    Contribution.reason,
    Contribution.rate_cents,
    Contribution.created_at,
    Contribution.validated_at,
)


def _receiver(row: dict[str, Any]) -> dict[str, str | bool]:
    kind = PartyKind(row["receiver_kind"])
    if kind is PartyKind.network:
        return {"network": True}
    return {kind.value: row[f"receiver_{kind.value}_ref"]}


def _out(row: dict[str, Any], reversed_by: str | None) -> schemas.Contribution:
    cents = row["rate_cents"], row["value_cents"]
    return schemas.Contribution(
        ref=row["ref"],
        giver={"member": row["giver_ref"]} if row["giver_ref"] else {"network": True},
        receiver=_receiver(row),
        form=row["form"],
        unit=row["unit"],
        category=row["category"],
        quantity=amounts.from_milli(row["quantity_milli"]),
        date=row["date"],
        note=row["note"],
        evidence_url=row["evidence_url"],
        status=row["status"],
        reason=row["reason"],
        reverses=row["reverses_ref"],
        reversed_by=reversed_by,
        rate_eur=None if cents[0] is None else amounts.euros(cents[0]),
        value_eur=None if cents[1] is None else amounts.euros(cents[1]),
        created_at=row["created_at"],
        validated_at=row["validated_at"],
    )


async def _reversals(ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = (
        await Contribution.select(Contribution.reverses, Contribution.ref)
        .where(Contribution.reverses.is_in(ids))
        .run()
    )
    return {r["reverses"]: r["ref"] for r in rows}


async def _row(nid: int, ref: str) -> dict[str, Any]:
    row = (
        await Contribution.select(*ENTRY_COLUMNS)
        .where((Contribution.network == nid) & (Contribution.ref == ref))
        .first()
    )
    if row is None:
        raise NotFoundError(f"No contribution {ref!r} in this network.")
    return dict(row)


async def get(network_ref: str, ref: str) -> schemas.Contribution:
    row = await _row(await network_id(network_ref), ref)
    return _out(row, (await _reversals([row["id"]])).get(row["id"]))


async def members_of(network_ref: str, ref: str) -> frozenset[str]:
    """The giver and the receiver of an entry, when they are members (for access checks)."""
    row = (
        await Contribution.select(
            Contribution.giver_member.ref.as_alias("giver"),
            Contribution.receiver_member.ref.as_alias("receiver"),
        )
        .where((Contribution.network.ref == network_ref) & (Contribution.ref == ref))
        .first()
    )
    if row is None:
        return frozenset()
    return frozenset(r for r in (row["giver"], row["receiver"]) if r)


@dataclass(frozen=True, slots=True)
class Filters:
    member: str | None = None  # given or received by this member
    form: Form | None = None
    status: ContributionStatus | None = None
    since: date | None = None  # dated on or after
    until: date | None = None  # dated before (half-open)
    group: str | None = None  # received by this working group
    project: str | None = None  # received by this shared project


async def _where(nid: int, filters: Filters, only: frozenset[str] | None) -> Any:
    where: Any = Contribution.network == nid
    if only is not None:
        refs = sorted(only) or [""]
        where &= Contribution.giver_member.ref.is_in(refs) | Contribution.receiver_member.ref.is_in(
            refs
        )
    if filters.member:
        where &= (Contribution.giver_member.ref == filters.member) | (
            Contribution.receiver_member.ref == filters.member
        )
    if filters.form:
        where &= Contribution.form == filters.form.value
    if filters.status:
        where &= Contribution.status == filters.status.value
    if filters.since:
        where &= Contribution.date >= filters.since
    if filters.until:
        where &= Contribution.date < filters.until
    if filters.group:
        where &= Contribution.receiver_group.ref == filters.group
    if filters.project:
        where &= Contribution.receiver_project.ref == filters.project
    return where


async def list_entries(
    network_ref: str, filters: Filters, *, limit: int, offset: int, only: frozenset[str] | None
) -> Page[schemas.Contribution]:
    """Entries newest first; ``only`` limits them to those given or received by these members."""
    nid = await network_id(network_ref)
    where = await _where(nid, filters, only)
    rows = (
        await Contribution.select(*ENTRY_COLUMNS)
        .where(where)
        .order_by(Contribution.date, ascending=False)
        .order_by(Contribution.id, ascending=False)
        .limit(limit)
        .offset(offset)
        .run()
    )
    reversed_by = await _reversals([r["id"] for r in rows])
    total = await Contribution.count().where(where)
    items = [_out(r, reversed_by.get(r["id"])) for r in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


async def totals(
    network_ref: str, filters: Filters, *, only: frozenset[str] | None
) -> schemas.Totals:
    nid = await network_id(network_ref)
    rows = (
        await Contribution.select(
            Contribution.id,
            Contribution.form,
            Contribution.status,
            Contribution.quantity_milli,
            Contribution.value_cents,
            Contribution.reverses,
        )
        .where(await _where(nid, filters, only))
        .run()
    )
    cancelled = {r["reverses"] for r in rows if r["reverses"] is not None}
    cancelled |= {r["id"] for r in rows if r["reverses"] is not None}
    by_status: dict[str, int] = {}
    by_form: dict[str, list[int]] = {}
    for row in rows:
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
        if row["status"] != ContributionStatus.validated.value or row["id"] in cancelled:
            continue
        entry = by_form.setdefault(row["form"], [0, 0, 0])
        entry[0] += 1
        entry[1] += row["quantity_milli"]
        entry[2] += row["value_cents"] or 0
    return schemas.Totals(
        entries=len(rows),
        by_status=dict(sorted(by_status.items())),
        validated_value_eur=amounts.euros(sum(v[2] for v in by_form.values())),
        validated_by_form={
            form: schemas.FormTotal(
                entries=n, quantity=amounts.from_milli(q), value_eur=amounts.euros(c)
            )
            for form, (n, q, c) in sorted(by_form.items())
        },
        pending_entries=sum(by_status.get(s, 0) for s in PENDING),
    )


# -- logging --------------------------------------------------------------------------------------


def _receiver_kind(receiver: schemas.Receiver) -> tuple[PartyKind, str | None]:
    """Which kind of receiver the entry names, and its ref; exactly one must be named."""
    given = [
        (kind, ref)
        for kind, ref in (
            (PartyKind.group, receiver.group),
            (PartyKind.project, receiver.project),
            (PartyKind.member, receiver.member),
        )
        if ref
    ]
    if len(given) + receiver.network != 1:
        raise InvalidError.on("receiver", "name exactly one: network, group, project or member")
    return given[0] if given else (PartyKind.network, None)


async def receiver_ids(nid: int, receiver: schemas.Receiver) -> tuple[PartyKind, dict[str, int]]:
    kind, ref = _receiver_kind(receiver)
    if ref is None:
        return kind, {}
    if kind is PartyKind.member:
        return kind, {"receiver_member": await member_id(nid, ref, "receiver.member")}
    table = WorkingGroup if kind is PartyKind.group else SharedProject
    row = await table.select(table.id).where((table.network == nid) & (table.ref == ref)).first()
    if row is None:
        raise InvalidError.on(
            f"receiver.{kind.value}", f"no such {kind.value} in this network", ref
        )
    return kind, {f"receiver_{kind.value}": int(row["id"])}


async def check_membership(member_id: int, on: date) -> None:
    covering = await Membership.exists().where(
        (Membership.member == member_id)
        & (Membership.status == MembershipStatus.active.value)
        & (Membership.starts_on <= on)
        & (Membership.ends_on.is_null() | (Membership.ends_on > on))
    )
    if not covering:
        raise InvalidError.on(
            "date", "the giver was not an active member on that day", on.isoformat()
        )


#: This process's copy of the networks' rates and charge coefficients: the one-statement insert
#: checks it.
_RATES = guarded_insert.RateCache()


def forget_rates(network_ref: str) -> None:
    """This process changed a network's rates: stop guessing from its copy."""
    _RATES.forget(network_ref)


def _in_cents(rate: Decimal, milli: int) -> tuple[int, int]:
    value = value_eur(amounts.from_milli(milli), rate)
    return int(rate.scaleb(amounts.CENTS)), int(value.scaleb(amounts.CENTS))


async def frozen_value(  # noqa: PLR0917 - the network, the entry's facts
    nid: int, form: Form, on: date, category: str, milli: int, network_ref: str | None = None
) -> tuple[int, int]:
    """The rate in effect on the entry's day and the entry's value, in cents: the network's rate,
    else (a time-like form) the SMIC of the day × the network's charge coefficient."""
    rows = (
        await Rate.select(Rate.form, Rate.category, Rate.eur_per_unit_cents, Rate.effective_from)
        .where((Rate.network == nid) & (Rate.form == form.value))
        .run()
    )
    rates = [
        DatedRate(
            Form(r["form"]),
            amounts.euros(r["eur_per_unit_cents"]),
            r["effective_from"],
            category=r["category"] or None,
        )
        for r in rows
    ]
    coefficient = await read_charge_coefficient(nid)
    if network_ref is not None:
        _RATES.put(network_ref, form, rates, coefficient)
    try:
        rate = unit_rate(rates, form, on, category or None, charge_coefficient=coefficient)
    except RateMissing as missing:
        raise InvalidError.on(
            "form", f"{missing}: a coordinator sets one first", form.value
        ) from None
    return _in_cents(rate, milli)


def _guessed_value(
    network_ref: str, form: Form, on: date, category: str, milli: int
) -> tuple[int, int, int | None] | None:
    """From this process's copy of the rates and charge coefficient: the rate, the value and the
    default hourly rate (cents; the database recomputes it with its own coefficient, so a stale
    copy cannot freeze a wrong one); ``None`` when there is no copy or no rate."""
    if form is Form.money:  # at face value, whatever the rates
        return (*_in_cents(Decimal(1), milli), None)
    cached = _RATES.get(network_ref, form)
    if cached is None:
        return None
    coefficient = cached.charge_coefficient
    try:
        per_unit = unit_rate(
            cached.rates, form, on, category or None, charge_coefficient=coefficient
        )
    except RateMissing:
        return None
    rate, value = _in_cents(per_unit, milli)
    try:
        default = default_hourly_rate(on, coefficient) if form in TIME_LIKE_FORMS else None
    except RateMissing:
        default = None
    return rate, value, None if default is None else int(default.scaleb(amounts.CENTS))


def _receiver_ref(data: schemas.ContributionCreate) -> str | None:
    return data.receiver.group or data.receiver.project or data.receiver.member


def _check_giver(
    giver: schemas.Giver, principal: Principal, network_ref: str, *, coordinator: bool
) -> None:
    """A representative logs what its own member gives; only a coordinator, the network's."""
    if giver.network == bool(giver.member):
        raise InvalidError.on("giver", "name either a member or the network")
    if giver.network and not coordinator:
        raise ForbiddenError(
            "Only a coordinator logs what the network gives.",
            errors=[FieldProblem("giver.network", "coordinators only")],
        )
    if giver.member and not coordinator and giver.member not in principal.members_in(network_ref):
        raise ForbiddenError(
            "You may log only what the member you represent gives.",
            errors=[FieldProblem("giver.member", "not the member you represent")],
        )


def fingerprint(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["giver_ref"], _receiver(row), row["form"], row["quantity_milli"], row["date"])


def _checked_unit(data: schemas.ContributionCreate) -> Unit:
    unit = data.unit or FORM_UNITS[data.form][0]
    if unit not in FORM_UNITS[data.form]:
        accepted = ", ".join(u.value for u in FORM_UNITS[data.form])
        raise InvalidError.on("unit", f"{data.form.value} is counted in {accepted}", unit.value)
    return unit


@dataclass(frozen=True, slots=True)
class _Entry:
    """An entry about to be logged: its columns (but the network, giver and receiver ids) and
    what the API answers once it is."""

    values: dict[str, Any]
    answer: schemas.Contribution


def _entry(
    data: schemas.ContributionCreate,
    principal: Principal,
    kind: PartyKind,
    unit: Unit,
    milli: int,
    *,
    idempotency_key: str | None,
    frozen: tuple[int, int] | None,
) -> _Entry:
    """``frozen``: the rate and value (cents) of an entry validated at once (a coordinator's)."""
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "ref": data.ref or f"c-{secrets.token_hex(5)}",
        "receiver_kind": kind.value,
        "form": data.form.value,
        "unit": unit.value,
        "category": data.category,
        "quantity_milli": milli,
        "date": data.date,
        "note": data.note,
        "evidence_url": data.evidence_url,
        "status": ContributionStatus.submitted.value,
        "idempotency_key": idempotency_key,
        "created_by": principal.account_id,
        "created_at": now,
    }
    if frozen is not None:
        values |= {
            "status": ContributionStatus.validated.value,
            "rate_cents": frozen[0],
            "value_cents": frozen[1],
            "validated_by": principal.account_id,
            "validated_at": now,
        }
    answer = schemas.Contribution(
        ref=values["ref"],
        giver={"member": data.giver.member} if data.giver.member else {"network": True},
        receiver=_receiver(
            {"receiver_kind": kind.value, f"receiver_{kind.value}_ref": _receiver_ref(data)}
        ),
        form=data.form,
        unit=unit,
        category=data.category,
        quantity=amounts.from_milli(milli),
        date=data.date,
        note=data.note,
        evidence_url=data.evidence_url,
        status=ContributionStatus(values["status"]),
        rate_eur=None if frozen is None else amounts.euros(frozen[0]),
        value_eur=None if frozen is None else amounts.euros(frozen[1]),
        created_at=now,
        validated_at=None if frozen is None else now,
    )
    return _Entry(values, answer)


async def create(
    network_ref: str,
    data: schemas.ContributionCreate,
    principal: Principal,
    *,
    idempotency_key: str | None = None,
) -> tuple[schemas.Contribution, bool]:
    """Log an entry; returns it, and whether it is the replay of an earlier identical request.

    First as one guarded statement (:mod:`raviv.ledger.guarded_insert`); when that inserts
    nothing, fact by fact, to say what is wrong (or to answer a retry with its first entry).
    """
    coordinator = _is_coordinator(principal, network_ref)
    _check_giver(data.giver, principal, network_ref, coordinator=coordinator)
    unit = _checked_unit(data)
    milli = quantity_milli(data.quantity)
    kind, receiver_ref = _receiver_kind(data.receiver)
    if data.giver.member and data.giver.member == data.receiver.member:
        raise InvalidError.on("receiver.member", "the receiver is the giver", data.receiver.member)
    guessed: tuple[int, int, int | None] | None = (0, 0, None)  # a pending entry has no rate
    if coordinator:
        guessed = _guessed_value(network_ref, data.form, data.date, data.category, milli)
    if (data.giver.network and data.receiver.member) or data.override_restriction is not None:
        guessed = None  # rare: the slow path checks the receiver's restriction (enforcement)
    if guessed is not None:
        rate, value, default = guessed
        entry = _entry(
            data,
            principal,
            kind,
            unit,
            milli,
            idempotency_key=idempotency_key,
            frozen=(rate, value) if coordinator else None,
        )
        shape = guarded_insert.Shape(
            giver_is_member=data.giver.member is not None,
            receiver=kind,
            checks_rate=coordinator and data.form is not Form.money,
            has_category=bool(data.category),
        )
        columns = tuple(entry.values)
        sql = guarded_insert.statement(shape, columns, get_engine().engine_type)
        args = guarded_insert.parameters(
            shape,
            entry.values.values(),
            network_ref,
            data.giver.member,
            receiver_ref,
            data.date,
            form=data.form,
            category=data.category,
            default_rate_cents=default,
            rate_cents=rate,
        )
        written = await _insert(network_ref, data, principal, entry, sql, args, idempotency_key)
        if written is not None:
            return written
    return await _create_checked(network_ref, data, principal, idempotency_key)


async def _insert(  # noqa: PLR0917 - the request, and the statement that logs it
    network_ref: str,
    data: schemas.ContributionCreate,
    principal: Principal,
    entry: _Entry,
    sql: str,
    args: list[Any],
    idempotency_key: str | None,
    detail: str = "",
) -> tuple[schemas.Contribution, bool] | None:
    """Run an entry's insert with its audit line, in one atomic unit (one round trip,
    group-committed). ``None`` when the insert matched no row; the replay of a retry when the
    key was used already; 409 when the ref was."""
    try:
        async with statement():
            rows = await audit.insert_logged(
                "contribution",
                sql,
                args,
                "contribution.create",
                object_type="contribution",
                object_ref=entry.answer.ref,
                after=entry.answer,
                detail=detail,
            )
    except Exception as exc:
        if not is_unique_violation(exc):
            raise
        if idempotency_key:  # a retry, maybe concurrent, with the same key got there first
            replay = await _replay(await network_id(network_ref), principal, idempotency_key, data)
            if replay is not None:
                return replay, True
        ref = entry.answer.ref
        raise ConflictError(
            f"A contribution {ref!r} already exists.",
            errors=[FieldProblem("ref", "already used in this network", ref)],
        ) from None
    return (entry.answer, False) if rows else None


async def _create_checked(
    network_ref: str,
    data: schemas.ContributionCreate,
    principal: Principal,
    idempotency_key: str | None,
) -> tuple[schemas.Contribution, bool]:
    """The slow path: each fact checked in turn, so that a refusal names the one that failed."""
    nid = await network_id(network_ref)
    if idempotency_key:
        replay = await _replay(nid, principal, idempotency_key, data)
        if replay is not None:
            return replay, True
    coordinator = _is_coordinator(principal, network_ref)
    unit = _checked_unit(data)
    milli = quantity_milli(data.quantity)
    kind, receiver = await receiver_ids(nid, data.receiver)
    giver = await member_id(nid, data.giver.member, "giver.member") if data.giver.member else None
    if giver is not None:
        await check_membership(giver, data.date)
    overridden = await _service_checks(nid, data, receiver.get("receiver_member"), coordinator)
    frozen = None
    if coordinator:  # a coordinator's entry is validated at once
        frozen = await frozen_value(nid, data.form, data.date, data.category, milli, network_ref)
    entry = _entry(
        data, principal, kind, unit, milli, idempotency_key=idempotency_key, frozen=frozen
    )
    values = {"network": nid, "giver_member": giver, **receiver, **entry.values}
    columns = list(values)
    insert = (
        f"INSERT INTO contribution ({', '.join(columns)})"  # noqa: S608 - constant column names
        f" VALUES ({', '.join(['{}'] * len(columns))})"
    )
    args = [values[c] for c in columns]
    written = await _insert(
        network_ref, data, principal, entry, insert, args, idempotency_key, overridden
    )
    assert written is not None  # a plain VALUES insert writes its row or raises
    return written


async def _replay(
    nid: int, principal: Principal, key: str, data: schemas.ContributionCreate
) -> schemas.Contribution | None:
    row = (
        await Contribution.select(*ENTRY_COLUMNS)
        .where(
            (Contribution.network == nid)
            & (Contribution.created_by == principal.account_id)
            & (Contribution.idempotency_key == key)
        )
        .first()
    )
    if row is None:
        return None
    asked = {
        "giver_ref": data.giver.member,
        "receiver_kind": next(
            (k for k in ("group", "project", "member") if getattr(data.receiver, k)), "network"
        ),
        "receiver_member_ref": data.receiver.member,
        "receiver_group_ref": data.receiver.group,
        "receiver_project_ref": data.receiver.project,
        "form": data.form.value,
        "quantity_milli": quantity_milli(data.quantity),
        "date": data.date,
    }
    if fingerprint(dict(row)) != fingerprint(asked):
        raise InvalidError(
            "This Idempotency-Key was used for a different contribution.",
            errors=[FieldProblem("Idempotency-Key", "already used for another request", key)],
        )
    return _out(dict(row), (await _reversals([row["id"]])).get(row["id"]))


# -- the workflow ---------------------------------------------------------------------------------


async def _transition(
    network_ref: str,
    ref: str,
    action: str,
    changes: dict[Any, Any],
    *,
    allowed_from: tuple[str, ...],
    detail: str = "",
) -> schemas.Contribution:
    nid = await network_id(network_ref)
    async with transaction():
        before = await _row(nid, ref)
        if before["status"] not in allowed_from:
            raise ConflictError(
                f"Contribution {ref!r} is {before['status']}: it cannot be {action}.",
                errors=[FieldProblem("status", f"is {before['status']}", before["status"])],
            )
        await Contribution.update(changes).where(Contribution.id == before["id"]).run()
        after = await get(network_ref, ref)
        await audit.record(
            f"contribution.{action}",
            network=nid,
            object_type="contribution",
            object_ref=ref,
            before={"status": before["status"]},
            after={
                "status": after.status,
                "rate_eur": after.rate_eur,
                "value_eur": after.value_eur,
            },
            detail=detail,
        )
    return after


async def validate(network_ref: str, ref: str, principal: Principal) -> schemas.Contribution:
    """A coordinator validates a pending entry: the rate of its day is frozen on it; what
    follows a validation runs once it is made."""
    validated = await _validate(network_ref, ref, principal)
    await _validated(network_ref)
    return validated


async def _validate(network_ref: str, ref: str, principal: Principal) -> schemas.Contribution:
    nid = await network_id(network_ref)
    row = await _row(nid, ref)
    rate, value = await frozen_value(
        nid, Form(row["form"]), row["date"], row["category"], row["quantity_milli"]
    )
    return await _transition(
        network_ref,
        ref,
        "validated",
        {
            Contribution.status: ContributionStatus.validated.value,
            Contribution.rate_cents: rate,
            Contribution.value_cents: value,
            Contribution.validated_by: principal.account_id,
            Contribution.validated_at: datetime.now(UTC),
        },
        allowed_from=PENDING,
    )


async def reject(
    network_ref: str, ref: str, data: schemas.Rejection, principal: Principal
) -> schemas.Contribution:
    return await _transition(
        network_ref,
        ref,
        "rejected",
        {
            Contribution.status: ContributionStatus.rejected.value,
            Contribution.reason: data.reason,
            Contribution.validated_by: principal.account_id,
            Contribution.validated_at: datetime.now(UTC),
        },
        allowed_from=PENDING,
        detail=data.reason,
    )


async def decide_all(
    network_ref: str,
    refs: list[str],
    principal: Principal,
    *,
    rejection: schemas.Rejection | None = None,
) -> list[schemas.Contribution]:
    """Validate the pending entries ``refs`` (or reject them, for ``rejection``'s reason), all or
    none: one that cannot be decided (decided already, no rate on its day) undoes the others.
    Each is validated or rejected as :func:`validate` and :func:`reject` do, and audited so;
    what follows a validation runs once for the whole batch, after its commit."""
    decided = []
    async with transaction():
        for ref in refs:
            if rejection is None:
                decided.append(await _validate(network_ref, ref, principal))
            else:
                decided.append(await reject(network_ref, ref, rejection, principal))
    if rejection is None and decided:
        await _validated(network_ref)
    return decided


async def confirm(network_ref: str, ref: str, principal: Principal) -> schemas.Contribution:
    """The receiving member confirms an entry another member says it gave it."""
    current = await get(network_ref, ref)
    receiver = current.receiver.get("member")
    if not isinstance(receiver, str) or receiver not in principal.members_in(network_ref):
        raise ForbiddenError(
            "Only the receiving member confirms an entry between members.",
            errors=[FieldProblem("receiver.member", "not the member you represent")],
        )
    return await _transition(
        network_ref,
        ref,
        "confirmed",
        {Contribution.status: ContributionStatus.confirmed.value},
        allowed_from=(ContributionStatus.submitted.value,),
    )


async def update(
    network_ref: str, ref: str, data: schemas.ContributionUpdate, principal: Principal
) -> schemas.Contribution:
    """Change an entry still submitted: by its giver's representative or a coordinator."""
    nid = await network_id(network_ref)
    async with transaction():
        before = await _row(nid, ref)
        if before["status"] != ContributionStatus.submitted.value:
            raise ConflictError(
                f"Contribution {ref!r} is {before['status']}: it is never edited"
                " (a validated one is reversed, then logged again).",
                errors=[FieldProblem("status", f"is {before['status']}", before["status"])],
            )
        coordinator = _is_coordinator(principal, network_ref)
        if not coordinator and before["giver_ref"] not in principal.members_in(network_ref):
            raise ForbiddenError(
                "Only the giver's representative or a coordinator changes a pending entry.",
                errors=[FieldProblem("giver.member", "not the member you represent")],
            )
        changes: dict[Any, Any] = {}
        if data.quantity is not msgspec.UNSET:
            changes[Contribution.quantity_milli] = quantity_milli(data.quantity)
        if data.date is not msgspec.UNSET:
            if before["giver_ref"]:
                giver = await member_id(nid, before["giver_ref"], "giver.member")
                await check_membership(giver, data.date)
            changes[Contribution.date] = data.date
        for name in ("category", "note", "evidence_url"):
            if getattr(data, name) is not msgspec.UNSET:
                changes[getattr(Contribution, name)] = getattr(data, name)
        if changes:
            await Contribution.update(changes).where(Contribution.id == before["id"]).run()
        after = await get(network_ref, ref)
        old, new = audit.changed(audit.snapshot(_out(before, None)), audit.snapshot(after))
        await audit.record(
            "contribution.update",
            network=nid,
            object_type="contribution",
            object_ref=ref,
            before=old,
            after=new,
        )
    return after


async def reverse(
    network_ref: str, ref: str, data: schemas.Reversal, principal: Principal
) -> schemas.Contribution:
    """Cancel a validated entry with a reversal entry pointing to it; returns the reversal."""
    nid = await network_id(network_ref)
    async with transaction():
        original = await _row(nid, ref)
        if original["reverses_ref"] is not None:
            raise ConflictError(
                f"{ref!r} is itself a reversal: log the right entry again instead.",
                errors=[FieldProblem("reverses", "a reversal is never reversed", ref)],
            )
        if original["status"] != ContributionStatus.validated.value:
            raise ConflictError(
                f"Contribution {ref!r} is {original['status']}: only a validated entry is "
                "reversed (a pending one is rejected).",
                errors=[FieldProblem("status", f"is {original['status']}", original["status"])],
            )
        if await Contribution.exists().where(Contribution.reverses == original["id"]):
            raise ConflictError(
                f"Contribution {ref!r} is already reversed.",
                errors=[FieldProblem("reversed_by", "already reversed", ref)],
            )
        full = await Contribution.select().where(Contribution.id == original["id"]).first()
        assert full is not None
        now = datetime.now(UTC)
        copied = {
            k: full[k]
            for k in (
                "network",
                "giver_member",
                "receiver_kind",
                "receiver_member",
                "receiver_group",
                "receiver_project",
                "form",
                "unit",
                "category",
                "quantity_milli",
                "date",
                "rate_cents",
                "value_cents",
                "meeting",
            )
        }
        reversal_ref = f"{ref}-annule"[:64]
        await Contribution.insert(
            Contribution(
                **copied,
                ref=reversal_ref,
                note=f"Annule {ref} : {data.reason}",
                status=ContributionStatus.validated.value,
                reason=data.reason,
                reverses=original["id"],
                created_by=principal.account_id,
                created_at=now,
                validated_by=principal.account_id,
                validated_at=now,
            )
        ).run()
        reversal = await get(network_ref, reversal_ref)
        await audit.record(
            "contribution.reverse",
            network=nid,
            object_type="contribution",
            object_ref=ref,
            after=reversal,
            detail=data.reason,
        )
    await _validated(network_ref)
    return reversal
