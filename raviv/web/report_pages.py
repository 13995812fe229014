"""The network's reports: the DLA activity report asked for, followed while a job makes it, and
downloaded (PDF and workbook).

A coordinator asks for it (the same request as ``POST …/reports/dla``, through the same
de-duplicating start: asked again while nothing changed, the same job answers); a consultant
reads the reports made and downloads them, until its grant ends. The files are served by the
jobs' API (``…/jobs/{id}/files/{name}``), which checks who may read them again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from raviv.errors import DomainError, InvalidError, NotFoundError
from raviv.guard import audit
from raviv.guard.policy import allow
from raviv.guard.principal import Principal
from raviv.jobs import files, store
from raviv.jobs.controllers import JobDocument, document, readable, readable_row
from raviv.jobs.service import start_once
from raviv.participation.rule_sets import period_kind_on
from raviv.registry.service import resolve_network
from raviv.rules.periods import Period, periods_back
from raviv.web.errors import problem_messages
from raviv.web.pages import CONSULTANT, COORDINATOR, NETWORK, PageController, signed_in
from raviv.web.rendering import locale_of, page

DLA = "report.dla"
REPORTS = NETWORK + "/rapports"
#: Reports listed on the page, newest first.
SHOWN = 20


async def periods(network_ref: str, today: dt.date) -> list[Period]:
    """The periods a report may be asked for: the one under way and the three before it, by the
    kind of period of the rule in effect today (none without a rule)."""
    kind = await period_kind_on(network_ref, today)
    return [] if kind is None else periods_back(kind, today, 4)


async def job_of_kind(
    request: Request[Any, Any, Any],
    network_ref: str,
    job_id: int,
    kind: str,
    member: str | None = None,
) -> store.JobRow:
    """The job ``job_id`` if it is of ``kind`` (about ``member``) and the caller may read it;
    another job is no such page here: 404, audited as the access check's refusals are."""
    row = await readable_row(signed_in(request), network_ref, job_id)
    if row.kind == kind and (member is None or row.args.get("member") == member):
        return row
    about = f" of {member!r}" if member else ""
    await audit.record(
        "access.denied",
        network=row.network_id,
        object_type="route",
        object_ref=f"GET {request.url.path}",
        detail=f"404: job {job_id} is no {kind}{about}",
    )
    refusal = NotFoundError(f"no {kind} job {job_id}{about} in {network_ref!r}")
    refusal.audited = True
    raise refusal


def job_context(row: store.JobRow, what: str, here: str) -> dict[str, Any]:
    """What the job-status fragment (_job.html) shows: the job, its words, its files."""
    job = document(row)
    network_ref = row.network_ref or ""
    return {"job": job, "what": what, "download": downloads(network_ref, job, row), "here": here}


def downloads(network_ref: str, job: JobDocument, row: store.JobRow) -> list[tuple[str, str]]:
    """The files a succeeded job made, with their addresses."""
    made = [f.get("name", "") for f in (job.result or {}).get("files", [])]
    return [
        (n, f"/api/networks/{network_ref}/jobs/{job.id}/files/{n}")
        for n in made
        if files.named(row, n)
    ]


class ReportPages(PageController):
    @get(REPORTS, opt=allow(COORDINATOR, CONSULTANT))
    async def reports(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Template:
        return await _reports_page(request, network_ref)

    @post(REPORTS, opt=allow(COORDINATOR), status_code=303)
    async def ask(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Response[Any]:
        """Queue the DLA report of the period chosen, with its options."""
        network = await resolve_network(network_ref)
        form = await request.form()
        chosen = str(form.get("period", ""))
        offered = {p.start.isoformat() for p in await periods(network_ref, network.today)}
        if chosen not in offered:
            refused = InvalidError.on("period", "choose one of the periods offered", chosen)
            return await _reports_page(request, network_ref, refused)
        lang = str(form.get("lang", "")) or locale_of(request)
        try:
            row = await start_once(
                DLA,
                network_id=network.id,
                network_ref=network.ref,
                day=network.today,
                args={
                    "period": chosen,
                    "lang": lang,
                    "pseudonymise": form.get("pseudonymise") == "on",
                },
                requested_by=signed_in(request).account_id,
                via="web",
            )
        except DomainError as refused:
            return await _reports_page(request, network_ref, refused)
        return Redirect(f"/reseaux/{network_ref}/rapports/{row.id}", status_code=303)

    @get(REPORTS + "/{job_id:int}", opt=allow(COORDINATOR, CONSULTANT))
    async def report_job(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], job_id: FromPath[int]
    ) -> Template:
        """Where the report stands; htmx asks again every two seconds until it is made (the
        fragment alone when htmx asks)."""
        row = await job_of_kind(request, network_ref, job_id, DLA)
        context = job_context(row, "report", f"/reseaux/{network_ref}/rapports/{job_id}")
        if request.headers.get("hx-request"):
            return page(request, "_job.html", **context)
        network = await resolve_network(network_ref)
        return page(request, "report_job.html", network=network, args=row.args, **context)


async def _made(principal: Principal, network_id: int, network_ref: str) -> list[Any]:
    rows = readable(
        principal, network_ref, await store.listing(network_id, kinds=(DLA,), limit=SHOWN)
    )
    return [(document(r), r.args, downloads(network_ref, document(r), r)) for r in rows]


async def _reports_page(
    request: Request[Any, Any, Any], network_ref: str, refused: DomainError | None = None
) -> Template:
    network = await resolve_network(network_ref)
    principal = signed_in(request)
    offered = await periods(network_ref, network.today)
    problems = problem_messages(refused, locale_of(request)) if refused else {}
    return page(
        request,
        "reports.html",
        status_code=200 if refused is None else refused.status,
        network=network,
        periods=[(p.start, p.end - dt.timedelta(days=1)) for p in offered],
        # the last complete period by default: the one a DLA mission reads
        chosen=offered[1].start if len(offered) > 1 else None,
        made=await _made(principal, network.id, network_ref),
        coordinator=COORDINATOR in principal.roles_in(network_ref),
        problems=problems,
        missing_rule=not offered,
    )


ROUTERS = [ReportPages]
