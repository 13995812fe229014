"""The pages: signing in, the member portal, logging a contribution, the validation queue.

Each handler gathers what its page shows from the services the API uses and chooses a template;
access is checked before it runs by the API's own check (:class:`raviv.guard.policy.
AccessMiddleware`, the same rules in ``opt``): a representative of another member gets the 404
the API gives, a form post without the session's CSRF token the 403.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.middleware import DefineMiddleware
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar_htmx import HTMXRequest

from raviv.access import service as access
from raviv.access.controllers import LOGIN_RATE
from raviv.access.demo import demo_accounts
from raviv.errors import (
    DomainError,
    FieldProblem,
    InvalidError,
    UnauthorizedError,
    convert_input,
)
from raviv.guard.middleware import session_cookie, session_cookie_name
from raviv.guard.policy import PUBLIC, SIGNED_IN, AccessMiddleware, allow, principal_of
from raviv.guard.principal import Principal, load_principal
from raviv.guard.roles import CredentialKind, Role
from raviv.ledger import contributions, schemas, working_life
from raviv.pagination import Page
from raviv.participation.evaluation import evaluate_network
from raviv.registry.service import get_member, list_members, resolve_network
from raviv.settings import get_settings
from raviv.vocabulary import ContributionStatus, Form
from raviv.web import views
from raviv.web.errors import PAGE_EXCEPTION_HANDLERS, problem_messages
from raviv.web.i18n import gettext
from raviv.web.rendering import locale_of, page

COORDINATOR, CONSULTANT = Role.coordinator, Role.consultant
MEMBER = "/reseaux/{network_ref:str}/membres/{member_ref:str}"
NETWORK = "/reseaux/{network_ref:str}"
#: The personas of the demo network (raviv/access/demo.py), shown on the sign-in page by name.
DEMO_DOMAIN = ".raviv.test"


def signed_in(request: Request[Any, Any, Any]) -> Principal:
    principal = principal_of(request)
    if principal is None:  # the access check lets no anonymous caller reach these handlers
        raise UnauthorizedError
    return principal


def home_of(principal: Principal) -> str:
    """Where one lands after signing in: a representative on its member's portal, a coordinator
    (or a consultant) on the network's dashboard, a federation's reader on its networks."""
    for grant in principal.grants:
        if grant.role in {Role.coordinator, Role.consultant}:
            return f"/reseaux/{grant.network_ref}"
    for grant in principal.grants:
        if grant.role is Role.federation:
            return f"/reseaux/{grant.network_ref}/federation"
    for grant in principal.grants:
        if grant.role is Role.member and grant.member_ref:
            return f"/reseaux/{grant.network_ref}/membres/{grant.member_ref}"
    return "/compte"


class PageController(Controller):
    """Base of the pages: the API's access check, pages for errors, no caching."""

    middleware = [DefineMiddleware(AccessMiddleware)]  # noqa: RUF012 - class attribute
    exception_handlers = PAGE_EXCEPTION_HANDLERS
    request_class = HTMXRequest
    include_in_schema = False


class SignInPages(PageController):
    @get("/", opt=PUBLIC, name="sign-in")
    async def sign_in_page(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        principal = await _signed_in(request)
        if principal is not None:
            return Redirect(home_of(principal))
        return page(
            request,
            "sign_in.html",
            demo=await demo_accounts(DEMO_DOMAIN),
            password_changed=request.query_params.get("mot-de-passe") == "change",
        )

    @post("/", opt=PUBLIC, middleware=[LOGIN_RATE.middleware], status_code=303)
    async def sign_in(self, request: Request[Any, Any, Any]) -> Response[Any]:
        form = await request.form()
        email, password = str(form.get("email", "")), str(form.get("password", ""))
        try:
            signed = await access.login(email, password, mode="session")
        except UnauthorizedError:
            locale = locale_of(request)
            return page(
                request,
                "sign_in.html",
                status_code=401,
                email=email,
                error=gettext(locale, "Adresse ou mot de passe incorrect."),
                demo=await demo_accounts(DEMO_DOMAIN),
            )
        hours = get_settings().access.session_hours
        return Redirect(
            "/compte",  # which sends each role on to its home
            status_code=303,
            cookies=[session_cookie(signed.secret, max_age=hours * 3600)],
        )

    @post("/deconnexion", opt=SIGNED_IN, status_code=303)
    async def sign_out(self, request: Request[Any, Any, Any]) -> Redirect:
        await access.logout(signed_in(request))
        return Redirect("/", status_code=303, cookies=[session_cookie("", max_age=0)])

    @get("/compte", opt=SIGNED_IN)
    async def account(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        principal = signed_in(request)
        target = home_of(principal)
        if target != "/compte":
            return Redirect(target)
        return page(request, "account.html")


async def _signed_in(request: Request[Any, Any, Any]) -> Principal | None:
    """The sign-in page is public: it looks the session up itself to send a signed-in visitor
    on to its home."""
    cookie = request.cookies.get(session_cookie_name())
    return await load_principal(cookie, CredentialKind.session) if cookie else None


# -- the member portal ---------------------------------------------------------------------------


class MemberPages(PageController):
    @get(MEMBER, opt=allow(COORDINATOR, CONSULTANT, own_member=True))
    async def portal(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Template:
        network = await resolve_network(network_ref)
        member = await get_member(network_ref, member_ref)
        standing, no_rule = None, False
        try:
            evaluation = await evaluate_network(network, at=network.today)
        except InvalidError:
            no_rule = True
        else:
            mine = [m for m in evaluation.members if m.member == member_ref]
            if mine:
                standing = views.standing_view(
                    mine[0], evaluation.period.start, evaluation.period.end
                )
        pending = 0
        for status in (ContributionStatus.submitted, ContributionStatus.confirmed):
            pending += (await _member_entries(network_ref, member_ref, status, limit=1)).total
        represents = member_ref in signed_in(request).members_in(network_ref)
        return page(
            request,
            "portal.html",
            represents=represents,
            to_confirm=len(await awaiting_confirmation(network_ref, member_ref))
            if represents
            else 0,
            network=network,
            member=member,
            standing=standing,
            no_rule=no_rule,
            pending=pending,
            can_log=_may_log(request, network_ref),
        )

    @get(MEMBER + "/historique", opt=allow(COORDINATOR, CONSULTANT, own_member=True))
    async def history(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Template:
        network = await resolve_network(network_ref)
        member = await get_member(network_ref, member_ref)
        entries = await _member_entries(network_ref, member_ref, limit=100)
        return page(
            request,
            "history.html",
            network=network,
            member=member,
            entries=entries.items,
            total=entries.total,
            sent=request.query_params.get("envoye"),
            names=await member_names(network_ref, frozenset({member_ref})),
            views=views,
        )

    @get(MEMBER + "/contribuer", opt=allow(COORDINATOR, own_member=True))
    async def contribution_form(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Template:
        network = await resolve_network(network_ref)
        values = {"form": Form.time.value, "quantity": "", "date": network.today.isoformat()}
        values["receiver"] = "network"
        return await _form_page(request, network_ref, member_ref, values)

    @post(MEMBER + "/contribuer", opt=allow(COORDINATOR, own_member=True), status_code=303)
    async def log_contribution(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        values = _values(form)
        locale = locale_of(request)
        try:
            data = _contribution(values, member_ref, locale)
        except InvalidError as invalid:
            return await _form_page(
                request, network_ref, member_ref, values, invalid, status_code=422
            )
        if form.get("action") == "estimate":  # the no-JavaScript "Estimer" button
            return await _form_page(request, network_ref, member_ref, values, estimate=True)
        try:
            entry, _ = await contributions.create(
                network_ref,
                data,
                signed_in(request),
                idempotency_key=str(form.get("idempotency_key", "")) or None,
            )
        except InvalidError as invalid:
            return await _form_page(
                request, network_ref, member_ref, values, invalid, status_code=422
            )
        sent = f"/reseaux/{network_ref}/membres/{member_ref}/historique?envoye={entry.ref}"
        return Redirect(sent, status_code=303)

    @get(MEMBER + "/estimation", opt=allow(COORDINATOR, own_member=True))
    async def estimate(
        self, request: HTMXRequest, network_ref: FromPath[str], member_ref: FromPath[str]
    ) -> Template:
        """The estimated value of what the form describes, as a fragment (htmx swaps it in)."""
        values = _values(request.query_params)
        return page(
            request,
            "_estimate.html",
            estimate=await _estimate(network_ref, member_ref, values, locale_of(request)),
            views=views,
        )


async def _member_entries(
    network_ref: str, member_ref: str, status: ContributionStatus | None = None, *, limit: int
) -> Page[schemas.Contribution]:
    """The entries the member gave or received, newest first (as the API lists them to it)."""
    return await contributions.list_entries(
        network_ref,
        contributions.Filters(member=member_ref, status=status),
        limit=limit,
        offset=0,
        only=frozenset({member_ref}),
    )


async def awaiting_confirmation(network_ref: str, member_ref: str) -> list[schemas.Contribution]:
    """Entries another member says it gave this one, still awaiting its confirmation."""
    found = await contributions.list_entries(
        network_ref,
        contributions.Filters(member=member_ref, status=ContributionStatus.submitted),
        limit=200,
        offset=0,
        only=frozenset({member_ref}),
    )
    return [
        e
        for e in found.items
        if e.receiver.get("member") == member_ref and e.giver.get("member") != member_ref
    ]


async def member_names(network_ref: str, only: frozenset[str] | None) -> dict[tuple[str, str], str]:
    """The names of the parties a list shows, by (kind, ref): the members the viewer may list
    (``only``, as the API's member list), the working groups and the projects."""
    names: dict[tuple[str, str], str] = {}
    members = await list_members(network_ref, limit=500, offset=0, only=only)
    names.update({("member", m.ref): m.name for m in members.items})
    groups = await working_life.list_groups(network_ref, limit=200, offset=0)
    names.update({("group", g.ref): g.name for g in groups.items})
    projects = await working_life.list_projects(network_ref, limit=200, offset=0)
    names.update({("project", p.ref): p.name for p in projects.items})
    return names


def _may_log(request: Request[Any, Any, Any], network_ref: FromPath[str]) -> bool:
    principal = signed_in(request)
    return bool(principal.roles_in(network_ref) & {Role.coordinator, Role.member})


def _values(source: Any) -> dict[str, str]:
    names = ("form", "quantity", "date", "receiver", "receiver_member", "note")
    return {name: str(source.get(name, "") or "").strip() for name in names}


def _quantity(text: str) -> Decimal:
    try:
        quantity = Decimal(text.replace(" ", "").replace("\u202f", "").replace(",", "."))
    except InvalidOperation:
        raise InvalidError.on("quantity", "not a number", text) from None
    if not quantity.is_finite() or quantity <= 0:
        raise InvalidError.on("quantity", "more than 0", text)
    contributions.quantity_milli(quantity)  # at most 3 decimals: the ledger's own check
    return quantity


def _contribution(
    values: dict[str, str], member_ref: str, locale: str
) -> schemas.ContributionCreate:
    """The form's fields as the ledger's input; every field wrong is named at once."""
    problems: list[FieldProblem] = []
    form = quantity = day = None
    try:
        form = Form(values["form"])
    except ValueError:
        problems.append(FieldProblem("form", "unknown form", values["form"]))
    try:
        quantity = _quantity(values["quantity"])
    except InvalidError as invalid:
        problems.extend(invalid.errors)
    try:
        day = dt.date.fromisoformat(values["date"])
    except ValueError:
        problems.append(FieldProblem("date", "not a date", values["date"]))
    kind = values["receiver"] or "network"
    receiver = schemas.Receiver(network=True)
    if kind == "member":
        if not values["receiver_member"]:
            problems.append(FieldProblem("receiver_member", "name the member", ""))
        else:
            receiver = schemas.Receiver(member=values["receiver_member"])
    elif kind.startswith("group:"):
        receiver = schemas.Receiver(group=kind.removeprefix("group:"))
    elif kind.startswith("project:"):
        receiver = schemas.Receiver(project=kind.removeprefix("project:"))
    elif kind != "network":
        problems.append(FieldProblem("receiver", "unknown receiver", kind))
    if problems:
        raise InvalidError("the form is not valid", errors=problems)
    assert form is not None
    assert quantity is not None
    assert day is not None
    body = {
        "giver": {"member": member_ref},
        "receiver": msgspec.to_builtins(receiver),
        "form": form.value,
        "quantity": str(quantity),
        "date": day.isoformat(),
        "note": values["note"],
    }
    # the API's own checks of its input (refs, lengths), as its JSON body gets them
    return convert_input(body, schemas.ContributionCreate)


async def _estimate(
    network_ref: FromPath[str], member_ref: FromPath[str], values: dict[str, str], locale: str
) -> dict[str, Any]:
    """The value the entry would be frozen at if validated today: the ledger's own valuation
    (the rate in effect on its day). A fragment's words, never an error page."""
    try:
        form = Form(values["form"])
    except ValueError:
        return {"message": gettext(locale, "Choisissez une forme de contribution.")}
    unit = views.unit_of(form)
    try:
        quantity = _quantity(values["quantity"])
        day = dt.date.fromisoformat(values["date"])
    except (InvalidError, ValueError):
        return {"unit": unit, "message": gettext(locale, "Indiquez la quantité et la date.")}
    network = await resolve_network(network_ref)
    try:
        rate, value = await contributions.frozen_value(
            network.id, form, day, "", contributions.quantity_milli(quantity)
        )
    except DomainError:
        return {
            "unit": unit,
            "message": gettext(
                locale,
                "Pas encore de taux pour cette forme à cette date : la coordination le fixera.",
            ),
        }
    return {
        "unit": unit,
        "quantity": quantity,
        "rate": Decimal(rate) / 100,
        "value": Decimal(value) / 100,
        "day": day,
    }


async def _form_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    member_ref: str,
    values: dict[str, str],
    invalid: DomainError | None = None,
    *,
    status_code: int = 200,
    estimate: bool = False,
) -> Template:
    network = await resolve_network(network_ref)
    member = await get_member(network_ref, member_ref)
    groups = await working_life.list_groups(network_ref, limit=200, offset=0)
    projects = await working_life.list_projects(network_ref, limit=200, offset=0)
    locale = locale_of(request)
    return page(
        request,
        "contribute.html",
        status_code=status_code,
        network=network,
        member=member,
        values=values,
        groups=groups.items,
        projects=projects.items,
        forms=[
            (f, views.FORM_LABELS[f], views.UNIT_LABELS[views.unit_of(f)])
            for f in views.LOGGABLE_FORMS
        ],
        problems=problem_messages(invalid, locale) if invalid else {},
        estimate=await _estimate(network_ref, member_ref, values, locale) if estimate else None,
        views=views,
        idempotency_key=secrets.token_urlsafe(16),
    )


# -- the coordinator's pages ---------------------------------------------------------------------


class NetworkPages(PageController):
    @get(NETWORK + "/validation", opt=allow(COORDINATOR))
    async def queue(self, request: Request[Any, Any, Any], network_ref: FromPath[str]) -> Template:
        return await _queue_page(request, network_ref)

    @post(NETWORK + "/validation", opt=allow(COORDINATOR), status_code=303)
    async def decide(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Response[Any]:
        """Validate or reject the entries ticked, all or none."""
        form = await request.form()
        refs = [str(r) for r in form.getall("entry", [])]
        action = str(form.get("action", ""))
        reason = str(form.get("reason", "")).strip()
        principal = signed_in(request)
        problems: list[FieldProblem] = []
        if not refs:
            problems.append(FieldProblem("entry", "tick at least one entry"))
        if action not in {"validate", "reject"}:
            problems.append(FieldProblem("action", "validate or reject", action))
        if action == "reject" and not reason:
            problems.append(FieldProblem("reason", "a reason is needed to reject"))
        if problems:
            invalid = InvalidError("nothing was decided", errors=problems)
            return await _queue_page(request, network_ref, invalid, refs, reason)
        rejection = schemas.Rejection(reason=reason[:500]) if action == "reject" else None
        try:
            await contributions.decide_all(network_ref, refs, principal, rejection=rejection)
        except DomainError as refused:
            return await _queue_page(request, network_ref, refused, refs, reason)
        done = "validees" if action == "validate" else "refusees"
        return Redirect(f"/reseaux/{network_ref}/validation?{done}={len(refs)}", status_code=303)


async def _pending(network_ref: str) -> list[schemas.Contribution]:
    entries: list[schemas.Contribution] = []
    for status in (ContributionStatus.submitted, ContributionStatus.confirmed):
        found = await contributions.list_entries(
            network_ref, contributions.Filters(status=status), limit=500, offset=0, only=None
        )
        entries.extend(found.items)
    return sorted(entries, key=lambda e: (e.date, e.created_at))


async def _queue_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    refused: DomainError | None = None,
    ticked: list[str] | None = None,
    reason: str = "",
) -> Template:
    network = await resolve_network(network_ref)
    locale = locale_of(request)
    status = 200 if refused is None else refused.status
    return page(
        request,
        "queue.html",
        status_code=status,
        network=network,
        entries=await _pending(network_ref),
        ticked=set(ticked or []),
        reason=reason,
        problems=problem_messages(refused, locale) if refused else {},
        names=await member_names(network_ref, None),
        validated=request.query_params.get("validees"),
        rejected=request.query_params.get("refusees"),
        views=views,
    )


ROUTERS = [SignInPages, MemberPages, NetworkPages]
