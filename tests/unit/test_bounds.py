"""The accepted dates and texts (raviv/lib/bounds.py), and the command line refusing a day out of
bounds with the API's own words, before it touches any database."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from raviv.cli import main
from raviv.lib.bounds import date_problem, escaped, text_problem


@pytest.mark.parametrize(
    "value",
    [dt.date(1900, 1, 1), dt.date(2200, 12, 31), dt.datetime(2200, 12, 31, 23, 59, tzinfo=dt.UTC)],
)
def test_the_bounds_themselves_are_accepted(value: dt.date) -> None:
    assert date_problem(value) is None


@pytest.mark.parametrize("value", [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(2201, 1, 1)])
def test_a_day_out_of_bounds_is_refused_with_the_bounds_named(value: dt.date) -> None:
    assert date_problem(value) == (
        f"a date from 1900-01-01 to 2200-12-31 is expected, not {value.isoformat()}"
    )


def test_nul_is_refused_with_its_position() -> None:
    assert text_problem("Théâtre\x00") == "control character U+0000 at position 7 is not allowed"


@pytest.mark.parametrize("text", ["a\nb", "a\tb", "a\r\nb", "a\x1bb", "a\x7fb", "a\x85b"])
def test_a_single_line_text_refuses_every_control_character(text: str) -> None:
    assert text_problem(text) is not None


def test_a_multi_line_text_keeps_tabs_and_line_breaks_only() -> None:
    assert text_problem("Ordre du jour :\r\n\t1. budget", multiline=True) is None
    assert text_problem("a\x00b", multiline=True) is not None
    assert text_problem("a\x0cb", multiline=True) is not None


def test_accents_and_emoji_are_text() -> None:
    assert text_problem("Compagnie « L'Écume » 🎭 — 2025") is None


@pytest.mark.parametrize(
    "args",
    [
        ["rules", "evaluate", "--network", "exemple", "--at", "9999-12-31"],
        ["rules", "evaluate", "--network", "exemple", "--period", "0001-09-01"],
        ["reciprocity", "--network", "exemple", "--from", "0056-02-02", "--to", "2026-09-01"],
        ["reciprocity", "--network", "exemple", "--from", "2025-09-01", "--to", "9999-12-31"],
    ],
)
def test_the_command_line_refuses_a_day_out_of_bounds_in_one_line(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)

    assert result.exit_code == 2
    assert "a date from 1900-01-01 to 2200-12-31 is expected" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_control_characters_are_shown_escaped_and_the_rest_as_written() -> None:
    assert escaped("Alizé\x00\t\x9f🎭") == "Alizé\\u0000\\u0009\\u009f🎭"
