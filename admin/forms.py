"""The admin's forms: the jobs a coordinator runs by hand, queued as the API queues them
(raviv/jobs, docs/jobs.md), for a network the caller may act in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from piccolo_admin.endpoints import FormConfig
from pydantic import BaseModel, Field
from starlette.requests import Request

from admin.gate import Caller
from raviv.errors import DomainError
from raviv.jobs.kinds import KINDS
from raviv.jobs.service import start_by_hand, start_once
from raviv.registry.service import resolve_network

_NETWORK = Field(
    description="L'identifiant du réseau (une coordination n'agit que sur le sien).",
    min_length=1,
    max_length=64,
)


class NetworkJob(BaseModel):
    reseau: str = _NETWORK


class DlaReport(BaseModel):
    reseau: str = _NETWORK
    periode: dt.date = Field(description="Premier jour de la période du rapport.")
    pseudonymiser: bool = Field(
        default=False, description="Remplacer le nom des structures par des pseudonymes."
    )


def _caller(request: Request, network_ref: str) -> Caller:
    caller = request.scope.get("raviv_admin")
    if not isinstance(caller, Caller):  # the gate always sets it: nothing reaches here without
        raise ValueError("Connectez-vous à raviv d'abord.")  # noqa: TRY004 - the form shows it
    if not caller.may_use(network_ref):
        raise ValueError(f"Vous ne coordonnez pas le réseau « {network_ref} ».")
    return caller


def _queued(row: Any, network_ref: str) -> str:
    return (
        f"Tâche n° {row.id} ({row.kind}) en file : suivez-la sur "
        f"/api/networks/{network_ref}/jobs/{row.id}."
    )


async def _start(request: Request, kind_name: str, network_ref: str) -> str:
    caller = _caller(request, network_ref)
    row = await start_by_hand(
        KINDS[kind_name], network_ref, requested_by=caller.principal.account_id, via="admin"
    )
    return _queued(row, network_ref)


async def reevaluate(request: Request, data: NetworkJob) -> str:
    try:
        return await _start(request, "daily", data.reseau)
    except DomainError as refusal:  # shown on the form, as Piccolo Admin shows a ValueError
        raise ValueError(refusal.detail) from None


async def send_reminders(request: Request, data: NetworkJob) -> str:
    try:
        return await _start(request, "reminders", data.reseau)
    except DomainError as refusal:
        raise ValueError(refusal.detail) from None


async def dla_report(request: Request, data: DlaReport) -> str:
    try:
        return await _dla_report(request, data)
    except DomainError as refusal:
        raise ValueError(refusal.detail) from None


async def _dla_report(request: Request, data: DlaReport) -> str:
    caller = _caller(request, data.reseau)
    network = await resolve_network(data.reseau)
    row = await start_once(  # as the API and the pages: asked twice, one job
        "report.dla",
        network_id=network.id,
        network_ref=network.ref,
        day=network.today,
        args={"period": data.periode.isoformat(), "pseudonymise": data.pseudonymiser},
        requested_by=caller.principal.account_id,
        via="admin",
    )
    return _queued(row, network.ref)


FORMS = [
    FormConfig(
        name="Réévaluer la règle",
        pydantic_model=NetworkJob,
        endpoint=reevaluate,
        description="Lance l'évaluation du jour et ce qui en découle (relances, dossiers), "
        "une fois par jour comme le planificateur.",
        form_group="Tâches",
    ),
    FormConfig(
        name="Générer le rapport DLA",
        pydantic_model=DlaReport,
        endpoint=dla_report,
        description="Fabrique le rapport d'activité DLA (PDF et classeur) en arrière-plan.",
        form_group="Tâches",
    ),
    FormConfig(
        name="Envoyer les relances dues",
        pydantic_model=NetworkJob,
        endpoint=send_reminders,
        description="Envoie maintenant les relances dues aujourd'hui (une structure relancée "
        "récemment ne l'est pas de nouveau).",
        form_group="Tâches",
    ),
]
