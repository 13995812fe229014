"""Registry services: transactions and domain rules for networks, tiers, members, memberships,
people and dues.

Plain arguments in, schema Structs out, domain errors raised; nothing here knows about HTTP.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from piccolo.custom_types import Combinable
from piccolo.table import Table

from raviv.db import (
    array_contains,
    duplicate_is_conflict,
    statement,
    text_matches,
    transaction,
)
from raviv.errors import FieldProblem, ForbiddenError, InvalidError, NotFoundError
from raviv.guard import audit
from raviv.lib.identity import month_day
from raviv.lib.siret import normalise_siret, siret_problem
from raviv.pagination import Page
from raviv.registry import identity, lifecycle, schemas
from raviv.registry.tables import Due, Member, Membership, Network, Person, Tier
from raviv.vocabulary import MembershipStatus

MAX_FTE = Decimal(100_000)
MAX_DUE = Decimal(1_000_000)
CENT = Decimal("0.01")

_NETWORK_COLUMNS = (
    Network.ref,
    Network.name,
    Network.territory,
    Network.period_kind,
    Network.timezone,
    Network.parent.ref.as_alias("parent"),
    Network.checkin_max_people,
    Network.created_at,
    *(getattr(Network, field) for field in schemas.IDENTITY_FIELDS),
)
MEMBER_FIELDS = (
    "ref",
    "name",
    "siret",
    "legal_form",
    "disciplines",
    "departement",
    "commune",
    "employer",
    "headcount_fte",
    "budget_bracket",
    "tier",
    "created_at",
)


def _changes(data: msgspec.Struct, table: type[Table], names: Iterable[str]) -> dict[Any, Any]:
    """The columns an update sets: the fields the caller gave (a field left out is UNSET)."""
    return {
        getattr(table, name): getattr(data, name)
        for name in names
        if getattr(data, name) is not msgspec.UNSET
    }


async def _audit_change(  # noqa: PLR0917 - read as one sentence: action, where, what, change
    action: str, network: int, object_type: str, ref: str, before: Any, after: Any
) -> None:
    """Log an update with only the fields it changed."""
    old, new = audit.changed(audit.snapshot(before), audit.snapshot(after))
    await audit.record(
        action, network=network, object_type=object_type, object_ref=ref, before=old, after=new
    )


# -- networks -------------------------------------------------------------------------------------


#: The time zone of a network that names none.
DEFAULT_TIME_ZONE = "Europe/Paris"


@dataclass(frozen=True, slots=True)
class NetworkContext:
    """A network resolved once from its ref (:func:`resolve_network`): what a request or a job
    needs of it again and again, handed down instead of looked up at every step."""

    id: int
    ref: str
    name: str
    time_zone: str

    @property
    def today(self) -> date:
        """Today's date in the network's time zone (the clock read now, not at resolution)."""
        return today_in(self.time_zone)


async def resolve_network(ref: str) -> NetworkContext:
    """The network with this ref, resolved once, or NotFoundError (as :func:`network_id`)."""
    row = (
        await Network.select(Network.id, Network.ref, Network.name, Network.timezone)
        .where(Network.ref == ref)
        .first()
        .run()
    )
    if row is None:
        raise NotFoundError(f"no network with ref {ref!r}")
    return NetworkContext(
        id=int(row["id"]),
        ref=row["ref"],
        name=row["name"],
        time_zone=row["timezone"] or DEFAULT_TIME_ZONE,
    )


async def resolved(network: str | NetworkContext) -> NetworkContext:
    """The network as given when it is resolved already; else resolved from its ref."""
    return network if isinstance(network, NetworkContext) else await resolve_network(network)


async def network_id(ref: str) -> int:
    """The id of the network with this ref, or NotFoundError."""
    row = await Network.select(Network.id).where(Network.ref == ref).first().run()
    if row is None:
        raise NotFoundError(f"no network with ref {ref!r}")
    return int(row["id"])


async def network_today(network: int) -> date:
    """Today's date in the network's time zone."""
    row = await Network.select(Network.timezone).where(Network.id == network).first().run()
    return today_in(row["timezone"] if row else DEFAULT_TIME_ZONE)


def today_in(time_zone: str) -> date:
    """Today's date in this IANA time zone."""
    return datetime.now(ZoneInfo(time_zone)).date()


def _checked_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidError(
            f"unknown time zone {name!r}",
            errors=[FieldProblem("timezone", "expected an IANA time zone, e.g. Europe/Paris")],
        ) from None
    return name


async def create_network(
    data: schemas.NetworkCreate,
    *,
    tiers: Sequence[schemas.TierCreate] = schemas.DEFAULT_TIERS,
) -> schemas.Network:
    """Create a network with its membership tiers (by default: associate, member, board), and
    its identity when given (checked as :func:`update_network` checks it)."""
    _checked_timezone(data.timezone)
    stated = identity.checked({field: getattr(data, field) for field in schemas.IDENTITY_FIELDS})
    async with (
        duplicate_is_conflict("ref", f"a network with ref {data.ref!r} already exists"),
        transaction(),
    ):
        parent_id = await network_id(data.parent) if data.parent is not None else None
        rows = await Network.insert(
            Network(
                ref=data.ref,
                name=data.name,
                territory=data.territory,
                period_kind=data.period_kind.value,
                timezone=data.timezone,
                parent=parent_id,
                **stated,
            )
        ).run()
        new_id = rows[0]["id"]
        await Tier.insert(
            *(
                Tier(network=new_id, code=t.code, label=t.label, position=i)
                for i, t in enumerate(tiers)
            )
        ).run()
        created = await get_network(data.ref)
        await audit.record(
            "network.create",
            network=new_id,
            object_type="network",
            object_ref=data.ref,
            after=created,
        )
    return created


async def update_network(
    ref: str, data: schemas.NetworkUpdate, *, may_attach: bool = True
) -> schemas.Network:
    """Change a network's settings and identity, the fields given only. ``may_attach``: whether
    the caller may set a parent (a site administrator); a network's own coordinator may only
    detach it (``parent`` null). Raises InvalidError naming every identity field at fault (and
    then changes nothing); the audit line holds the fields changed, before and after."""
    if data.parent is not msgspec.UNSET and data.parent is not None and not may_attach:
        await _refuse_attachment(ref, data.parent)
    values = _changes(data, Network, ("name", "territory", "timezone", "checkin_max_people"))
    given = {
        field: getattr(data, field)
        for field in schemas.IDENTITY_FIELDS
        if getattr(data, field) is not msgspec.UNSET
    }
    values |= {getattr(Network, field): value for field, value in identity.checked(given).items()}
    if data.timezone is not msgspec.UNSET:
        _checked_timezone(data.timezone)
    if data.period_kind is not msgspec.UNSET:
        values[Network.period_kind] = data.period_kind.value
    async with transaction():
        nid = await network_id(ref)
        if data.parent is not msgspec.UNSET:
            parent_id = await network_id(data.parent) if data.parent is not None else None
            if parent_id is not None and await _is_descendant(parent_id, of=nid):
                raise InvalidError(
                    "a network cannot belong to itself or to one of its children",
                    errors=[FieldProblem("parent", "would make a cycle of federations")],
                )
            values[Network.parent] = parent_id
        if values:
            before = await get_network(ref)
            await Network.update(values).where(Network.id == nid).run()
            after = await get_network(ref)
            await _audit_change("network.update", nid, "network", ref, before, after)
    return await get_network(ref)


async def _refuse_attachment(ref: str, parent: str) -> None:
    """Refused before the parent is looked up, so the answer is the same whether a federation of
    that ref exists, is hidden from the caller, or does not exist."""
    await audit.record(
        "network.attach_refused",
        network=await network_id(ref),
        object_type="network",
        object_ref=ref,
        detail=f"parent asked: {parent}"[:500],
    )
    refusal = ForbiddenError(
        "Attaching a network under a federation needs the federation's consent: ask it with "
        f"POST /api/networks/{ref}/attachment.",
        errors=[FieldProblem("parent", "set when the federation accepts; null detaches")],
    )
    refusal.audited = True
    raise refusal


async def _is_descendant(candidate: int, *, of: int) -> bool:
    current: int | None = candidate
    seen: set[int] = set()
    while current is not None and current not in seen:
        if current == of:
            return True
        seen.add(current)
        row = await Network.select(Network.parent).where(Network.id == current).first().run()
        current = row["parent"] if row else None
    return False


async def get_network(ref: str) -> schemas.Network:
    row = await Network.select(*_NETWORK_COLUMNS).where(Network.ref == ref).first().run()
    if row is None:
        raise NotFoundError(f"no network with ref {ref!r}")
    return msgspec.convert(row, schemas.Network)


async def network_identity(ref: str) -> dict[str, Any]:
    """The network's identity as plain JSON-ready data, for reports and attestations
    (docs/network.md)::

        {"ref", "name", "legal_name" (its name when it stated no other), "siret", "rna",
         "legal_form", "creation_year", "territory", "timezone", "period_kind", "parent",
         "address": {"street", "postcode", "city"},
         "statutes": {"general_assemblies_per_year", "board_meetings_per_year"},
         "fiscal_year_start": {"month", "day", "mm_dd"},
         "signatory": {"name", "role"}}

    Texts not stated are ``""``; a SIRET, RNA number, year or count not stated is ``None``
    (the statutes' counts: "not stated", never a default). Raises NotFoundError."""
    network = await get_network(ref)
    month, day = month_day(network.fiscal_year_start)
    return {
        "ref": network.ref,
        "name": network.name,
        "legal_name": network.legal_name or network.name,
        "siret": network.siret,
        "rna": network.rna,
        "legal_form": network.legal_form,
        "creation_year": network.creation_year,
        "territory": network.territory,
        "timezone": network.timezone,
        "period_kind": network.period_kind.value,
        "parent": network.parent,
        "address": {
            "street": network.address_street,
            "postcode": network.address_postcode,
            "city": network.address_city,
        },
        "statutes": {
            "general_assemblies_per_year": network.general_assemblies_per_year,
            "board_meetings_per_year": network.board_meetings_per_year,
        },
        "fiscal_year_start": {"month": month, "day": day, "mm_dd": network.fiscal_year_start},
        "signatory": {"name": network.signatory_name, "role": network.signatory_role},
    }


async def list_networks(
    *, limit: int, offset: int, only: frozenset[str] | None
) -> Page[schemas.Network]:
    """Networks by ref; ``only`` limits them to those the caller may see (None: all)."""
    query = Network.select(*_NETWORK_COLUMNS)
    count = Network.count()
    if only is not None:
        query = query.where(Network.ref.is_in(sorted(only) or [""]))
        count = count.where(Network.ref.is_in(sorted(only) or [""]))
    rows = await query.order_by(Network.ref).limit(limit).offset(offset).run()
    total = await count.run()
    return Page(
        items=[msgspec.convert(row, schemas.Network) for row in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


# -- tiers ----------------------------------------------------------------------------------------


async def list_tiers(network_ref: str) -> list[schemas.Tier]:
    nid = await network_id(network_ref)
    rows = (
        await Tier.select(Tier.code, Tier.label)
        .where(Tier.network == nid)
        .order_by(Tier.position)
        .run()
    )
    return [schemas.Tier(**row) for row in rows]


async def create_tier(network_ref: str, data: schemas.TierCreate) -> schemas.Tier:
    async with (
        duplicate_is_conflict("code", f"network {network_ref!r} already has a tier {data.code!r}"),
        transaction(),
    ):
        nid = await network_id(network_ref)
        position = await Tier.count().where(Tier.network == nid).run()
        await Tier.insert(
            Tier(network=nid, code=data.code, label=data.label, position=position)
        ).run()
        tier = schemas.Tier(code=data.code, label=data.label)
        await audit.record(
            "tier.create", network=nid, object_type="tier", object_ref=data.code, after=tier
        )
    return tier


async def tier_codes(network: int) -> set[str]:
    rows = await Tier.select(Tier.code).where(Tier.network == network).run()
    return {row["code"] for row in rows}


async def _check_tier(network: int, code: str) -> None:
    codes = await tier_codes(network)
    if code not in codes:
        accepted = ", ".join(sorted(codes))
        raise InvalidError(
            f"unknown tier {code!r}; this network's tiers are: {accepted}",
            errors=[FieldProblem("tier", f"unknown tier; expected one of {accepted}")],
        )


# -- members --------------------------------------------------------------------------------------


def checked_siret(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    problem = siret_problem(raw)
    if problem is not None:
        raise InvalidError(f"siret {raw!r}: {problem}", errors=[FieldProblem("siret", problem)])
    return normalise_siret(raw)


def checked_fte(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or not 0 <= value <= MAX_FTE or value != value.quantize(CENT):
        message = f"expected a number between 0 and {MAX_FTE}, with at most 2 decimals"
        raise InvalidError(
            f"headcount_fte {value}: {message}", errors=[FieldProblem("headcount_fte", message)]
        )
    return value


def _clean_disciplines(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        cleaned = value.strip().lower()
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


async def member_row(network: int, ref: str) -> dict[str, Any]:
    row = (
        await Member.select(Member.id, *(getattr(Member, f) for f in MEMBER_FIELDS))
        .where((Member.network == network) & (Member.ref == ref))
        .first()
        .run()
    )
    if row is None:
        raise NotFoundError(f"no member with ref {ref!r} in this network")
    return dict(row)


async def _periods(member_ids: list[int]) -> dict[int, list[lifecycle.Period]]:
    periods: dict[int, list[lifecycle.Period]] = defaultdict(list)
    if not member_ids:
        return periods
    rows = (
        await Membership.select(
            Membership.member, Membership.starts_on, Membership.ends_on, Membership.status
        )
        .where(Membership.member.is_in(member_ids))
        .order_by(Membership.starts_on)
        .run()
    )
    for row in rows:
        periods[row["member"]].append(
            lifecycle.Period(row["starts_on"], row["ends_on"], MembershipStatus(row["status"]))
        )
    return periods


def fte_out(value: Any) -> Decimal | None:
    """A stored headcount as both engines should give it: SQLite returns 2.5, PostgreSQL 2.50."""
    return None if value is None else Decimal(value).quantize(CENT)


def _member_out(row: dict[str, Any], status: schemas.MemberStatus) -> schemas.Member:
    row = {**row, "headcount_fte": fte_out(row["headcount_fte"])}
    return msgspec.convert({**{f: row[f] for f in MEMBER_FIELDS}, "status": status}, schemas.Member)


async def _member_out_now(network: int, row: dict[str, Any]) -> schemas.Member:
    periods = await _periods([row["id"]])
    today = await network_today(network)
    return _member_out(row, lifecycle.status_on(periods[row["id"]], today))


_INSERTED = MEMBER_FIELDS  # every column of a member but its id and network
_PG_CASTS = {
    "disciplines": "::varchar[]",
    "employer": "::boolean",
    "headcount_fte": "::numeric",
    "created_at": "::timestamptz",
}


@lru_cache(maxsize=2)
def _insert_member_sql(engine_type: str) -> str:
    """One statement that finds the network and checks the tier while it inserts: the hot path
    of member creation costs one round trip, and is atomic without a transaction."""
    casts = _PG_CASTS if engine_type == "postgres" else {}
    values = ", ".join("{}" + casts.get(column, "") for column in _INSERTED)
    # Column names are constants; every value is a bound parameter.
    return (
        f"INSERT INTO member (network, {', '.join(_INSERTED)}) "  # noqa: S608
        f"SELECT network.id, {values} FROM network "
        "JOIN tier ON tier.network = network.id AND tier.code = {} "
        "WHERE network.ref = {}"
    )


async def create_member(network_ref: str, data: schemas.MemberCreate) -> schemas.Member:
    values: dict[str, Any] = {
        "ref": data.ref,
        "name": data.name,
        "siret": checked_siret(data.siret),
        "legal_form": data.legal_form,
        "disciplines": _clean_disciplines(data.disciplines),
        "departement": data.departement,
        "commune": data.commune,
        "employer": data.employer,
        "headcount_fte": checked_fte(data.headcount_fte),
        "budget_bracket": data.budget_bracket,
        "tier": data.tier,
        "created_at": datetime.now(UTC),
    }
    duplicate = f"network {network_ref!r} already has a member with ref {data.ref!r}"
    if data.joined_on is None:
        created = _member_out(values, schemas.MemberStatus.none)
        async with duplicate_is_conflict("ref", duplicate), statement():
            rows = await audit.insert_logged(
                "member",
                _insert_member_sql(Member._meta.db.engine_type),
                (*(values[c] for c in _INSERTED), data.tier, network_ref),
                "member.create",
                object_type="member",
                object_ref=data.ref,
                after=created,
            )
        if not rows:  # no such network, or no such tier in it: say which
            await _check_tier(await network_id(network_ref), data.tier)
            raise RuntimeError("member insert matched no row")  # pragma: no cover
        return created

    async with duplicate_is_conflict("ref", duplicate), transaction():
        nid = await network_id(network_ref)
        await _check_tier(nid, data.tier)
        rows = await Member.insert(Member(network=nid, **values)).run()
        await Membership.insert(
            Membership(
                network=nid,
                member=rows[0]["id"],
                starts_on=data.joined_on,
                status=MembershipStatus.active.value,
                reason="joined",
            )
        ).run()
        created = _member_out(
            values,
            lifecycle.status_on(
                [lifecycle.Period(data.joined_on, None, MembershipStatus.active)],
                await network_today(nid),
            ),
        )
        await audit.record(
            "member.create",
            network=nid,
            object_type="member",
            object_ref=data.ref,
            after={**audit.snapshot(created), "joined_on": data.joined_on},
        )
        return created


async def update_member(
    network_ref: str, member_ref: str, data: schemas.MemberUpdate
) -> schemas.Member:
    values = _changes(
        data, Member, ("name", "legal_form", "departement", "commune", "employer", "budget_bracket")
    )
    if data.siret is not msgspec.UNSET:
        values[Member.siret] = checked_siret(data.siret)
    if data.headcount_fte is not msgspec.UNSET:
        values[Member.headcount_fte] = checked_fte(data.headcount_fte)
    if data.disciplines is not msgspec.UNSET:
        values[Member.disciplines] = _clean_disciplines(data.disciplines)
    async with transaction():
        nid = await network_id(network_ref)
        row = await member_row(nid, member_ref)
        if data.tier is not msgspec.UNSET:
            await _check_tier(nid, data.tier)
            values[Member.tier] = data.tier
        if values:
            await Member.update(values).where(Member.id == row["id"]).run()
            after = await member_row(nid, member_ref)
            await _audit_change("member.update", nid, "member", member_ref, row, after)
        return await _member_out_now(nid, await member_row(nid, member_ref))


async def get_member(network_ref: str, member_ref: str) -> schemas.Member:
    nid = await network_id(network_ref)
    return await _member_out_now(nid, await member_row(nid, member_ref))


async def list_members(
    network_ref: str,
    *,
    limit: int,
    offset: int,
    status: schemas.MemberStatus | None = None,
    tier: str | None = None,
    discipline: str | None = None,
    departement: str | None = None,
    q: str | None = None,
    sort: schemas.MemberSort = schemas.MemberSort.ref,
    descending: bool = False,
    only: frozenset[str] | None,
) -> Page[schemas.Member]:
    """A page of members; ``only`` limits them to those the caller may see (None: all)."""
    network = await resolve_network(network_ref)
    nid, today = network.id, network.today
    where: Combinable = Member.network == nid
    if only is not None:
        where &= Member.ref.is_in(sorted(only) or [""])
    if tier:
        where &= Member.tier == tier
    if discipline:
        where &= array_contains(Member.disciplines, discipline.strip().lower())
    if departement:
        where &= Member.departement == departement
    if q and q.strip():
        where &= text_matches((Member.name, Member.ref, Member.commune), q)
    if status is not None:
        ids = [row["id"] for row in await Member.select(Member.id).where(where).run()]
        periods = await _periods(ids)
        wanted = [i for i in ids if lifecycle.status_on(periods.get(i, []), today) == status]
        if not wanted:
            return Page(items=[], total=0, limit=limit, offset=offset)
        where &= Member.id.is_in(wanted)
    order = getattr(Member, sort.value)
    rows = (
        await Member.select(Member.id, *(getattr(Member, f) for f in MEMBER_FIELDS))
        .where(where)
        .order_by(order, ascending=not descending)
        .order_by(Member.ref)
        .limit(limit)
        .offset(offset)
        .run()
    )
    total = await Member.count().where(where).run()
    periods = await _periods([row["id"] for row in rows])
    items = [_member_out(row, lifecycle.status_on(periods[row["id"]], today)) for row in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


async def network_summary(network_ref: str) -> schemas.NetworkSummary:
    """Counts of the network's members today, by status, tier, discipline and département."""
    network = await resolve_network(network_ref)
    nid, today = network.id, network.today
    rows = (
        await Member.select(
            Member.id, Member.tier, Member.disciplines, Member.departement, Member.employer
        )
        .where(Member.network == nid)
        .run()
    )
    periods = await _periods([r["id"] for r in rows])
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts["status"][lifecycle.status_on(periods.get(row["id"], []), today).value] += 1
        counts["tier"][row["tier"]] += 1
        counts["departement"][row["departement"] or "?"] += 1
        for discipline in row["disciplines"] or []:
            counts["discipline"][discipline] += 1
    return schemas.NetworkSummary(
        network=network_ref,
        on=today,
        members=len(rows),
        by_status=dict(sorted(counts["status"].items())),
        by_tier=dict(sorted(counts["tier"].items())),
        by_discipline=dict(sorted(counts["discipline"].items())),
        by_departement=dict(sorted(counts["departement"].items())),
        employers=sum(1 for r in rows if r["employer"]),
    )


# -- memberships ----------------------------------------------------------------------------------


async def list_memberships(network_ref: str, member_ref: str) -> list[schemas.Membership]:
    nid = await network_id(network_ref)
    member = await member_row(nid, member_ref)
    rows = (
        await Membership.select(
            Membership.starts_on,
            Membership.ends_on,
            Membership.status,
            Membership.reason,
            Membership.end_reason,
        )
        .where(Membership.member == member["id"])
        .order_by(Membership.starts_on)
        .run()
    )
    return [msgspec.convert(row, schemas.Membership) for row in rows]


async def change_membership(
    network_ref: str, member_ref: str, action: lifecycle.Action, data: schemas.MembershipAction
) -> list[schemas.Membership]:
    """Apply a dated transition (join, suspend, resume, leave) and return the history."""
    async with transaction():
        nid = await network_id(network_ref)
        member = await member_row(nid, member_ref)
        periods = (await _periods([member["id"]]))[member["id"]]
        step = lifecycle.plan(periods, action, data.on)
        reason = data.reason or action.value
        if step.close_on is not None:
            await (
                Membership.update(
                    {Membership.ends_on: step.close_on, Membership.end_reason: reason}
                )
                .where((Membership.member == member["id"]) & Membership.ends_on.is_null())
                .run()
            )
        if step.opens is not None:
            await Membership.insert(
                Membership(
                    network=nid,
                    member=member["id"],
                    starts_on=data.on,
                    status=step.opens.value,
                    reason=reason,
                )
            ).run()
        history = await list_memberships(network_ref, member_ref)
        await audit.record(
            f"membership.{action.value}",
            network=nid,
            object_type="member",
            object_ref=member_ref,
            before=[audit.snapshot(p) for p in periods],
            after=history,
            detail=reason,
        )
    return history


# -- people ---------------------------------------------------------------------------------------

_PERSON_FIELDS = (
    "ref",
    "first_name",
    "last_name",
    "email",
    "phone",
    "role",
    "consent_contact",
    "consent_directory",
)


async def _people(where: Any) -> list[schemas.Person]:
    rows = (
        await Person.select(
            *(getattr(Person, f) for f in _PERSON_FIELDS), Person.member.ref.as_alias("member")
        )
        .where(where)
        .order_by(Person.ref)
        .run()
    )
    return [schemas.Person(**row) for row in rows]


async def list_people(network_ref: str, member_ref: str) -> list[schemas.Person]:
    nid = await network_id(network_ref)
    member = await member_row(nid, member_ref)
    return await _people(Person.member == member["id"])


async def create_person(
    network_ref: str, member_ref: str, data: schemas.PersonCreate
) -> schemas.Person:
    async with (
        duplicate_is_conflict(
            "ref", f"network {network_ref!r} already has a person with ref {data.ref!r}"
        ),
        transaction(),
    ):
        nid = await network_id(network_ref)
        member = await member_row(nid, member_ref)
        await Person.insert(
            Person(
                network=nid,
                member=member["id"],
                **{f: getattr(data, f) for f in _PERSON_FIELDS},
            )
        ).run()
        created = await get_person(network_ref, data.ref)
        await audit.record(
            "person.create", network=nid, object_type="person", object_ref=data.ref, after=created
        )
    return created


async def member_of_person(network_ref: str, person_ref: str) -> frozenset[str]:
    """The ref of the member a person belongs to (none if there is no such person)."""
    row = (
        await Person.select(Person.member.ref.as_alias("member"))
        .where((Person.network.ref == network_ref) & (Person.ref == person_ref))
        .first()
    )
    return frozenset() if row is None else frozenset({str(row["member"])})


async def get_person(network_ref: str, person_ref: str) -> schemas.Person:
    nid = await network_id(network_ref)
    people = await _people((Person.network == nid) & (Person.ref == person_ref))
    if not people:
        raise NotFoundError(f"no person with ref {person_ref!r} in this network")
    return people[0]


async def update_person(
    network_ref: str, person_ref: str, data: schemas.PersonUpdate
) -> schemas.Person:
    values = _changes(data, Person, _PERSON_FIELDS[1:])
    async with transaction():
        before = await get_person(network_ref, person_ref)  # NotFoundError if there is none
        nid = await network_id(network_ref)
        if values:
            await (
                Person.update(values)
                .where((Person.network == nid) & (Person.ref == person_ref))
                .run()
            )
            after = await get_person(network_ref, person_ref)
            await _audit_change("person.update", nid, "person", person_ref, before, after)
    return await get_person(network_ref, person_ref)


# -- dues -----------------------------------------------------------------------------------------


def euros_to_cents(amount: Decimal, field: str = "amount_eur") -> int:
    if not amount.is_finite() or amount < 0 or amount > MAX_DUE or amount != amount.quantize(CENT):
        message = f"expected euros with at most 2 decimals, between 0 and {MAX_DUE}"
        raise InvalidError(f"{field} {amount}: {message}", errors=[FieldProblem(field, message)])
    return int(amount * 100)


def cents_to_euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


async def list_dues(network_ref: str, member_ref: str) -> list[schemas.Due]:
    nid = await network_id(network_ref)
    member = await member_row(nid, member_ref)
    rows = (
        await Due.select(Due.period_start, Due.amount_cents, Due.paid_on, Due.means)
        .where(Due.member == member["id"])
        .order_by(Due.period_start)
        .run()
    )
    return [
        schemas.Due(
            period_start=r["period_start"],
            amount_eur=cents_to_euros(r["amount_cents"]),
            paid_on=r["paid_on"],
            means=r["means"],
        )
        for r in rows
    ]


async def record_due(network_ref: str, member_ref: str, data: schemas.DueCreate) -> schemas.Due:
    cents = euros_to_cents(data.amount_eur)
    async with (
        duplicate_is_conflict("period_start", "dues for this period are already recorded"),
        transaction(),
    ):
        nid = await network_id(network_ref)
        member = await member_row(nid, member_ref)
        await Due.insert(
            Due(
                network=nid,
                member=member["id"],
                period_start=data.period_start,
                amount_cents=cents,
                paid_on=data.paid_on,
                means=data.means,
            )
        ).run()
        due = schemas.Due(
            period_start=data.period_start,
            amount_eur=cents_to_euros(cents),
            paid_on=data.paid_on,
            means=data.means,
        )
        await audit.record(
            "due.create", network=nid, object_type="member", object_ref=member_ref, after=due
        )
    return due
