"""Registry services: transactions and domain rules for networks and members.

Plain arguments in, schema Structs out, domain errors raised; nothing here knows about HTTP.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from raviv.db import is_unique_violation, transaction
from raviv.errors import ConflictError, FieldProblem, InvalidError, NotFoundError
from raviv.lib.siret import normalise_siret, siret_problem
from raviv.pagination import Page
from raviv.registry import schemas
from raviv.registry.tables import Member, Network

MAX_FTE = Decimal(100_000)

_NETWORK_COLUMNS = (
    Network.ref,
    Network.name,
    Network.territory,
    Network.period_kind,
    Network.timezone,
    Network.parent.ref.as_alias("parent"),
    Network.created_at,
)
_MEMBER_COLUMNS = (
    Member.ref,
    Member.name,
    Member.siret,
    Member.legal_form,
    Member.departement,
    Member.commune,
    Member.employer,
    Member.headcount_fte,
    Member.tier,
    Member.created_at,
)


async def network_id(ref: str) -> int:
    """The id of the network with this ref, or NotFoundError."""
    row = await Network.select(Network.id).where(Network.ref == ref).first().run()
    if row is None:
        raise NotFoundError(f"no network with ref {ref!r}")
    return int(row["id"])


async def create_network(data: schemas.NetworkCreate) -> schemas.Network:
    try:
        async with transaction():
            parent_id = await network_id(data.parent) if data.parent is not None else None
            await Network.insert(
                Network(
                    ref=data.ref,
                    name=data.name,
                    territory=data.territory,
                    period_kind=data.period_kind.value,
                    timezone=data.timezone,
                    parent=parent_id,
                )
            ).run()
    except Exception as exc:
        if is_unique_violation(exc):
            raise ConflictError(
                f"a network with ref {data.ref!r} already exists",
                errors=[FieldProblem("ref", "already used by another network")],
            ) from None
        raise
    return await get_network(data.ref)


async def get_network(ref: str) -> schemas.Network:
    row = await Network.select(*_NETWORK_COLUMNS).where(Network.ref == ref).first().run()
    if row is None:
        raise NotFoundError(f"no network with ref {ref!r}")
    return schemas.Network(**row)


async def list_networks(*, limit: int, offset: int) -> Page[schemas.Network]:
    rows = (
        await Network.select(*_NETWORK_COLUMNS)
        .order_by(Network.ref)
        .limit(limit)
        .offset(offset)
        .run()
    )
    total = await Network.count().run()
    return Page(
        items=[schemas.Network(**row) for row in rows], total=total, limit=limit, offset=offset
    )


def _checked_siret(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    problem = siret_problem(raw)
    if problem is not None:
        raise InvalidError(f"siret {raw!r}: {problem}", errors=[FieldProblem("siret", problem)])
    return normalise_siret(raw)


def _checked_fte(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or not 0 <= value <= MAX_FTE:
        raise InvalidError(
            f"headcount_fte {value}: expected a number between 0 and {MAX_FTE}",
            errors=[FieldProblem("headcount_fte", f"expected a number between 0 and {MAX_FTE}")],
        )
    return value


async def create_member(network_ref: str, data: schemas.MemberCreate) -> schemas.Member:
    siret = _checked_siret(data.siret)
    fte = _checked_fte(data.headcount_fte)
    values: dict[str, Any] = {
        "ref": data.ref,
        "name": data.name,
        "siret": siret,
        "legal_form": data.legal_form,
        "departement": data.departement,
        "commune": data.commune,
        "employer": data.employer,
        "headcount_fte": fte,
        "tier": data.tier,
    }
    try:
        async with transaction():
            values["network"] = await network_id(network_ref)
            member = Member(**values)
            await Member.insert(member).run()
    except Exception as exc:
        if is_unique_violation(exc):
            raise ConflictError(
                f"network {network_ref!r} already has a member with ref {data.ref!r}",
                errors=[FieldProblem("ref", "already used in this network")],
            ) from None
        raise
    return schemas.Member(
        ref=member.ref,
        name=member.name,
        siret=member.siret,
        legal_form=member.legal_form,
        departement=member.departement,
        commune=member.commune,
        employer=member.employer,
        headcount_fte=member.headcount_fte,
        tier=member.tier,
        created_at=member.created_at,
    )


async def list_members(network_ref: str, *, limit: int, offset: int) -> Page[schemas.Member]:
    nid = await network_id(network_ref)
    rows = (
        await Member.select(*_MEMBER_COLUMNS)
        .where(Member.network == nid)
        .order_by(Member.ref)
        .limit(limit)
        .offset(offset)
        .run()
    )
    total = await Member.count().where(Member.network == nid).run()
    return Page(
        items=[schemas.Member(**row) for row in rows], total=total, limit=limit, offset=offset
    )
