"""What the registry API reads and writes (msgspec Structs, validated on the way in)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import msgspec
from msgspec import Meta

from raviv.registry.tables import PeriodKind

Ref = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$",
        description="Lower-case letters, digits and dashes; unique where it is used.",
        examples=["alize"],
    ),
]
Name = Annotated[str, Meta(min_length=1, max_length=200)]
Departement = Annotated[
    str, Meta(pattern=r"^(|\d{2}|2A|2B|97\d)$", description="Département code, e.g. '93'.")
]
Fte = Annotated[Decimal, Meta(description="Staff in full-time equivalents (0 or more).")]


class _Input(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Inputs refuse fields they do not know, rather than silently dropping them."""


class NetworkCreate(_Input):
    ref: Ref
    name: Name
    territory: Annotated[str, Meta(max_length=200)] = ""
    period_kind: PeriodKind = PeriodKind.season
    timezone: Annotated[str, Meta(max_length=64)] = "Europe/Paris"
    parent: Ref | None = None


class Network(msgspec.Struct, kw_only=True):
    ref: str
    name: str
    territory: str
    period_kind: PeriodKind
    timezone: str
    parent: str | None
    created_at: datetime


class MemberCreate(_Input):
    ref: Ref
    name: Name
    siret: Annotated[str, Meta(max_length=20)] | None = None
    legal_form: Annotated[str, Meta(max_length=64)] = ""
    departement: Departement = ""
    commune: Annotated[str, Meta(max_length=100)] = ""
    employer: bool = False
    headcount_fte: Fte | None = None
    tier: Annotated[str, Meta(min_length=1, max_length=32)] = "member"


class Member(msgspec.Struct, kw_only=True):
    ref: str
    name: str
    siret: str | None
    legal_form: str
    departement: str
    commune: str
    employer: bool
    headcount_fte: Decimal | None
    tier: str
    created_at: datetime
