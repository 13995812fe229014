"""Rule set versions and exemptions through the API: read, and added (never edited).

A new version is held to exactly the rules an archive's are: it is checked by the archive
validator itself, inside a document holding the network's tiers and its other versions, so the
API and `raviv import network` can never disagree on what a valid rule is. A version is never
changed: a new one with a later ``effective_from`` supersedes it, and past snapshots keep the
version they were made under.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import msgspec

from raviv import vocabulary
from raviv.archive import ArchiveInvalid, parse_archive
from raviv.archive import schema as a
from raviv.db import duplicate_is_conflict, transaction
from raviv.edge import Input
from raviv.errors import FieldProblem, InvalidError
from raviv.guard import audit
from raviv.participation import archive_io
from raviv.participation.evaluation import evaluate_network, evaluate_with_inputs
from raviv.registry import service
from raviv.registry.tables import Member, Tier
from raviv.rules.evaluator import Evaluation, MemberEvaluation
from raviv.rules.from_archive import rule_set_in_effect

_IN_NEW = re.compile(r"^rule_sets\[(\d+)\]\.?")


async def _members(nid: int) -> dict[int, str]:
    rows = await Member.select(Member.id, Member.ref).where(Member.network == nid).run()
    return {r["id"]: r["ref"] for r in rows}


async def list_rule_sets(network_ref: str) -> list[a.RuleSet]:
    return await archive_io.read_rule_sets(await service.network_id(network_ref))


async def period_kind_on(network_ref: str, day: dt.date) -> vocabulary.PeriodKind | None:
    """The kind of period of the rule version in effect on ``day``; ``None`` before any."""
    in_effect = rule_set_in_effect(await list_rule_sets(network_ref), day)
    return None if in_effect is None else in_effect.period


async def list_exemptions(network_ref: str, only: frozenset[str] | None) -> list[a.Exemption]:
    """The network's exemptions; ``only``: those of these members."""
    nid = await service.network_id(network_ref)
    exemptions = await archive_io.read_exemptions(nid, await _members(nid))
    return [e for e in exemptions if only is None or e.member in only]


async def _checked(network_ref: str, nid: int, body: dict[str, Any]) -> a.RuleSet:
    """The new version, checked by the archive validator beside the network's tiers and its
    other versions; problems name the body's own fields."""
    net = await service.get_network(network_ref)
    tiers = await Tier.select(Tier.code, Tier.label).where(Tier.network == nid).run()
    existing = await archive_io.read_rule_sets(nid)
    document = {
        "format": "raviv-network/1",
        "network": {
            "ref": net.ref,
            "name": net.name,
            "period": net.period_kind.value,
            "timezone": net.timezone,
            "tiers": [{"code": t["code"], "label": t["label"]} for t in tiers],
            "rates": [],
        },
        "members": [],
        "working_groups": [],
        "meetings": [],
        "contributions": [],
        "rule_sets": [*msgspec.to_builtins(existing), body],
        "exemptions": [],
    }
    try:
        parsed = parse_archive(document)
    except ArchiveInvalid as invalid:
        new = str(len(existing))
        problems = []
        for p in invalid.problems:
            match = _IN_NEW.match(p.path)
            if match is None or match.group(1) != new:
                field = p.path  # a clash with another version (the same first day)
            else:
                field = p.path[match.end() :] or "(body)"
            problems.append(FieldProblem(field, p.reason, value=p.value))
        raise InvalidError(
            f"this rule set has {len(problems)} problem(s); nothing was written", errors=problems
        ) from None
    return parsed.rule_sets[-1]


async def create_rule_set(network_ref: str, body: dict[str, Any]) -> a.RuleSet:
    nid = await service.network_id(network_ref)
    rule_set = await _checked(network_ref, nid, body)
    taken = f"The network already has a rule set {rule_set.ref!r}."
    async with (
        duplicate_is_conflict(
            "ref", taken, reason="already used in this network", value=rule_set.ref
        ),
        transaction(),
    ):
        await archive_io.insert_rule_set(nid, rule_set, created_by=audit.current_actor().account_id)
        await audit.record(
            "rule_set.create",
            network=nid,
            object_type="rule_set",
            object_ref=rule_set.ref,
            after=rule_set,
        )
    return rule_set


Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class ExemptionCreate(Input):
    """A waiver decided for a member and one period: of ``"all"`` criteria or of those listed."""

    member: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    criteria: Literal["all"] | list[vocabulary.CriterionName]
    period_start: dt.date
    reason: Reason
    decided_by: Annotated[str, msgspec.Meta(max_length=200)] = ""
    decided_on: dt.date | None = None


async def create_exemption(network_ref: str, data: ExemptionCreate) -> a.Exemption:
    nid = await service.network_id(network_ref)
    if isinstance(data.criteria, list):
        if not data.criteria:
            raise InvalidError.on("criteria", 'expected "all" or at least one criterion', "[]")
        if len(set(data.criteria)) != len(data.criteria):
            raise InvalidError.on("criteria", "a criterion is listed twice")
    row = (
        await Member.select(Member.id)
        .where((Member.network == nid) & (Member.ref == data.member))
        .first()
    )
    if row is None:
        raise InvalidError.on("member", "no such member in this network", data.member)
    exemption = a.Exemption(
        member=data.member,
        criteria=data.criteria,
        period_start=data.period_start,
        reason=data.reason,
    )
    taken = f"{data.member!r} already has an exemption for the period from {data.period_start}."
    async with (
        duplicate_is_conflict("period_start", taken, reason="already exempted for this period"),
        transaction(),
    ):
        await archive_io.insert_exemption(
            nid,
            row["id"],
            exemption,
            decided_by=data.decided_by,
            decided_on=data.decided_on,
            created_by=audit.current_actor().account_id,
        )
        await audit.record(
            "exemption.create",
            network=nid,
            object_type="exemption",
            object_ref=f"{data.member}@{data.period_start}",
            after=data,
        )
    return exemption


# -- a version tried before it is added ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One member under the rule in effect and under the version tried (``None``: not evaluated
    on that side, e.g. no rule in effect yet)."""

    member: str
    current: MemberEvaluation | None
    preview: MemberEvaluation | None

    @property
    def changed(self) -> bool:
        before = self.current.status if self.current else None
        after = self.preview.status if self.preview else None
        return before != after


@dataclass(frozen=True, slots=True)
class RulePreview:
    """What a new version would make of the network on ``at``, beside what the rule in effect
    makes of it. Nothing is written."""

    rule_set: a.RuleSet
    at: dt.date
    current: Evaluation | None
    preview: Evaluation
    members: tuple[Change, ...]

    @property
    def changes(self) -> int:
        return sum(1 for member in self.members if member.changed)


async def preview_rule_set(network_ref: str, body: dict[str, Any], *, at: dt.date) -> RulePreview:
    """Every member evaluated on ``at`` under the version ``body`` (checked exactly as
    :func:`create_rule_set` checks it; 422 naming its fields), as if it governed the period of
    ``at`` in its own period kind whatever its first day, beside their evaluation under the
    rule in effect (``current`` is ``None`` when the network has none yet). The same reading
    and the same evaluator as :func:`raviv.participation.evaluation.evaluate_network`; nothing
    is written."""
    network = await service.resolve_network(network_ref)
    candidate = await _checked(network_ref, network.id, body)
    try:
        current: Evaluation | None = await evaluate_network(network, at=at)
    except InvalidError:
        current = None
    governing = msgspec.structs.replace(candidate, effective_from=dt.date.min)
    preview, _ = await evaluate_with_inputs(network, at=at, rule_sets=[governing])
    before = {m.member: m for m in current.members} if current else {}
    after = {m.member: m for m in preview.members}
    members = tuple(
        Change(ref, before.get(ref), after.get(ref)) for ref in sorted(before.keys() | after)
    )
    return RulePreview(candidate, at, current, preview, members)
