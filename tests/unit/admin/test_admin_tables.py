"""What the admin exposes, checked without a database: French help on every column, the
ledger and the dated actions read-only, writes only where the domain has no action of its own."""

from __future__ import annotations

import pytest
from piccolo.columns import Varchar
from piccolo.table import Table

from admin.tables import EXPOSED, column_labels
from raviv.registry.tables import Member

READ_ONLY = {
    "contribution",  # the ledger: corrections are reversals
    "audit_entry",
    "membership",  # changed by dated actions
    "rule_set",
    "exemption",
    "case_decision",
    "evaluation_snapshot",
    "reminder",
    "network",
}


def test_every_column_of_every_admin_table_has_french_help() -> None:
    english = {c._meta.help_text for c in Member._meta.columns if c._meta.help_text}
    for table, exposed in EXPOSED.items():
        for column in exposed.table._meta.columns:
            text = column._meta.help_text
            assert text, f"{table}.{column._meta.name}"
            assert text not in english, f"{table}.{column._meta.name}: {text}"


def test_every_column_of_every_admin_table_has_its_own_french_label() -> None:
    for table, exposed in EXPOSED.items():
        names = [c._meta.name for c in exposed.table._meta.columns]
        assert sorted(exposed.columns) == sorted(names), table
        labels = list(exposed.columns.values())
        assert all(label.strip() for label in labels), table
        # Piccolo Admin keys a form's fields by their label: two alike would be one
        assert len(set(labels)) == len(labels), f"{table}: {labels}"
    assert EXPOSED["member"].columns["headcount_fte"] == "Effectif (ETP)"


def test_a_column_added_without_a_french_label_is_refused() -> None:
    class Member(Table, tablename="member"):  # the table as it would be with a new column
        name = Varchar()
        newsletter = Varchar()

    with pytest.raises(ValueError, match="no French label for newsletter"):
        column_labels(Member)


def test_the_admin_views_leave_the_domain_tables_texts_alone() -> None:
    assert Member.name._meta.help_text == "Name of the organisation."
    assert EXPOSED["member"].table.name._meta.help_text == "Nom de la structure."


def test_the_ledger_the_log_and_the_dated_actions_are_read_only() -> None:
    assert {t for t, e in EXPOSED.items() if e.read_only} == READ_ONLY


def test_rates_are_added_never_edited_and_nothing_is_deleted() -> None:
    rate = EXPOSED["rate"]
    assert rate.creatable
    assert not rate.editable
    for exposed in EXPOSED.values():
        routes = exposed.config.validators
        assert routes is not None
        assert routes.delete_single
        assert routes.delete_all
        assert routes.put_single


def test_no_write_may_move_a_row_or_rewrite_its_identity() -> None:
    for table, exposed in EXPOSED.items():
        assert not exposed.editable & {"id", "network", "ref", "created_at", "created_by"}, table


def test_a_person_erased_keeps_its_erasure() -> None:
    assert "erased_at" not in EXPOSED["person"].editable
