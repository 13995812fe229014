"""The member portal's extras: what we gave and received (our balance), what another member
says it gave us (to confirm), our meetings (the calendar link, checking in with a meeting's code),
our enforcement case and our answer, our participation attestation.

Each calls the service of the API's route, behind the same access rule in ``opt``: the
member's own reciprocity (``raviv.scoring.service.member_period``, GET …/members/{member}/
reciprocity: its own figures and partners, never the network's), the receiving member's
confirmation (``contributions.confirm``, POST …/contributions/{ref}/confirm), the check-in
(``working_life.check_in``, POST …/meetings/{ref}/checkin), the member's calendar feed link
(``feed_url``, what GET …/calendar-link gives), the cases and answers (``cases.list_cases``,
``get_case``, ``answer``) and the attestation job (``report.attestation``, queued as POST
…/members/{member}/attestation queues it, rendered by a job worker, never on the event loop; the
page follows it with htmx and offers the file once made).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from raviv.errors import DomainError, FieldProblem, ForbiddenError, InvalidError, NotFoundError
from raviv.guard.policy import allow
from raviv.guard.roles import Role
from raviv.jobs.service import start_once
from raviv.ledger import contributions, working_life, working_schemas
from raviv.ledger.feed_controllers import Feed, feed_url
from raviv.participation.enforcement import cases
from raviv.participation.enforcement import schemas as enforcement
from raviv.participation.evaluation import evaluate_network
from raviv.participation.rule_sets import period_kind_on
from raviv.registry.service import NetworkContext, get_member, resolve_network
from raviv.rules.periods import Period, periods_back
from raviv.scoring import service as scoring
from raviv.vocabulary import PeriodKind
from raviv.web import views
from raviv.web.errors import problem_messages
from raviv.web.pages import MEMBER, PageController, awaiting_confirmation, member_names, signed_in
from raviv.web.rendering import locale_of, page
from raviv.web.report_pages import job_context, job_of_kind

COORDINATOR, CONSULTANT = Role.coordinator, Role.consultant
#: Only the member's own representatives: what the API lets them alone do (confirm, check in).
OWN = allow(own_member=True)
ATTESTATION = "report.attestation"


#: The balance page's period: the rule's current one (by default) or the one before.
PERIOD_CHOICES = ("en-cours", "precedente")


async def rule_periods(network_ref: str, network: NetworkContext) -> tuple[Period, Period]:
    """The period under way and the one before it, in the kind of the rule in effect today (a
    season when the network has no rule yet)."""
    kind = await period_kind_on(network_ref, network.today) or PeriodKind.season
    now, before = periods_back(kind, network.today, 2)
    return now, before


class PortalExtras(PageController):
    # -- what we gave and received ----------------------------------------------------------------

    @get(MEMBER + "/equilibre", opt=allow(COORDINATOR, CONSULTANT, own_member=True))
    async def balance(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Template:
        """« Ce que nous avons donné et reçu »: the member's own reciprocity over the rule's
        current period or the one before (``?periode=precedente``), as the API's
        GET …/members/{member}/reciprocity gives it."""
        network = await resolve_network(network_ref)
        member = await get_member(network_ref, member_ref)
        chosen = request.query_params.get("periode") or PERIOD_CHOICES[0]
        refused = None
        if chosen not in PERIOD_CHOICES:
            refused = InvalidError.on("period", "en-cours or precedente", chosen)
            chosen = PERIOD_CHOICES[0]
        now, before = await rule_periods(network_ref, network)
        period = before if chosen == "precedente" else now
        view = await scoring.member_period(network_ref, member_ref, period.start, period.end)
        partners = {p.partner for p in view.partners}
        names = {
            ref: name
            for (kind, ref), name in (await member_names(network_ref, None)).items()
            if kind == "member" and ref in partners
        }
        return page(
            request,
            "balance.html",
            status_code=200 if refused is None else refused.status,
            network=network,
            member=member,
            view=view,
            flows=views.flow_views(view.by_form),
            balance=view.given_eur - view.received_eur,
            class_label=views.BALANCE_CLASS_LABELS.get(view.balance_class, view.balance_class),
            names=names,
            chosen=chosen,
            period=period,
            last_day=period.end - dt.timedelta(days=1),
            so_far=min(network.today, period.end - dt.timedelta(days=1)),
            views=views,
            problems=problem_messages(refused, locale_of(request)) if refused else {},
        )

    # -- confirm what another member gave us ------------------------------------------------------

    @get(MEMBER + "/a-confirmer", opt=OWN)
    async def to_confirm(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Template:
        return await _confirm_page(request, network_ref, member_ref)

    @post(MEMBER + "/a-confirmer", opt=OWN, status_code=303)
    async def confirm(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Response[Any]:
        ref = str((await request.form()).get("entry", "") or "")
        mine = {e.ref for e in await awaiting_confirmation(network_ref, member_ref)}
        if ref not in mine:  # unknown, not ours to confirm, or decided meanwhile: nothing done
            refused = InvalidError.on("confirm_entry", "not awaiting your confirmation", ref)
            return await _confirm_page(request, network_ref, member_ref, refused)
        try:
            await contributions.confirm(network_ref, ref, signed_in(request))
        except DomainError as refused_:
            return await _confirm_page(request, network_ref, member_ref, refused_)
        return Redirect(
            f"/reseaux/{network_ref}/membres/{member_ref}/a-confirmer?confirmee={ref}",
            status_code=303,
        )

    # -- our meetings: the calendar, checking in --------------------------------------------------

    @get(MEMBER + "/reunions", opt=allow(COORDINATOR, CONSULTANT, own_member=True))
    async def meetings(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Template:
        return await _meetings_page(request, network_ref, member_ref)

    @post(MEMBER + "/reunions/{meeting_ref:str}/presence", opt=OWN, status_code=303)
    async def check_in(
        self,
        request: Request[Any, Any, Any],
        network_ref: FromPath[str],
        member_ref: FromPath[str],
        meeting_ref: FromPath[str],
    ) -> Response[Any]:
        form = await request.form()
        code, people = str(form.get("code", "")).strip(), str(form.get("people", "")).strip()
        principal = signed_in(request)
        try:
            data = msgspec.convert(
                {"code": code, "people": people or "1", "member": member_ref},
                working_schemas.CheckIn,
                strict=False,
            )
        except msgspec.ValidationError as wrong:
            where = "people" if "people" in str(wrong) else "code"
            refused: DomainError = InvalidError(str(wrong), errors=[FieldProblem(where, "")])
            return await _meetings_page(request, network_ref, member_ref, refused, meeting_ref)
        try:
            await working_life.check_in(
                network_ref,
                meeting_ref,
                data,
                represented=principal.members_in(network_ref),
                account=principal.account_id,
            )
        except ForbiddenError as wrong_code:
            refused = ForbiddenError(wrong_code.detail, errors=[FieldProblem("checkin_code", "")])
            return await _meetings_page(request, network_ref, member_ref, refused, meeting_ref)
        except DomainError as refused_:
            return await _meetings_page(request, network_ref, member_ref, refused_, meeting_ref)
        return Redirect(
            f"/reseaux/{network_ref}/membres/{member_ref}/reunions?present={meeting_ref}",
            status_code=303,
        )

    # -- our enforcement case, our answer ---------------------------------------------------------

    @get(MEMBER + "/suivi", opt=allow(COORDINATOR, own_member=True))
    async def enforcement(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Template:
        return await _enforcement_page(request, network_ref, member_ref)

    @post(
        MEMBER + "/suivi/{case_ref:str}/reponse",
        opt=allow(COORDINATOR, own_member=True),
        status_code=303,
    )
    async def answer(
        self,
        request: Request[Any, Any, Any],
        network_ref: FromPath[str],
        member_ref: FromPath[str],
        case_ref: FromPath[str],
    ) -> Response[Any]:
        if member_ref not in await cases.members_of(network_ref, case_ref):
            raise NotFoundError(f"no case {case_ref!r} of {member_ref!r}")
        text = str((await request.form()).get("text", "")).strip()
        try:
            data = msgspec.convert({"text": text}, enforcement.AnswerCreate, strict=False)
        except msgspec.ValidationError:
            data = None
        if data is None or not text:
            refused = InvalidError("answer", errors=[FieldProblem("text", "")])
            return await _enforcement_page(request, network_ref, member_ref, refused, text)
        await cases.answer(network_ref, case_ref, data, signed_in(request))
        return Redirect(
            f"/reseaux/{network_ref}/membres/{member_ref}/suivi?repondu={case_ref}",
            status_code=303,
        )

    # -- our participation attestation ------------------------------------------------------------

    @post(MEMBER + "/attestation", opt=allow(COORDINATOR, own_member=True), status_code=303)
    async def attestation(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Redirect:
        """Queue the attestation of the current period, or of the one before (``period=
        previous``: a season over); a job worker renders it."""
        network = await resolve_network(network_ref)
        await get_member(network_ref, member_ref)
        evaluation = await evaluate_network(network, at=network.today)
        if (await request.form()).get("period") == "previous":
            before = evaluation.period.start - dt.timedelta(days=1)
            evaluation = await evaluate_network(network, at=before)
        job = await start_once(  # as the reports' API: asked twice, one job
            ATTESTATION,
            network_id=network.id,
            network_ref=network.ref,
            day=network.today,
            args={
                "member": member_ref,
                "period": evaluation.period.start.isoformat(),
                "lang": locale_of(request),
            },
            requested_by=signed_in(request).account_id,
            via="web",
        )
        return Redirect(
            f"/reseaux/{network_ref}/membres/{member_ref}/attestation/{job.id}", status_code=303
        )

    @get(
        MEMBER + "/attestation/{job_id:int}",
        opt=allow(COORDINATOR, own_member=True),
    )
    async def attestation_job(
        self,
        request: Request[Any, Any, Any],
        network_ref: FromPath[str],
        member_ref: FromPath[str],
        job_id: FromPath[int],
    ) -> Template:
        """Where the attestation stands; htmx asks again every two seconds until it is made
        (the fragment alone when htmx asks)."""
        row = await job_of_kind(request, network_ref, job_id, ATTESTATION, member_ref)
        here = f"/reseaux/{network_ref}/membres/{member_ref}/attestation/{job_id}"
        context = job_context(row, "attestation", here)
        if request.headers.get("hx-request"):
            return page(request, "_job.html", **context)
        network = await resolve_network(network_ref)
        member = await get_member(network_ref, member_ref)
        return page(request, "attestation.html", network=network, member=member, **context)


async def _confirm_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    member_ref: str,
    refused: DomainError | None = None,
) -> Template:
    network = await resolve_network(network_ref)
    member = await get_member(network_ref, member_ref)
    return page(
        request,
        "confirm.html",
        status_code=200 if refused is None else refused.status,
        network=network,
        member=member,
        entries=await awaiting_confirmation(network_ref, member_ref),
        names=await member_names(network_ref, None),
        confirmed=request.query_params.get("confirmee"),
        problems=problem_messages(refused, locale_of(request)) if refused else {},
        views=views,
    )


async def _meetings_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    member_ref: str,
    refused: DomainError | None = None,
    meeting_ref: str = "",
) -> Template:
    network = await resolve_network(network_ref)
    member = await get_member(network_ref, member_ref)
    principal = signed_in(request)
    since = network.today - dt.timedelta(days=1)  # check-in is open from the day before to after
    found = await working_life.list_meetings(network_ref, limit=50, offset=0, since=since)
    represents = member_ref in principal.members_in(network_ref)
    return page(
        request,
        "meetings.html",
        status_code=200 if refused is None else refused.status,
        network=network,
        member=member,
        meetings=found.items,
        open_until=network.today + dt.timedelta(days=1),
        can_check_in=represents,
        feed=feed_url(Feed.member, network_ref, member_ref, principal.account_id),
        ics=f"/api/networks/{network_ref}/members/{member_ref}/calendar.ics",
        present=request.query_params.get("present"),
        refused_meeting=meeting_ref,
        problems=problem_messages(refused, locale_of(request)) if refused else {},
    )


async def _enforcement_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    member_ref: str,
    refused: DomainError | None = None,
    text: str = "",
) -> Template:
    network = await resolve_network(network_ref)
    member = await get_member(network_ref, member_ref)
    summaries = await cases.list_cases(network_ref, only=None, member=member_ref)
    return page(
        request,
        "enforcement.html",
        status_code=200 if refused is None else refused.status,
        network=network,
        member=member,
        cases=[await cases.get_case(network_ref, c.ref) for c in summaries],
        views=views,
        answered=request.query_params.get("repondu"),
        text=text,
        problems=problem_messages(refused, locale_of(request)) if refused else {},
    )


ROUTERS = [PortalExtras]
