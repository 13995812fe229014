"""Tables of the network registry: networks (and federations of them) and member organisations."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Numeric,
    OnDelete,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table


class PeriodKind(StrEnum):
    """How a network cuts time into periods for its rule and reports."""

    calendar_year = "calendar_year"
    season = "season"  # 1 September – 31 August
    rolling_12_months = "rolling_12_months"


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
    parent: ForeignKey[Network] = ForeignKey(
        "self",
        null=True,
        on_delete=OnDelete.restrict,
        help_text="The federation this network belongs to, if any.",
    )
    created_at = Timestamptz()

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
    departement = Varchar(length=3, default="", help_text="Département code, e.g. '93'.")
    commune = Varchar(length=100, default="")
    employer = Boolean(default=False, help_text="Does the organisation employ staff?")
    headcount_fte = Numeric(digits=(8, 2), null=True, default=None, help_text="Staff in FTE.")
    tier = Varchar(length=32, default="member", help_text="Membership tier in the network.")
    created_at = Timestamptz()

    # (network, ref) is unique: a unique index made by the first migration (SQLite cannot add
    # table constraints after the fact, and an index serves both engines).

    @classmethod
    def get_readable(cls):  # type: ignore[no-untyped-def]
        from piccolo.columns.readable import Readable

        return Readable(template="%s", columns=[cls.name])
