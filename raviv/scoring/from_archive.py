"""From a network archive (``raviv-network/1``) to the inputs of :func:`reciprocity`.

What counts is the ledger's :func:`~raviv.valuation.counted_entries` (docs/scoring.md §1):
validated contributions only (submitted and confirmed ones are pending, rejected ones never
count), without the reversal pairs, plus the ``meeting`` entries attendance yields; each valued at
the network's rate in effect on its date. Which members are reported and which are active is
decided here from the memberships (see ``docs/scoring.md``); the CVN is booked to the accounts
of the archive's mapping in force (its ``cvn_accounts`` over ANC 2018-06's default).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from raviv.archive.schema import Archive, Member
from raviv.scoring.reciprocity import Reciprocity, ScoringInputs, entries_frame, reciprocity
from raviv.valuation import accounts_in_force, archive_cvn_overrides, counted_entries
from raviv.vocabulary import MembershipStatus


def _member_during(member: Member, start: dt.date, end: dt.date, *, active_only: bool) -> bool:
    """Whether one of the member's membership periods meets ``[start, end)`` (and is an active
    one, with ``active_only``)."""
    return any(
        membership.from_ < end
        and (membership.to is None or membership.to > start)
        and (not active_only or membership.status == MembershipStatus.active)
        for membership in member.memberships
    )


def scoring_inputs(
    archive: Archive,
    start: dt.date,
    end: dt.date,
    *,
    charge_coefficient: Decimal | None = None,
) -> ScoringInputs:
    """The inputs of the reciprocity of ``[start, end)``: the members reported are those that
    were members on at least one day of the period, in the archive's order; the active ones
    those whose membership was ``active`` (not suspended) on at least one day of it. The
    default hourly rate uses ``charge_coefficient``, or else the archive's own."""
    if end <= start:
        raise ValueError(f"the period ends ({end}) before it begins ({start})")
    entries = counted_entries(archive, charge_coefficient=charge_coefficient)
    return ScoringInputs(
        start=start,
        end=end,
        entries=entries_frame(entry for entry in entries if start <= entry.date < end),
        members=tuple(
            m.ref for m in archive.members if _member_during(m, start, end, active_only=False)
        ),
        active_members=tuple(
            m.ref for m in archive.members if _member_during(m, start, end, active_only=True)
        ),
        cvn_accounts=accounts_in_force(archive_cvn_overrides(archive)),
    )


def reciprocity_of_archive(
    archive: Archive,
    start: dt.date,
    end: dt.date,
    *,
    charge_coefficient: Decimal | None = None,
) -> Reciprocity:
    """The reciprocity of the archive's network over ``[start, end)``."""
    return reciprocity(scoring_inputs(archive, start, end, charge_coefficient=charge_coefficient))
