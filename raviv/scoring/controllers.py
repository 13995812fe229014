"""HTTP routes of reciprocity: the JSON of ``raviv reciprocity``, and the workbook of its tables.

Coordinators and consultants only: the report names every member's given, received and
partners, which is not a member representative's to see of the other members (403).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import anyio
from litestar import Response, get
from litestar.params import FromPath, QueryParameter

from raviv.access.policy import ApiController, allow
from raviv.access.tables import Role
from raviv.scoring import service

COORDINATOR, CONSULTANT = Role.coordinator, Role.consultant

Since = Annotated[date, QueryParameter(name="from", description="First day of the period.")]
Until = Annotated[
    date, QueryParameter(name="to", description="Day after the period (excluded); after from.")
]


class ReciprocityController(ApiController):
    path = "/api/networks/{network_ref:str}"
    tags = ["reciprocity"]  # noqa: RUF012

    @get(
        "/reciprocity",
        opt=allow(COORDINATOR, CONSULTANT),
        summary="Given, received, balance and the network's indicators over [from, to)",
        description="The JSON of `raviv reciprocity --json` (DESIGN §8): euros as strings with "
        "two decimals, ratios rounded to 4 decimals, `null` where there is none. The formulas "
        "are in docs/scoring.md.",
    )
    async def report(
        self, network_ref: FromPath[str], since: Since, until: Until
    ) -> dict[str, Any]:
        return await service.reciprocity_report(network_ref, since, until)

    @get(
        "/reciprocity.xlsx",
        opt=allow(COORDINATOR, CONSULTANT),
        summary="Every table of the reciprocity over [from, to), as an XLSX workbook",
        description="One sheet per table: " + ", ".join(service.TABLES) + ".",
    )
    async def workbook(
        self, network_ref: FromPath[str], since: Since, until: Until
    ) -> Response[bytes]:
        computed = await service.network_period(network_ref, since, until)
        name = f"{network_ref}-reciprocite-{since.isoformat()}-{until.isoformat()}.xlsx"
        # openpyxl writes cell by cell: off the event loop, so other requests are not held up
        content = await anyio.to_thread.run_sync(service.workbook, computed.tables())
        return Response(
            content,
            media_type=service.XLSX_MEDIA_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


ROUTERS = [ReciprocityController]
