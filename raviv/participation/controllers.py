"""HTTP routes of the participation rule: where members stand, and a member's own view.

The JSON is exactly `raviv rules evaluate --json`'s (docs/domain.md), numbers as exact JSON numbers.
A member representative sees its own member only; coordinators and consultants, everyone.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from raviv.answers import json_answer
from raviv.archive import schema as a
from raviv.errors import NotFoundError
from raviv.guard.deps import Viewer, provide_viewer
from raviv.guard.policy import ApiController, allow
from raviv.guard.roles import Role
from raviv.participation import rule_sets, snapshots
from raviv.participation.evaluation import evaluate_network
from raviv.registry.service import resolve_network
from raviv.rules.report import EvaluationDocument, StandingDocument, evaluation_document

COORDINATOR, CONSULTANT = Role.coordinator, Role.consultant
_ENCODER = msgspec.json.Encoder(decimal_format="number")

At = Annotated[
    dt.date | None,
    QueryParameter(name="at", description="Day evaluated (default: today, network's time zone)."),
]
PeriodStart = Annotated[
    dt.date | None,
    QueryParameter(name="period", description="First day of the period (default: that of at)."),
]


def _json(document: Any) -> Response[bytes]:
    return Response(_ENCODER.encode(document), media_type="application/json")


async def _document(network_ref: str, at: dt.date | None, period: dt.date | None) -> Any:
    network = await resolve_network(network_ref)
    day = at or network.today
    return evaluation_document(await evaluate_network(network, at=day, period_start=period))


class EvaluationController(ApiController):
    path = "/api/networks/{network_ref:str}"
    tags = ["participation rule"]  # noqa: RUF012
    dependencies = {"viewer": Provide(provide_viewer)}  # noqa: RUF012

    @get(
        "/evaluation",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="Where every member stands against the rule (a representative: its own)",
        responses=json_answer(EvaluationDocument, "Every member's status and criteria"),
    )
    async def evaluation(
        self,
        network_ref: FromPath[str],
        viewer: NamedDependency[Viewer],
        at: At = None,
        period: PeriodStart = None,
    ) -> Response[bytes]:
        document = await _document(network_ref, at, period)
        only = viewer.member_refs(network_ref)
        if only is not None:
            document["members"] = [m for m in document["members"] if m["member"] in only]
        return _json(document)

    @get(
        "/members/{member_ref:str}/standing",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="One member's standing: its status, and what each criterion counts and misses",
        responses=json_answer(StandingDocument, "The member's status and criteria"),
    )
    async def standing(
        self,
        network_ref: FromPath[str],
        member_ref: FromPath[str],
        at: At = None,
        period: PeriodStart = None,
    ) -> Response[bytes]:
        document = await _document(network_ref, at, period)
        mine = [m for m in document.pop("members") if m["member"] == member_ref]
        if not mine:
            raise NotFoundError(f"no member {member_ref!r} evaluated in this network")
        return _json({**document, "member": mine[0]})

    @get(
        "/members/{member_ref:str}/timeline",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="One member's status in every daily snapshot kept, oldest first",
    )
    async def timeline(
        self, network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> list[snapshots.Point]:
        return await snapshots.timeline(network_ref, member_ref)

    @get(
        "/rule-sets",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="The versions of the network's participation rule, by first day",
    )
    async def list_rule_sets(self, network_ref: FromPath[str]) -> list[a.RuleSet]:
        return await rule_sets.list_rule_sets(network_ref)

    @post(
        "/rule-sets",
        opt=allow(COORDINATOR),
        summary="Add a version of the rule (never edited: a later version supersedes it)",
        description="The body is a rule set as the archive format writes it (`ref`, "
        "`effective_from`, `period`, `grace_days`, `criteria`, `tiers`), checked by the same "
        "validator as an archive import.",
    )
    async def create_rule_set(
        self, network_ref: FromPath[str], data: JSONBody[dict[str, Any]]
    ) -> a.RuleSet:
        return await rule_sets.create_rule_set(network_ref, data)

    @post(
        "/rule-sets/preview",
        opt=allow(COORDINATOR),
        status_code=200,
        summary="Try a version of the rule: every member's status under it beside today's",
        description="The body is a rule set as POST /rule-sets takes it, checked the same way; "
        "every member is evaluated on `at` (default: today) under it, as if it governed the "
        "period of `at`, and under the rule in effect. Nothing is written.",
    )
    async def preview_rule_set(
        self, network_ref: FromPath[str], data: JSONBody[dict[str, Any]], at: At = None
    ) -> Response[bytes]:
        day = at or (await resolve_network(network_ref)).today
        tried = await rule_sets.preview_rule_set(network_ref, data, at=day)
        return _json(
            {
                "rule_set": tried.rule_set.ref,
                "at": day.isoformat(),
                "current_rule_set": tried.current.rule_set if tried.current else None,
                "changes": tried.changes,
                "members": [
                    {
                        "member": m.member,
                        "current": m.current.status.value if m.current else None,
                        "preview": m.preview.status.value if m.preview else None,
                        "changed": m.changed,
                    }
                    for m in tried.members
                ],
            }
        )

    @get(
        "/exemptions",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="Exemptions decided (a representative: its own member's)",
    )
    async def list_exemptions(
        self, network_ref: FromPath[str], viewer: NamedDependency[Viewer]
    ) -> list[a.Exemption]:
        return await rule_sets.list_exemptions(network_ref, viewer.member_refs(network_ref))

    @post(
        "/exemptions",
        opt=allow(COORDINATOR),
        summary="Record an exemption decided for a member and a period",
    )
    async def create_exemption(
        self, network_ref: FromPath[str], data: JSONBody[rule_sets.ExemptionCreate]
    ) -> a.Exemption:
        return await rule_sets.create_exemption(network_ref, data)
