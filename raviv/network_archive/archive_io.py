"""The registry's part of the network archive (``raviv-network/1``): import and export.

Importing validates the whole document first (:func:`raviv.archive.parse_archive`, then what
the database cannot take), then writes everything in one transaction: a failed import changes
nothing. The registry's sections are written here, the ledger's (rates, working groups, shared
projects, meetings, contributions) by :mod:`raviv.ledger.archive_io`, the rule's (rule sets,
exemptions) by :mod:`raviv.participation.archive_io`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from raviv import vocabulary
from raviv.archive import Archive, ArchiveInvalid, parse_archive
from raviv.archive import schema as a
from raviv.db import insert_in_chunks, transaction
from raviv.errors import FieldProblem, InvalidError
from raviv.guard import audit
from raviv.ledger import archive_io as ledger_io
from raviv.participation import archive_io as rules_io
from raviv.registry import service
from raviv.registry.schemas import DEFAULT_TIERS, NetworkCreate, TierCreate
from raviv.registry.tables import Due, Member, Membership, Person, Tier
from raviv.vocabulary import PeriodKind

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ImportResult:
    network: str
    members: int
    people: int
    memberships: int
    dues: int
    ledger: ledger_io.LedgerCounts = field(default_factory=ledger_io.LedgerCounts)
    rule_sets: int = 0
    exemptions: int = 0


def _parsed(raw: bytes | str | dict[str, Any]) -> Archive:
    try:
        return parse_archive(raw)
    except ArchiveInvalid as exc:
        raise InvalidError(
            f"the archive has {len(exc.problems)} problem(s); nothing was imported",
            errors=[FieldProblem(p.path, p.reason, value=p.value) for p in exc.problems],
        ) from None


def _disciplines(member: a.Member) -> list[str]:
    values = list(member.disciplines) or ([member.discipline] if member.discipline else [])
    return list(dict.fromkeys(v.strip().lower() for v in values if v.strip()))


async def import_archive(
    raw: bytes | str | dict[str, Any],
    *,
    progress: Callable[[int], None] = lambda _: None,
) -> ImportResult:
    """Import a whole network. Raises InvalidError (every problem) or ConflictError (ref taken)."""
    archive = _parsed(raw)
    net = archive.network
    tiers = net.tiers or [a.Tier(code=t.code, label=t.label) for t in DEFAULT_TIERS]
    codes = {t.code for t in tiers}
    accepted = ", ".join(t.code for t in tiers)
    problems = [
        FieldProblem(f"members[{i}].tier", f"unknown tier {m.tier!r}; expected one of {accepted}")
        for i, m in enumerate(archive.members)
        if m.tier not in codes
    ]
    problems += ledger_io.problems(archive)
    problems += rules_io.problems(archive)
    if problems:
        raise InvalidError(
            f"the archive has {len(problems)} problem(s) the database cannot take; "
            "nothing was imported",
            errors=problems,
        )
    async with transaction():
        await service.create_network(
            NetworkCreate(
                ref=net.ref,
                name=net.name,
                territory=net.territory,
                period_kind=PeriodKind(net.period.value),
                timezone=net.timezone,
                parent=net.parent,
            ),
            tiers=[TierCreate(code=t.code, label=t.label) for t in tiers],
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
        ledger = await ledger_io.store(archive, nid, ids)
        rule_sets, exemptions = await rules_io.store(archive, nid, ids)
        await audit.record(
            "network.import",
            network=nid,
            object_type="network",
            object_ref=net.ref,
            after={
                "members": len(archive.members),
                "people": len(people),
                "memberships": len(memberships),
                "dues": len(dues),
                **asdict(ledger),
                "rule_sets": rule_sets,
                "exemptions": exemptions,
            },
        )
    return ImportResult(
        network=net.ref,
        members=len(archive.members),
        people=len(people),
        memberships=len(memberships),
        dues=len(dues),
        ledger=ledger,
        rule_sets=rule_sets,
        exemptions=exemptions,
    )


async def export_archive(network_ref: str) -> Archive:
    """The network as an archive document."""
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
    ledger = await ledger_io.read(nid, {m["id"]: m["ref"] for m in members})
    rule_sets, exemptions = await rules_io.read(nid, {m["id"]: m["ref"] for m in members})
    default_tiers = [(t.code, t.label) for t in DEFAULT_TIERS]
    return Archive(
        format="raviv-network/1",
        network=a.Network(
            ref=net.ref,
            name=net.name,
            period=vocabulary.PeriodKind(net.period_kind.value),
            timezone=net.timezone,
            rates=ledger.rates,
            territory=net.territory,
            parent=net.parent,
            tiers=[]
            if [(t["code"], t["label"]) for t in tiers] == default_tiers
            else [a.Tier(code=t["code"], label=t["label"]) for t in tiers],
            valuation_policy=ledger.valuation_policy,
        ),
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
        working_groups=ledger.working_groups,
        shared_projects=ledger.shared_projects,
        meetings=ledger.meetings,
        contributions=ledger.contributions,
        rule_sets=rule_sets,
        exemptions=exemptions,
    )
