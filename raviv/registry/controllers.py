"""HTTP routes of the registry: networks, tiers, members, memberships, people and dues."""

from __future__ import annotations

from typing import Annotated

from litestar import get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from raviv.guard.deps import Viewer, provide_viewer
from raviv.guard.policy import (
    ANY_ROLE,
    SIGNED_IN,
    SITE_ADMIN,
    ApiController,
    allow,
    resolves_member,
)
from raviv.guard.roles import Role
from raviv.pagination import Limit, Offset, Page
from raviv.registry import lifecycle, schemas, service

NETWORK = "/api/networks/{network_ref:str}"
MEMBER = NETWORK + "/members/{member_ref:str}"
SORT_PATTERN = "^-?(" + "|".join(schemas.MemberSort) + ")$"
COORDINATOR = Role.coordinator
CONSULTANT = Role.consultant

resolves_member("person_ref")(service.member_of_person)


class NetworkController(ApiController):
    path = "/api/networks"
    tags = ["networks"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post("/", opt=SITE_ADMIN, summary="Create a network (or a federation of networks)")
    async def create_network(self, data: JSONBody[schemas.NetworkCreate]) -> schemas.Network:
        return await service.create_network(data)

    @get(
        "/",
        opt=SIGNED_IN,
        dependencies={"viewer": Provide(provide_viewer)},
        summary="List the networks the caller has a role in",
    )
    async def list_networks(
        self, viewer: NamedDependency[Viewer], limit: Limit = 50, offset: Offset = 0
    ) -> Page[schemas.Network]:
        return await service.list_networks(limit=limit, offset=offset, only=viewer.network_refs())

    @get("/{network_ref:str}", opt=allow(*ANY_ROLE), summary="Get a network")
    async def get_network(self, network_ref: FromPath[str]) -> schemas.Network:
        return await service.get_network(network_ref)

    @patch(
        "/{network_ref:str}",
        opt=allow(COORDINATOR),
        dependencies={"viewer": Provide(provide_viewer)},
        summary="Change a network's settings (its parent: detach only, but site administrators)",
    )
    async def update_network(
        self,
        viewer: NamedDependency[Viewer],
        network_ref: FromPath[str],
        data: JSONBody[schemas.NetworkUpdate],
    ) -> schemas.Network:
        may_attach = viewer.principal.site_admin
        return await service.update_network(network_ref, data, may_attach=may_attach)

    @get(
        "/{network_ref:str}/tiers",
        opt=allow(*ANY_ROLE),
        summary="The membership tiers of a network",
    )
    async def list_tiers(self, network_ref: FromPath[str]) -> list[schemas.Tier]:
        return await service.list_tiers(network_ref)

    @get(
        "/{network_ref:str}/summary",
        opt=allow(*ANY_ROLE),
        summary="Counts of the network's members (no name of a member or a person)",
    )
    async def summary(self, network_ref: FromPath[str]) -> schemas.NetworkSummary:
        return await service.network_summary(network_ref)

    @post("/{network_ref:str}/tiers", opt=allow(COORDINATOR), summary="Add a membership tier")
    async def create_tier(
        self, network_ref: FromPath[str], data: JSONBody[schemas.TierCreate]
    ) -> schemas.Tier:
        return await service.create_tier(network_ref, data)


class MemberController(ApiController):
    path = NETWORK + "/members"
    tags = ["members"]  # noqa: RUF012

    @post("/", opt=allow(COORDINATOR), summary="Add a member organisation to a network")
    async def create_member(
        self, network_ref: FromPath[str], data: JSONBody[schemas.MemberCreate]
    ) -> schemas.Member:
        return await service.create_member(network_ref, data)

    @get(
        "/",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        dependencies={"viewer": Provide(provide_viewer)},
        summary="List a network's member organisations, filtered, sorted and paged",
        description="A member representative sees only the member it represents.",
    )
    async def list_members(  # noqa: PLR0917 - one parameter per query filter
        self,
        network_ref: FromPath[str],
        viewer: NamedDependency[Viewer],
        limit: Limit = 50,
        offset: Offset = 0,
        status: FromQuery[schemas.MemberStatus | None] = None,
        tier: Annotated[str | None, Parameter(max_length=32)] = None,
        discipline: Annotated[str | None, Parameter(max_length=64)] = None,
        departement: Annotated[str | None, Parameter(max_length=3)] = None,
        q: Annotated[str | None, Parameter(max_length=100, description="Text search")] = None,
        sort: Annotated[
            str,
            Parameter(
                pattern=SORT_PATTERN,
                description="Field to sort by; a leading '-' sorts descending.",
            ),
        ] = "ref",
    ) -> Page[schemas.Member]:
        return await service.list_members(
            network_ref,
            limit=limit,
            offset=offset,
            status=status,
            tier=tier,
            discipline=discipline,
            departement=departement,
            q=q,
            sort=schemas.MemberSort(sort.lstrip("-")),
            descending=sort.startswith("-"),
            only=viewer.member_refs(network_ref),
        )

    @get(
        "/{member_ref:str}",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="Get a member organisation",
    )
    async def get_member(
        self, network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> schemas.Member:
        return await service.get_member(network_ref, member_ref)

    @patch(
        "/{member_ref:str}",
        opt=allow(COORDINATOR, own_member=True, coordinator_fields=["tier"]),
        summary="Change a member organisation's details (its tier: coordinators only)",
    )
    async def update_member(
        self,
        network_ref: FromPath[str],
        member_ref: FromPath[str],
        data: JSONBody[schemas.MemberUpdate],
    ) -> schemas.Member:
        return await service.update_member(network_ref, member_ref, data)


class MembershipController(ApiController):
    path = MEMBER + "/memberships"
    tags = ["memberships"]  # noqa: RUF012

    @get(
        "/",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="A member's membership history",
    )
    async def history(
        self, network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> list[schemas.Membership]:
        return await service.list_memberships(network_ref, member_ref)

    @post(
        "/{action:str}",
        opt=allow(COORDINATOR),
        summary="Join (or rejoin), suspend, resume or leave, on a date",
    )
    async def change(
        self,
        network_ref: FromPath[str],
        member_ref: FromPath[str],
        action: FromPath[lifecycle.Action],
        data: JSONBody[schemas.MembershipAction],
    ) -> list[schemas.Membership]:
        return await service.change_membership(network_ref, member_ref, action, data)


class PersonController(ApiController):
    path = NETWORK
    tags = ["people"]  # noqa: RUF012

    @get(
        "/members/{member_ref:str}/people",
        opt=allow(COORDINATOR, own_member=True),
        summary="Contact people of a member",
    )
    async def list_people(
        self, network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> list[schemas.Person]:
        return await service.list_people(network_ref, member_ref)

    @post(
        "/members/{member_ref:str}/people",
        opt=allow(COORDINATOR, own_member=True),
        summary="Add a contact person to a member",
    )
    async def create_person(
        self,
        network_ref: FromPath[str],
        member_ref: FromPath[str],
        data: JSONBody[schemas.PersonCreate],
    ) -> schemas.Person:
        return await service.create_person(network_ref, member_ref, data)

    @get(
        "/people/{person_ref:str}",
        opt=allow(COORDINATOR, own_member=True),
        summary="Get a contact person",
    )
    async def get_person(
        self, network_ref: FromPath[str], person_ref: FromPath[str]
    ) -> schemas.Person:
        return await service.get_person(network_ref, person_ref)

    @patch(
        "/people/{person_ref:str}",
        opt=allow(COORDINATOR, own_member=True),
        summary="Change a contact person's details",
    )
    async def update_person(
        self,
        network_ref: FromPath[str],
        person_ref: FromPath[str],
        data: JSONBody[schemas.PersonUpdate],
    ) -> schemas.Person:
        return await service.update_person(network_ref, person_ref, data)


class DueController(ApiController):
    path = MEMBER + "/dues"
    tags = ["dues"]  # noqa: RUF012

    @get(
        "/",
        opt=allow(COORDINATOR, own_member=True),
        summary="Dues recorded for a member",
    )
    async def list_dues(
        self, network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> list[schemas.Due]:
        return await service.list_dues(network_ref, member_ref)

    @post("/", opt=allow(COORDINATOR), summary="Record dues for a period")
    async def record_due(
        self,
        network_ref: FromPath[str],
        member_ref: FromPath[str],
        data: JSONBody[schemas.DueCreate],
    ) -> schemas.Due:
        return await service.record_due(network_ref, member_ref, data)


ROUTERS = [
    NetworkController,
    MemberController,
    MembershipController,
    PersonController,
    DueController,
]
