"""Member lists from spreadsheets: formats, column mapping, row validation, export round trip."""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook  # type: ignore[import-untyped]

from raviv.spreadsheet.reading import (
    DEFAULT_HEADERS,
    DEFAULT_TIER_LABELS,
    FIELDS,
    MemberRow,
    ParseResult,
    PersonRow,
    RowProblem,
    SheetTable,
    SpreadsheetError,
    export_members,
    guess_mapping,
    member_header_score,
    member_row_as_dict,
    parse_members,
    read_table,
    validate_mapping,
)

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "tests" / "data" / "membres-exemple.csv"
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
HEADER, *EXAMPLE_LINES = EXAMPLE_TEXT.splitlines()
HEADERS = HEADER.split(";")


def parse(content: bytes, filename: str = "membres.csv") -> ParseResult:
    table = read_table(content, filename)
    return parse_members(table, guess_mapping(table.headers), tiers=DEFAULT_TIER_LABELS)


def csv_with(*lines: str) -> bytes:
    return "\n".join([HEADER, *lines]).encode()


def line_with(base: int, **cells: str) -> str:
    """Example line ``base`` (0 = alize) with some cells, named by header, replaced."""
    values = EXAMPLE_LINES[base].split(";")
    for header, value in cells.items():
        values[HEADERS.index(header)] = value
    return ";".join(values)


def example_frame(*, typed: bool) -> pd.DataFrame:
    """The example list as pandas would write it; ``typed`` gives real numbers and dates."""
    frame = pd.read_csv(EXAMPLE, sep=";", dtype=str, keep_default_na=False)
    if typed:
        frame = frame.astype(object)
        frame["ETP"] = [float(v.replace(",", ".")) for v in frame["ETP"]]
        frame["Date d'adhésion"] = pd.to_datetime(frame["Date d'adhésion"], format="%d/%m/%Y")
        frame["Département"] = [int(v) for v in frame["Département"]]
    return frame


def problem_at(result: ParseResult, row: int, column: str) -> RowProblem:
    found = [p for p in result.problems if p.row == row and p.column == column]
    assert len(found) == 1, result.problems
    return found[0]


# --- the example list ----------------------------------------------------------------------------


def test_the_example_member_list_parses_into_six_members_with_their_contacts() -> None:
    result = parse(EXAMPLE.read_bytes())

    assert result.problems == []
    assert [m.ref for m in result.rows] == ["alize", "basalte", "cedre", "dune", "ecume", "fougere"]
    alize, basalte, cedre, dune, _, fougere = result.rows
    assert alize == MemberRow(
        row=2,
        ref="alize",
        name="Compagnie Alizé",
        siret="52601815500014",
        legal_form="Association loi 1901",
        disciplines=("théâtre",),
        departement="93",
        commune="Montreuil",
        employer=True,
        headcount_fte=Decimal("2.5"),
        joined_on=date(2020, 1, 10),
        tier="member",
        person=PersonRow("Martin", "Karim", "karim.martin@alize.example", "0612345678"),
    )
    assert cedre.tier == "board"
    assert dune.employer is False
    assert dune.siret is None
    assert fougere.siret == "08246281300013"
    assert basalte.person == PersonRow("Nguyen", "Léa", "lea@basalte.example", "")
    assert [m.row for m in result.rows] == [2, 3, 4, 5, 6, 7]


def test_every_header_of_the_example_is_recognised() -> None:
    assert guess_mapping(HEADERS) == dict(zip(FIELDS, HEADERS, strict=True))


def test_default_headers_start_with_the_example_headers() -> None:
    assert [DEFAULT_HEADERS[field][0] for field in FIELDS] == HEADERS


def test_headers_match_whatever_their_case_accents_and_punctuation() -> None:
    mapping = guess_mapping(["REF", "nom de la structure", "Departement", "e-mail", "N° SIRET"])
    assert mapping == {
        "ref": "REF",
        "name": "nom de la structure",
        "siret": "N° SIRET",
        "departement": "Departement",
        "person_email": "e-mail",
    }


def test_a_plain_nom_column_is_the_contact_when_a_structure_column_exists() -> None:
    mapping = guess_mapping(["Nom", "Prénom", "Structure", "Courriel"])
    assert mapping["name"] == "Structure"
    assert mapping["person_last_name"] == "Nom"
    assert mapping["person_first_name"] == "Prénom"


def test_the_docs_list_the_headers_the_code_recognises() -> None:
    doc = (ROOT / "docs" / "spreadsheet-import.md").read_text()
    table = doc.split("## Columns", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1:4] for line in table.splitlines() if line.startswith("| `")]
    documented = {
        field.strip(" `"): (default.strip(), [h.strip() for h in others.split(",")])
        for field, default, others in rows
    }
    assert list(documented) == list(FIELDS)
    for field, (default, others) in documented.items():
        assert default == DEFAULT_HEADERS[field][0]
        assert set(others) <= set(DEFAULT_HEADERS[field])


# --- formats -------------------------------------------------------------------------------------


def _xlsx(tmp_path: Path, *, typed: bool) -> bytes:
    path = tmp_path / "membres.xlsx"
    example_frame(typed=typed).to_excel(path, index=False)
    return path.read_bytes()


def _ods(tmp_path: Path, *, typed: bool) -> bytes:
    path = tmp_path / "membres.ods"
    example_frame(typed=typed).to_excel(path, index=False, engine="odf")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("membres.xlsx", lambda tmp: _xlsx(tmp, typed=False)),
        ("membres.xlsx", lambda tmp: _xlsx(tmp, typed=True)),
        ("membres.ods", lambda tmp: _ods(tmp, typed=False)),
        ("membres.ods", lambda tmp: _ods(tmp, typed=True)),
        ("membres.csv", lambda _: EXAMPLE_TEXT.encode("cp1252")),
        ("membres.csv", lambda _: EXAMPLE_TEXT.encode("utf-8-sig")),
        ("membres.csv", lambda _: EXAMPLE_TEXT.encode("utf-16")),
        ("membres.csv", lambda _: EXAMPLE_TEXT.replace(";", "\t").encode()),
        ("membres.csv", lambda _: ("sep=;\r\n" + EXAMPLE_TEXT.replace("\n", "\r\n")).encode()),
        ("membres.txt", lambda _: example_frame(typed=False).to_csv(index=False).encode()),
        ("export", lambda tmp: _xlsx(tmp, typed=True)),  # no extension: the content tells
    ],
    ids=[
        "xlsx-text",
        "xlsx-typed",
        "ods-text",
        "ods-typed",
        "csv-windows-1252",
        "csv-bom",
        "csv-utf16",
        "csv-tabs",
        "csv-excel-sep-line",
        "csv-commas-quoted",
        "xlsx-no-extension",
    ],
)
def test_the_same_list_in_another_format_parses_identically(
    tmp_path: Path, name: str, make: Callable[[Path], bytes]
) -> None:
    assert parse(make(tmp_path), name) == parse(EXAMPLE.read_bytes())


def test_xlsx_cells_read_as_a_french_user_sees_them(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "Nom": ["A"],
            "ETP": [2.5],
            "Entier": [75.0],
            "Tiers": [0.1 + 0.2],
            "Date": [datetime(2020, 1, 10)],  # noqa: DTZ001
            "Heure": [datetime(2020, 1, 10, 14, 30)],  # noqa: DTZ001
            "SIRET": [52601815500014],
            "Vrai": [True],
        }
    )
    frame.to_excel(tmp_path / "t.xlsx", index=False)

    table = read_table((tmp_path / "t.xlsx").read_bytes(), "t.xlsx")

    assert table.rows == [
        {
            "Nom": "A",
            "ETP": "2.5",
            "Entier": "75",
            "Tiers": "0.3",
            "Date": "10/01/2020",
            "Heure": "10/01/2020 14:30",
            "SIRET": "52601815500014",
            "Vrai": "oui",
        }
    ]


def test_cells_are_stripped_and_empty_cells_are_empty_strings() -> None:
    table = read_table(b"Nom;Commune;ETP\n  Alpha  ;;\n", "m.csv")
    assert table.headers == ["Nom", "Commune", "ETP"]
    assert table.rows == [{"Nom": "Alpha", "Commune": "", "ETP": ""}]


def test_blank_lines_still_count_in_row_numbers() -> None:
    content = csv_with(EXAMPLE_LINES[0], "", ";;;", line_with(1, SIRET="123"))
    result = parse(content)
    assert [m.row for m in result.rows] == [2]
    assert problem_at(result, 5, "SIRET").value == "123"


def test_rows_longer_than_the_header_get_lettered_columns() -> None:
    table = read_table(b"Nom;Commune\nAlpha;Paris;en trop\nBeta;Lyon\n", "m.csv")
    assert table.headers == ["Nom", "Commune", "Colonne C"]
    assert table.rows[0]["Colonne C"] == "en trop"


def test_trailing_empty_columns_without_header_are_dropped() -> None:
    table = read_table(b"Nom;Commune;;\nAlpha;Paris;;\n", "m.csv")
    assert table.headers == ["Nom", "Commune"]


# --- errors that stop the reading ----------------------------------------------------------------


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01\x02"
OLD_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def _corrupt_xlsx(tmp_path: Path) -> bytes:
    return _xlsx(tmp_path, typed=False)[:2000]


def _zip_of_text(_: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "bonjour")
    return buffer.getvalue()


def _header_only_xlsx(tmp_path: Path) -> bytes:
    pd.DataFrame(columns=HEADERS).to_excel(tmp_path / "h.xlsx", index=False)
    return (tmp_path / "h.xlsx").read_bytes()


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("m.csv", lambda _: b"", "empty"),
        ("m.csv", lambda _: b"\n \r\n;;;\n", "empty"),
        ("m.csv", lambda _: HEADER.encode() + b"\n\n", "empty"),
        ("m.xlsx", _header_only_xlsx, "empty"),
        ("m.csv", lambda _: bytes(range(256)) * 4, "not_a_spreadsheet"),
        ("m.pdf", lambda _: PDF, "not_a_spreadsheet"),
        ("m.xlsx", _corrupt_xlsx, "not_a_spreadsheet"),
        ("m.xlsx", lambda _: b"PK\x03\x04not really a zip", "not_a_spreadsheet"),
        ("m.zip", _zip_of_text, "not_a_spreadsheet"),
        ("m.xls", lambda _: OLD_XLS, "not_a_spreadsheet"),
        ("m.docx", lambda _: b"Nom\nAlpha\n", "not_a_spreadsheet"),
        ("m.csv", lambda _: b"Nom;Commune;nom\nA;B;C\n", "duplicate_header"),
    ],
    ids=[
        "empty-file",
        "only-blank-lines",
        "header-without-rows",
        "xlsx-header-without-rows",
        "binary-garbage",
        "pdf",
        "truncated-xlsx",
        "fake-zip",
        "zip-not-a-workbook",
        "old-xls",
        "unknown-extension",
        "duplicate-header",
    ],
)
def test_a_file_that_is_not_a_member_list_is_refused_with_a_code(
    tmp_path: Path, name: str, make: Callable[[Path], bytes], code: str
) -> None:
    with pytest.raises(SpreadsheetError) as raised:
        read_table(make(tmp_path), name)
    assert raised.value.code == code
    assert raised.value.message_en
    assert raised.value.message_fr


def test_a_file_over_the_size_limit_is_refused_before_reading() -> None:
    with pytest.raises(SpreadsheetError) as raised:
        read_table(EXAMPLE.read_bytes(), "m.csv", max_bytes=100)
    assert raised.value.code == "too_large"
    assert "Mo" in raised.value.message_fr


def test_the_duplicate_header_message_names_both_columns() -> None:
    with pytest.raises(SpreadsheetError) as raised:
        read_table(b"Nom;Commune;Nom\nA;B;C\n", "m.csv")
    assert raised.value.message_fr == "L'en-tête « Nom » apparaît deux fois (colonnes A et C)."


# --- column mapping ------------------------------------------------------------------------------


def test_a_mapping_names_unknown_fields_absent_headers_and_a_missing_name() -> None:
    problems = validate_mapping({"colour": "Couleur", "siret": "N° SIRET"}, HEADERS)
    assert [(p.field, p.header) for p in problems] == [
        ("colour", "Couleur"),
        ("siret", "N° SIRET"),
        ("name", ""),
    ]
    assert "obligatoire" in problems[2].reason_fr


def test_a_saved_mapping_still_matches_a_header_written_differently() -> None:
    assert validate_mapping({"name": "NOM DE LA STRUCTURE", "ref": "Ref"}, HEADERS) == []


def test_parsing_with_an_invalid_mapping_is_refused() -> None:
    table = read_table(EXAMPLE.read_bytes(), "m.csv")
    with pytest.raises(SpreadsheetError) as raised:
        parse_members(table, {"ref": "Réf."}, tiers=DEFAULT_TIER_LABELS)
    assert raised.value.code == "invalid_mapping"


def test_a_list_without_refs_gets_unique_refs_made_from_the_names() -> None:
    content = "Structure;SIRET\nCompagnie Alizé;\nCompagnie Alizé;\nCœur & Âme — Théâtre;\n"
    result = parse(content.encode())
    assert result.problems == []
    assert [m.ref for m in result.rows] == [
        "compagnie-alize",
        "compagnie-alize-2",
        "coeur-ame-theatre",
    ]


def test_a_ref_made_from_a_name_never_takes_a_ref_written_in_the_file() -> None:
    result = parse(b"Ref;Structure\n;Alpha\nalpha;Autre\n")
    assert [m.ref for m in result.rows] == ["alpha-2", "alpha"]


def test_only_the_mapped_columns_are_read() -> None:
    table = read_table(EXAMPLE.read_bytes(), "m.csv")
    result = parse_members(table, {"name": "Nom de la structure"}, tiers=DEFAULT_TIER_LABELS)
    assert result.rows[0].ref == "compagnie-alize"
    assert result.rows[0].siret is None
    assert result.rows[0].person is None
    assert result.rows[0].tier == "member"


# --- row problems --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "reason_fr"),
    [
        ("SIRET", "526 018 155 00015", "SIRET invalide : la clé de contrôle ne correspond pas"),
        ("SIRET", "52601815500", "SIRET invalide : un SIRET compte exactement 14 chiffres"),
        ("SIRET", "8246281300013", "0 initial"),
        ("Date d'adhésion", "31/02/2025", "cette date n'existe pas"),
        ("Date d'adhésion", "10 janvier 2020", "date illisible"),
        ("Date d'adhésion", "10/01/20", "4 chiffres"),
        ("Date d'adhésion", "10/01/1850", "entre 1900 et 2100"),
        ("ETP", "deux", "nombre illisible"),
        ("ETP", "2,5,1", "nombre illisible"),
        ("ETP", "-1", "positif ou nul"),
        ("ETP", "0,333", "2 décimales"),
        ("Employeuse", "peut-être", "oui ou non"),
        ("Statut", "Sympathisant", "statut inconnu"),
        ("Nom de la structure", "", "obligatoire"),
        ("Nom de la structure", "x" * 201, "200 caractères"),
        ("Réf.", "Alizé!", "« alize »"),
        ("Département", "Seine-Saint-Denis", "département"),
        ("Département", "20", "département"),
        ("Contact - Courriel", "karim.martin@", "adresse électronique"),
        ("Contact - Courriel", "a@b.fr, c@d.fr", "une seule adresse"),
        ("Contact - Téléphone", "06 12 34", "10 chiffres"),
        ("Contact - Téléphone", "612345678", "0 initial"),
    ],
)
def test_a_bad_cell_is_reported_with_its_row_column_value_and_reason(
    column: str, value: str, reason_fr: str
) -> None:
    result = parse(csv_with(EXAMPLE_LINES[0], line_with(1, **{column: value})))

    problem = problem_at(result, 3, column)
    assert problem.value == value
    assert reason_fr in problem.reason_fr
    assert problem.reason_en
    assert [m.ref for m in result.rows] == ["alize"]


def test_an_unknown_tier_is_reported_with_the_accepted_labels() -> None:
    result = parse(csv_with(line_with(0, Statut="Bienfaiteur")))
    problem = problem_at(result, 2, "Statut")
    assert problem.reason_fr == (
        "statut inconnu ; valeurs acceptées : adhérent, membre du ca, associé, member, board, "
        "associate"
    )


def test_a_duplicate_ref_is_reported_on_each_later_row_pointing_to_the_first() -> None:
    result = parse(csv_with(EXAMPLE_LINES[0], line_with(1, **{"Réf.": "ALIZE"}), EXAMPLE_LINES[0]))
    duplicates = [p for p in result.problems if p.column == "Réf."]
    assert [(p.row, p.value) for p in duplicates] == [(3, "ALIZE"), (4, "alize")]
    assert duplicates[0].reason_fr == "la référence « alize » est déjà utilisée ligne 2"


def test_a_duplicate_siret_is_reported_pointing_to_the_first_row() -> None:
    result = parse(csv_with(EXAMPLE_LINES[0], line_with(1, SIRET="52601815500014")))
    problem = problem_at(result, 3, "SIRET")
    assert problem.reason_fr == "ce SIRET figure déjà ligne 2"


def test_every_problem_of_every_row_is_reported_in_one_pass() -> None:
    bad = [
        line_with(i % 6, **{"Réf.": f"m{i}", "SIRET": "123", "ETP": "beaucoup", "Statut": "?"})
        for i in range(50)
    ]
    result = parse(csv_with(*bad))

    assert result.rows == []
    assert len(result.problems) == 150
    assert sorted({p.row for p in result.problems}) == list(range(2, 52))
    assert {p.column for p in result.problems} == {"SIRET", "ETP", "Statut"}


def test_one_row_with_several_problems_reports_each_of_them() -> None:
    line = line_with(0, SIRET="1", ETP="x", Employeuse="?", Département="999")
    result = parse(csv_with(line))
    assert [p.column for p in result.problems] == ["SIRET", "Département", "Employeuse", "ETP"]


# --- value formats -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/01/2020", date(2020, 1, 10)),
        ("1/2/2020", date(2020, 2, 1)),
        ("2020-01-10", date(2020, 1, 10)),
        ("10-01-2020", date(2020, 1, 10)),
        ("10.01.2020", date(2020, 1, 10)),
        ("2020-01-10 00:00:00", date(2020, 1, 10)),
        ("", None),
    ],
)
def test_dates_are_read_in_the_usual_french_and_iso_forms(text: str, expected: date) -> None:
    result = parse(csv_with(line_with(0, **{"Date d'adhésion": text})))
    assert result.rows[0].joined_on == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2,5", "2.5"), ("2.5", "2.5"), ("1 234,5", "1234.5"), (",5", "0.5"), ("0", "0")],
)
def test_fte_accepts_french_and_english_decimals(text: str, expected: str) -> None:
    result = parse(csv_with(line_with(0, ETP=text)))
    assert result.rows[0].headcount_fte == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("oui", True), ("Non", False), ("X", True), ("yes", True), ("0", False), ("", None)],
)
def test_yes_no_cells_accept_french_and_english_words(text: str, expected: bool | None) -> None:
    assert parse(csv_with(line_with(0, Employeuse=text))).rows[0].employer is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("93", "93"), ("7", "07"), ("2a", "2A"), ("971", "971"), ("093", "93"), ("", "")],
)
def test_departement_codes_are_normalised(text: str, expected: str) -> None:
    assert parse(csv_with(line_with(0, Département=text))).rows[0].departement == expected


def test_disciplines_are_split_and_lowercased() -> None:
    text = '"Théâtre, Danse et Cirque / Musique + théâtre; Arts de la rue"'  # quoted: it has a ;
    result = parse(csv_with(line_with(0, **{"Discipline(s)": text})))
    assert result.rows[0].disciplines == ("théâtre", "danse", "cirque", "musique", "arts de la rue")


@pytest.mark.parametrize(
    ("text", "tier"), [("Membre du CA", "board"), ("ADHERENT", "member"), ("", "member")]
)
def test_tier_labels_match_whatever_their_case_and_accents(text: str, tier: str) -> None:
    assert parse(csv_with(line_with(0, Statut=text))).rows[0].tier == tier


def test_a_network_can_bring_its_own_tier_labels() -> None:
    table = read_table(csv_with(line_with(0, Statut="Fondateur")), "m.csv")
    result = parse_members(table, guess_mapping(table.headers), tiers={"fondateur": "founder"})
    assert result.rows[0].tier == "founder"


@pytest.mark.parametrize("phone", ["+33612345678", "06.12.34.56.78", "+33 6 12 34 56 78"])
def test_phones_are_kept_as_typed_without_spaces(phone: str) -> None:
    person = parse(csv_with(line_with(0, **{"Contact - Téléphone": phone}))).rows[0].person
    assert person is not None
    assert person.phone == phone.replace(" ", "")


def test_a_row_without_any_contact_cell_has_no_person() -> None:
    blank = {h: "" for h in HEADERS if h.startswith("Contact")}
    assert parse(csv_with(line_with(0, **blank))).rows[0].person is None


# --- export --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_reads_back_into_the_same_members(fmt: Literal["csv", "xlsx"]) -> None:
    original = parse(EXAMPLE.read_bytes()).rows
    exported = export_members([member_row_as_dict(m) for m in original], fmt)

    again = parse(exported, f"membres.{fmt}")

    assert again.problems == []
    assert again.rows == original


def test_the_csv_export_is_french_excel_friendly() -> None:
    original = parse(EXAMPLE.read_bytes()).rows
    exported = export_members([member_row_as_dict(m) for m in original], "csv")

    assert exported.startswith(b"\xef\xbb\xbf")
    header, alize = exported.decode("utf-8-sig").splitlines()[:2]
    assert header == HEADER
    assert alize == (
        "alize;Compagnie Alizé;52601815500014;Association loi 1901;théâtre;93;Montreuil;oui;2,5;"
        "10/01/2020;member;Martin;Karim;karim.martin@alize.example;0612345678"
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_looks_like_a_formula_is_exported_as_text(fmt: Literal["csv", "xlsx"]) -> None:
    member = {
        "ref": "evil",
        "name": '=HYPERLINK("http://x","clic")',
        "person_phone": "+33612345678",
    }
    exported = export_members([member], fmt)

    if fmt == "xlsx":
        cell = load_workbook(io.BytesIO(exported)).worksheets[0]["B2"]
        assert cell.data_type == "s"
    else:
        assert "'=HYPERLINK" in exported.decode("utf-8-sig")
    table = read_table(exported, f"m.{fmt}")
    assert table.rows[0]["Nom de la structure"] == member["name"]
    assert table.rows[0]["Contact - Téléphone"] == "+33612345678"


# --- never crashes -------------------------------------------------------------------------------

cell_text = st.text(max_size=40).map(str.strip)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries(dict.fromkeys(HEADERS, cell_text)), min_size=1, max_size=5))
def test_parsing_arbitrary_cell_text_reports_problems_and_never_raises(
    rows: list[dict[str, str]],
) -> None:
    table = SheetTable(headers=HEADERS, rows=rows)
    result = parse_members(table, guess_mapping(HEADERS), tiers=DEFAULT_TIER_LABELS)
    filled = [i + 2 for i, row in enumerate(rows) if any(row.values())]
    assert {m.row for m in result.rows} | {p.row for p in result.problems} <= set(filled)
    assert all(p.column in HEADERS for p in result.problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_reading_arbitrary_bytes_raises_nothing_but_spreadsheet_errors(content: bytes) -> None:
    with contextlib.suppress(SpreadsheetError):
        read_table(content, "m.csv")


def test_a_title_line_with_a_comma_above_a_semicolon_header_is_skipped() -> None:
    content = ("Adhérents, saison 2026\n" + EXAMPLE_TEXT).encode()
    table = read_table(content, "membres.csv", header=member_header_score())
    assert table.header_line == 2
    assert table.headers == HEADERS
    assert parse_members(table, guess_mapping(table.headers), tiers=DEFAULT_TIER_LABELS).rows


def test_without_a_header_score_the_first_non_empty_line_is_the_header() -> None:
    content = ("Adhérents 2026\n" + EXAMPLE_TEXT).encode()
    assert read_table(content, "membres.csv").header_line == 1
    assert read_table(content, "membres.csv", header=member_header_score()).header_line == 2
