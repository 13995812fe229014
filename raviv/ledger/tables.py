"""Tables of the contribution ledger (docs/ledger.md): rates and valuation policies, the CVN
accounts a network overrides, working groups, shared projects, meetings with their attendance,
and the ledger entries themselves.

Every row carries its network, and every foreign key restricts deletion: the ledger is
append-only history, and nothing it points to may disappear under it.

Exact numbers never pass through a float (SQLite's ``Numeric`` does): they are integers at a
fixed scale, converted from and to ``Decimal`` by :mod:`raviv.lib.amounts`:

- money in euro **cents** (``*_cents``): rates, and the rate and value frozen on an entry. Every
  rate a network states or raviv derives (SMIC × coefficient, rounded to the cent) has at most
  two decimals, and a value is rounded half-up to the cent entry by entry;
- quantities and meeting durations in **thousandths** of their unit (``*_milli``): 1.5 hours is
  1500, so ``duration × people`` stays exact at the same scale.

Unique keys over several columns (a ref within its network, one open enrolment per member and
group…) are unique indexes made by a later migration: SQLite cannot add constraints to a table
after the fact, and an index serves both engines.
"""

from __future__ import annotations

from piccolo.columns import (
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Time,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from raviv.access.tables import Account
from raviv.registry.tables import Member, Network
from raviv.vocabulary import ContributionStatus, Form, MeetingKind, PartyKind, Unit


class Rate(Table):
    """A dated valuation rate of one form: an entry is valued at the rate in effect on its date
    (the latest ``effective_from`` on or before it), its category's rate before the general one."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    form = Varchar(length=16, choices=Form, help_text="The form this rate values.")
    category = Varchar(
        length=64,
        default="",
        help_text="Equipment or premises category priced apart; empty for the form's general rate.",
    )
    eur_per_unit_cents = BigInt(
        help_text="Euro cents per unit (15.00 € → 1500): money never goes through a float."
    )
    unit = Varchar(length=16, choices=Unit, help_text="The unit priced (the form's own units).")
    effective_from = Date(help_text="First day the rate applies.")
    method = Text(default="", help_text="How the rate was chosen; reports state it (ANC 2018-06).")
    created_at = Timestamptz()


class ValuationPolicy(Table):
    """How a network values an hour it has no rate for: the SMIC brut horaire of the day times
    its employer-charge coefficient (1.25 when it has stated none), and the method it states."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, unique=True)
    charge_coefficient_milli = Integer(
        help_text="Employer-charge coefficient in thousandths (1.25 → 1250): exact, never a float."
    )
    method = Text(default="", help_text="The method as reports state it (ANC 2018-06).")
    updated_at = Timestamptz()


class CvnAccount(Table):
    """A network's own CVN accounts for one form, overriding ANC 2018-06's default mapping
    (:data:`raviv.valuation.CVN_ACCOUNTS`); a form without a row keeps the default. One row per
    network and form (a unique index); ``money`` never has one."""

    id: Serial

    # (network, form) is unique: an index made by the migration, which also serves lookups
    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict)
    form = Varchar(length=16, choices=Form, help_text="The form booked to these accounts.")
    use_account = Varchar(length=8, help_text="Use account (86x): 860, 861, 8611, 8612, 862, 864.")
    resource_account = Varchar(length=8, help_text="Resource account (87x): 870, 871, 875.")
    updated_at = Timestamptz()


class WorkingGroup(Table):
    """A standing working group (groupe de travail, commission) that members enrol in."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    ref = Varchar(  # type: ignore[assignment]
        length=64, help_text="Identifier unique within the network, e.g. 'petr'."
    )
    name = Varchar(length=200, help_text="Name of the group.")
    description = Text(default="", help_text="What the group works on.")
    created_at = Timestamptz()

    @classmethod
    def get_readable(cls):  # type: ignore[no-untyped-def]
        from piccolo.columns.readable import Readable

        return Readable(template="%s", columns=[cls.name])


class Enrolment(Table):
    """A member's enrolment in a working group, half-open: ``[starts_on, ends_on)``."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    working_group = ForeignKey(WorkingGroup, null=False, on_delete=OnDelete.restrict, index=True)
    member = ForeignKey(Member, null=False, on_delete=OnDelete.restrict, index=True)
    starts_on = Date(help_text="First day of the enrolment.")
    ends_on = Date(null=True, default=None, help_text="Day after the last day; empty while open.")
    facilitator = Boolean(default=False, help_text="The member facilitates (animates) the group.")
    created_at = Timestamptz()


class SharedProject(Table):
    """A time-bounded joint project (projet mutualisé, co-réalisation), led by one member."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    ref = Varchar(  # type: ignore[assignment]
        length=64, help_text="Identifier unique within the network."
    )
    name = Varchar(length=200, help_text="Name of the project.")
    lead = ForeignKey(
        Member, null=False, on_delete=OnDelete.restrict, help_text="The member leading it."
    )
    starts_on = Date(help_text="First day of the project.")
    ends_on = Date(null=True, default=None, help_text="Day after the last day; empty while open.")
    created_at = Timestamptz()

    @classmethod
    def get_readable(cls):  # type: ignore[no-untyped-def]
        from piccolo.columns.readable import Readable

        return Readable(template="%s", columns=[cls.name])


class ProjectPartner(Table):
    """A member taking part in a shared project besides its lead."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    project = ForeignKey(SharedProject, null=False, on_delete=OnDelete.restrict, index=True)
    member = ForeignKey(Member, null=False, on_delete=OnDelete.restrict, index=True)


class Meeting(Table):
    """A dated working time (AG, board, working group, seminar, training…); attendance at it
    yields ``meeting`` person-hours: duration × people present."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    ref = Varchar(  # type: ignore[assignment]
        length=64, help_text="Identifier unique within the network, e.g. 'ag-2025'."
    )
    title = Varchar(length=200, help_text="Title of the meeting.")
    kind = Varchar(length=24, choices=MeetingKind, help_text="What kind of meeting it is.")
    mandatory = Boolean(default=False, help_text="Must every member attend (or be excused)?")
    date = Date(help_text="Day of the meeting, in the network's time zone.")
    start_time = Time(null=True, default=None, help_text="Local time it begins, if set.")
    duration_milli = BigInt(
        help_text="Duration in thousandths of an hour (1.5 h → 1500): exact, never a float."
    )
    place = Varchar(length=200, default="", help_text="Where it takes place.")
    link = Varchar(length=500, default="", help_text="Video-conference link, if any.")
    working_group = ForeignKey(
        WorkingGroup,
        null=True,
        on_delete=OnDelete.restrict,
        help_text="The working group it belongs to; its attendance is given to that group.",
    )
    project = ForeignKey(
        SharedProject,
        null=True,
        on_delete=OnDelete.restrict,
        help_text="The shared project it belongs to, if any.",
    )
    checkin_code = Varchar(
        length=32, null=True, default=None, help_text="Code attendees type to check in."
    )
    created_at = Timestamptz()

    @classmethod
    def get_readable(cls):  # type: ignore[no-untyped-def]
        from piccolo.columns.readable import Readable

        return Readable(template="%s", columns=[cls.title])


class Attendance(Table):
    """Who came to a meeting from one member: ``people`` present, or excused."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    meeting = ForeignKey(Meeting, null=False, on_delete=OnDelete.restrict, index=True)
    member = ForeignKey(Member, null=False, on_delete=OnDelete.restrict, index=True)
    people = Integer(
        null=True, default=None, help_text="People present from the member; empty when excused."
    )
    excused = Boolean(default=False, help_text="The member sent apologies.")
    reason = Varchar(length=500, default="", help_text="Why the member was excused.")
    created_at = Timestamptz()


class Contribution(Table):
    """One ledger entry: a giver gave something to a receiver on a date.

    Append-only: a validated entry is never edited nor deleted; a correction is a reversal entry
    pointing to the original (the pair then counts for nothing), plus a new entry if needed.
    Only validated entries count; their rate and value are frozen when they are validated.
    """

    id: Serial

    # No index of its own: (network, ref) and (network, date) start with it.
    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict)
    ref = Varchar(  # type: ignore[assignment]
        length=64, help_text="Identifier unique within the network."
    )
    giver_member = ForeignKey(
        Member,
        null=True,
        on_delete=OnDelete.restrict,
        index=True,
        help_text="The giving member; empty when the network itself gave (a service to a member).",
    )
    receiver_kind = Varchar(
        length=16,
        choices=PartyKind,
        help_text="Who received: the network, a working group, a shared project or a member.",
    )
    receiver_member = ForeignKey(
        Member,
        null=True,
        on_delete=OnDelete.restrict,
        index=True,
        help_text="The receiving member (receiver_kind 'member').",
    )
    receiver_group = ForeignKey(
        WorkingGroup,
        null=True,
        on_delete=OnDelete.restrict,
        help_text="The receiving working group (receiver_kind 'group').",
    )
    receiver_project = ForeignKey(
        SharedProject,
        null=True,
        on_delete=OnDelete.restrict,
        help_text="The receiving shared project (receiver_kind 'project').",
    )
    form = Varchar(length=16, choices=Form, help_text="What was given.")
    unit = Varchar(length=16, choices=Unit, help_text="The unit of the quantity.")
    category = Varchar(
        length=64, default="", help_text="Equipment or premises category, if priced apart."
    )
    quantity_milli = BigInt(
        help_text="Quantity in thousandths of the unit (1.5 hours → 1500): exact, never a float."
    )
    date = Date(help_text="Day it was given, in the network's time zone.")
    note = Text(default="", help_text="What was given, in a few words.")
    evidence_url = Varchar(length=500, default="", help_text="Link to a proof, if any.")
    status = Varchar(
        length=16,
        choices=ContributionStatus,
        default=ContributionStatus.submitted.value,
        help_text="submitted → validated or rejected; a member-to-member entry may be confirmed.",
    )
    reason = Varchar(length=500, default="", help_text="Why the entry was rejected.")
    reverses: ForeignKey[Contribution] = ForeignKey(
        "self",
        null=True,
        # NO ACTION rather than RESTRICT: the original still cannot go while its reversal exists,
        # but the check waits for the end of the statement (SQLite checks RESTRICT row by row, so
        # even a DELETE of the whole table, e.g. emptying a test database, would fail).
        on_delete=OnDelete.no_action,
        help_text="The entry this one cancels (a reversal); an entry is reversed at most once.",
    )
    rate_cents = BigInt(
        null=True,
        default=None,
        help_text="Euro cents per unit, frozen when validated (the rate then in effect).",
    )
    value_cents = BigInt(
        null=True,
        default=None,
        help_text="Value in euro cents, frozen when validated: quantity × rate, half-up.",
    )
    meeting = ForeignKey(
        Meeting,
        null=True,
        on_delete=OnDelete.restrict,
        help_text="The meeting this entry was logged for, if any.",
    )
    idempotency_key = Varchar(
        length=100,
        null=True,
        default=None,
        help_text="Client key: a retry with the same key (same account) never logs twice.",
    )
    created_by = ForeignKey(
        Account,
        null=True,
        on_delete=OnDelete.restrict,
        help_text="Account that logged it; empty when imported.",
    )
    created_at = Timestamptz()
    validated_by = ForeignKey(
        Account,
        null=True,
        on_delete=OnDelete.restrict,
        help_text="Account that validated or rejected it.",
    )
    validated_at = Timestamptz(
        null=True, default=None, help_text="When it was validated or rejected."
    )
