"""Registry services against the real database."""

from decimal import Decimal

import pytest

from raviv.errors import ConflictError, InvalidError, NotFoundError
from raviv.registry import service
from raviv.registry.schemas import MemberCreate, NetworkCreate
from raviv.registry.tables import Member
from tests.factories import CAMILLE_NETWORK, KARIM_MEMBER, MemberCreateFactory


@pytest.fixture
async def camille_network(db: None) -> str:
    network = await service.create_network(NetworkCreate(**CAMILLE_NETWORK))
    return network.ref


async def test_camille_adds_karims_organisation_and_sees_it_listed(camille_network: str) -> None:
    created = await service.create_member(
        camille_network, MemberCreate(**KARIM_MEMBER, headcount_fte=Decimal("2.5"))
    )
    assert created.headcount_fte == Decimal("2.5")
    page = await service.list_members(camille_network, limit=50, offset=0, only=None)
    assert page.total == 1
    assert page.items[0].ref == "alize"
    assert page.items[0].headcount_fte == Decimal("2.5")


async def test_a_siret_typed_with_spaces_is_stored_as_fourteen_digits(camille_network: str) -> None:
    data = MemberCreateFactory.build(siret="526 018 155 00014")
    created = await service.create_member(camille_network, data)
    assert created.siret == "52601815500014"


async def test_a_member_ref_can_be_used_once_per_network(camille_network: str) -> None:
    await service.create_member(camille_network, MemberCreate(**KARIM_MEMBER))
    with pytest.raises(ConflictError) as raised:
        await service.create_member(camille_network, MemberCreate(**KARIM_MEMBER))
    assert raised.value.errors[0].field == "ref"
    assert await Member.count().run() == 1


async def test_the_same_member_ref_may_exist_in_two_networks(camille_network: str) -> None:
    other = await service.create_network(NetworkCreate(ref="ufisc-sud", name="Réseau Sud"))
    await service.create_member(camille_network, MemberCreate(**KARIM_MEMBER))
    await service.create_member(other.ref, MemberCreate(**KARIM_MEMBER))
    assert await Member.count().run() == 2


async def test_an_invalid_siret_is_refused_and_nothing_is_written(camille_network: str) -> None:
    with pytest.raises(InvalidError) as raised:
        await service.create_member(
            camille_network, MemberCreateFactory.build(siret="52601815500015")
        )
    assert raised.value.errors[0].field == "siret"
    assert await Member.count().run() == 0


async def test_members_of_an_unknown_network_are_not_found(db: None) -> None:
    with pytest.raises(NotFoundError):
        await service.create_member("nowhere", MemberCreateFactory.build())
    with pytest.raises(NotFoundError):
        await service.list_members("nowhere", limit=10, offset=0, only=None)


async def test_a_federation_is_a_network_with_child_networks(db: None) -> None:
    await service.create_network(NetworkCreate(ref="ufisc", name="Fédération UFISC"))
    child = await service.create_network(
        NetworkCreate(ref="raviv-idf", name="RAVIV", parent="ufisc")
    )
    assert child.parent == "ufisc"
    with pytest.raises(NotFoundError):
        await service.create_network(NetworkCreate(ref="x", name="X", parent="missing"))


async def test_member_lists_are_paged_in_ref_order(camille_network: str) -> None:
    for ref in ["cedre", "alize", "basalte"]:
        await service.create_member(camille_network, MemberCreateFactory.build(ref=ref))
    first = await service.list_members(camille_network, limit=2, offset=0, only=None)
    second = await service.list_members(camille_network, limit=2, offset=2, only=None)
    assert [m.ref for m in first.items] == ["alize", "basalte"]
    assert [m.ref for m in second.items] == ["cedre"]
    assert first.total == second.total == 3
