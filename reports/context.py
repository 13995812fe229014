"""The DLA activity report's context: every figure the document shows, as plain data.

THE CONTRACT between the figures (``reports/build.py``, ``reports/gather.py``) and the document
(templates, charts, the workbook). A tree of frozen dataclasses holding plain values only:
``str``, ``int``, ``bool``, ``Decimal``, ``datetime.date``, tuples of these dataclasses, and
``None`` where a figure does not exist or was not stated (the document writes "non renseigné" /
"not stated"). Nothing here is formatted: the document formats numbers, euros, percentages and
dates with Babel in its locale.

Conventions (docs/reports.md, "Figures"):

- **Euros** are ``Decimal`` with two decimals (``Decimal("1078.00")``), exact.
- **Ratios** are ``Decimal`` rounded half-up to 4 decimals (``Decimal("0.8333")``), in [0, 1]
  (a balance index in [−1, 1]); a percentage is a ratio the document multiplies by 100.
- **Hours** are ``Decimal`` (exact: thousandths at most); **FTE** (ETP) are ``Decimal`` rounded
  half-up to 2 decimals, 1 FTE = :data:`FTE_HOURS` hours a year.
- **Periods** are half-open: ``start`` is the first day, ``end`` the day after the last;
  ``last_day`` is given for the document's convenience.
- A **member** is named by ``member`` (its ref, or its pseudonym code) and ``name`` (its
  organisation name, or the same code when pseudonymised): with ``pseudonymised`` nothing in the
  context names a member but by its code. No person is ever named: no contact, no e-mail, no
  person's hours.
- Lists a PDF can hold are short (at most :data:`TOP_N` rows, or one per class); the lists with
  a row per member live under :attr:`DlaContext.workbook` (:class:`WorkbookTables`) and go to the
  workbook only.
- Every indicator carries its ``unit`` (:data:`Unit`) so the document formats it without
  guessing.

Changes to this module only ever ADD fields (with defaults where possible): the document is
built against it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, Literal

SCHEMA_VERSION: Final = 1
"""Raised when a field's meaning changes (fields are only ever added otherwise)."""

FTE_HOURS: Final = Decimal(1607)
"""Hours in one full-time equivalent (ETP) a year: the French legal working year (35 h × 52 weeks
less holidays and public holidays: 1,607 h), stated in the report."""

TOP_N: Final = 20
"""The longest list of members the PDF shows (e.g. the 20 largest givers)."""

Unit = Literal["count", "eur", "ratio", "index", "hours", "fte", "date", "text"]
"""How a value is written: a count, euros, a ratio (a percentage), a balance index (−1 to 1,
written as a number), hours, full-time equivalents, a date, a text."""

Source = Literal["snapshot", "computed"]
"""Where a status count comes from: a kept daily snapshot of that day, or the evaluation
computed for the report (no snapshot was kept that day)."""

Lang = Literal["fr", "en"]


# -- shared pieces --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """``[start, end)``; ``last_day`` is ``end`` − 1 day."""

    start: dt.date
    end: dt.date
    last_day: dt.date


@dataclass(frozen=True, slots=True, kw_only=True)
class MethodNote:
    """How one figure is computed: ``key`` (the figure, e.g. ``participation_rate``), ``title``
    (its name, in the report's language), ``text`` (one or two sentences, in the report's
    language) and ``doc`` (the section of the project's documentation holding its formula, as a
    repository path with an anchor: ``docs/scoring.md#5-the-network``)."""

    key: str
    title: str
    text: str
    doc: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Count:
    """A class (a status, a discipline, a département, a form…) and its count. ``key`` is the
    code (``compliant``, ``93``, ``théâtre``, ``?`` when not stated); ``label`` what the document
    may print (the code itself where the vocabulary has no label)."""

    key: str
    label: str
    count: int


# -- cover and identity ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleCriterion:
    """One criterion of the participation rule: ``criterion`` (``meetings_attended``…), its
    threshold ``min`` (int for counts, Decimal for hours and euros, None for state criteria),
    ``unit`` of that threshold, and its filters."""

    criterion: str
    min: int | Decimal | None
    unit: Unit
    mandatory_only: bool = False
    kinds: tuple[str, ...] = ()
    min_volume_eur: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleTier:
    """The criteria asked of one membership tier instead of the general ones."""

    tier: str
    criteria: tuple[RuleCriterion, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """The rule version in force over the period (the one in effect on its first day)."""

    ref: str
    effective_from: dt.date
    period_kind: str  # calendar_year, season, rolling_12_months
    grace_days: int
    criteria: tuple[RuleCriterion, ...]
    tiers: tuple[RuleTier, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FiscalYear:
    """The network's fiscal year the valorisation covers: ``label`` is ``2026`` for a calendar
    year, ``2025-2026`` for one straddling two years."""

    label: str
    start: dt.date
    end: dt.date
    last_day: dt.date
    first_day_mm_dd: str  # the network's fiscal year start, "01-01" for the calendar year


@dataclass(frozen=True, slots=True, kw_only=True)
class Cover:
    network_ref: str
    network_name: str
    period: Period
    generated_on: dt.date
    rule: Rule | None  # None: no participation rule was in effect
    fiscal_year: FiscalYear


@dataclass(frozen=True, slots=True, kw_only=True)
class Identity:
    """The network's identity. Every field the network has not stated is ``None`` (the
    document prints "non renseigné"); the signatory (a person) is not part of the DLA report."""

    name: str
    legal_name: str | None = None
    siret: str | None = None
    rna: str | None = None
    legal_form: str | None = None
    creation_year: int | None = None
    territory: str | None = None
    address_street: str | None = None
    address_postcode: str | None = None
    address_city: str | None = None
    timezone: str | None = None
    period_kind: str | None = None
    parent_name: str | None = None  # the federation it belongs to
    general_assemblies_per_year: int | None = None  # as its statutes require
    board_meetings_per_year: int | None = None  # as its statutes require
    fiscal_year_start: str | None = None  # MM-DD


# -- governance -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class GovernanceMeeting:
    """One general assembly or board meeting held in the period. ``expected``: the member
    organisations expected (every member on that day for a general assembly; the members of
    the ``board`` tier for a board meeting); ``present``: the organisations present among all
    (whoever came); ``attendance_rate`` = ``present_expected / expected``."""

    date: dt.date
    kind: str  # general_assembly, board
    mandatory: bool
    duration_hours: Decimal
    expected: int
    present: int
    present_expected: int
    excused: int
    attendance_rate: Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GovernanceBody:
    """General assemblies or board meetings over the period: how many were held against how
    many are required (``required``: for the period, from ``required_source``: ``statutes``
    (the network's stated yearly count, pro rata of the period's length) or ``rule`` (the
    mandatory meetings of this kind the participation rule asks members to attend); ``None``
    when neither says: "non renseigné"), and the mean attendance rate over them."""

    kind: str  # general_assembly, board
    held: int
    required: int | None
    required_source: Literal["statutes", "rule"] | None
    meets_requirement: bool | None
    mean_attendance_rate: Decimal | None
    meetings: tuple[GovernanceMeeting, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Governance:
    general_assemblies: GovernanceBody
    board: GovernanceBody
    mandatory_meetings_held: int  # every kind: the meetings the rule's mandatory_meetings covers
    mandatory_meetings_in_rule: bool  # whether the rule asks members to attend them


# -- membership -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class MembershipClass:
    """One class of members (a discipline, a département, a size, employer or not): members on
    the period's first and last days, arrivals and departures during it."""

    key: str
    label: str
    at_start: int
    at_end: int
    arrivals: int
    departures: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Membership:
    """Member organisations: ``at_start`` on the eve of the period's first day (``start_day``:
    the close of the previous period) and ``at_end`` on its last day (``end_day``): members
    whose membership covers that day, suspended ones included (``suspended_*`` of them);
    ``arrivals``: memberships begun in the period by organisations that were not members the
    day before (rejoining counts); ``departures``: memberships ended in the period not followed
    by another the next day; so ``at_end = at_start + arrivals − departures``. A member with
    several disciplines counts in each."""

    at_start: int
    at_end: int
    suspended_at_start: int
    suspended_at_end: int
    arrivals: int
    departures: int
    by_discipline: tuple[MembershipClass, ...]
    by_departement: tuple[MembershipClass, ...]
    by_size: tuple[MembershipClass, ...]
    by_employer: tuple[MembershipClass, ...]
    by_tier: tuple[MembershipClass, ...]
    start_day: dt.date | None = None  # the day ``at_start`` counts: the eve of the first day
    end_day: dt.date | None = None  # the day ``at_end`` counts: the period's last day


# -- participation --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity:
    """Meetings of one working group, shared project or kind of meeting in the period:
    ``meetings`` held, ``attendances`` (member organisations present, summed over meetings),
    ``people`` (people present, summed), ``person_hours`` (duration × people), and
    ``members`` (enrolled members or partners at the period's end; None for a kind)."""

    key: str
    label: str
    meetings: int
    attendances: int
    people: int
    person_hours: Decimal
    members: int | None = None
    value_received_eur: Decimal | None = None  # what the group or project received (ledger)


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusCounts:
    """Members by status on one day of evaluation ``at`` (what is dated before ``at``
    counts): ``counts`` in the evaluator's order (non_compliant, at_risk, on_track, grace,
    compliant, exempt), zeros included; ``source`` says whether it was read from that day's
    kept snapshot or computed for the report."""

    at: dt.date
    month: str  # "2025-09": the month this status closes (at is the 1st of the next)
    evaluated: int
    counts: tuple[Count, ...]
    source: Source
    rule_set: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CriterionStanding:
    """One criterion at the period's end: members it applied to (exempt ones apart), how many
    met it, and the share."""

    criterion: str
    evaluated: int
    met: int
    exempt: int
    met_rate: Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Enforcement:
    """What the rule's enforcement did in the period, as counts only: reminders sent, cases
    opened for the period, decisions by kind, cases closed, and members under a restriction at
    the period's end."""

    reminders_sent: int
    cases_opened: int
    cases_closed: int
    decisions: tuple[Count, ...]  # warning, restriction, suspension_proposal, lift
    restricted_at_end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class FormHours:
    """Hours of one time-like form given by members in the period (person-hours for
    ``meeting``), and in FTE."""

    form: str
    hours: Decimal
    fte: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Participation:
    """Working groups and projects, meetings and attendance, hours, the rule and where members
    stand. ``volunteer_hours``: hours of the time-like forms members gave (time, meeting,
    knowledge, coproduction) — ``shared_staff`` (staff made available, paid by its employer)
    apart in ``shared_staff_hours``; FTE = hours / :data:`FTE_HOURS`."""

    groups: tuple[Activity, ...]
    projects: tuple[Activity, ...]
    meetings_by_kind: tuple[Activity, ...]
    meetings_held: int
    attendances: int
    person_hours: Decimal  # at meetings, all kinds
    hours_by_form: tuple[FormHours, ...]  # the time-like forms members gave
    volunteer_hours: Decimal
    volunteer_fte: Decimal
    shared_staff_hours: Decimal
    shared_staff_fte: Decimal
    fte_hours: Decimal  # 1607: stated beside the FTE
    rule: Rule | None
    status_at_end: StatusCounts | None
    status_by_month: tuple[StatusCounts, ...]
    criteria_at_end: tuple[CriterionStanding, ...]
    exemptions: int
    exemptions_all: int  # of which from every criterion
    enforcement: Enforcement


# -- mutualisation --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class FormShare:
    """One form over the period: entries and value (validated, meetings included), members
    giving it, ``share`` of the active members that gave it, beside ``national_share`` (the
    context document's share of employer cultural associations practising the matching form of
    mutualisation; None where it gives none)."""

    form: str
    entries: int
    value_eur: Decimal
    members_giving: int
    share: Decimal
    national_share: Decimal | None
    national_label: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Mutualisation:
    active_members: int
    forms: tuple[FormShare, ...]
    national_source: str  # the citation of the national shares


# -- reciprocity ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberBalance:
    """One member's given, received (euros), balance index (−1 … 1, None when it neither gave
    nor received), partner mutuality, distinct forms given, partners (members it exchanged
    with)."""

    member: str
    name: str
    given_eur: Decimal
    received_eur: Decimal
    balance_index: Decimal | None
    partner_mutuality: Decimal | None
    forms_given: int
    partners: int


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphNode:
    """A member of the exchange graph: its label (ref or code), département, what it gave and
    received, its balance index."""

    member: str
    name: str
    departement: str
    given_eur: Decimal
    received_eur: Decimal
    balance_index: Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphEdge:
    """Value given by one member to another over the period (one edge per direction)."""

    giver: str
    receiver: str
    value_eur: Decimal
    entries: int
    both_ways: bool  # the pair exchanged in both directions


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassReciprocity:
    """Reciprocity of one class of members (a département, a discipline, a size): active
    members, givers, participation rate, given, received, balance index; for départements, the
    value its members exchanged with members and the share of it that stayed local."""

    key: str
    label: str
    active_members: int
    givers: int
    participation_rate: Decimal | None
    given_eur: Decimal
    received_eur: Decimal
    balance_index: Decimal | None
    exchanged_eur: Decimal | None = None
    local_eur: Decimal | None = None
    local_share: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Flow:
    """Euros given by members of one département (``from_key``) to members of another."""

    from_key: str
    to_key: str
    value_eur: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Reciprocity:
    """The network's reciprocity over the period (docs/scoring.md §5, §11): indicators, the
    balance classes (``givers``: index above 1/3; ``reciprocal``: from −1/3 to 1/3;
    ``consumers``: below −1/3; ``inactive``: no index), the :data:`TOP_N` largest givers, the
    exchange graph (``graph_nodes``/``graph_edges``: every member and pair that exchanged —
    the chart's data; its table goes to the workbook), classes, flows between départements,
    and local anchoring: the share of the value exchanged between members of known
    départements that stayed inside one département."""

    members_reported: int
    active_members: int
    valued_total_eur: Decimal
    given_by_members_eur: Decimal
    mutuality: Decimal | None
    weighted_mutuality: Decimal | None
    participation_rate: Decimal | None
    gini: Decimal | None
    top20_share: Decimal | None
    local_share: Decimal | None
    pairs: int
    pairs_both_ways: int
    balance_classes: tuple[Count, ...]
    top_givers: tuple[MemberBalance, ...]
    graph_nodes: tuple[GraphNode, ...]
    graph_edges: tuple[GraphEdge, ...]
    by_departement: tuple[ClassReciprocity, ...]
    by_discipline: tuple[ClassReciprocity, ...]
    by_size: tuple[ClassReciprocity, ...]
    departement_flows: tuple[Flow, ...]


# -- valorisation ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CvnLine:
    """One account of the network's CVN: its number, its name in the chart of accounts, and the
    euros booked to it over the fiscal year; ``parts``: for 861 when premises and equipment are
    both booked to it (the default mapping), the share of each of its sub-accounts, 8611 locaux
    and 8612 matériels, by the form received ("dont"; they add up to the line)."""

    account: str
    label: str
    value_eur: Decimal
    parts: tuple[CvnLine, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountMapping:
    """One form and the accounts the network books it to (``None`` for money: not in kind);
    ``overridden``: the network chose them instead of ANC 2018-06's default."""

    form: str
    use: str | None
    use_label: str | None
    resource: str | None
    resource_label: str | None
    overridden: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLine:
    """A dated valuation rate of the network in force during the fiscal year."""

    form: str
    category: str | None
    eur_per_unit: Decimal
    unit: str
    effective_from: dt.date
    method: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SmicLine:
    """The SMIC brut horaire in effect from ``effective_from`` during the fiscal year, and the
    default hourly rate it gives with the network's charge coefficient."""

    effective_from: dt.date
    smic_eur: Decimal
    hourly_rate_eur: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class ValuationMethod:
    """How contributions are valued (ANC 2018-06 asks the annex to state it): ``value = quantity
    × rate in effect on the entry's day``, frozen at validation; the network's own rates; for a
    time-like form without one, SMIC brut horaire × ``charge_coefficient`` (``coefficient_stated``:
    the network stated it, else the default 1.25)."""

    charge_coefficient: Decimal
    coefficient_stated: bool
    method: str | None
    rates: tuple[RateLine, ...]
    smic: tuple[SmicLine, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FormValue:
    """Euros of one form received in kind by the network (its groups and projects included)."""

    form: str
    value_eur: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Valorisation:
    """The network's CVN for its fiscal year: uses (86x) and resources (87x), two tables whose
    totals are equal (they do not pair line by line); the value received by form; the mapping
    in force and the valuation method."""

    fiscal_year: FiscalYear
    uses: tuple[CvnLine, ...]
    uses_total_eur: Decimal
    resources: tuple[CvnLine, ...]
    resources_total_eur: Decimal
    by_form: tuple[FormValue, ...]  # what the network, its groups and projects received
    standard: str  # "ANC 2018-06"
    mapping: tuple[AccountMapping, ...]
    method: ValuationMethod


# -- brakes, comparison ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Brake:
    """An indicator of one of the brakes on cooperation the context document names (lack of
    time, of involvement, of reciprocity, of local anchoring): a share where higher means a
    stronger brake, ``None`` when it cannot be computed; ``definition`` is one sentence in the
    report's language; ``previous`` the same over the previous period (None when not
    compared)."""

    key: Literal["time", "involvement", "reciprocity", "local_anchoring"]
    title: str
    value: Decimal | None
    unit: Unit
    definition: str
    previous: Decimal | None = None
    doc: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator:
    """One indicator of a period (the comparison's rows)."""

    key: str
    title: str
    unit: Unit
    value: int | Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparedIndicator:
    """One indicator now, in the previous period and in the baseline period, with the changes
    (``now − then``; None where either is none or the period is not compared)."""

    key: str
    title: str
    unit: Unit
    now: int | Decimal | None
    previous: int | Decimal | None = None
    previous_change: int | Decimal | None = None
    baseline: int | Decimal | None = None
    baseline_change: int | Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """The period beside the previous one (on by default) and beside a baseline period (the DLA
    diagnosis, on request): the same indicators side by side."""

    period: Period
    previous: Period | None
    baseline: Period | None
    rows: tuple[ComparedIndicator, ...]


# -- the workbook's tables ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberRow:
    """One member of the period (workbook only): its attributes, membership and standing. No
    person: the organisation only."""

    member: str
    name: str
    departement: str
    disciplines: str  # comma-separated
    size: str
    employer: bool
    tier: str
    member_at_start: bool
    member_at_end: bool
    arrived: bool
    departed: bool
    status_at_end: str | None
    meetings_attended: int
    given_eur: Decimal
    received_eur: Decimal
    balance_index: Decimal | None
    partner_mutuality: Decimal | None
    forms_given: int
    local_share: Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberMonthStatus:
    """A member's status at the end of each month (workbook only)."""

    member: str
    name: str
    statuses: tuple[str | None, ...]  # in the order of WorkbookTables.months


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberForm:
    """What a member gave of each form, in euros (workbook only)."""

    member: str
    name: str
    values: tuple[Decimal, ...]  # in the order of WorkbookTables.forms


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkbookTables:
    """The tables with a row per member or per pair: the workbook's only, never the PDF's."""

    members: tuple[MemberRow, ...]
    months: tuple[str, ...]
    status_by_month: tuple[MemberMonthStatus, ...]
    forms: tuple[str, ...]
    given_by_form: tuple[MemberForm, ...]
    balances: tuple[MemberBalance, ...]  # every member, largest giver first
    edges: tuple[GraphEdge, ...]  # every member-to-member flow


# -- the whole ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Meta:
    schema_version: int
    lang: Lang
    pseudonymised: bool
    compared: bool
    fte_hours: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class DlaContext:
    """Everything the DLA activity report shows, section by section (DESIGN §6, issue 17)."""

    meta: Meta
    cover: Cover
    identity: Identity
    governance: Governance
    membership: Membership
    participation: Participation
    mutualisation: Mutualisation
    reciprocity: Reciprocity
    valorisation: Valorisation
    brakes: tuple[Brake, ...]
    comparison: Comparison | None
    method_notes: tuple[MethodNote, ...]
    workbook: WorkbookTables


# -- as JSON --------------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """The context (or any part of it) as JSON-ready data: dataclasses as dicts, tuples as lists,
    dates as ISO strings, Decimals as strings (exact)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
