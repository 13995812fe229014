"""The example network (``tests/data/reseau-exemple.json``) over the 2025-26 season gives exactly
``reciprocity_period`` of the expected file; ``docs/scoring.md`` shows the same figures. Camille
then corrects, validates and closes memberships, and the figures follow."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from raviv.archive import parse_archive
from raviv.archive.schema import Archive
from raviv.scoring.from_archive import reciprocity_of_archive, scoring_inputs
from raviv.scoring.report import reciprocity_json
from raviv.valuation import SMIC_BRUT_HORAIRE, counted_entries, default_hourly_rate

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "tests/data/reseau-exemple.json"
EXPECTED = ROOT / "tests/data/reseau-exemple.expected.json"
DOC = ROOT / "docs/scoring.md"
SEASON = (date(2025, 9, 1), date(2026, 9, 1))


def document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_bytes())
    return data


def season_json(archive: Archive | dict[str, Any]) -> dict[str, Any]:
    parsed = archive if isinstance(archive, Archive) else parse_archive(archive)
    return reciprocity_json(reciprocity_of_archive(parsed, *SEASON))


def by_member(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["member"]: row for row in report["members"]}


@pytest.fixture(scope="module")
def computed() -> dict[str, Any]:
    return season_json(parse_archive(EXAMPLE.read_bytes()))


# -- the expected answers -------------------------------------------------------------------------


def test_the_example_season_gives_exactly_the_expected_reciprocity(
    computed: dict[str, Any],
) -> None:
    expected = json.loads(EXPECTED.read_bytes())["reciprocity_period"]
    assert computed == expected
    # the same JSON text: 1 stays 1, not 1.0; keys in the same order
    assert json.dumps(computed) == json.dumps(expected)


# -- the doc shows the computed figures -----------------------------------------------------------


def doc_table(name: str) -> list[dict[str, str]]:
    """The rows of the table after ``<!-- checked: name -->`` in docs/scoring.md."""
    after = DOC.read_text(encoding="utf-8").split(f"<!-- checked: {name} -->\n", 1)[1]
    lines = []
    for line in after.splitlines():
        if not line.startswith("|"):
            break
        lines.append([cell.strip().strip("`") for cell in line.strip("|").split("|")])
    header, _, *rows = lines
    return [dict(zip(header, row, strict=True)) for row in rows]


def written(value: object) -> str:
    """A JSON value as the doc's tables write it: ``null`` as a dash."""
    return "—" if value is None else str(value)


def test_the_docs_member_table_is_the_computed_one(computed: dict[str, Any]) -> None:
    rows = doc_table("members")
    assert [row["member"] for row in rows] == [m["member"] for m in computed["members"]]
    for row, member in zip(rows, computed["members"], strict=True):
        assert row["G €"] == member["given_eur"]
        assert row["R €"] == member["received_eur"]
        assert row["balance index"] == written(member["balance_index"])
        assert row["partner mutuality"] == written(member["partner_mutuality"])
        assert row["forms given"] == written(member["forms_given"])


def test_the_docs_network_table_is_the_computed_one(computed: dict[str, Any]) -> None:
    network = computed["network"]
    shown = {row["indicator"]: row["value"] for row in doc_table("network")}
    assert shown == {key: written(value) for key, value in network.items() if key != "cvn"}


def test_the_docs_cvn_table_is_the_computed_one(computed: dict[str, Any]) -> None:
    shown = {row["account"]: row["€"] for row in doc_table("cvn")}
    assert shown == computed["network"]["cvn"]


def test_the_docs_ledger_table_values_the_entries_as_the_code_does() -> None:
    values = {
        entry.ref: entry.value_eur for entry in counted_entries(parse_archive(EXAMPLE.read_bytes()))
    }
    rows = doc_table("ledger")
    assert [row["ref"] for row in rows] == [c["ref"] for c in document()["contributions"]]
    for row in rows:
        if row["value €"] == "—":
            assert row["ref"] not in values
        else:
            assert values[row["ref"]] == Decimal(row["value €"])
            assert Decimal(row["quantity"]) * Decimal(row["€ per unit"]) == values[row["ref"]]


def test_the_docs_meeting_table_is_the_attendance_valued() -> None:
    entries = counted_entries(parse_archive(EXAMPLE.read_bytes()))
    meetings = [entry for entry in entries if "/" in entry.ref]
    for row in doc_table("meetings"):
        mine = {e.ref.split("/")[0]: e for e in meetings if e.giver.ref == row["member"]}
        for meeting in ("m1", "ag-2025", "m3", "m4", "m5"):
            hours = mine[meeting].quantity if meeting in mine else 0
            assert Decimal(row[meeting]) == hours
        assert Decimal(row["person-hours"]) == sum(e.quantity for e in mine.values())
        assert Decimal(row["value €"]) == sum(e.value_eur or 0 for e in mine.values())


def test_the_docs_smic_table_is_the_codes() -> None:
    text = DOC.read_text(encoding="utf-8")
    row = r"^\| (\d{4}-\d{2}-\d{2}) \| ([\d.]+) \| ([\d.]+) \|(?: [^|]+ \|)?$"
    shown = re.findall(row, text, re.M)
    assert shown == [
        (since.isoformat(), str(smic), str(default_hourly_rate(since)))
        for since, smic in SMIC_BRUT_HORAIRE
    ]


# -- Camille changes the ledger -------------------------------------------------------------------


def reversal_of_c2(day: str, status: str) -> dict[str, Any]:
    """An entry cancelling c2 (alize lent basalte a lighting kit for 2 days)."""
    c2 = document()["contributions"][1]
    return {**c2, "ref": "c2-annule", "date": day, "status": status, "reverses": "c2"}


def test_a_validated_reversal_takes_the_entry_out_of_every_figure() -> None:
    data = document()
    # dated after the season: the pair is cancelled all the same
    data["contributions"].append(reversal_of_c2("2026-09-15", "validated"))
    report = season_json(data)
    alize, basalte = by_member(report)["alize"], by_member(report)["basalte"]
    assert (alize["given_eur"], alize["forms_given"]) == ("270.00", 3)
    assert basalte["received_eur"] == "0.00"
    assert alize["partner_mutuality"] == 0
    assert report["network"]["valued_total_eur"] == "1038.00"
    assert report["network"]["mutuality"] == 0.3333


def test_a_reversal_still_pending_cancels_nothing() -> None:
    data = document()
    data["contributions"].append(reversal_of_c2("2026-03-01", "submitted"))
    assert season_json(data) == season_json(document())


def test_a_pending_entry_counts_once_validated() -> None:
    data = document()
    data["contributions"][10]["status"] = "validated"  # c11: basalte, 4 h to the network
    report = season_json(data)
    assert by_member(report)["basalte"]["given_eur"] == "295.00"
    assert report["network"]["cvn"]["864"] == "780.00"


def test_entries_outside_the_season_do_not_count() -> None:
    data = document()
    data["contributions"][0]["date"] = "2025-08-31"  # c1, the day before the season
    data["meetings"][4]["date"] = "2026-09-01"  # m5, the day after it ends
    report = season_json(data)
    assert by_member(report)["alize"]["given_eur"] == "220.00"
    assert by_member(report)["basalte"]["given_eur"] == "205.00"


def test_a_member_gone_is_not_reported_and_a_suspended_one_is_not_active() -> None:
    data = document()
    data["members"][4]["memberships"] = [{"from": "2018-09-01", "to": "2025-06-30"}]  # ecume
    data["members"][5]["memberships"] = [  # fougere, suspended all season
        {"from": "2022-02-01", "to": "2025-09-01"},
        {"from": "2025-09-01", "to": None, "status": "suspended"},
    ]
    report = season_json(data)
    assert [m["member"] for m in report["members"]] == [
        "alize",
        "basalte",
        "cedre",
        "dune",
        "fougere",
    ]
    assert report["network"]["participation_rate"] == 1  # 4 of the 4 active members
    # G of the active alize, basalte, cedre, dune: 310, 235, 230, 150 (Σ 925, Σ i·x 2555)
    # (2·2555 − 5·925) / (4·925) = 485 / 3700
    assert report["network"]["gini"] == 0.1311


def test_the_period_must_end_after_it_begins() -> None:
    with pytest.raises(ValueError, match="ends"):
        scoring_inputs(parse_archive(EXAMPLE.read_bytes()), SEASON[1], SEASON[0])


def test_a_network_without_a_premises_rate_cannot_value_a_room() -> None:
    data = document()
    data["network"]["rates"] = [r for r in data["network"]["rates"] if r["form"] != "premises"]
    with pytest.raises(LookupError, match="no premises rate"):
        season_json(data)


def test_without_its_own_hourly_rates_a_network_values_hours_at_the_smic_default() -> None:
    data = document()
    data["network"]["rates"] = [
        r for r in data["network"]["rates"] if r["form"] in {"equipment", "premises"}
    ]
    fougere = by_member(season_json(data))["fougere"]
    # meetings: AG 2025-11-20, 3 h at 14.85 (2025); m4 2026-03-10, 2 h at 15.03 (2026)
    # c10: 2026-05-01, 2 h at 15.03
    assert fougere["given_eur"] == "104.67"
