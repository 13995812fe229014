"""HTTP routes of background jobs: start one, follow it, list a network's.

A job belongs to a network. Its status, progress and result are read by whoever may read what it
makes: the roles its kind names (raviv/jobs/kinds.py), and site administrators. Anyone else is
answered 404, as if the job did not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import anyio
import msgspec
from litestar import Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from raviv.answers import BINARY_FILE, file_answer
from raviv.db import execute
from raviv.errors import ForbiddenError, InvalidError, NotFoundError
from raviv.guard.deps import Viewer, provide_viewer
from raviv.guard.policy import ApiController, allow
from raviv.guard.principal import Principal
from raviv.guard.roles import Role
from raviv.jobs import files, store
from raviv.jobs.kinds import KINDS, Kind
from raviv.jobs.service import start_by_hand
from raviv.jobs.store import JobRow

Status = Literal["queued", "running", "succeeded", "failed"]

#: Roles that may reach the job routes at all; what each may read is the job's kind's to say.
READERS = (Role.coordinator, Role.consultant, Role.federation)


class JobDocument(msgspec.Struct, kw_only=True):
    """A background job, where it stands."""

    id: int
    kind: str
    network: str | None
    status: Status
    # What it gave once succeeded; if it was refused, the problem document (every error, with
    # its row and column for a file).
    progress: int = msgspec.field()
    step: str
    attempts: int
    max_attempts: int
    result: dict[str, Any] | None
    error: str
    requested_via: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class JobStart(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A job to start: its kind (daily: today's evaluation and enforcement, once a day;
    reminders: the reminders due, sent now)."""

    kind: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


def document(row: JobRow) -> JobDocument:
    return JobDocument(
        id=row.id,
        kind=row.kind,
        network=row.network_ref,
        status=row.status,  # type: ignore[arg-type]
        progress=row.progress,
        step=row.step,
        attempts=row.attempts,
        max_attempts=row.max_attempts,
        result=row.result,
        error=row.error,
        requested_via=row.requested_via,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )


def may_read(
    principal: Principal, network_ref: str, kind: Kind | None, args: dict[str, Any] | None = None
) -> bool:
    """Whether the caller may read a job of ``kind`` (with ``args``) in this network: site
    administrators, the kind's readers, and the representatives of the member it is about."""
    if principal.site_admin:
        return True
    if kind is None:
        return False
    if principal.roles_in(network_ref) & kind.readers:
        return True
    member = (args or {}).get(kind.member_arg) if kind.member_arg else None
    return member is not None and member in principal.members_in(network_ref)


#: Rows read at a time when listing jobs.
PAGE = 200


def listable_kinds(principal: Principal, network_ref: str) -> tuple[str, ...]:
    """The kinds of which the caller may read some job in this network: those its roles read,
    and those about a member when it represents one (not a site administrator's: all)."""
    roles, members = principal.roles_in(network_ref), principal.members_in(network_ref)
    return tuple(
        sorted(
            kind.name
            for kind in KINDS.values()
            if roles & kind.readers or (kind.member_arg and members)
        )
    )


def readable(principal: Principal, network_ref: str, rows: list[JobRow]) -> list[JobRow]:
    return [r for r in rows if may_read(principal, network_ref, KINDS.get(r.kind), r.args)]


async def readable_row(principal: Principal, network_ref: str, job_id: int) -> JobRow:
    """The job, if it is this network's (404 otherwise) and the caller may read it (403)."""
    row = await store.get(job_id) if 0 < job_id < 2**63 else None
    if row is None or row.network_ref != network_ref:
        raise NotFoundError(f"no job {job_id} in {network_ref!r}")
    if not may_read(principal, network_ref, KINDS.get(row.kind), row.args):
        raise ForbiddenError(f"{row.kind!r} jobs of {network_ref!r} are not yours to read")
    return row


async def _network_id(network_ref: str) -> int:
    rows = await execute("SELECT id FROM network WHERE ref = {}", network_ref)
    if not rows:
        raise NotFoundError(f"no network {network_ref!r}")
    return int(rows[0]["id"])


StatusFilter = Annotated[Status | None, QueryParameter(name="status", description="Only these.")]
Limit = Annotated[int, QueryParameter(name="limit", ge=1, le=200, description="At most this many.")]


class JobController(ApiController):
    path = "/api/networks/{network_ref:str}/jobs"
    tags = ["jobs"]  # noqa: RUF012
    dependencies = {"viewer": Provide(provide_viewer)}  # noqa: RUF012

    @post(
        "/",
        opt=allow(Role.coordinator),
        status_code=202,
        summary="Start a background job (its progress: GET …/jobs/{job_id})",
        description="`daily` is the day's evaluation and enforcement: once a day, so asking "
        "again returns the day's job. `reminders` sends the reminders due now.",
    )
    async def start(
        self, network_ref: FromPath[str], data: JSONBody[JobStart], viewer: NamedDependency[Viewer]
    ) -> JobDocument:
        principal = viewer.principal
        kind = KINDS.get(data.kind)
        if kind is None or kind.start is None or not kind.starters:
            startable = sorted(k.name for k in KINDS.values() if k.start and k.starters)
            raise InvalidError.on(
                "kind", f"not a job to start here: one of {', '.join(startable)}", data.kind
            )
        if not principal.site_admin and not principal.roles_in(network_ref) & kind.starters:
            raise ForbiddenError(f"your role in {network_ref!r} may not start {kind.name!r} jobs")
        row = await start_by_hand(kind, network_ref, requested_by=principal.account_id, via="api")
        return document(row)

    @get(
        "/",
        opt=allow(*READERS, own_member=True),
        summary="The network's background jobs, newest first (those the caller may read)",
    )
    async def list_jobs(
        self,
        network_ref: FromPath[str],
        viewer: NamedDependency[Viewer],
        status: StatusFilter = None,
        limit: Limit = 50,
    ) -> list[JobDocument]:
        principal = viewer.principal
        network_id = await _network_id(network_ref)
        kinds = None if principal.site_admin else listable_kinds(principal, network_ref)
        found: list[JobRow] = []
        before = None
        while len(found) < limit:
            # Only the kinds the caller may read are asked for; a member's own jobs among them
            # (an attestation) are told apart by their arguments, page by page.
            rows = await store.listing(
                network_id, status=status, kinds=kinds, limit=PAGE, before=before
            )
            found.extend(readable(principal, network_ref, rows))
            if len(rows) < PAGE:
                break
            before = rows[-1].id
        return [document(r) for r in found[:limit]]

    @get(
        "/{job_id:int}",
        opt=allow(*READERS, own_member=True),
        summary="One background job: status, progress (percent, step), result or error",
        description="403 for a job of a kind the caller may not read (a network's report is "
        "its coordinators' and consultants'; an attestation also its member's representatives).",
    )
    async def one(
        self, network_ref: FromPath[str], job_id: FromPath[int], viewer: NamedDependency[Viewer]
    ) -> JobDocument:
        return document(await readable_row(viewer.principal, network_ref, job_id))

    @get(
        "/{job_id:int}/files/{name:str}",
        opt=allow(*READERS, own_member=True),
        operation_class=file_answer(dict.fromkeys(files.MEDIA.values(), BINARY_FILE)),
        summary="A file a job made (a report's PDF or workbook), once it has succeeded",
    )
    async def file(
        self,
        network_ref: FromPath[str],
        job_id: FromPath[int],
        name: FromPath[str],
        viewer: NamedDependency[Viewer],
    ) -> Response[bytes]:
        row = await readable_row(viewer.principal, network_ref, job_id)
        made = files.named(row, name)
        if made is None:
            raise NotFoundError(f"job {job_id} made no file {name!r} (yet)")
        content = await anyio.Path(made).read_bytes()
        return Response(
            content,
            media_type=files.media_type(name),
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
