"""A hand-made report context of the example network (tests/data/reseau-exemple.json), season
2025-2026, for the document's tests while the figures' builder (report-data's part) is not
there: every figure below was worked out by hand from the archive, and the ones
``tests/data/reseau-exemple.expected.json`` states are its values (valued total 1,078.00 €,
participation 0.8333, mutuality 0.6667, network CVN 864: 720.00 € and 862: 60.00 €).

The month-by-month statuses between the two evaluations the expected file gives (mid-period and
end) are plausible, not computed; the document's tests do not read them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from reports import context as c
from reports.fmt import Lang

START = dt.date(2025, 9, 1)
END = dt.date(2026, 9, 1)
PERIOD = c.Period(start=START, end=END, last_day=dt.date(2026, 8, 31))
NAMES = {
    "alize": "Compagnie Alizé",
    "basalte": "Ensemble Basalte",
    "cedre": "Théâtre du Cèdre",
    "dune": "Collectif Dune",
    "ecume": "Cie Écume",
    "fougere": "Atelier Fougère",
}
DEPARTEMENTS = {
    "alize": "93",
    "basalte": "75",
    "cedre": "94",
    "dune": "93",
    "ecume": "92",
    "fougere": "77",
}
STATUS_ORDER = ("non_compliant", "at_risk", "on_track", "grace", "compliant", "exempt")
# month-end statuses: (non_compliant, at_risk, on_track, grace, compliant, exempt)
MONTHS = {
    "2025-09": (0, 0, 5, 0, 0, 0),
    "2025-10": (0, 1, 3, 0, 1, 0),
    "2025-11": (0, 1, 2, 0, 1, 1),
    "2025-12": (0, 1, 2, 0, 1, 1),
    "2026-01": (0, 1, 2, 1, 1, 1),
    "2026-02": (0, 1, 3, 0, 1, 1),
    "2026-03": (0, 1, 3, 0, 1, 1),
    "2026-04": (0, 1, 2, 0, 2, 1),
    "2026-05": (0, 1, 2, 0, 2, 1),
    "2026-06": (0, 1, 1, 0, 3, 1),
    "2026-07": (0, 2, 0, 0, 3, 1),
    "2026-08": (2, 0, 0, 0, 3, 1),
}

TEXT: dict[str, tuple[str, str]] = {
    "brake.time": ("Manque de temps", "Lack of time"),
    "brake.time.def": (
        "Part des adhérents actifs qui n'ont donné aucune heure au réseau sur la période.",
        "Share of active members that gave the network no hour over the period.",
    ),
    "brake.involvement": ("Manque d'implication", "Lack of involvement"),
    "brake.involvement.def": (
        "Part des adhérents évalués non conformes à la règle à la fin de la période.",
        "Share of the members evaluated that are non-compliant at the period's end.",
    ),
    "brake.reciprocity": ("Manque de réciprocité", "Lack of reciprocity"),
    "brake.reciprocity.def": (
        "Part des paires d'adhérents qui n'ont échangé que dans un sens (1 − mutualité).",
        "Share of member pairs that exchanged one way only (1 − mutuality).",
    ),
    "brake.local_anchoring": ("Manque d'ancrage local", "Lack of local anchoring"),
    "brake.local_anchoring.def": (
        "Part de la valeur échangée entre adhérents qui a franchi une limite de département.",
        "Share of the value exchanged between members that crossed a département border.",
    ),
    "ind.members_at_end": ("Adhérents à la fin", "Members at end"),
    "ind.participation_rate": ("Taux de participation", "Participation rate"),
    "ind.valued_total": ("Total valorisé", "Valued total"),
    "ind.mutuality": ("Mutualité du réseau", "Network mutuality"),
    "ind.volunteer_hours": ("Heures bénévoles", "Volunteer hours"),
    "ind.compliant_share": ("Part des adhérents conformes", "Share of compliant members"),
    "note.participation_rate": ("Taux de participation", "Participation rate"),
    "note.participation_rate.text": (
        "Adhérents actifs ayant au moins une contribution validée donnée / adhérents actifs.",
        "Active members with at least one validated entry given / active members.",
    ),
    "note.mutuality": ("Mutualité", "Mutuality"),
    "note.mutuality.text": (
        "Paires d'adhérents ayant échangé dans les deux sens / paires ayant échangé.",
        "Pairs of members that exchanged both ways / pairs that exchanged.",
    ),
    "note.cvn": ("Contributions volontaires en nature", "In-kind contributions"),
    "note.cvn.text": (
        "Ce que le réseau, ses groupes et ses projets ont reçu, par compte d'emploi et de "
        "ressource, sur l'exercice.",
        "What the network, its groups and projects received, by use and resource account, "
        "over the fiscal year.",
    ),
    "note.status": ("Statuts mois par mois", "Statuses month by month"),
    "note.status.text": (
        "À la fin de chaque mois, l'instantané quotidien conservé ce jour-là, sinon "
        "l'évaluation recalculée à cette date.",
        "At each month's end, the daily snapshot kept that day, otherwise the evaluation "
        "recomputed on that date.",
    ),
    "acc.861": ("Mise à disposition gratuite de biens", "Free use of goods"),
    "acc.8611": ("Mise à disposition gratuite de locaux", "Free use of premises"),
    "acc.8612": ("Mise à disposition gratuite de matériels", "Free use of equipment"),
    "acc.862": ("Prestations", "Services"),
    "acc.864": ("Personnel bénévole", "Volunteer staff"),
    "acc.871": ("Prestations en nature", "Services in kind"),
    "acc.875": ("Bénévolat", "Volunteering"),
}


def _t(key: str, lang: Lang) -> str:
    return TEXT[key][0 if lang == "fr" else 1]


def _counts(values: tuple[int, ...]) -> tuple[c.Count, ...]:
    return tuple(
        c.Count(key=key, label=key, count=count)
        for key, count in zip(STATUS_ORDER, values, strict=True)
    )


def _month_end(month: str) -> dt.date:
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year + (number == 12), number % 12 + 1, 1)


def example_context(
    lang: Lang = "fr",
    *,
    compared: bool = True,
    baseline: bool = False,
    names: dict[str, str] | None = None,
) -> c.DlaContext:
    """The example network's context; ``names`` replaces members' names (a test puts markup in
    one)."""
    named = {**NAMES, **(names or {})}

    def balance(  # noqa: PLR0917 - a row of test figures, in column order
        ref: str,
        given: str,
        received: str,
        index: str | None,
        mutuality: str | None,
        forms: int,
        partners: int,
    ) -> c.MemberBalance:
        return c.MemberBalance(
            member=ref,
            name=named[ref],
            given_eur=D(given),
            received_eur=D(received),
            balance_index=None if index is None else D(index),
            partner_mutuality=None if mutuality is None else D(mutuality),
            forms_given=forms,
            partners=partners,
        )

    balances = (
        balance("alize", "310.00", "40.00", "0.7714", "1", 4, 1),
        balance("basalte", "235.00", "40.00", "0.7091", "0.5", 3, 2),
        balance("cedre", "230.00", "30.00", "0.7692", "1", 3, 1),
        balance("dune", "150.00", "80.00", "0.3043", "1", 2, 1),
        balance("fougere", "105.00", "108.00", "-0.0141", "0", 2, 1),
        balance("ecume", "0.00", "0.00", None, None, 0, 0),
    )
    rule = c.Rule(
        ref="regle-2025",
        effective_from=START,
        period_kind="season",
        grace_days=30,
        criteria=(
            c.RuleCriterion(criterion="meetings_attended", min=3, unit="count"),
            c.RuleCriterion(criterion="hours_given", min=D("10"), unit="hours"),
            c.RuleCriterion(criterion="mandatory_meetings", min=None, unit="count"),
            c.RuleCriterion(criterion="groups_enrolled", min=1, unit="count"),
        ),
    )
    fiscal_year = c.FiscalYear(
        label="2025-2026", start=START, end=END, last_day=PERIOD.last_day, first_day_mm_dd="09-01"
    )
    months = tuple(
        c.StatusCounts(
            at=_month_end(month),
            month=month,
            evaluated=sum(values),
            counts=_counts(values),
            source="snapshot" if month >= "2026-03" else "computed",
            rule_set="regle-2025",
        )
        for month, values in MONTHS.items()
    )

    def mclass(key: str, label: str, start: int, end: int, arrivals: int = 0) -> c.MembershipClass:
        return c.MembershipClass(
            key=key, label=label, at_start=start, at_end=end, arrivals=arrivals, departures=0
        )

    def activity(  # noqa: PLR0917 - a row of test figures, in column order
        key: str,
        label: str,
        meetings: int,
        attendances: int,
        people: int,
        hours: str,
        members: int | None = None,
        value: str | None = None,
    ) -> c.Activity:
        return c.Activity(
            key=key,
            label=label,
            meetings=meetings,
            attendances=attendances,
            people=people,
            person_hours=D(hours),
            members=members,
            value_received_eur=None if value is None else D(value),
        )

    def form_share(  # noqa: PLR0917 - a row of test figures, in column order
        form: str,
        entries: int,
        value: str,
        giving: int,
        share: str,
        national: str | None,
        label: str | None,
    ) -> c.FormShare:
        return c.FormShare(
            form=form,
            entries=entries,
            value_eur=D(value),
            members_giving=giving,
            share=D(share),
            national_share=None if national is None else D(national),
            national_label=label,
        )

    def crec(  # noqa: PLR0917 - a row of test figures, in column order
        key: str,
        active: int,
        givers: int,
        rate: str,
        given: str,
        received: str,
        index: str | None,
        **local: D,
    ) -> c.ClassReciprocity:
        return c.ClassReciprocity(
            key=key,
            label=key,
            active_members=active,
            givers=givers,
            participation_rate=D(rate),
            given_eur=D(given),
            received_eur=D(received),
            balance_index=None if index is None else D(index),
            **local,
        )

    def node(ref: str, given: str, received: str, index: str) -> c.GraphNode:
        return c.GraphNode(
            member=ref,
            name=named[ref],
            departement=DEPARTEMENTS[ref],
            given_eur=D(given),
            received_eur=D(received),
            balance_index=D(index),
        )

    def edge(giver: str, receiver: str, value: str, entries: int, both: bool) -> c.GraphEdge:
        return c.GraphEdge(
            giver=giver, receiver=receiver, value_eur=D(value), entries=entries, both_ways=both
        )

    edges = (
        edge("alize", "basalte", "40.00", 1, True),
        edge("basalte", "alize", "40.00", 1, True),
        edge("basalte", "fougere", "60.00", 1, False),
        edge("cedre", "dune", "80.00", 1, True),
        edge("dune", "cedre", "30.00", 1, True),
    )
    cmp = None
    if compared:
        previous = c.Period(start=dt.date(2024, 9, 1), end=START, last_day=dt.date(2025, 8, 31))
        base = (
            c.Period(
                start=dt.date(2023, 9, 1), end=dt.date(2024, 9, 1), last_day=dt.date(2024, 8, 31)
            )
            if baseline
            else None
        )

        def row(
            key: str, unit: c.Unit, now: int | D | None, before: int | D | None
        ) -> c.ComparedIndicator:
            change = None if now is None or before is None else now - before
            return c.ComparedIndicator(
                key=key,
                title=_t(f"ind.{key}", lang),
                unit=unit,
                now=now,
                previous=before,
                previous_change=change,
                baseline=before if baseline else None,
                baseline_change=change if baseline else None,
            )

        cmp = c.Comparison(
            period=PERIOD,
            previous=previous,
            baseline=base,
            rows=(
                row("members_at_end", "count", 6, 5),
                row("participation_rate", "ratio", D("0.8333"), D("0.4000")),
                row("valued_total", "eur", D("1078.00"), D("412.00")),
                row("mutuality", "ratio", D("0.6667"), None),
                row("volunteer_hours", "hours", D("54"), D("21.5")),
                row("compliant_share", "ratio", D("0.6000"), None),
            ),
        )
    brakes = (
        c.Brake(
            key="time",
            title=_t("brake.time", lang),
            value=D("0.5000"),
            unit="ratio",
            definition=_t("brake.time.def", lang),
            previous=D("0.6000") if compared else None,
            doc="docs/reports.md#brakes",
        ),
        c.Brake(
            key="involvement",
            title=_t("brake.involvement", lang),
            value=D("0.4000"),
            unit="ratio",
            definition=_t("brake.involvement.def", lang),
            previous=None,
            doc="docs/reports.md#brakes",
        ),
        c.Brake(
            key="reciprocity",
            title=_t("brake.reciprocity", lang),
            value=D("0.3333"),
            unit="ratio",
            definition=_t("brake.reciprocity.def", lang),
            previous=None,
            doc="docs/scoring.md",
        ),
        c.Brake(
            key="local_anchoring",
            title=_t("brake.local_anchoring", lang),
            value=D("1.0000"),
            unit="ratio",
            definition=_t("brake.local_anchoring.def", lang),
            previous=None,
            doc="docs/scoring.md",
        ),
    )
    notes = tuple(
        c.MethodNote(
            key=key, title=_t(f"note.{key}", lang), text=_t(f"note.{key}.text", lang), doc=doc
        )
        for key, doc in (
            ("participation_rate", "docs/scoring.md#5-the-network"),
            ("mutuality", "docs/scoring.md#5-the-network"),
            ("cvn", "docs/scoring.md#2-valuation"),
            ("status", "docs/rules.md#snapshots"),
        )
    )

    def acc(account: str, value: str) -> c.CvnLine:
        return c.CvnLine(account=account, label=_t(f"acc.{account}", lang), value_eur=D(value))

    def mapping(form: str, use: str | None, resource: str | None) -> c.AccountMapping:
        return c.AccountMapping(
            form=form,
            use=use,
            use_label=None if use is None else _t(f"acc.{use}", lang),
            resource=resource,
            resource_label=None if resource is None else _t(f"acc.{resource}", lang),
            overridden=False,
        )

    def rate(form: str, eur: str, unit: str, method: str | None = None) -> c.RateLine:
        return c.RateLine(
            form=form,
            category=None,
            eur_per_unit=D(eur),
            unit=unit,
            effective_from=dt.date(2024, 1, 1),
            method=method,
        )

    return c.DlaContext(
        meta=c.Meta(
            schema_version=1,
            lang=lang,
            pseudonymised=False,
            compared=compared,
            fte_hours=c.FTE_HOURS,
        ),
        cover=c.Cover(
            network_ref="exemple",
            network_name="Réseau Exemple des arts vivants",
            period=PERIOD,
            generated_on=dt.date(2026, 9, 15),
            rule=rule,
            fiscal_year=fiscal_year,
        ),
        identity=c.Identity(
            name="Réseau Exemple des arts vivants",
            territory="Île-de-France",
            timezone="Europe/Paris",
            period_kind="season",
            fiscal_year_start="09-01",
        ),
        governance=c.Governance(
            general_assemblies=c.GovernanceBody(
                kind="general_assembly",
                held=1,
                required=None,
                required_source=None,
                meets_requirement=None,
                mean_attendance_rate=D("0.6000"),
                meetings=(
                    c.GovernanceMeeting(
                        date=dt.date(2025, 11, 20),
                        kind="general_assembly",
                        mandatory=True,
                        duration_hours=D("3"),
                        expected=5,
                        present=3,
                        present_expected=3,
                        excused=1,
                        attendance_rate=D("0.6000"),
                    ),
                ),
            ),
            board=c.GovernanceBody(
                kind="board",
                held=0,
                required=None,
                required_source=None,
                meets_requirement=None,
                mean_attendance_rate=None,
                meetings=(),
            ),
            mandatory_meetings_held=1,
            mandatory_meetings_in_rule=True,
        ),
        membership=c.Membership(
            at_start=5,
            at_end=6,
            suspended_at_start=0,
            suspended_at_end=0,
            arrivals=1,
            departures=0,
            by_discipline=(
                mclass("cirque", "cirque", 0, 1, 1),
                mclass("danse", "danse", 1, 1),
                mclass("marionnette", "marionnette", 1, 1),
                mclass("musique", "musique", 1, 1),
                mclass("théâtre", "théâtre", 2, 2),
            ),
            by_departement=(
                mclass("75", "75", 1, 1),
                mclass("77", "77", 1, 1),
                mclass("92", "92", 1, 1),
                mclass("93", "93", 1, 2, 1),
                mclass("94", "94", 1, 1),
            ),
            by_size=(
                mclass("no_staff", "no_staff", 1, 2, 1),
                mclass("employer_fte_unstated", "employer_fte_unstated", 4, 4),
            ),
            by_employer=(
                mclass("employer", "employer", 4, 4),
                mclass("non_employer", "non_employer", 1, 2, 1),
            ),
            by_tier=(mclass("member", "member", 5, 6, 1),),
        ),
        participation=c.Participation(
            groups=(
                activity("petr", "Espaces de répétition partagés", 2, 6, 8, "16", 3, "240.00"),
                activity("bureaux", "Bureaux partagés", 2, 6, 6, "12", 2, "240.00"),
            ),
            projects=(),
            meetings_by_kind=(
                activity("general_assembly", "general_assembly", 1, 3, 3, "9"),
                activity("working_group", "working_group", 4, 12, 14, "28"),
            ),
            meetings_held=5,
            attendances=15,
            person_hours=D("37"),
            hours_by_form=(
                c.FormHours(form="time", hours=D("8"), fte=D("0.00")),
                c.FormHours(form="meeting", hours=D("37"), fte=D("0.02")),
                c.FormHours(form="knowledge", hours=D("6"), fte=D("0.00")),
                c.FormHours(form="coproduction", hours=D("3"), fte=D("0.00")),
            ),
            volunteer_hours=D("54"),
            volunteer_fte=D("0.03"),
            shared_staff_hours=D("0"),
            shared_staff_fte=D("0.00"),
            fte_hours=c.FTE_HOURS,
            rule=rule,
            status_at_end=c.StatusCounts(
                at=END,
                month="2026-08",
                evaluated=6,
                counts=_counts(MONTHS["2026-08"]),
                source="computed",
                rule_set="regle-2025",
            ),
            status_by_month=months,
            criteria_at_end=(
                c.CriterionStanding(
                    criterion="meetings_attended",
                    evaluated=5,
                    met=4,
                    exempt=1,
                    met_rate=D("0.8000"),
                ),
                c.CriterionStanding(
                    criterion="hours_given", evaluated=5, met=3, exempt=1, met_rate=D("0.6000")
                ),
                c.CriterionStanding(
                    criterion="mandatory_meetings",
                    evaluated=5,
                    met=5,
                    exempt=1,
                    met_rate=D("1.0000"),
                ),
                c.CriterionStanding(
                    criterion="groups_enrolled", evaluated=5, met=4, exempt=1, met_rate=D("0.8000")
                ),
            ),
            exemptions=1,
            exemptions_all=1,
            enforcement=c.Enforcement(
                reminders_sent=1,
                cases_opened=2,
                cases_closed=0,
                decisions=(c.Count(key="warning", label="warning", count=1),),
                restricted_at_end=0,
            ),
        ),
        mutualisation=c.Mutualisation(
            active_members=6,
            forms=(
                form_share("time", 2, "120.00", 2, "0.3333", None, None),
                form_share("meeting", 15, "555.00", 5, "0.8333", None, None),
                form_share("knowledge", 2, "90.00", 2, "0.3333", "0.68", "information"),
                form_share("equipment", 2, "100.00", 2, "0.3333", "0.51", "équipements"),
                form_share("premises", 3, "168.00", 2, "0.3333", "0.48", "locaux"),
                form_share("coproduction", 1, "45.00", 1, "0.1667", "0.46", "co-projets"),
                form_share("shared_staff", 0, "0.00", 0, "0.0000", "0.135", "emploi partagé"),
            ),
            national_source=(
                "« La coopération entre structures culturelles : état des lieux et pistes de "
                "développement » (webinaire), parts des associations culturelles employeuses"
            ),
        ),
        reciprocity=c.Reciprocity(
            members_reported=6,
            active_members=6,
            valued_total_eur=D("1078.00"),
            given_by_members_eur=D("1030.00"),
            mutuality=D("0.6667"),
            weighted_mutuality=D("0.5600"),
            participation_rate=D("0.8333"),
            gini=D("0.3269"),
            top20_share=D("0.5291"),
            local_share=D("0.0000"),
            pairs=3,
            pairs_both_ways=2,
            balance_classes=(
                c.Count(key="givers", label="givers", count=3),
                c.Count(key="reciprocal", label="reciprocal", count=2),
                c.Count(key="consumers", label="consumers", count=0),
                c.Count(key="inactive", label="inactive", count=1),
            ),
            top_givers=balances[:5],
            graph_nodes=(
                node("alize", "310.00", "40.00", "0.7714"),
                node("basalte", "235.00", "40.00", "0.7091"),
                node("cedre", "230.00", "30.00", "0.7692"),
                node("dune", "150.00", "80.00", "0.3043"),
                node("fougere", "105.00", "108.00", "-0.0141"),
            ),
            graph_edges=edges,
            by_departement=(
                crec(
                    "75",
                    1,
                    1,
                    "1",
                    "235.00",
                    "40.00",
                    "0.7091",
                    exchanged_eur=D("140.00"),
                    local_eur=D("0.00"),
                    local_share=D("0"),
                ),
                crec(
                    "77",
                    1,
                    1,
                    "1",
                    "105.00",
                    "108.00",
                    "-0.0141",
                    exchanged_eur=D("60.00"),
                    local_eur=D("0.00"),
                    local_share=D("0"),
                ),
                crec(
                    "92",
                    1,
                    0,
                    "0",
                    "0.00",
                    "0.00",
                    None,
                    exchanged_eur=D("0.00"),
                    local_eur=D("0.00"),
                    local_share=None,
                ),
                crec(
                    "93",
                    2,
                    2,
                    "1",
                    "460.00",
                    "120.00",
                    "0.5862",
                    exchanged_eur=D("190.00"),
                    local_eur=D("0.00"),
                    local_share=D("0"),
                ),
                crec(
                    "94",
                    1,
                    1,
                    "1",
                    "230.00",
                    "30.00",
                    "0.7692",
                    exchanged_eur=D("110.00"),
                    local_eur=D("0.00"),
                    local_share=D("0"),
                ),
            ),
            by_discipline=(
                crec("cirque", 1, 1, "1", "150.00", "80.00", "0.3043"),
                crec("danse", 1, 0, "0", "0.00", "0.00", None),
                crec("marionnette", 1, 1, "1", "105.00", "108.00", "-0.0141"),
                crec("musique", 1, 1, "1", "235.00", "40.00", "0.7091"),
                crec("théâtre", 2, 2, "1", "540.00", "70.00", "0.7705"),
            ),
            by_size=(
                crec("no_staff", 2, 2, "1", "255.00", "188.00", "0.1512"),
                crec("employer_fte_unstated", 4, 3, "0.75", "775.00", "110.00", "0.7514"),
            ),
            departement_flows=(
                c.Flow(from_key="94", to_key="93", value_eur=D("80.00")),
                c.Flow(from_key="75", to_key="77", value_eur=D("60.00")),
                c.Flow(from_key="93", to_key="75", value_eur=D("40.00")),
                c.Flow(from_key="75", to_key="93", value_eur=D("40.00")),
                c.Flow(from_key="93", to_key="94", value_eur=D("30.00")),
            ),
        ),
        valorisation=c.Valorisation(
            fiscal_year=fiscal_year,
            uses=(acc("862", "60.00"), acc("864", "720.00")),
            uses_total_eur=D("780.00"),
            resources=(acc("871", "60.00"), acc("875", "720.00")),
            resources_total_eur=D("780.00"),
            by_form=(
                c.FormValue(form="time", value_eur=D("120.00")),
                c.FormValue(form="meeting", value_eur=D("555.00")),
                c.FormValue(form="knowledge", value_eur=D("60.00")),
                c.FormValue(form="coproduction", value_eur=D("45.00")),
            ),
            standard="ANC 2018-06",
            mapping=(
                mapping("time", "864", "875"),
                mapping("meeting", "864", "875"),
                mapping("knowledge", "862", "871"),
                mapping("equipment", "8612", "871"),
                mapping("premises", "8611", "871"),
                mapping("coproduction", "864", "875"),
                mapping("shared_staff", "864", "871"),
                mapping("money", None, None),
            ),
            method=c.ValuationMethod(
                charge_coefficient=D("1.25"),
                coefficient_stated=False,
                method="SMIC-based hourly rate chosen by the board",
                rates=(
                    rate("time", "15.00", "hours", "SMIC-based hourly rate chosen by the board"),
                    rate("meeting", "15.00", "person-hours"),
                    rate("knowledge", "15.00", "hours"),
                    rate("coproduction", "15.00", "hours"),
                    rate("shared_staff", "15.00", "hours"),
                    rate("equipment", "20.00", "item-days", "rental value per item-day"),
                    rate("premises", "8.00", "room-hours", "rental value per room-hour"),
                ),
                smic=(
                    c.SmicLine(
                        effective_from=dt.date(2025, 1, 1),
                        smic_eur=D("11.88"),
                        hourly_rate_eur=D("14.85"),
                    ),
                    c.SmicLine(
                        effective_from=dt.date(2026, 1, 1),
                        smic_eur=D("12.02"),
                        hourly_rate_eur=D("15.03"),
                    ),
                ),
            ),
        ),
        brakes=brakes,
        comparison=cmp,
        method_notes=notes,
        workbook=c.WorkbookTables(
            members=(),
            months=tuple(MONTHS),
            status_by_month=(),
            forms=(),
            given_by_form=(),
            balances=balances,
            edges=edges,
        ),
    )
