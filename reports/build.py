"""The DLA report's context (:mod:`reports.context`) built from plain data
(:mod:`reports.inputs`): pure, no database and no web framework (the import-linter contract
``pure-core`` and ``tests/unit/reports/test_purity.py`` hold it to that).

Every figure a service computed arrives computed (:mod:`reports.gather`); what is built here
is counting and arranging: members present on a day, arrivals and departures, meetings and
attendance, statuses counted, shares of counts, the fiscal year, the comparison. The formulas
that exist in the pure core are called, never rewritten (the balance index of
:mod:`raviv.scoring.reciprocity`, the size classes of :mod:`raviv.scoring.crosstabs`, the default
hourly rate of :mod:`raviv.valuation`). docs/reports.md ("Figures") states every definition.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final, Literal

from raviv.lib import identity as identity_dates
from raviv.rules.evaluator import STANDING
from raviv.scoring.crosstabs import size_class
from raviv.scoring.reciprocity import balance_class, balance_index
from raviv.valuation import SMIC_BRUT_HORAIRE, TIME_LIKE_FORMS, default_hourly_rate
from raviv.vocabulary import CVN_ACCOUNT_LABELS, Form, MeetingKind
from reports import context as c
from reports.inputs import (
    Evaluated,
    FiscalYearData,
    GroupInfo,
    MeetingInfo,
    MemberInfo,
    PeriodData,
    ProjectInfo,
    ReportInputs,
    Span,
)

Progress = Callable[[int, str], Awaitable[None] | None]
"""What the caller hands over to follow the work: ``progress(percent, step)``, a plain function
(the CLI's bar) or a coroutine function (a job's ``ctx.progress``)."""


class Reporter:
    """Calls ``progress`` (if any), awaiting it when it is a coroutine function."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress

    async def __call__(self, percent: int, step: str) -> None:
        if self.progress is None:
            return
        outcome = self.progress(percent, step)
        if inspect.isawaitable(outcome):
            await outcome


RATIO: Final = Decimal("0.0001")
CENT: Final = Decimal("0.01")
UNKNOWN: Final = "?"
CALENDAR_YEAR: Final = identity_dates.CALENDAR_YEAR_START

NATIONAL_SHARES: Final[dict[str, tuple[Decimal, str, str]]] = {
    # form: (share, French wording of the source, English)
    Form.knowledge.value: (
        Decimal("0.68"),
        "partage régulier de l'information et de la connaissance",
        "regular sharing of information and knowledge",
    ),
    Form.equipment.value: (
        Decimal("0.51"),
        "partage ou prêt régulier de matériel",
        "regular sharing or lending of equipment",
    ),
    Form.premises.value: (Decimal("0.48"), "partage de locaux", "sharing premises"),
    Form.coproduction.value: (
        Decimal("0.46"),
        "co-réalisation de projets importants",
        "co-producing major projects",
    ),
    Form.shared_staff.value: (
        Decimal("0.135"),
        "emplois partagés (mise à disposition de personnel, groupements d'employeurs)",
        "shared employment (staff made available, employers' groups)",
    ),
}
"""The context document's shares of employer cultural associations practising each form of
mutualisation, matched to raviv's forms."""

NATIONAL_SOURCE: Final = {
    "fr": (
        "Formes de mutualisation des associations culturelles employeuses, dans « La coopération "
        "entre structures culturelles : état des lieux et pistes de développement » (webinaire "
        "avec Opale et l'UFISC ; fiches réalisées dans le cadre des hackathons « Les Jeux de "
        "Paris 2024 », financés par la Caisse d'Épargne Île-de-France)"
    ),
    "en": (
        "Forms of mutualisation of employer cultural associations, in « La coopération entre "
        "structures culturelles : état des lieux et pistes de développement » (webinar with Opale "
        "and UFISC; factsheets made for the « Les Jeux de Paris 2024 » hackathons, funded by the "
        "Caisse d'Épargne Île-de-France)"
    ),
}

BALANCE_CLASSES: Final = ("givers", "reciprocal", "consumers", "inactive")
DECISION_KINDS: Final = ("warning", "restriction", "suspension_proposal", "lift")
VOLUNTEER_FORMS: Final = tuple(
    form.value for form in Form if form in TIME_LIKE_FORMS and form != Form.shared_staff
)
TIME_FORMS: Final = tuple(form.value for form in Form if form in TIME_LIKE_FORMS)

# -- words ----------------------------------------------------------------------------------------

TITLES: Final[dict[str, tuple[str, str]]] = {
    "members_at_end": ("Membres en fin de période", "Members at the period's end"),
    "arrivals": ("Arrivées", "Arrivals"),
    "departures": ("Départs", "Departures"),
    "general_assemblies_held": ("Assemblées générales tenues", "General assemblies held"),
    "board_meetings_held": ("Conseils d'administration tenus", "Board meetings held"),
    "meetings_held": ("Réunions tenues", "Meetings held"),
    "person_hours": ("Heures de présence en réunion", "Person-hours at meetings"),
    "volunteer_hours": ("Heures bénévoles données", "Volunteer hours given"),
    "volunteer_fte": ("Temps bénévole (ETP)", "Volunteer time (FTE)"),
    "compliance_rate": ("Taux de conformité à la règle", "Compliance with the rule"),
    "participation_rate": ("Taux de participation", "Participation rate"),
    "mutuality": ("Mutualité du réseau", "Network mutuality"),
    "weighted_mutuality": ("Mutualité pondérée", "Weighted mutuality"),
    "gini": ("Concentration (Gini)", "Concentration (Gini)"),
    "top20_share": ("Part des 20 % plus gros contributeurs", "Share of the top 20 % givers"),
    "local_share": ("Ancrage local", "Local anchoring"),
    "valued_total_eur": ("Total valorisé", "Valued total"),
    "network_cvn_eur": ("CVN du réseau sur la période", "The network's CVN over the period"),
}

BrakeKey = Literal["time", "involvement", "reciprocity", "local_anchoring"]

BRAKES: Final[dict[BrakeKey, tuple[str, str, str, str]]] = {
    # key: (French title, English title, French definition, English definition)
    "time": (
        "Manque de temps",
        "Lack of time",
        "Part des membres évalués en fin de période dont le critère d'heures données de la "
        "règle n'est pas atteint (hors dispenses).",
        "Share of the members evaluated at the period's end whose hours-given criterion of the "
        "rule is not met (exemptions aside).",
    ),
    "involvement": (
        "Manque d'implication",
        "Lack of involvement",
        "Part des membres actifs qui n'ont rien donné de validé sur la période (1 − taux de "
        "participation).",
        "Share of the active members that gave nothing validated in the period (1 − the "
        "participation rate).",
    ),
    "reciprocity": (
        "Manque de réciprocité",
        "Lack of reciprocity",
        "Part de la valeur échangée entre membres qui n'est pas compensée par un retour "
        "(1 − mutualité pondérée).",
        "Share of the value exchanged between members that is not matched by a return "
        "(1 − weighted mutuality).",
    ),
    "local_anchoring": (
        "Manque d'ancrage local",
        "Lack of local anchoring",
        "Part de la valeur échangée entre membres de départements connus qui passe d'un "
        "département à un autre (1 − ancrage local).",
        "Share of the value exchanged between members of known départements that crosses from "
        "one département to another (1 − local anchoring).",
    ),
}

SCORING_DOC: Final = "docs/scoring.md"
RULES_DOC: Final = "docs/rules.md"
REPORTS_DOC: Final = "docs/reports.md"

NOTES: Final[dict[str, tuple[str, str, str, str, str]]] = {
    # key: (doc, French title, French text, English title, English text)
    "membership": (
        f"{REPORTS_DOC}#membership",
        "Membres",
        "Membres au début : ceux dont une adhésion (active ou suspendue) couvre la veille du "
        "premier jour de la période ; en fin : le dernier jour. Une arrivée est une adhésion "
        "commencée dans la période par une structure qui n'était pas membre la veille ; un départ, "
        "une adhésion terminée dans la période sans autre le lendemain ; ainsi fin = début + "
        "arrivées − départs. Une structure à plusieurs disciplines compte dans chacune.",
        "Members",
        "Members at the start: those whose membership (active or suspended) covers the eve of the "
        "period's first day; at the end: its last day. An arrival is a membership begun in the "
        "period by an organisation that was not a member the day before; a departure, one ended "
        "in the period with no other the next day; so end = start + arrivals − departures. An "
        "organisation with several disciplines counts in each.",
    ),
    "governance": (
        f"{REPORTS_DOC}#governance",
        "Gouvernance",
        "Assemblées générales et conseils d'administration tenus dans la période (réunions de "
        "ces types), comparés au nombre annuel prévu par les statuts (la période dure douze "
        "mois), ou à défaut au nombre de réunions de ce type que la règle demande d'assister. "
        "Taux de présence : structures présentes parmi celles attendues (tous les membres pour "
        "une AG, les membres du collège « board » pour un CA), cumulé sur les réunions.",
        "Governance",
        "General assemblies and board meetings held in the period (meetings of those kinds), "
        "against the yearly number the statutes require (a period lasts twelve months), or else "
        "the number of meetings of that kind the rule asks members to attend. Attendance rate: "
        "organisations present among those expected (every member for a general assembly, the "
        "members of the board tier for a board meeting), pooled over the meetings.",
    ),
    "participation": (
        f"{REPORTS_DOC}#participation",
        "Participation et temps donné",
        "Réunions, présences (structures présentes) et heures de présence (durée × personnes) "
        "des réunions de la période ; heures des formes en temps données par les membres "
        "(écritures validées, hors paires d'annulation). Temps bénévole : temps, réunions, "
        "savoirs et co-réalisation ; la mise à disposition de personnel est à part. "
        "1 ETP = 1 607 heures par an.",
        "Participation and time given",
        "Meetings, attendances (organisations present) and person-hours (duration × people) "
        "of the period's meetings; hours of the time-like forms members gave (validated entries, "
        "reversal pairs aside). Volunteer time: time, meetings, knowledge and coproduction; "
        "staff made available is apart. 1 FTE = 1,607 hours a year.",
    ),
    "status": (
        f"{RULES_DOC}#status",
        "Statuts au regard de la règle",
        "Chaque membre évalué à une date : ce qui est daté avant cette date compte. La "
        "répartition de fin de période est l'évaluation au lendemain du dernier jour (ou à la "
        "date du rapport si la période n'est pas finie).",
        "Statuses against the rule",
        "Every member evaluated on a date: what is dated before it counts. The period's end is "
        "the evaluation on the day after its last day (or on the report's date when the period "
        "is not over).",
    ),
    "months": (
        f"{RULES_DOC}#snapshots-and-a-members-timeline",
        "Statuts mois par mois",
        "Fin de chaque mois : l'évaluation du premier jour du mois suivant.",
        "Statuses month by month",
        "The end of each month: the evaluation on the first day of the next.",
    ),
    "mutualisation": (
        f"{SCORING_DOC}#5-the-network",
        "Mutualisation par forme",
        "Pour chaque forme, la part des membres actifs qui l'ont donnée au moins une fois "
        "(écritures validées), à côté de la part nationale des associations culturelles "
        "employeuses qui pratiquent la forme correspondante.",
        "Mutualisation by form",
        "For each form, the share of the active members that gave it at least once (validated "
        "entries), beside the national share of employer cultural associations practising the "
        "matching form.",
    ),
    "reciprocity": (
        f"{SCORING_DOC}#5-the-network",
        "Réciprocité",
        "Donné G et reçu R en euros ; indice d'équilibre (G − R) / (G + R) ; mutualité : paires "
        "de membres ayant échangé dans les deux sens / paires ayant échangé ; pondérée : "
        "Σ 2·min / Σ total ; participation : membres actifs ayant donné / membres actifs ; "
        "concentration : Gini des dons des membres actifs et part des 20 % plus gros.",
        "Reciprocity",
        "Given G and received R in euros; balance index (G − R) / (G + R); mutuality: pairs of "
        "members that exchanged both ways / pairs that exchanged; weighted: Σ 2·min / Σ total; "
        "participation: active members that gave / active members; concentration: the Gini of "
        "what active members gave and the top 20 %'s share.",
    ),
    "balance": (
        f"{SCORING_DOC}#4-per-member",
        "Classes d'équilibre",
        "Contributeurs : indice au-dessus de 1/3 ; réciproques : de −1/3 à 1/3 ; "
        "consommateurs : en dessous de −1/3 ; inactifs : ni donné ni reçu.",
        "Balance classes",
        "Givers: index above 1/3; reciprocal: from −1/3 to 1/3; consumers: below −1/3; "
        "inactive: neither gave nor received.",
    ),
    "local_anchoring": (
        f"{SCORING_DOC}#11-cross-tabulations-discipline-département-size",
        "Ancrage local",
        "Part de la valeur échangée entre membres de départements connus qui reste à "
        "l'intérieur d'un même département.",
        "Local anchoring",
        "Share of the value exchanged between members of known départements that stays inside "
        "one département.",
    ),
    "cvn": (
        f"{SCORING_DOC}#2-valuation",
        "Contributions volontaires en nature",
        "Ce que le réseau, ses groupes et ses projets ont reçu en nature sur l'exercice, par "
        "compte d'emploi (86x) et de ressource (87x) selon la correspondance en vigueur ; les "
        "deux totaux sont égaux. Valeur = quantité × taux en vigueur à la date de l'écriture, "
        "figée à la validation ; sans taux pour une forme en temps, SMIC brut horaire × "
        "coefficient de charges.",
        "Contributions in kind (CVN)",
        "What the network, its groups and projects received in kind over the fiscal year, by "
        "use account (86x) and resource account (87x) under the mapping in force; the two totals "
        "are equal. Value = quantity × the rate in effect on the entry's day, frozen at "
        "validation; without a rate for a time-like form, the SMIC brut horaire × the charge "
        "coefficient.",
    ),
    "comparison": (
        f"{SCORING_DOC}#10-trend",
        "Comparaison",
        "La période précédente est celle de même durée juste avant ; la période de référence, "
        "celle choisie (le diagnostic du DLA). Écart = maintenant − alors.",
        "Comparison",
        "The previous period is the one of the same length just before; the baseline, the one "
        "chosen (the DLA's diagnosis). Change = now − then.",
    ),
    "brakes": (
        f"{REPORTS_DOC}#brakes",
        "Freins à la coopération",
        "Quatre freins du document de contexte (manque de temps, d'implication, de "
        "réciprocité, d'ancrage local), chacun mesuré par une part : plus elle est haute, plus "
        "le frein est fort.",
        "Brakes on cooperation",
        "Four brakes of the context document (lack of time, of involvement, of reciprocity, "
        "of local anchoring), each measured by a share: the higher, the stronger the brake.",
    ),
}


def _lang(lang: c.Lang, pair: tuple[str, str]) -> str:
    return pair[0] if lang == "fr" else pair[1]


# -- numbers --------------------------------------------------------------------------------------


def ratio(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """A share rounded half-up to 4 decimals; None over 0."""
    if denominator == 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATIO, rounding=ROUND_HALF_UP)


def written_ratio(value: Any) -> Decimal | None:
    """A ratio as a service's JSON writes it (``0.7714``, ``1``, ``null``) as a Decimal with
    4 decimals (its repr is exactly the digits written)."""
    if value is None:
        return None
    return Decimal(repr(value)).quantize(RATIO, rounding=ROUND_HALF_UP)


def euros(value: Any) -> Decimal:
    """Euros as a service gives them (``"310.00"`` or a Decimal) with two decimals."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def hours_of(value: Decimal) -> Decimal:
    """Hours with two decimals (exact: quantities are thousandths, rounded half-up)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fte(hours: Decimal) -> Decimal:
    return (hours / c.FTE_HOURS).quantize(CENT, rounding=ROUND_HALF_UP)


def _cents(value: Decimal) -> int:
    return int(value.scaleb(2))


def _change(now: Any, then: Any) -> Any:
    if now is None or then is None:
        return None
    return now - then


# -- dates ----------------------------------------------------------------------------------------


def period_of(start: dt.date, end: dt.date) -> c.Period:
    return c.Period(start=start, end=end, last_day=end - dt.timedelta(days=1))


def fiscal_year_start_of(identity: Mapping[str, Any]) -> str:
    """The network's fiscal year start ``MM-DD`` (``01-01``: the calendar year when not
    stated)."""
    start = identity.get("fiscal_year_start")
    if isinstance(start, Mapping):
        start = start.get("mm_dd")
    return str(start) if start else CALENDAR_YEAR


def fiscal_year_span(
    mm_dd: str, last_day: dt.date, year: int | None = None
) -> tuple[str, tuple[dt.date, dt.date], str]:
    """The fiscal year to value: the one ending in ``year`` (its last day falls in that year:
    the French "exercice N"), else the one the period's ``last_day`` falls in
    (:mod:`raviv.lib.identity`). Returns the network's fiscal year start ``MM-DD``, ``[first
    day, first day of the next)`` and its label (``2026``, or ``2025-2026`` when it straddles two
    years)."""
    if year is None:
        span = identity_dates.fiscal_year_containing(mm_dd, last_day)
    else:
        starts_in = year if mm_dd == CALENDAR_YEAR else year - 1
        span = identity_dates.fiscal_year_starting_in(mm_dd, starts_in)
    return mm_dd, span, identity_dates.fiscal_year_label(mm_dd, span[0])


def month_label(at: dt.date) -> str:
    """The month an evaluation on ``at`` closes: the month of the day before."""
    day = at - dt.timedelta(days=1)
    return f"{day.year:04d}-{day.month:02d}"


# -- names ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Namer:
    """How members are named in the context: by ref and name, or by their code only."""

    names: Mapping[str, str]
    codes: Mapping[str, str] | None

    def member(self, ref: str) -> str:
        if self.codes is None:
            return ref
        return self.codes.get(ref, "M-?")

    def name(self, ref: str) -> str:
        if self.codes is not None:
            return self.member(ref)
        return self.names.get(ref, ref)

    def order(self, ref: str) -> tuple[str, str]:
        """Sorting members for lists: by name (by code when pseudonymised: a list in the order
        of the names would betray them)."""
        return (self.name(ref).casefold(), self.member(ref))


# -- membership -----------------------------------------------------------------------------------


def covering(spans: Sequence[Span], day: dt.date) -> Span | None:
    for span in spans:
        if span.start <= day and (span.end is None or day < span.end):
            return span
    return None


@dataclass(frozen=True, slots=True)
class MemberMoves:
    """One member over a period: member on the eve of its first day and on its last day
    (suspended or not), arrivals and departures in it."""

    at_start: bool
    at_end: bool
    suspended_at_start: bool
    suspended_at_end: bool
    arrivals: int
    departures: int


def moves(member: MemberInfo, start: dt.date, end: dt.date) -> MemberMoves:
    eve, last = start - dt.timedelta(days=1), end - dt.timedelta(days=1)
    first_span, last_span = covering(member.memberships, eve), covering(member.memberships, last)
    arrivals = sum(
        1
        for span in member.memberships
        if start <= span.start < end
        and covering(member.memberships, span.start - dt.timedelta(days=1)) is None
    )
    departures = sum(
        1
        for span in member.memberships
        if span.end is not None
        and start <= span.end < end
        and covering(member.memberships, span.end) is None
    )
    return MemberMoves(
        at_start=first_span is not None,
        at_end=last_span is not None,
        suspended_at_start=first_span is not None and first_span.status == "suspended",
        suspended_at_end=last_span is not None and last_span.status == "suspended",
        arrivals=arrivals,
        departures=departures,
    )


def active_on(member: MemberInfo, day: dt.date) -> bool:
    span = covering(member.memberships, day)
    return span is not None and span.status == "active"


def _classes(member: MemberInfo, dimension: str) -> tuple[str, ...]:
    if dimension == "discipline":
        return member.disciplines or (UNKNOWN,)
    if dimension == "departement":
        return (member.departement or UNKNOWN,)
    if dimension == "size":
        return (size_class(member.employer, member.headcount_fte).value,)
    if dimension == "employer":
        return ("employer" if member.employer else "non_employer",)
    return (member.tier or UNKNOWN,)


SIZE_ORDER: Final = (
    "no_staff",
    "fte_under_3",
    "fte_3_to_10",
    "fte_10_plus",
    "employer_fte_unstated",
)


def _class_sort(dimension: str, key: str) -> tuple[int, str]:
    if key == UNKNOWN:
        return (2, key)
    if dimension == "size":
        return (0, f"{SIZE_ORDER.index(key):02d}" if key in SIZE_ORDER else key)
    if dimension == "employer":
        return (0, "0" if key == "employer" else "1")
    return (0, key)


def membership_section(
    members: Sequence[MemberInfo], start: dt.date, end: dt.date
) -> tuple[c.Membership, dict[str, MemberMoves]]:
    found = {m.ref: moves(m, start, end) for m in members}

    def by(dimension: str) -> tuple[c.MembershipClass, ...]:
        sums: dict[str, list[int]] = {}
        for member in members:
            move = found[member.ref]
            if not (move.at_start or move.at_end or move.arrivals or move.departures):
                continue
            for key in _classes(member, dimension):
                line = sums.setdefault(key, [0, 0, 0, 0])
                line[0] += move.at_start
                line[1] += move.at_end
                line[2] += move.arrivals
                line[3] += move.departures
        return tuple(
            c.MembershipClass(
                key=key,
                label=key,
                at_start=line[0],
                at_end=line[1],
                arrivals=line[2],
                departures=line[3],
            )
            for key, line in sorted(sums.items(), key=lambda item: _class_sort(dimension, item[0]))
        )

    moved = found.values()
    section = c.Membership(
        at_start=sum(m.at_start for m in moved),
        at_end=sum(m.at_end for m in moved),
        suspended_at_start=sum(m.suspended_at_start for m in moved),
        suspended_at_end=sum(m.suspended_at_end for m in moved),
        arrivals=sum(m.arrivals for m in moved),
        departures=sum(m.departures for m in moved),
        by_discipline=by("discipline"),
        by_departement=by("departement"),
        by_size=by("size"),
        by_employer=by("employer"),
        by_tier=by("tier"),
        start_day=start - dt.timedelta(days=1),
        end_day=end - dt.timedelta(days=1),
    )
    return section, found


# -- the rule -------------------------------------------------------------------------------------

CRITERION_UNITS: Final[dict[str, c.Unit]] = {
    "meetings_attended": "count",
    "groups_enrolled": "count",
    "forms_given": "count",
    "hours_given": "hours",
    "value_given": "eur",
    "balance_index": "index",
    "mandatory_meetings": "count",
    "dues_paid": "count",
}


def rule_in_force(rule_sets: Sequence[Mapping[str, Any]], day: dt.date) -> Mapping[str, Any] | None:
    """The rule set in effect on ``day`` (the latest ``effective_from`` on or before it)."""
    in_effect = [r for r in rule_sets if _date(r["effective_from"]) <= day]
    return max(in_effect, key=lambda r: _date(r["effective_from"]), default=None)


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _criterion(raw: Mapping[str, Any]) -> c.RuleCriterion:
    name = str(raw["criterion"])
    threshold = raw.get("min")
    if threshold is not None and not isinstance(threshold, int):
        threshold = Decimal(str(threshold))
    volume = raw.get("min_volume_eur")
    return c.RuleCriterion(
        criterion=name,
        min=threshold,
        unit=CRITERION_UNITS.get(name, "count"),
        mandatory_only=bool(raw.get("mandatory_only", False)),
        kinds=tuple(str(k) for k in raw.get("kinds", ())),
        min_volume_eur=None if volume is None else Decimal(str(volume)),
    )


def rule_summary(raw: Mapping[str, Any] | None) -> c.Rule | None:
    if raw is None:
        return None
    return c.Rule(
        ref=str(raw["ref"]),
        effective_from=_date(raw["effective_from"]),
        period_kind=str(raw["period"]),
        grace_days=int(raw["grace_days"]),
        criteria=tuple(_criterion(x) for x in raw["criteria"]),
        tiers=tuple(
            c.RuleTier(tier=str(t["tier"]), criteria=tuple(_criterion(x) for x in t["criteria"]))
            for t in raw.get("tiers", ())
        ),
    )


# -- governance -----------------------------------------------------------------------------------


def _present(meeting: MeetingInfo) -> set[str]:
    return {p.member for p in meeting.attendance if p.people > 0 and not p.excused}


def _required_by_rule(rule: c.Rule | None, kind: str) -> int | None:
    """The meetings of ``kind`` the rule asks every member to attend, when a criterion counts
    meetings of that kind only."""
    if rule is None:
        return None
    for criterion in rule.criteria:
        if (
            criterion.criterion == "meetings_attended"
            and criterion.kinds == (kind,)
            and isinstance(criterion.min, int)
        ):
            return criterion.min
    return None


def governance_body(
    kind: str,
    meetings: Sequence[MeetingInfo],
    members: Sequence[MemberInfo],
    per_year: int | None,
    rule: c.Rule | None,
) -> c.GovernanceBody:
    held = [m for m in meetings if m.kind == kind]
    lines = []
    for meeting in held:
        expected = {
            m.ref
            for m in members
            if active_on(m, meeting.date) and (kind != MeetingKind.board.value or m.tier == "board")
        }
        present = _present(meeting)
        lines.append(
            c.GovernanceMeeting(
                date=meeting.date,
                kind=kind,
                mandatory=meeting.mandatory,
                duration_hours=meeting.duration_hours,
                expected=len(expected),
                present=len(present),
                present_expected=len(present & expected),
                excused=sum(1 for p in meeting.attendance if p.excused),
                attendance_rate=ratio(len(present & expected), len(expected)),
            )
        )
    required: int | None
    source: Any
    if per_year is not None:
        required, source = per_year, "statutes"
    else:
        required = _required_by_rule(rule, kind)
        source = None if required is None else "rule"
    return c.GovernanceBody(
        kind=kind,
        held=len(held),
        required=required,
        required_source=source,
        meets_requirement=None if required is None else len(held) >= required,
        mean_attendance_rate=ratio(
            sum(line.present_expected for line in lines), sum(line.expected for line in lines)
        ),
        meetings=tuple(lines),
    )


def governance_section(
    data: PeriodData,
    members: Sequence[MemberInfo],
    identity: Mapping[str, Any],
    rule: c.Rule | None,
) -> c.Governance:
    statutes = identity.get("statutes") or {}
    assemblies = identity.get(
        "general_assemblies_per_year", statutes.get("general_assemblies_per_year")
    )
    boards = identity.get("board_meetings_per_year", statutes.get("board_meetings_per_year"))
    return c.Governance(
        general_assemblies=governance_body(
            MeetingKind.general_assembly.value, data.meetings, members, assemblies, rule
        ),
        board=governance_body(MeetingKind.board.value, data.meetings, members, boards, rule),
        mandatory_meetings_held=sum(1 for m in data.meetings if m.mandatory),
        mandatory_meetings_in_rule=rule is not None
        and any(x.criterion == "mandatory_meetings" for x in rule.criteria),
    )


# -- participation --------------------------------------------------------------------------------


def _activity(
    key: str,
    label: str,
    meetings: Iterable[MeetingInfo],
    members: int | None = None,
    value: Decimal | None = None,
) -> c.Activity:
    held = list(meetings)
    return c.Activity(
        key=key,
        label=label,
        meetings=len(held),
        attendances=sum(len(_present(m)) for m in held),
        people=sum(p.people for m in held for p in m.attendance if not p.excused),
        person_hours=hours_of(
            sum(
                (m.duration_hours * p.people for m in held for p in m.attendance if not p.excused),
                Decimal(0),
            )
        ),
        members=members,
        value_received_eur=value,
    )


def _enrolled(group: GroupInfo, day: dt.date) -> int:
    return len(
        {
            member
            for member, start, end in group.enrolments
            if start <= day and (end is None or day < end)
        }
    )


def status_counts(evaluated: Evaluated) -> c.StatusCounts:
    members = evaluated.document["members"]
    found = Counter(str(m["status"]) for m in members)
    return c.StatusCounts(
        at=evaluated.at,
        month=month_label(evaluated.at),
        evaluated=len(members),
        counts=tuple(
            c.Count(key=status.value, label=status.value, count=found.get(status.value, 0))
            for status in STANDING
        ),
        source=evaluated.source,
        rule_set=str(evaluated.document["rule_set"]),
    )


def criteria_standing(evaluated: Evaluated) -> tuple[c.CriterionStanding, ...]:
    order: list[str] = []
    sums: dict[str, list[int]] = {}
    for member in evaluated.document["members"]:
        for line in member.get("criteria", ()):
            name = str(line["criterion"])
            if name not in sums:
                order.append(name)
                sums[name] = [0, 0, 0]
            if line.get("exempt"):
                sums[name][2] += 1
                continue
            sums[name][0] += 1
            sums[name][1] += bool(line["met"])
    return tuple(
        c.CriterionStanding(
            criterion=name,
            evaluated=sums[name][0],
            met=sums[name][1],
            exempt=sums[name][2],
            met_rate=ratio(sums[name][1], sums[name][0]),
        )
        for name in order
    )


def hours_given(data: PeriodData) -> dict[str, Decimal]:
    """Hours of each time-like form members gave: contributions, and meetings from attendance."""
    hours = {form: data.member_hours.get(form, Decimal(0)) for form in TIME_FORMS}
    meeting_hours = _activity("", "", data.meetings).person_hours
    hours[Form.meeting.value] = hours.get(Form.meeting.value, Decimal(0)) + meeting_hours
    return {form: hours_of(value) for form, value in hours.items()}


def participation_section(
    inputs: ReportInputs, data: PeriodData, rule: c.Rule | None, lang: c.Lang
) -> c.Participation:
    last = data.end - dt.timedelta(days=1)
    groups = tuple(
        _activity(
            group.ref,
            group.name,
            (m for m in data.meetings if m.group == group.ref),
            members=_enrolled(group, last),
            value=data.received_by_party.get(f"group:{group.ref}", Decimal("0.00")),
        )
        for group in inputs.groups
    )
    projects = tuple(
        _activity(
            project.ref,
            project.name,
            (m for m in data.meetings if m.project == project.ref),
            members=len({project.lead, *project.partners}),
            value=data.received_by_party.get(f"project:{project.ref}", Decimal("0.00")),
        )
        for project in inputs.projects
        if _project_meets(project, data.start, data.end)
    )
    kinds = tuple(
        _activity(kind.value, kind.value, (m for m in data.meetings if m.kind == kind.value))
        for kind in MeetingKind
        if any(m.kind == kind.value for m in data.meetings)
    )
    everything = _activity("all", "all", data.meetings)
    hours = hours_given(data)
    volunteer = sum((hours[f] for f in VOLUNTEER_FORMS), Decimal(0))
    staff = hours[Form.shared_staff.value]
    exemptions = data.exemptions
    enforcement = data.enforcement
    return c.Participation(
        groups=groups,
        projects=projects,
        meetings_by_kind=kinds,
        meetings_held=everything.meetings,
        attendances=everything.attendances,
        person_hours=everything.person_hours,
        hours_by_form=tuple(
            c.FormHours(form=form, hours=hours[form], fte=fte(hours[form])) for form in TIME_FORMS
        ),
        volunteer_hours=volunteer,
        volunteer_fte=fte(volunteer),
        shared_staff_hours=staff,
        shared_staff_fte=fte(staff),
        fte_hours=c.FTE_HOURS,
        rule=rule,
        status_at_end=None if data.evaluation is None else status_counts(data.evaluation),
        status_by_month=tuple(status_counts(month) for month in data.months),
        criteria_at_end=() if data.evaluation is None else criteria_standing(data.evaluation),
        exemptions=len(exemptions),
        exemptions_all=sum(1 for _, waived in exemptions if waived == "all"),
        enforcement=c.Enforcement(
            reminders_sent=0 if enforcement is None else enforcement.reminders_sent,
            cases_opened=0 if enforcement is None else enforcement.cases_opened,
            cases_closed=0 if enforcement is None else enforcement.cases_closed,
            decisions=tuple(
                c.Count(
                    key=kind,
                    label=kind,
                    count=0 if enforcement is None else enforcement.decisions.get(kind, 0),
                )
                for kind in DECISION_KINDS
            ),
            restricted_at_end=0 if enforcement is None else enforcement.restricted_at_end,
        ),
    )


def _project_meets(project: ProjectInfo, start: dt.date, end: dt.date) -> bool:
    return project.starts_on < end and (project.ends_on is None or project.ends_on > start)


# -- mutualisation --------------------------------------------------------------------------------


def mutualisation_section(data: PeriodData, lang: c.Lang) -> c.Mutualisation:
    shares = []
    for row in data.forms:
        national = NATIONAL_SHARES.get(str(row["form"]))
        shares.append(
            c.FormShare(
                form=str(row["form"]),
                entries=int(row["entries"]),
                value_eur=euros(row["value_eur"]),
                members_giving=int(row["members_giving"]),
                share=written_ratio(row["share"]) or Decimal("0.0000"),
                national_share=None if national is None else national[0],
                national_label=None
                if national is None
                else _lang(lang, (national[1], national[2])),
            )
        )
    return c.Mutualisation(
        active_members=len(data.active_members),
        forms=tuple(shares),
        national_source=NATIONAL_SOURCE[lang],
    )


# -- reciprocity ----------------------------------------------------------------------------------


def _balance(member: Mapping[str, Any]) -> Decimal | None:
    index = balance_index(_cents(euros(member["given_eur"])), _cents(euros(member["received_eur"])))
    return None if index is None else index.quantize(RATIO, rounding=ROUND_HALF_UP)


def _balance_class(given: Decimal, received: Decimal) -> str:
    return balance_class(balance_index(_cents(given), _cents(received)))


def _partners(pairs: Sequence[Mapping[str, Any]]) -> Counter[str]:
    counted: Counter[str] = Counter()
    for pair in pairs:
        counted[str(pair["a"])] += 1
        counted[str(pair["b"])] += 1
    return counted


def balances(data: PeriodData, namer: Namer) -> list[c.MemberBalance]:
    partners = _partners(data.pairs)
    rows = [
        c.MemberBalance(
            member=namer.member(m["member"]),
            name=namer.name(m["member"]),
            given_eur=euros(m["given_eur"]),
            received_eur=euros(m["received_eur"]),
            balance_index=_balance(m),
            partner_mutuality=written_ratio(m["partner_mutuality"]),
            forms_given=int(m["forms_given"]),
            partners=partners.get(str(m["member"]), 0),
        )
        for m in data.reciprocity["members"]
    ]
    refs = {namer.member(m["member"]): str(m["member"]) for m in data.reciprocity["members"]}
    rows.sort(key=lambda row: (-row.given_eur, namer.order(refs[row.member])))
    return rows


def edges(data: PeriodData, namer: Namer) -> tuple[c.GraphEdge, ...]:
    found = []
    for pair in data.pairs:
        both = int(pair["entries_ab"]) > 0 and int(pair["entries_ba"]) > 0
        for giver, receiver, side in ((pair["a"], pair["b"], "ab"), (pair["b"], pair["a"], "ba")):
            cents = int(pair[f"value_{side}"])
            count = int(pair[f"entries_{side}"])
            if count:
                found.append(
                    c.GraphEdge(
                        giver=namer.member(str(giver)),
                        receiver=namer.member(str(receiver)),
                        value_eur=Decimal(cents).scaleb(-2),
                        entries=count,
                        both_ways=both,
                    )
                )
    found.sort(key=lambda e: (-e.value_eur, e.giver, e.receiver))
    return tuple(found)


def _class_rows(rows: Sequence[Mapping[str, Any]], local: bool) -> tuple[c.ClassReciprocity, ...]:
    return tuple(
        c.ClassReciprocity(
            key=str(row["class"]),
            label=str(row["class"]),
            active_members=int(row["active_members"]),
            givers=int(row["givers"]),
            participation_rate=written_ratio(row["participation_rate"]),
            given_eur=euros(row["given_eur"]),
            received_eur=euros(row["received_eur"]),
            balance_index=written_ratio(row["balance_index"]),
            exchanged_eur=euros(row["exchanged_eur"]) if local else None,
            local_eur=euros(row["local_eur"]) if local else None,
            local_share=written_ratio(row["local_share"]) if local else None,
        )
        for row in rows
    )


def reciprocity_section(
    data: PeriodData, members: Sequence[MemberInfo], namer: Namer
) -> c.Reciprocity:
    report = data.reciprocity
    network = report["network"]
    crosstabs = report.get("crosstabs", {})
    every = balances(data, namer)
    classes = Counter(_balance_class(b.given_eur, b.received_eur) for b in every)
    departements = {m.ref: m.departement for m in members}
    refs = {namer.member(m["member"]): str(m["member"]) for m in report["members"]}
    nodes = tuple(
        c.GraphNode(
            member=b.member,
            name=b.name,
            departement=departements.get(refs[b.member], "") or UNKNOWN,
            given_eur=b.given_eur,
            received_eur=b.received_eur,
            balance_index=b.balance_index,
        )
        for b in every
        if b.given_eur or b.received_eur
    )
    flows = tuple(
        c.Flow(from_key=str(giver), to_key=str(receiver), value_eur=euros(value))
        for giver, row in sorted(crosstabs.get("departements", {}).items())
        for receiver, value in sorted(row.items())
    )
    return c.Reciprocity(
        members_reported=len(report["members"]),
        active_members=len(data.active_members),
        valued_total_eur=euros(network["valued_total_eur"]),
        given_by_members_eur=sum((b.given_eur for b in every), Decimal("0.00")),
        mutuality=written_ratio(network["mutuality"]),
        weighted_mutuality=written_ratio(network["weighted_mutuality"]),
        participation_rate=written_ratio(network["participation_rate"]),
        gini=written_ratio(network["gini"]),
        top20_share=written_ratio(network["top20_share"]),
        local_share=data.local_share,
        pairs=len(data.pairs),
        pairs_both_ways=sum(
            1 for p in data.pairs if int(p["entries_ab"]) > 0 and int(p["entries_ba"]) > 0
        ),
        balance_classes=tuple(
            c.Count(key=key, label=key, count=classes.get(key, 0)) for key in BALANCE_CLASSES
        ),
        top_givers=tuple(b for b in every if b.given_eur > 0)[: c.TOP_N],
        graph_nodes=nodes,
        graph_edges=edges(data, namer),
        by_departement=_class_rows(crosstabs.get("by_departement", ()), local=True),
        by_discipline=_class_rows(crosstabs.get("by_discipline", ()), local=False),
        by_size=_class_rows(crosstabs.get("by_size", ()), local=False),
        departement_flows=flows,
    )


# -- valorisation ---------------------------------------------------------------------------------


def _account_label(account: str, lang: c.Lang) -> str:
    labels = CVN_ACCOUNT_LABELS.get(account)
    return account if labels is None else _lang(lang, labels)


def _cvn_lines(values: Mapping[str, Decimal], lang: c.Lang) -> tuple[c.CvnLine, ...]:
    return tuple(
        c.CvnLine(account=account, label=_account_label(account, lang), value_eur=euros(value))
        for account, value in sorted(values.items())
    )


def rates_in_force(
    rates: Sequence[Mapping[str, Any]], start: dt.date, end: dt.date
) -> list[Mapping[str, Any]]:
    """The rates that applied on some day of ``[start, end)``: for each form and category, the
    last one in effect on ``start`` and those taking effect later in it."""
    kept = []
    keys = {(str(r["form"]), str(r.get("category") or "")) for r in rates}
    form_order = {form.value: i for i, form in enumerate(Form)}
    for form, category in sorted(keys, key=lambda k: (form_order.get(k[0], 99), k[1])):
        own = sorted(
            (
                r
                for r in rates
                if str(r["form"]) == form and str(r.get("category") or "") == category
            ),
            key=lambda r: _date(r["effective_from"]),
        )
        before = [r for r in own if _date(r["effective_from"]) <= start]
        if before:
            kept.append(before[-1])
        kept.extend(r for r in own if start < _date(r["effective_from"]) < end)
    return kept


def smic_lines(start: dt.date, end: dt.date, coefficient: Decimal) -> tuple[c.SmicLine, ...]:
    """The SMIC brut horaire in effect on some day of ``[start, end)``, and the default hourly
    rate it gives (:func:`raviv.valuation.default_hourly_rate`)."""
    lines = []
    for i, (since, smic) in enumerate(SMIC_BRUT_HORAIRE):
        until = SMIC_BRUT_HORAIRE[i + 1][0] if i + 1 < len(SMIC_BRUT_HORAIRE) else dt.date.max
        if since < end and until > start:
            lines.append(
                c.SmicLine(
                    effective_from=since,
                    smic_eur=smic,
                    hourly_rate_eur=default_hourly_rate(since, coefficient),
                )
            )
    return tuple(lines)


#: The sub-accounts of 861 and the form each takes (ANC 2018-06: 8611 locaux, 8612 matériels).
SUB_ACCOUNTS_861: Final = (("8611", "premises"), ("8612", "equipment"))


def _with_861_parts(
    uses: tuple[c.CvnLine, ...], year: FiscalYearData, lang: c.Lang
) -> tuple[c.CvnLine, ...]:
    """The uses, with 861 split into its sub-accounts by form when the mapping in force books
    both premises and equipment to 861 itself: the annex then shows how much of 861 is locaux
    and how much matériels, as a network keeping them apart books them."""
    booked = {
        str(line["form"]): line.get("use") for line in year.mapping["accounts"] if "form" in line
    }
    if any(booked.get(form) != "861" for _, form in SUB_ACCOUNTS_861):
        return uses
    lines = []
    for line in uses:
        if line.account == "861":
            parts = tuple(
                c.CvnLine(
                    account=account,
                    label=_account_label(account, lang),
                    value_eur=euros(year.by_form.get(form, Decimal(0))),
                )
                for account, form in SUB_ACCOUNTS_861
            )
            # The sub-accounts come from the value received by form, the line from the CVN by
            # account: both sum the same validated entries of the fiscal year.
            if sum((part.value_eur for part in parts), Decimal("0.00")) == line.value_eur:
                lines.append(
                    c.CvnLine(
                        account=line.account,
                        label=line.label,
                        value_eur=line.value_eur,
                        parts=parts,
                    )
                )
                continue
        lines.append(line)
    return tuple(lines)


def valorisation_section(year: FiscalYearData, lang: c.Lang) -> c.Valorisation:
    uses, resources = _cvn_lines(year.uses, lang), _cvn_lines(year.resources, lang)
    uses = _with_861_parts(uses, year, lang)
    mapping = tuple(
        c.AccountMapping(
            form=str(line["form"]),
            use=line.get("use"),
            use_label=None if line.get("use") is None else _account_label(line["use"], lang),
            resource=line.get("resource"),
            resource_label=None
            if line.get("resource") is None
            else _account_label(line["resource"], lang),
            overridden=bool(line.get("overridden", False)),
        )
        for line in year.mapping["accounts"]
    )
    form_order = {form.value: i for i, form in enumerate(Form)}
    return c.Valorisation(
        fiscal_year=c.FiscalYear(
            label=year.label,
            start=year.start,
            end=year.end,
            last_day=year.end - dt.timedelta(days=1),
            first_day_mm_dd=year.first_day_mm_dd,
        ),
        uses=uses,
        uses_total_eur=sum((line.value_eur for line in uses), Decimal("0.00")),
        resources=resources,
        resources_total_eur=sum((line.value_eur for line in resources), Decimal("0.00")),
        by_form=tuple(
            c.FormValue(form=form, value_eur=euros(value))
            for form, value in sorted(year.by_form.items(), key=lambda i: form_order.get(i[0], 99))
        ),
        standard=str(year.mapping.get("standard", "ANC 2018-06")),
        mapping=mapping,
        method=c.ValuationMethod(
            charge_coefficient=year.charge_coefficient,
            coefficient_stated=year.coefficient_stated,
            method=year.method,
            rates=tuple(
                c.RateLine(
                    form=str(r["form"]),
                    category=str(r.get("category") or "") or None,
                    eur_per_unit=euros(r["eur_per_unit"]),
                    unit=str(r["unit"]),
                    effective_from=_date(r["effective_from"]),
                    method=str(r.get("method") or "") or None,
                )
                for r in rates_in_force(year.rates, year.start, year.end)
            ),
            smic=smic_lines(year.start, year.end, year.charge_coefficient),
        ),
    )


# -- indicators of a period, brakes, comparison ---------------------------------------------------


def compliance_rate(evaluation: Evaluated | None) -> Decimal | None:
    """Compliant members / members evaluated, those exempt or in grace aside."""
    if evaluation is None:
        return None
    found = Counter(str(m["status"]) for m in evaluation.document["members"])
    counted = sum(found.values()) - found.get("exempt", 0) - found.get("grace", 0)
    return ratio(found.get("compliant", 0), counted)


def indicators(
    data: PeriodData,
    members: Sequence[MemberInfo],
    identity: Mapping[str, Any],
    rule: c.Rule | None,
) -> dict[str, int | Decimal | None]:
    """The indicators set side by side in the comparison, for one period."""
    membership, _ = membership_section(members, data.start, data.end)
    governance = governance_section(data, members, identity, rule)
    hours = hours_given(data)
    volunteer = sum((hours[f] for f in VOLUNTEER_FORMS), Decimal(0))
    network = data.reciprocity["network"]
    return {
        "members_at_end": membership.at_end,
        "arrivals": membership.arrivals,
        "departures": membership.departures,
        "general_assemblies_held": governance.general_assemblies.held,
        "board_meetings_held": governance.board.held,
        "meetings_held": len(data.meetings),
        "person_hours": _activity("", "", data.meetings).person_hours,
        "volunteer_hours": volunteer,
        "volunteer_fte": fte(volunteer),
        "compliance_rate": compliance_rate(data.evaluation),
        "participation_rate": written_ratio(network["participation_rate"]),
        "mutuality": written_ratio(network["mutuality"]),
        "weighted_mutuality": written_ratio(network["weighted_mutuality"]),
        "gini": written_ratio(network["gini"]),
        "top20_share": written_ratio(network["top20_share"]),
        "local_share": data.local_share,
        "valued_total_eur": euros(network["valued_total_eur"]),
        "network_cvn_eur": sum((euros(v) for v in network["cvn"].values()), Decimal("0.00")),
    }


UNITS: Final[dict[str, c.Unit]] = {
    "members_at_end": "count",
    "arrivals": "count",
    "departures": "count",
    "general_assemblies_held": "count",
    "board_meetings_held": "count",
    "meetings_held": "count",
    "person_hours": "hours",
    "volunteer_hours": "hours",
    "volunteer_fte": "fte",
    "compliance_rate": "ratio",
    "participation_rate": "ratio",
    "mutuality": "ratio",
    "weighted_mutuality": "ratio",
    "gini": "ratio",
    "top20_share": "ratio",
    "local_share": "ratio",
    "valued_total_eur": "eur",
    "network_cvn_eur": "eur",
}


def _one_minus(value: Decimal | None) -> Decimal | None:
    return None if value is None else (Decimal(1) - value).quantize(RATIO)


def brake_values(
    data: PeriodData, participation: Decimal | None, weighted: Decimal | None
) -> dict[str, Decimal | None]:
    time: Decimal | None = None
    if data.evaluation is not None:
        standing = {s.criterion: s for s in criteria_standing(data.evaluation)}
        hours = standing.get("hours_given")
        if hours is not None and hours.evaluated:
            time = ratio(hours.evaluated - hours.met, hours.evaluated)
    return {
        "time": time,
        "involvement": _one_minus(participation),
        "reciprocity": _one_minus(weighted),
        "local_anchoring": _one_minus(data.local_share),
    }


def brakes_section(
    data: PeriodData, previous: PeriodData | None, lang: c.Lang
) -> tuple[c.Brake, ...]:
    def values(of: PeriodData) -> dict[str, Decimal | None]:
        network = of.reciprocity["network"]
        return brake_values(
            of,
            written_ratio(network["participation_rate"]),
            written_ratio(network["weighted_mutuality"]),
        )

    now = values(data)
    then = values(previous) if previous is not None else {}
    brakes = []
    for key, (title_fr, title_en, text_fr, text_en) in BRAKES.items():
        brakes.append(
            c.Brake(
                key=key,
                title=title_fr if lang == "fr" else title_en,
                value=now[key],
                unit="ratio",
                definition=text_fr if lang == "fr" else text_en,
                previous=then.get(key),
                doc=f"{REPORTS_DOC}#brakes",
            )
        )
    return tuple(brakes)


def comparison_section(
    inputs: ReportInputs, now: dict[str, Any], rule: c.Rule | None, lang: c.Lang
) -> c.Comparison | None:
    if inputs.previous is None and inputs.baseline is None:
        return None

    def of(data: PeriodData | None) -> dict[str, Any]:
        if data is None:
            return {}
        in_force = rule_summary(rule_in_force(inputs.rule_sets, data.start))
        return indicators(data, inputs.members, inputs.identity, in_force)

    previous, baseline = of(inputs.previous), of(inputs.baseline)
    rows = tuple(
        c.ComparedIndicator(
            key=key,
            title=_lang(lang, TITLES[key]),
            unit=UNITS[key],
            now=value,
            previous=previous.get(key),
            previous_change=_change(value, previous.get(key)),
            baseline=baseline.get(key),
            baseline_change=_change(value, baseline.get(key)),
        )
        for key, value in now.items()
    )
    return c.Comparison(
        period=period_of(inputs.period.start, inputs.period.end),
        previous=None
        if inputs.previous is None
        else period_of(inputs.previous.start, inputs.previous.end),
        baseline=None
        if inputs.baseline is None
        else period_of(inputs.baseline.start, inputs.baseline.end),
        rows=rows,
    )


# -- method notes ---------------------------------------------------------------------------------


def method_notes(data: PeriodData, lang: c.Lang) -> tuple[c.MethodNote, ...]:
    notes = []
    for key, (doc, title_fr, text_fr, title_en, text_en) in NOTES.items():
        text = text_fr if lang == "fr" else text_en
        if key == "months":
            text = f"{text} {months_note(data, lang)}"
        notes.append(
            c.MethodNote(key=key, title=title_fr if lang == "fr" else title_en, text=text, doc=doc)
        )
    return tuple(notes)


def months_note(data: PeriodData, lang: c.Lang) -> str:
    """Which months were read from kept snapshots and which computed for the report."""
    kept = [month_label(m.at) for m in data.months if m.source == "snapshot"]
    computed = [month_label(m.at) for m in data.months if m.source == "computed"]
    if lang == "fr":
        parts = []
        if kept:
            parts.append(f"Lus dans les instantanés quotidiens conservés : {', '.join(kept)}.")
        if computed:
            parts.append(
                "Recalculés pour ce rapport (aucun instantané conservé ce jour-là) : "
                f"{', '.join(computed)}."
            )
        return " ".join(parts) or "Aucun mois achevé."
    parts = []
    if kept:
        parts.append(f"Read from the daily snapshots kept: {', '.join(kept)}.")
    if computed:
        parts.append(
            f"Computed for this report (no snapshot kept that day): {', '.join(computed)}."
        )
    return " ".join(parts) or "No month over yet."


# -- the workbook's tables ------------------------------------------------------------------------


def workbook_tables(
    inputs: ReportInputs,
    *,
    data: PeriodData,
    found: Mapping[str, MemberMoves],
    namer: Namer,
    every: Sequence[c.MemberBalance],
    graph_edges: tuple[c.GraphEdge, ...],
) -> c.WorkbookTables:
    statuses = (
        {str(m["member"]): str(m["status"]) for m in data.evaluation.document["members"]}
        if data.evaluation is not None
        else {}
    )
    attended = Counter(member for meeting in data.meetings for member in _present(meeting))
    by_ref = {str(m["member"]): m for m in data.reciprocity["members"]}
    anchoring = {
        str(row["member"]): written_ratio(row["local_share"])
        for row in data.reciprocity.get("crosstabs", {}).get("local_anchoring", ())
    }
    concerned = [m for m in inputs.members if m.ref in by_ref or any(_moved(found[m.ref]))]
    concerned.sort(key=lambda m: namer.order(m.ref))
    rows = tuple(
        c.MemberRow(
            member=namer.member(m.ref),
            name=namer.name(m.ref),
            departement=m.departement or UNKNOWN,
            disciplines=", ".join(m.disciplines),
            size=size_class(m.employer, m.headcount_fte).value,
            employer=m.employer,
            tier=m.tier,
            member_at_start=found[m.ref].at_start,
            member_at_end=found[m.ref].at_end,
            arrived=found[m.ref].arrivals > 0,
            departed=found[m.ref].departures > 0,
            status_at_end=statuses.get(m.ref),
            meetings_attended=attended.get(m.ref, 0),
            given_eur=euros(by_ref[m.ref]["given_eur"]) if m.ref in by_ref else Decimal("0.00"),
            received_eur=euros(by_ref[m.ref]["received_eur"])
            if m.ref in by_ref
            else Decimal("0.00"),
            balance_index=_balance(by_ref[m.ref]) if m.ref in by_ref else None,
            partner_mutuality=written_ratio(by_ref[m.ref]["partner_mutuality"])
            if m.ref in by_ref
            else None,
            forms_given=int(by_ref[m.ref]["forms_given"]) if m.ref in by_ref else 0,
            local_share=anchoring.get(m.ref),
        )
        for m in concerned
    )
    months = tuple(month_label(m.at) for m in data.months)
    month_status = [
        {str(x["member"]): str(x["status"]) for x in m.document["members"]} for m in data.months
    ]
    evaluated_refs = sorted({ref for month in month_status for ref in month}, key=namer.order)
    forms = tuple(form.value for form in Form)
    given = {str(row["member"]): row for row in data.given_by_form}
    return c.WorkbookTables(
        members=rows,
        months=months,
        status_by_month=tuple(
            c.MemberMonthStatus(
                member=namer.member(ref),
                name=namer.name(ref),
                statuses=tuple(month.get(ref) for month in month_status),
            )
            for ref in evaluated_refs
        ),
        forms=forms,
        given_by_form=tuple(
            c.MemberForm(
                member=namer.member(ref),
                name=namer.name(ref),
                values=tuple(euros(given[ref].get(form, 0)) for form in forms),
            )
            for ref in sorted(given, key=namer.order)
        ),
        balances=tuple(every),
        edges=graph_edges,
    )


def _moved(move: MemberMoves) -> tuple[bool, ...]:
    return (move.at_start, move.at_end, move.arrivals > 0, move.departures > 0)


# -- the whole ------------------------------------------------------------------------------------


def identity_section(identity: Mapping[str, Any]) -> c.Identity:
    def stated(key: str) -> Any:
        value = identity.get(key)
        return None if value in (None, "") else value

    address = identity.get("address") or {}
    statutes = identity.get("statutes") or {}
    return c.Identity(
        name=str(identity["name"]),
        legal_name=stated("legal_name"),
        siret=stated("siret"),
        rna=stated("rna"),
        legal_form=stated("legal_form"),
        creation_year=stated("creation_year"),
        territory=stated("territory"),
        address_street=address.get("street") or stated("address_street"),
        address_postcode=address.get("postcode") or stated("address_postcode"),
        address_city=address.get("city") or stated("address_city"),
        timezone=stated("timezone"),
        period_kind=stated("period_kind"),
        parent_name=stated("parent_name"),
        general_assemblies_per_year=statutes.get("general_assemblies_per_year")
        if statutes
        else stated("general_assemblies_per_year"),
        board_meetings_per_year=statutes.get("board_meetings_per_year")
        if statutes
        else stated("board_meetings_per_year"),
        fiscal_year_start=fiscal_year_start_of(identity),
    )


def build(
    inputs: ReportInputs, *, lang: c.Lang = "fr", pseudonymised: bool = False
) -> c.DlaContext:
    """The DLA report's context from what :func:`reports.gather.gather` read."""
    data = inputs.period
    namer = Namer({m.ref: m.name for m in inputs.members}, inputs.codes if pseudonymised else None)
    rule = rule_summary(rule_in_force(inputs.rule_sets, data.start))
    membership, found = membership_section(inputs.members, data.start, data.end)
    reciprocity = reciprocity_section(data, inputs.members, namer)
    now = indicators(data, inputs.members, inputs.identity, rule)
    identity = identity_section(inputs.identity)
    valorisation = valorisation_section(inputs.fiscal_year, lang)
    return c.DlaContext(
        meta=c.Meta(
            schema_version=c.SCHEMA_VERSION,
            lang=lang,
            pseudonymised=pseudonymised,
            compared=inputs.previous is not None,
            fte_hours=c.FTE_HOURS,
        ),
        cover=c.Cover(
            network_ref=inputs.network_ref,
            network_name=identity.name,
            period=period_of(data.start, data.end),
            generated_on=inputs.generated_on,
            rule=rule,
            fiscal_year=valorisation.fiscal_year,
        ),
        identity=identity,
        governance=governance_section(data, inputs.members, inputs.identity, rule),
        membership=membership,
        participation=participation_section(inputs, data, rule, lang),
        mutualisation=mutualisation_section(data, lang),
        reciprocity=reciprocity,
        valorisation=valorisation,
        brakes=brakes_section(data, inputs.previous, lang),
        comparison=comparison_section(inputs, now, rule, lang),
        method_notes=method_notes(data, lang),
        workbook=workbook_tables(
            inputs,
            data=data,
            found=found,
            namer=namer,
            every=balances(data, namer),
            graph_edges=reciprocity.graph_edges,
        ),
    )
