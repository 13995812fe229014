"""The one rule of every workbook and CSV file raviv writes (raviv/lib/cells.py): text a
spreadsheet would run is neutralised, numbers stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from raviv.lib.cells import csv_value, escape_text, unescape_text, workbook
from raviv.scoring import service

HOSTILE = ["=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "-2+3", "\t=1+1", "\r=1+1"]
READ_FROM_XLSX = [text.replace("\r", "\n") for text in HOSTILE]
"""As a workbook reads back: XML turns a carriage return into a line feed."""


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text: str) -> None:
    assert escape_text(text) == "'" + text
    assert unescape_text(escape_text(text)) == text


@pytest.mark.parametrize("text", ["Compagnie Alizé", "", "1+1", "a=b", "'quoted'", " =1"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert escape_text(text) == text
    assert unescape_text(text) == text


def test_text_that_already_looks_escaped_gets_one_more_apostrophe_to_read_back_as_itself() -> None:
    assert escape_text("'=1+1") == "''=1+1"
    assert unescape_text("''=1+1") == "'=1+1"


@given(st.text(max_size=30))
def test_any_text_reads_back_as_it_was_written(text: str) -> None:
    assert unescape_text(escape_text(text)) == text


@pytest.mark.parametrize(
    "value", [Decimal("-310.00"), -3, -0.5, None, True, date(2026, 1, 1), np.int64(-4)]
)
def test_numbers_and_other_values_are_not_text_to_escape(value: object) -> None:
    assert csv_value(value) is value


def test_the_workbook_types_every_cell_and_writes_no_formula() -> None:
    rows = [
        [*HOSTILE, Decimal("-310.00"), -3, np.int64(7), np.float64(-0.25), True, None],
        ["ok", "", "a", "b", "c", "d", float("nan"), pd.NA, np.bool_(False), 1.5, False, 0],
    ]
    headers = [f"c{i}" for i in range(len(rows[0]))]

    sheet = load_workbook(io.BytesIO(workbook({"s": (headers, rows)}))).worksheets[0]

    first, second = sheet.iter_rows(min_row=2)
    assert [c for c in (*sheet[1], *first, *second) if c.data_type == "f"] == []
    assert [c.value for c in first[:6]] == READ_FROM_XLSX  # the text itself, not escaped
    assert all(c.data_type == "s" and c.quotePrefix for c in first[:6])
    assert [c.value for c in first[6:]] == [-310, -3, 7, -0.25, True, None]
    assert [c.data_type for c in first[6:10]] == ["n"] * 4
    assert [c.value for c in second[6:]] == [None, None, False, 1.5, False, 0]
    assert not second[0].quotePrefix


def test_the_reciprocity_writers_neutralise_text_and_keep_negative_euros_numbers(
    tmp_path: Path,
) -> None:
    table = pd.DataFrame(
        {
            "member": pd.Series(HOSTILE, dtype=object),
            "balance_eur": pd.Series([Decimal("-310.00")] * len(HOSTILE), dtype=object),
            "change": [-2] * len(HOSTILE),
        }
    )

    sheet = load_workbook(io.BytesIO(service.workbook({"t": table}))).worksheets[0]
    (path,) = service.write_csv({"t": table}, tmp_path)

    body = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in body] == READ_FROM_XLSX
    assert {row[0].data_type for row in body} == {"s"}
    assert {(row[1].value, row[1].data_type, row[2].value) for row in body} == {(-310, "n", -2)}
    with path.open(encoding="utf-8-sig", newline="") as file:
        written = list(csv.reader(file, delimiter=";"))
    assert written[1:] == [["'" + text, "-310,00", "-2"] for text in HOSTILE]
