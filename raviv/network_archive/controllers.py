"""HTTP routes for whole-network archives (``raviv-network/1``)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import MediaType, Request, Response, get, post
from litestar.params import FromPath

from raviv.answers import ARCHIVE_ANSWER
from raviv.archive import dump_archive
from raviv.guard.policy import SITE_ADMIN, ApiController, allow
from raviv.guard.roles import Role
from raviv.network_archive import archive_io
from raviv.settings import get_settings


class ImportSummary(msgspec.Struct, kw_only=True):
    network: str
    members: int
    people: int
    memberships: int
    dues: int
    rule_sets: int
    exemptions: int


class ArchiveController(ApiController):
    tags = ["archives"]  # noqa: RUF012

    @post(
        "/api/archives",
        opt=SITE_ADMIN,
        summary="Import a whole network from a raviv-network/1 archive (all or nothing)",
        request_max_body_size=get_settings().max_upload_bytes,
    )
    async def import_archive(self, request: Request[Any, Any, Any]) -> ImportSummary:
        result = await archive_io.import_archive(await request.body())
        return msgspec.convert(result, ImportSummary, from_attributes=True)

    @get(
        "/api/networks/{network_ref:str}/archive",
        opt=allow(Role.coordinator),
        summary="Export a whole network as a raviv-network/1 archive",
        media_type=MediaType.JSON,
        operation_class=ARCHIVE_ANSWER,
    )
    async def export_archive(self, network_ref: FromPath[str]) -> Response[bytes]:
        archive = await archive_io.export_archive(network_ref)
        return Response(
            dump_archive(archive),
            media_type=MediaType.JSON,
            headers={
                "Content-Disposition": f'attachment; filename="{network_ref}.raviv-network.json"'
            },
        )
