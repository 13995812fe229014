"""What the member-scoped reciprocity route answers (``GET …/members/{member}/reciprocity``):
one member's own figures, written as the JSON of ``raviv reciprocity`` writes them (euros as
strings with two decimals, ratios rounded half-up to 4 decimals, ``null`` where there is none)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

import msgspec
from msgspec import Meta

from raviv.scoring.reciprocity import MemberView
from raviv.scoring.report import ratio_number
from raviv.vocabulary import Form, Unit

Ratio = Annotated[float | None, Meta(description="Rounded half-up to 4 decimals; null: none.")]


class Period(msgspec.Struct, kw_only=True):
    start: dt.date
    end: Annotated[dt.date, Meta(description="The day after the period (excluded).")]


class FormFlow(msgspec.Struct, kw_only=True):
    form: Form
    unit: Unit
    given_eur: Decimal
    given_quantity: Decimal
    given_entries: int
    received_eur: Decimal
    received_quantity: Decimal
    received_entries: int


class Partner(msgspec.Struct, kw_only=True):
    member: Annotated[str, Meta(description="The other member's ref.")]
    given_eur: Annotated[Decimal, Meta(description="What this member gave it.")]
    received_eur: Annotated[Decimal, Meta(description="What this member received from it.")]
    both_ways: bool


class MemberReciprocity(msgspec.Struct, kw_only=True):
    period: Period
    member: str
    given_eur: Decimal
    received_eur: Decimal
    balance_index: Ratio
    balance_class: Annotated[
        str,
        Meta(
            description="givers (index above 1/3), reciprocal (−1/3 to 1/3), consumers (below "
            "−1/3), inactive (no index)."
        ),
    ]
    partner_mutuality: Ratio
    forms_given: int
    given_to_network_eur: Annotated[
        Decimal, Meta(description="Given to the network, its working groups and projects.")
    ]
    received_from_network_eur: Decimal
    by_form: list[FormFlow]
    partners: list[Partner]


def member_reciprocity(view: MemberView) -> MemberReciprocity:
    """The answer of :class:`MemberView`."""
    return MemberReciprocity(
        period=Period(start=view.start, end=view.end),
        member=view.member,
        given_eur=view.given_eur,
        received_eur=view.received_eur,
        balance_index=ratio_number(view.balance_index),
        balance_class=view.balance_class,
        partner_mutuality=ratio_number(view.partner_mutuality),
        forms_given=view.forms_given,
        given_to_network_eur=view.given_to_network_eur,
        received_from_network_eur=view.received_from_network_eur,
        by_form=[
            FormFlow(
                form=flow.form,
                unit=flow.unit,
                given_eur=flow.given_eur,
                given_quantity=flow.given_quantity,
                given_entries=flow.given_entries,
                received_eur=flow.received_eur,
                received_quantity=flow.received_quantity,
                received_entries=flow.received_entries,
            )
            for flow in view.by_form
        ],
        partners=[
            Partner(
                member=partner.partner,
                given_eur=partner.given_eur,
                received_eur=partner.received_eur,
                both_ways=partner.both_ways,
            )
            for partner in view.partners
        ],
    )
