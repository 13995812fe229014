"""What the admin shows: one entry per table, with what may be changed in it.

Each table appears under a subclass of the domain's own (same database table, columns copied by
Piccolo) whose columns carry French help texts and a French readable name: the domain's tables
keep their own texts, the admin's forms explain themselves to the network's staff. Each column
also has a French label (:data:`_LABELS`), which :mod:`admin.gate` writes into the table's
schema, where Piccolo Admin's pages read their labels.

What may be written is listed here, column by column, and nothing else: :mod:`admin.gate`
refuses any other change, and a table with nothing listed is read-only (the ledger, the audit
log, the dated actions, the decisions; docs/admin.md says why for each).
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from piccolo.columns.readable import Readable
from piccolo.table import Table
from piccolo_admin.endpoints import TableConfig
from piccolo_api.crud.validators import Validators
from starlette.exceptions import HTTPException
from starlette.requests import Request

from raviv.access.tables import AuditEntry
from raviv.ledger.tables import Contribution, Meeting, Rate, SharedProject, WorkingGroup
from raviv.participation.tables import (
    CaseDecision,
    EvaluationSnapshot,
    Exemption,
    Reminder,
    RuleSetVersion,
)
from raviv.registry.tables import Due, Member, Membership, Network, Person, Tier

_COMMON = {
    "id": "Numéro interne de la ligne.",
    "network": "Le réseau auquel la ligne appartient.",
    "member": "La structure adhérente concernée.",
    "ref": "Identifiant unique dans le réseau (il sert dans les adresses et les imports).",
    "created_at": "Date et heure de création de la ligne.",
    "created_by": "Le compte qui a créé la ligne.",
    "period_start": "Premier jour de la période concernée.",
    "period_end": "Lendemain du dernier jour de la période.",
    "starts_on": "Premier jour.",
    "ends_on": "Lendemain du dernier jour ; vide tant que ce n'est pas terminé.",
    "decided_by": "Qui a décidé.",
    "decided_on": "Jour de la décision.",
    "reason": "Pourquoi.",
    "status": "Où en est la ligne.",
    "day": "Le jour évalué.",
    "note": "Remarque libre.",
}

_TEXTS: dict[str, dict[str, str]] = {
    "network": {
        "id": "Numéro interne du réseau.",
        "ref": "Identifiant court et stable du réseau.",
        "name": "Nom complet du réseau.",
        "territory": "Territoire couvert, en texte libre.",
        "period_kind": "Période d'évaluation : année civile ou saison (1er sept.–31 août).",
        "timezone": "Fuseau horaire de ses dates (IANA).",
        "checkin_max_people": "Nombre maximal de personnes qu'une structure peut pointer.",
        "parent": "La fédération dont le réseau fait partie, s'il y en a une.",
        "legal_name": "Dénomination légale, si elle diffère du nom.",
        "siret": "SIRET, 14 chiffres, s'il y en a un.",
        "rna": "Numéro RNA (W + 9 chiffres), s'il y en a un.",
        "legal_form": "Forme juridique : association, SCIC…",
        "creation_year": "Année de création du réseau.",
        "address_street": "Siège : rue.",
        "address_postcode": "Siège : code postal.",
        "address_city": "Siège : commune.",
        "general_assemblies_per_year": "Assemblées générales prévues par les statuts, par an.",
        "board_meetings_per_year": "Conseils d'administration prévus par les statuts, par an.",
        "fiscal_year_start": "Premier jour de l'exercice comptable (MM-JJ).",
        "signatory_name": "Qui signe ses attestations.",
        "signatory_role": "La fonction du signataire.",
    },
    "member": {
        "name": "Nom de la structure.",
        "siret": "SIRET, 14 chiffres, s'il y en a un.",
        "legal_form": "Forme juridique : association, SCOP, collectif…",
        "disciplines": "Disciplines : théâtre, danse, musique…",
        "departement": "Code du département, par exemple « 93 ».",
        "commune": "Commune du siège.",
        "employer": "La structure emploie-t-elle des salariés ?",
        "headcount_fte": "Effectif salarié en équivalents temps plein.",
        "budget_bracket": "Tranche de budget annuel, par exemple « 50-200k ».",
        "tier": "Collège de la structure dans le réseau (un code de la table des collèges).",
    },
    "person": {
        "first_name": "Prénom.",
        "last_name": "Nom.",
        "email": "Adresse électronique.",
        "phone": "Téléphone.",
        "role": "Fonction dans la structure.",
        "consent_contact": "Accepte d'être contactée par le réseau.",
        "consent_directory": "Accepte de figurer dans l'annuaire.",
        "erased_at": "Quand l'identité a été effacée (RGPD) ; une personne effacée ne se "
        "modifie plus.",
    },
    "due": {
        "amount_cents": "Montant en centimes d'euro (12 000 pour 120,00 €).",
        "paid_on": "Jour du paiement ; vide tant qu'elle n'est pas payée.",
        "means": "Moyen de paiement : virement, chèque, espèces, carte…",
    },
    "tier": {
        "code": "Code utilisé par les règles et les imports, par exemple « ca » ; il ne "
        "change plus une fois créé.",
        "label": "Libellé montré aux personnes, par exemple « Membre du CA ».",
        "position": "Rang dans les listes.",
    },
    "working_group": {
        "name": "Nom de la commission.",
        "description": "Sur quoi la commission travaille.",
    },
    "shared_project": {
        "name": "Nom du projet.",
        "lead": "La structure qui porte le projet.",
    },
    "meeting": {
        "title": "Intitulé de la réunion.",
        "kind": "Type de réunion (AG, CA, commission…).",
        "mandatory": "Chaque structure doit-elle y être (ou représentée) ?",
        "date": "Jour de la réunion, dans le fuseau du réseau.",
        "start_time": "Heure locale de début, si elle est fixée.",
        "duration_milli": "Durée en millièmes d'heure (1 500 pour 1 h 30).",
        "place": "Lieu, salle.",
        "link": "Lien de visioconférence, s'il y en a un.",
        "working_group": "La commission dont elle relève, s'il y en a une.",
        "project": "Le projet dont elle relève, s'il y en a un.",
        "checkin_code": "Code que les présents saisissent pour pointer.",
    },
    "rate": {
        "form": "La forme de contribution que ce taux valorise.",
        "category": "Catégorie de matériel ou de locaux, s'il y a lieu.",
        "eur_per_unit_cents": "Centimes d'euro par unité (15,00 € → 1 500).",
        "unit": "L'unité valorisée.",
        "effective_from": "Premier jour où le taux s'applique ; un taux ne se modifie pas, "
        "un nouveau le remplace à sa date.",
        "method": "Comment le taux a été choisi (repris dans le rapport DLA).",
    },
    "contribution": {
        "giver_member": "La structure qui donne ; vide quand c'est le réseau.",
        "receiver_kind": "Qui reçoit : le réseau, une commission, un projet ou une structure.",
        "receiver_member": "La structure qui reçoit.",
        "receiver_group": "La commission qui reçoit.",
        "receiver_project": "Le projet qui reçoit.",
        "form": "Ce qui a été donné.",
        "unit": "L'unité de la quantité.",
        "category": "Catégorie de matériel ou de locaux, s'il y a lieu.",
        "quantity_milli": "Quantité en millièmes de l'unité.",
        "date": "Jour du don, dans le fuseau du réseau.",
        "note": "Ce qui a été donné, en quelques mots.",
        "evidence_url": "Lien vers un justificatif.",
        "status": "Soumise, validée ou refusée.",
        "reason": "Pourquoi elle a été refusée.",
        "reverses": "L'écriture qu'elle annule (une correction est une contre-passation).",
        "rate_cents": "Centimes d'euro par unité, figés à la validation.",
        "value_cents": "Valeur en centimes d'euro, figée à la validation.",
        "meeting": "La réunion où elle a été saisie.",
        "idempotency_key": "Clé du client : un nouvel envoi avec la même clé ne fait rien.",
        "validated_by": "Le compte qui l'a validée ou refusée.",
        "validated_at": "Quand elle a été validée ou refusée.",
    },
    "audit_entry": {
        "at": "Quand.",
        "account": "Le compte qui a agi.",
        "actor": "Par où : api, admin, cli, system.",
        "action": "Ce qui a été fait, par exemple member.update.",
        "object_type": "Le type d'objet concerné.",
        "object_ref": "L'objet concerné.",
        "before": "L'état avant.",
        "after": "L'état après.",
        "detail": "Précisions.",
        "client_ip": "Adresse IP de l'appel.",
    },
    "membership": {
        "reason": "Pourquoi la période a commencé.",
        "end_reason": "Pourquoi la période a pris fin.",
    },
    "rule_set": {
        "ref": "Identifiant de la version, unique dans le réseau.",
        "effective_from": "Premier jour où cette version s'applique.",
        "period_kind": "La période sur laquelle elle s'évalue.",
        "grace_days": "Jours après l'adhésion pendant lesquels rien n'est exigé.",
        "criteria": "Les critères, tous à remplir (JSON).",
        "tiers": "Critères propres à certains collèges (JSON).",
    },
    "exemption": {
        "criteria": "« all » ou la liste JSON des critères dont la structure est dispensée.",
        "reason": "Pourquoi, tel que décidé.",
        "decided_by": "Qui a décidé (le CA, l'AG…).",
    },
    "case_decision": {
        "enforcement_case": "Le dossier de suivi concerné.",
        "kind": "Avertissement, restriction, suspension…",
        "starts_on": "Restriction : premier jour.",
        "ends_on": "Restriction : premier jour où elle ne s'applique plus.",
    },
    "evaluation_snapshot": {
        "rule_set": "La version de la règle appliquée.",
        "inputs": "Résumé des données évaluées.",
        "document": "L'évaluation complète (JSON).",
    },
    "reminder": {
        "recipients": "Les adresses destinataires (JSON).",
        "subject": "Objet du message.",
        "body": "Le texte envoyé.",
        "message_id": "Message-ID du courriel envoyé.",
        "error": "Pourquoi le dernier envoi a échoué.",
        "attempts": "Nombre d'envois tentés.",
        "snapshot": "L'évaluation dont elle découle.",
        "claimed_at": "Début du dernier envoi.",
        "sent_at": "Quand elle est partie.",
    },
}


# The columns' French names, shown by Piccolo Admin as the forms' labels, the lists' headers and
# the filters' names (the gate puts them in each table's schema as the properties' ``title``:
# Piccolo has no label of its own). Every column of every table shown has one (the views are
# refused without); the tables' own French names are :attr:`Exposed.label`.
_COMMON_LABELS = {
    "id": "N°",
    "network": "Réseau",
    "member": "Structure",
    "ref": "Identifiant",
    "created_at": "Créée le",
    "created_by": "Créée par",
    "period_start": "Début de période",
    "period_end": "Fin de période",
    "starts_on": "Début",
    "ends_on": "Fin",
    "decided_by": "Décidée par",
    "decided_on": "Décidée le",
    "reason": "Motif",
    "status": "État",
    "day": "Jour",
    "note": "Note",
}

_LABELS: dict[str, dict[str, str]] = {
    "network": {
        "name": "Nom",
        "territory": "Territoire",
        "period_kind": "Période d'évaluation",
        "timezone": "Fuseau horaire",
        "checkin_max_people": "Personnes pointées au plus",
        "parent": "Fédération",
        "legal_name": "Dénomination légale",
        "siret": "SIRET",
        "rna": "RNA",
        "legal_form": "Forme juridique",
        "creation_year": "Année de création",
        "address_street": "Rue",
        "address_postcode": "Code postal",
        "address_city": "Commune",
        "general_assemblies_per_year": "AG par an",
        "board_meetings_per_year": "CA par an",
        "fiscal_year_start": "Début d'exercice",
        "signatory_name": "Signataire",
        "signatory_role": "Fonction du signataire",
    },
    "member": {
        "name": "Nom",
        "siret": "SIRET",
        "legal_form": "Forme juridique",
        "disciplines": "Disciplines",
        "departement": "Département",
        "commune": "Commune",
        "employer": "Employeur",
        "headcount_fte": "Effectif (ETP)",
        "budget_bracket": "Tranche de budget",
        "tier": "Collège",
    },
    "person": {
        "first_name": "Prénom",
        "last_name": "Nom",
        "email": "Courriel",
        "phone": "Téléphone",
        "role": "Fonction",
        "consent_contact": "Accepte d'être contactée",
        "consent_directory": "Dans l'annuaire",
        "erased_at": "Effacée le",
    },
    "due": {
        "amount_cents": "Montant (centimes)",
        "paid_on": "Payée le",
        "means": "Moyen de paiement",
    },
    "tier": {"code": "Code", "label": "Libellé", "position": "Rang"},
    "membership": {"status": "Statut", "reason": "Motif d'entrée", "end_reason": "Motif de fin"},
    "working_group": {"name": "Nom", "description": "Description"},
    "shared_project": {"name": "Nom", "lead": "Porteuse"},
    "meeting": {
        "title": "Intitulé",
        "kind": "Type",
        "mandatory": "Obligatoire",
        "date": "Date",
        "start_time": "Heure de début",
        "duration_milli": "Durée (millièmes d'heure)",
        "place": "Lieu",
        "link": "Lien de visio",
        "working_group": "Commission",
        "project": "Projet",
        "checkin_code": "Code de pointage",
    },
    "rate": {
        "form": "Forme de contribution",
        "category": "Catégorie",
        "eur_per_unit_cents": "Centimes par unité",
        "unit": "Unité",
        "effective_from": "En vigueur le",
        "method": "Méthode",
    },
    "contribution": {
        "giver_member": "Structure donatrice",
        "receiver_kind": "Bénéficiaire",
        "receiver_member": "Structure bénéficiaire",
        "receiver_group": "Commission bénéficiaire",
        "receiver_project": "Projet bénéficiaire",
        "form": "Forme",
        "unit": "Unité",
        "category": "Catégorie",
        "quantity_milli": "Quantité (millièmes)",
        "date": "Date",
        "note": "Description",
        "evidence_url": "Justificatif",
        "reason": "Motif du refus",
        "reverses": "Annule",
        "rate_cents": "Taux (centimes)",
        "value_cents": "Valeur (centimes)",
        "meeting": "Réunion",
        "idempotency_key": "Clé d'envoi",
        "validated_by": "Validée par",
        "validated_at": "Validée le",
    },
    "rule_set": {
        "ref": "Version",
        "effective_from": "En vigueur le",
        "period_kind": "Période",
        "grace_days": "Jours de grâce",
        "criteria": "Critères",
        "tiers": "Critères par collège",
    },
    "exemption": {"criteria": "Critères dispensés"},
    "case_decision": {"enforcement_case": "Dossier de suivi", "kind": "Décision"},
    "evaluation_snapshot": {
        "rule_set": "Version de la règle",
        "inputs": "Données évaluées",
        "document": "Évaluation",
    },
    "reminder": {
        "recipients": "Destinataires",
        "subject": "Objet",
        "body": "Texte",
        "message_id": "Message-ID",
        "error": "Erreur",
        "attempts": "Envois tentés",
        "snapshot": "Évaluation",
        "claimed_at": "Envoi commencé le",
        "sent_at": "Envoyée le",
    },
    "audit_entry": {
        "at": "Quand",
        "account": "Compte",
        "actor": "Par",
        "action": "Action",
        "object_type": "Type d'objet",
        "object_ref": "Objet",
        "before": "Avant",
        "after": "Après",
        "detail": "Détail",
        "client_ip": "Adresse IP",
    },
}


def column_labels(table: type[Table]) -> dict[str, str]:
    """The French name of each of ``table``'s columns (:data:`_LABELS`); refused if one has
    none, so that a column added to a table shown cannot come up in English."""
    tablename = table._meta.tablename
    labels = {**_COMMON_LABELS, **_LABELS.get(tablename, {})}
    missing = [c._meta.name for c in table._meta.columns if c._meta.name not in labels]
    if missing:  # tests/unit/admin/test_admin_tables.py
        raise ValueError(f"{tablename}: no French label for {', '.join(missing)}")
    return {c._meta.name: labels[c._meta.name] for c in table._meta.columns}


def _french(
    table: type[Table], name: str, readable: tuple[str, ...], template: str = "%s"
) -> type[Table]:
    """The admin's view of ``table``: the same database table, French texts on its columns."""
    tablename = table._meta.tablename
    texts = {**_COMMON, **_TEXTS.get(tablename, {})}

    def get_readable(cls: type[Table]) -> Readable:
        return Readable(template=template, columns=[getattr(cls, c) for c in readable])

    view: type[Table] = types.new_class(
        name,
        (table,),
        {"tablename": tablename},
        lambda ns: ns.update({"get_readable": classmethod(get_readable)}),
    )
    missing = [c._meta.name for c in view._meta.columns if c._meta.name not in texts]
    if missing:  # every column explains itself (tests/unit/test_admin_tables.py)
        raise ValueError(f"{tablename}: no French help text for {', '.join(missing)}")
    for column in view._meta.columns:
        column._meta.help_text = texts[column._meta.name]
    return view


def _refuse_write(_crud: Any, request: Request) -> None:
    """Piccolo's own check, behind the gate's: this table is never written through the admin."""
    if request.method not in {"GET", "HEAD", "OPTIONS"}:
        raise HTTPException(status_code=405, detail="Cette table ne se modifie pas ici.")


def _refusing(*routes: str) -> Validators:
    refusals: dict[str, Any] = {route: [_refuse_write] for route in routes}
    return Validators(**refusals)


_NO_DELETE: tuple[str, ...] = ("delete_single", "delete_all", "put_single")
_READ_ONLY: tuple[str, ...] = (*_NO_DELETE, "patch_single", "post_single")


@dataclass(frozen=True, slots=True)
class Exposed:
    """One table of the admin and what may be written in it."""

    table: type[Table]
    label: str  # its name in the menu
    group: str  # its menu group
    visible: tuple[str, ...]  # the list's columns
    filters: tuple[str, ...]  # the filter sidebar's
    editable: frozenset[str] = frozenset()  # columns a PATCH may change
    creatable: frozenset[str] = frozenset()  # columns a POST may set (empty: no POST)
    scope_column: str = "network"  # the column holding the row's network
    config: TableConfig = field(init=False, compare=False)
    columns: Mapping[str, str] = field(init=False, compare=False)  # column → French label

    def __post_init__(self) -> None:
        # Piccolo Admin's menu and page titles name a table by its database name (its route):
        # the table's help text, shown beside that name, says in French what it is and may do.
        # Its columns' French labels are put in the table's schema by the gate.
        object.__setattr__(self, "columns", column_labels(self.table))
        if self.read_only:
            can = "lecture seule"
        elif not self.editable:
            can = "on y ajoute des lignes, on n'en modifie aucune"
        else:
            can = "modifiable : " + ", ".join(  # in the form's order
                label for name, label in self.columns.items() if name in self.editable
            )
        self.table._meta.help_text = f"{self.label} ({can})."
        refused: tuple[str, ...] = _READ_ONLY if not self.editable else _NO_DELETE
        if self.editable and not self.creatable:
            refused = (*_NO_DELETE, "post_single")
        if self.creatable and not self.editable:
            refused = (*_NO_DELETE, "patch_single")
        config = TableConfig(
            self.table,
            visible_columns=[getattr(self.table, c) for c in self.visible],
            visible_filters=[getattr(self.table, c) for c in self.filters],
            validators=_refusing(*refused),
            menu_group=self.group,
        )
        object.__setattr__(self, "config", config)

    @property
    def tablename(self) -> str:
        return str(self.table._meta.tablename)

    @property
    def read_only(self) -> bool:
        return not self.editable and not self.creatable


_REGISTRY = "Registre"
_LIFE = "Vie du réseau"
_LEDGER = "Registre des contributions"
_RULE = "Règle de participation"


def _exposed() -> tuple[Exposed, ...]:
    network = _french(Network, "AdminNetwork", ("name",))
    member = _french(Member, "AdminMember", ("name",))
    return (
        Exposed(
            network,
            "Réseaux",
            _REGISTRY,
            ("id", "ref", "name", "territory", "parent"),
            ("ref", "name", "parent"),
            scope_column="id",
        ),
        Exposed(
            member,
            "Structures adhérentes",
            _REGISTRY,
            ("id", "ref", "name", "tier", "commune", "departement", "network"),
            ("network", "ref", "name", "tier", "departement", "employer"),
            editable=frozenset(
                {
                    "name",
                    "siret",
                    "legal_form",
                    "disciplines",
                    "departement",
                    "commune",
                    "employer",
                    "headcount_fte",
                    "budget_bracket",
                    "tier",
                }
            ),
        ),
        Exposed(
            _french(Person, "AdminPerson", ("first_name", "last_name"), "%s %s"),
            "Personnes",
            _REGISTRY,
            ("id", "first_name", "last_name", "email", "member", "role"),
            ("network", "member", "last_name", "email"),
            editable=frozenset(
                {
                    "first_name",
                    "last_name",
                    "email",
                    "phone",
                    "role",
                    "consent_contact",
                    "consent_directory",
                }
            ),
        ),
        Exposed(
            _french(Due, "AdminDue", ("period_start",)),
            "Cotisations",
            _REGISTRY,
            ("id", "member", "period_start", "amount_cents", "paid_on", "means"),
            ("network", "member", "period_start", "paid_on"),
            editable=frozenset({"period_start", "amount_cents", "paid_on", "means"}),
            creatable=frozenset(
                {
                    "network",
                    "member",
                    "period_start",
                    "amount_cents",
                    "paid_on",
                    "means",
                }
            ),
        ),
        Exposed(
            _french(Tier, "AdminTier", ("label",)),
            "Collèges",
            _REGISTRY,
            ("id", "code", "label", "position", "network"),
            ("network", "code"),
            editable=frozenset({"label", "position"}),
            creatable=frozenset({"network", "code", "label", "position"}),
        ),
        Exposed(
            _french(Membership, "AdminMembership", ("starts_on",)),
            "Périodes d'adhésion",
            _REGISTRY,
            ("id", "member", "starts_on", "ends_on", "status"),
            ("network", "member", "status"),
        ),
        Exposed(
            _french(WorkingGroup, "AdminWorkingGroup", ("name",)),
            "Commissions",
            _LIFE,
            ("id", "ref", "name", "network"),
            ("network", "name"),
            editable=frozenset({"name", "description"}),
        ),
        Exposed(
            _french(SharedProject, "AdminSharedProject", ("name",)),
            "Projets partagés",
            _LIFE,
            ("id", "ref", "name", "lead", "starts_on", "ends_on"),
            ("network", "name", "lead"),
            editable=frozenset({"name", "lead", "starts_on", "ends_on"}),
        ),
        Exposed(
            _french(Meeting, "AdminMeeting", ("title",)),
            "Réunions",
            _LIFE,
            ("id", "ref", "title", "date", "start_time", "place"),
            ("network", "date", "kind", "title"),
            editable=frozenset({"title", "date", "start_time", "duration_milli", "place", "link"}),
        ),
        Exposed(
            _french(Rate, "AdminRate", ("form", "effective_from"), "%s (%s)"),
            "Taux de valorisation",
            _LEDGER,
            ("id", "form", "category", "eur_per_unit_cents", "unit", "effective_from"),
            ("network", "form", "effective_from"),
            creatable=frozenset(
                {
                    "network",
                    "form",
                    "category",
                    "eur_per_unit_cents",
                    "unit",
                    "effective_from",
                    "method",
                }
            ),
        ),
        Exposed(
            _french(Contribution, "AdminContribution", ("ref",)),
            "Contributions",
            _LEDGER,
            ("id", "ref", "giver_member", "form", "quantity_milli", "date", "status"),
            ("network", "giver_member", "form", "date", "status"),
        ),
        Exposed(
            _french(RuleSetVersion, "AdminRuleSetVersion", ("ref",)),
            "Versions de la règle",
            _RULE,
            ("id", "ref", "effective_from", "period_kind", "grace_days"),
            ("network", "effective_from"),
        ),
        Exposed(
            _french(Exemption, "AdminExemption", ("period_start",)),
            "Dispenses",
            _RULE,
            ("id", "member", "period_start", "criteria", "decided_by", "decided_on"),
            ("network", "member", "period_start"),
        ),
        Exposed(
            _french(CaseDecision, "AdminCaseDecision", ("kind",)),
            "Décisions de suivi",
            _RULE,
            ("id", "enforcement_case", "kind", "decided_on", "starts_on", "ends_on"),
            ("network", "kind", "decided_on"),
        ),
        Exposed(
            _french(EvaluationSnapshot, "AdminEvaluationSnapshot", ("day",)),
            "Évaluations conservées",
            _RULE,
            ("id", "day", "period_start", "period_end", "rule_set"),
            ("network", "day"),
        ),
        Exposed(
            _french(Reminder, "AdminReminder", ("day",)),
            "Relances",
            _RULE,
            ("id", "member", "day", "status", "sent_at"),
            ("network", "member", "status", "day"),
        ),
        Exposed(
            _french(AuditEntry, "AdminAuditEntry", ("action",)),
            "Journal d'audit",
            "Journal",
            ("id", "at", "account", "actor", "action", "object_type", "object_ref"),
            ("network", "account", "action", "object_type", "actor"),
        ),
    )


EXPOSED: Mapping[str, Exposed] = {e.tablename: e for e in _exposed()}
