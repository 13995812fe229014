"""The coordinator's imports page: a members or contributions file (CSV, XLSX, ODS), checked
first (a dry run: every problem by row and column, or what would be added), then imported all
or nothing.

Both steps call the service of the API's route with its own limits (POST …/imports/members,
POST …/imports/contributions; ``dry_run`` first, then not): the file is read and checked off the
event loop there (the spreadsheet worker, worker threads), never on the page's request thread.
The preview carries the checked file back in a hidden field, so « Importer » imports exactly
what was shown; the import checks it all again in its transaction (nothing is written if
anything changed meanwhile).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath
from litestar.response import Redirect, Template

from raviv.errors import DomainError, FieldProblem, InvalidError
from raviv.ledger import contribution_import
from raviv.registry import member_import
from raviv.registry.service import resolve_network
from raviv.settings import get_settings
from raviv.web.i18n import N_
from raviv.web.member_pages import COORDINATORS, explain
from raviv.web.pages import NETWORK, PageController, signed_in
from raviv.web.rendering import locale_of, page

IMPORTS = NETWORK + "/imports"
KINDS = {"members": N_("Liste des membres"), "contributions": N_("Contributions")}
#: The body of a preview's « Importer »: the file in base64 (4/3 of it) and the form's fields.
IMPORT_BODY = get_settings().max_upload_bytes * 4 // 3 + 64 * 1024


def _problem(field: str) -> InvalidError:
    return InvalidError(field, errors=[FieldProblem(field, field)])


async def _run(
    request: Request[Any, Any, Any],
    network_ref: str,
    kind: str,
    content: bytes,
    filename: str,
    *,
    dry_run: bool,
) -> Any:
    """The import service of the API's route, with its limits."""
    limit = get_settings().max_upload_bytes
    if kind == "members":
        return await member_import.import_members(
            network_ref, content, filename, dry_run=dry_run, max_bytes=limit
        )
    return await contribution_import.import_contributions(
        network_ref,
        content,
        filename,
        dry_run=dry_run,
        account=signed_in(request).account_id,
        max_bytes=limit,
    )


class ImportPages(PageController):
    @get(IMPORTS, opt=COORDINATORS)
    async def imports(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Template:
        return await _imports_page(request, network_ref)

    @post(
        IMPORTS + "/verifier",
        opt=COORDINATORS,
        status_code=200,
        request_max_body_size=get_settings().max_upload_bytes + 64 * 1024,
    )
    async def check(self, request: Request[Any, Any, Any], network_ref: FromPath[str]) -> Template:
        """The dry run: what the import would do, or every problem of the file."""
        form = await request.form()
        kind = str(form.get("kind", ""))
        upload = form.get("file")
        try:
            if kind not in KINDS:
                raise _problem("import_kind")
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise _problem("import_file")
            content = await upload.read()
            if not content:
                raise _problem("import_file")
            filename = upload.filename
            report = await _run(request, network_ref, kind, content, filename, dry_run=True)
        except DomainError as refused:
            return await _imports_page(request, network_ref, refused, kind)
        return await _imports_page(
            request,
            network_ref,
            kind=kind,
            report=report,
            filename=filename,
            content=base64.b64encode(content).decode("ascii"),
        )

    @post(
        IMPORTS + "/importer",
        opt=COORDINATORS,
        status_code=303,
        request_max_body_size=IMPORT_BODY,
    )
    async def run_import(
        self, request: Request[Any, Any, Any], network_ref: FromPath[str]
    ) -> Response[Any]:
        """The import itself, all or nothing, of the file the preview showed."""
        form = await request.form()
        kind = str(form.get("kind", ""))
        filename = str(form.get("filename", "") or "upload")[:200]
        try:
            if kind not in KINDS:
                raise _problem("import_kind")
            try:
                content = base64.b64decode(str(form.get("content", "")), validate=True)
            except (binascii.Error, ValueError):
                raise _problem("import_file") from None
            if not content:
                raise _problem("import_file")
            report = await _run(request, network_ref, kind, content, filename, dry_run=False)
        except DomainError as refused:
            return await _imports_page(request, network_ref, refused, kind)
        done = f"/reseaux/{network_ref}/imports?importe={kind}&crees={len(report.created)}"
        if kind == "members":
            done += f"&modifies={len(report.updated)}"
        return Redirect(done, status_code=303)


def _rows(refused: DomainError, locale: str) -> list[dict[str, Any]]:
    """The file's problems by row and column, in the visitor's language."""
    rows = []
    for problem in refused.errors:
        if problem.row is None and problem.field in {"import_kind", "import_file"}:
            continue
        message = problem.message_fr if locale == "fr" and problem.message_fr else problem.message
        rows.append(
            {
                "row": problem.row,
                "column": problem.field,
                "message": message,
                "value": (problem.value or "")[:80],
            }
        )
    return rows


async def _imports_page(
    request: Request[Any, Any, Any],
    network_ref: str,
    refused: DomainError | None = None,
    kind: str = "members",
    **preview: Any,
) -> Template:
    network = await resolve_network(network_ref)
    locale = locale_of(request)
    problems: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    if refused is not None:
        rows = _rows(refused, locale)
        if not rows or any(p.field in {"import_kind", "import_file"} for p in refused.errors):
            problems = explain(refused, locale)
    return page(
        request,
        "imports.html",
        status_code=200 if refused is None else refused.status,
        network=network,
        kinds=KINDS,
        kind=kind if kind in KINDS else "members",
        problems=problems,
        rows=rows,
        refused=refused is not None,
        imported=request.query_params.get("importe"),
        created=request.query_params.get("crees"),
        updated=request.query_params.get("modifies"),
        report=preview.get("report"),
        filename=preview.get("filename", ""),
        content=preview.get("content", ""),
    )


ROUTERS = [ImportPages]
