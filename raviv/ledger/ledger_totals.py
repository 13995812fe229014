"""The totals of the contributions API: the stored entries, plus the ``meeting`` entries
attendance yields.

Attendance is the one source of ``meeting`` entries (docs/ledger.md): they are derived when the
ledger is read (:func:`raviv.ledger.working_life.meeting_entries`), never stored, so the stored
rows' totals (:func:`raviv.ledger.contributions.totals`) miss them. Here they are added as validated
entries, each valued at the network's rate in effect on the meeting's day (as
:mod:`raviv.scoring.totals` values them for the reciprocity), and selected by the same filters a
stored entry is: its giver is the member present, its receiver the meeting's working group, else
its project, else the network.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from raviv.ledger import schemas
from raviv.ledger.archive_io import read_charge_coefficient, read_rates
from raviv.ledger.contributions import Filters
from raviv.ledger.contributions import totals as stored_totals
from raviv.ledger.working_life import meeting_entries
from raviv.lib import amounts
from raviv.registry.service import network_id
from raviv.valuation import Entry, Party, valued
from raviv.vocabulary import ContributionStatus, Form, PartyKind


def _selected(entry: Entry, filters: Filters, only: frozenset[str] | None) -> bool:
    """Whether the filters of a list select this derived entry (its dates are selected when it
    is read). It is given by a member, to the network's side: never received by a member."""
    receiver = entry.receiver
    return (
        (only is None or entry.giver.ref in only)
        and (filters.member is None or entry.giver.ref == filters.member)
        and (filters.group is None or receiver == Party(PartyKind.group, filters.group))
        and (filters.project is None or receiver == Party(PartyKind.project, filters.project))
    )


async def _attendance_entries(
    network_ref: str, filters: Filters, only: frozenset[str] | None
) -> list[Entry]:
    """The valued ``meeting`` entries attendance yields that these filters select."""
    if filters.form not in {None, Form.meeting}:
        return []
    if filters.status not in {None, ContributionStatus.validated}:
        return []
    derived = await meeting_entries(network_ref, start=filters.since, end=filters.until)
    selected = [entry for entry in derived if _selected(entry, filters, only)]
    if not selected:
        return []
    nid = await network_id(network_ref)
    rates, coefficient = await read_rates(nid), await read_charge_coefficient(nid)
    return [valued(entry, rates, charge_coefficient=coefficient) for entry in selected]


def _scaled(value: Decimal | None, places: int) -> int:
    """An exact amount as an integer count of ``10**-places``: quantities are exact in
    thousandths, values rounded to the cent."""
    scaled = None if value is None else amounts.scaled(value, places)
    if scaled is None:
        raise ValueError(f"{value} is not exact to {places} decimals")
    return scaled


def _form_units(total: schemas.FormTotal) -> tuple[int, int, int]:
    return (
        total.entries,
        _scaled(total.quantity, amounts.MILLI),
        _scaled(total.value_eur, amounts.CENTS),
    )


def with_entries(stored: schemas.Totals, derived: Iterable[Entry]) -> schemas.Totals:
    """``stored`` with the valued ``derived`` entries added as validated ones."""
    added = list(derived)
    if not added:
        return stored
    added_milli = sum(_scaled(entry.quantity, amounts.MILLI) for entry in added)
    added_cents = sum(_scaled(entry.value_eur, amounts.CENTS) for entry in added)
    by_form = dict(stored.validated_by_form)
    before = by_form.get(Form.meeting.value)
    count, milli, cents = (0, 0, 0) if before is None else _form_units(before)
    by_form[Form.meeting.value] = schemas.FormTotal(
        entries=count + len(added),
        quantity=amounts.from_milli(milli + added_milli),
        value_eur=amounts.euros(cents + added_cents),
    )
    validated = ContributionStatus.validated.value
    by_status = dict(stored.by_status)
    by_status[validated] = by_status.get(validated, 0) + len(added)
    value_cents = _scaled(stored.validated_value_eur, amounts.CENTS) + added_cents
    return schemas.Totals(
        entries=stored.entries + len(added),
        by_status=dict(sorted(by_status.items())),
        validated_value_eur=amounts.euros(value_cents),
        validated_by_form=dict(sorted(by_form.items())),
        pending_entries=stored.pending_entries,
        from_attendance=stored.from_attendance + len(added),
    )


async def totals(
    network_ref: str, filters: Filters, *, only: frozenset[str] | None
) -> schemas.Totals:
    """The totals of the entries these filters select, those attendance yields included;
    ``only`` limits them to the entries given or received by these members."""
    stored = await stored_totals(network_ref, filters, only=only)
    return with_entries(stored, await _attendance_entries(network_ref, filters, only))
