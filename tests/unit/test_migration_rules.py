"""Migrations on a live database: v0.1.0's migrations stay as released, and those added since
keep to the rules of tests/migration_rules.py (docs/development.md, "Migrations on a live
database"). The rules themselves are proved on migrations made here, one per case."""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import UUID, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.table import Table

from raviv.migrations import create_index_concurrently
from tests.migration_rules import risks, sql_risks

ROOT = Path(__file__).resolve().parents[2]
RELEASE = json.loads((ROOT / "tests/data/v0.1.0/schema.json").read_text())
EXISTING = set(RELEASE["tables"])

# Migrations added since v0.1.0 that break a rule knowingly, each with the reason it is safe
# (or the downtime it was decided to accept): "app:migration_id" -> reason.
ACCEPTED: dict[str, str] = {}


def _migration_files() -> dict[str, Path]:
    return {
        str(path.relative_to(ROOT)): path
        for path in sorted(
            [
                *(ROOT / "raviv").glob("*/piccolo_migrations/*.py"),
                *(ROOT / "reports").glob("piccolo_migrations/*.py"),  # the report's own app
            ]
        )
        if path.name != "__init__.py"
    }


def _manager(path: Path) -> MigrationManager:
    module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    manager = asyncio.run(module.forwards())
    assert isinstance(manager, MigrationManager)
    return manager


def test_every_migration_of_v0_1_0_is_still_there_as_it_was_released() -> None:
    files = _migration_files()
    changed = [
        name
        for name, digest in RELEASE["files"].items()
        if name not in files or hashlib.sha256(files[name].read_bytes()).hexdigest() != digest
    ]
    assert changed == [], "a released migration was removed or edited: add a new one instead"
    released = {
        f"{m.app_name}:{m.migration_id}"
        for m in map(_manager, (ROOT / n for n in RELEASE["files"]))
    }
    assert released == set(RELEASE["migrations"])


def test_migrations_added_since_v0_1_0_take_no_long_lock_on_its_tables() -> None:
    new = [path for name, path in _migration_files().items() if name not in RELEASE["files"]]
    found = []
    for path in new:
        manager = _manager(path)
        name = f"{manager.app_name}:{manager.migration_id}"
        if name not in ACCEPTED:
            found += risks(name, manager, EXISTING)
    assert [str(risk) for risk in found] == []
    assert set(ACCEPTED) <= {f"{m.app_name}:{m.migration_id}" for m in map(_manager, new)}


def test_the_rules_read_real_migrations_flagging_v0_1_0s_indexes_on_tables_made_before() -> None:
    """v0.1.0's own history, each migration checked as if the tables of those before it held
    data: the two unique indexes built in a raw step on a table an earlier migration made are
    what a live database would have felt (both were made on empty tables, before any release)."""
    paths = sorted(
        (ROOT / name for name in RELEASE["files"]), key=lambda p: p.stem.split("_", 1)[1]
    )
    made: set[str] = set()
    flagged = []
    for path in paths:
        manager = _manager(path)
        flagged += [
            (risk.migration, risk.table)
            for risk in risks(f"{manager.app_name}:{manager.migration_id}", manager, made)
        ]
        made |= {table.tablename for table in manager.add_tables}
    assert flagged == [
        ("registry:2026-11-26T09:06:00:000000", "member"),
        ("participation:2026-11-26T15:17:00:000000", "evaluation_snapshot"),
    ]


def _adding(column_class: type, *, table: str = "member", **params: object) -> MigrationManager:
    manager = MigrationManager(migration_id="probe", app_name="probe")
    manager.add_column(
        table_class_name=table.title(),
        tablename=table,
        column_name="probe",
        db_column_name="probe",
        column_class_name=column_class.__name__,
        column_class=column_class,
        params=params,
    )
    return manager


@pytest.mark.parametrize(
    ("manager", "risky"),
    [
        (_adding(Integer, null=False, default=None), True),  # NOT NULL, no default
        (_adding(Integer, null=False, default=0), False),  # a constant default: metadata only
        (_adding(Varchar, null=True, default=None), False),
        (_adding(Timestamptz, null=False, default=TimestamptzNow()), False),  # now(): stable
        (_adding(UUID, null=False, default=UUID4()), True),  # a volatile default: a rewrite
        (_adding(Integer, null=True, default=None, index=True), True),  # index not concurrent
        (_adding(Integer, null=False, default=None, table="new_table"), False),  # not released
    ],
    ids=[
        "not-null-no-default",
        "not-null-constant",
        "nullable",
        "not-null-now",
        "uuid-default",
        "index",
        "unreleased-table",
    ],
)
def test_adding_a_column(manager: MigrationManager, risky: bool) -> None:
    assert bool(risks("probe", manager, EXISTING)) is risky


def test_a_column_added_to_a_table_created_in_the_same_migration_is_free() -> None:
    manager = _adding(Integer, null=False, default=None, table="member")
    manager.add_table(class_name="Member", tablename="member")  # as if new in this release
    assert risks("probe", manager, EXISTING) == []


def _altering(**changes: Any) -> MigrationManager:
    manager = MigrationManager(migration_id="probe", app_name="probe")
    manager.alter_column(
        table_class_name="Member",
        tablename="member",
        column_name="name",
        db_column_name="name",
        params=changes.get("params", {}),
        old_params=changes.get("old_params", {}),
        column_class=changes.get("column_class"),
        old_column_class=changes.get("old_column_class"),
    )
    return manager


@pytest.mark.parametrize(
    ("manager", "risky"),
    [
        (_altering(column_class=Text, old_column_class=Varchar), True),
        (_altering(params={"length": 400}, old_params={"length": 200}), True),
        (_altering(params={"null": False}, old_params={"null": True}), True),
        (_altering(params={"null": True}, old_params={"null": False}), False),  # drop NOT NULL
        (_altering(params={"index": True}, old_params={"index": False}), True),
        (_altering(params={"default": "x"}, old_params={"default": ""}), False),
    ],
    ids=["type", "length", "set-not-null", "drop-not-null", "index", "default"],
)
def test_altering_a_column(manager: MigrationManager, risky: bool) -> None:
    assert bool(risks("probe", manager, EXISTING)) is risky


def test_dropping_or_renaming_what_the_running_code_uses() -> None:
    manager = MigrationManager(migration_id="probe", app_name="probe")
    manager.drop_column(table_class_name="Member", tablename="member", column_name="siret")
    manager.rename_column(
        table_class_name="Member",
        tablename="member",
        old_column_name="name",
        new_column_name="label",
    )
    manager.drop_table(class_name="Due", tablename="due")
    assert [(r.table, r.what.split(":")[0]) for r in risks("probe", manager, EXISTING)] == [
        ("member", "column siret dropped"),
        ("member", "column name renamed"),
        ("due", "table dropped"),
    ]


@pytest.mark.parametrize(
    ("sql", "risky"),
    [
        ("CREATE INDEX member_name ON member (name)", True),
        ("CREATE UNIQUE INDEX IF NOT EXISTS member_x ON member (network, x)", True),
        ("CREATE INDEX CONCURRENTLY member_name ON member (name)", False),
        ("CREATE INDEX job_state ON job (state)", False),  # a table v0.1.0 did not have
        ('ALTER TABLE "member" ALTER COLUMN "name" TYPE TEXT', True),
        ("ALTER TABLE member ALTER COLUMN name SET DATA TYPE varchar(400)", True),
        ("ALTER TABLE member ALTER COLUMN name SET NOT NULL", True),
        ("ALTER TABLE member ALTER COLUMN name DROP NOT NULL", False),
        ("ALTER TABLE member ALTER COLUMN name SET DEFAULT ''", False),
        ("ALTER TABLE member ADD COLUMN grade integer NOT NULL", True),
        ("ALTER TABLE member ADD COLUMN grade integer DEFAULT 0 NOT NULL", False),
        ("ALTER TABLE member ADD COLUMN grade integer NOT NULL DEFAULT 0", False),
        ("ALTER TABLE member ADD COLUMN grade integer", False),
        ("ALTER TABLE member ADD CONSTRAINT grade_positive CHECK (grade > 0)", True),
        ("ALTER TABLE member ADD CONSTRAINT grade_positive CHECK (grade > 0) NOT VALID", False),
        ("ALTER TABLE member VALIDATE CONSTRAINT grade_positive", False),  # SHARE UPDATE EXCL.
        ("ALTER TABLE member ADD CONSTRAINT member_siret UNIQUE (siret)", True),
        ("ALTER TABLE member ADD CONSTRAINT m_siret UNIQUE USING INDEX m_siret_idx", False),
        ("ALTER TABLE member DROP COLUMN siret", True),
        ("ALTER TABLE member DROP CONSTRAINT grade_positive", False),
        ("ALTER TABLE member RENAME TO organisation", True),
        ("DROP TABLE due", True),
        ("VACUUM FULL contribution", True),
        ("LOCK TABLE contribution IN ACCESS EXCLUSIVE MODE", True),
        ("REINDEX TABLE CONCURRENTLY contribution", False),
    ],
)
def test_raw_sql(sql: str, risky: bool) -> None:
    assert bool(list(sql_risks(sql, EXISTING))) is risky


async def _index_by_hand() -> None:  # a raw step as a migration would write it
    await Table.raw(
        "CREATE INDEX contribution_note "
        "ON contribution (note)"  # the statement split over two literals is read whole
    ).run()


async def _index_concurrently() -> None:
    await create_index_concurrently("contribution", "contribution_note", ["note"])


def test_raw_steps_are_read_from_their_source() -> None:
    manager = MigrationManager(migration_id="probe", app_name="probe")
    manager.add_raw(_index_by_hand)
    assert [r.table for r in risks("probe", manager, EXISTING)] == ["contribution"]


def test_create_index_concurrently_needs_a_migration_outside_a_transaction() -> None:
    wrapped = MigrationManager(migration_id="probe", app_name="probe")
    wrapped.add_raw(_index_concurrently)
    assert "wrap_in_transaction=False" in str(risks("probe", wrapped, EXISTING)[0])
    outside = MigrationManager(migration_id="probe", app_name="probe", wrap_in_transaction=False)
    outside.add_raw(_index_concurrently)
    assert risks("probe", outside, EXISTING) == []
