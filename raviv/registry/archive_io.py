"""The registry's part of the network archive (``raviv-network/1``): the network itself (with
its identity), its tiers, members, memberships, contact people and dues.

:mod:`raviv.network_archive.archive_io` drives the import and export of the whole document, in one
transaction, with the ledger's part (:mod:`raviv.ledger.archive_io`) and the participation rule's
(:mod:`raviv.participation.archive_io`); like theirs, this module checks what the database cannot
take (:func:`problems`), writes its part (:func:`store`) and reads it back (:func:`read`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from raviv import vocabulary
from raviv.archive import Archive
from raviv.archive import schema as a
from raviv.db import insert_in_chunks
from raviv.errors import FieldProblem, InvalidError
from raviv.registry import identity, schemas, service
from raviv.registry.schemas import DEFAULT_TIERS, IDENTITY_FIELDS, NetworkCreate, TierCreate
from raviv.registry.tables import Due, Member, Membership, Person, Tier
from raviv.vocabulary import PeriodKind


@dataclass(frozen=True, slots=True)
class RegistryCounts:
    """What :func:`store` wrote: the network's id, its members' ids by ref, and the counts."""

    network: int
    members: dict[str, int]
    people: int
    memberships: int
    dues: int


@dataclass(frozen=True, slots=True)
class RegistrySections:
    """The registry's part of an archive, read back: the network, its tiers as the archive writes
    them (none when they are the default ones), its members, and their refs by id."""

    id: int
    network: schemas.Network
    tiers: list[a.Tier]
    members: list[a.Member]
    refs: dict[int, str]


def _tiers(archive: Archive) -> list[a.Tier]:
    return archive.network.tiers or [a.Tier(code=t.code, label=t.label) for t in DEFAULT_TIERS]


def _disciplines(member: a.Member) -> list[str]:
    values = list(member.disciplines) or ([member.discipline] if member.discipline else [])
    return list(dict.fromkeys(v.strip().lower() for v in values if v.strip()))


def problems(archive: Archive) -> list[FieldProblem]:
    """What the registry's tables cannot take: a member on a tier the network does not have,
    an identity the API would refuse (the archive validator checks the same, so this is a
    safeguard)."""
    tiers = _tiers(archive)
    codes = {t.code for t in tiers}
    accepted = ", ".join(t.code for t in tiers)
    found = [
        FieldProblem(f"members[{i}].tier", f"unknown tier {m.tier!r}; expected one of {accepted}")
        for i, m in enumerate(archive.members)
        if m.tier not in codes
    ]
    try:
        identity.checked({field: getattr(archive.network, field) for field in IDENTITY_FIELDS})
    except InvalidError as refused:
        found += [replace(p, field=f"network.{p.field}") for p in refused.errors]
    return found


async def store(archive: Archive, progress: Callable[[int], None]) -> RegistryCounts:
    """Write the network, its tiers, members, memberships, people and dues (inside the caller's
    transaction). Raises ConflictError when the network's ref is taken."""
    net = archive.network
    await service.create_network(
        NetworkCreate(
            ref=net.ref,
            name=net.name,
            territory=net.territory,
            period_kind=PeriodKind(net.period.value),
            timezone=net.timezone,
            parent=net.parent,
            **{field: getattr(net, field) for field in IDENTITY_FIELDS},
        ),
        tiers=[TierCreate(code=t.code, label=t.label) for t in _tiers(archive)],
    )
    nid = await service.network_id(net.ref)
    await insert_in_chunks(
        Member,
        [
            Member(
                network=nid,
                ref=m.ref,
                name=m.name,
                siret=service.checked_siret(m.siret),
                legal_form=m.legal_form,
                disciplines=_disciplines(m),
                departement=m.departement,
                commune=m.commune,
                employer=m.employer,
                headcount_fte=service.checked_fte(m.headcount_fte),
                budget_bracket=m.budget_bracket,
                tier=m.tier,
            )
            for m in archive.members
        ],
        progress,
    )
    ids = {
        r["ref"]: r["id"]
        for r in await Member.select(Member.id, Member.ref).where(Member.network == nid).run()
    }
    memberships = [
        Membership(
            network=nid,
            member=ids[m.ref],
            starts_on=p.from_,
            ends_on=p.to,
            status=p.status.value,
            reason=p.reason,
            end_reason=p.end_reason,
        )
        for m in archive.members
        for p in m.memberships
    ]
    people = [
        Person(
            network=nid,
            member=ids[m.ref],
            ref=p.ref,
            first_name=p.first_name,
            last_name=p.last_name,
            email=p.email,
            phone=p.phone,
            role=p.role,
            consent_contact=p.consent_contact,
            consent_directory=p.consent_directory,
        )
        for m in archive.members
        for p in m.people
    ]
    dues = [
        Due(
            network=nid,
            member=ids[m.ref],
            period_start=d.period_start,
            amount_cents=service.euros_to_cents(d.amount_eur, "dues[].amount_eur"),
            paid_on=d.paid_on,
            means=d.means,
        )
        for m in archive.members
        for d in m.dues
    ]
    await insert_in_chunks(Membership, memberships)
    await insert_in_chunks(Person, people)
    await insert_in_chunks(Due, dues)
    return RegistryCounts(
        network=nid,
        members=ids,
        people=len(people),
        memberships=len(memberships),
        dues=len(dues),
    )


async def read(network_ref: str) -> RegistrySections:
    """The registry's part of the network's archive."""
    nid = await service.network_id(network_ref)
    net = await service.get_network(network_ref)
    tiers = (
        await Tier.select(Tier.code, Tier.label)
        .where(Tier.network == nid)
        .order_by(Tier.position)
        .run()
    )
    members = await Member.select().where(Member.network == nid).order_by(Member.id).run()
    periods: dict[int, list[a.Membership]] = {}
    for p in (
        await Membership.select()
        .where(Membership.network == nid)
        .order_by(Membership.starts_on)
        .run()
    ):
        periods.setdefault(p["member"], []).append(
            a.Membership(
                from_=p["starts_on"],
                to=p["ends_on"],
                status=vocabulary.MembershipStatus(p["status"]),
                reason=p["reason"],
                end_reason=p["end_reason"],
            )
        )
    people: dict[int, list[a.Person]] = {}
    for p in await Person.select().where(Person.network == nid).order_by(Person.ref).run():
        people.setdefault(p["member"], []).append(
            a.Person(
                ref=p["ref"],
                first_name=p["first_name"],
                last_name=p["last_name"],
                email=p["email"],
                phone=p["phone"],
                role=p["role"],
                consent_contact=p["consent_contact"],
                consent_directory=p["consent_directory"],
            )
        )
    dues: dict[int, list[a.Due]] = {}
    for d in await Due.select().where(Due.network == nid).order_by(Due.period_start).run():
        dues.setdefault(d["member"], []).append(
            a.Due(
                period_start=d["period_start"],
                amount_eur=service.cents_to_euros(d["amount_cents"]),
                paid_on=d["paid_on"],
                means=d["means"],
            )
        )
    default_tiers = [(t.code, t.label) for t in DEFAULT_TIERS]
    return RegistrySections(
        id=nid,
        network=net,
        tiers=[]
        if [(t["code"], t["label"]) for t in tiers] == default_tiers
        else [a.Tier(code=t["code"], label=t["label"]) for t in tiers],
        members=[
            a.Member(
                ref=m["ref"],
                name=m["name"],
                siret=m["siret"],
                legal_form=m["legal_form"],
                discipline=m["disciplines"][0] if len(m["disciplines"]) == 1 else "",
                disciplines=m["disciplines"] if len(m["disciplines"]) > 1 else [],
                departement=m["departement"],
                employer=m["employer"],
                tier=m["tier"],
                memberships=periods.get(m["id"], []),
                commune=m["commune"],
                headcount_fte=service.fte_out(m["headcount_fte"]),
                budget_bracket=m["budget_bracket"],
                people=people.get(m["id"], []),
                dues=dues.get(m["id"], []),
            )
            for m in members
        ],
        refs={m["id"]: m["ref"] for m in members},
    )
