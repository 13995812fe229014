"""Backup files without a database: which engine a file is for, where a backup goes by
default, PostgreSQL's programs and the environment they get (the password never on a command
line)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from raviv.backup import files, postgres
from raviv.backup.files import BackupError
from raviv.settings import DatabaseSettings


def test_a_file_is_known_by_its_first_bytes(tmp_path: Path) -> None:
    sqlite_file = tmp_path / "a"
    sqlite_file.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    dump = tmp_path / "b"
    dump.write_bytes(b"PGDMP\x01\x0e\x00")
    text = tmp_path / "c"
    text.write_text("bonjour")
    empty = tmp_path / "d"
    empty.touch()
    assert files.engine_of(sqlite_file) == "sqlite"
    assert files.engine_of(dump) == "postgres"
    for path, says in (
        (text, "not a raviv backup"),
        (empty, "not a raviv backup"),
        (tmp_path / "none", "no such file"),
        (tmp_path, "a folder"),
    ):
        with pytest.raises(BackupError, match=says):
            files.engine_of(path)


def test_a_backup_goes_to_the_data_folder_named_by_engine_and_time() -> None:
    moment = datetime(2026, 12, 5, 10, 0, 3, tzinfo=UTC)
    assert files.default_out(Path("/srv/raviv"), "sqlite", moment) == Path(
        "/srv/raviv/backups/raviv-sqlite-20261205T100003Z.db"
    )
    assert files.default_out(Path("var"), "postgres", moment) == Path(
        "var/backups/raviv-postgres-20261205T100003Z.dump"
    )
    assert files.when(moment) == "2026-12-05 10:00:03 UTC"


def test_a_missing_postgresql_program_is_one_clear_refusal() -> None:
    with pytest.raises(BackupError, match=r"pg_nothing not found .* postgresql-client"):
        postgres.tool("pg_nothing")


def test_the_connection_goes_through_the_environment_in_utc() -> None:
    db = DatabaseSettings.from_url("postgresql://raviv:s%40cret@db.local:5433/raviv_prod")
    env = postgres.environment(db)
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGDATABASE"]) == (
        "db.local",
        "5433",
        "raviv",
        "raviv_prod",
    )
    assert env["PGPASSWORD"] == "s@cret"
    assert env["TZ"] == "UTC"


def test_the_tables_of_an_archive_listing_are_read_from_the_public_schema() -> None:
    listing = (
        ";\n; Archive created at 2026-12-05 10:00:03 UTC\n;\n"
        "245; 1259 56849 TABLE public access_generation postgres\n"
        "246; 1259 56850 TABLE public migration postgres\n"
        "247; 1259 56851 TABLE other migration postgres\n"
        "3380; 0 56849 TABLE DATA public access_generation postgres\n"
    )
    assert postgres.tables(listing) == {"access_generation", "migration"}
