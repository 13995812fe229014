"""The coordinator's page on people and roles: who has which role, the invitations still open;
invite a member's representative, a coordinator, or a consultant whose access ends on a date;
revoke a role, withdraw an invitation not yet accepted.

Each form calls the service of the API's route, behind the same access rule (coordinators
only): ``access.list_grants``, ``list_invitations`` (GET …/grants, …/invitations),
``access.invite`` (POST …/invitations: the same checks, audit and e-mailed link, sent after the
answer as the API sends it), ``revoke_grant`` and ``revoke_invitation`` (DELETE …/grants/{id},
…/invitations/{id}).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.params import FromPath
from litestar.response import Redirect, Template

from raviv.access import schemas
from raviv.access import service as access
from raviv.access.controllers import deliver
from raviv.access.service import now
from raviv.errors import DomainError, FieldProblem, InvalidError, convert_input
from raviv.guard.roles import Role
from raviv.registry.service import list_members, resolve_network
from raviv.web.i18n import N_
from raviv.web.member_pages import COORDINATORS, explain
from raviv.web.pages import NETWORK, PageController, signed_in
from raviv.web.rendering import locale_of, page

PEOPLE = NETWORK + "/personnes"
#: The roles a coordinator invites to from this page, in the order offered.
ROLE_LABELS = {
    Role.member.value: N_("Représentant·e d'un membre"),
    Role.coordinator.value: N_("Coordinateur·rice"),
    Role.consultant.value: N_("Consultant·e (lecture seule)"),
}


class PeoplePages(PageController):
    @get(PEOPLE, opt=COORDINATORS)
    async def people(self, request: Request[Any, Any, Any], network_ref: FromPath[str]) -> Template:
        return await _people_page(request, network_ref)

    @post(PEOPLE + "/invitations", opt=COORDINATORS, status_code=303)
    async def invite(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Response[Any]:
        form = await request.form()
        names = ("email", "role", "member", "access_ends_on")
        values = {n: str(form.get(n, "") or "").strip() for n in names}
        body: dict[str, Any] = {"email": values["email"], "role": values["role"]}
        if values["role"] not in ROLE_LABELS:
            body["role"] = ""
        if values["role"] == Role.member.value and values["member"]:
            body["member"] = values["member"]
        if values["access_ends_on"]:
            body["access_ends_on"] = values["access_ends_on"]
        try:
            if values["role"] not in ROLE_LABELS:
                raise InvalidError("role", errors=[FieldProblem("role", "choose a role")])
            data = convert_input(body, schemas.InvitationCreate)
            invitation, mail = await access.invite(signed_in(request), network_ref, data)
        except DomainError as refused:
            return await _people_page(request, network_ref, refused, values)
        return Redirect(
            f"/reseaux/{network_ref}/personnes?invitee={invitation.id}",
            status_code=303,
            background=BackgroundTask(deliver, mail),
        )

    @post(PEOPLE + "/roles/{grant_id:int}/revoquer", opt=COORDINATORS, status_code=303)
    async def revoke_grant(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str], grant_id: FromPath[int]
    ) -> Redirect:
        await access.revoke_grant(network_ref, grant_id)
        return Redirect(f"/reseaux/{network_ref}/personnes?retire=role", status_code=303)

    @post(PEOPLE + "/invitations/{invitation_id:int}/retirer", opt=COORDINATORS, status_code=303)
    async def revoke_invitation(
        self,
        request: Request[Any, Any, Any],
        network_ref: FromPath[str],
        invitation_id: FromPath[int],
    ) -> Redirect:
        await access.revoke_invitation(network_ref, invitation_id)
        return Redirect(f"/reseaux/{network_ref}/personnes?retire=invitation", status_code=303)


async def _people_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    refused: DomainError | None = None,
    values: dict[str, str] | None = None,
) -> Template:
    network = await resolve_network(network_ref)
    members = await list_members(network_ref, limit=500, offset=0, only=None)
    names = {m.ref: m.name for m in members.items}
    current = now()
    invitations = [
        i
        for i in await access.list_invitations(network_ref)
        if i.accepted_at is None and i.revoked_at is None
    ]
    return page(
        request,
        "people.html",
        status_code=200 if refused is None else refused.status,
        network=network,
        grants=await access.list_grants(network_ref),
        invitations=invitations,
        expired={i.id for i in invitations if i.expires_at <= current},
        members=members.items,
        names=names,
        roles=ROLE_LABELS,
        invited=request.query_params.get("invitee"),
        withdrawn=request.query_params.get("retire"),
        values=values or {"role": Role.member.value},
        problems=explain(refused, locale_of(request)) if refused else {},
    )


ROUTERS = [PeoplePages]
