"""HTTP routes for member-list spreadsheets: import (dry run, then commit), mapping, export."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar import Response, get, post, put
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody

from raviv.answers import BINARY_FILE, TEXT_FILE, file_answer
from raviv.errors import FieldProblem, InvalidError
from raviv.guard.deps import provide_principal
from raviv.guard.policy import ApiController, allow
from raviv.guard.principal import Principal
from raviv.guard.roles import Role
from raviv.jobs.controllers import JobDocument, document
from raviv.jobs.service import enqueue_with_upload
from raviv.registry import member_import, service
from raviv.registry.controllers import NETWORK
from raviv.settings import get_settings

_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ImportForm(msgspec.Struct, kw_only=True):
    file: UploadFile
    mapping: str | None = None  # JSON object: field -> column header


class ImportReport(msgspec.Struct, kw_only=True):
    dry_run: bool
    mapping: dict[str, str]
    header_row: int  # the spreadsheet line the headers were read from
    ignored_columns: list[str]  # the file's columns no field is read from
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    people_created: int
    memberships_created: int


def _mapping(raw: str | None) -> dict[str, str] | None:
    if raw is None or not raw.strip():
        return None
    try:
        return msgspec.json.decode(raw, type=dict[str, str])
    except msgspec.DecodeError as exc:
        raise InvalidError(
            f"mapping: {exc}", errors=[FieldProblem("mapping", "expected a JSON object of strings")]
        ) from None


class MemberImportController(ApiController):
    path = NETWORK
    tags = ["imports"]  # noqa: RUF012
    dependencies = {"principal": Provide(provide_principal)}  # noqa: RUF012

    @post(
        "/imports/members",
        opt=allow(Role.coordinator),
        summary="Import a member list (CSV, XLSX, ODS): dry run by default, then all or nothing",
        request_max_body_size=get_settings().max_upload_bytes,
    )
    async def import_members(
        self,
        network_ref: FromPath[str],
        data: Annotated[ImportForm, Body(media_type=RequestEncodingType.MULTI_PART)],
        dry_run: FromQuery[bool] = True,
        save_mapping: FromQuery[bool] = False,
    ) -> ImportReport:
        content = await data.file.read()
        report = await member_import.import_members(
            network_ref,
            content,
            data.file.filename or "upload",
            mapping=_mapping(data.mapping),
            dry_run=dry_run,
            remember_mapping=save_mapping,
            max_bytes=get_settings().max_upload_bytes,
        )
        return msgspec.convert(report, ImportReport, from_attributes=True)

    @post(
        "/imports/members/jobs",
        opt=allow(Role.coordinator),
        status_code=202,
        summary="Import a member list in the background (a large file): a job to follow",
        description="The same import as `POST …/imports/members`, run by a background worker: "
        "the answer is the job (`GET …/jobs/{job_id}` for its progress); its `result` is the "
        "import's report, or, if the file is refused, the problem document with every error.",
        request_max_body_size=get_settings().max_upload_bytes,
    )
    async def import_members_job(
        self,
        network_ref: FromPath[str],
        data: Annotated[ImportForm, Body(media_type=RequestEncodingType.MULTI_PART)],
        principal: NamedDependency[Principal],
        dry_run: FromQuery[bool] = True,
        save_mapping: FromQuery[bool] = False,
    ) -> JobDocument:
        mapping = _mapping(data.mapping)
        nid = await service.network_id(network_ref)
        row = await enqueue_with_upload(
            member_import.IMPORT_JOB.name,
            await data.file.read(),
            network_id=nid,
            args={
                "network": network_ref,
                "filename": data.file.filename or "upload",
                "mapping": mapping,
                "dry_run": dry_run,
                "save_mapping": save_mapping,
            },
            requested_by=principal.account_id,
        )
        return document(row)

    @get(
        "/imports/members/mapping",
        opt=allow(Role.coordinator),
        summary="The column mapping saved for member imports",
    )
    async def get_mapping(self, network_ref: FromPath[str]) -> dict[str, str]:
        nid = await service.network_id(network_ref)
        return await member_import.saved_mapping(nid) or {}

    @put(
        "/imports/members/mapping",
        opt=allow(Role.coordinator),
        summary="Save the column mapping for member imports",
    )
    async def put_mapping(
        self, network_ref: FromPath[str], data: JSONBody[dict[str, str]]
    ) -> dict[str, str]:
        nid = await service.network_id(network_ref)
        await member_import.save_mapping(nid, data)
        return data

    @get(
        "/exports/members",
        operation_class=file_answer({"text/csv": TEXT_FILE, _MEDIA["xlsx"]: BINARY_FILE}),
        opt=allow(Role.coordinator),
        summary="Export the member list as CSV or XLSX (re-importable)",
    )
    async def export_members(
        self, network_ref: FromPath[str], format: FromQuery[Literal["csv", "xlsx"]] = "csv"
    ) -> Response[bytes]:
        fmt = format
        content = await member_import.export_members(network_ref, fmt)
        return Response(
            content,
            media_type=_MEDIA[fmt],
            headers={"Content-Disposition": f'attachment; filename="{network_ref}-membres.{fmt}"'},
        )
