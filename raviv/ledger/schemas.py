"""What the contributions API reads and writes.

Givers and receivers have the archive's shape: ``{"member": "alize"}``, ``{"network": true}``,
``{"group": "petr"}``, ``{"project": "festival"}``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import msgspec
from msgspec import Meta

from raviv.edge import Input
from raviv.registry.schemas import Ref
from raviv.vocabulary import ContributionStatus, Form, Unit

Note = Annotated[str, Meta(max_length=2000)]
Url = Annotated[str, Meta(max_length=500, pattern=r"^(|https?://\S+)$")]
Reason = Annotated[str, Meta(min_length=1, max_length=500)]
Category = Annotated[str, Meta(max_length=64)]


class _Input(Input):
    pass


class Giver(_Input):
    """A member, or the network itself (a service it gives to a member)."""

    member: Ref | None = None
    network: bool = False


class Receiver(_Input):
    """The network, one of its working groups or shared projects, or a member."""

    network: bool = False
    group: Ref | None = None
    project: Ref | None = None
    member: Ref | None = None


class ContributionCreate(_Input):
    giver: Giver
    receiver: Receiver
    form: Form
    quantity: Annotated[Decimal, Meta(description="In the unit; more than 0, 3 decimals at most.")]
    date: date
    unit: Unit | None = None  # the form's canonical unit when left out
    category: Category = ""
    note: Note = ""
    evidence_url: Url = ""
    ref: Ref | None = None  # made up when left out
    override_restriction: Annotated[
        Reason | None,
        Meta(
            description="Coordinators: log a service the network gives to a member under a "
            "restriction anyway, for this reason (audited)."
        ),
    ] = None


class ContributionUpdate(_Input):
    """Changes to an entry still pending; a validated one is reversed, never edited."""

    quantity: Decimal | msgspec.UnsetType = msgspec.UNSET
    date: date | msgspec.UnsetType = msgspec.UNSET
    category: Category | msgspec.UnsetType = msgspec.UNSET
    note: Note | msgspec.UnsetType = msgspec.UNSET
    evidence_url: Url | msgspec.UnsetType = msgspec.UNSET


class Rejection(_Input):
    reason: Reason


class Reversal(_Input):
    reason: Reason


class Contribution(msgspec.Struct, kw_only=True):
    ref: str
    giver: dict[str, str | bool]
    receiver: dict[str, str | bool]
    form: Form
    unit: Unit
    category: str
    quantity: Decimal
    date: date
    note: str
    evidence_url: str
    status: ContributionStatus
    reason: str = ""
    reverses: str | None = None
    reversed_by: str | None = None
    rate_eur: Decimal | None = None  # frozen when validated
    value_eur: Decimal | None = None
    created_at: datetime
    validated_at: datetime | None = None


class FormTotal(msgspec.Struct, kw_only=True):
    entries: int
    quantity: Decimal
    value_eur: Decimal


class Totals(msgspec.Struct, kw_only=True):
    """Totals of the entries a list would show: validated ones count, pending ones apart.

    Reversal pairs count for nothing (their values cancel out). The ``meeting`` entries
    attendance yields are not ledger rows but count as validated entries, valued at the rate in
    effect on the meeting's day; ``from_attendance`` says how many of the validated entries they
    are."""

    entries: int
    by_status: dict[str, int]
    validated_value_eur: Decimal
    validated_by_form: dict[str, FormTotal]
    pending_entries: int
    from_attendance: int = 0
