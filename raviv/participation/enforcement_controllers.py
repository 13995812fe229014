"""HTTP routes of enforcement: the network's policy, reminders, cases with their decisions and
answers, and a member's own view.

Who may call them: coordinators do everything; a member representative reads its own member's
reminders and cases (lists hold only those; another member's case is 404) and writes its
member's answer on its cases; consultants read the policy only (cases are a matter between the
network and the member).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, Parameter, QueryParameter

from raviv.guard.deps import Viewer, provide_principal, provide_viewer
from raviv.guard.policy import ApiController, allow, resolves_member
from raviv.guard.principal import Principal
from raviv.guard.roles import Role
from raviv.ledger.working_life import member_id
from raviv.pagination import Limit, Offset, Page
from raviv.participation.enforcement import cases, policy, reminders, schemas
from raviv.participation.enforcement.restrictions import restriction_for
from raviv.registry.service import network_id, resolve_network

COORDINATOR, CONSULTANT = Role.coordinator, Role.consultant
CASE = "/cases/{case_ref:str}"

resolves_member("case_ref")(cases.members_of)

MemberFilter = Annotated[
    str | None, Parameter(max_length=64, description="Only this member's (its ref).")
]


class EnforcementController(ApiController):
    path = "/api/networks/{network_ref:str}"
    tags = ["enforcement"]  # noqa: RUF012
    dependencies = {  # noqa: RUF012
        "principal": Provide(provide_principal),
        "viewer": Provide(provide_viewer),
    }

    @get(
        "/enforcement/policy",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="How the network acts on its rule: reminders, their interval, cases",
    )
    async def get_policy(self, network_ref: FromPath[str]) -> schemas.Policy:
        return await policy.get_policy(network_ref)

    @put(
        "/enforcement/policy",
        opt=allow(COORDINATOR),
        summary="Set the network's enforcement policy (every field)",
    )
    async def set_policy(
        self, network_ref: FromPath[str], data: JSONBody[schemas.PolicyUpdate]
    ) -> schemas.Policy:
        return await policy.set_policy(network_ref, data)

    @get(
        "/reminders",
        opt=allow(COORDINATOR, own_member=True),
        summary="Reminders sent to members at risk, newest first (a representative: its own)",
    )
    async def list_reminders(  # noqa: PLR0917 - one parameter per filter
        self,
        network_ref: FromPath[str],
        viewer: NamedDependency[Viewer],
        member: MemberFilter = None,
        status: Annotated[schemas.ReminderStatus | None, QueryParameter(name="status")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[schemas.Reminder]:
        items, total = await reminders.list_reminders(
            await network_id(network_ref),
            only=viewer.member_refs(network_ref),
            member=member,
            status=status,
            limit=limit,
            offset=offset,
        )
        return Page(items=items, total=total, limit=limit, offset=offset)

    @get(
        "/cases",
        opt=allow(COORDINATOR, own_member=True),
        summary="Cases of members non-compliant at a period's end (a representative: its own)",
    )
    async def list_cases(
        self,
        network_ref: FromPath[str],
        viewer: NamedDependency[Viewer],
        status: Annotated[
            schemas.CaseStatus | None, QueryParameter(name="status", description="open, closed")
        ] = None,
        member: MemberFilter = None,
        period: Annotated[
            dt.date | None, QueryParameter(name="period", description="First day of the period.")
        ] = None,
    ) -> list[schemas.CaseSummary]:
        return await cases.list_cases(
            network_ref,
            only=viewer.member_refs(network_ref),
            status=status,
            member=member,
            period_start=period,
        )

    @get(
        CASE,
        opt=allow(COORDINATOR, own_member=True),
        summary="One case: the evaluation it came from, its decisions and the member's answers",
    )
    async def get_case(self, network_ref: FromPath[str], case_ref: FromPath[str]) -> schemas.Case:
        return await cases.get_case(network_ref, case_ref)

    @post(
        CASE + "/decisions",
        opt=allow(COORDINATOR),
        summary="Record a decision: warning, restriction, suspension proposal, or lift",
        description="Decisions are never edited: a later one supersedes the case's latest. A "
        "restriction refuses the services the network gives the member from `starts_on` to "
        "`ends_on` (or until a `lift`).",
    )
    async def decide(
        self,
        network_ref: FromPath[str],
        case_ref: FromPath[str],
        data: JSONBody[schemas.DecisionCreate],
        principal: NamedDependency[Principal],
    ) -> schemas.Case:
        return await cases.decide(network_ref, case_ref, data, principal)

    @post(
        CASE + "/answers",
        opt=allow(COORDINATOR, own_member=True),
        summary="The member's answer on its case (by its representative, or a coordinator)",
    )
    async def answer(
        self,
        network_ref: FromPath[str],
        case_ref: FromPath[str],
        data: JSONBody[schemas.AnswerCreate],
        principal: NamedDependency[Principal],
    ) -> schemas.Case:
        return await cases.answer(network_ref, case_ref, data, principal)

    @post(
        CASE + "/close",
        opt=allow(COORDINATOR),
        summary="Close a case, with a note (a restriction decided still runs its course)",
    )
    async def close(
        self,
        network_ref: FromPath[str],
        case_ref: FromPath[str],
        data: JSONBody[schemas.CaseClose],
        principal: NamedDependency[Principal],
    ) -> schemas.Case:
        return await cases.close(network_ref, case_ref, data, principal)

    @get(
        "/members/{member_ref:str}/enforcement",
        opt=allow(COORDINATOR, own_member=True),
        summary="A member's own view: the restriction it is under, its reminders and cases",
    )
    async def member_view(
        self, network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> schemas.MemberEnforcement:
        network = await resolve_network(network_ref)
        nid = network.id
        mid = await member_id(nid, member_ref)  # 404 when there is none
        items, _ = await reminders.list_reminders(
            nid, only=None, member=member_ref, limit=500, offset=0
        )
        return schemas.MemberEnforcement(
            member=member_ref,
            restriction=await restriction_for(nid, mid, network.today),
            reminders=items,
            cases=await cases.list_cases(network_ref, only=None, member=member_ref),
        )
