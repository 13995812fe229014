"""HTTP routes of the registry: networks and their member organisations."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from raviv.pagination import Limit, Offset, Page
from raviv.registry import schemas, service


class NetworkController(Controller):
    path = "/api/networks"
    tags = ["networks"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post("/", summary="Create a network (or a federation of networks)")
    async def create_network(self, data: JSONBody[schemas.NetworkCreate]) -> schemas.Network:
        return await service.create_network(data)

    @get("/", summary="List networks")
    async def list_networks(self, limit: Limit = 50, offset: Offset = 0) -> Page[schemas.Network]:
        return await service.list_networks(limit=limit, offset=offset)

    @get("/{network_ref:str}", summary="Get a network")
    async def get_network(self, network_ref: FromPath[str]) -> schemas.Network:
        return await service.get_network(network_ref)


class MemberController(Controller):
    path = "/api/networks/{network_ref:str}/members"
    tags = ["members"]  # noqa: RUF012

    @post("/", summary="Add a member organisation to a network")
    async def create_member(
        self, network_ref: FromPath[str], data: JSONBody[schemas.MemberCreate]
    ) -> schemas.Member:
        return await service.create_member(network_ref, data)

    @get("/", summary="List a network's member organisations")
    async def list_members(
        self, network_ref: FromPath[str], limit: Limit = 50, offset: Offset = 0
    ) -> Page[schemas.Member]:
        return await service.list_members(network_ref, limit=limit, offset=offset)
