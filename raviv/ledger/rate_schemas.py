"""What the rates API reads and writes: a network's dated valuation rates and its valuation policy
(the employer-charge coefficient of the default hourly rate, and the method it states).

Money and coefficients are exact decimals, sent and read as strings ("15.50", "1.4").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

import msgspec
from msgspec import Meta

from raviv.edge import Input
from raviv.vocabulary import Form, Unit

Category = Annotated[
    str,
    Meta(
        max_length=64,
        description="Equipment or premises category priced apart; empty for the form's general "
        "rate.",
    ),
]
Method = Annotated[
    str,
    Meta(max_length=2000, description="How the rate was chosen; reports state it (ANC 2018-06)."),
]


class _Input(Input):
    """Inputs refuse fields they do not know, rather than silently dropping them."""


class RateCreate(_Input, kw_only=True):
    """A new dated rate: from ``effective_from`` on, it supersedes the form's (or category's)
    earlier one. Rates are never edited nor deleted; entries keep the value frozen on them."""

    form: Form
    eur_per_unit: Annotated[
        Decimal,
        Meta(
            description="Euros per unit, more than 0, with at most 2 decimals (a string such as "
            "'15.50' keeps it exact).",
            examples=["15.50"],
        ),
    ]
    effective_from: dt.date
    unit: Unit | None = None  # the form's canonical unit when left out
    category: Category = ""
    method: Method = ""


class Rate(msgspec.Struct, kw_only=True):
    form: Form
    category: str
    eur_per_unit: Decimal
    unit: Unit
    effective_from: dt.date
    method: str
    created_at: dt.datetime


class PolicyUpdate(_Input, kw_only=True):
    """The network's employer-charge coefficient, and the method it states (made up from the
    coefficient when left empty)."""

    charge_coefficient: Annotated[
        Decimal,
        Meta(
            description="From 1.000 to 3.000, with at most 3 decimals (a string such as '1.4').",
            examples=["1.4"],
        ),
    ]
    method: Method = ""


class Policy(msgspec.Struct, kw_only=True):
    """How the network values an hour it has no rate for: SMIC brut horaire × coefficient."""

    charge_coefficient: Decimal
    method: str
    stated: bool  # False: the network stated none, and the default applies
    updated_at: dt.datetime | None


class DefaultHourlyRate(msgspec.Struct, kw_only=True):
    """The default hourly rate in effect on ``on``: the SMIC brut horaire × the coefficient,
    half-up to the cent."""

    on: dt.date
    smic_brut_horaire: Decimal
    charge_coefficient: Decimal
    eur_per_hour: Decimal


class Rates(msgspec.Struct, kw_only=True):
    """Every rate of the network, by form then first day; its policy; today's default rate."""

    rates: list[Rate]
    policy: Policy
    default_hourly_rate: DefaultHourlyRate | None  # None before the first SMIC raviv knows


# -- CVN accounts ---------------------------------------------------------------------------------


class CvnOverride(_Input, kw_only=True):
    """The accounts the network books one form to, instead of ANC 2018-06's default."""

    form: Form
    use: Annotated[
        str,
        Meta(description="Use account (86x): 860, 861, 8611, 8612, 862 or 864.", examples=["8611"]),
    ]
    resource: Annotated[
        str, Meta(description="Resource account (87x): 870, 871 or 875.", examples=["871"])
    ]


class CvnAccountsUpdate(_Input, kw_only=True):
    """Every form the network books to accounts of its own, at most once each (never money);
    the forms left out are booked to the default accounts again. ``[]``: the default mapping."""

    overrides: list[CvnOverride]


class CvnPair(msgspec.Struct, kw_only=True):
    use: str
    resource: str


class CvnLine(msgspec.Struct, kw_only=True):
    """One form's accounts in force (none for money), their French names as the chart of
    accounts gives them, whether the network chose them, and the default ones."""

    form: Form
    use: str | None
    use_label: str | None
    resource: str | None
    resource_label: str | None
    overridden: bool
    default: CvnPair | None


class CvnMapping(msgspec.Struct, kw_only=True):
    """The network's CVN mapping in force: ANC 2018-06's default, with its overrides."""

    standard: str
    accounts: list[CvnLine]
    overridden: list[Form]
