"""What follows a validation (the dashboard's refresh, raviv/assembly.py): called once the
validations are committed, once for a batch decided together, never for a batch undone.

The tests commit for real (``committed_db``): what they check is what happens after a COMMIT.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from raviv.access import service as access
from raviv.db import get_engine
from raviv.errors import DomainError
from raviv.guard.principal import GrantView, Principal
from raviv.guard.roles import CredentialKind, Role, TokenScope
from raviv.ledger import contributions, schemas
from raviv.ledger.tables import Contribution
from raviv.registry import service as registry
from raviv.registry.schemas import MemberCreate, NetworkCreate
from raviv.vocabulary import Form

NET = "raviv-hook"


class Followers:
    """A hook that notes, for each call, the network and the statuses committed at that time."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool, list[str]]] = []

    async def __call__(self, network_ref: str) -> None:
        inside = get_engine().current_transaction.get() is not None
        rows = await Contribution.select(Contribution.status).order_by(Contribution.id).run()
        self.calls.append((network_ref, inside, [r["status"] for r in rows]))


@pytest.fixture
async def follower(committed_db: None) -> AsyncIterator[Followers]:
    hook = Followers()
    contributions.add_after_validation(hook)
    yield hook
    contributions.remove_after_validation(hook)


async def _camille_and_entries(count: int) -> tuple[Principal, list[str]]:
    await registry.create_network(NetworkCreate(ref=NET, name="Réseau du crochet"))
    network = await registry.resolve_network(NET)
    await registry.create_member(
        NET, MemberCreate(ref="alize", name="Compagnie Alizé", joined_on=dt.date(2024, 1, 1))
    )
    account = await access.create_account("camille@raviv.test", display_name="Camille")
    camille = Principal(
        account_id=account,
        email="camille@raviv.test",
        display_name="Camille",
        site_admin=False,
        credential_id=0,
        via=CredentialKind.session,
        scope=TokenScope.write,
        grants=(GrantView(Role.coordinator, network.id, NET),),
    )
    karim = Principal(
        account_id=await access.create_account("karim@alize.test", display_name="Karim"),
        email="karim@alize.test",
        display_name="Karim",
        site_admin=False,
        credential_id=0,
        via=CredentialKind.session,
        scope=TokenScope.write,
        grants=(GrantView(Role.member, network.id, NET, member_ref="alize"),),
    )
    refs = []  # logged by the member: pending until a coordinator decides
    for day in range(1, count + 1):
        entry, _ = await contributions.create(
            NET,
            schemas.ContributionCreate(
                giver=schemas.Giver(member="alize"),
                receiver=schemas.Receiver(network=True),
                form=Form.time,
                quantity=Decimal("2"),
                date=dt.date(2025, 3, day),
            ),
            karim,
        )
        refs.append(entry.ref)
    return camille, refs


async def test_a_batch_validated_together_is_followed_once_after_its_commit(
    follower: Followers,
) -> None:
    camille, refs = await _camille_and_entries(3)
    decided = await contributions.decide_all(NET, refs, camille)
    assert [(e.ref, e.status) for e in decided] == [(ref, "validated") for ref in refs]
    assert follower.calls == [(NET, False, ["validated"] * 3)]


async def test_a_batch_undone_is_not_followed(follower: Followers) -> None:
    camille, refs = await _camille_and_entries(2)
    await contributions.decide_all(NET, [refs[0]], camille)
    follower.calls.clear()
    with pytest.raises(DomainError):  # refs[0] is decided already: all or none
        await contributions.decide_all(NET, [refs[1], refs[0]], camille)
    assert follower.calls == []
    statuses = await Contribution.select(Contribution.status).order_by(Contribution.id).run()
    assert [r["status"] for r in statuses] == ["validated", "submitted"]


async def test_a_batch_rejected_is_not_followed(follower: Followers) -> None:
    camille, refs = await _camille_and_entries(2)
    await contributions.decide_all(
        NET, refs, camille, rejection=schemas.Rejection(reason="doublon")
    )
    assert follower.calls == []


async def test_one_validation_and_one_reversal_are_each_followed_after_their_commit(
    follower: Followers,
) -> None:
    camille, refs = await _camille_and_entries(1)
    await contributions.validate(NET, refs[0], camille)
    await contributions.reverse(NET, refs[0], schemas.Reversal(reason="erreur de date"), camille)
    assert follower.calls == [
        (NET, False, ["validated"]),
        (NET, False, ["validated", "validated"]),
    ]
