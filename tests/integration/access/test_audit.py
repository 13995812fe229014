"""The audit log as services write it: one line per write, in the write's own transaction."""

import json

import pytest

from raviv.access.tables import AuditEntry
from raviv.errors import ConflictError, InvalidError
from raviv.guard import audit
from raviv.registry import service
from raviv.registry.schemas import MemberCreate, MemberUpdate, NetworkCreate
from tests.factories import CAMILLE_NETWORK, KARIM_MEMBER


@pytest.fixture
async def network_id(db: None) -> int:
    await service.create_network(NetworkCreate(**CAMILLE_NETWORK))
    return await service.network_id(CAMILLE_NETWORK["ref"])


async def lines(action: str) -> list[dict]:
    return (
        await AuditEntry.select().where(AuditEntry.action == action).order_by(AuditEntry.id).run()
    )


def decoded(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value


async def test_creating_a_member_writes_one_line_naming_the_actor_network_and_member(
    network_id: int,
) -> None:
    with audit.acting_as(audit.Actor("api", account_id=None, client_ip="192.0.2.7")):
        await service.create_member(CAMILLE_NETWORK["ref"], MemberCreate(**KARIM_MEMBER))
    [line] = await lines("member.create")
    assert line["network"] == network_id
    assert (line["actor"], line["client_ip"], line["object_ref"]) == ("api", "192.0.2.7", "alize")
    assert decoded(line["after"])["siret"] == KARIM_MEMBER["siret"]


async def test_a_refused_member_creation_writes_no_line(network_id: int) -> None:
    await service.create_member(CAMILLE_NETWORK["ref"], MemberCreate(**KARIM_MEMBER))
    with pytest.raises(ConflictError):
        await service.create_member(CAMILLE_NETWORK["ref"], MemberCreate(**KARIM_MEMBER))
    with pytest.raises(InvalidError):
        await service.create_member(
            CAMILLE_NETWORK["ref"], MemberCreate(ref="autre", name="Autre", tier="nowhere")
        )
    assert len(await lines("member.create")) == 1


async def test_an_update_logs_only_the_fields_it_changed_before_and_after(network_id: int) -> None:
    await service.create_member(CAMILLE_NETWORK["ref"], MemberCreate(**KARIM_MEMBER))
    await service.update_member(
        CAMILLE_NETWORK["ref"],
        "alize",
        MemberUpdate(commune="Montreuil", name=KARIM_MEMBER["name"]),
    )
    [line] = await lines("member.update")
    assert decoded(line["before"]) == {"commune": ""}
    assert decoded(line["after"]) == {"commune": "Montreuil"}
