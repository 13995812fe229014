"""Cross-tabulations by discipline, département and size, and local anchoring
(docs/scoring.md §11): the example network's figures, checked against the doc's tables."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from raviv.archive import parse_archive
from raviv.scoring import crosstabs
from raviv.scoring.crosstabs import MemberAttributes, SizeClass, size_class
from raviv.scoring.from_archive import scoring_inputs
from raviv.scoring.reciprocity import ScoringInputs, balance_index, entries_frame, eur, ratio
from raviv.scoring.report import ratio_number
from tests.unit.scoring.test_example import EXAMPLE, SEASON, doc_table, written


def inputs_of(data: dict[str, Any] | None = None) -> tuple[ScoringInputs, pd.DataFrame]:
    archive = parse_archive(data if data is not None else EXAMPLE.read_bytes())
    return scoring_inputs(archive, *SEASON), crosstabs.attributes_of_archive(archive)


@pytest.fixture(scope="module")
def example() -> tuple[ScoringInputs, pd.DataFrame]:
    return inputs_of()


def with_a_kit_alize_lends_dune() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_bytes())
    data["contributions"].append(
        {
            "ref": "c13",
            "giver": {"member": "alize"},
            "receiver": {"member": "dune"},
            "form": "equipment",
            "quantity": "1",
            "date": "2026-03-01",
            "status": "validated",
        }
    )
    return data


# -- size -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employer", "fte", "expected"),
    [
        (False, None, SizeClass.no_staff),
        (True, None, SizeClass.employer_fte_unstated),
        (True, Decimal("0.00"), SizeClass.no_staff),
        (True, Decimal("0.5"), SizeClass.fte_under_3),
        (True, Decimal("2.99"), SizeClass.fte_under_3),
        (True, Decimal(3), SizeClass.fte_3_to_10),
        (True, Decimal("9.99"), SizeClass.fte_3_to_10),
        (True, Decimal(10), SizeClass.fte_10_plus),
        # a stated headcount decides, whatever the employer flag says
        (False, Decimal("1.5"), SizeClass.fte_under_3),
    ],
)
def test_size_is_read_from_the_stated_fte_else_from_the_employer_flag(
    employer: bool, fte: Decimal | None, expected: SizeClass
) -> None:
    assert size_class(employer, fte) is expected


# -- per class, on the example --------------------------------------------------------------------


def check_class_table(name: str, table: pd.DataFrame) -> None:
    rows = doc_table(name)
    assert [row["class"] for row in rows] == [str(c) for c in table.index]
    for row, (_, line) in zip(rows, table.iterrows(), strict=True):
        active, givers = int(line["active_members"]), int(line["givers"])
        gave, got = int(line["given_cents"]), int(line["received_cents"])
        assert row["active members"] == str(active)
        assert row["givers"] == str(givers)
        assert row["participation rate"] == written(ratio_number(ratio(givers, active)))
        assert row["G €"] == str(eur(gave))
        assert row["R €"] == str(eur(got))
        assert row["balance index"] == written(ratio_number(balance_index(gave, got)))


@pytest.mark.parametrize(
    ("dimension", "name"),
    [("discipline", "by-discipline"), ("size", "by-size"), ("departement", "by-departement")],
)
def test_the_docs_class_tables_are_the_computed_ones(
    example: tuple[ScoringInputs, pd.DataFrame], dimension: crosstabs.Dimension, name: str
) -> None:
    inputs, attributes = example

    table = crosstabs.by_class(inputs.entries, attributes, inputs.active_members, dimension)

    check_class_table(name, table)


def test_the_classes_of_one_dimension_add_up_to_the_network(
    example: tuple[ScoringInputs, pd.DataFrame],
) -> None:
    inputs, attributes = example

    table = crosstabs.by_class(inputs.entries, attributes, inputs.active_members, "departement")

    # G 1030.00 of §4; R: 40 + 40 + 30 + 80 + 108 (ecume nothing)
    assert table[["active_members", "givers", "given_cents", "received_cents"]].sum().tolist() == [
        6,
        5,
        103000,
        29800,
    ]


def test_a_member_of_several_disciplines_counts_in_each_with_its_whole_value() -> None:
    attributes = crosstabs.attributes_frame(
        [
            MemberAttributes("a", disciplines=("danse", "théâtre")),
            MemberAttributes("b", disciplines=("théâtre",)),
            MemberAttributes("c"),
        ]
    )
    inputs, _ = inputs_of()
    given_by = inputs.entries[inputs.entries["giver"] == "alize"].assign(giver="a")

    table = crosstabs.by_class(given_by, attributes, ["a", "b", "c"], "discipline")

    assert table.index.tolist() == ["danse", "théâtre", "?"]
    assert table["active_members"].tolist() == [1, 2, 1]
    assert table["given_cents"].tolist() == [31000, 31000, 0]  # alize's 310.00, in each
    assert table["givers"].tolist() == [1, 1, 0]


def test_a_member_without_a_stated_departement_is_in_the_unknown_class_last() -> None:
    attributes = crosstabs.attributes_frame(
        [MemberAttributes("a", departement=""), MemberAttributes("b", departement="13")]
    )

    table = crosstabs.by_class(entries_frame([]), attributes, ["a", "b", "z"], "departement")

    # z is in no attributes at all: unknown too
    assert table.index.tolist() == ["13", "?"]
    assert table["active_members"].tolist() == [1, 2]


# -- between départements and local anchoring -----------------------------------------------------


def test_the_docs_departement_matrix_is_the_computed_one(
    example: tuple[ScoringInputs, pd.DataFrame],
) -> None:
    inputs, attributes = example

    matrix = crosstabs.class_matrix(inputs.entries, attributes, "departement")

    rows = doc_table("departements")
    assert [row["from"] for row in rows] == matrix.index.tolist()
    for row in rows:
        assert list(row)[1:] == matrix.columns.tolist()
        for receiver in matrix.columns:
            assert row[receiver] == str(eur(int(matrix.loc[row["from"], receiver])))
    # every value between members, once: 40 + 40 + 60 + 80 + 30
    assert int(matrix.to_numpy().sum()) == 25000


def test_no_exchange_of_the_example_stays_inside_a_departement(
    example: tuple[ScoringInputs, pd.DataFrame],
) -> None:
    inputs, attributes = example

    anchoring = crosstabs.local_anchoring(inputs.entries, attributes)

    assert anchoring["local_cents"].sum() == 0
    assert crosstabs.local_share(anchoring) == 0
    assert anchoring["member"].tolist() == ["alize", "basalte", "cedre", "dune", "fougere"]


def test_the_docs_local_anchoring_variant_is_the_computed_one() -> None:
    inputs, attributes = inputs_of(with_a_kit_alize_lends_dune())

    anchoring = crosstabs.local_anchoring(inputs.entries, attributes)

    rows = doc_table("local-anchoring-variant")
    assert [row["member"] for row in rows] == anchoring["member"].tolist()
    for row, line in zip(rows, anchoring.itertuples(index=False), strict=True):
        assert row["departement"] == line.departement
        assert row["exchanged €"] == str(eur(line.exchanged_cents))
        assert row["local €"] == str(eur(line.local_cents))
        assert row["local share"] == written(
            ratio_number(ratio(line.local_cents, line.exchanged_cents))
        )
    # the network: 20 / 270; département 93: (20 + 20) / (100 + 130)
    assert ratio_number(crosstabs.local_share(anchoring)) == 0.0741
    in_93 = anchoring[anchoring["departement"] == "93"]
    assert ratio_number(ratio(in_93["local_cents"].sum(), in_93["exchanged_cents"].sum())) == 0.1739


def test_a_member_without_a_departement_has_no_local_share_and_is_not_local_to_others() -> None:
    inputs, attributes = inputs_of(with_a_kit_alize_lends_dune())
    attributes.loc[attributes["member"] == "dune", "departement"] = ""

    anchoring = crosstabs.local_anchoring(inputs.entries, attributes).set_index("member")

    assert anchoring.loc["dune", "departement"] == ""
    assert anchoring.loc["alize", "local_cents"] == 0  # dune's département is not known
    # dune's 130.00 are left out of the network's share: nothing is local among the rest
    assert crosstabs.local_share(anchoring.reset_index()) == 0


def test_an_empty_period_has_no_flows_and_no_local_share() -> None:
    attributes = crosstabs.attributes_frame([MemberAttributes("a", departement="93")])
    nothing = entries_frame([])

    assert crosstabs.class_matrix(nothing, attributes, "departement").empty
    anchoring = crosstabs.local_anchoring(nothing, attributes)
    assert anchoring.empty
    assert crosstabs.local_share(anchoring) is None


def test_the_archive_attributes_take_the_discipline_or_the_disciplines_lower_cased() -> None:
    data: dict[str, Any] = json.loads(EXAMPLE.read_bytes())
    data["members"][0]["discipline"] = ""
    data["members"][0]["disciplines"] = ["Théâtre", "Danse ", "théâtre"]
    data["members"][1]["headcount_fte"] = "4.5"

    attributes = crosstabs.attributes_of_archive(parse_archive(data)).set_index("member")

    assert attributes.loc["alize", "disciplines"] == ("théâtre", "danse")
    assert attributes.loc["cedre", "disciplines"] == ("théâtre",)
    classes = crosstabs.member_classes(attributes.reset_index(), "size").set_index("member")
    assert classes.loc["basalte", "class"] == "fte_3_to_10"


def test_the_docs_local_columns_by_departement_are_the_computed_ones(
    example: tuple[ScoringInputs, pd.DataFrame],
) -> None:
    inputs, attributes = example
    anchoring = crosstabs.local_anchoring(inputs.entries, attributes)
    sums = anchoring.groupby("departement")[["exchanged_cents", "local_cents"]].sum()

    for row in doc_table("by-departement"):
        exchanged, local = (
            (int(sums.loc[row["class"], c]) for c in ("exchanged_cents", "local_cents"))
            if row["class"] in sums.index
            else (0, 0)
        )
        assert row["exchanged €"] == str(eur(exchanged))
        assert row["local €"] == str(eur(local))
        assert row["local share"] == written(ratio_number(ratio(local, exchanged)))
