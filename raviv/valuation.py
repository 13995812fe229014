"""Valuing the contribution ledger in euros (docs/scoring.md §2). Pure: plain data in, values out.

- Each form has its CVN accounts (use / resource), booked by whoever receives it; ``money`` has
  none: it is not in kind. A network may book a form to other accounts: the mapping in force is
  ANC 2018-06's default with its overrides (:func:`accounts_in_force`).
- A network's rates are dated: the rate of an entry is the one in effect on the entry's date, the
  rate of the entry's category (equipment, premises…) before the form's general one.
- ``value_eur = quantity × rate``, rounded half-up to the cent, entry by entry.
- With no rate of its own for a time-like form, a network values an hour at the default hourly
  rate: the SMIC brut horaire in effect that day times an employer-charge coefficient.
- Attendance at a meeting yields ``meeting`` entries; a reversal and the entry it reverses count
  for nothing. :func:`counted_entries` applies all of it to a whole archive.

The enums come from the archive format (:mod:`raviv.archive.schema`), the one definition of the
forms and their units. See ``docs/scoring.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Final, Protocol, TypeVar

from raviv.archive.schema import Archive, Contribution, Meeting, Rate
from raviv.lib.amounts import MILLI, scaled
from raviv.vocabulary import (
    CVN_ACCOUNT_LABELS,
    FORM_UNITS,
    ContributionStatus,
    Form,
    PartyKind,
    ResourceAccount,
    Unit,
    UseAccount,
)

CENT: Final = Decimal("0.01")

TIME_LIKE_FORMS: Final = frozenset(
    {Form.time, Form.meeting, Form.knowledge, Form.coproduction, Form.shared_staff}
)
"""Forms counted in hours (person-hours for ``meeting``): the ``hours_given`` criterion adds
them up, and the default hourly rate values them."""


class RateMissing(LookupError):
    """No rate values this form on this day (and no default applies): ``on`` the day, ``form``
    the form (None when only the SMIC was asked for), ``smic_from`` the first day a SMIC is
    known when the default hourly rate was tried and did not reach back that far."""

    def __init__(
        self,
        message: str,
        *,
        on: dt.date,
        form: Form | None = None,
        smic_from: dt.date | None = None,
    ) -> None:
        super().__init__(message)
        self.on = on
        self.form = form
        self.smic_from = smic_from


# -- CVN accounts ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CvnAccounts:
    """The accounts a receiver books an in-kind contribution to (plan comptable associatif):
    ``use`` (86x, emplois des contributions volontaires) and ``resource`` (87x)."""

    use: str
    resource: str


CVN_ACCOUNTS: Final[dict[Form, CvnAccounts | None]] = {
    # The associations' chart of accounts of ANC regulation 2018-06 (docs/scoring.md §2).
    Form.time: CvnAccounts("864", "875"),  # personnel bénévole / bénévolat
    Form.meeting: CvnAccounts("864", "875"),
    Form.knowledge: CvnAccounts("862", "871"),  # prestations / prestations en nature
    Form.equipment: CvnAccounts("861", "871"),  # mise à disposition gratuite de biens (8612)
    Form.premises: CvnAccounts("861", "871"),  # (8611 locaux)
    Form.coproduction: CvnAccounts("864", "875"),
    # staff a member organisation makes available: a prestation en nature, not bénévolat
    Form.shared_staff: CvnAccounts("864", "871"),
    Form.money: None,  # a financial contribution is not in kind
}
"""ANC 2018-06's default mapping of each form to its accounts. A network may book a form to
other accounts (:func:`accounts_in_force`); ``money`` never has any."""


def cvn_override_problems(form: Form, use: str, resource: str) -> list[tuple[str, str]]:
    """Why a network may not book ``form`` to ``use`` / ``resource``, as (field, reason) pairs
    (``form``, ``use``, ``resource``): money is not in kind; a use account is one of 860, 861,
    8611, 8612, 862, 864, a resource account one of 870, 871, 875."""
    problems: list[tuple[str, str]] = []
    if form == Form.money:
        problems.append(("form", "money is not in kind: it has no CVN account"))
    if use not in set(UseAccount):
        accepted = ", ".join(account.value for account in UseAccount)
        problems.append(("use", f"a use account is one of {accepted}"))
    if resource not in set(ResourceAccount):
        accepted = ", ".join(account.value for account in ResourceAccount)
        problems.append(("resource", f"a resource account is one of {accepted}"))
    return problems


def accounts_in_force(
    overrides: Mapping[Form, CvnAccounts] | None = None,
) -> dict[Form, CvnAccounts | None]:
    """The mapping a network books its CVN to: ANC 2018-06's default (:data:`CVN_ACCOUNTS`),
    with the forms it overrides booked to its own accounts. Every form is listed, in order."""
    overrides = overrides or {}
    return {
        form: overrides.get(form, default) if default is not None else None
        for form, default in CVN_ACCOUNTS.items()
    }


def mapping_json(overrides: Mapping[Form, CvnAccounts] | None = None) -> dict[str, Any]:
    """The mapping in force as plain JSON-ready data, as the API answers it and reports print it::

        {"standard": "ANC 2018-06",
         "accounts": [{"form", "use", "use_label", "resource", "resource_label",
                       "overridden", "default": {"use", "resource"} | None}, ...],
         "overridden": [form, ...]}

    one entry per form in order (``money``: accounts and default ``None``); labels in French,
    as the chart of accounts names them (:data:`raviv.vocabulary.CVN_ACCOUNT_LABELS` has the
    English ones); ``overridden`` lists the forms the network booked to accounts of its own."""
    overrides = overrides or {}
    accounts: list[dict[str, Any]] = []
    for form, pair in accounts_in_force(overrides).items():
        default = CVN_ACCOUNTS[form]
        accounts.append(
            {
                "form": form.value,
                "use": None if pair is None else pair.use,
                "use_label": None if pair is None else CVN_ACCOUNT_LABELS[pair.use][0],
                "resource": None if pair is None else pair.resource,
                "resource_label": None if pair is None else CVN_ACCOUNT_LABELS[pair.resource][0],
                "overridden": form in overrides,
                "default": None
                if default is None
                else {"use": default.use, "resource": default.resource},
            }
        )
    return {
        "standard": "ANC 2018-06",
        "accounts": accounts,
        "overridden": [form.value for form in CVN_ACCOUNTS if form in overrides],
    }


def archive_cvn_overrides(archive: Archive) -> dict[Form, CvnAccounts]:
    """The forms an archive's network books to accounts of its own."""
    return {
        line.form: CvnAccounts(line.use.value, line.resource.value)
        for line in archive.network.cvn_accounts
    }


# -- rates ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DatedRate:
    """Euros per unit of a form from ``effective_from`` on; with a ``category``, only for entries
    of that category (an equipment or premises category the network prices apart)."""

    form: Form
    eur_per_unit: Decimal
    effective_from: dt.date
    category: str | None = None
    method: str = ""

    @classmethod
    def from_archive(cls, rate: Rate) -> DatedRate:
        return cls(
            rate.form,
            rate.eur_per_unit,
            rate.effective_from,
            category=rate.category or None,
            method=rate.method,
        )


def rate_on(
    rates: Iterable[DatedRate], form: Form, on: dt.date, category: str | None = None
) -> DatedRate | None:
    """The rate of ``form`` in effect on ``on``: the latest ``effective_from`` ≤ ``on``, looked
    for among the rates of ``category`` first, then among the form's general rates (those with
    no category). ``None`` when none is in effect yet."""
    latest: dict[str | None, DatedRate] = {}
    for rate in rates:
        if rate.form != form or rate.effective_from > on:
            continue
        if rate.category is not None and rate.category != category:
            continue
        current = latest.get(rate.category)
        if current is None or rate.effective_from > current.effective_from:
            latest[rate.category] = rate
    if category is not None and category in latest:
        return latest[category]
    return latest.get(None)


def value_eur(quantity: Decimal, rate: Decimal) -> Decimal:
    """``quantity × rate`` in euros, rounded half-up to the cent."""
    return (quantity * rate).quantize(CENT, rounding=ROUND_HALF_UP)


# -- the default hourly rate ----------------------------------------------------------------------

SMIC_BRUT_HORAIRE: Final[tuple[tuple[dt.date, Decimal], ...]] = (
    (dt.date(2015, 1, 1), Decimal("9.61")),  # décret n° 2014-1569
    (dt.date(2016, 1, 1), Decimal("9.67")),  # décret n° 2015-1688
    (dt.date(2017, 1, 1), Decimal("9.76")),  # décret n° 2016-1818
    (dt.date(2018, 1, 1), Decimal("9.88")),  # décret n° 2017-1719
    (dt.date(2019, 1, 1), Decimal("10.03")),  # décret n° 2018-1173
    (dt.date(2020, 1, 1), Decimal("10.15")),  # décret n° 2019-1387
    (dt.date(2021, 1, 1), Decimal("10.25")),  # décret n° 2020-1598
    (dt.date(2021, 10, 1), Decimal("10.48")),  # arrêté du 27 septembre 2021 (inflation)
    (dt.date(2022, 1, 1), Decimal("10.57")),  # décret n° 2021-1741
    (dt.date(2022, 5, 1), Decimal("10.85")),  # arrêté du 29 avril 2022 (inflation)
    (dt.date(2022, 8, 1), Decimal("11.07")),  # arrêté du 29 juillet 2022 (inflation)
    (dt.date(2023, 1, 1), Decimal("11.27")),  # décret n° 2022-1608
    (dt.date(2023, 5, 1), Decimal("11.52")),  # arrêté du 26 avril 2023 (inflation)
    (dt.date(2024, 1, 1), Decimal("11.65")),  # décret n° 2023-1216
    (dt.date(2024, 11, 1), Decimal("11.88")),  # décret n° 2024-951; no revaluation on 1 Jan 2025
    (dt.date(2026, 1, 1), Decimal("12.02")),
)
"""SMIC brut horaire (metropolitan France and the DROM but Mayotte), by the first day it applied,
as the décrets and arrêtés published in the Journal officiel set it (docs/ledger.md lists them).
Extend this table when a new one is published."""

DEFAULT_CHARGE_COEFFICIENT: Final = Decimal("1.25")
MIN_COEFFICIENT: Final = Decimal(1)
"""The lowest employer-charge coefficient a network may state (no charges)."""
MAX_COEFFICIENT: Final = Decimal(3)
"""The highest it may state."""


def coefficient_milli(value: Decimal) -> tuple[int | None, str]:
    """A charge coefficient in thousandths, as stored, or ``None`` and why it cannot be stated:
    from 1 to 3, 3 decimals at most (the rates API and the archive import both check it so)."""
    try:
        in_range = value.is_finite() and MIN_COEFFICIENT <= value <= MAX_COEFFICIENT
    except InvalidOperation:  # a signalling NaN
        in_range = False
    if not in_range:
        return None, "must be from 1.000 to 3.000"
    milli = scaled(value, MILLI)
    return milli, "" if milli is not None else "at most 3 decimals"


"""Employer charges on top of the gross hourly wage, as the demo network states its method."""


def smic_brut_horaire(on: dt.date) -> Decimal:
    """The SMIC brut horaire in effect on ``on``."""
    in_effect = [smic for since, smic in SMIC_BRUT_HORAIRE if since <= on]
    if not in_effect:
        first = SMIC_BRUT_HORAIRE[0][0].isoformat()
        raise RateMissing(
            f"no SMIC known before {first} (asked for {on.isoformat()})",
            on=on,
            smic_from=SMIC_BRUT_HORAIRE[0][0],
        )
    return in_effect[-1]


def default_hourly_rate(
    on: dt.date, charge_coefficient: Decimal = DEFAULT_CHARGE_COEFFICIENT
) -> Decimal:
    """SMIC brut horaire on ``on`` × the employer-charge coefficient, half-up to the cent."""
    return value_eur(smic_brut_horaire(on), charge_coefficient)


def unit_rate(
    rates: Iterable[DatedRate],
    form: Form,
    on: dt.date,
    category: str | None = None,
    *,
    charge_coefficient: Decimal = DEFAULT_CHARGE_COEFFICIENT,
) -> Decimal:
    """Euros per unit of ``form`` on ``on``: money at face value; else the network's rate in
    effect; else, for a time-like form, the default hourly rate. Raises :class:`RateMissing` for
    equipment or premises the network has no rate for (there is no default worth stating)."""
    if form == Form.money:
        return Decimal(1)
    rate = rate_on(rates, form, on, category)
    if rate is not None:
        return rate.eur_per_unit
    if form in TIME_LIKE_FORMS:
        try:
            return default_hourly_rate(on, charge_coefficient)
        except RateMissing:
            first = SMIC_BRUT_HORAIRE[0][0].isoformat()
            raise RateMissing(
                f"the network has no {form} rate in effect on {on.isoformat()}"
                f" and there is no SMIC known before {first}",
                on=on,
                form=form,
                smic_from=SMIC_BRUT_HORAIRE[0][0],
            ) from None
    raise RateMissing(
        f"the network has no {form} rate in effect on {on.isoformat()}", on=on, form=form
    )


# -- ledger entries -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Party:
    """One side of an entry; ``ref`` names the member, group or project (empty for the
    network)."""

    kind: PartyKind
    ref: str = ""

    @classmethod
    def member(cls, ref: str) -> Party:
        return cls(PartyKind.member, ref)

    @classmethod
    def network(cls) -> Party:
        return cls(PartyKind.network)


@dataclass(frozen=True, slots=True)
class Entry:
    """One ledger entry, valued (``value_eur``) once :func:`valued` has priced it."""

    ref: str
    giver: Party
    receiver: Party
    form: Form
    quantity: Decimal
    date: dt.date
    status: ContributionStatus = ContributionStatus.validated
    reverses: str | None = None
    unit: Unit | None = None
    category: str | None = None
    value_eur: Decimal | None = None


def entry_from_contribution(contribution: Contribution) -> Entry:
    """The ledger entry an archive contribution records."""
    giver, receiver = contribution.giver, contribution.receiver
    if receiver.member is not None:
        to = Party.member(receiver.member)
    elif receiver.group is not None:
        to = Party(PartyKind.group, receiver.group)
    elif receiver.project is not None:
        to = Party(PartyKind.project, receiver.project)
    else:
        to = Party.network()
    return Entry(
        ref=contribution.ref,
        giver=Party.network() if giver.member is None else Party.member(giver.member),
        receiver=to,
        form=contribution.form,
        quantity=contribution.quantity,
        date=contribution.date,
        status=contribution.status,
        reverses=contribution.reverses,
        unit=contribution.unit or FORM_UNITS[contribution.form][0],
        category=contribution.category or None,
    )


def meeting_entries(meetings: Iterable[Meeting]) -> list[Entry]:
    """The ``meeting`` entries attendance yields: for each member present, ``duration_hours ×
    people`` person-hours given to the meeting's working group, or to the network when the
    meeting belongs to none. An excused member gives nothing. Attendance is recorded by the
    coordinator, so these entries are validated at once."""
    entries: list[Entry] = []
    for meeting in meetings:
        receiver = (
            Party.network() if meeting.group is None else Party(PartyKind.group, meeting.group)
        )
        entries.extend(
            Entry(
                ref=f"{meeting.ref}/{line.member}",
                giver=Party.member(line.member),
                receiver=receiver,
                form=Form.meeting,
                quantity=meeting.duration_hours * line.people,
                date=meeting.date,
                unit=Unit.person_hours,
            )
            for line in meeting.attendance
            if line.people is not None and not line.excused
        )
    return entries


def valued(
    entry: Entry,
    rates: Sequence[DatedRate],
    *,
    charge_coefficient: Decimal = DEFAULT_CHARGE_COEFFICIENT,
) -> Entry:
    """The entry with its ``value_eur``: quantity × the rate in effect on its date. A value
    already set (a rate frozen at validation) is kept."""
    if entry.value_eur is not None:
        return entry
    rate = unit_rate(
        rates, entry.form, entry.date, entry.category, charge_coefficient=charge_coefficient
    )
    return replace(entry, value_eur=value_eur(entry.quantity, rate))


# -- reversals ------------------------------------------------------------------------------------


class Reversible(Protocol):
    """Anything with a ref that may reverse another (an :class:`Entry`, an archive
    ``Contribution``)."""

    @property
    def ref(self) -> str: ...

    @property
    def reverses(self) -> str | None: ...


R = TypeVar("R", bound=Reversible)


def net_of_reversals(entries: Iterable[R]) -> list[R]:
    """The entries without the reversals and the entries they reverse: a correction pair counts
    for nothing, whatever the dates of its two entries. Give it the entries that count
    (validated ones): a reversal still pending cancels nothing yet."""
    kept = list(entries)
    cancelled = {entry.reverses for entry in kept if entry.reverses is not None}
    return [e for e in kept if e.reverses is None and e.ref not in cancelled]


# -- a whole archive ------------------------------------------------------------------------------


def archive_coefficient(archive: Archive) -> Decimal:
    """The employer-charge coefficient an archive states (1.25 when it states none)."""
    policy = archive.network.valuation_policy
    return DEFAULT_CHARGE_COEFFICIENT if policy is None else policy.charge_coefficient


def counted_entries(archive: Archive, *, charge_coefficient: Decimal | None = None) -> list[Entry]:
    """Every entry of an archive that counts, whatever its date, valued at the network's rates:
    validated contributions net of reversals (a pair is cancelled even when its two entries fall
    in different periods), then the meeting entries attendance yields. The default hourly rate
    uses ``charge_coefficient``, or the archive's own."""
    if charge_coefficient is None:
        charge_coefficient = archive_coefficient(archive)
    rates = [DatedRate.from_archive(rate) for rate in archive.network.rates]
    validated = [
        entry_from_contribution(contribution)
        for contribution in archive.contributions
        if contribution.status == ContributionStatus.validated
    ]
    entries = [*net_of_reversals(validated), *meeting_entries(archive.meetings)]
    return [valued(entry, rates, charge_coefficient=charge_coefficient) for entry in entries]
