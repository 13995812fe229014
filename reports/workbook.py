"""The DLA report's workbook: every table behind the PDF, and the tables with a row per member
that only the workbook holds, one sheet each, from the context alone (:mod:`reports.context`).

- French headers; numbers are numbers (euros, ratios, hours as exact ``Decimal``s, counts as
  integers), shown with number formats a French spreadsheet writes the French way
  (``1 078,00 €``, ``83,3 %``: the separators come from the reader's locale), dates as dates
  (``31/08/2026``), yes/no as ``oui`` / ``non``;
- the header row frozen, columns as wide as their longest cell (within bounds);
- text is never a formula (:data:`raviv.lib.cells.RUNNABLE_START`: runnable text is a text cell
  flagged as typed after an apostrophe), whatever a member's name holds.

:func:`workbook_bytes` is synchronous (openpyxl): a server runs it in a worker thread.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, Literal

from raviv.lib.cells import RUNNABLE_START
from reports import context as c

Kind = Literal["text", "count", "eur", "ratio", "index", "hours", "fte", "date", "bool", "number"]

FORMATS: Final[dict[str, str]] = {
    "count": "0",
    "eur": '#,##0.00\\ "€"',
    "ratio": "0.0%",
    "index": "0.0000",
    "hours": "#,##0.00",
    "fte": "0.00",
    "number": "#,##0.####",
    "date": "DD/MM/YYYY",
}
"""Number formats by kind; a spreadsheet shows them with its locale's separators."""

UNIT_KINDS: Final[dict[str, Kind]] = {
    "count": "count",
    "eur": "eur",
    "ratio": "ratio",
    "index": "index",
    "hours": "hours",
    "fte": "fte",
    "date": "date",
    "text": "text",
}

MIN_WIDTH: Final = 8
MAX_WIDTH: Final = 60


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: Kind = "text"


@dataclass(frozen=True, slots=True)
class Typed:
    """A cell with its own kind, in a column that mixes units (the summary, the comparison)."""

    value: Any
    kind: Kind


@dataclass(frozen=True, slots=True)
class Table:
    """One sheet: its name (31 characters at most), its columns, its rows; a cell may be
    :class:`Typed` when its column mixes units."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]


def _yes(value: bool | None) -> str | None:
    return None if value is None else ("oui" if value else "non")


def _unit_kind(unit: str) -> Kind:
    return UNIT_KINDS.get(unit, "number")


# -- the tables -----------------------------------------------------------------------------------

STATUS_FR: Final = {
    "non_compliant": "non conforme",
    "at_risk": "en risque",
    "on_track": "en bonne voie",
    "grace": "période de grâce",
    "compliant": "conforme",
    "exempt": "dispensé",
}


def summary(ctx: c.DlaContext) -> Table:
    r, v, m = ctx.reciprocity, ctx.valorisation, ctx.membership
    p = ctx.participation
    lines: list[tuple[str, Any, Kind]] = [
        ("Réseau", ctx.cover.network_name, "text"),
        ("Début de la période", ctx.cover.period.start, "date"),
        ("Fin de la période (dernier jour)", ctx.cover.period.last_day, "date"),
        ("Rapport établi le", ctx.cover.generated_on, "date"),
        ("Règle en vigueur", None if ctx.cover.rule is None else ctx.cover.rule.ref, "text"),
        ("Membres en début de période", m.at_start, "count"),
        ("Membres en fin de période", m.at_end, "count"),
        ("Arrivées", m.arrivals, "count"),
        ("Départs", m.departures, "count"),
        ("Réunions tenues", p.meetings_held, "count"),
        ("Heures de présence en réunion", p.person_hours, "hours"),
        ("Heures bénévoles données", p.volunteer_hours, "hours"),
        ("Temps bénévole (ETP, 1 ETP = 1 607 h)", p.volunteer_fte, "fte"),
        ("Total valorisé", r.valued_total_eur, "eur"),
        ("Donné par les membres", r.given_by_members_eur, "eur"),
        ("Taux de participation", r.participation_rate, "ratio"),
        ("Mutualité du réseau", r.mutuality, "index"),
        ("Mutualité pondérée", r.weighted_mutuality, "index"),
        ("Concentration (Gini)", r.gini, "index"),
        ("Part des 20 % plus gros contributeurs", r.top20_share, "ratio"),
        ("Ancrage local", r.local_share, "ratio"),
        (f"CVN de l'exercice {v.fiscal_year.label} (emplois)", v.uses_total_eur, "eur"),
        (f"CVN de l'exercice {v.fiscal_year.label} (ressources)", v.resources_total_eur, "eur"),
    ]
    return Table(
        "Synthèse",
        (Column("Indicateur"), Column("Valeur", "number")),
        tuple((name, Typed(value, kind)) for name, value, kind in lines),
    )


def _body(kind: str) -> str:
    return "Assemblée générale" if kind == "general_assembly" else "Conseil d'administration"


def governance(ctx: c.DlaContext) -> Table:
    rows = [
        (
            line.date,
            _body(body.kind),
            _yes(line.mandatory),
            line.duration_hours,
            line.expected,
            line.present,
            line.present_expected,
            line.excused,
            line.attendance_rate,
        )
        for body in (ctx.governance.general_assemblies, ctx.governance.board)
        for line in body.meetings
    ]
    return Table(
        "Gouvernance",
        (
            Column("Date", "date"),
            Column("Instance"),
            Column("Obligatoire"),
            Column("Durée (h)", "hours"),
            Column("Structures attendues", "count"),
            Column("Structures présentes", "count"),
            Column("Présentes parmi les attendues", "count"),
            Column("Excusées", "count"),
            Column("Taux de présence", "ratio"),
        ),
        tuple(rows),
    )


def governance_bodies(ctx: c.DlaContext) -> Table:
    return Table(
        "Instances",
        (
            Column("Instance"),
            Column("Tenues", "count"),
            Column("Prévues", "count"),
            Column("Selon"),
            Column("Exigence atteinte"),
            Column("Taux de présence", "ratio"),
        ),
        tuple(
            (
                "Assemblée générale"
                if body.kind == "general_assembly"
                else "Conseil d'administration",
                body.held,
                body.required,
                {"statutes": "statuts", "rule": "règle", None: "non renseigné"}[
                    body.required_source
                ],
                _yes(body.meets_requirement),
                body.mean_attendance_rate,
            )
            for body in (ctx.governance.general_assemblies, ctx.governance.board)
        ),
    )


def membership(ctx: c.DlaContext) -> Table:
    m = ctx.membership
    dimensions = (
        ("discipline", m.by_discipline),
        ("département", m.by_departement),
        ("taille", m.by_size),
        ("employeur", m.by_employer),
        ("collège", m.by_tier),
    )
    rows = [("ensemble", "tous les membres", m.at_start, m.at_end, m.arrivals, m.departures)]
    rows += [
        (dimension, line.label, line.at_start, line.at_end, line.arrivals, line.departures)
        for dimension, lines in dimensions
        for line in lines
    ]
    return Table(
        "Membres",
        (
            Column("Répartition"),
            Column("Classe"),
            Column("Début", "count"),
            Column("Fin", "count"),
            Column("Arrivées", "count"),
            Column("Départs", "count"),
        ),
        tuple(rows),
    )


def activities(ctx: c.DlaContext) -> Table:
    p = ctx.participation
    rows = [
        (
            "groupe de travail",
            a.label,
            a.meetings,
            a.attendances,
            a.people,
            a.person_hours,
            a.members,
            a.value_received_eur,
        )
        for a in p.groups
    ]
    rows += [
        (
            "projet",
            a.label,
            a.meetings,
            a.attendances,
            a.people,
            a.person_hours,
            a.members,
            a.value_received_eur,
        )
        for a in p.projects
    ]
    rows += [
        (
            "type de réunion",
            a.label,
            a.meetings,
            a.attendances,
            a.people,
            a.person_hours,
            None,
            None,
        )
        for a in p.meetings_by_kind
    ]
    return Table(
        "Groupes et réunions",
        (
            Column("Type"),
            Column("Nom"),
            Column("Réunions", "count"),
            Column("Présences (structures)", "count"),
            Column("Personnes présentes", "count"),
            Column("Heures de présence", "hours"),
            Column("Membres", "count"),
            Column("Reçu des membres", "eur"),
        ),
        tuple(rows),
    )


def hours(ctx: c.DlaContext) -> Table:
    p = ctx.participation
    rows = [(line.form, line.hours, line.fte) for line in p.hours_by_form]
    rows += [
        ("temps bénévole", p.volunteer_hours, p.volunteer_fte),
        ("mise à disposition de personnel", p.shared_staff_hours, p.shared_staff_fte),
    ]
    return Table(
        "Heures données",
        (Column("Forme"), Column("Heures", "hours"), Column("ETP (1 607 h)", "fte")),
        tuple(rows),
    )


def statuses(ctx: c.DlaContext) -> Table:
    p = ctx.participation
    every = [*p.status_by_month, *([p.status_at_end] if p.status_at_end is not None else [])]
    keys = [count.key for count in every[0].counts] if every else []
    rows = [
        (
            "fin de période" if point is p.status_at_end else point.month,
            point.at,
            {"snapshot": "instantané conservé", "computed": "recalculé"}[point.source],
            point.evaluated,
            *(count.count for count in point.counts),
        )
        for point in every
    ]
    return Table(
        "Statuts",
        (
            Column("Mois"),
            Column("Évalué le", "date"),
            Column("Source"),
            Column("Membres évalués", "count"),
            *(Column(STATUS_FR.get(key, key), "count") for key in keys),
        ),
        tuple(rows),
    )


def criteria(ctx: c.DlaContext) -> Table:
    return Table(
        "Critères",
        (
            Column("Critère"),
            Column("Membres évalués", "count"),
            Column("Atteint", "count"),
            Column("Dispensés", "count"),
            Column("Taux d'atteinte", "ratio"),
        ),
        tuple(
            (s.criterion, s.evaluated, s.met, s.exempt, s.met_rate)
            for s in ctx.participation.criteria_at_end
        ),
    )


def enforcement(ctx: c.DlaContext) -> Table:
    p = ctx.participation
    e = p.enforcement
    rows: list[tuple[str, int]] = [
        ("dispenses décidées", p.exemptions),
        ("dont de tous les critères", p.exemptions_all),
        ("relances envoyées", e.reminders_sent),
        ("dossiers ouverts", e.cases_opened),
        ("dossiers clos", e.cases_closed),
        *((f"décisions : {d.label}", d.count) for d in e.decisions),
        ("membres sous restriction en fin de période", e.restricted_at_end),
    ]
    return Table(
        "Application de la règle", (Column("Quoi"), Column("Nombre", "count")), tuple(rows)
    )


def mutualisation(ctx: c.DlaContext) -> Table:
    return Table(
        "Mutualisation",
        (
            Column("Forme"),
            Column("Écritures", "count"),
            Column("Valeur", "eur"),
            Column("Membres donnant", "count"),
            Column("Part des membres actifs", "ratio"),
            Column("Part nationale", "ratio"),
            Column("Forme nationale correspondante"),
        ),
        tuple(
            (
                f.form,
                f.entries,
                f.value_eur,
                f.members_giving,
                f.share,
                f.national_share,
                f.national_label,
            )
            for f in ctx.mutualisation.forms
        ),
    )


def balances(ctx: c.DlaContext) -> Table:
    return Table(
        "Équilibre par membre",
        (
            Column("Membre"),
            Column("Nom"),
            Column("Donné", "eur"),
            Column("Reçu", "eur"),
            Column("Indice d'équilibre", "index"),
            Column("Mutualité avec ses partenaires", "ratio"),
            Column("Formes données", "count"),
            Column("Partenaires", "count"),
        ),
        tuple(
            (
                b.member,
                b.name,
                b.given_eur,
                b.received_eur,
                b.balance_index,
                b.partner_mutuality,
                b.forms_given,
                b.partners,
            )
            for b in ctx.workbook.balances
        ),
    )


def balance_classes(ctx: c.DlaContext) -> Table:
    names = {
        "givers": "contributeurs (indice > 1/3)",
        "reciprocal": "réciproques (de −1/3 à 1/3)",
        "consumers": "consommateurs (indice < −1/3)",
        "inactive": "inactifs",
    }
    return Table(
        "Classes d'équilibre",
        (Column("Classe"), Column("Membres", "count")),
        tuple((names.get(x.key, x.key), x.count) for x in ctx.reciprocity.balance_classes),
    )


def classes(name: str, rows: Sequence[c.ClassReciprocity], local: bool) -> Table:
    columns = [
        Column("Classe"),
        Column("Membres actifs", "count"),
        Column("Contributeurs", "count"),
        Column("Taux de participation", "ratio"),
        Column("Donné", "eur"),
        Column("Reçu", "eur"),
        Column("Indice d'équilibre", "index"),
    ]
    if local:
        columns += [
            Column("Échangé entre membres", "eur"),
            Column("Dont local", "eur"),
            Column("Ancrage local", "ratio"),
        ]
    return Table(
        name,
        tuple(columns),
        tuple(
            (
                x.label,
                x.active_members,
                x.givers,
                x.participation_rate,
                x.given_eur,
                x.received_eur,
                x.balance_index,
                *((x.exchanged_eur, x.local_eur, x.local_share) if local else ()),
            )
            for x in rows
        ),
    )


def flows(ctx: c.DlaContext) -> Table:
    return Table(
        "Flux entre départements",
        (Column("Du département"), Column("Vers le département"), Column("Valeur", "eur")),
        tuple((f.from_key, f.to_key, f.value_eur) for f in ctx.reciprocity.departement_flows),
    )


def edges(ctx: c.DlaContext) -> Table:
    return Table(
        "Graphe des échanges",
        (
            Column("Donneur"),
            Column("Receveur"),
            Column("Valeur", "eur"),
            Column("Écritures", "count"),
            Column("Dans les deux sens"),
        ),
        tuple(
            (e.giver, e.receiver, e.value_eur, e.entries, _yes(e.both_ways))
            for e in ctx.workbook.edges
        ),
    )


def cvn(name: str, lines: Sequence[c.CvnLine], total: Decimal) -> Table:
    return Table(
        name,
        (Column("Compte"), Column("Intitulé"), Column("Montant", "eur")),
        (
            *(
                row
                for x in lines
                for row in (
                    (x.account, x.label, x.value_eur),
                    *((p.account, f"dont {p.label}", p.value_eur) for p in x.parts),
                )
            ),
            ("Total", None, total),
        ),
    )


def mapping(ctx: c.DlaContext) -> Table:
    return Table(
        "Correspondance des comptes",
        (
            Column("Forme"),
            Column("Compte d'emploi"),
            Column("Intitulé"),
            Column("Compte de ressource"),
            Column("Intitulé "),
            Column("Choisi par le réseau"),
        ),
        tuple(
            (x.form, x.use, x.use_label, x.resource, x.resource_label, _yes(x.overridden))
            for x in ctx.valorisation.mapping
        ),
    )


def method(ctx: c.DlaContext) -> Table:
    m = ctx.valorisation.method
    rows: list[tuple[Any, ...]] = [
        ("taux du réseau", r.form, r.category, r.eur_per_unit, r.unit, r.effective_from, r.method)
        for r in m.rates
    ]
    rows += [
        (
            "SMIC brut horaire × coefficient",
            "heure",
            None,
            s.hourly_rate_eur,
            f"SMIC {s.smic_eur} € × {m.charge_coefficient}",
            s.effective_from,
            m.method,
        )
        for s in m.smic
    ]
    return Table(
        "Méthode de valorisation",
        (
            Column("Source"),
            Column("Forme"),
            Column("Catégorie"),
            Column("€ par unité", "eur"),
            Column("Unité"),
            Column("En vigueur depuis", "date"),
            Column("Méthode"),
        ),
        tuple(rows),
    )


def brakes(ctx: c.DlaContext) -> Table:
    return Table(
        "Freins",
        (
            Column("Frein"),
            Column("Valeur", "ratio"),
            Column("Période précédente", "ratio"),
            Column("Définition"),
        ),
        tuple((b.title, b.value, b.previous, b.definition) for b in ctx.brakes),
    )


def comparison(ctx: c.DlaContext) -> Table | None:
    if ctx.comparison is None:
        return None
    return Table(
        "Comparaison",
        (
            Column("Indicateur"),
            Column("Période", "number"),
            Column("Précédente", "number"),
            Column("Écart", "number"),
            Column("Référence", "number"),
            Column("Écart à la référence", "number"),
        ),
        tuple(
            (
                row.title,
                *(
                    Typed(value, _unit_kind(row.unit))
                    for value in (
                        row.now,
                        row.previous,
                        row.previous_change,
                        row.baseline,
                        row.baseline_change,
                    )
                ),
            )
            for row in ctx.comparison.rows
        ),
    )


def notes(ctx: c.DlaContext) -> Table:
    return Table(
        "Notes de méthode",
        (Column("Chiffre"), Column("Méthode"), Column("Formule")),
        tuple((n.title, n.text, n.doc) for n in ctx.method_notes),
    )


def members(ctx: c.DlaContext) -> Table:
    return Table(
        "Membres (détail)",
        (
            Column("Membre"),
            Column("Nom"),
            Column("Département"),
            Column("Disciplines"),
            Column("Taille"),
            Column("Employeur"),
            Column("Collège"),
            Column("Membre au début"),
            Column("Membre à la fin"),
            Column("Arrivé"),
            Column("Parti"),
            Column("Statut en fin de période"),
            Column("Réunions", "count"),
            Column("Donné", "eur"),
            Column("Reçu", "eur"),
            Column("Indice d'équilibre", "index"),
            Column("Mutualité avec ses partenaires", "ratio"),
            Column("Formes données", "count"),
            Column("Ancrage local", "ratio"),
        ),
        tuple(
            (
                x.member,
                x.name,
                x.departement,
                x.disciplines,
                x.size,
                _yes(x.employer),
                x.tier,
                _yes(x.member_at_start),
                _yes(x.member_at_end),
                _yes(x.arrived),
                _yes(x.departed),
                None
                if x.status_at_end is None
                else STATUS_FR.get(x.status_at_end, x.status_at_end),
                x.meetings_attended,
                x.given_eur,
                x.received_eur,
                x.balance_index,
                x.partner_mutuality,
                x.forms_given,
                x.local_share,
            )
            for x in ctx.workbook.members
        ),
    )


def member_months(ctx: c.DlaContext) -> Table:
    w = ctx.workbook
    return Table(
        "Statuts par membre",
        (Column("Membre"), Column("Nom"), *(Column(month) for month in w.months)),
        tuple(
            (x.member, x.name, *(None if s is None else STATUS_FR.get(s, s) for s in x.statuses))
            for x in w.status_by_month
        ),
    )


def given_by_form(ctx: c.DlaContext) -> Table:
    w = ctx.workbook
    return Table(
        "Donné par forme",
        (Column("Membre"), Column("Nom"), *(Column(form, "eur") for form in w.forms)),
        tuple((x.member, x.name, *x.values) for x in w.given_by_form),
    )


def tables(ctx: c.DlaContext) -> list[Table]:
    """Every table of the workbook, in the order of the report."""
    r = ctx.reciprocity
    v = ctx.valorisation
    made: list[Table | None] = [
        summary(ctx),
        governance_bodies(ctx),
        governance(ctx),
        membership(ctx),
        activities(ctx),
        hours(ctx),
        statuses(ctx),
        criteria(ctx),
        enforcement(ctx),
        mutualisation(ctx),
        balance_classes(ctx),
        classes("Par département", r.by_departement, local=True),
        classes("Par discipline", r.by_discipline, local=False),
        classes("Par taille", r.by_size, local=False),
        flows(ctx),
        cvn(f"CVN emplois {v.fiscal_year.label}", v.uses, v.uses_total_eur),
        cvn(f"CVN ressources {v.fiscal_year.label}", v.resources, v.resources_total_eur),
        mapping(ctx),
        method(ctx),
        brakes(ctx),
        comparison(ctx),
        notes(ctx),
        members(ctx),
        balances(ctx),
        edges(ctx),
        member_months(ctx),
        given_by_form(ctx),
    ]
    return [table for table in made if table is not None]


# -- writing --------------------------------------------------------------------------------------


def _cell_value(value: Any) -> Any:
    if isinstance(value, bool):
        return _yes(value)
    if isinstance(value, Decimal):
        return value
    return value


def _shown_length(value: Any, kind: Kind) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, Decimal | int) and kind in {"eur", "hours", "number"}:
        return len(f"{value:,.2f}") + (2 if kind == "eur" else 0)
    if kind == "ratio" and isinstance(value, Decimal):
        return 7
    return max((len(part) for part in str(value).splitlines()), default=0)


def write(tables_: Iterable[Table], made_on: dt.date | None = None) -> bytes:
    """The tables as one XLSX workbook, dated ``made_on`` (its properties and its zip members:
    the same tables give the same bytes)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]  # heavy: only when writing
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.xml.functions import tostring  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    used: set[str] = set()
    for table in tables_:
        name = _sheet_name(table.name, used)
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        cells: list[list[tuple[Any, Kind]]] = []
        for row in table.rows:
            line = []
            for column, raw in zip(table.columns, row, strict=True):
                typed = raw if isinstance(raw, Typed) else Typed(raw, column.kind)
                line.append((_cell_value(typed.value), typed.kind))
            cells.append(line)
        for i, column in enumerate(table.columns):
            longest = max(
                [len(column.header), *(_shown_length(line[i][0], line[i][1]) for line in cells)]
            )
            sheet.column_dimensions[get_column_letter(i + 1)].width = max(
                MIN_WIDTH, min(MAX_WIDTH, longest + 2)
            )

        def cell(value: Any, kind: Kind, *, header: bool = False, sheet: Any = sheet) -> Any:
            made = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                made.data_type = "s"  # never a formula
                made.quotePrefix = value.startswith(RUNNABLE_START)
                if len(value) > MAX_WIDTH:
                    made.alignment = wrap
            elif value is not None and kind in FORMATS:
                made.number_format = FORMATS[kind]
            if header:
                made.font = bold
            return made

        sheet.append([cell(column.header, "text", header=True) for column in table.columns])
        for line in cells:
            sheet.append([cell(value, kind) for value, kind in line])
    stamp = dt.datetime.combine(made_on, dt.time()) if made_on else FIXED_TIME
    book.properties.created = stamp
    buffer = io.BytesIO()
    book.save(buffer)  # dates the properties' modified time now: dated again below
    book.properties.modified = stamp
    core = tostring(book.properties.to_tree())
    return _stamped(buffer.getvalue(), stamp, {"docProps/core.xml": core})


FIXED_TIME: Final = dt.datetime(2000, 1, 1)  # noqa: DTZ001 - openpyxl writes naive times as UTC


def _stamped(data: bytes, stamp: dt.datetime, replaced: dict[str, bytes]) -> bytes:
    """The XLSX (a zip file) with every member dated ``stamp``, and the members of ``replaced``
    replaced: the same context gives the same bytes (openpyxl dates the members and the
    properties when it writes them)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, replaced.get(info.filename) or source.read(info.filename))
    return out.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    """A sheet name a spreadsheet accepts (31 characters, none of ``[]:*?/\\``), unique."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in name)[:31]
    candidate, n = cleaned, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = cleaned[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def workbook_bytes(ctx: c.DlaContext) -> bytes:
    """The DLA report's workbook (XLSX) of ``ctx``."""
    return write(tables(ctx), ctx.cover.generated_on)
