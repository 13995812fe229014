"""A network under a federation: asked by the network's coordinator, consented to by the
federation's. Once attached, the federation's accounts reach the network (a federation role
covers every network below it), so no network chooses its federation alone.

A request names a parent by its ref; the answer is the same whether that federation exists, is
hidden from the caller, or does not exist (see docs/access.md), and so is its audit line.
"""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from raviv.access.tables import AttachmentRequest
from raviv.db import execute, transaction
from raviv.errors import FieldProblem, InvalidError, NotFoundError
from raviv.guard import audit
from raviv.registry.service import network_id
from raviv.registry.tables import Network

ACCEPTED = "accepted"
REFUSED = "refused"
#: The one answer to a request, whatever the parent named.
RECORDED = "Request recorded: if this federation exists, its coordinator will accept or refuse it."


class AttachmentRequestOut(msgspec.Struct, kw_only=True):
    id: int
    network: str  # the network asking to be attached
    network_name: str
    parent: str
    requested_at: datetime
    decision: str | None = None  # accepted, refused; None: pending
    decided_at: datetime | None = None


_SQL = (
    "SELECT r.id, n.ref AS network, n.name AS network_name, p.ref AS parent, r.requested_at,"
    " r.decision, r.decided_at FROM attachment_request r"
    " JOIN network n ON n.id = r.network JOIN network p ON p.id = r.parent"
)


async def request_attachment(network_ref: str, parent_ref: str, *, by: int | None) -> None:
    """Record the request if the parent exists; answer and log the same either way."""
    async with transaction():
        nid = await network_id(network_ref)
        parent = await Network.select(Network.id).where(Network.ref == parent_ref).first()
        if parent is not None and parent["id"] != nid:
            await AttachmentRequest.insert(
                AttachmentRequest(
                    network=nid, parent=parent["id"], requested_by=by, requested_at=_now()
                )
            ).run()
        await audit.record(
            "network.attach_request",
            network=nid,
            object_type="network",
            object_ref=network_ref,
            detail=f"parent asked: {parent_ref}",
        )


async def list_requests(parent_ref: str) -> list[AttachmentRequestOut]:
    """The requests to attach a network under this one, pending first, newest first."""
    pid = await network_id(parent_ref)
    rows = await execute(
        _SQL + " WHERE r.parent = {} ORDER BY (r.decision IS NULL) DESC, r.id DESC", pid
    )
    return [msgspec.convert(r, AttachmentRequestOut, strict=False) for r in rows]


async def decide(
    parent_ref: str, request_id: int, *, accept: bool, by: int | None
) -> AttachmentRequestOut:
    """Accept (the network's parent becomes this one) or refuse a pending request."""
    async with transaction():
        pid = await network_id(parent_ref)
        row = (
            await AttachmentRequest.select()
            .where(
                (AttachmentRequest.id == request_id)
                & (AttachmentRequest.parent == pid)
                & AttachmentRequest.decision.is_null()
            )
            .first()
        )
        if row is None:
            raise NotFoundError(f"No pending attachment request {request_id} to {parent_ref!r}.")
        child = int(row["network"])
        if accept and await _is_below(pid, child):
            raise InvalidError(
                "This network is above the federation: attaching it would make a cycle.",
                errors=[FieldProblem("parent", "would make a cycle of federations")],
            )
        decision = ACCEPTED if accept else REFUSED
        await (
            AttachmentRequest.update(
                {
                    AttachmentRequest.decision: decision,
                    AttachmentRequest.decided_by: by,
                    AttachmentRequest.decided_at: _now(),
                }
            )
            .where(AttachmentRequest.id == request_id)
            .run()
        )
        current = await (
            Network.select(Network.ref, Network.parent.ref.as_alias("parent"))
            .where(Network.id == child)
            .first()
        )
        assert current is not None
        if accept:
            await Network.update({Network.parent: pid}).where(Network.id == child).run()
        for network in (child, pid):
            await audit.record(
                "network.attach_accept" if accept else "network.attach_refuse",
                network=network,
                object_type="attachment_request",
                object_ref=str(request_id),
                before={"network": current["ref"], "parent": current["parent"]},
                after={
                    "network": current["ref"],
                    "parent": parent_ref if accept else current["parent"],
                },
            )
        out = await execute(_SQL + " WHERE r.id = {}", request_id)
    return msgspec.convert(out[0], AttachmentRequestOut, strict=False)


async def _is_below(candidate: int, of: int) -> bool:
    """Whether ``candidate`` is ``of`` or one of the networks below it."""
    current: int | None = candidate
    seen: set[int] = set()
    while current is not None and current not in seen:
        if current == of:
            return True
        seen.add(current)
        row = await Network.select(Network.parent).where(Network.id == current).first()
        current = row["parent"] if row else None
    return False


def _now() -> datetime:
    return datetime.now(UTC)
