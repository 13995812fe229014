"""The reports as background jobs, and their routes: a coordinator asks for a report and is
answered at once with the job (202); the job renders it off the event loop (the figures read
through the services, the PDF in a worker process) and keeps its files; whoever may read the
network's reports follows the job (``GET …/jobs/{job_id}``) and downloads the files
(``GET …/jobs/{job_id}/files/{name}``).

- ``report.dla``: the DLA activity report, PDF and workbook; read by coordinators and
  consultants.
- ``report.attestation``: a member's participation attestation; read by coordinators and the
  member's own representatives, who may ask for it too.
- ``report.rollup``: a federation's roll-up of its networks; read by the federation's
  coordinators, consultants and federation readers.

Two requests for the same report (same network, options and day) while nothing in the network
has changed (no new line in its audit log) are one job: the second gets the first's job, and its
files once made. A failed one is not reused.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any, Literal

import anyio.to_thread
import msgspec
from litestar import post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from raviv.errors import convert_input
from raviv.guard.deps import Viewer, provide_viewer
from raviv.guard.policy import ApiController, allow
from raviv.guard.roles import Role
from raviv.jobs import files
from raviv.jobs.controllers import JobDocument, document
from raviv.jobs.kinds import JobContext, Kind, register
from raviv.jobs.service import start_once
from raviv.registry.service import resolve_network

if TYPE_CHECKING:
    from reports.produce import Product

__all__ = ["ATTESTATION", "DLA", "ROLLUP", "ReportController", "register_report_jobs"]

Lang = Literal["fr", "en"]
Day = dt.date  # bounded (1900–2200) for every request by raviv.edge


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


async def _kept(ctx: JobContext, stem: str, product: Product) -> dict[str, Any]:
    """The product's files kept for the job (written off the event loop); the job's result."""
    made = [await anyio.to_thread.run_sync(files.save, ctx.id, f"{stem}.pdf", product.pdf.pdf)]
    if product.xlsx is not None:
        made.append(
            await anyio.to_thread.run_sync(files.save, ctx.id, f"{stem}.xlsx", product.xlsx)
        )
    return {"files": made, "pages": product.pdf.pages, "seconds": product.seconds}


async def _producers() -> ModuleType:
    """:mod:`reports.produce`, imported when the first job runs and off the event loop: it
    brings WeasyPrint (about 0.7 s), which the command line's other commands, started many
    times a day, never need."""
    return await anyio.to_thread.run_sync(importlib.import_module, "reports.produce")


async def dla_job(ctx: JobContext) -> dict[str, Any]:
    produce_dla = (await _producers()).produce_dla
    a = ctx.args
    period = dt.date.fromisoformat(a["period"])
    product = await produce_dla(
        a["network"],
        period,
        lang=a["lang"],
        pseudonymise=a["pseudonymise"],
        compare=a["compare"],
        baseline=_day(a.get("baseline")),
        fiscal_year=a.get("fiscal_year"),
        workbook=True,
        progress=ctx.progress,
    )
    return await _kept(ctx, f"dla-{a['network']}-{period.isoformat()}", product)


async def attestation_job(ctx: JobContext) -> dict[str, Any]:
    produce_attestation = (await _producers()).produce_attestation
    a = ctx.args
    period = dt.date.fromisoformat(a["period"])
    product = await produce_attestation(
        a["network"], a["member"], period, lang=a["lang"], progress=ctx.progress
    )
    return await _kept(ctx, f"attestation-{a['member']}-{period.isoformat()}", product)


async def rollup_job(ctx: JobContext) -> dict[str, Any]:
    produce_rollup = (await _producers()).produce_rollup
    a = ctx.args
    period = dt.date.fromisoformat(a["period"])
    product = await produce_rollup(a["network"], period, lang=a["lang"], progress=ctx.progress)
    return await _kept(ctx, f"rollup-{a['network']}-{period.isoformat()}", product)


class DlaRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A DLA report to make: the first day of its period, and the options of `raviv report dla`."""

    period: Day
    lang: Lang = "fr"
    pseudonymise: bool = False
    compare: bool = True
    baseline: Day | None = None
    fiscal_year: Annotated[int, msgspec.Meta(ge=1900, le=2200)] | None = None


class PeriodRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A report of the period starting on ``period``."""

    period: Day
    lang: Lang = "fr"


class AttestationRequest(PeriodRequest, kw_only=True, forbid_unknown_fields=True):
    """A member's attestation of the period starting on ``period``."""

    member: str


def _arguments(
    request: type[msgspec.Struct],
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A kind's arguments as ``request`` checks them, its defaults filled."""

    def arguments(args: dict[str, Any]) -> dict[str, Any]:
        return msgspec.to_builtins(convert_input(args, request))  # type: ignore[no-any-return]

    return arguments


REPORT_READERS = frozenset({Role.coordinator, Role.consultant})
DLA = Kind(
    "report.dla",
    dla_job,
    max_attempts=2,
    readers=REPORT_READERS,
    arguments=_arguments(DlaRequest),
    description="The DLA activity report: PDF and workbook.",
)
ATTESTATION = Kind(
    "report.attestation",
    attestation_job,
    max_attempts=2,
    readers=frozenset({Role.coordinator}),
    member_arg="member",
    arguments=_arguments(AttestationRequest),
    description="A member's participation attestation (PDF).",
)
ROLLUP = Kind(
    "report.rollup",
    rollup_job,
    max_attempts=2,
    readers=REPORT_READERS | {Role.federation},
    arguments=_arguments(PeriodRequest),
    description="A federation's roll-up of its networks (PDF).",
)


def register_report_jobs() -> None:
    for kind in (DLA, ATTESTATION, ROLLUP):
        register(kind)


async def _queue(
    kind: Kind, network_ref: str, args: dict[str, Any], viewer: Viewer, *, every_network: bool
) -> JobDocument:
    """Queue ``kind`` once per set of arguments, day and state of the data (see the module)."""
    network = await resolve_network(network_ref)
    row = await start_once(
        kind.name,
        network_id=network.id,
        network_ref=network.ref,
        day=network.today,
        args=args,
        requested_by=viewer.principal.account_id,
        every_network=every_network,
    )
    return document(row)


class ReportController(ApiController):
    path = "/api/networks/{network_ref:str}"
    tags = ["reports"]  # noqa: RUF012
    dependencies = {"viewer": Provide(provide_viewer)}  # noqa: RUF012

    @post(
        "/reports/dla",
        opt=allow(Role.coordinator),
        status_code=202,
        summary="Make the DLA activity report (PDF and workbook) in the background: the job",
        description="Follow it at `GET /api/networks/{network_ref}/jobs/{job_id}` (progress: "
        "percent and step); once it has succeeded, its `result.files` name the PDF and the "
        "workbook, at `…/jobs/{job_id}/files/{name}`. The same request again, the network's "
        "data unchanged, answers the same job.",
    )
    async def dla(
        self,
        network_ref: FromPath[str],
        data: JSONBody[DlaRequest],
        viewer: NamedDependency[Viewer],
    ) -> JobDocument:
        args = msgspec.to_builtins(data)
        return await _queue(DLA, network_ref, args, viewer, every_network=False)

    @post(
        "/members/{member_ref:str}/attestation",
        opt=allow(Role.coordinator, own_member=True),
        status_code=202,
        summary="Make a member's participation attestation (PDF) in the background: the job",
    )
    async def attestation(
        self,
        network_ref: FromPath[str],
        member_ref: FromPath[str],
        data: JSONBody[PeriodRequest],
        viewer: NamedDependency[Viewer],
    ) -> JobDocument:
        args = {"member": member_ref, **msgspec.to_builtins(data)}
        return await _queue(ATTESTATION, network_ref, args, viewer, every_network=False)

    @post(
        "/reports/rollup",
        opt=allow(Role.coordinator, Role.federation),
        status_code=202,
        summary="Make a federation's roll-up of its networks (PDF) in the background: the job",
    )
    async def rollup(
        self,
        network_ref: FromPath[str],
        data: JSONBody[PeriodRequest],
        viewer: NamedDependency[Viewer],
    ) -> JobDocument:
        args = msgspec.to_builtins(data)
        return await _queue(ROLLUP, network_ref, args, viewer, every_network=True)
