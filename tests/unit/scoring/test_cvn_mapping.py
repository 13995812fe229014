"""The CVN mapping in force (docs/scoring.md, CVN accounts): ANC 2018-06's default with a
network's overrides, checked, written as plain data, and followed by every CVN figure — pure
code, the example archive, no database."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from raviv.archive import ArchiveInvalid, dump_archive, parse_archive
from raviv.scoring.from_archive import reciprocity_of_archive
from raviv.scoring.reciprocity import network_cvn
from raviv.scoring.report import reciprocity_json
from raviv.valuation import (
    CVN_ACCOUNTS,
    CvnAccounts,
    accounts_in_force,
    cvn_override_problems,
    mapping_json,
)
from raviv.vocabulary import Form
from tests.unit.scoring.test_reciprocity import entry, frame

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "tests/data/reseau-exemple.json"
EXPECTED = json.loads((ROOT / "tests/data/reseau-exemple.expected.json").read_bytes())
SEASON = (date(2025, 9, 1), date(2026, 9, 1))
D = Decimal


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text("utf-8"))


def test_without_overrides_the_mapping_in_force_is_the_default() -> None:
    assert accounts_in_force() == CVN_ACCOUNTS
    assert accounts_in_force({}) == CVN_ACCOUNTS


def test_an_override_replaces_its_forms_accounts_and_no_other() -> None:
    mapping = accounts_in_force({Form.premises: CvnAccounts("8611", "871")})
    assert mapping[Form.premises] == CvnAccounts("8611", "871")
    assert {f: p for f, p in mapping.items() if f != Form.premises} == {
        f: p for f, p in CVN_ACCOUNTS.items() if f != Form.premises
    }
    assert list(mapping) == list(Form)


@pytest.mark.parametrize(
    ("form", "use", "resource", "fields"),
    [
        (Form.premises, "8611", "871", []),
        (Form.time, "860", "870", []),
        (Form.knowledge, "863", "871", ["use"]),
        (Form.knowledge, "862", "870 ", ["resource"]),
        (Form.time, "875", "864", ["use", "resource"]),
        (Form.money, "864", "875", ["form"]),
    ],
)
def test_accounts_come_from_their_lists_and_money_is_never_mapped(
    form: Form, use: str, resource: str, fields: list[str]
) -> None:
    assert [field for field, _ in cvn_override_problems(form, use, resource)] == fields


def test_the_mapping_is_written_as_plain_data_with_the_charts_names() -> None:
    written = mapping_json({Form.equipment: CvnAccounts("8612", "871")})
    assert written["standard"] == "ANC 2018-06"
    assert written["overridden"] == ["equipment"]
    lines = {line["form"]: line for line in written["accounts"]}
    assert list(lines) == [form.value for form in Form]
    assert lines["equipment"] == {
        "form": "equipment",
        "use": "8612",
        "use_label": "Mise à disposition gratuite de matériels",
        "resource": "871",
        "resource_label": "Prestations en nature",
        "overridden": True,
        "default": {"use": "861", "resource": "871"},
    }
    assert lines["time"]["overridden"] is False
    assert lines["time"]["use_label"] == "Personnel bénévole"
    assert lines["money"] == {
        "form": "money",
        "use": None,
        "use_label": None,
        "resource": None,
        "resource_label": None,
        "overridden": False,
        "default": None,
    }
    assert json.loads(json.dumps(written)) == written  # JSON-ready as it is


def test_the_networks_cvn_follows_the_mapping_it_is_given() -> None:
    ledger = frame(
        entry("a", "network", "90.00", Form.time),
        entry("b", "network", "40.00", Form.equipment),
        entry("b", "network", "16.00", Form.premises),
    )
    mapping = accounts_in_force(
        {
            Form.premises: CvnAccounts("8611", "871"),
            Form.equipment: CvnAccounts("8612", "870"),
        }
    )
    assert network_cvn(ledger) == {"861": D("56.00"), "864": D("90.00")}
    assert network_cvn(ledger, "use", mapping) == {
        "8611": D("16.00"),
        "8612": D("40.00"),
        "864": D("90.00"),
    }
    resources = network_cvn(ledger, "resource", mapping)
    assert resources == {"870": D("40.00"), "871": D("16.00"), "875": D("90.00")}
    assert sum(resources.values()) == sum(network_cvn(ledger, "use", mapping).values())


def test_the_example_without_overrides_gives_the_expected_cvn() -> None:
    result = reciprocity_of_archive(parse_archive(example()), *SEASON)
    assert reciprocity_json(result) == EXPECTED["reciprocity_period"]
    assert result.network.cvn_resources == {"871": D("60.00"), "875": D("720.00")}


def test_an_archive_that_books_knowledge_to_864_moves_the_example_cvn() -> None:
    document = example()
    document["network"]["cvn_accounts"] = [{"form": "knowledge", "use": "864", "resource": "875"}]
    result = reciprocity_of_archive(parse_archive(document), *SEASON)
    written = reciprocity_json(result)
    assert written["network"]["cvn"] == {"864": "780.00"}
    expected = EXPECTED["reciprocity_period"]
    assert {k: v for k, v in written["network"].items() if k != "cvn"} == {
        k: v for k, v in expected["network"].items() if k != "cvn"
    }
    assert written["members"] == expected["members"]  # only the accounts moved
    assert result.network.cvn_resources == {"875": D("780.00")}


def test_an_archive_keeps_its_overrides_and_writes_them_back() -> None:
    document = example()
    document["network"]["cvn_accounts"] = [
        {"form": "premises", "use": "8611", "resource": "871"},
        {"form": "equipment", "use": "8612", "resource": "871"},
    ]
    parsed = parse_archive(document)
    assert json.loads(dump_archive(parsed)) == document


def test_the_example_has_no_cvn_accounts_and_none_are_written() -> None:
    parsed = parse_archive(example())
    assert parsed.network.cvn_accounts == []
    assert "cvn_accounts" not in json.loads(dump_archive(parsed))["network"]


def test_bad_cvn_accounts_in_an_archive_are_named_by_their_path() -> None:
    document = example()
    document["network"]["cvn_accounts"] = [
        {"form": "premises", "use": "8613", "resource": "871"},
        {"form": "money", "use": "864", "resource": "875"},
        {"form": "time", "use": "864", "resource": "870"},
        {"form": "time", "use": "864", "resource": "875"},
        {"form": "knowledge", "use": "862", "resource": "86"},
    ]
    with pytest.raises(ArchiveInvalid) as refused:
        parse_archive(document)
    assert sorted((p.path, p.reason.split(":")[0]) for p in refused.value.problems) == [
        ("network.cvn_accounts[0].use", "expected one of 860, 861, 8611, 8612, 862, 864"),
        ("network.cvn_accounts[1].form", "money is not in kind"),
        ("network.cvn_accounts[3].form", "network.cvn_accounts[2] is for the same form"),
        ("network.cvn_accounts[4].resource", "expected one of 870, 871, 875"),
    ]
