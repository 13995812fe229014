"""The limits on the work of reading a spreadsheet, and the process that holds the time and
memory ones."""

from __future__ import annotations

import dataclasses

import pytest

from raviv.settings import get_settings
from raviv.spreadsheet import worker as sheet_worker
from raviv.spreadsheet.reading import ReadLimits, SpreadsheetError, read_cells, read_table
from tests.e2e.test_hostile_files import (
    HEADER,
    csv_text,
    ods_bomb,
    xlsx_bomb,
    xlsx_members,
)

SMALL = ReadLimits(max_rows=100, max_columns=20, max_cell_chars=50, max_cells=300)


def refused(content: bytes, filename: str, limits: ReadLimits = SMALL) -> SpreadsheetError:
    with pytest.raises(SpreadsheetError) as caught:
        read_cells(content, filename, limits=limits)
    assert caught.value.code == "too_large"
    return caught.value


def test_a_csv_line_with_too_many_columns_is_refused_naming_the_line_and_the_limit() -> None:
    error = refused((HEADER + "a;" * 30 + "\n").encode(), "m.csv")
    assert error.limit == "max_columns"
    assert "Line 2 has 30 columns" in error.message_en
    assert "max_columns" in error.message_fr


def test_a_million_column_line_is_refused_before_it_is_split() -> None:
    error = refused((HEADER + ";" * 1_000_000 + "\n").encode(), "m.csv", ReadLimits())
    assert error.limit == "max_columns"
    assert "about 1000001 columns" in error.message_en


def test_trailing_empty_cells_do_not_count_as_columns() -> None:
    assert read_cells((HEADER + "Alizé;Paris" + ";" * 25 + "\n").encode(), "m.csv", limits=SMALL)


def test_a_long_cell_is_refused_naming_the_cell() -> None:
    error = refused(csv_text(["ok;Paris", "x" * 60 + ";Paris"]), "m.csv")
    assert error.limit == "max_cell_chars"
    assert "Cell A3" in error.message_en


def test_a_long_cell_beyond_the_csv_field_limit_is_refused() -> None:
    error = refused(csv_text(["x" * 100_000 + ";Paris"]), "m.csv")
    assert error.limit == "max_cell_chars"


def test_too_many_rows_and_too_many_cells_are_refused() -> None:
    assert refused(csv_text([f"S{i};Paris" for i in range(150)]), "m.csv").limit == "max_rows"
    wide = dataclasses.replace(SMALL, max_rows=1000)
    rows = [";".join(["c"] * 19) for _ in range(20)]
    assert refused(csv_text(rows), "m.csv", wide).limit == "max_cells"


def test_an_xlsx_bomb_is_refused_from_its_declared_size_before_reading() -> None:
    error = refused(xlsx_bomb(100), "b.xlsx", ReadLimits())
    assert error.limit == "max_unzipped_bytes"


def test_an_ods_with_a_large_content_xml_is_refused_before_reading() -> None:
    error = refused(ods_bomb(10), "b.ods", ReadLimits())
    assert error.limit == "max_ods_xml_bytes"
    assert "XLSX" in error.message_en


def test_an_xlsx_row_count_is_limited_while_streaming() -> None:
    limits = dataclasses.replace(SMALL, max_cells=100_000)
    assert refused(xlsx_members(200), "m.xlsx", limits).limit == "max_rows"


def test_a_blank_first_line_is_kept_as_a_line() -> None:
    table = read_table(b"\n" + csv_text(["Alize;Paris"]), "m.csv")
    assert table.header_line == 2


async def test_the_reading_process_is_killed_when_its_time_is_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    imports = dataclasses.replace(get_settings().imports, seconds=1)
    settings = dataclasses.replace(get_settings(), imports=imports)
    monkeypatch.setattr(sheet_worker, "get_settings", lambda: settings)
    with pytest.raises(SpreadsheetError) as caught:
        await sheet_worker.read_cells(xlsx_members(49_000), "m.xlsx", max_bytes=20 * 1024 * 1024)
    assert caught.value.limit == "seconds"
    assert "1 s" in caught.value.message_en


async def test_a_file_read_in_the_process_comes_back_as_text_cells() -> None:
    cells = await sheet_worker.read_cells(csv_text(["Alizé;Paris"]), "m.csv", max_bytes=10_000)
    assert cells == [["Nom de la structure", "Commune"], ["Alizé", "Paris"]]
    reading = sheet_worker.last_reading()
    assert reading is not None
    assert reading.outcome == "cells"
