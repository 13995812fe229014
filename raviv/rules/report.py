"""The JSON of ``raviv rules evaluate`` (docs/domain.md, docs/rules.md)::

    {"period": {"start", "end"}, "at", "rule_set",
     "members": [{"member", "status", "member_days", "elapsed_days", "exemption"?,
                  "criteria": [{"criterion", "required", "actual", "met", "shortfall",
                                "on_track", "exempt", "explanation_fr", "explanation_en"}]}]}

Numbers: ``required``, ``actual`` and ``shortfall`` are always JSON numbers. Counts are written as
integers; hours, euros and balance indexes as their exact decimal digits with trailing zeros
dropped — ``Decimal("10.00")`` is written ``10``, ``Decimal("6.60")`` ``6.6`` — straight from the
``Decimal``, never through a float. A balance index without any exchange is ``null``. A member
exempt from everything has no criteria (``[]``) and states its ``exemption``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import msgspec

from raviv.rules.evaluator import CriterionResult, Evaluation, MemberEvaluation, Number, Status
from raviv.vocabulary import CriterionName

_ENCODER = msgspec.json.Encoder(decimal_format="number")


def json_number(value: Number) -> Number:
    """The value as it is written in JSON: an int when whole, else its digits without trailing
    zeros."""
    if isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def evaluation_document(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as JSON data; its decimals are still ``Decimal`` (see :func:`encode`)."""
    return {
        "period": {
            "start": evaluation.period.start.isoformat(),
            "end": evaluation.period.end.isoformat(),
        },
        "at": evaluation.at.isoformat(),
        "rule_set": evaluation.rule_set,
        "members": [_member(member) for member in evaluation.members],
    }


def encode(evaluation: Evaluation) -> bytes:
    """The evaluation as JSON text, decimals written as exact JSON numbers."""
    return _ENCODER.encode(evaluation_document(evaluation))


def _member(member: MemberEvaluation) -> dict[str, Any]:
    document: dict[str, Any] = {
        "member": member.member,
        "status": member.status.value,
        "member_days": member.member_days,
        "elapsed_days": member.elapsed_days,
    }
    if member.exemption:
        document["exemption"] = member.exemption
    document["criteria"] = [_criterion(result) for result in member.criteria]
    return document


def _criterion(result: CriterionResult) -> dict[str, Any]:
    actual: Decimal | int | None = None if result.actual is None else json_number(result.actual)
    return {
        "criterion": result.criterion.value,
        "required": json_number(result.required),
        "actual": actual,
        "met": result.met,
        "shortfall": json_number(result.shortfall),
        "on_track": result.on_track,
        "exempt": result.exempt,
        "explanation_fr": result.explanation_fr,
        "explanation_en": result.explanation_en,
    }


# -- the document's shape, for the API's OpenAPI schema (the code above writes it) -------------


class CriterionStanding(msgspec.Struct, kw_only=True):
    """One criterion of a member: what it takes, what it counts, what it misses."""

    criterion: CriterionName
    required: float
    actual: float | None
    met: bool
    shortfall: float
    on_track: bool
    exempt: bool
    explanation_fr: str
    explanation_en: str


class MemberStanding(msgspec.Struct, kw_only=True):
    """Where one member stands; ``exemption`` only when it is exempt from everything."""

    member: str
    status: Status
    member_days: int
    elapsed_days: int
    exemption: str = ""
    criteria: list[CriterionStanding]


class EvaluatedPeriod(msgspec.Struct, kw_only=True):
    """The period evaluated, ``[start, end)``."""

    start: dt.date
    end: dt.date


class EvaluationDocument(msgspec.Struct, kw_only=True):
    """Where every member stands (a representative sees its own member only)."""

    period: EvaluatedPeriod
    at: dt.date
    rule_set: str
    members: list[MemberStanding]


class StandingDocument(msgspec.Struct, kw_only=True):
    """One member's standing: the evaluation's header, and that member."""

    period: EvaluatedPeriod
    at: dt.date
    rule_set: str
    member: MemberStanding
