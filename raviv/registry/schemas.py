"""What the registry API reads and writes (msgspec Structs, validated on the way in).

``<Thing>Create`` and ``<Thing>Update`` refuse unknown fields; in an update, a field left out is
left unchanged (``msgspec.UNSET``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from raviv.edge import Input
from raviv.vocabulary import MembershipStatus, PeriodKind

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
Discipline = Annotated[str, Meta(min_length=1, max_length=64)]
TierCode = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_-]{0,31}$", examples=["board"])]
Text100 = Annotated[str, Meta(max_length=100)]
Reason = Annotated[str, Meta(max_length=500)]
Email = Annotated[str, Meta(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]


class _Input(Input):
    """Inputs refuse fields they do not know, rather than silently dropping them."""


# -- networks and tiers -------------------------------------------------------------------------


CheckinMaxPeople = Annotated[
    int,
    Meta(
        ge=1,
        le=1000,
        description="The most people a member may check in to a meeting by itself (default 5).",
    ),
]


LegalName = Annotated[str, Meta(description="Legal name, if not its name (200 characters).")]
Siret = Annotated[str, Meta(description="SIRET: 14 digits, spaces allowed.")]
Rna = Annotated[str, Meta(description="RNA number: W and 9 digits.", examples=["W751234567"])]
LegalForm = Annotated[
    str,
    Meta(description="association, scic… ('Association loi 1901' is kept as 'association')."),
]
CreationYear = Annotated[int, Meta(description="The year it was founded, 1800 to this year.")]
Postcode = Annotated[str, Meta(description="5 digits, or empty.")]
GeneralAssemblies = Annotated[
    int, Meta(description="General assemblies its statutes require a year, 0 to 52.")
]
BoardMeetings = Annotated[
    int, Meta(description="Board meetings its statutes require a year, 0 to 52.")
]
FiscalYearStart = Annotated[
    str,
    Meta(
        description="First day of its fiscal year, MM-DD (01-01: the calendar year).",
        examples=["09-01"],
    ),
]
SignatoryName = Annotated[
    str, Meta(description="Who signs its attestations, e.g. its president (personal data).")
]
SignatoryRole = Annotated[str, Meta(description="The signatory's role, e.g. 'Présidente'.")]

# The network's legal identity (docs/network.md). Only the types are checked on the way in:
# the service checks every value and names every field at fault at once (422).
IDENTITY_FIELDS = (
    "legal_name",
    "siret",
    "rna",
    "legal_form",
    "creation_year",
    "address_street",
    "address_postcode",
    "address_city",
    "general_assemblies_per_year",
    "board_meetings_per_year",
    "fiscal_year_start",
    "signatory_name",
    "signatory_role",
)
"""The identity fields of a network, in the order the API and the archive write them."""


class NetworkCreate(_Input):
    ref: Ref
    name: Name
    territory: Annotated[str, Meta(max_length=200)] = ""
    period_kind: PeriodKind = PeriodKind.season
    timezone: Annotated[str, Meta(max_length=64)] = "Europe/Paris"
    parent: Ref | None = None
    legal_name: LegalName = ""
    siret: Siret | None = None
    rna: Rna | None = None
    legal_form: LegalForm = ""
    creation_year: CreationYear | None = None
    address_street: str = ""
    address_postcode: Postcode = ""
    address_city: str = ""
    general_assemblies_per_year: GeneralAssemblies | None = None
    board_meetings_per_year: BoardMeetings | None = None
    fiscal_year_start: FiscalYearStart = "01-01"
    signatory_name: SignatoryName = ""
    signatory_role: SignatoryRole = ""


class NetworkUpdate(_Input):
    name: Name | UnsetType = UNSET
    territory: Annotated[str, Meta(max_length=200)] | UnsetType = UNSET
    period_kind: PeriodKind | UnsetType = UNSET
    timezone: Annotated[str, Meta(max_length=64)] | UnsetType = UNSET
    parent: Ref | UnsetType | None = UNSET
    checkin_max_people: CheckinMaxPeople | UnsetType = UNSET
    legal_name: LegalName | UnsetType = UNSET
    siret: Siret | UnsetType | None = UNSET
    rna: Rna | UnsetType | None = UNSET
    legal_form: LegalForm | UnsetType = UNSET
    creation_year: CreationYear | UnsetType | None = UNSET
    address_street: str | UnsetType = UNSET
    address_postcode: Postcode | UnsetType = UNSET
    address_city: str | UnsetType = UNSET
    general_assemblies_per_year: GeneralAssemblies | UnsetType | None = UNSET
    board_meetings_per_year: BoardMeetings | UnsetType | None = UNSET
    fiscal_year_start: FiscalYearStart | UnsetType = UNSET
    signatory_name: SignatoryName | UnsetType = UNSET
    signatory_role: SignatoryRole | UnsetType = UNSET


class Network(msgspec.Struct, kw_only=True):
    ref: str
    name: str
    territory: str
    period_kind: PeriodKind
    timezone: str
    parent: str | None
    checkin_max_people: int
    created_at: datetime
    legal_name: str = ""
    siret: str | None = None
    rna: str | None = None
    legal_form: str = ""
    creation_year: int | None = None
    address_street: str = ""
    address_postcode: str = ""
    address_city: str = ""
    general_assemblies_per_year: int | None = None
    board_meetings_per_year: int | None = None
    fiscal_year_start: str = "01-01"
    signatory_name: str = ""
    signatory_role: str = ""


class TierCreate(_Input):
    code: TierCode
    label: Annotated[str, Meta(min_length=1, max_length=100)]


class Tier(msgspec.Struct, kw_only=True):
    code: str
    label: str


DEFAULT_TIERS = (
    TierCreate(code="associate", label="Associé"),
    TierCreate(code="member", label="Adhérent"),
    TierCreate(code="board", label="Membre du CA"),
)


# -- members --------------------------------------------------------------------------------------


class MemberStatus(StrEnum):
    """Where a member stands on a given day, from its membership periods."""

    active = "active"
    suspended = "suspended"
    left = "left"
    not_yet = "not_yet"  # its first period starts later
    none = "none"  # no membership period at all


class MemberCreate(_Input):
    ref: Ref
    name: Name
    siret: Annotated[str, Meta(max_length=20)] | None = None
    legal_form: Annotated[str, Meta(max_length=64)] = ""
    disciplines: Annotated[list[Discipline], Meta(max_length=20)] = []  # noqa: RUF012 - msgspec copies it
    departement: Departement = ""
    commune: Text100 = ""
    employer: bool = False
    headcount_fte: Fte | None = None
    budget_bracket: Annotated[str, Meta(max_length=32)] = ""
    tier: TierCode = "member"
    joined_on: date | None = None


class MemberUpdate(_Input):
    name: Name | UnsetType = UNSET
    siret: Annotated[str, Meta(max_length=20)] | UnsetType | None = UNSET
    legal_form: Annotated[str, Meta(max_length=64)] | UnsetType = UNSET
    disciplines: Annotated[list[Discipline], Meta(max_length=20)] | UnsetType = UNSET
    departement: Departement | UnsetType = UNSET
    commune: Text100 | UnsetType = UNSET
    employer: bool | UnsetType = UNSET
    headcount_fte: Fte | UnsetType | None = UNSET
    budget_bracket: Annotated[str, Meta(max_length=32)] | UnsetType = UNSET
    tier: TierCode | UnsetType = UNSET


class Member(msgspec.Struct, kw_only=True):
    ref: str
    name: str
    siret: str | None
    legal_form: str
    disciplines: list[str]
    departement: str
    commune: str
    employer: bool
    headcount_fte: Decimal | None
    budget_bracket: str
    tier: str
    status: MemberStatus
    created_at: datetime


class MemberSort(StrEnum):
    ref = "ref"
    name = "name"
    departement = "departement"
    created_at = "created_at"


# -- memberships ----------------------------------------------------------------------------------


class MembershipAction(_Input):
    """A dated change of a member's standing: join (or rejoin), suspend, resume, leave."""

    on: date
    reason: Reason = ""


class Membership(msgspec.Struct, kw_only=True):
    starts_on: date
    ends_on: date | None
    status: MembershipStatus
    reason: str
    end_reason: str


# -- people ---------------------------------------------------------------------------------------


class PersonCreate(_Input):
    ref: Ref
    first_name: Text100 = ""
    last_name: Text100 = ""
    email: Email | None = None
    phone: Annotated[str, Meta(max_length=32)] = ""
    role: Text100 = ""
    consent_contact: bool = False
    consent_directory: bool = False


class PersonUpdate(_Input):
    first_name: Text100 | UnsetType = UNSET
    last_name: Text100 | UnsetType = UNSET
    email: Email | UnsetType | None = UNSET
    phone: Annotated[str, Meta(max_length=32)] | UnsetType = UNSET
    role: Text100 | UnsetType = UNSET
    consent_contact: bool | UnsetType = UNSET
    consent_directory: bool | UnsetType = UNSET


class Person(msgspec.Struct, kw_only=True):
    ref: str
    member: str
    first_name: str
    last_name: str
    email: str | None
    phone: str
    role: str
    consent_contact: bool
    consent_directory: bool


# -- dues -----------------------------------------------------------------------------------------


class DueCreate(_Input):
    period_start: date
    amount_eur: Annotated[Decimal, Meta(description="Amount in euros, e.g. '50.00'.")]
    paid_on: date | None = None
    means: Annotated[str, Meta(max_length=32)] = ""


class Due(msgspec.Struct, kw_only=True):
    period_start: date
    amount_eur: Decimal
    paid_on: date | None
    means: str


class NetworkSummary(msgspec.Struct, kw_only=True):
    """Aggregates of a network: counts only, no name of a member or a person."""

    network: str
    on: date
    members: int
    by_status: dict[str, int]
    by_tier: dict[str, int]
    by_discipline: dict[str, int]
    by_departement: dict[str, int]
    employers: int
