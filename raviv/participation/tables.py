"""Rule set versions and exemptions, per network (DESIGN §4).

A rule set is never edited: a change is a new version with a later ``effective_from``, so past
evaluations keep the rule they were made under. Criteria and tier criteria are kept as the
archive format writes them (JSON text, decoded with :mod:`raviv.archive.schema`), exactly.
"""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from raviv.access.tables import Account
from raviv.registry.tables import Member, Network, PeriodKind


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
