"""Importing member lists from spreadsheets, against the real database."""

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from raviv.errors import InvalidError, TooLargeError
from raviv.network_archive import archive_io
from raviv.registry import member_import, service
from raviv.registry.schemas import NetworkCreate
from raviv.registry.tables import Member, Membership, Person

DATA = Path(__file__).resolve().parents[2] / "data"
CSV = (DATA / "membres-exemple.csv").read_bytes()
NET = "exemple"


@pytest.fixture
async def network(db: None) -> str:
    await service.create_network(NetworkCreate(ref=NET, name="Réseau Exemple des arts vivants"))
    return NET


async def counts() -> tuple[int, int, int]:
    return (
        await Member.count().run(),
        await Membership.count().run(),
        await Person.count().run(),
    )


def without_tier(mapping: dict[str, str]) -> dict[str, str]:
    return {field: header for field, header in mapping.items() if field != "tier"}


async def test_a_dry_run_shows_what_would_be_created_and_writes_nothing(network: str) -> None:
    report = await member_import.import_members(NET, CSV, "membres.csv", dry_run=True)
    assert report.created == ["alize", "basalte", "cedre", "dune", "ecume", "fougere"]
    assert report.mapping["siret"] == "SIRET"
    assert await counts() == (0, 0, 0)


async def test_the_example_list_gives_the_same_members_as_the_example_archive(
    network: str,
) -> None:
    guessed = (await member_import.import_members(NET, CSV, "m.csv", dry_run=True)).mapping
    # "Statut" says who sits on the board, not the archive's tier: the network saves a mapping
    # without it, once.
    await member_import.save_mapping(await service.network_id(NET), without_tier(guessed))
    report = await member_import.import_members(NET, CSV, "membres.csv", dry_run=False)
    assert len(report.created) == 6
    assert report.people_created == 6
    imported = (await service.list_members(NET, limit=50, offset=0, only=None)).items
    archive = json.loads((DATA / "reseau-exemple.json").read_text("utf-8"))
    expected = {
        m["ref"]: (
            m["name"],
            m["siret"],
            m["legal_form"],
            [m["discipline"]],
            m["departement"],
            m["employer"],
            m["tier"],
        )
        for m in archive["members"]
    }
    assert {
        m.ref: (m.name, m.siret, m.legal_form, m.disciplines, m.departement, m.employer, m.tier)
        for m in imported
    } == expected
    for m in archive["members"]:
        history = await service.list_memberships(NET, m["ref"])
        assert [h.starts_on.isoformat() for h in history] == [m["memberships"][0]["from"]]


async def test_importing_the_same_file_again_changes_nothing(network: str) -> None:
    await member_import.import_members(NET, CSV, "m.csv", dry_run=False)
    before = await counts()
    again = await member_import.import_members(NET, CSV, "m.csv", dry_run=False)
    assert again.created == again.updated == []
    assert len(again.unchanged) == 6
    assert await counts() == before


async def test_a_changed_row_updates_its_member_matched_by_ref(network: str) -> None:
    await member_import.import_members(NET, CSV, "m.csv", dry_run=False)
    changed = CSV.decode("utf-8").replace("Montreuil", "Bagnolet").encode("utf-8")
    report = await member_import.import_members(NET, changed, "m.csv", dry_run=False)
    assert report.updated == ["alize"]
    assert (await service.get_member(NET, "alize")).commune == "Bagnolet"


async def test_a_row_without_ref_is_matched_by_its_siret(network: str) -> None:
    await member_import.import_members(NET, CSV, "m.csv", dry_run=False)
    text = CSV.decode("utf-8").replace("\nalize;", "\n;")
    report = await member_import.import_members(NET, text.encode(), "m.csv", dry_run=True)
    assert "alize" in report.unchanged
    assert report.created == []


async def test_xlsx_and_windows_1252_files_import_like_the_csv(network: str) -> None:
    frame = pd.read_csv(io.BytesIO(CSV), sep=";", dtype=str, keep_default_na=False)
    xlsx = io.BytesIO()
    frame.to_excel(xlsx, index=False)
    from_xlsx = await member_import.import_members(NET, xlsx.getvalue(), "m.xlsx", dry_run=True)
    cp1252 = CSV.decode("utf-8").encode("cp1252")
    from_cp1252 = await member_import.import_members(NET, cp1252, "m.csv", dry_run=True)
    assert (
        from_xlsx.created
        == from_cp1252.created
        == ["alize", "basalte", "cedre", "dune", "ecume", "fougere"]
    )


def corrupt(old: str, new: str) -> bytes:
    text = CSV.decode("utf-8")
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


@pytest.mark.parametrize(
    ("content", "row", "column"),
    [
        (corrupt("90830166600016", "90830166600017"), 3, "SIRET"),
        (corrupt("01/05/2021", "31/02/2021"), 3, "Date d'adhésion"),
        (corrupt("Membre du CA", "Membre d'honneur"), 4, "Statut"),
        (corrupt("\nbasalte;", "\nalize;"), 3, "Réf."),
        (corrupt(";2,5;", ";deux;"), 2, "ETP"),
        (corrupt("karim.martin@alize.example", "karim.martin-at-alize"), 2, "Contact - Courriel"),
    ],
)
async def test_each_bad_cell_is_reported_by_row_and_column_and_nothing_is_written(
    network: str, content: bytes, row: int, column: str
) -> None:
    with pytest.raises(InvalidError) as raised:
        await member_import.import_members(NET, content, "m.csv", dry_run=False)
    problems = [(p.row, p.field) for p in raised.value.errors]
    assert (row, column) in problems
    assert all(p.message and p.message_fr for p in raised.value.errors)
    assert await counts() == (0, 0, 0)


async def test_all_problems_of_all_rows_are_reported_in_one_pass(network: str) -> None:
    text = CSV.decode("utf-8").replace("90830166600016", "123").replace("01/03/2019", "hier")
    with pytest.raises(InvalidError) as raised:
        await member_import.import_members(NET, text.encode(), "m.csv", dry_run=False)
    assert {(p.row, p.field) for p in raised.value.errors} >= {
        (3, "SIRET"),
        (4, "Date d'adhésion"),
    }


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"", "vide.csv"),
        (b"R\xc3\xa9f.;Nom de la structure\n", "entete-seule.csv"),
        (b"\x00\x01\x02\x03PNG garbage\xff\xfe" * 50, "photo.xlsx"),
        (b"PK\x03\x04 not really a zip", "casse.xlsx"),
    ],
)
async def test_files_that_are_not_member_lists_are_refused_clearly(
    network: str, content: bytes, filename: str
) -> None:
    with pytest.raises(InvalidError) as raised:
        await member_import.import_members(NET, content, filename, dry_run=False)
    assert raised.value.errors[0].field == "file"
    assert raised.value.errors[0].message_fr
    assert await counts() == (0, 0, 0)


async def test_a_file_over_the_size_limit_is_refused(network: str) -> None:
    with pytest.raises(TooLargeError, match=r"MB|large"):
        await member_import.import_members(NET, CSV * 10, "m.csv", max_bytes=len(CSV) * 2)
    assert await counts() == (0, 0, 0)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_an_exported_list_imports_back_unchanged(network: str, fmt: str) -> None:
    await member_import.import_members(NET, CSV, "m.csv", dry_run=False)
    exported = await member_import.export_members(NET, fmt)
    report = await member_import.import_members(NET, exported, f"export.{fmt}", dry_run=True)
    assert report.created == report.updated == []
    assert len(report.unchanged) == 6


async def test_an_import_into_the_example_archive_matches_its_members(db: None) -> None:
    await archive_io.import_archive((DATA / "reseau-exemple.json").read_bytes())
    guessed = (await member_import.import_members(NET, CSV, "m.csv", dry_run=True)).mapping
    report = await member_import.import_members(
        NET, CSV, "m.csv", mapping=without_tier(guessed), dry_run=True
    )
    # Same organisations: the list adds communes and headcounts the archive does not carry.
    assert sorted(report.created) == []
    assert sorted(report.updated + report.unchanged) == [
        "alize",
        "basalte",
        "cedre",
        "dune",
        "ecume",
        "fougere",
    ]


def _xlsx_with_group_header_row() -> bytes:
    """The example list under a merged group-header row, as networks lay out their workbooks."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    lines = [line.split(";") for line in CSV.decode("utf-8").splitlines()]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Structure", *[""] * 10, "Contact", "", "", ""])
    sheet.merge_cells("A1:K1")
    sheet.merge_cells("L1:O1")
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def test_a_merged_group_header_row_above_the_headers_is_not_taken_as_the_header(
    network: str,
) -> None:
    report = await member_import.import_members(
        NET, _xlsx_with_group_header_row(), "membres.xlsx", dry_run=True
    )
    assert report.created == ["alize", "basalte", "cedre", "dune", "ecume", "fougere"]
    assert report.header_row == 2
    assert report.mapping["name"] == "Nom de la structure"
    assert report.ignored_columns == []


async def test_a_title_row_above_the_headers_is_skipped_and_the_report_says_which_row_was_used(
    network: str,
) -> None:
    titled = "Adhérents 2026 — export du 06/12/2026;;\n;;\n".encode() + CSV.replace(
        b"Contact - T\xc3\xa9l\xc3\xa9phone", b"Remarques"
    )
    report = await member_import.import_members(NET, titled, "membres.csv", dry_run=True)
    assert len(report.created) == 6
    assert report.header_row == 3
    assert report.ignored_columns == ["Remarques"]


async def test_a_file_without_a_recognisable_header_row_names_the_line_tried_and_the_rule(
    network: str,
) -> None:
    content = "Liste;Année\nCompagnie Alizé;2026\n".encode()
    with pytest.raises(InvalidError) as caught:
        await member_import.import_members(NET, content, "membres.csv", dry_run=True)
    assert "line 1" in caught.value.detail
    assert "first 20 lines" in caught.value.detail
    assert await counts() == (0, 0, 0)
