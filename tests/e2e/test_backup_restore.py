"""``raviv backup`` and ``raviv restore`` as an administrator runs them, on the suite's engine.

Each test has an installation of its own (a SQLite file, or a throwaway PostgreSQL database
beside the suite's when ``RAVIV_TEST_DATABASE_URL`` is set), with the demo network, its data
folder (where backups and the erasure journal go) and, where a test needs one, a real ``raviv
serve`` process.

- backup → wipe → restore gives the same ``raviv export network`` document, into a database
  wiped to nothing or freshly migrated;
- a backup taken while clients log contributions holds every write acknowledged before it
  began and none sent after it ended; on SQLite the restored database passes SQLite's integrity
  check and exports exactly what the backup file exports;
- a database holding data is refused unless --force, which replaces it;
- erasures made after a backup (by every erasure path) are made again by the restore, counted,
  and the journal names no one;
- a missing file, a file that is no backup, a damaged one, one for the other engine: one line,
  a non-zero exit, the database untouched.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from bench.pg import PostgresDatabase, admin
from tests.e2e.test_cli_and_server import run_raviv, serving
from tests.figures import record

SERVER_URL = os.environ.get("RAVIV_TEST_DATABASE_URL", "").strip()
ENGINE = "postgres" if SERVER_URL else "sqlite"


def network_today() -> date:
    """Today in the demo network's time zone."""
    return datetime.now(ZoneInfo("Europe/Paris")).date()


@dataclass
class Installation:
    """A raviv installation of its own: environment, data folder, database."""

    root: Path
    postgres: PostgresDatabase | None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def sqlite_path(self) -> Path:
        return self.root / "raviv.db"

    @property
    def journal(self) -> Path:
        return self.root / "erasures.jsonl"

    def raviv(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return run_raviv(*args, env={**self.env, **(env or {})})

    def ok(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = self.raviv(*args, env=env)
        assert done.returncode == 0, f"raviv {' '.join(args)}: {done.stderr}"
        return done.stdout

    def export(self, network: str = "demo") -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.ok("export", "network", network))
        return document

    def wipe(self) -> None:
        """The database gone: the SQLite file (and its WAL) deleted, or the PostgreSQL database
        dropped and made again, empty (no table at all)."""
        if self.postgres is None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.sqlite_path}{suffix}").unlink(missing_ok=True)
            return
        admin(f'DROP DATABASE "{self.postgres.name}" WITH (FORCE)', self.postgres.admin_url)
        admin(f'CREATE DATABASE "{self.postgres.name}"', self.postgres.admin_url)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows read straight from the database (not through raviv)."""
        if self.postgres is None:
            with closing(sqlite3.connect(self.sqlite_path)) as connection:
                return list(connection.execute(sql).fetchall())
        import asyncpg

        async def fetch() -> list[tuple[Any, ...]]:
            assert self.postgres is not None
            connection = await asyncpg.connect(self.postgres.url)
            try:
                return [tuple(row) for row in await connection.fetch(sql)]
            finally:
                await connection.close()

        return asyncio.run(fetch())

    def execute(self, *statements: str) -> None:
        """Change the database straight, not through raviv (what an older version left)."""
        if self.postgres is None:
            with closing(sqlite3.connect(self.sqlite_path)) as connection:
                for sql in statements:
                    connection.execute(sql)
                connection.commit()
            return
        for sql in statements:
            admin(sql, self.postgres.url)

    def token(self, email: str) -> str:
        return self.ok("accounts", "token", email, "--scope", "write").strip()

    def password(self, email: str) -> str:
        logins = (self.root / "demo-logins.txt").read_text()
        found = re.search(rf"^\s*{re.escape(email)}\s+(\S+)", logins, re.M)
        assert found, logins
        return found[1]


@pytest.fixture
def installation(tmp_path: Path) -> Iterator[Installation]:
    """A new installation on the suite's engine, migrated, with the demo network (12 members,
    the personas' accounts)."""
    postgres = None
    if SERVER_URL:
        postgres = PostgresDatabase(SERVER_URL, keep=False)
        postgres.create()
    site = Installation(root=tmp_path, postgres=postgres)
    site.env = {
        "RAVIV_DATABASE_URL": postgres.url if postgres else f"sqlite:///{site.sqlite_path}",
        "RAVIV_DATA_DIR": str(tmp_path),
        "RAVIV_ACCESS_LOG": "false",
    }
    try:
        site.ok("db", "upgrade")
        site.ok("demo", "--members", "12")
        yield site
    finally:
        if postgres is not None:
            postgres.drop()


def one_line_refusal(done: subprocess.CompletedProcess[str]) -> str:
    """A refusal: a non-zero exit, one line on stderr, no traceback; the line."""
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def backup_taken(site: Installation, out: Path) -> str:
    printed = site.ok("backup", "--out", str(out))
    assert out.is_file()
    assert (out.stat().st_mode & 0o777) == 0o600  # it holds every person's data
    return printed


# -- backup, wipe, restore ---------------------------------------------------------------------


def test_backup_wipe_restore_gives_the_same_network_export(installation: Installation) -> None:
    site = installation
    before = site.export()
    printed = site.ok("backup")  # the default place: <data dir>/backups/raviv-<engine>-<time>
    [made] = (site.root / "backups").iterdir()
    assert re.fullmatch(rf"raviv-{ENGINE}-\d{{8}}T\d{{6}}Z\.(db|dump)", made.name)
    assert str(made) in printed
    assert "taken at" in printed

    site.wipe()
    restored = site.ok("restore", str(made))
    assert "restored" in restored
    assert site.export() == before
    assert json.loads(site.ok("db", "status", "--json"))["pending"] == []
    if site.postgres is None:
        assert site.query("PRAGMA integrity_check") == [("ok",)]

    # A database freshly migrated holds no data: it is empty, and taken without --force.
    site.wipe()
    site.ok("db", "upgrade")
    site.ok("restore", str(made))
    assert site.export() == before


def test_a_backup_older_than_the_code_is_migrated_when_restored(
    installation: Installation,
) -> None:
    site = installation
    before = site.export()
    # The database as the version before the latest registry migration left it: without the
    # column that migration adds, and without its row.
    site.execute(
        "ALTER TABLE network DROP COLUMN checkin_max_people",
        "DELETE FROM migration WHERE app_name = 'registry' AND name = '2026-12-06T14:30:00:000000'",
    )
    older = site.root / "older.backup"
    backup_taken(site, older)
    site.wipe()
    restored = site.ok("restore", str(older))
    assert "applied the migration(s) the backup predates: registry:2026-12-06T14:30:00:000000" in (
        restored
    )
    assert json.loads(site.ok("db", "status", "--json"))["pending"] == []
    assert site.export() == before


def test_a_renamed_backup_still_knows_when_it_was_taken(installation: Installation) -> None:
    site = installation
    out = site.root / "nightly.bin"
    printed = backup_taken(site, out)
    taken = re.search(r"taken at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC", printed)
    assert taken
    renamed = site.root / "copie-du-lundi"
    out.rename(renamed)
    site.wipe()
    restored = site.ok("restore", str(renamed))
    assert f"(taken at {taken[1]} UTC)" in restored


# -- under a write load --------------------------------------------------------------------------


@dataclass
class Write:
    key: str
    sent: float  # time.monotonic() when the request left
    answered: float = 0.0
    ref: str = ""  # the entry's ref, when acknowledged (201)


async def log_contributions(
    base: str, token: str, givers: list[str], clients: int, stop: asyncio.Event
) -> list[Write]:
    """``clients`` clients logging contributions, one after the other each, until ``stop``."""
    writes: list[Write] = []
    today = network_today().isoformat()

    async def client(number: int, http: httpx.AsyncClient) -> None:
        sequence = 0
        while not stop.is_set():
            write = Write(key=f"bk{number}-{sequence}", sent=time.monotonic())
            sequence += 1
            writes.append(write)
            body = {
                "giver": {"member": givers[(number + sequence) % len(givers)]},
                "receiver": {"network": True},
                "form": "time",
                "quantity": "1",
                "date": today,
            }
            try:
                answer = await http.post(
                    "/api/networks/demo/contributions",
                    json=body,
                    headers={"Idempotency-Key": write.key},
                )
            except httpx.TransportError:
                continue
            write.answered = time.monotonic()
            if answer.status_code == 201:
                write.ref = answer.json()["ref"]

    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as http:
        await asyncio.gather(*(client(n, http) for n in range(clients)))
    return writes


async def backup_during_load(
    site: Installation, base: str, token: str, out: Path
) -> tuple[list[Write], float, float, subprocess.CompletedProcess[str]]:
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        members = await http.get(
            "/api/networks/demo/members?status=active&limit=500",
            headers={"Authorization": f"Bearer {token}"},
        )
    givers = [m["ref"] for m in members.json()["items"]]
    stop = asyncio.Event()
    load = asyncio.create_task(log_contributions(base, token, givers, 8, stop))
    await asyncio.sleep(1.5)
    began = time.monotonic()
    done = await asyncio.to_thread(site.raviv, "backup", "--out", str(out))
    ended = time.monotonic()
    await asyncio.sleep(1.0)
    stop.set()
    return await load, began, ended, done


def test_a_backup_taken_under_a_write_load_holds_every_earlier_write_and_restores_whole(
    installation: Installation,
) -> None:
    site = installation
    token = site.token("camille@demo.raviv.test")
    out = site.root / "under-load.backup"
    with serving(site.env) as base:
        writes, began, ended, done = asyncio.run(backup_during_load(site, base, token, out))
    assert done.returncode == 0, done.stderr

    acknowledged_before = {w.ref for w in writes if w.ref and w.answered < began}
    sent_after = {w.ref for w in writes if w.ref and w.sent > ended}
    during = [w for w in writes if began <= w.sent <= ended and w.ref]
    assert acknowledged_before  # the load ran before the backup,
    assert during  # while it ran,
    assert sent_after  # and after it

    if site.postgres is None:
        # The backup file itself is a sound database, and what it exports is what a restore
        # gives back.
        with closing(sqlite3.connect(f"file:{out}?mode=ro&immutable=1", uri=True)) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        scratch = site.root / "scratch"
        scratch.mkdir()
        shutil.copy(out, scratch / "copy.db")
        of_the_file = json.loads(
            site.ok(
                "export",
                "network",
                "demo",
                env={"RAVIV_DATABASE_URL": f"sqlite:///{scratch / 'copy.db'}"},
            )
        )

    site.wipe()
    site.ok("restore", str(out))
    restored = site.export()
    refs = {entry["ref"] for entry in restored["contributions"]}
    assert acknowledged_before <= refs
    assert not sent_after & refs
    if site.postgres is None:
        assert site.query("PRAGMA integrity_check") == [("ok",)]
        assert restored == of_the_file
    record(
        f"backup under load ({ENGINE}): {len([w for w in writes if w.ref])} writes acknowledged, "
        f"{len(during)} sent while `raviv backup` ran "
        f"({ended - began:.2f} s, its start-up included); "
        f"{len(acknowledged_before)} acknowledged before it, all restored; "
        f"{len(sent_after)} sent after it, none restored"
    )


# -- an empty database, or --force ---------------------------------------------------------------


def test_restore_refuses_a_database_holding_data_and_force_replaces_it(
    installation: Installation,
) -> None:
    site = installation
    before = site.export()
    out = site.root / "a.backup"
    backup_taken(site, out)
    site.ok("demo", "--ref", "autre", "--members", "3")  # data made after the backup

    refusal = one_line_refusal(site.raviv("restore", str(out)))
    assert "not empty" in refusal
    assert "--force" in refusal
    assert site.export("autre")["network"]["ref"] == "autre"  # untouched

    replaced = site.ok("restore", str(out), "--force")
    assert "replaced" in replaced
    assert site.export() == before
    gone = site.raviv("export", "network", "autre")
    assert gone.returncode != 0


def test_restore_refuses_while_the_service_runs(installation: Installation) -> None:
    site = installation
    out = site.root / "a.backup"
    backup_taken(site, out)
    before = site.export()
    with serving(site.env):
        refusal = one_line_refusal(site.raviv("restore", str(out), "--force"))
    assert "stop the service" in refusal
    assert site.export() == before


# -- bad files ----------------------------------------------------------------------------------


def pg_dump_of_another_database(site: Installation) -> Path:
    """A pg_dump archive, in the backup's format, of a database that is not raviv's."""
    from raviv.backup.postgres import tool

    assert site.postgres is not None
    other = PostgresDatabase(site.postgres.admin_url)
    other.create()
    try:
        admin("CREATE TABLE t (x int)", other.url)
        path = site.root / "other.dump"
        subprocess.run(  # noqa: S603 - PostgreSQL's own program
            [tool("pg_dump"), "--format=custom", f"--file={path}", other.url], check=True
        )
        return path
    finally:
        other.drop()


def test_a_bad_backup_file_is_one_line_and_leaves_the_database_untouched(
    installation: Installation,
) -> None:
    site = installation
    before = site.export()
    out = site.root / "good.backup"
    backup_taken(site, out)

    text = site.root / "notes.txt"
    text.write_text("ceci n'est pas une sauvegarde\n")
    sqlite_file = site.root / "plain.db"
    with closing(sqlite3.connect(sqlite_file)) as connection:
        connection.execute("CREATE TABLE t (x)")
    plain = sqlite_file if site.postgres is None else pg_dump_of_another_database(site)
    damaged = site.root / "damaged.backup"
    data = out.read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    other_engine = site.root / "other-engine.backup"
    if site.postgres is None:
        other_engine.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 200)
    else:
        shutil.copy(sqlite_file, other_engine)

    cases = {
        "missing": (site.root / "nothing-here.db", "no such file"),
        "a folder": (site.root, "folder"),
        "not a backup": (text, "not a raviv backup"),
        "a database, not a backup": (plain, "not a raviv backup"),
        "the other engine": (other_engine, "configured database"),
    }
    for name, (path, says) in cases.items():
        refusal = one_line_refusal(site.raviv("restore", str(path), "--force"))
        assert says in refusal, (name, refusal)
    # A damaged file: refused when it is read, or when pg_restore meets the missing part (in one
    # transaction, so that nothing of it stays).
    one_line_refusal(site.raviv("restore", str(damaged), "--force"))
    assert site.export() == before
    if site.postgres is None:
        assert site.query("PRAGMA integrity_check") == [("ok",)]


def test_a_backup_never_replaces_a_file(installation: Installation) -> None:
    site = installation
    out = site.root / "taken.backup"
    out.write_text("something else")
    refusal = one_line_refusal(site.raviv("backup", "--out", str(out)))
    assert "exists already" in refusal
    assert out.read_text() == "something else"


# -- erasures after the backup ------------------------------------------------------------------


def api_client(site: Installation, base: str, email: str) -> httpx.Client:
    return httpx.Client(
        base_url=f"{base}/api",
        headers={"Authorization": f"Bearer {site.token(email)}"},
        timeout=10,
    )


def erase_through_the_api(
    site: Installation, base: str, person: str, member: str, newcomer: dict[str, str]
) -> None:
    """A coordinator erases ``person``, a site administrator Mallory's account, Sophie her own;
    a person added to ``member`` (``newcomer``) is erased too."""
    camille = api_client(site, base, "camille@demo.raviv.test")
    administrator = api_client(site, base, "admin@demo.raviv.test")
    assert camille.post(f"/networks/demo/people/{person}/erase").is_success
    by_admin = administrator.post("/accounts/erase", json={"email": "mallory@demo.raviv.test"})
    assert by_admin.status_code == 200, by_admin.text
    sophie = {
        "email": "sophie@demo.raviv.test",
        "password": site.password("sophie@demo.raviv.test"),
    }
    signed = httpx.post(f"{base}/api/auth/login", json={**sophie, "mode": "token"}, timeout=10)
    own = httpx.post(
        f"{base}/api/me/erase",
        json={"password": sophie["password"]},
        headers={"Authorization": f"Bearer {signed.json()['token']}"},
        timeout=10,
    )
    assert own.status_code == 200, own.text
    added = camille.post(f"/networks/demo/members/{member}/people", json=newcomer)
    assert added.status_code == 201, added.text
    assert camille.post(f"/networks/demo/people/{newcomer['ref']}/erase").is_success


def test_erasures_made_after_a_backup_are_made_again_by_restore(
    installation: Installation,
) -> None:
    site = installation
    demo = site.export()
    people = {p["ref"]: p for m in demo["members"] for p in m.get("people", [])}
    long_ago = (network_today() - timedelta(days=60)).isoformat()
    # A member of long standing, with contacts: it leaves, and its people fall due for erasure.
    leaving = next(
        m
        for m in demo["members"]
        if m.get("people")
        and m["memberships"][-1]["to"] is None
        and m["memberships"][-1]["from"] < long_ago
    )
    retained = [p["ref"] for p in leaving["people"]]
    erased = next(ref for ref in people if ref not in retained)
    some_member = next(m["ref"] for m in demo["members"] if m["ref"] != leaving["ref"])
    newcomer = {"ref": "nouvelle-venue", "first_name": "Zoé", "last_name": "Nouvelle"}
    out = site.root / "before-erasures.backup"
    with serving(site.env) as base:
        camille = api_client(site, base, "camille@demo.raviv.test")
        left = camille.post(
            f"/networks/demo/members/{leaving['ref']}/memberships/leave",
            json={"on": (network_today() - timedelta(days=40)).isoformat()},
        )
        assert left.status_code in (200, 201), left.text
        backup_taken(site, out)
        erase_through_the_api(site, base, erased, some_member, newcomer)
    # ...and the retention sweep erases the people of the member that left.
    swept = site.ok(
        "people", "retention", "--network", "demo", "--erase", env={"RAVIV_RETENTION_DAYS": "30"}
    )
    assert sorted(re.findall(r"^(\S+) \(.*\): erased$", swept, re.M)) == sorted(retained)

    # The journal: a line per erasure, naming no one.
    made_after = 1 + 2 + len(retained)  # people, accounts, people swept (and the newcomer)
    journal = site.journal.read_text()
    assert len(journal.splitlines()) == made_after + 1
    for ref in [erased, *retained]:
        person = people[ref]
        for identity in (ref, person["first_name"], person["last_name"], person.get("email")):
            assert not identity or identity.lower() not in journal.lower(), identity
    for identity in ("nouvelle-venue", "Zoé", "Nouvelle", "mallory", "sophie"):
        assert identity.lower() not in journal.lower(), identity

    site.wipe()
    restored = site.ok("restore", str(out))
    assert re.search(
        rf"^re-applied {made_after} erasures made after the backup "
        r"\(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)$",
        restored,
        re.M,
    ), restored
    assert "skipped 1 erasure of people or accounts the backup does not hold" in restored

    after = site.export()
    text = json.dumps(after, ensure_ascii=False)
    after_people = {p["ref"] for m in after["members"] for p in m.get("people", [])}
    for ref in [erased, *retained]:
        assert ref not in after_people
        assert people[ref]["last_name"] not in text
    erased_accounts = site.query("SELECT email FROM account WHERE erased_at IS NOT NULL")
    assert len(erased_accounts) == 2
    assert all(email.startswith("efface-") for (email,) in erased_accounts)
    by_restore = site.query(
        "SELECT action, count(*) FROM audit_entry WHERE actor = 'restore' GROUP BY action"
    )
    assert dict(by_restore) == {
        "person.erase": 1 + len(retained),
        "account.erase": 2,
        "database.restore": 1,
    }

    # The same backup restored again: the same erasures are made again, harmlessly.
    again = site.ok("restore", str(out), "--force")
    assert f"re-applied {made_after} erasures" in again
    assert site.export() == after
