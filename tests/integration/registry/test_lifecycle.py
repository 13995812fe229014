"""A member's life in the network, through the services, on the real database."""

from datetime import date

import pytest

from raviv.errors import ConflictError, InvalidError
from raviv.registry import service
from raviv.registry.lifecycle import Action
from raviv.registry.schemas import MemberCreate, MembershipAction, MemberStatus, NetworkCreate
from raviv.registry.tables import Membership
from tests.factories import CAMILLE_NETWORK, KARIM_MEMBER

NET = CAMILLE_NETWORK["ref"]


@pytest.fixture
async def network(db: None) -> str:
    await service.create_network(NetworkCreate(**CAMILLE_NETWORK))
    return NET


async def act(action: Action, on: date, reason: str = "") -> list[tuple[date, date | None, str]]:
    history = await service.change_membership(
        NET, "alize", action, MembershipAction(on=on, reason=reason)
    )
    return [(m.starts_on, m.ends_on, m.status.value) for m in history]


async def test_join_mid_season_suspend_resume_leave_and_rejoin_keep_the_whole_history(
    network: str,
) -> None:
    await service.create_member(NET, MemberCreate(**KARIM_MEMBER, joined_on=date(2026, 1, 1)))
    await act(Action.suspend, date(2026, 2, 1), "cotisation impayée")
    await act(Action.resume, date(2026, 3, 1), "cotisation réglée")
    await act(Action.leave, date(2026, 6, 30), "fin d'activité")
    history = await act(Action.join_, date(2026, 9, 1), "nouvelle adhésion")
    assert history == [
        (date(2026, 1, 1), date(2026, 2, 1), "active"),
        (date(2026, 2, 1), date(2026, 3, 1), "suspended"),
        (date(2026, 3, 1), date(2026, 6, 30), "active"),
        (date(2026, 9, 1), None, "active"),
    ]
    periods = await service.list_memberships(NET, "alize")
    assert [(m.reason, m.end_reason) for m in periods] == [
        ("joined", "cotisation impayée"),
        ("cotisation impayée", "cotisation réglée"),
        ("cotisation réglée", "fin d'activité"),
        ("nouvelle adhésion", ""),
    ]


async def test_a_refused_transition_writes_nothing(network: str) -> None:
    await service.create_member(NET, MemberCreate(**KARIM_MEMBER, joined_on=date(2026, 1, 1)))
    before = await Membership.count().run()
    with pytest.raises(InvalidError):
        await act(Action.leave, date(2025, 12, 1))
    with pytest.raises(InvalidError):
        await act(Action.join_, date(2026, 3, 1))
    assert await Membership.count().run() == before


async def test_the_status_filter_finds_members_by_their_standing_today(network: str) -> None:
    await service.create_member(NET, MemberCreate(**KARIM_MEMBER, joined_on=date(2020, 1, 10)))
    await service.create_member(NET, MemberCreate(ref="basalte", name="Ensemble Basalte"))
    await service.change_membership(
        NET, "basalte", Action.join_, MembershipAction(on=date(2021, 5, 1))
    )
    await service.change_membership(
        NET, "basalte", Action.leave, MembershipAction(on=date(2024, 6, 30))
    )
    active = await service.list_members(
        NET, limit=10, offset=0, status=MemberStatus.active, only=None
    )
    left = await service.list_members(NET, limit=10, offset=0, status=MemberStatus.left, only=None)
    assert [m.ref for m in active.items] == ["alize"]
    assert [m.ref for m in left.items] == ["basalte"]
    assert left.items[0].status is MemberStatus.left


async def test_a_tier_must_be_one_the_network_defined(network: str) -> None:
    with pytest.raises(InvalidError, match="unknown tier"):
        await service.create_member(NET, MemberCreate(ref="x", name="X", tier="gold"))
    tiers = [t.code for t in await service.list_tiers(NET)]
    assert tiers == ["associate", "member", "board"]


async def test_dues_are_kept_to_the_cent_and_once_per_period(network: str) -> None:
    from decimal import Decimal

    from raviv.registry.schemas import DueCreate

    await service.create_member(NET, MemberCreate(**KARIM_MEMBER))
    due = DueCreate(period_start=date(2025, 9, 1), amount_eur=Decimal("50.10"), means="virement")
    assert (await service.record_due(NET, "alize", due)).amount_eur == Decimal("50.10")
    with pytest.raises(ConflictError):
        await service.record_due(NET, "alize", due)
    with pytest.raises(InvalidError):
        await service.record_due(
            NET, "alize", DueCreate(period_start=date(2026, 9, 1), amount_eur=Decimal("1.005"))
        )
    assert [d.amount_eur for d in await service.list_dues(NET, "alize")] == [Decimal("50.10")]
