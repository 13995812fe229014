"""What the DLA report's figures are built from: plain data, as :mod:`reports.gather` reads it
through raviv's services (their JSON-ready results), and as :mod:`reports.build` takes it.

Pure: no database, no web framework. Nothing here is computed; every value is as a service
answered it (euros as the JSON writes them, ``"310.00"``, are turned into ``Decimal`` here and
nowhere else).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A membership period ``[start, end)`` (``end`` None while open), ``active`` or
    ``suspended``."""

    start: dt.date
    end: dt.date | None
    status: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberInfo:
    """A member organisation as the registry stores it (never a person)."""

    ref: str
    name: str
    departement: str
    disciplines: tuple[str, ...]
    employer: bool
    headcount_fte: Decimal | None
    tier: str
    memberships: tuple[Span, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Presence:
    """A member at a meeting: ``people`` present (0 when excused)."""

    member: str
    people: int
    excused: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingInfo:
    ref: str
    kind: str
    mandatory: bool
    date: dt.date
    duration_hours: Decimal
    group: str | None
    project: str | None
    attendance: tuple[Presence, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupInfo:
    """A working group and its enrolments ``(member, start, end)``."""

    ref: str
    name: str
    enrolments: tuple[tuple[str, dt.date, dt.date | None], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectInfo:
    ref: str
    name: str
    lead: str
    starts_on: dt.date
    ends_on: dt.date | None
    partners: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Evaluated:
    """An evaluation of the rule (the document of ``raviv rules evaluate --json``, decimals as
    ``Decimal``) on ``at``, read from that day's kept snapshot or computed."""

    at: dt.date
    source: Literal["snapshot", "computed"]
    document: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class EnforcementCounts:
    reminders_sent: int
    cases_opened: int
    cases_closed: int
    decisions: dict[str, int]
    restricted_at_end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodData:
    """One period ``[start, end)`` of the network, as the services give it.

    - ``reciprocity``: the JSON of ``raviv reciprocity`` (docs/scoring.md §6), with the detail's
      ``trend`` and ``crosstabs`` for the reported period;
    - ``forms``, ``pairs``, ``given_by_form``, ``received_by_party``: rows of the reciprocity's
      tables (``forms``, ``pairs``, ``given_by_form``, and what groups and projects received,
      from ``counterparts``), values as the tables hold them;
    - ``active_members``: the population of the participation rate;
    - ``local_share``: the network's local anchoring (docs/scoring.md §11);
    - ``member_hours``: quantities of each form given by members in validated entries net of
      reversals (contributions only; meetings are in ``meetings``);
    - ``evaluation``: the rule evaluated at the period's end (or at the report's date when the
      period is not over); ``months``: at the end of each month;
    - ``exemptions``: ``(member, "all" | criteria)`` decided for the period.
    """

    start: dt.date
    end: dt.date
    reciprocity: dict[str, Any]
    forms: tuple[dict[str, Any], ...]
    pairs: tuple[dict[str, Any], ...]
    given_by_form: tuple[dict[str, Any], ...]
    received_by_party: dict[str, Decimal]  # "group:petr" → euros received from members
    active_members: tuple[str, ...]
    local_share: Decimal | None
    member_hours: dict[str, Decimal]
    meetings: tuple[MeetingInfo, ...]
    evaluation: Evaluated | None
    months: tuple[Evaluated, ...] = ()
    exemptions: tuple[tuple[str, str | tuple[str, ...]], ...] = ()
    enforcement: EnforcementCounts | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FiscalYearData:
    """The network's CVN over its fiscal year ``[start, end)`` and how it is valued."""

    label: str
    start: dt.date
    end: dt.date
    first_day_mm_dd: str
    uses: dict[str, Decimal]
    resources: dict[str, Decimal]
    by_form: dict[str, Decimal]
    mapping: dict[str, Any]  # raviv.valuation.mapping_json's shape
    rates: tuple[dict[str, Any], ...]
    charge_coefficient: Decimal
    coefficient_stated: bool
    method: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportInputs:
    """Everything the context is built from."""

    network_ref: str
    generated_on: dt.date
    identity: dict[str, Any]
    members: tuple[MemberInfo, ...]
    groups: tuple[GroupInfo, ...]
    projects: tuple[ProjectInfo, ...]
    rule_sets: tuple[dict[str, Any], ...]  # the archive format's rule sets, as JSON
    period: PeriodData
    previous: PeriodData | None
    baseline: PeriodData | None
    fiscal_year: FiscalYearData
    codes: dict[str, str] | None = None  # ref → pseudonym, when pseudonymised
