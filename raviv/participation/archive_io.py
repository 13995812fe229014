"""The rule's part of the network archive: rule set versions and exemptions, stored and read
back exactly (criteria and tier criteria as the archive format writes them)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, Literal

import msgspec

from raviv import vocabulary
from raviv.archive import schema as a
from raviv.errors import FieldProblem
from raviv.participation.tables import Exemption, RuleSetVersion
from raviv.vocabulary import PeriodKind

_WAIVED = Literal["all"] | list[vocabulary.CriterionName]


def problems(archive: a.Archive) -> list[FieldProblem]:
    """What the database would refuse that the archive format allows: one exemption per member
    and period."""
    seen: set[tuple[str, str]] = set()
    found = []
    for index, exemption in enumerate(archive.exemptions):
        key = (exemption.member, exemption.period_start.isoformat())
        if key in seen:
            found.append(
                FieldProblem(
                    f"exemptions[{index}]",
                    "a second exemption for this member and period",
                    value=f"{key[0]} {key[1]}",
                )
            )
        seen.add(key)
    return found


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


async def insert_rule_set(
    network: int, rule_set: a.RuleSet, *, created_by: int | None = None
) -> None:
    """Store one rule set version as the archive writes it (the import's and the API's way)."""
    await RuleSetVersion.insert(
        RuleSetVersion(
            network=network,
            ref=rule_set.ref,
            effective_from=rule_set.effective_from,
            period_kind=PeriodKind(rule_set.period.value).value,
            grace_days=rule_set.grace_days,
            criteria=_json(rule_set.criteria),
            tiers=_json(rule_set.tiers),
            created_by=created_by,
            created_at=datetime.now(UTC),
        )
    ).run()


async def insert_exemption(
    network: int,
    member: int,
    exemption: a.Exemption,
    *,
    decided_by: str = "",
    decided_on: date | None = None,
    created_by: int | None = None,
) -> None:
    """Store one exemption (the import's and the API's way)."""
    await Exemption.insert(
        Exemption(
            network=network,
            member=member,
            criteria=_json(exemption.criteria),
            period_start=exemption.period_start,
            reason=exemption.reason,
            decided_by=decided_by,
            decided_on=decided_on,
            created_by=created_by,
            created_at=datetime.now(UTC),
        )
    ).run()


async def store(archive: a.Archive, network: int, members: Mapping[str, int]) -> tuple[int, int]:
    """Write the archive's rule sets and exemptions (inside the import's transaction)."""
    for rule_set in archive.rule_sets:
        await insert_rule_set(network, rule_set)
    for exemption in archive.exemptions:
        await insert_exemption(network, members[exemption.member], exemption)
    return len(archive.rule_sets), len(archive.exemptions)


async def read_rule_sets(network: int) -> list[a.RuleSet]:
    """The network's rule set versions (by first day), as archive objects."""
    return [
        a.RuleSet(
            ref=row["ref"],
            effective_from=row["effective_from"],
            period=vocabulary.PeriodKind(row["period_kind"]),
            grace_days=row["grace_days"],
            criteria=msgspec.json.decode(row["criteria"], type=list[a.Criterion]),
            tiers=msgspec.json.decode(row["tiers"], type=list[a.RuleTier]),
        )
        for row in await RuleSetVersion.select()
        .where(RuleSetVersion.network == network)
        .order_by(RuleSetVersion.effective_from)
        .run()
    ]


async def read_exemptions(network: int, members: Mapping[int, str]) -> list[a.Exemption]:
    """The network's exemptions (``members``: id → ref), as archive objects."""
    return [
        a.Exemption(
            member=members[row["member"]],
            criteria=msgspec.json.decode(row["criteria"], type=_WAIVED),
            period_start=row["period_start"],
            reason=row["reason"],
        )
        for row in await Exemption.select()
        .where(Exemption.network == network)
        .order_by(Exemption.period_start, Exemption.id)
        .run()
    ]


async def read(
    network: int, members: Mapping[int, str]
) -> tuple[list[a.RuleSet], list[a.Exemption]]:
    """The network's rule sets (by first day) and exemptions, as archive objects."""
    return await read_rule_sets(network), await read_exemptions(network, members)
