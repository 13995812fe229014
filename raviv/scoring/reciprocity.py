"""Reciprocity and network indicators over one period, exactly as
``docs/scoring.md`` states them.

The input is a DataFrame of valued ledger entries (see :data:`COLUMNS`), one row per entry or
per group of like entries that the database summed (:data:`ENTRIES` says how many), that
count: validated, net of reversals, ``meeting`` entries included. Values are integer cents, so
sums are exact and fast; ratios are exact ``Decimal`` quotients of those sums, rounded only when
written out. :func:`reciprocity` keeps the entries dated in the period and computes everything.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final, Literal

import numpy as np
import pandas as pd

from raviv.lib.amounts import canonical
from raviv.valuation import CVN_ACCOUNTS, CvnAccounts, Entry
from raviv.vocabulary import FORM_UNITS, Form, PartyKind, Unit

GIVER_KIND: Final = "giver_kind"
"""``member`` or ``network``."""
GIVER: Final = "giver"
"""The giving member's ref; empty when the network gave."""
RECEIVER_KIND: Final = "receiver_kind"
"""``member``, ``network``, ``group`` or ``project``."""
RECEIVER: Final = "receiver"
"""The receiving member's, group's or project's ref; empty for the network."""
FORM: Final = "form"
VALUE: Final = "value_cents"
"""The entry's value in euro cents (int64)."""
DATE: Final = "date"
"""The entry's day (datetime64)."""
ENTRIES: Final = "entries"
"""How many ledger entries the row stands for (int64, at least 1): a row may sum the entries of
one giver to one receiver in one form dated in one month, as the database reduces them; a row
built from one entry says 1. Counts of entries are sums of this column, never row counts."""
COLUMNS: Final = (GIVER_KIND, GIVER, RECEIVER_KIND, RECEIVER, FORM, VALUE, DATE, ENTRIES)

MEMBER: Final = PartyKind.member.value
TOP_FRACTION: Final = Decimal("0.2")
_EPOCH: Final = dt.date(1970, 1, 1).toordinal()


def _cents(entry: Entry) -> int:
    if entry.value_eur is None:
        raise ValueError(f"entry {entry.ref} is not valued")
    return int(entry.value_eur.scaleb(2))


def entries_frame(entries: Iterable[Entry]) -> pd.DataFrame:
    """The scoring frame of valued entries (each must carry its ``value_eur``)."""
    rows = list(entries)
    columns = {
        GIVER_KIND: [entry.giver.kind.value for entry in rows],
        GIVER: [entry.giver.ref for entry in rows],
        RECEIVER_KIND: [entry.receiver.kind.value for entry in rows],
        RECEIVER: [entry.receiver.ref for entry in rows],
        FORM: [entry.form.value for entry in rows],
        VALUE: np.array([_cents(entry) for entry in rows], dtype="int64"),
        # days since 1970-01-01: numpy reads integers far faster than date objects
        DATE: np.array([entry.date.toordinal() - _EPOCH for entry in rows], dtype="int64")
        .astype("datetime64[D]")
        .astype("datetime64[s]"),
        ENTRIES: np.ones(len(rows), dtype="int64"),
    }
    return pd.DataFrame(columns)


def in_period(entries: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The entries dated in ``[start, end)``."""
    dates = entries[DATE]
    return entries[(dates >= pd.Timestamp(start)) & (dates < pd.Timestamp(end))]


def categorised(entries: pd.DataFrame) -> pd.DataFrame:
    """The same entries with their text columns as categoricals: every later filter and group
    then works on small integer codes (the functions below accept either)."""
    text = [GIVER_KIND, GIVER, RECEIVER_KIND, RECEIVER, FORM]
    return entries.astype(dict.fromkeys(text, "category"))


def eur(cents: int) -> Decimal:
    """Cents as euros, with two decimals (``31000`` → ``Decimal("310.00")``)."""
    return Decimal(int(cents)).scaleb(-2)


def ratio(numerator: int, denominator: int) -> Decimal | None:
    """``numerator / denominator`` as a Decimal (28 significant digits, far more than the 4
    decimals written); ``None`` when dividing by 0."""
    if denominator == 0:
        return None
    return Decimal(int(numerator)) / Decimal(int(denominator))


def _given_by_members(entries: pd.DataFrame) -> pd.DataFrame:
    return entries[entries[GIVER_KIND] == MEMBER]


def _between_members(entries: pd.DataFrame) -> pd.DataFrame:
    return entries[(entries[GIVER_KIND] == MEMBER) & (entries[RECEIVER_KIND] == MEMBER)]


def _sums(values: pd.Series) -> dict[str, int]:
    return {str(key): int(value) for key, value in values.items()}


# -- per member -----------------------------------------------------------------------------------


def given(entries: pd.DataFrame) -> dict[str, int]:
    """``G(m)``: cents given by each member that gave, to anyone (the network, a group, a
    project, another member)."""
    return _sums(_given_by_members(entries).groupby(GIVER, observed=True)[VALUE].sum())


def received(entries: pd.DataFrame) -> dict[str, int]:
    """``R(m)``: cents received by each member that received, from other members and from the
    network."""
    to_members = entries[entries[RECEIVER_KIND] == MEMBER]
    return _sums(to_members.groupby(RECEIVER, observed=True)[VALUE].sum())


def balance_index(given_cents: int, received_cents: int) -> Decimal | None:
    """``B = (G − R) / (G + R)`` in [−1, 1]: −1 a pure consumer, +1 a pure giver, near 0
    reciprocal; ``None`` when G + R = 0 (nothing given or received)."""
    return ratio(given_cents - received_cents, given_cents + received_cents)


def forms_given(entries: pd.DataFrame) -> dict[str, int]:
    """The number of distinct forms each member gave (breadth)."""
    counts = _given_by_members(entries).groupby(GIVER, observed=True)[FORM].nunique()
    return {str(member): int(count) for member, count in counts.items()}


# -- pairs of members -----------------------------------------------------------------------------


def member_pairs(entries: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of members {a, b} (a < b) with at least one entry between them, either
    way: ``a``, ``b``, ``entries_ab``, ``entries_ba`` (counts) and ``value_ab``, ``value_ba``
    (cents). Entries involving the network, a group or a project are not exchanges between
    members."""
    directed = (
        _between_members(entries)
        .groupby([GIVER, RECEIVER], as_index=False, observed=True)
        .agg(entries=(ENTRIES, "sum"), value=(VALUE, "sum"))
        .astype({GIVER: "str", RECEIVER: "str"})
    )
    forward = directed[GIVER] < directed[RECEIVER]
    pairs = pd.DataFrame(
        {
            "a": directed[GIVER].where(forward, directed[RECEIVER]),
            "b": directed[RECEIVER].where(forward, directed[GIVER]),
            "entries_ab": directed["entries"].where(forward, 0),
            "entries_ba": directed["entries"].where(~forward, 0),
            "value_ab": directed["value"].where(forward, 0),
            "value_ba": directed["value"].where(~forward, 0),
        }
    )
    return pairs.groupby(["a", "b"], as_index=False).sum()


def _mutual(pairs: pd.DataFrame) -> pd.Series:
    """Whether each pair has entries in both directions."""
    return (pairs["entries_ab"] > 0) & (pairs["entries_ba"] > 0)


def partner_mutuality(pairs: pd.DataFrame) -> dict[str, Decimal]:
    """For each member that exchanged with other members: the share of those partners it has
    exchanges with in both directions. A member with no partner is absent (no mutuality)."""
    mutual = _mutual(pairs)
    sides = pd.concat(
        [
            pd.DataFrame({"member": pairs["a"], "mutual": mutual}),
            pd.DataFrame({"member": pairs["b"], "mutual": mutual}),
        ]
    )
    counts = sides.groupby("member")["mutual"].agg(["size", "sum"])
    shares: dict[str, Decimal] = {}
    for member, partners, both_ways in counts.itertuples():
        share = ratio(int(both_ways), int(partners))
        assert share is not None  # a member listed here has a partner
        shares[str(member)] = share
    return shares


def network_mutuality(pairs: pd.DataFrame) -> Decimal | None:
    """``M``: pairs with entries both ways / pairs with any entry; ``None`` without pairs."""
    return ratio(int(_mutual(pairs).sum()), len(pairs))


def weighted_mutuality(pairs: pd.DataFrame) -> Decimal | None:
    """``W = Σ 2·min(v_ab, v_ba) / Σ (v_ab + v_ba)`` over the pairs: the share of the value
    exchanged between members that is matched by a return; ``None`` when nothing was."""
    matched = 2 * pairs[["value_ab", "value_ba"]].min(axis=1).sum()
    exchanged = (pairs["value_ab"] + pairs["value_ba"]).sum()
    return ratio(int(matched), int(exchanged))


def exchange_matrix(entries: pd.DataFrame) -> pd.DataFrame:
    """Cents given between members: one row per giving member, one column per receiving
    member, 0 where nothing passed."""
    return (
        _between_members(entries)
        .pivot_table(
            index=GIVER, columns=RECEIVER, values=VALUE, aggfunc="sum", fill_value=0, observed=True
        )
        .astype("int64")
    )


# -- the network ----------------------------------------------------------------------------------


def participation_rate(entries: pd.DataFrame, active_members: Sequence[str]) -> Decimal | None:
    """Active members that gave at least one entry / active members; ``None`` without active
    members."""
    givers = set(_given_by_members(entries)[GIVER].unique())
    return ratio(sum(member in givers for member in set(active_members)), len(set(active_members)))


def gini(values: Sequence[int]) -> Decimal | None:
    """The Gini coefficient of ``values`` (cents given by each active member, zeros included):
    ``Σ_i Σ_j |x_i − x_j| / (2 n Σ x)``, computed on the sorted values x_(1) ≤ … ≤ x_(n) as
    ``(2 Σ i·x_(i) − (n + 1) Σ x) / (n Σ x)``. 0 when everyone gave as much, towards 1 when one
    gave everything; ``None`` when nobody gave anything."""
    ordered = sorted(int(value) for value in values)
    n, total = len(ordered), sum(ordered)
    ranked = sum(rank * value for rank, value in enumerate(ordered, start=1))
    return ratio(2 * ranked - (n + 1) * total, n * total)


def top_share(values: Sequence[int], fraction: Decimal = TOP_FRACTION) -> Decimal | None:
    """The share of the total given by the top ``fraction`` of members, counted as
    ``ceil(fraction × n)`` members (at least one); ``None`` when nobody gave anything."""
    ordered = sorted((int(value) for value in values), reverse=True)
    top = math.ceil(fraction * len(ordered))
    return ratio(sum(ordered[:top]), sum(ordered))


def valued_total(entries: pd.DataFrame) -> Decimal:
    """Euros of every entry of the period: given by members or by the network, to anyone."""
    return eur(int(entries[VALUE].sum()))


def network_cvn(
    entries: pd.DataFrame,
    side: Literal["use", "resource"] = "use",
    mapping: Mapping[Form, CvnAccounts | None] = CVN_ACCOUNTS,
) -> dict[str, Decimal]:
    """The network's own CVN: what the network, its groups and its projects received in kind,
    by account of ``mapping`` (the network's mapping in force; ANC 2018-06's default when not
    given): use accounts 86x, or with ``side="resource"`` the resource accounts 87x (the two
    totals are equal; the accounts do not pair line by line). What members give each other, or
    the network gives a member, is CVN in the receiving member's books, not the network's; money
    is not in kind. Only accounts with entries are listed, in account order."""
    accounts = {
        form.value: getattr(pair, side) for form, pair in mapping.items() if pair is not None
    }
    to_network = entries[entries[RECEIVER_KIND] != MEMBER]
    booked = to_network.assign(account=to_network[FORM].map(accounts)).dropna(subset="account")
    sums = booked.groupby("account", observed=True)[VALUE].sum().sort_index()
    return {str(account): eur(int(cents)) for account, cents in sums.items()}


def form_mix(entries: pd.DataFrame, active_members: Sequence[str]) -> dict[Form, Decimal]:
    """For each form, the share of active members that gave it (the context document's
    calibration: information 68 %, equipment 51 %…); every form listed, in their order."""
    active = set(active_members)
    given_by = _given_by_members(entries)
    pairs = given_by.loc[given_by[GIVER].isin(active), [GIVER, FORM]].drop_duplicates()
    counts = pairs[FORM].value_counts()
    mix: dict[Form, Decimal] = {}
    for form in Form:
        share = ratio(int(counts.get(form.value, 0)), len(active))
        mix[form] = share if share is not None else Decimal(0)
    return mix


def by_form(entries: pd.DataFrame) -> pd.DataFrame:
    """Per form given in the period: ``entries`` (count), ``value_cents`` and
    ``members_giving`` (distinct members that gave it)."""
    totals = entries.groupby(FORM, observed=True).agg(
        entries=(ENTRIES, "sum"), value_cents=(VALUE, "sum")
    )
    members_giving = _given_by_members(entries).groupby(FORM, observed=True)[GIVER].nunique()
    totals["members_giving"] = members_giving.reindex(totals.index, fill_value=0)
    return totals


def given_by_form(entries: pd.DataFrame) -> pd.DataFrame:
    """Cents each member gave, one column per form, 0 where it gave none of it."""
    return (
        _given_by_members(entries)
        .pivot_table(
            index=GIVER, columns=FORM, values=VALUE, aggfunc="sum", fill_value=0, observed=True
        )
        .astype("int64")
    )


def by_counterpart(entries: pd.DataFrame) -> pd.DataFrame:
    """For each member and each party it dealt with (``counterpart_kind``, ``counterpart``:
    another member, the network, a group or a project): ``given_cents`` and
    ``received_cents``."""
    keys = ["member", "counterpart_kind", "counterpart"]
    gave = _given_by_members(entries)
    got = entries[entries[RECEIVER_KIND] == MEMBER]
    sides = pd.concat(
        [
            pd.DataFrame(
                {
                    "member": gave[GIVER],
                    "counterpart_kind": gave[RECEIVER_KIND],
                    "counterpart": gave[RECEIVER],
                    "given_cents": gave[VALUE],
                    "received_cents": 0,
                }
            ),
            pd.DataFrame(
                {
                    "member": got[RECEIVER],
                    "counterpart_kind": got[GIVER_KIND],
                    "counterpart": got[GIVER],
                    "given_cents": 0,
                    "received_cents": got[VALUE],
                }
            ),
        ]
    )
    return sides.groupby(keys, as_index=False, observed=True)[
        ["given_cents", "received_cents"]
    ].sum()


# -- everything for one period --------------------------------------------------------------------


@dataclass(frozen=True)
class ScoringInputs:
    """What :func:`reciprocity` needs: the entries that count (any dates: those outside
    ``[start, end)`` are left out), the members to report on, and the active members (the
    population of the participation rate, the Gini, the top-20 % share and the form mix), and
    the network's CVN mapping in force (ANC 2018-06's default when not given)."""

    start: dt.date
    end: dt.date
    entries: pd.DataFrame
    members: tuple[str, ...]
    active_members: tuple[str, ...]
    cvn_accounts: Mapping[Form, CvnAccounts | None] = field(
        default_factory=lambda: dict(CVN_ACCOUNTS)
    )


@dataclass(frozen=True, slots=True)
class MemberReciprocity:
    member: str
    given_eur: Decimal
    received_eur: Decimal
    balance_index: Decimal | None
    partner_mutuality: Decimal | None
    forms_given: int


@dataclass(frozen=True, slots=True)
class NetworkReciprocity:
    mutuality: Decimal | None
    weighted_mutuality: Decimal | None
    participation_rate: Decimal | None
    gini: Decimal | None
    top20_share: Decimal | None
    valued_total_eur: Decimal
    cvn: dict[str, Decimal]
    form_mix: dict[Form, Decimal]
    cvn_resources: dict[str, Decimal] = field(default_factory=dict)
    """The same CVN by resource account (87x); not in the JSON of docs/scoring.md §6."""


@dataclass(frozen=True, slots=True)
class Reciprocity:
    start: dt.date
    end: dt.date
    members: tuple[MemberReciprocity, ...]
    network: NetworkReciprocity


def reciprocity(inputs: ScoringInputs) -> Reciprocity:
    """Every indicator of §5 over ``[start, end)``. Members are reported in the order given,
    followed by any other member found in the period's entries (sorted by ref), so that no
    value goes unreported."""
    entries = categorised(in_period(inputs.entries, inputs.start, inputs.end))
    g, r, forms = given(entries), received(entries), forms_given(entries)
    pairs = member_pairs(entries)
    partners = partner_mutuality(pairs)
    listed = set(inputs.members)
    others = sorted((g.keys() | r.keys()) - listed)
    members = tuple(
        MemberReciprocity(
            member=member,
            given_eur=eur(g.get(member, 0)),
            received_eur=eur(r.get(member, 0)),
            balance_index=balance_index(g.get(member, 0), r.get(member, 0)),
            partner_mutuality=partners.get(member),
            forms_given=forms.get(member, 0),
        )
        for member in (*inputs.members, *others)
    )
    active_given = [g.get(member, 0) for member in dict.fromkeys(inputs.active_members)]
    network = NetworkReciprocity(
        mutuality=network_mutuality(pairs),
        weighted_mutuality=weighted_mutuality(pairs),
        participation_rate=participation_rate(entries, inputs.active_members),
        gini=gini(active_given),
        top20_share=top_share(active_given),
        valued_total_eur=valued_total(entries),
        cvn=network_cvn(entries, "use", inputs.cvn_accounts),
        form_mix=form_mix(entries, inputs.active_members),
        cvn_resources=network_cvn(entries, "resource", inputs.cvn_accounts),
    )
    return Reciprocity(inputs.start, inputs.end, members, network)


# -- one member's own reading ---------------------------------------------------------------------


ONE_THIRD: Final = Decimal(1) / Decimal(3)


def balance_class(index: Decimal | None) -> str:
    """The class of a balance index: ``givers`` above 1/3, ``consumers`` below −1/3,
    ``reciprocal`` between (both included), ``inactive`` without an index (G + R = 0)."""
    if index is None:
        return "inactive"
    if index > ONE_THIRD:
        return "givers"
    if index < -ONE_THIRD:
        return "consumers"
    return "reciprocal"


@dataclass(frozen=True, slots=True)
class FormFlow:
    """What one member gave and received of one form, in one unit, over the period."""

    form: Form
    unit: Unit
    given_eur: Decimal
    given_quantity: Decimal
    given_entries: int
    received_eur: Decimal
    received_quantity: Decimal
    received_entries: int


@dataclass(frozen=True, slots=True)
class PartnerFlow:
    """What one member gave another member and received from it, over the period."""

    partner: str
    given_eur: Decimal
    received_eur: Decimal
    both_ways: bool


@dataclass(frozen=True, slots=True)
class MemberView:
    """One member's own reciprocity over ``[start, end)``: its §4 figures, what it gave and
    received by form, its exchanges with the network (its groups and projects included) and
    with each partner. Nothing about what other members exchanged among themselves."""

    start: dt.date
    end: dt.date
    member: str
    given_eur: Decimal
    received_eur: Decimal
    balance_index: Decimal | None
    balance_class: str
    partner_mutuality: Decimal | None
    forms_given: int
    given_to_network_eur: Decimal
    received_from_network_eur: Decimal
    by_form: tuple[FormFlow, ...]
    partners: tuple[PartnerFlow, ...]


def _involves(entry: Entry, member: str) -> bool:
    return any(
        party.kind is PartyKind.member and party.ref == member
        for party in (entry.giver, entry.receiver)
    )


def _form_flows(entries: Sequence[Entry], member: str) -> tuple[FormFlow, ...]:
    """Sums of value (cents), quantity and entries by form and unit, given and received."""
    sums: dict[tuple[Form, Unit], list[Decimal | int]] = {}
    for entry in entries:
        unit = entry.unit or FORM_UNITS[entry.form][0]
        line = sums.setdefault((entry.form, unit), [0, Decimal(0), 0, 0, Decimal(0), 0])
        side = 0 if entry.giver.kind is PartyKind.member and entry.giver.ref == member else 3
        line[side] += _cents(entry)
        line[side + 1] += entry.quantity
        line[side + 2] += 1
    order = {form: at for at, form in enumerate(Form)}
    return tuple(
        FormFlow(
            form=form,
            unit=unit,
            given_eur=eur(int(line[0])),
            given_quantity=canonical(Decimal(line[1])),
            given_entries=int(line[2]),
            received_eur=eur(int(line[3])),
            received_quantity=canonical(Decimal(line[4])),
            received_entries=int(line[5]),
        )
        for (form, unit), line in sorted(sums.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))
    )


def member_view(entries: Iterable[Entry], member: str, start: dt.date, end: dt.date) -> MemberView:
    """``member``'s own reading of ``[start, end)`` from the valued entries that count (any
    dates, any parties: only those dated in the period that it gave or received are read). Its
    given, received, balance index, partner mutuality and forms are those :func:`reciprocity`
    computes, by the same functions over its own entries: a pair of members is in its entries
    exactly when it is one of the pair."""
    mine = [e for e in entries if start <= e.date < end and _involves(e, member)]
    frame = categorised(entries_frame(mine))
    g, r = given(frame).get(member, 0), received(frame).get(member, 0)
    index = balance_index(g, r)
    pairs = member_pairs(frame)
    counterparts = by_counterpart(frame)
    counterparts = counterparts[counterparts["member"].astype(str) == member]
    is_member = counterparts["counterpart_kind"].astype(str) == MEMBER
    with_members = counterparts[is_member].sort_values("counterpart")
    network_side = counterparts[~is_member]
    mutual = {
        (str(a), str(b))
        for a, b, both in zip(pairs["a"], pairs["b"], _mutual(pairs), strict=True)
        if both
    }
    partners = tuple(
        PartnerFlow(
            partner=str(row.counterpart),
            given_eur=eur(int(row.given_cents)),
            received_eur=eur(int(row.received_cents)),
            both_ways=tuple(sorted((member, str(row.counterpart)))) in mutual,
        )
        for row in with_members.itertuples()
    )
    return MemberView(
        start=start,
        end=end,
        member=member,
        given_eur=eur(g),
        received_eur=eur(r),
        balance_index=index,
        balance_class=balance_class(index),
        partner_mutuality=partner_mutuality(pairs).get(member),
        forms_given=forms_given(frame).get(member, 0),
        given_to_network_eur=eur(int(network_side["given_cents"].sum())),
        received_from_network_eur=eur(int(network_side["received_cents"].sum())),
        by_form=_form_flows(mine, member),
        partners=partners,
    )
