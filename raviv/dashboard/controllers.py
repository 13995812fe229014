"""HTTP routes of the coordinator's dashboard: the figures as last kept, and a refresh."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath

from raviv.dashboard import service
from raviv.guard.deps import Viewer, provide_viewer
from raviv.guard.policy import ApiController, allow
from raviv.guard.roles import Role
from raviv.jobs.controllers import JobDocument, document


class Period(msgspec.Struct, kw_only=True):
    start: dt.date
    end: dt.date


class Lack(msgspec.Struct, kw_only=True):
    criterion: str
    required: Any
    actual: Any
    shortfall: Any
    on_track: bool


class AtRisk(msgspec.Struct, kw_only=True):
    member: str
    name: str
    lacks: list[Lack]


class Dashboard(msgspec.Struct, kw_only=True):
    """The dashboard as last computed: ``as_of`` (when), ``day`` (the day evaluated, in the
    network's time zone) and ``today`` (whether that day is today)."""

    network: str
    day: dt.date
    today: bool
    as_of: dt.datetime
    period: Period
    statuses: dict[str, int]
    indicators: dict[str, Any]
    trend: list[dict[str, Any]]
    at_risk: list[AtRisk]
    #: the network month by month over the period: {month, given_eur, givers}
    months: list[dict[str, Any]] = []


class DashboardController(ApiController):
    path = "/api/networks/{network_ref:str}/dashboard"
    tags = ["dashboard"]  # noqa: RUF012
    dependencies = {"viewer": Provide(provide_viewer)}  # noqa: RUF012

    @get(
        "/",
        opt=allow(Role.coordinator),
        summary="The coordinator's dashboard, as last computed (as_of)",
        description="Statuses of the period under way, the network's indicators, their change "
        "against the previous period, month by month what the members gave and how many "
        "gave, and the members at risk with what each lacks. Read from "
        "the figures the `dashboard` job keeps (after validations, or "
        "`POST …/dashboard/refresh`): `as_of` says when they were computed.",
    )
    async def read(self, network_ref: FromPath[str]) -> Dashboard:
        return msgspec.convert(await service.dashboard(network_ref), Dashboard)

    @post(
        "/refresh",
        opt=allow(Role.coordinator),
        status_code=202,
        summary="Compute the dashboard again, in the background (its job: GET …/jobs/{job_id})",
    )
    async def refresh(
        self, network_ref: FromPath[str], viewer: NamedDependency[Viewer]
    ) -> JobDocument:
        row = await service.refresh(network_ref, requested_by=viewer.principal.account_id)
        return document(row)


ROUTERS = [DashboardController]
