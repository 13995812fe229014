"""The ledger's totals over a period, read from the database.

The figures come from the same code as the archive's (:mod:`raviv.scoring.from_archive`): rows
are turned into the ledger's :class:`~raviv.valuation.Entry` values, netted of reversal
pairs and valued by :mod:`raviv.valuation`, then handed to
:func:`raviv.scoring.reciprocity.reciprocity`. What counts (docs/scoring.md §1):

- validated entries dated in ``[start, end)``, without the reversals and the entries they
  reverse (a pair cancels whatever the dates of its two entries);
- the ``meeting`` entries attendance yields: duration × people present, given to the meeting's
  working group or to the network;
- each at its value frozen at validation, else at the network's rate in effect on its date;
- the network's CVN booked to the accounts of its mapping in force
  (:mod:`raviv.ledger.cvn_accounts`).

:func:`scoring_inputs` reads them reduced by the database (:mod:`raviv.scoring.reading`: one row
per giver, receiver, form and month); :func:`counted_entries` reads them one by one, as
:class:`~raviv.valuation.Entry` values, and stays the reference the reduced reading is
checked against (``scoring_inputs(..., entry_by_entry=True)``).
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from decimal import Decimal

import pandas as pd

from raviv.ledger import cvn_accounts
from raviv.ledger.archive_io import (
    CONTRIBUTION_COLUMNS,
    read_charge_coefficient,
    read_meetings,
    read_rates,
)
from raviv.ledger.tables import Contribution
from raviv.registry import service
from raviv.registry.tables import Member, Membership
from raviv.scoring.reading import NotReducible, period_frame, validated_entry
from raviv.scoring.reciprocity import Reciprocity, ScoringInputs, entries_frame, reciprocity
from raviv.valuation import Entry, meeting_entries, net_of_reversals, valued
from raviv.vocabulary import ContributionStatus, MembershipStatus


async def counted_entries(
    network: int,
    start: dt.date,
    end: dt.date,
    *,
    charge_coefficient: Decimal | None = None,
) -> list[Entry]:
    """The valued entries of ``network`` that count in ``[start, end)``, one by one; time-like
    entries without a value of their own at the default hourly rate with the network's charge
    coefficient (or ``charge_coefficient``)."""
    members = {
        row["id"]: row["ref"]
        for row in await Member.select(Member.id, Member.ref).where(Member.network == network).run()
    }
    in_period = (Contribution.date >= start) & (Contribution.date < end)
    rows = (
        await Contribution.select(*CONTRIBUTION_COLUMNS)
        .where(
            Contribution.network == network,
            Contribution.status == ContributionStatus.validated.value,
            # every validated reversal, whatever its date: it may cancel an entry of the period
            in_period | Contribution.reverses.is_not_null(),
        )
        .order_by(Contribution.id)
        .run()
    )
    validated = [validated_entry(row) for row in rows]
    contributions = [e for e in net_of_reversals(validated) if start <= e.date < end]
    meetings = meeting_entries(await read_meetings(network, members, start, end))
    rates = await read_rates(network)
    if charge_coefficient is None:
        charge_coefficient = await read_charge_coefficient(network)
    return [
        valued(entry, rates, charge_coefficient=charge_coefficient)
        for entry in (*contributions, *meetings)
    ]


async def _members_during(
    network: int, start: dt.date, end: dt.date, *, active_only: bool
) -> tuple[str, ...]:
    """Refs of the members with a membership period meeting ``[start, end)`` (an active one,
    with ``active_only``), in the order they were recorded."""
    periods = Membership.select(Membership.member).where(
        Membership.network == network,
        Membership.starts_on < end,
        Membership.ends_on.is_null() | (Membership.ends_on > start),
    )
    if active_only:
        periods = periods.where(Membership.status == MembershipStatus.active.value)
    rows = (
        await Member.select(Member.ref)
        .where(Member.network == network, Member.id.is_in(periods))
        .order_by(Member.id)
        .run()
    )
    return tuple(row["ref"] for row in rows)


async def scoring_inputs(
    network: int,
    start: dt.date,
    end: dt.date,
    *,
    charge_coefficient: Decimal | None = None,
    entry_by_entry: bool = False,
) -> ScoringInputs:
    """The inputs of the reciprocity of ``[start, end)``, as
    :func:`raviv.scoring.from_archive.scoring_inputs` builds them from an archive. The entries
    are read reduced by the database (:func:`raviv.scoring.reading.period_frame`), or, with
    ``entry_by_entry`` (and when the reduction's key cannot hold the network's ids or the
    period's months), one row per entry through :func:`counted_entries`: the reference, the
    same figures, only slower to get."""
    if end <= start:
        raise ValueError(f"the period ends ({end}) before it begins ({start})")
    entries: pd.DataFrame | None = None
    if not entry_by_entry:
        with suppress(NotReducible):
            entries = await period_frame(network, start, end, charge_coefficient=charge_coefficient)
    if entries is None:
        counted = await counted_entries(network, start, end, charge_coefficient=charge_coefficient)
        entries = entries_frame(counted)
    return ScoringInputs(
        start=start,
        end=end,
        entries=entries,
        members=await _members_during(network, start, end, active_only=False),
        active_members=await _members_during(network, start, end, active_only=True),
        cvn_accounts=await cvn_accounts.accounts_for(network),
    )


async def network_reciprocity(
    network_ref: str,
    start: dt.date,
    end: dt.date,
    *,
    charge_coefficient: Decimal | None = None,
) -> Reciprocity:
    """Given, received, balance and the network's indicators (CVN included) over
    ``[start, end)``, from the database. Raises NotFoundError for an unknown network."""
    network = await service.network_id(network_ref)
    return reciprocity(
        await scoring_inputs(network, start, end, charge_coefficient=charge_coefficient)
    )
