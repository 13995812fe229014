"""HTTP routes of contributions: logging, listing with totals, and the workflow."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec
from litestar import Response, get, patch, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import (
    Body,
    FromPath,
    FromQuery,
    HeaderParameter,
    JSONBody,
    Parameter,
    QueryParameter,
)

from raviv.guard.deps import Viewer, provide_principal, provide_viewer
from raviv.guard.policy import ApiController, allow, resolves_member
from raviv.guard.principal import Principal
from raviv.guard.roles import Role
from raviv.jobs.controllers import JobDocument, document
from raviv.jobs.service import enqueue_with_upload
from raviv.ledger import contribution_import, contributions, ledger_totals, schemas
from raviv.pagination import Limit, Offset, Page
from raviv.registry.service import network_id
from raviv.settings import get_settings
from raviv.vocabulary import ContributionStatus, Form

COORDINATOR, CONSULTANT = Role.coordinator, Role.consultant
ENTRY = "/{contribution_ref:str}"

resolves_member("contribution_ref")(contributions.members_of)


def _filters(  # noqa: PLR0917 - one parameter per filter
    member: Annotated[str | None, Parameter(max_length=64)] = None,
    form: FromQuery[Form | None] = None,
    status: FromQuery[ContributionStatus | None] = None,
    since: Annotated[
        date | None, QueryParameter(name="from", description="Dated on or after.")
    ] = None,
    until: Annotated[date | None, QueryParameter(name="to", description="Dated before.")] = None,
    group: Annotated[str | None, Parameter(max_length=64)] = None,
    project: Annotated[str | None, Parameter(max_length=64)] = None,
) -> contributions.Filters:
    return contributions.Filters(member, form, status, since, until, group, project)


class ContributionController(ApiController):
    path = "/api/networks/{network_ref:str}/contributions"
    tags = ["contributions"]  # noqa: RUF012
    dependencies = {  # noqa: RUF012
        "principal": Provide(provide_principal),
        "viewer": Provide(provide_viewer),
        "filters": Provide(_filters, sync_to_thread=False),
    }

    @post(
        "/",
        opt=allow(COORDINATOR, own_member=True),
        summary="Log a contribution (a coordinator's is validated at once)",
        description="Send an `Idempotency-Key` header: a retry with the same key returns the "
        "first entry instead of logging it twice.",
    )
    async def create(
        self,
        network_ref: FromPath[str],
        data: JSONBody[schemas.ContributionCreate],
        principal: NamedDependency[Principal],
        idempotency_key: Annotated[
            str | None, HeaderParameter(name="Idempotency-Key", min_length=1, max_length=100)
        ] = None,
    ) -> Response[schemas.Contribution]:
        entry, replayed = await contributions.create(
            network_ref, data, principal, idempotency_key=idempotency_key
        )
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        return Response(entry, status_code=201, headers=headers)

    @get(
        "/",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="Contributions, newest first, filtered",
        description="A member representative sees those its member gave or received.",
    )
    async def list_entries(
        self,
        network_ref: FromPath[str],
        viewer: NamedDependency[Viewer],
        filters: NamedDependency[contributions.Filters],
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[schemas.Contribution]:
        return await contributions.list_entries(
            network_ref, filters, limit=limit, offset=offset, only=viewer.member_refs(network_ref)
        )

    @get(
        "/totals",
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="Totals of the contributions the same filters select",
    )
    async def totals(
        self,
        network_ref: FromPath[str],
        viewer: NamedDependency[Viewer],
        filters: NamedDependency[contributions.Filters],
    ) -> schemas.Totals:
        return await ledger_totals.totals(
            network_ref, filters, only=viewer.member_refs(network_ref)
        )

    @get(
        ENTRY,
        opt=allow(COORDINATOR, CONSULTANT, own_member=True),
        summary="One contribution",
    )
    async def get_entry(
        self, network_ref: FromPath[str], contribution_ref: FromPath[str]
    ) -> schemas.Contribution:
        return await contributions.get(network_ref, contribution_ref)

    @patch(
        ENTRY,
        opt=allow(COORDINATOR, own_member=True),
        summary="Change a pending contribution (a validated one is reversed, never edited)",
    )
    async def update(
        self,
        network_ref: FromPath[str],
        contribution_ref: FromPath[str],
        data: JSONBody[schemas.ContributionUpdate],
        principal: NamedDependency[Principal],
    ) -> schemas.Contribution:
        return await contributions.update(network_ref, contribution_ref, data, principal)

    @post(ENTRY + "/validate", opt=allow(COORDINATOR), summary="Validate: it counts from now on")
    async def validate(
        self,
        network_ref: FromPath[str],
        contribution_ref: FromPath[str],
        principal: NamedDependency[Principal],
    ) -> schemas.Contribution:
        return await contributions.validate(network_ref, contribution_ref, principal)

    @post(ENTRY + "/reject", opt=allow(COORDINATOR), summary="Reject, with a reason")
    async def reject(
        self,
        network_ref: FromPath[str],
        contribution_ref: FromPath[str],
        data: JSONBody[schemas.Rejection],
        principal: NamedDependency[Principal],
    ) -> schemas.Contribution:
        return await contributions.reject(network_ref, contribution_ref, data, principal)

    @post(
        ENTRY + "/confirm",
        opt=allow(own_member=True),
        summary="The receiving member confirms an entry between members",
    )
    async def confirm(
        self,
        network_ref: FromPath[str],
        contribution_ref: FromPath[str],
        principal: NamedDependency[Principal],
    ) -> schemas.Contribution:
        return await contributions.confirm(network_ref, contribution_ref, principal)

    @post(
        ENTRY + "/reverse",
        opt=allow(COORDINATOR),
        summary="Cancel a validated contribution with a reversal entry (returned)",
    )
    async def reverse(
        self,
        network_ref: FromPath[str],
        contribution_ref: FromPath[str],
        data: JSONBody[schemas.Reversal],
        principal: NamedDependency[Principal],
    ) -> schemas.Contribution:
        return await contributions.reverse(network_ref, contribution_ref, data, principal)


class ContributionImportForm(msgspec.Struct, kw_only=True):
    file: UploadFile


class ContributionImportController(ApiController):
    path = "/api/networks/{network_ref:str}/imports/contributions"
    tags = ["imports"]  # noqa: RUF012
    dependencies = {"principal": Provide(provide_principal)}  # noqa: RUF012

    @post(
        "/",
        opt=allow(COORDINATOR),
        summary="Import contributions (CSV, XLSX, ODS): dry run by default, then all or nothing",
        description="Every problem of every row is listed by row and column (English and "
        "French). Rows already imported are `unchanged`: importing a file again creates nothing.",
        request_max_body_size=get_settings().max_upload_bytes,
    )
    async def import_contributions(
        self,
        network_ref: FromPath[str],
        data: Annotated[ContributionImportForm, Body(media_type=RequestEncodingType.MULTI_PART)],
        principal: NamedDependency[Principal],
        dry_run: FromQuery[bool] = True,
    ) -> contribution_import.ContributionImportReport:
        return await contribution_import.import_contributions(
            network_ref,
            await data.file.read(),
            data.file.filename or "upload",
            dry_run=dry_run,
            account=principal.account_id,
            max_bytes=get_settings().max_upload_bytes,
        )

    @post(
        "/jobs",
        opt=allow(COORDINATOR),
        status_code=202,
        summary="Import contributions in the background (a large file): a job to follow",
        description="The same import as `POST …/imports/contributions`, run by a background "
        "worker: the answer is the job (`GET /api/networks/{network_ref}/jobs/{job_id}` for its "
        "progress); its `result` is the import's report, or, if the file is refused, the "
        "problem document with every error by row and column.",
        request_max_body_size=get_settings().max_upload_bytes,
    )
    async def import_contributions_job(
        self,
        network_ref: FromPath[str],
        data: Annotated[ContributionImportForm, Body(media_type=RequestEncodingType.MULTI_PART)],
        principal: NamedDependency[Principal],
        dry_run: FromQuery[bool] = True,
    ) -> JobDocument:
        row = await enqueue_with_upload(
            contribution_import.IMPORT_JOB.name,
            await data.file.read(),
            network_id=await network_id(network_ref),
            args={
                "network": network_ref,
                "filename": data.file.filename or "upload",
                "dry_run": dry_run,
                "account": principal.account_id,
            },
            requested_by=principal.account_id,
        )
        return document(row)


ROUTERS = [ContributionController, ContributionImportController]
