"""The checks of a network's identity (raviv.lib.identity, raviv.registry.identity) and its
fiscal year: pure, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from raviv.errors import InvalidError
from raviv.lib.identity import (
    creation_year_problem,
    fiscal_year_containing,
    fiscal_year_label,
    fiscal_year_start_problem,
    fiscal_year_starting_in,
    meetings_per_year_problem,
    normalise_rna,
    postcode_problem,
    rna_problem,
)
from raviv.registry import identity


@pytest.mark.parametrize("rna", ["W751234567", "w751234567", "W 751 234 567", "W2A1001234"])
def test_an_rna_number_is_w_and_nine_digits_as_the_rna_writes_it(rna: str) -> None:
    assert rna_problem(rna) is None


@pytest.mark.parametrize(
    "rna", ["", "751234567", "W75123456", "W7512345678", "X751234567", "WA51234567"]
)
def test_anything_else_is_not_an_rna_number(rna: str) -> None:
    assert rna_problem(rna) == "an RNA number is W followed by 9 digits (e.g. W751234567)"


def test_an_rna_number_is_stored_without_spaces_and_upper_cased() -> None:
    assert normalise_rna(" w 931\u00a0234 567 ") == "W931234567"


@pytest.mark.parametrize(
    ("postcode", "ok"), [("93100", True), ("", True), ("9310", False), ("F-93100", False)]
)
def test_a_postcode_is_five_digits_or_empty(postcode: str, ok: bool) -> None:
    assert (postcode_problem(postcode) is None) is ok


def test_a_creation_year_runs_from_1800_to_this_year() -> None:
    today = dt.date(2026, 12, 6)
    assert creation_year_problem(1800, today=today) is None
    assert creation_year_problem(2026, today=today) is None
    assert creation_year_problem(1799, today=today) == "a year from 1800 to 2026 is expected"
    assert creation_year_problem(2027, today=today) == "a year from 1800 to 2026 is expected"


@pytest.mark.parametrize(
    ("count", "ok"), [(0, True), (1, True), (52, True), (53, False), (-1, False)]
)
def test_statutory_meetings_are_0_to_52_a_year(count: int, ok: bool) -> None:
    assert (meetings_per_year_problem(count) is None) is ok


@pytest.mark.parametrize(
    ("start", "ok"),
    [
        ("01-01", True),
        ("09-01", True),
        ("12-31", True),
        ("02-28", True),
        ("02-29", False),
        ("02-30", False),
        ("13-01", False),
        ("1-1", False),
        ("0901", False),
        ("", False),
    ],
)
def test_a_fiscal_year_starts_on_a_day_every_year_has(start: str, ok: bool) -> None:
    assert (fiscal_year_start_problem(start) is None) is ok


def test_the_fiscal_year_of_a_day_and_its_name() -> None:
    assert fiscal_year_containing("01-01", dt.date(2026, 3, 1)) == (
        dt.date(2026, 1, 1),
        dt.date(2027, 1, 1),
    )
    season = fiscal_year_containing("09-01", dt.date(2026, 3, 1))
    assert season == (dt.date(2025, 9, 1), dt.date(2026, 9, 1))
    assert fiscal_year_containing("09-01", dt.date(2026, 9, 1))[0] == dt.date(2026, 9, 1)
    assert fiscal_year_starting_in("07-01", 2025) == (dt.date(2025, 7, 1), dt.date(2026, 7, 1))
    assert fiscal_year_label("01-01", dt.date(2026, 1, 1)) == "2026"
    assert fiscal_year_label("09-01", dt.date(2025, 9, 1)) == "2025-2026"


def test_every_field_at_fault_is_named_at_once() -> None:
    with pytest.raises(InvalidError) as refused:
        identity.checked(
            {
                "legal_name": "x" * 201,
                "siret": "52601815500015",
                "rna": "X12",
                "address_postcode": "931",
                "creation_year": 1700,
                "general_assemblies_per_year": 60,
                "board_meetings_per_year": -2,
                "fiscal_year_start": "02-30",
                "signatory_role": "r" * 101,
            }
        )
    assert [p.field for p in refused.value.errors] == [
        "legal_name",
        "siret",
        "rna",
        "address_postcode",
        "creation_year",
        "general_assemblies_per_year",
        "board_meetings_per_year",
        "fiscal_year_start",
        "signatory_role",
    ]
    assert refused.value.errors[1].message == "the SIRET fails its check digit"


def test_values_are_stored_normalised_and_empty_identifiers_as_null() -> None:
    assert identity.checked(
        {
            "siret": "526 018 155 00014",
            "rna": "w931234567",
            "legal_form": "Association loi 1901",
            "legal_name": "  Réseau  ",
            "creation_year": None,
        }
    ) == {
        "siret": "52601815500014",
        "rna": "W931234567",
        "legal_form": "association",
        "legal_name": "Réseau",
        "creation_year": None,
    }
    assert identity.checked({"siret": " ", "rna": ""}) == {"siret": None, "rna": None}
