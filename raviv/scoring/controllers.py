"""HTTP routes of reciprocity: the JSON of ``raviv reciprocity``, the workbook of its tables,
the exchange graph, and the federation roll-up.

Coordinators and consultants only for a network's reciprocity: the report names every member's
given, received and partners, which is not a member representative's to see of the other
members (403). A member's own reading (``…/members/{member}/reciprocity``) is theirs too. The
federation roll-up holds network-level figures only: the federation's
coordinator reads it too, and a network's coordinator has no role in its federation (404).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import anyio
from litestar import Response, get
from litestar.params import FromPath, FromQuery, QueryParameter

from raviv.answers import BINARY_FILE, TEXT_FILE, file_answer
from raviv.guard.policy import ApiController, allow
from raviv.guard.roles import Role
from raviv.scoring import federation, graph, schemas, service

COORDINATOR, CONSULTANT, FEDERATION = Role.coordinator, Role.consultant, Role.federation

Since = Annotated[date, QueryParameter(name="from", description="First day of the period.")]
Until = Annotated[
    date, QueryParameter(name="to", description="Day after the period (excluded); after from.")
]
Detail = Annotated[
    Literal["summary", "full"],
    QueryParameter(
        name="detail",
        description="`full` adds the keys `trend` and `crosstabs` (docs/scoring.md §10–11).",
    ),
]

XLSX_ANSWER = file_answer({service.XLSX_MEDIA_TYPE: BINARY_FILE})


def _xlsx(content: bytes, name: str) -> Response[bytes]:
    return Response(
        content,
        media_type=service.XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


class ReciprocityController(ApiController):
    path = "/api/networks/{network_ref:str}"
    tags = ["reciprocity"]  # noqa: RUF012

    @get(
        "/reciprocity",
        opt=allow(COORDINATOR, CONSULTANT),
        summary="Given, received, balance and the network's indicators over [from, to)",
        description="The JSON of `raviv reciprocity --json` (docs/scoring.md §6): euros as strings "
        "with two decimals, ratios rounded to 4 decimals, `null` where there is none. With "
        "`detail=full`, also `trend` and `crosstabs`. The formulas are in docs/scoring.md.",
    )
    async def report(
        self, network_ref: FromPath[str], since: Since, until: Until, detail: Detail = "summary"
    ) -> dict[str, Any]:
        full = detail == "full"
        return (await service.network_period(network_ref, since, until, detail=full)).report()

    @get(
        "/members/{member_ref:str}/reciprocity",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="One member's own reciprocity over [from, to): by form, its partners",
        description="What the member gave and received (by form: euros, quantity, entries), "
        "its balance index and class, its partner mutuality, and for each other member it "
        "exchanged with what it gave it and received from it; nothing about other members' "
        "exchanges among themselves (docs/scoring.md §15). Its representatives read it too.",
    )
    async def member(
        self, network_ref: FromPath[str], member_ref: FromPath[str], since: Since, until: Until
    ) -> schemas.MemberReciprocity:
        view = await service.member_period(network_ref, member_ref, since, until)
        return schemas.member_reciprocity(view)

    @get(
        "/reciprocity.xlsx",
        operation_class=XLSX_ANSWER,
        opt=allow(COORDINATOR, CONSULTANT),
        summary="Every table of the reciprocity over [from, to), as an XLSX workbook",
        description="One sheet per table: " + ", ".join(service.TABLES) + ".",
    )
    async def workbook(
        self, network_ref: FromPath[str], since: Since, until: Until
    ) -> Response[bytes]:
        computed = await service.network_period(network_ref, since, until, detail=True)
        name = f"{network_ref}-reciprocite-{since.isoformat()}-{until.isoformat()}.xlsx"
        # openpyxl writes cell by cell: off the event loop, so other requests are not held up
        content = await anyio.to_thread.run_sync(service.workbook, computed.tables())
        return _xlsx(content, name)

    @get(
        "/reciprocity/graph.svg",
        operation_class=file_answer({graph.SVG_MEDIA_TYPE: TEXT_FILE}),
        opt=allow(COORDINATOR, CONSULTANT),
        summary="The exchange graph over [from, to), as an SVG picture",
        description="Members that gave or received on a circle (by département, then ref), sized "
        "by value given, coloured by balance index; an edge per pair of members that exchanged, "
        "and to the network. `pseudonymise=true` labels them M1, M2… with no ref and no name.",
    )
    async def graph(
        self,
        network_ref: FromPath[str],
        since: Since,
        until: Until,
        pseudonymise: FromQuery[bool] = False,
    ) -> Response[str]:
        svg = await service.exchange_graph(network_ref, since, until, pseudonymise=pseudonymise)
        return Response(svg, media_type=graph.SVG_MEDIA_TYPE)

    @get(
        "/reciprocity/federation",
        opt=allow(FEDERATION, COORDINATOR, CONSULTANT),
        summary="The network indicators of each network of this federation over [from, to)",
        description="Side by side, one entry per network whose parent is this one: counts of "
        "members and the network's indicators, no member's ref, name or figures.",
    )
    async def federation(
        self, network_ref: FromPath[str], since: Since, until: Until
    ) -> dict[str, Any]:
        return (await federation.federation_rollup(network_ref, since, until)).report()

    @get(
        "/reciprocity/federation.xlsx",
        operation_class=XLSX_ANSWER,
        opt=allow(FEDERATION, COORDINATOR, CONSULTANT),
        summary="The federation roll-up over [from, to), as an XLSX workbook",
        description="One sheet, `federation`: a row per network, a column per indicator.",
    )
    async def federation_workbook(
        self, network_ref: FromPath[str], since: Since, until: Until
    ) -> Response[bytes]:
        rollup = await federation.federation_rollup(network_ref, since, until)
        name = f"{network_ref}-federation-{since.isoformat()}-{until.isoformat()}.xlsx"
        content = await anyio.to_thread.run_sync(service.workbook, rollup.tables())
        return _xlsx(content, name)


ROUTERS = [ReciprocityController]
