"""The example network's rule, evaluated from its archive, gives exactly the expected answers, and
docs/rules.md shows exactly what the evaluator computes.

Camille evaluates her network mid-season and at the season's end; Sophie, the DLA consultant,
reads the same figures in the documentation.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from raviv.archive import parse_archive
from raviv.archive.schema import Archive
from raviv.rules.evaluator import CUMULATIVE, Evaluation, MemberEvaluation, Number, Status
from raviv.rules.from_archive import NoRuleSet, evaluate_archive, inputs_from_archive
from raviv.rules.periods import Period
from raviv.rules.report import encode, json_number
from raviv.vocabulary import CriterionName, Form

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "tests/data/reseau-exemple.json"
EXPECTED = ROOT / "tests/data/reseau-exemple.expected.json"
SHARED = Path("/work/shared/examples")
DOC = ROOT / "docs/rules.md"

SEASON_START = date(2025, 9, 1)
MID = date(2026, 3, 1)
END = date(2026, 9, 1)


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_bytes())
    return data


def archive(document: dict[str, Any] | None = None) -> Archive:
    return parse_archive(document if document is not None else example())


def evaluated(at: date, document: dict[str, Any] | None = None) -> Evaluation:
    return evaluate_archive(archive(document), at=at, period_start=SEASON_START)


def member(evaluation: Evaluation, ref: str) -> MemberEvaluation:
    (found,) = (m for m in evaluation.members if m.member == ref)
    return found


def assert_matches(expected: object, actual: object, path: str = "$") -> None:
    """Every key the expected document gives, with the same value and JSON type; lists whole."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} is missing"
            assert_matches(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), path
        assert len(actual) == len(expected), f"{path}: {len(actual)} items, not {len(expected)}"
        for i, (want, got) in enumerate(zip(expected, actual, strict=True)):
            assert_matches(want, got, f"{path}[{i}]")
    else:
        assert type(actual) is type(expected), f"{path}: {actual!r} is not like {expected!r}"
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


# -- the expected answers -------------------------------------------------------------------------


def test_the_example_files_are_copies_of_the_shared_ones() -> None:
    if not SHARED.is_dir():
        pytest.skip("no shared examples folder here")
    assert EXAMPLE.read_bytes() == (SHARED / "reseau-exemple.json").read_bytes()
    assert EXPECTED.read_bytes() == (SHARED / "reseau-exemple.expected.json").read_bytes()


@pytest.mark.parametrize(
    ("at", "key"), [(MID, "evaluation_mid_period"), (END, "evaluation_end_of_period")]
)
def test_the_example_network_evaluates_exactly_as_expected(at: date, key: str) -> None:
    expected = json.loads(EXPECTED.read_bytes())[key]

    assert_matches(expected, json.loads(encode(evaluated(at))))


def test_hours_are_written_as_exact_json_numbers() -> None:
    text = encode(evaluated(MID)).decode()

    assert '"criterion":"hours_given","required":6.66,"actual":4,' in text
    assert '"criterion":"hours_given","required":10,"actual":13,' in text
    assert json_number(Decimal("10.00")) == 10
    assert str(json_number(Decimal("6.60"))) == "6.6"


def test_without_a_period_camille_gets_the_season_of_the_evaluation_date() -> None:
    evaluation = evaluate_archive(archive(), at=MID)

    assert evaluation.period == Period(SEASON_START, END)
    assert evaluation.rule_set == "regle-2025"


def test_a_period_before_any_rule_set_has_no_rule() -> None:
    with pytest.raises(NoRuleSet):
        evaluate_archive(archive(), at=date(2025, 3, 1), period_start=date(2024, 9, 1))


# -- what counts, from the archive ----------------------------------------------------------------


def hours_of(evaluation: Evaluation, ref: str) -> Number | None:
    (hours,) = (
        c for c in member(evaluation, ref).criteria if c.criterion == CriterionName.hours_given
    )
    return hours.actual


def test_a_reversal_and_the_entry_it_reverses_count_for_nothing() -> None:
    document = example()
    document["contributions"] += [
        {"ref": "c13", "giver": {"member": "alize"}, "receiver": {"network": True},
         "form": "time", "quantity": "6", "date": "2025-10-01", "status": "validated",
         "reverses": "c1"},
        {"ref": "c14", "giver": {"member": "alize"}, "receiver": {"network": True},
         "form": "time", "quantity": "1", "date": "2025-10-01", "status": "validated"},
    ]  # fmt: skip

    assert hours_of(evaluated(END, document), "alize") == 18 - 6 + 1


def test_a_reversal_still_pending_cancels_nothing_yet() -> None:
    document = example()
    document["contributions"].append(
        {"ref": "c13", "giver": {"member": "alize"}, "receiver": {"network": True},
         "form": "time", "quantity": "6", "date": "2025-10-01", "status": "submitted",
         "reverses": "c1"}
    )  # fmt: skip

    assert hours_of(evaluated(END, document), "alize") == 18


def test_only_validated_contributions_count() -> None:
    document = example()
    for entry in document["contributions"]:
        if entry["ref"] == "c11":
            entry["status"] = "validated"  # basalte's 4 hours, submitted in the example

    assert hours_of(evaluated(END, document), "basalte") == 13
    assert member(evaluated(END, document), "basalte").status == Status.compliant


def test_attendance_yields_duration_times_people_present_and_an_excuse_yields_nothing() -> None:
    inputs = inputs_from_archive(archive(), at=END, period_start=SEASON_START)
    by_ref = {record.ref: record for record in inputs.members}

    meeting_hours = {
        ref: sorted(e.quantity for e in record.given if e.form == Form.meeting)
        for ref, record in by_ref.items()
    }
    assert meeting_hours["basalte"] == [2, 3, 4]  # m5, the AG, m1 with two people
    assert meeting_hours["cedre"] == [2, 2, 2]  # excused from the AG
    assert [(a.meeting, a.excused) for a in by_ref["cedre"].attendance if a.excused] == [
        ("ag-2025", True)
    ]


def test_what_cedre_lends_dune_is_cedres_gift_and_dunes_receipt() -> None:
    inputs = inputs_from_archive(archive(), at=END, period_start=SEASON_START)
    by_ref = {record.ref: record for record in inputs.members}
    lent = (date(2026, 2, 5), Form.premises, Decimal("10"), Decimal("80.00"))

    assert lent in [(e.date, e.form, e.quantity, e.value_eur) for e in by_ref["cedre"].given]
    assert lent in [(e.date, e.form, e.quantity, e.value_eur) for e in by_ref["dune"].received]
    assert lent not in [(e.date, e.form, e.quantity, e.value_eur) for e in by_ref["dune"].given]


def test_entries_are_valued_at_the_rate_in_effect_on_their_date() -> None:
    document = example()
    document["network"]["rates"].append(
        {"form": "time", "eur_per_unit": "20.00", "effective_from": "2026-01-01"}
    )
    document["contributions"].append(
        {"ref": "c13", "giver": {"member": "alize"}, "receiver": {"network": True},
         "form": "time", "quantity": "1", "date": "2026-02-01", "status": "validated"}
    )  # fmt: skip
    document["rule_sets"][0]["criteria"].append({"criterion": "value_given", "min": "100"})

    value = member(evaluated(END, document), "alize").criteria[-1]
    # c1 6 h × 15 (before the new rate) + c2 40 + 9 meeting hours × 15 + c9 45 + c13 1 h × 20
    assert (value.criterion, value.actual) == (CriterionName.value_given, Decimal("330.00"))


# -- docs/rules.md --------------------------------------------------------------------------------


def doc_table(heading: str, index: int = 0) -> list[list[str]]:
    """The ``index``-th table after ``heading``: its header, then its rows."""
    section = DOC.read_text(encoding="utf-8").split(heading + "\n", 1)[1]
    tables: list[list[list[str]]] = []
    previous_was_row = False
    for line in section.splitlines():
        is_row = line.startswith("|")
        if is_row:
            if not previous_was_row:
                tables.append([])
            tables[-1].append([cell.strip() for cell in line.strip("|").split("|")])
        previous_was_row = is_row
    header, _separator, *rows = tables[index]
    return [header, *rows]


def shown(value: Number | None) -> str:
    if value is None:
        return "null"
    return str(value) if isinstance(value, int) else format(value.normalize(), "f")


def rendered_rows(evaluation: Evaluation, names: list[str]) -> list[list[str]]:
    rows = []
    for evaluated_member in evaluation.members:
        results = {c.criterion.value: c for c in evaluated_member.criteria}
        cells = []
        for name in names:
            result = results.get(name)
            if result is None:
                cells.append("—")
                continue
            mark = "✓" if result.met else "→" if result.on_track else "✗"
            cells.append(f"{shown(result.actual)} / {shown(result.required)} {mark}")
        rows.append(
            [
                evaluated_member.member,
                evaluated_member.status.value,
                str(evaluated_member.member_days),
                str(evaluated_member.elapsed_days),
                *cells,
            ]
        )
    return rows


@pytest.mark.parametrize(
    ("at", "heading"), [(MID, "### At 2026-03-01"), (END, "### At 2026-09-01")]
)
def test_the_docs_tables_are_the_evaluators_output(at: date, heading: str) -> None:
    header, *rows = doc_table(heading)

    assert header[:4] == ["member", "status", "days", "elapsed"]
    assert rows == rendered_rows(evaluated(at), header[4:])


def test_the_docs_pace_table_is_the_evaluators_on_track_threshold() -> None:
    header, *rows = doc_table("### At 2026-03-01", index=1)
    names = [cell.removesuffix(" pace") for cell in header[2:]]

    expected_rows = []
    for evaluated_member in evaluated(MID).members:
        unmet = [c for c in evaluated_member.criteria if c.criterion in CUMULATIVE and not c.met]
        if not unmet:
            continue
        elapsed, days = evaluated_member.elapsed_days, evaluated_member.member_days
        required = {c.criterion.value: c.required for c in evaluated_member.criteria}
        paces = [str(hundredths(Fraction(required[name]) * elapsed / days)) for name in names]
        expected_rows.append([evaluated_member.member, f"{elapsed}/{days}", *paces])
    assert rows == expected_rows


def hundredths(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
