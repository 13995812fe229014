"""The rules a migration added after a release must keep to run on a live PostgreSQL database
(docs/development.md, "Migrations on a live database"), checked on its MigrationManager.

A migration runs while the previous release still serves requests (``raviv db upgrade`` comes
before the restart). On PostgreSQL most ``ALTER TABLE`` forms take an ACCESS EXCLUSIVE lock:
while one waits for it or holds it, every query on the table waits behind it. What is quick
under that lock (adding a nullable column, or one whose default is a constant) is allowed;
what holds it for a time that grows with the table, or breaks the code still running, is not,
on a table that existed in the release (a table the same release creates is empty: anything
goes there):

- a NOT NULL column added without a default (fails on a table with rows, or needs a backfill
  under the lock);
- a column added with a volatile default (a UUID made per row, a serial): the table is rewritten;
- a column's type changed, or NOT NULL set on an existing column: a rewrite or a full scan;
- an index built without CONCURRENTLY (writes stop while it is built), a unique constraint or
  index added to an existing table in the transaction;
- VACUUM FULL, CLUSTER, REINDEX without CONCURRENTLY, LOCK TABLE;
- a column or table dropped or renamed: the code still running uses it (drop it a release
  after the code stopped using it, with a reason in ACCEPTED);
- :func:`raviv.migrations.create_index_concurrently` in a migration that runs in a transaction
  (``CONCURRENTLY`` cannot).

Raw steps (``manager.add_raw``) are read as source text: the SQL they hold is searched for the
forms above.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigSerial, Serial
from piccolo.columns.defaults.uuid import UUID4


@dataclass(frozen=True, slots=True)
class Risk:
    migration: str
    table: str
    what: str

    def __str__(self) -> str:
        return f"{self.migration}: {self.table}: {self.what}"


# ALTER TABLE <name> and what follows up to the clause, within one statement and one string.
_ALTER = r"ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?\"?(\w+)\"?\s+[^;\"']*?"

_SQL_RULES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)(?:IF\s+NOT\s+EXISTS\s+)?"
            r"\"?\w+\"?\s+ON\s+(?:ONLY\s+)?\"?(\w+)\"?",
            re.IGNORECASE,
        ),
        "an index built without CONCURRENTLY stops the table's writes while it is built "
        "(raviv.migrations.create_index_concurrently)",
    ),
    (
        re.compile(
            _ALTER + r"ALTER\s+(?:COLUMN\s+)?\"?\w+\"?\s+(?:SET\s+DATA\s+)?TYPE\b",
            re.IGNORECASE,
        ),
        "a column's type changed: the table is rewritten under an exclusive lock",
    ),
    (
        re.compile(
            _ALTER + r"SET\s+NOT\s+NULL",
            re.IGNORECASE,
        ),
        "SET NOT NULL scans the whole table under an exclusive lock (add a CHECK … NOT VALID, "
        "VALIDATE it, then SET NOT NULL)",
    ),
    (
        re.compile(
            _ALTER + r"ADD\s+(?:CONSTRAINT\s+\"?\w+\"?\s+)?"
            r"(?:(?:UNIQUE|PRIMARY\s+KEY)(?!\s+USING\s+INDEX)|EXCLUDE)\b",
            re.IGNORECASE,
        ),
        "a unique constraint builds its index under an exclusive lock (build the index "
        "concurrently, then ADD CONSTRAINT … USING INDEX)",
    ),
    (
        re.compile(
            _ALTER + r"ADD\s+(?:CONSTRAINT\s+\"?\w+\"?\s+)?(?:CHECK|FOREIGN\s+KEY)\b"
            r"(?![^;\"']*NOT\s+VALID)",
            re.IGNORECASE,
        ),
        "a CHECK or FOREIGN KEY constraint is validated over the whole table under the lock "
        "(add it NOT VALID, then VALIDATE CONSTRAINT in a later step)",
    ),
    (
        re.compile(
            _ALTER + r"ADD\s+(?:COLUMN\s+)?(?!CONSTRAINT\b|CHECK\b|UNIQUE\b|PRIMARY\b|FOREIGN\b|"
            r"EXCLUDE\b)(?:IF\s+NOT\s+EXISTS\s+)?\"?\w+\"?\s+(?:(?!DEFAULT)[^;,\"'])*?"
            r"NOT\s+NULL(?![^;,\"']*DEFAULT)",
            re.IGNORECASE,
        ),
        "a NOT NULL column without a default cannot be added to a table with rows",
    ),
    (
        re.compile(
            _ALTER + r"(?:DROP\s+(?:COLUMN\s+)?(?!CONSTRAINT\b|DEFAULT\b|NOT\b)|RENAME\b)",
            re.IGNORECASE,
        ),
        "a column or table dropped or renamed breaks the code still running",
    ),
    (
        re.compile(r"DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?\"?(\w+)", re.IGNORECASE),
        "a table dropped breaks the code still running",
    ),
    (
        re.compile(
            r"(?:VACUUM\s+FULL|CLUSTER|LOCK\s+TABLE|REINDEX\s+(?!.*CONCURRENTLY)"
            r"(?:TABLE|INDEX)?)\s+\"?(\w+)\"?",
            re.IGNORECASE,
        ),
        "VACUUM FULL, CLUSTER, LOCK TABLE and REINDEX hold the table's lock for long",
    ),
]


def _source(step: object) -> str:
    """A raw step's source, adjacent string literals joined (SQL split over lines)."""
    try:
        source = inspect.getsource(step)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return ""
    return re.sub(r"[\"']\s*\n\s*[fbr]?[\"']", "", source)


def risks(name: str, manager: MigrationManager, existing: set[str]) -> list[Risk]:
    """What in this migration would take a long lock on, or break, a table of ``existing``."""
    old = existing - {table.tablename for table in manager.add_tables}
    return [
        Risk(name, table, what)
        for check in (_added_columns, _altered_columns, _removals, _raw_steps)
        for table, what in check(manager, old)
    ]


def _added_columns(manager: MigrationManager, old: set[str]) -> Iterator[tuple[str, str]]:
    for added in manager.add_columns.add_columns:
        if added.tablename not in old:
            continue
        column = added.column
        default = getattr(column, "default", None)
        if isinstance(column, Serial | BigSerial) or isinstance(default, UUID4):
            yield (
                added.tablename,
                (
                    f"column {column._meta.name}: a volatile default (serial, UUID) rewrites "
                    "the table"
                ),
            )
        elif not column._meta.null and default is None:
            yield (
                added.tablename,
                (
                    f"column {column._meta.name}: NOT NULL without a default cannot be added to a "
                    "table with rows"
                ),
            )
        if column._meta.index or column._meta.unique:
            yield (
                added.tablename,
                (
                    f"column {column._meta.name}: its index is built without CONCURRENTLY (add the "
                    "column without index=True, then raviv.migrations.create_index_concurrently)"
                ),
            )


def _altered_columns(manager: MigrationManager, old: set[str]) -> Iterator[tuple[str, str]]:
    for altered in manager.alter_columns.alter_columns:
        if altered.tablename not in old:
            continue
        column, params = altered.column_name, altered.params
        if altered.column_class is not None and altered.column_class != altered.old_column_class:
            yield altered.tablename, f"column {column}: its type changes (a table rewrite)"
        if "length" in params or "digits" in params:
            yield (
                altered.tablename,
                (f"column {column}: its length or digits change (a type change: a rewrite)"),
            )
        if params.get("null") is False:
            yield (
                altered.tablename,
                (f"column {column}: SET NOT NULL scans the whole table under an exclusive lock"),
            )
        if params.get("index") is True or params.get("unique") is True:
            yield (
                altered.tablename,
                (f"column {column}: an index or unique constraint built without CONCURRENTLY"),
            )


def _removals(manager: MigrationManager, old: set[str]) -> Iterator[tuple[str, str]]:
    running = "the code still running uses it"
    for dropped in manager.drop_columns.drop_columns:
        if dropped.tablename in old:
            yield dropped.tablename, f"column {dropped.column_name} dropped: {running}"
    for renamed in manager.rename_columns.rename_columns:
        if renamed.tablename in old:
            yield renamed.tablename, f"column {renamed.old_column_name} renamed: {running}"
    for table in manager.drop_tables:
        if table.tablename in old:
            yield table.tablename, f"table dropped: {running}"
    for renamed_table in manager.rename_tables:
        if renamed_table.old_tablename in old:
            yield renamed_table.old_tablename, f"table renamed: {running}"
    for constraint in manager.add_constraints.add_constraints:
        if constraint.tablename in old:
            yield (
                constraint.tablename,
                (
                    "a constraint added in the transaction is checked or indexed under an "
                    "exclusive lock"
                ),
            )


def _raw_steps(manager: MigrationManager, old: set[str]) -> Iterator[tuple[str, str]]:
    for step in manager.raw:
        source = _source(step)
        if "create_index_concurrently" in source and manager.wrap_in_transaction:
            yield (
                "-",
                (
                    "create_index_concurrently in a migration run in a transaction: declare "
                    "MigrationManager(..., wrap_in_transaction=False)"
                ),
            )
        yield from sql_risks(source, old)


def sql_risks(sql: str, old: set[str]) -> Iterator[tuple[str, str]]:
    """(table, what) for each form of ``sql`` (any text holding SQL) that is risky on ``old``."""
    for pattern, what in _SQL_RULES:
        for match in pattern.finditer(sql):
            if match.group(1) in old:
                yield match.group(1), what
