"""The words of the reports, in French and English: a small catalogue, one entry per text.

Why a module and not gettext catalogs: the reports hold about two hundred short texts in two
languages, written by the people who write the templates; a dictionary of ``key → (French,
English)`` keeps both languages of a text on one line (a missing translation cannot happen: the
tuple has two places, and ``tests/unit/reports`` checks none is empty), needs no compile step
and no ``.mo`` file in the package, and mypy reads it. Babel still does every number and date
(:mod:`reports.fmt`).

A text may hold ``{name}`` fields, filled by :meth:`Texts.__call__` (``t("cover.period",
start=…)``). The result is plain text: the templates escape it like any other value, so a
member's name put into a sentence is escaped too.
"""

from __future__ import annotations

from typing import Final

from reports.fmt import Lang

TEXTS: Final[dict[str, tuple[str, str]]] = {
    # -- the document ------------------------------------------------------------------------
    "doc.kicker": (
        "Rapport d'activité · Dispositif local d'accompagnement",
        "Activity report · DLA support mission",
    ),
    "doc.title": ("Participation et mutualisation", "Participation and mutualisation"),
    "doc.running": (
        "{network} — rapport d'activité {period}",
        "{network} — activity report {period}",
    ),
    "doc.made": (
        "Établi par raviv le {day} à partir du registre des contributions validées du réseau, de ses réunions et de sa règle de participation. "
        "Chiffres de structures et agrégats seulement : aucune personne n'y est nommée. Le classeur fait avec lui (raviv report dla --xlsx) contient chaque tableau ligne à ligne.",
        "Made by raviv on {day} from the network's ledger of validated contributions, its meetings and its participation rule. "
        "Organisation-level and aggregated figures only: no person is named. The workbook made with it (raviv report dla --xlsx) holds every table row by row.",
    ),
    "doc.pseudonymised": (
        "Les structures adhérentes sont désignées par un code (pseudonymisation), stable d'une période à l'autre.",
        "Member organisations are named by a code (pseudonymised), stable from one period to the next.",
    ),
    "cover.network": ("Réseau", "Network"),
    "cover.period": ("Période", "Period"),
    "cover.rule": ("Règle de participation en vigueur", "Participation rule in force"),
    "cover.rule_value": ("{ref}, en vigueur depuis le {day}", "{ref}, in force since {day}"),
    "cover.no_rule": ("aucune règle en vigueur sur la période", "no rule in force over the period"),
    "cover.fiscal_year": ("Exercice comptable (valorisation)", "Fiscal year (valorisation)"),
    "cover.generated": ("Établi le", "Made on"),
    "cover.compared": ("Comparé à", "Compared with"),
    "cover.baseline": ("Référence : {period}", "Baseline: {period}"),
    "toc.title": ("Sommaire", "Contents"),
    "not_stated": ("non renseigné", "not stated"),
    "none": ("aucun", "none"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "total": ("Total", "Total"),
    "source.snapshot": ("instantané quotidien", "daily snapshot"),
    "source.computed": ("recalculé", "recomputed"),
    "more_in_workbook": (
        "{shown} sur {total} ; la liste complète est dans le classeur.",
        "{shown} of {total}; the full list is in the workbook.",
    ),
    # -- sections ----------------------------------------------------------------------------
    "section.identity": ("Identité du réseau", "Identity of the network"),
    "section.governance": ("Gouvernance", "Governance"),
    "section.membership": ("Adhérents", "Membership"),
    "section.participation": ("Participation", "Participation"),
    "section.mutualisation": ("Mutualisation par forme", "Mutualisation by form"),
    "section.reciprocity": ("Réciprocité", "Reciprocity"),
    "section.valorisation": (
        "Valorisation des contributions volontaires en nature",
        "Valuation of in-kind contributions",
    ),
    "section.brakes": ("Forces et points de vigilance", "Strengths and weak points"),
    "section.comparison": (
        "Comparaison avec la période précédente",
        "Comparison with the previous period",
    ),
    "section.comparison_baseline": ("Comparaison et suivi DLA", "Comparison and DLA follow-up"),
    "section.method": ("Notes de méthode", "Method notes"),
    # -- identity ----------------------------------------------------------------------------
    "identity.lead": (
        "Ce que le réseau a déclaré de lui-même dans raviv ; un champ « non renseigné » est à compléter par la coordination.",
        'What the network has stated about itself in raviv; a field marked "not stated" is for the coordination to fill in.',
    ),
    "identity.name": ("Nom", "Name"),
    "identity.legal_name": ("Dénomination", "Legal name"),
    "identity.legal_form": ("Forme juridique", "Legal form"),
    "identity.siret": ("SIRET", "SIRET"),
    "identity.rna": ("Numéro RNA", "RNA number"),
    "identity.creation_year": ("Année de création", "Year founded"),
    "identity.address": ("Siège", "Head office"),
    "identity.territory": ("Territoire", "Territory"),
    "identity.parent": ("Fédération d'appartenance", "Federation"),
    "identity.period_kind": ("Période de la règle", "Rule period"),
    "identity.fiscal_year_start": ("Début de l'exercice comptable", "Fiscal year starts"),
    "identity.ga_per_year": (
        "Assemblées générales par an (statuts)",
        "General assemblies a year (statutes)",
    ),
    "identity.board_per_year": (
        "Réunions du conseil par an (statuts)",
        "Board meetings a year (statutes)",
    ),
    "period_kind.calendar_year": ("année civile", "calendar year"),
    "period_kind.season": ("saison (1er septembre – 31 août)", "season (1 September – 31 August)"),
    "period_kind.rolling_12_months": ("12 mois glissants", "rolling 12 months"),
    # -- governance --------------------------------------------------------------------------
    "governance.lead": (
        "Assemblées générales et réunions du conseil tenues sur la période, au regard de ce que demandent les statuts ou la règle, et la présence des structures attendues.",
        "General assemblies and board meetings held over the period, against what the statutes or the rule require, and the attendance of the organisations expected.",
    ),
    "governance.body": ("Instance", "Body"),
    "governance.held": ("Tenues", "Held"),
    "governance.required": ("Requises", "Required"),
    "governance.required_source": ("Selon", "Per"),
    "governance.meets": ("Conforme", "Met"),
    "governance.mean_attendance": ("Présence moyenne", "Mean attendance"),
    "governance.source.statutes": ("statuts", "statutes"),
    "governance.source.rule": ("règle", "rule"),
    "governance.meetings": ("Réunions tenues", "Meetings held"),
    "governance.date": ("Date", "Date"),
    "governance.kind": ("Instance", "Body"),
    "governance.expected": ("Attendues", "Expected"),
    "governance.present": ("Présentes", "Present"),
    "governance.present_expected": ("dont attendues", "of them expected"),
    "governance.excused": ("Excusées", "Excused"),
    "governance.rate": ("Taux de présence", "Attendance rate"),
    "governance.none": (
        "Aucune assemblée générale ni réunion du conseil enregistrée sur la période.",
        "No general assembly or board meeting recorded over the period.",
    ),
    "governance.mandatory": (
        "Réunions obligatoires tenues (toutes instances) : {count}. {rule}",
        "Mandatory meetings held (every kind): {count}. {rule}",
    ),
    "governance.mandatory_in_rule": (
        "La règle demande aux adhérents d'y assister ou de s'en excuser.",
        "The rule asks members to attend them or send apologies.",
    ),
    "governance.mandatory_not_in_rule": (
        "La règle ne demande pas d'y assister.",
        "The rule does not require attending them.",
    ),
    "governance.rate_note": (
        "Taux de présence : structures attendues présentes / structures attendues (tous les adhérents pour une AG, ceux du collège « bureau » pour le conseil).",
        "Attendance rate: expected organisations present / expected organisations (every member for a general assembly, the board tier for a board meeting).",
    ),
    "kind.general_assembly": ("Assemblée générale", "General assembly"),
    "kind.board": ("Conseil d'administration", "Board"),
    "kind.working_group": ("Groupe de travail", "Working group"),
    "kind.project": ("Projet", "Project"),
    "kind.seminar": ("Séminaire", "Seminar"),
    "kind.training": ("Formation", "Training"),
    # -- membership --------------------------------------------------------------------------
    "membership.lead": (
        "Les structures adhérentes au premier et au dernier jour de la période, les arrivées et les départs, par discipline, département, taille et statut d'employeur.",
        "Member organisations on the period's first and last days, arrivals and departures, by discipline, département, size and employer status.",
    ),
    "membership.at_start": ("Adhérents au début", "Members at start"),
    "membership.at_end": ("Adhérents à la fin", "Members at end"),
    "membership.arrivals": ("Arrivées", "Arrivals"),
    "membership.departures": ("Départs", "Departures"),
    "membership.suspended": ("Suspendus (début / fin)", "Suspended (start / end)"),
    "membership.class": ("Classe", "Class"),
    "membership.start": ("Début", "Start"),
    "membership.end": ("Fin", "End"),
    "membership.by_discipline": ("Par discipline", "By discipline"),
    "membership.by_departement": ("Par département", "By département"),
    "membership.by_size": ("Par taille", "By size"),
    "membership.by_employer": ("Employeur ou non", "Employer or not"),
    "membership.by_tier": ("Par collège", "By tier"),
    "membership.departement": ("Département", "Département"),
    "membership.discipline": ("Discipline", "Discipline"),
    "membership.multi_discipline": (
        "Une structure aux disciplines multiples compte dans chacune.",
        "An organisation with several disciplines counts in each.",
    ),
    "membership.chart": (
        "Adhérents à la fin de la période, par département",
        "Members at the period's end, by département",
    ),
    "employer.employer": ("Employeur", "Employer"),
    "employer.non_employer": ("Non employeur", "Not an employer"),
    "size.no_staff": ("Sans salarié", "No staff"),
    "size.fte_under_3": ("Moins de 3 ETP", "Under 3 FTE"),
    "size.fte_3_to_10": ("De 3 à moins de 10 ETP", "3 to under 10 FTE"),
    "size.fte_10_plus": ("10 ETP et plus", "10 FTE or more"),
    "size.employer_fte_unstated": (
        "Employeur, effectif non renseigné",
        "Employer, staff not stated",
    ),
    "unknown": ("non renseigné", "not stated"),
    "tier.associate": ("Associé", "Associate"),
    "tier.member": ("Membre", "Member"),
    "tier.board": ("Bureau", "Board"),
    # -- participation -----------------------------------------------------------------------
    "participation.lead": (
        "Groupes de travail et projets, réunions et présence, heures données et leur équivalent temps plein, la règle de participation et où en sont les adhérents.",
        "Working groups and projects, meetings and attendance, hours given and their full-time equivalent, the participation rule and where members stand.",
    ),
    "participation.meetings_held": ("Réunions tenues", "Meetings held"),
    "participation.attendances": ("Présences de structures", "Organisation attendances"),
    "participation.person_hours": ("Heures-personnes en réunion", "Person-hours in meetings"),
    "participation.volunteer_hours": ("Heures bénévoles données", "Volunteer hours given"),
    "participation.volunteer_fte": (
        "Équivalent temps plein bénévole",
        "Volunteer full-time equivalent",
    ),
    "participation.shared_staff": (
        "Heures de personnel mis à disposition",
        "Hours of staff made available",
    ),
    "participation.fte_note": (
        "1 ETP = {hours} heures par an (durée légale annuelle du travail). Les heures de personnel mis à disposition, payé par son employeur, sont comptées à part.",
        "1 FTE = {hours} hours a year (the French legal working year). Hours of staff made available, paid by their employer, are counted apart.",
    ),
    "participation.groups": ("Groupes de travail", "Working groups"),
    "participation.projects": ("Projets mutualisés", "Shared projects"),
    "participation.by_kind": ("Réunions par nature", "Meetings by kind"),
    "participation.name": ("Nom", "Name"),
    "participation.members": ("Membres", "Members"),
    "participation.meetings": ("Réunions", "Meetings"),
    "participation.people": ("Personnes", "People"),
    "participation.value_received": ("Valeur reçue", "Value received"),
    "participation.no_groups": (
        "Aucun groupe de travail sur la période.",
        "No working group over the period.",
    ),
    "participation.no_projects": (
        "Aucun projet mutualisé sur la période.",
        "No shared project over the period.",
    ),
    "participation.hours_by_form": ("Heures données par forme", "Hours given by form"),
    "participation.form": ("Forme", "Form"),
    "participation.hours": ("Heures", "Hours"),
    "participation.fte": ("ETP", "FTE"),
    "participation.rule": ("La règle de participation", "The participation rule"),
    "participation.rule_intro": (
        "Règle {ref} en vigueur depuis le {day} ; période : {period} ; délai de grâce des nouveaux adhérents : {grace} jours. Chaque adhérent doit :",
        "Rule {ref} in force since {day}; period: {period}; grace for new members: {grace} days. Every member must:",
    ),
    "participation.tier_rule": ("Collège « {tier} » :", 'Tier "{tier}":'),
    "participation.no_rule": (
        "Aucune règle de participation n'était en vigueur sur la période.",
        "No participation rule was in force over the period.",
    ),
    "participation.status_end": ("Statuts à la fin de la période", "Statuses at the period's end"),
    "participation.status_end_note": (
        "Au {day}, {evaluated} adhérents évalués ({source}).",
        "On {day}, {evaluated} members evaluated ({source}).",
    ),
    "participation.status_months": ("Statuts mois par mois", "Statuses month by month"),
    "participation.status_months_caption": (
        "Adhérents par statut à la fin de chaque mois. Source : instantané quotidien conservé ce jour-là, sinon évaluation recalculée pour le rapport (colonne « source »).",
        'Members by status at each month\'s end. Source: the daily snapshot kept that day, otherwise the evaluation recomputed for the report (column "source").',
    ),
    "participation.month": ("Mois", "Month"),
    "participation.source": ("Source", "Source"),
    "participation.criteria_end": (
        "Critères à la fin de la période",
        "Criteria at the period's end",
    ),
    "participation.criterion": ("Critère", "Criterion"),
    "participation.evaluated": ("Évalués", "Evaluated"),
    "participation.met": ("Remplis", "Met"),
    "participation.exempt": ("Dispensés", "Exempt"),
    "participation.met_rate": ("Part remplie", "Share met"),
    "participation.exemptions_enforcement": (
        "Dispenses et suites données",
        "Exemptions and enforcement",
    ),
    "participation.exemptions": (
        "Dispenses décidées pour la période",
        "Exemptions decided for the period",
    ),
    "participation.exemptions_value": (
        "{count} (dont de tous les critères : {all})",
        "{count} (of which from every criterion: {all})",
    ),
    "participation.reminders": ("Rappels envoyés", "Reminders sent"),
    "participation.cases_opened": ("Dossiers ouverts", "Cases opened"),
    "participation.cases_closed": ("Dossiers clos", "Cases closed"),
    "participation.restricted": (
        "Adhérents sous restriction à la fin",
        "Members restricted at the end",
    ),
    "participation.decision": ("Décisions : {kind}", "Decisions: {kind}"),
    "decision.warning": ("avertissement", "warning"),
    "decision.restriction": ("restriction des services", "restriction of services"),
    "decision.suspension_proposal": ("proposition de suspension", "suspension proposal"),
    "decision.lift": ("levée", "lift"),
    "status.non_compliant": ("Non conforme", "Non-compliant"),
    "status.at_risk": ("À risque", "At risk"),
    "status.on_track": ("En bonne voie", "On track"),
    "status.grace": ("Délai de grâce", "Grace"),
    "status.compliant": ("Conforme", "Compliant"),
    "status.exempt": ("Dispensé", "Exempt"),
    "status.count": ("Adhérents", "Members"),
    "status.share": ("Part", "Share"),
    "status.status": ("Statut", "Status"),
    "criterion.meetings_attended": (
        "assister à au moins {min} réunions",
        "attend at least {min} meetings",
    ),
    "criterion.meetings_attended.mandatory": (
        "assister à au moins {min} réunions obligatoires",
        "attend at least {min} mandatory meetings",
    ),
    "criterion.hours_given": ("donner au moins {min} heures", "give at least {min} hours"),
    "criterion.groups_enrolled": (
        "être inscrit à au moins {min} groupe(s) de travail",
        "be enrolled in at least {min} working group(s)",
    ),
    "criterion.mandatory_meetings": (
        "assister à chaque réunion obligatoire ou s'en excuser",
        "attend every mandatory meeting or send apologies",
    ),
    "criterion.dues_paid": ("être à jour de sa cotisation", "have paid its dues"),
    "criterion.forms_given": ("donner sous au moins {min} formes", "give in at least {min} forms"),
    "criterion.value_given": (
        "donner une valeur d'au moins {min}",
        "give a value of at least {min}",
    ),
    "criterion.balance_index": (
        "avoir un indice d'équilibre d'au moins {min} (au-delà de {volume} échangés)",
        "have a balance index of at least {min} (beyond {volume} exchanged)",
    ),
    "criterion.short.meetings_attended": ("Réunions", "Meetings"),
    "criterion.short.hours_given": ("Heures données", "Hours given"),
    "criterion.short.groups_enrolled": ("Groupes de travail", "Working groups"),
    "criterion.short.mandatory_meetings": ("Réunions obligatoires", "Mandatory meetings"),
    "criterion.short.dues_paid": ("Cotisation", "Dues"),
    "criterion.short.forms_given": ("Formes données", "Forms given"),
    "criterion.short.value_given": ("Valeur donnée", "Value given"),
    "criterion.short.balance_index": ("Indice d'équilibre", "Balance index"),
    # -- forms -------------------------------------------------------------------------------
    "form.time": ("Temps de travail", "Working time"),
    "form.meeting": ("Présence en réunion", "Meeting attendance"),
    "form.knowledge": ("Information, savoir, formation", "Information, knowledge, training"),
    "form.equipment": ("Prêt de matériel", "Equipment lent"),
    "form.premises": ("Partage de locaux", "Premises shared"),
    "form.coproduction": ("Co-réalisation de projets", "Project co-production"),
    "form.shared_staff": ("Emploi partagé, mise à disposition", "Shared staff"),
    "form.money": ("Apport financier", "Money"),
    # -- mutualisation -----------------------------------------------------------------------
    "mutualisation.lead": (
        "Ce que les adhérents ont mis en commun, forme par forme : les contributions validées de la période (présence en réunion comprise), et la part des adhérents actifs qui ont donné sous chaque forme, à côté de la part nationale des associations culturelles employeuses qui pratiquent cette forme de mutualisation.",
        "What members pooled, form by form: the validated contributions of the period (meeting attendance included), and the share of active members that gave in each form, beside the national share of employer cultural associations practising that form of mutualisation.",
    ),
    "mutualisation.entries": ("Contributions", "Entries"),
    "mutualisation.value": ("Valeur", "Value"),
    "mutualisation.givers": ("Adhérents donneurs", "Members giving"),
    "mutualisation.share": ("Part des actifs", "Share of active"),
    "mutualisation.national": ("Part nationale", "National share"),
    "mutualisation.national_label": ("pratique nationale : {label}", "national practice: {label}"),
    "mutualisation.chart": (
        "Part des adhérents actifs donnant sous chaque forme, et part nationale",
        "Share of active members giving in each form, and the national share",
    ),
    "mutualisation.series_network": ("Réseau", "Network"),
    "mutualisation.series_national": ("National", "National"),
    "mutualisation.active": (
        "{count} adhérents actifs sur la période.",
        "{count} active members over the period.",
    ),
    "mutualisation.source": (
        "Source des parts nationales : {source}",
        "Source of the national shares: {source}",
    ),
    # -- reciprocity -------------------------------------------------------------------------
    "reciprocity.lead": (
        "Ce que chaque adhérent donne et reçoit, en euros valorisés : équilibre, mutualité des échanges, concentration, graphe des échanges et ancrage local.",
        "What each member gives and receives, in valued euros: balance, mutuality of exchanges, concentration, the exchange graph and local anchoring.",
    ),
    "reciprocity.valued_total": ("Total valorisé", "Valued total"),
    "reciprocity.given_by_members": ("Donné par les adhérents", "Given by members"),
    "reciprocity.participation_rate": ("Taux de participation", "Participation rate"),
    "reciprocity.mutuality": ("Mutualité du réseau", "Network mutuality"),
    "reciprocity.weighted_mutuality": ("Mutualité pondérée", "Weighted mutuality"),
    "reciprocity.gini": ("Concentration (Gini)", "Concentration (Gini)"),
    "reciprocity.top20": ("Part donnée par les 20 % premiers", "Share given by the top 20 %"),
    "reciprocity.local_share": ("Part des échanges restés locaux", "Share of exchanges kept local"),
    "reciprocity.pairs": (
        "{pairs} paires d'adhérents ont échangé, dont {both} dans les deux sens.",
        "{pairs} pairs of members exchanged, {both} of them both ways.",
    ),
    "reciprocity.active": (
        "{active} adhérents actifs sur {reported} adhérents de la période.",
        "{active} active members of the period's {reported}.",
    ),
    "reciprocity.classes": ("Profils d'équilibre", "Balance profiles"),
    "reciprocity.classes_caption": (
        "Adhérents selon leur indice d'équilibre (donné − reçu) / (donné + reçu) : donneurs au-dessus de 1/3, réciproques entre −1/3 et 1/3, consommateurs en dessous de −1/3, inactifs sans échange.",
        "Members by balance index (given − received) / (given + received): givers above 1/3, reciprocal from −1/3 to 1/3, consumers below −1/3, inactive without exchange.",
    ),
    "balance.givers": ("Donneurs", "Givers"),
    "balance.reciprocal": ("Réciproques", "Reciprocal"),
    "balance.consumers": ("Consommateurs", "Consumers"),
    "balance.inactive": ("Inactifs", "Inactive"),
    "reciprocity.top_givers": ("Les {n} plus grands donneurs", "The {n} largest givers"),
    "reciprocity.top_caption": (
        "Valeur donnée et reçue par les plus grands donneurs de la période.",
        "Value given and received by the period's largest givers.",
    ),
    "reciprocity.rank": ("Rang", "Rank"),
    "reciprocity.member": ("Adhérent", "Member"),
    "reciprocity.given": ("Donné", "Given"),
    "reciprocity.received": ("Reçu", "Received"),
    "reciprocity.balance": ("Équilibre", "Balance"),
    "reciprocity.partner_mutuality": ("Mutualité", "Mutuality"),
    "reciprocity.partners": ("Partenaires", "Partners"),
    "reciprocity.forms": ("Formes", "Forms"),
    "reciprocity.graph": ("Graphe des échanges", "Exchange graph"),
    "reciprocity.graph_caption": (
        "Chaque disque est un adhérent (surface : valeur donnée ; couleur : indice d'équilibre, du consommateur en orange au donneur en violet) ; trait vert plein : échange dans les deux sens ; trait gris : un seul sens, vers le receveur.",
        "Each disc is a member (area: value given; colour: balance index, from consumer in orange to giver in purple); solid green line: exchange both ways; grey line: one way, towards the receiver.",
    ),
    "reciprocity.graph_partial": (
        "Les {shown} adhérents qui ont le plus échangé sur {total} ; tous les échanges sont dans le classeur.",
        "The {shown} members that exchanged most, of {total}; every exchange is in the workbook.",
    ),
    "reciprocity.no_graph": (
        "Aucun échange entre adhérents sur la période.",
        "No exchange between members over the period.",
    ),
    "reciprocity.by_departement": (
        "Par département et ancrage local",
        "By département, and local anchoring",
    ),
    "reciprocity.by_discipline": ("Par discipline", "By discipline"),
    "reciprocity.by_size": ("Par taille", "By size"),
    "reciprocity.class_active": ("Actifs", "Active"),
    "reciprocity.givers_count": ("Donneurs", "Givers"),
    "reciprocity.exchanged": ("Échangé entre adhérents", "Exchanged between members"),
    "reciprocity.local": ("Dont local", "Of which local"),
    "reciprocity.flows": ("Principaux flux entre départements", "Main flows between départements"),
    "reciprocity.from": ("De", "From"),
    "reciprocity.to": ("Vers", "To"),
    "reciprocity.value": ("Valeur", "Value"),
    # -- valorisation ------------------------------------------------------------------------
    "valorisation.lead": (
        "Les contributions volontaires en nature reçues par le réseau, ses groupes et ses projets, pour l'exercice {fy} ({period}), présentées comme l'annexe des comptes les demande ({standard}) : emplois en comptes 86 et ressources en comptes 87, de totaux égaux.",
        "The in-kind contributions received by the network, its groups and projects, for the fiscal year {fy} ({period}), as the annex of the accounts asks ({standard}): uses in accounts 86 and resources in accounts 87, with equal totals.",
    ),
    "valorisation.uses": ("Emplois (comptes 86)", "Uses (accounts 86)"),
    "valorisation.resources": ("Ressources (comptes 87)", "Resources (accounts 87)"),
    "valorisation.account": ("Compte", "Account"),
    "valorisation.label": ("Intitulé", "Name"),
    "valorisation.amount": ("Montant", "Amount"),
    "valorisation.none": (
        "Aucune contribution en nature reçue par le réseau sur l'exercice.",
        "No in-kind contribution received by the network over the fiscal year.",
    ),
    "valorisation.of_which": ("dont", "of which"),
    "valorisation.parts_note": (
        "Le compte 861 est détaillé en ses sous-comptes 8611 (locaux) et 8612 (matériels) selon la forme reçue ; un réseau qui les tient à part dans sa comptabilité y inscrit directement ses contributions (correspondance des comptes, ci-dessous).",
        "Account 861 is detailed in its sub-accounts 8611 (premises) and 8612 (equipment) by the form received; a network keeping them apart in its books books its contributions to them directly (account mapping, below).",
    ),
    "valorisation.pairing": (
        "Les deux tableaux ont le même total mais ne se correspondent pas ligne à ligne : un même compte d'emploi peut avoir pour contrepartie plusieurs comptes de ressources. Les échanges entre adhérents sont des contributions en nature dans les comptes de l'adhérent qui les reçoit, pas dans ceux du réseau.",
        "Both tables have the same total but do not pair line by line: one use account may be matched by several resource accounts. Exchanges between members are in-kind contributions in the receiving member's books, not the network's.",
    ),
    "valorisation.by_form": ("Reçu par forme", "Received by form"),
    "valorisation.mapping": (
        "Correspondance des formes et des comptes en vigueur",
        "Mapping of forms to accounts in force",
    ),
    "valorisation.use": ("Emploi", "Use"),
    "valorisation.resource": ("Ressource", "Resource"),
    "valorisation.overridden": ("Choix du réseau", "Network's choice"),
    "valorisation.default_mapping": ("défaut {standard}", "{standard} default"),
    "valorisation.not_in_kind": ("hors nature", "not in kind"),
    "valorisation.method": ("Méthode de valorisation", "Valuation method"),
    "valorisation.method_text": (
        "Valeur = quantité × taux en vigueur le jour de la contribution, figé à sa validation. Le réseau fixe ses taux par forme ; à défaut, une heure est valorisée au SMIC brut horaire × coefficient de charges patronales ({coefficient}{stated}).",
        "Value = quantity × the rate in effect on the entry's day, frozen when it is validated. The network sets its rates per form; otherwise an hour is valued at the gross hourly SMIC × employer-charge coefficient ({coefficient}{stated}).",
    ),
    "valorisation.coefficient_stated": (", fixé par le réseau", ", set by the network"),
    "valorisation.coefficient_default": (", valeur par défaut", ", the default"),
    "valorisation.network_method": (
        "Méthode déclarée par le réseau : {method}",
        "Method stated by the network: {method}",
    ),
    "valorisation.rates": (
        "Taux du réseau en vigueur sur l'exercice",
        "The network's rates in force over the fiscal year",
    ),
    "valorisation.category": ("Catégorie", "Category"),
    "valorisation.rate": ("Taux", "Rate"),
    "valorisation.unit": ("Unité", "Unit"),
    "valorisation.since": ("Depuis le", "From"),
    "valorisation.rate_method": ("Méthode", "Method"),
    "valorisation.smic": (
        "SMIC brut horaire et taux horaire par défaut",
        "Gross hourly SMIC and default hourly rate",
    ),
    "valorisation.smic_value": ("SMIC brut horaire", "Gross hourly SMIC"),
    "valorisation.hourly": ("Taux horaire par défaut", "Default hourly rate"),
    "valorisation.no_rates": (
        "Le réseau n'a pas fixé de taux : le taux horaire par défaut s'applique.",
        "The network has set no rate: the default hourly rate applies.",
    ),
    "unit.hours": ("heure", "hour"),
    "unit.person-hours": ("heure-personne", "person-hour"),
    "unit.item-days": ("objet-jour", "item-day"),
    "unit.room-hours": ("salle-heure", "room-hour"),
    "unit.m²-days": ("m²-jour", "m²-day"),
    "unit.euros": ("euro", "euro"),
    # -- brakes ------------------------------------------------------------------------------
    "brakes.lead": (
        "Le document de contexte relève quatre freins à la coopération entre structures culturelles : le manque de temps, d'implication, de réciprocité et d'ancrage local. Chacun est mesuré ici par un indicateur : plus il est élevé, plus le frein pèse.",
        "The context document names four brakes on cooperation between cultural organisations: lack of time, of involvement, of reciprocity and of local anchoring. Each is measured here by one indicator: the higher it is, the more the brake weighs.",
    ),
    "brakes.brake": ("Frein", "Brake"),
    "brakes.value": ("Période", "Period"),
    "brakes.previous": ("Précédente", "Previous"),
    "brakes.definition": ("Définition", "Definition"),
    "brakes.strengths": ("Points forts", "Strengths"),
    "brakes.weak": ("Points de vigilance", "Weak points"),
    "brakes.none": ("—", "—"),
    "brakes.strong_when": (
        "un indicateur sous {low} est un point fort, au-dessus de {high} un point de vigilance.",
        "an indicator below {low} is a strength, above {high} a weak point.",
    ),
    # -- comparison --------------------------------------------------------------------------
    "comparison.lead": (
        "Les mêmes indicateurs sur la période, la période précédente{baseline}, et leur évolution.",
        "The same indicators over the period, the previous period{baseline}, and their change.",
    ),
    "comparison.lead_baseline": (
        " et la période de référence du diagnostic DLA",
        " and the DLA diagnosis's baseline period",
    ),
    "comparison.indicator": ("Indicateur", "Indicator"),
    "comparison.now": ("Période", "Period"),
    "comparison.previous": ("Précédente", "Previous"),
    "comparison.change": ("Évolution", "Change"),
    "comparison.baseline": ("Référence", "Baseline"),
    "comparison.periods": (
        "Période : {now}. Précédente : {previous}.{baseline}",
        "Period: {now}. Previous: {previous}.{baseline}",
    ),
    "comparison.baseline_period": (" Référence : {baseline}.", " Baseline: {baseline}."),
    "comparison.points": ("pts", "pts"),
    # -- method ------------------------------------------------------------------------------
    "method.lead": (
        "Comment chaque chiffre est calculé ; la formule et un exemple chiffré sont dans la documentation du projet, à l'endroit indiqué.",
        "How each figure is computed; the formula and a worked example are in the project's documentation, where shown.",
    ),
    "method.doc": ("Voir {doc}", "See {doc}"),
    "method.periods": (
        "Les périodes sont semi-ouvertes : du premier jour inclus au jour qui suit le dernier. Seules les contributions validées comptent ; les montants sont exacts au centime, les parts arrondies au dixième de point pour l'affichage.",
        "Periods are half-open: from the first day included to the day after the last. Only validated contributions count; amounts are exact to the cent, shares rounded to a tenth of a point for display.",
    ),
    # -- attestation -------------------------------------------------------------------------
    "attestation.title": ("Attestation de participation", "Participation attestation"),
    "attestation.statement": (
        "{network} atteste que la structure adhérente {member} a participé à la vie du réseau du {start} au {end}, comme suit.",
        "{network} certifies that its member organisation {member} took part in the network's life from {start} to {end}, as follows.",
    ),
    "attestation.siret": ("SIRET {siret}", "SIRET {siret}"),
    "attestation.rna": ("RNA {rna}", "RNA {rna}"),
    "attestation.given": ("Contributions données", "Contributions given"),
    "attestation.quantity": ("Quantité", "Quantity"),
    "attestation.total_given": ("Total donné", "Total given"),
    "attestation.nothing_given": (
        "Aucune contribution validée sur la période.",
        "No validated contribution over the period.",
    ),
    "attestation.meetings": ("Réunions", "Meetings"),
    "attestation.meetings_line": (
        "Suivies : {attended} (dont obligatoires : {mandatory}) ; excusées : {excused}.",
        "Attended: {attended} (mandatory: {mandatory}); with apologies: {excused}.",
    ),
    "attestation.groups": ("Groupes de travail", "Working groups"),
    "attestation.projects": ("Projets mutualisés", "Shared projects"),
    "attestation.none": ("aucun", "none"),
    "attestation.no_id": ("SIRET : non renseigné", "SIRET: not stated"),
    "attestation.rule": (
        "Au regard de la règle de participation",
        "Against the participation rule",
    ),
    "attestation.status_line": ("Statut au {day} : {status}.", "Status on {day}: {status}."),
    "attestation.no_rule": (
        "Aucune règle de participation n'était en vigueur sur la période.",
        "No participation rule was in force over the period.",
    ),
    "attestation.required": ("Demandé", "Required"),
    "attestation.actual": ("Réalisé", "Actual"),
    "attestation.met": ("Rempli", "Met"),
    "attestation.exempt_reason": ("Dispense : {reason}", "Exemption: {reason}"),
    "attestation.done_at": ("Fait à {place}, le {day}", "Done at {place}, on {day}"),
    "attestation.done_on": ("Fait le {day}", "Done on {day}"),
    "attestation.signatory_missing": ("Signataire : non renseigné", "Signatory: not stated"),
    "attestation.footer": (
        "Établie par raviv à partir du registre des contributions validées du réseau. Valeurs selon la méthode de valorisation du réseau.",
        "Made by raviv from the network's ledger of validated contributions. Values by the network's valuation method.",
    ),
    # -- roll-up -----------------------------------------------------------------------------
    "rollup.kicker": ("Synthèse fédérale", "Federation roll-up"),
    "rollup.title": (
        "Les réseaux de la fédération côte à côte",
        "The federation's networks side by side",
    ),
    "rollup.lead": (
        "Les indicateurs de chaque réseau de {federation}, calculés chacun sur son propre registre pour la période {period}. Aucun adhérent n'est nommé.",
        "The indicators of each network of {federation}, each computed on its own ledger for the period {period}. No member is named.",
    ),
    "rollup.network": ("Réseau", "Network"),
    "rollup.members": ("Adhérents", "Members"),
    "rollup.active": ("Actifs", "Active"),
    "rollup.valued_total": ("Total valorisé", "Valued total"),
    "rollup.cvn": ("CVN du réseau", "Network's CVN"),
    "rollup.indicators": ("Indicateurs", "Indicators"),
    "rollup.forms": (
        "Part des actifs donnant sous chaque forme",
        "Share of active members giving each form",
    ),
    "rollup.all": ("Ensemble", "All"),
    "rollup.none": (
        "Aucun réseau n'est rattaché à cette fédération.",
        "No network belongs to this federation.",
    ),
    "rollup.chart": (
        "Taux de participation et mutualité de chaque réseau",
        "Participation rate and mutuality of each network",
    ),
    "rollup.made": (
        "Établi par raviv le {day} à partir du registre des contributions validées de chaque réseau. Chiffres de réseaux seulement : aucun adhérent ni aucune personne n'y est nommé.",
        "Made by raviv on {day} from each network's ledger of validated contributions. Network-level figures only: no member and no person is named.",
    ),
    "rollup.total_note": (
        "La colonne « Ensemble » additionne les comptes et les montants ; les taux n'y sont pas moyennés.",
        'The "All" column adds up counts and amounts; rates are not averaged there.',
    ),
}
"""Every text of the reports: key → (French, English)."""


FRENCH_SPACES: Final = (
    (" :", "\u00a0:"),
    (" ;", "\u202f;"),
    (" ?", "\u202f?"),
    (" !", "\u202f!"),
    ("« ", "«\u00a0"),
    (" »", "\u00a0»"),
)
"""French typography: no line break before a high punctuation sign or inside guillemets."""


def french_spacing(text: str) -> str:
    """The catalogue's French text with no-break spaces where French typography wants them
    (the catalogue is written with plain spaces, easier to read and to edit)."""
    for plain, unbreakable in FRENCH_SPACES:
        text = text.replace(plain, unbreakable)
    return text


class Texts:
    """The texts of one language: ``t = Texts("en"); t("section.identity")``."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self._index = 0 if lang == "fr" else 1

    def __call__(self, key: str, /, **values: object) -> str:
        text = TEXTS[key][self._index]
        if self._index == 0:
            text = french_spacing(text)
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in TEXTS

    def label(self, prefix: str, code: str | None, fallback: str | None = None) -> str:
        """The label of a code of the vocabulary (``label("status", "at_risk")``), or
        ``fallback`` (else the code itself) when the catalogue has none."""
        if code is None or code in {"", "?"}:
            return self("unknown")
        key = f"{prefix}.{code}"
        if key in TEXTS:
            return self(key)
        return fallback if fallback is not None else code
