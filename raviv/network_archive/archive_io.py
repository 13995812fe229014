"""A whole network as one archive document (``raviv-network/1``): import and export.

Importing validates the whole document first (:func:`raviv.archive.parse_archive`, then what
the database cannot take), then writes everything in one transaction: a failed import changes
nothing. Each domain checks, writes and reads its own part: the registry's (the network, tiers,
members, people, dues) :mod:`raviv.registry.archive_io`, the ledger's (rates, working groups,
shared projects, meetings, contributions) :mod:`raviv.ledger.archive_io`, the rule's (rule sets,
exemptions) :mod:`raviv.participation.archive_io`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from raviv import vocabulary
from raviv.archive import Archive, ArchiveInvalid, parse_archive
from raviv.archive import schema as a
from raviv.db import transaction
from raviv.errors import FieldProblem, InvalidError
from raviv.guard import audit
from raviv.ledger import archive_io as ledger_io
from raviv.lib.identity import CALENDAR_YEAR_START
from raviv.participation import archive_io as rules_io
from raviv.registry import archive_io as registry_io
from raviv.registry.schemas import IDENTITY_FIELDS, Network


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


async def import_archive(
    raw: bytes | str | dict[str, Any],
    *,
    progress: Callable[[int], None] = lambda _: None,
) -> ImportResult:
    """Import a whole network. Raises InvalidError (every problem) or ConflictError (ref taken)."""
    archive = _parsed(raw)
    net = archive.network
    problems = registry_io.problems(archive)
    problems += ledger_io.problems(archive)
    problems += rules_io.problems(archive)
    if problems:
        raise InvalidError(
            f"the archive has {len(problems)} problem(s) the database cannot take; "
            "nothing was imported",
            errors=problems,
        )
    async with transaction():
        registry = await registry_io.store(archive, progress)
        nid, ids = registry.network, registry.members
        ledger = await ledger_io.store(archive, nid, ids)
        rule_sets, exemptions = await rules_io.store(archive, nid, ids)
        await audit.record(
            "network.import",
            network=nid,
            object_type="network",
            object_ref=net.ref,
            after={
                "members": len(archive.members),
                "people": registry.people,
                "memberships": registry.memberships,
                "dues": registry.dues,
                **asdict(ledger),
                "rule_sets": rule_sets,
                "exemptions": exemptions,
            },
        )
    return ImportResult(
        network=net.ref,
        members=len(archive.members),
        people=registry.people,
        memberships=registry.memberships,
        dues=registry.dues,
        ledger=ledger,
        rule_sets=rule_sets,
        exemptions=exemptions,
    )


def _identity(net: Network) -> dict[str, Any]:
    """The network's identity fields for its archive object. msgspec leaves a default out only
    when it is the default object itself (not an equal string read from the database), so the
    calendar year is given as the format's own constant, and left out like the example's."""
    identity = {field: getattr(net, field) for field in IDENTITY_FIELDS}
    if identity["fiscal_year_start"] == CALENDAR_YEAR_START:
        identity["fiscal_year_start"] = CALENDAR_YEAR_START
    return identity


async def export_archive(network_ref: str) -> Archive:
    """The network as an archive document."""
    registry = await registry_io.read(network_ref)
    net = registry.network
    ledger = await ledger_io.read(registry.id, registry.refs)
    rule_sets, exemptions = await rules_io.read(registry.id, registry.refs)
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
            tiers=registry.tiers,
            valuation_policy=ledger.valuation_policy,
            cvn_accounts=ledger.cvn_accounts,
            **_identity(net),
        ),
        members=registry.members,
        working_groups=ledger.working_groups,
        shared_projects=ledger.shared_projects,
        meetings=ledger.meetings,
        contributions=ledger.contributions,
        rule_sets=rule_sets,
        exemptions=exemptions,
    )
