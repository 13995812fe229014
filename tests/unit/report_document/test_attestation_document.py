"""The attestation's page from its context: the network's identity, the member's figures, its
standing, "Fait à …, le …" and the signatory; one page, in French and English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from raviv.rules import evaluator as ev
from raviv.vocabulary import CriterionName, Form, MeetingKind
from reports.attestation import attestation_context
from reports.context import Period
from reports.document import attestation_html
from reports.fmt import Lang
from reports.render import render_pdf
from tests.unit.report_document.pdf_text import pdf_text

IDENTITY = {
    "ref": "exemple",
    "name": "Réseau Exemple",
    "legal_name": "Association Réseau Exemple des arts vivants",
    "siret": "52601815500014",
    "rna": None,
    "address": {"street": "12 rue des Lilas", "postcode": "93100", "city": "Montreuil"},
    "signatory": {"name": "Camille Martin", "role": "Coordinatrice"},
}
SEASON = Period(start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1), last_day=dt.date(2026, 8, 31))


def _attestation(lang: Lang) -> str:
    record = ev.MemberRecord(
        ref="alize",
        tier="member",
        memberships=(ev.Membership(dt.date(2020, 1, 10)),),
        given=(
            ev.ValuedEntry(dt.date(2025, 9, 20), Form.time, Decimal(6), Decimal("90.00")),
            ev.ValuedEntry(dt.date(2025, 10, 7), Form.meeting, Decimal(2), Decimal("30.00")),
        ),
        attendance=(
            ev.Attendance("ag", dt.date(2025, 11, 20), MeetingKind.general_assembly, True, 1),
            ev.Attendance("m1", dt.date(2025, 10, 7), MeetingKind.working_group, False, 1),
            ev.Attendance(
                "m9", dt.date(2026, 5, 7), MeetingKind.working_group, False, excused=True
            ),
        ),
        enrolments=(ev.Enrolment("petr", dt.date(2024, 1, 1)),),
    )
    evaluation = ev.MemberEvaluation(
        member="alize",
        status=ev.Status.compliant,
        criteria=(
            ev.CriterionResult(
                CriterionName.hours_given,
                Decimal(10),
                Decimal(8),
                False,
                Decimal(2),
                False,
                False,
                "",
                "",
            ),
            ev.CriterionResult(CriterionName.meetings_attended, 2, 2, True, 0, True, False, "", ""),
        ),
        member_days=365,
        elapsed_days=365,
    )
    context = attestation_context(
        lang=lang,
        identity=IDENTITY,
        member={"ref": "alize", "name": "Compagnie Alizé", "siret": None},
        record=record,
        evaluation=evaluation,
        rule_ref="regle-2025",
        period=SEASON,
        at=SEASON.end,
        group_names={"petr": "Espaces de répétition partagés"},
        projects=["Festival <Mix>"],
        signed_on=dt.date(2026, 9, 15),
    )
    return attestation_html(context)


def test_the_attestation_is_one_page_with_its_identity_figures_and_signature() -> None:
    rendered = render_pdf(_attestation("fr"))
    assert rendered.pages == 1
    text = " ".join(pdf_text(rendered.pdf).split())
    for words in (
        "Association Réseau Exemple des arts vivants",
        "SIRET 52601815500014",
        "12 rue des Lilas",
        "93100 Montreuil",
        "Attestation de participation",
        "atteste que la structure adhérente Compagnie Alizé",
        "du 1 septembre 2025 au 31 août 2026",
        "Temps de travail 1 6,0 heure 90,00 €",
        "Total donné 120,00 €",
        "Suivies : 2 (dont obligatoires : 1) ; excusées : 1",
        "Espaces de répétition partagés",
        "Festival <Mix>",
        "Statut au 31 août 2026 : Conforme",
        "Heures données 10,0 8,0 non",
        "Fait à Montreuil, le 15 septembre 2026",
        "Camille Martin",
        "Coordinatrice",
    ):
        assert words in text, words


def test_the_english_attestation() -> None:
    text = " ".join(pdf_text(render_pdf(_attestation("en")).pdf).split())
    for words in ("Participation attestation", "certifies that", "€120.00", "Done at Montreuil"):
        assert words in text, words
