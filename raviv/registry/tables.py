"""Tables of the network registry: networks (and federations of them) and member organisations."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Array,
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    OnDelete,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from raviv.vocabulary import MembershipStatus, PeriodKind


class Network(Table):
    """A network of member organisations; a federation is a network whose children are networks."""

    id: Serial  # added by Piccolo; declared for type checkers

    # `ref` shadows Piccolo's Table.ref() helper, which raviv never uses.
    ref = Varchar(  # type: ignore[assignment]
        length=64, unique=True, help_text="Short stable identifier, e.g. 'raviv-idf'."
    )
    name = Varchar(length=200, help_text="Full name of the network.")
    territory = Varchar(length=200, default="", help_text="Territory it covers, free text.")
    period_kind = Varchar(
        length=24,
        default=PeriodKind.season.value,
        choices=PeriodKind,
        help_text="Calendar year, season (1 Sept–31 Aug) or rolling 12 months.",
    )
    timezone = Varchar(length=64, default="Europe/Paris", help_text="IANA time zone of its dates.")
    checkin_max_people = Integer(
        default=5, help_text="The most people a member may check in to a meeting by itself."
    )
    parent: ForeignKey[Network] = ForeignKey(
        "self",
        null=True,
        on_delete=OnDelete.restrict,
        help_text="The federation this network belongs to, if any.",
    )
    created_at = Timestamptz()

    # Its legal identity (docs/network.md), as DLA reports and attestations print it. Every
    # column is nullable or has a constant default: added to a live database without a rewrite.
    legal_name = Varchar(length=200, default="", help_text="Legal name, if not its name.")
    siret = Varchar(length=14, null=True, default=None, help_text="SIRET, 14 digits, if any.")
    rna = Varchar(
        length=10, null=True, default=None, help_text="RNA number (W + 9 digits), if any."
    )
    legal_form = Varchar(length=64, default="", help_text="association, scic…")
    creation_year = Integer(null=True, default=None, help_text="Year the network was founded.")
    address_street = Varchar(length=200, default="", help_text="Head office: street.")
    address_postcode = Varchar(length=10, default="", help_text="Head office: postcode.")
    address_city = Varchar(length=100, default="", help_text="Head office: city.")
    general_assemblies_per_year = Integer(
        null=True,
        default=None,
        help_text="General assemblies its statutes require a year; empty: not stated.",
    )
    board_meetings_per_year = Integer(
        null=True,
        default=None,
        help_text="Board meetings its statutes require a year; empty: not stated.",
    )
    fiscal_year_start = Varchar(
        length=5, default="01-01", help_text="First day of its fiscal year, MM-DD."
    )
    signatory_name = Varchar(
        length=200, default="", help_text="Who signs its attestations (personal data)."
    )
    signatory_role = Varchar(length=100, default="", help_text="The signatory's role.")

    @classmethod
    def get_readable(cls):  # type: ignore[no-untyped-def]
        from piccolo.columns.readable import Readable

        return Readable(template="%s", columns=[cls.name])


class Member(Table):
    """A member organisation (structure adhérente) of one network — never a person."""

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    id: Serial
    ref = Varchar(  # type: ignore[assignment]
        length=64, help_text="Identifier unique within the network, e.g. 'alize'."
    )
    name = Varchar(length=200, help_text="Name of the organisation.")
    siret = Varchar(length=14, null=True, default=None, help_text="SIRET, 14 digits, if any.")
    legal_form = Varchar(length=64, default="", help_text="association, scop, collectif…")
    disciplines = Array(Varchar(length=64), default=list, help_text="théâtre, danse, musique…")
    departement = Varchar(length=3, default="", help_text="Département code, e.g. '93'.")
    commune = Varchar(length=100, default="")
    employer = Boolean(default=False, help_text="Does the organisation employ staff?")
    headcount_fte = Numeric(digits=(8, 2), null=True, default=None, help_text="Staff in FTE.")
    budget_bracket = Varchar(
        length=32, default="", help_text="Annual budget bracket, e.g. '50-200k'."
    )
    tier = Varchar(length=32, default="member", help_text="Membership tier in the network.")
    created_at = Timestamptz()

    # (network, ref) is unique: a unique index made by the first migration (SQLite cannot add
    # table constraints after the fact, and an index serves both engines).

    @classmethod
    def get_readable(cls):  # type: ignore[no-untyped-def]
        from piccolo.columns.readable import Readable

        return Readable(template="%s", columns=[cls.name])


class Tier(Table):
    """A membership tier a network uses (its rule may ask different things of each)."""

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    code = Varchar(length=32, help_text="Code used in rules and imports, e.g. 'board'.")
    label = Varchar(length=100, help_text="Label shown to people, e.g. 'Membre du CA'.")
    position = BigInt(default=0, help_text="Order in lists.")


class Membership(Table):
    """One dated period of a member in its network. Periods are only ever appended or closed."""

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    member = ForeignKey(Member, null=False, on_delete=OnDelete.restrict, index=True)
    starts_on = Date(help_text="First day of the period.")
    ends_on = Date(null=True, default=None, help_text="Day after the last day; empty while open.")
    status = Varchar(length=16, choices=MembershipStatus, default=MembershipStatus.active.value)
    reason = Varchar(length=500, default="", help_text="Why the period began.")
    end_reason = Varchar(length=500, default="", help_text="Why the period ended.")
    created_at = Timestamptz()


class Person(Table):
    """A contact person of a member organisation: personal data, kept to what is needed."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    member = ForeignKey(Member, null=False, on_delete=OnDelete.restrict, index=True)
    ref = Varchar(length=64, help_text="Identifier unique within the network.")  # type: ignore[assignment]
    first_name = Varchar(length=100, default="")
    last_name = Varchar(length=100, default="")
    email = Varchar(length=254, null=True, default=None)
    phone = Varchar(length=32, default="")
    role = Varchar(length=100, default="", help_text="Role in the organisation.")
    consent_contact = Boolean(default=False, help_text="Agrees to be contacted by the network.")
    consent_directory = Boolean(default=False, help_text="Agrees to appear in the directory.")
    erased_at = Timestamptz(null=True, default=None, help_text="When the identity was erased.")
    created_at = Timestamptz()


class Due(Table):
    """Dues (cotisation) of a member for one period."""

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    member = ForeignKey(Member, null=False, on_delete=OnDelete.restrict, index=True)
    period_start = Date(help_text="First day of the period the dues are for.")
    amount_cents = BigInt(help_text="Amount in euro cents (money never goes through a float).")
    paid_on = Date(null=True, default=None)
    means = Varchar(length=32, default="", help_text="transfer, cheque, cash, card…")
    created_at = Timestamptz()


class ImportMapping(Table):
    """A spreadsheet column mapping a network saved (field → header)."""

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=32, default="members")
    mapping = JSON(default="{}")
    updated_at = Timestamptz()
