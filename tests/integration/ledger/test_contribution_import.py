"""Importing contributions from spreadsheets, against the real database.

The network is the example archive's (``exemple``): alize, basalte, cedre, ecume and fougere are
members since before 2024, dune since 2026-01-01; an hour is worth 15.00 €, an item-day of
equipment 20.00 €, a room-hour 8.00 €, from 2024-01-01. The archive already holds c1 to c12.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from raviv.access.tables import AuditEntry
from raviv.errors import FieldProblem, InvalidError
from raviv.ledger import contribution_import
from raviv.ledger.tables import Contribution, SharedProject
from raviv.network_archive import archive_io
from raviv.registry.service import network_id
from raviv.registry.tables import Member

DATA = Path(__file__).resolve().parents[2] / "data"
CSV = (DATA / "contributions-exemple.csv").read_bytes()
NET = "exemple"
HEADER = "Donneur;Bénéficiaire;Forme;Quantité;Unité;Date;Note;Référence;Statut"
GOOD = "alize;réseau;temps;2;;10/10/2025;Comptabilité du réseau;;"


@pytest.fixture
async def network(db: None) -> str:
    await archive_io.import_archive((DATA / "reseau-exemple.json").read_bytes())
    return NET


async def run(
    content: bytes, *, dry_run: bool = False, name: str = "apports.csv"
) -> contribution_import.ContributionImportReport:
    return await contribution_import.import_contributions(NET, content, name, dry_run=dry_run)


async def refused(content: bytes, name: str = "apports.csv") -> list[FieldProblem]:
    before = await Contribution.count()
    with pytest.raises(InvalidError) as caught:
        await run(content, name=name)
    assert await Contribution.count() == before, "a refused import wrote something"
    return caught.value.errors


def csv(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


async def test_a_dry_run_shows_what_would_be_created_and_writes_nothing(network: str) -> None:
    before = await Contribution.count()
    report = await contribution_import.import_contributions(NET, CSV, "apports.csv")
    assert report.dry_run is True
    assert len(report.created) == 7
    assert "pret-basalte-alize" in report.created
    assert (report.validated, report.value_eur) == (6, Decimal("327.00"))
    assert report.columns["quantity"] == "Quantité"
    assert await Contribution.count() == before
    assert not await AuditEntry.exists().where(AuditEntry.action == "contributions.import")


async def test_the_example_file_is_imported_at_the_rates_of_each_day(network: str) -> None:
    report = await contribution_import.import_contributions(NET, CSV, "apports.csv", dry_run=False)
    assert report.dry_run is False
    rows = {
        r["note"]: r
        for r in await Contribution.select(
            Contribution.ref,
            Contribution.note,
            Contribution.giver_member.ref.as_alias("giver"),
            Contribution.receiver_kind,
            Contribution.form,
            Contribution.unit,
            Contribution.quantity_milli,
            Contribution.date,
            Contribution.status,
            Contribution.rate_cents,
            Contribution.value_cents,
            Contribution.validated_at,
        )
        .where(Contribution.ref.is_in(report.created))
        .run()
    }
    assert len(rows) == 7
    statutes = rows["Relecture des statuts"]
    assert (statutes["quantity_milli"], statutes["date"]) == (1500, date(2025, 9, 15))
    assert (statutes["status"], statutes["rate_cents"], statutes["value_cents"]) == (
        "validated",
        1500,
        2250,
    )
    assert statutes["validated_at"] is not None
    room = rows["Salle de répétition du réseau"]
    assert (room["giver"], room["unit"], room["value_cents"]) == (None, "room-hours", 3200)
    money = rows["Apport au fonds de solidarité"]
    assert (money["form"], money["unit"], money["value_cents"]) == ("money", "euros", 15000)
    staff = rows["Chargée de diffusion mutualisée"]
    assert (staff["form"], staff["status"], staff["value_cents"]) == (
        "shared_staff",
        "submitted",
        None,
    )
    assert rows["Atelier paie et contrats"]["receiver_kind"] == "group"
    line = await AuditEntry.select().where(AuditEntry.action == "contributions.import").first()
    assert line is not None
    assert line["object_ref"] == "apports.csv"


async def test_importing_the_same_file_again_creates_nothing(network: str) -> None:
    first = await run(CSV)
    count = await Contribution.count()
    again = await contribution_import.import_contributions(NET, CSV, "apports.csv", dry_run=False)
    assert again.created == []
    assert sorted(again.unchanged) == sorted(first.created)
    assert await Contribution.count() == count


async def test_an_xlsx_workbook_with_english_headers_gives_the_same_entries(network: str) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Giver", "Receiver", "Form", "Quantity", "Unit", "Date", "Note", "Reference"])
    for row in (
        ["alize", "network", "time", 1.5, "hours", date(2025, 9, 15), "Relecture des statuts"],
        ["basalte", "alize", "equipment", 2, None, date(2025, 10, 3), "Prêt de deux projecteurs"],
    ):
        sheet.append(row)
    sheet["H3"] = "pret-basalte-alize"
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = await contribution_import.import_contributions(
        NET, buffer.getvalue(), "apports.xlsx", dry_run=False
    )
    assert report.validated == 2
    assert report.value_eur == Decimal("62.50")
    from_csv = await contribution_import.import_contributions(NET, CSV, "apports.csv")
    assert set(report.created) <= set(from_csv.unchanged)
    assert len(from_csv.created) == 5


async def test_identical_rows_are_as_many_entries_and_still_import_once(network: str) -> None:
    twice = csv(GOOD, GOOD)
    report = await run(twice)
    assert len(set(report.created)) == 2
    again = await contribution_import.import_contributions(NET, twice, "a.csv", dry_run=False)
    assert (again.created, len(again.unchanged)) == ([], 2)


async def test_a_ref_already_in_the_ledger_is_unchanged_only_with_the_same_content(
    network: str,
) -> None:
    same_as_c1 = "alize;réseau;temps;6;;20/09/2025;Mise à jour du site du réseau;c1;"
    report = await contribution_import.import_contributions(NET, csv(same_as_c1), "a.csv")
    assert (report.created, report.unchanged) == ([], ["c1"])
    problems = await refused(csv(same_as_c1.replace(";6;", ";7;")))
    assert [(p.row, p.field, p.value) for p in problems] == [(2, "Référence", "c1")]
    assert "jamais modifiée" in (problems[0].message_fr or "")


@pytest.mark.parametrize(
    ("line", "column", "french"),
    [
        ("zorro;réseau;temps;2;;10/10/2025;;;", "Donneur", "aucun adhérent"),
        ("alize;zorro;temps;2;;10/10/2025;;;", "Bénéficiaire", "aucun adhérent"),
        ("alize;groupe:fantome;temps;2;;10/10/2025;;;", "Bénéficiaire", "aucun groupe"),
        ("alize;projet:fantome;temps;2;;10/10/2025;;;", "Bénéficiaire", "aucun projet"),
        ("alize;ailleurs:x;temps;2;;10/10/2025;;;", "Bénéficiaire", "groupe:<réf>"),
        ("alize;réseau;bénévolat;2;;10/10/2025;;;", "Forme", "forme inconnue"),
        ("alize;réseau;réunion;2;;10/10/2025;;;", "Forme", "feuilles de présence"),
        ("alize;réseau;temps;0;;10/10/2025;;;", "Quantité", "supérieure à 0"),
        ("alize;réseau;temps;-1,5;;10/10/2025;;;", "Quantité", "supérieure à 0"),
        ("alize;réseau;temps;1,2345;;10/10/2025;;;", "Quantité", "3 décimales"),
        ("alize;réseau;temps;deux;;10/10/2025;;;", "Quantité", "nombre illisible"),
        ("alize;réseau;temps;2;;31/02/2025;;;", "Date", "n'existe pas"),
        ("alize;réseau;temps;2;;hier;;;", "Date", "date illisible"),
        ("alize;réseau;temps;2;;;;;", "Date", "obligatoire"),
        ("dune;réseau;temps;2;;15/12/2025;;;", "Date", "pas adhérent actif"),
        ("alize;réseau;temps;2;euros;10/10/2025;;;", "Unité", "se compte en hours"),
        ("alize;réseau;temps;2;litres;10/10/2025;;;", "Unité", "unité inconnue"),
        ("alize;alize;temps;2;;10/10/2025;;;", "Bénéficiaire", "est le donneur"),
        ("alize;réseau;temps;2;;10/10/2025;;Pas une réf!;", "Référence", "une référence"),
        ("alize;réseau;temps;2;;10/10/2025;;;peut-être", "Statut", "statut inconnu"),
        ("alize;réseau;matériel;2;;10/10/2023;;;", "Forme", "aucun taux"),
    ],
)
async def test_each_bad_cell_is_refused_by_row_and_column_and_nothing_is_written(
    network: str, line: str, column: str, french: str
) -> None:
    problems = await refused(csv(GOOD, line))
    assert [(p.row, p.field) for p in problems] == [(3, column)]
    assert french in (problems[0].message_fr or ""), problems[0]
    assert problems[0].message  # and in English


async def test_every_problem_of_every_row_is_listed_at_once(network: str) -> None:
    problems = await refused(
        csv(
            "zorro;réseau;temps;deux;;10/10/2025;;;",  # a ledger problem beside a cell problem
            GOOD,
            "alize;basalte;matériel;2;jours;10/10/2025;;;",
            "basalte;zorro;temps;2;;01/01/2014;;;",  # before basalte joined, to no one
            "alize;réseau;temps;2;;10/10/2025;;double;",
            "basalte;réseau;temps;2;;10/10/2025;;double;",
        )
    )
    assert [(p.row, p.field) for p in problems] == [
        (2, "Quantité"),
        (2, "Donneur"),
        (5, "Bénéficiaire"),
        (5, "Date"),
        (5, "Forme"),  # no rate: the SMIC raviv knows starts later
        (7, "Référence"),
    ]
    assert "ligne 6" in (problems[-1].message_fr or "")


async def test_a_validated_row_needs_a_rate_but_a_submitted_one_waits_for_it(
    network: str,
) -> None:
    before_rates = "alize;réseau;matériel;2;;10/10/2023;Prêt ancien;;{}"
    problems = await refused(csv(before_rates.format("validée")))
    assert "no equipment rate" in problems[0].message
    report = await run(csv(before_rates.format("soumise")))
    assert report.validated == 0


async def test_a_shared_project_may_receive(network: str) -> None:
    nid = await network_id(NET)
    lead = await Member.select(Member.id).where(Member.ref == "alize").first()
    assert lead is not None
    await SharedProject.insert(
        SharedProject(
            network=nid,
            ref="festival",
            name="Festival",
            lead=lead["id"],
            starts_on=date(2025, 1, 1),
        )
    ).run()
    report = await run(csv("basalte;projet:festival;coproduction;5;;10/10/2025;Régie;;"))
    assert len(report.created) == 1


@pytest.mark.parametrize(
    ("content", "french"),
    [
        (b"", "vide"),
        (HEADER.encode() + b"\n", "aucune ligne"),
        (b"Donneur;Forme;Date\nalize;temps;10/10/2025\n", "colonne « Bénéficiaire »"),
    ],
)
async def test_an_empty_file_or_one_without_rows_or_columns_is_refused(
    network: str, content: bytes, french: str
) -> None:
    problems = await refused(content)
    assert any(french in (p.message_fr or "") for p in problems), problems
