"""Rule set versions and exemptions, per network (docs/rules.md).

A rule set is never edited: a change is a new version with a later ``effective_from``, so past
evaluations keep the rule they were made under. Criteria and tier criteria are kept as the
archive format writes them (JSON text, decoded with :mod:`raviv.archive.schema`), exactly.
"""

from __future__ import annotations

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from raviv.access.tables import Account
from raviv.registry.tables import Member, Network
from raviv.vocabulary import PeriodKind


class RuleSetVersion(Table, tablename="rule_set"):
    """One version of a network's participation rule."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    ref = Varchar(length=64, help_text="Identifier of the version, unique in the network.")  # type: ignore[assignment]
    effective_from = Date(help_text="First day this version applies (one version per day).")
    period_kind = Varchar(
        length=32, choices=PeriodKind, help_text="The period it is evaluated over."
    )
    grace_days = Integer(help_text="Days after joining during which a member is in grace.")
    criteria = Text(help_text="The criteria, all to be met: JSON, as in the archive format.")
    tiers = Text(default="[]", help_text="Criteria for particular tiers: JSON, as in the archive.")
    created_by = ForeignKey(Account, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz()


class Exemption(Table):
    """A decided waiver of some criteria (or all) for a member and one period."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    member = ForeignKey(Member, null=False, on_delete=OnDelete.restrict, index=True)
    criteria = Text(help_text='"all", or a JSON list of the criteria waived.')
    period_start = Date(help_text="First day of the period concerned.")
    reason = Varchar(length=500, help_text="Why, as decided.")
    decided_by = Varchar(length=200, default="", help_text="Who decided (the board, the AG…).")
    decided_on = Date(null=True, default=None, help_text="When it was decided.")
    created_by = ForeignKey(Account, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz()


class EvaluationSnapshot(Table):
    """An evaluation as it stood on one day, kept: the members' status timeline, and what a
    decision was based on. One per network, period and day (the daily run is idempotent)."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    day = Date(help_text="The day evaluated (`at`).")
    period_start = Date(help_text="First day of the period evaluated.")
    period_end = Date(help_text="Day after the period's last day.")
    rule_set = Varchar(length=64, help_text="Ref of the rule set version applied.")
    inputs = Text(help_text="Summary of the inputs (counts of members, entries, meetings): JSON.")
    document = Text(help_text="The evaluation, as `raviv rules evaluate --json` writes it.")
    created_at = Timestamptz()


class DashboardFigures(Table):
    """A network's dashboard as last computed (raviv/dashboard): read in one query, however
    large the network; computed again in the background (the ``dashboard`` job) after
    validations, or when a coordinator asks. One row per network."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, unique=True, index=True)
    day = Date(help_text="The day evaluated, in the network's time zone.")
    period_start = Date(help_text="First day of the period the figures are of.")
    as_of = Timestamptz(help_text="When the figures were computed.")
    document = Text(help_text="The dashboard's figures: JSON.")


# -- enforcement (docs/rules.md, "Enforcement") -------------------------------------------------


class EnforcementPolicy(Table):
    """How a network acts on its rule. A network without a row has the defaults of
    :mod:`raviv.participation.enforcement.policy`."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, unique=True)
    reminders = Boolean(default=True, help_text="E-mail the representatives of at_risk members.")
    reminder_interval_days = Integer(
        default=14, help_text="Fewest days between two reminders to the same member."
    )
    open_cases = Boolean(
        default=True, help_text="Open a case per non_compliant member when a period is over."
    )
    updated_by = ForeignKey(Account, null=True, on_delete=OnDelete.restrict)
    updated_at = Timestamptz()


class Reminder(Table):
    """One reminder to a member's representatives, claimed before it is sent: what enforces the
    interval between two reminders, across runs and processes. One per member and day."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    member = ForeignKey(Member, null=False, on_delete=OnDelete.restrict, index=True)
    day = Date(help_text="The day evaluated (the snapshot's) on which it was sent or tried.")
    period_start = Date(help_text="First day of the period the member was at risk in.")
    period_end = Date(help_text="Day after the period's last day.")
    status = Varchar(
        length=16, help_text="sending, sent, failed (tried again next run), no_recipient."
    )
    recipients = Text(default="[]", help_text="The addresses it went to: JSON list.")
    subject = Varchar(length=300, default="")
    body = Text(default="", help_text="The text sent.")
    message_id = Varchar(length=300, default="", help_text="Message-ID of the e-mail sent.")
    error = Varchar(length=500, default="", help_text="Why the last attempt failed.")
    attempts = Integer(default=0, help_text="Attempts to send it.")
    snapshot = ForeignKey(EvaluationSnapshot, null=True, on_delete=OnDelete.restrict)
    claimed_at = Timestamptz(help_text="When the last attempt began.")
    sent_at = Timestamptz(null=True, default=None)


class Case(Table, tablename="enforcement_case"):
    """A member found non_compliant at a period's end, for the coordinator to decide on (due
    process: the evaluation it came from, decisions never edited, the member's answers)."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    member = ForeignKey(Member, null=False, on_delete=OnDelete.restrict, index=True)
    ref = Varchar(length=100, help_text="Unique in the network: member-periodstart.")  # type: ignore[assignment]
    period_start = Date()
    period_end = Date(help_text="Day after the period's last day.")
    snapshot = ForeignKey(
        EvaluationSnapshot,
        null=True,
        on_delete=OnDelete.restrict,
        help_text="The snapshot the case was opened from.",
    )
    evaluation = Text(help_text="The member's evaluation in that snapshot: JSON.")
    status = Varchar(length=16, default="open", help_text="open, closed.")
    opened_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)
    closed_by = ForeignKey(Account, null=True, on_delete=OnDelete.restrict)
    close_note = Text(default="")


class CaseDecision(Table):
    """A decision on a case, never edited: a later one supersedes it (a restriction ends on the
    day a later decision of its case is dated)."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    enforcement_case = ForeignKey(Case, null=False, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=32, help_text="warning, restriction, suspension_proposal, lift.")
    note = Text()
    decided_on = Date(help_text="Day of the decision.")
    starts_on = Date(null=True, default=None, help_text="Restriction: first day.")
    ends_on = Date(
        null=True, default=None, help_text="Restriction: first day it no longer applies."
    )
    decided_by = ForeignKey(Account, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz()


class CaseAnswer(Table):
    """The member's answer on its case (written by its representative, or recorded by a
    coordinator); never edited."""

    id: Serial

    network = ForeignKey(Network, null=False, on_delete=OnDelete.restrict, index=True)
    enforcement_case = ForeignKey(Case, null=False, on_delete=OnDelete.restrict, index=True)
    text = Text()
    written_by = ForeignKey(Account, null=True, on_delete=OnDelete.restrict)
    by_representative = Boolean(default=False, help_text="Written by the member's representative.")
    created_at = Timestamptz()
