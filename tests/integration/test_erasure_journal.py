"""The erasure journal as the erasures write it: a line once the erasure committed, none for
one rolled back, none naming anyone; and what commits run afterwards (raviv.db.after_commit).

On the suite's engine, with real commits (``committed_db``): the journal is the run's own
(``$RAVIV_DATA_DIR/erasures.jsonl``), so each test reads the lines it added.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from raviv import erasure_journal
from raviv.access import gdpr, service
from raviv.backup import replay
from raviv.db import after_commit, get_engine, transaction
from raviv.erasure_journal import Entry
from raviv.errors import NotFoundError
from raviv.guard.principal import Principal
from raviv.guard.roles import CredentialKind, TokenScope
from raviv.registry import service as registry
from raviv.registry.schemas import MemberCreate, NetworkCreate, PersonCreate
from raviv.registry.tables import Person
from tests.factories import CAMILLE_NETWORK, KARIM_MEMBER

NET = CAMILLE_NETWORK["ref"]
KARIM = {
    "ref": "karim-benali",
    "first_name": "Karim",
    "last_name": "Benali",
    "email": "karim@alize.example",
    "phone": "06 12 34 56 78",
}


# -- after_commit --------------------------------------------------------------------------------


@pytest.mark.usefixtures("database")
async def test_what_follows_a_commit_runs_after_it_and_never_after_a_rollback() -> None:
    ran: list[str] = []
    after_commit(lambda: ran.append("outside"))  # no transaction: at once
    assert ran == ["outside"]

    async with transaction():
        after_commit(lambda: ran.append("outer"))
        async with transaction():  # a savepoint that succeeds: its callback waits for the COMMIT
            after_commit(lambda: ran.append("inner kept"))
        with pytest.raises(RuntimeError):
            async with transaction():  # a savepoint rolled back: its callback goes with it
                after_commit(lambda: ran.append("inner undone"))
                raise RuntimeError
        assert ran == ["outside"]
    assert ran == ["outside", "outer", "inner kept"]

    with pytest.raises(RuntimeError):
        async with transaction():
            after_commit(lambda: ran.append("rolled back"))
            raise RuntimeError
    async with get_engine().transaction():  # not begun by transaction(): nobody knows its end
        after_commit(lambda: ran.append("foreign"))
    assert ran == ["outside", "outer", "inner kept"]


# -- the erasures' lines ----------------------------------------------------------------------


class Lines:
    """The lines the run's journal gained since this was made."""

    def __init__(self) -> None:
        self.path = erasure_journal.journal_path()
        self.start = self.path.stat().st_size if self.path.exists() else 0

    def text(self) -> str:
        if not self.path.exists():
            return ""
        with self.path.open("rb") as file:
            file.seek(self.start)
            return file.read().decode()

    def entries(self) -> list[Entry]:
        return [Entry.parse(line) for line in self.text().splitlines() if line.strip()]


@pytest.fixture
async def karim(committed_db: None) -> int:
    """Camille's network, alize, and Karim's contact record in it: its id."""
    await registry.create_network(NetworkCreate(**CAMILLE_NETWORK))  # type: ignore[arg-type]
    await registry.create_member(NET, MemberCreate(**KARIM_MEMBER))  # type: ignore[arg-type]
    await registry.create_person(NET, "alize", PersonCreate(**KARIM))  # type: ignore[arg-type]
    row = await Person.select(Person.id).where(Person.ref == KARIM["ref"]).first()
    assert row is not None
    return int(row["id"])


async def test_a_person_erased_is_one_line_naming_no_one(karim: int) -> None:
    lines = Lines()
    await gdpr.erase_person(NET, KARIM["ref"])
    [entry] = lines.entries()
    assert (entry.kind, entry.id, entry.ref, entry.network) == (
        "person",
        karim,
        f"efface-{karim}",
        NET,
    )
    for identity in (*KARIM.values(), "karim", "benali"):
        assert identity.lower() not in lines.text().lower()

    # Erasing again (its new ref) is harmless: the record stays erased, one more line.
    await gdpr.erase_person(NET, f"efface-{karim}")
    assert [e.key for e in lines.entries()] == [entry.key, entry.key]


async def test_an_erasure_rolled_back_writes_no_line(karim: int) -> None:
    lines = Lines()
    with pytest.raises(RuntimeError):
        async with transaction():
            await gdpr.erase_person(NET, KARIM["ref"])
            raise RuntimeError  # what the erasure was part of fails: the erasure is undone
    with pytest.raises(NotFoundError):
        await gdpr.erase_person(NET, "nobody")
    assert lines.text() == ""
    row = await Person.select(Person.first_name).where(Person.id == karim).first()
    assert row == {"first_name": "Karim"}


async def test_accounts_erased_by_themselves_or_an_administrator_are_lines_naming_no_one(
    committed_db: None,
) -> None:
    lines = Lines()
    mallory = await service.create_account("mallory@basalte.example", display_name="Mallory Roux")
    karim = await service.create_account(
        "karim@alize.example", display_name="Karim Benali", password="les heures données"
    )
    await gdpr.erase_account("mallory@basalte.example")
    himself = Principal(
        account_id=karim,
        email="karim@alize.example",
        display_name="Karim Benali",
        site_admin=False,
        credential_id=0,
        via=CredentialKind.session,
        scope=TokenScope.write,
    )
    await gdpr.erase_own_account(himself, "les heures données")
    assert [(e.kind, e.id, e.ref) for e in lines.entries()] == [
        ("account", mallory, f"efface-{mallory}"),
        ("account", karim, f"efface-{karim}"),
    ]
    for identity in ("mallory", "roux", "karim", "benali", "basalte", "alize"):
        assert identity not in lines.text().lower()


async def test_a_backup_adds_the_erasures_the_journal_lacks(karim: int, tmp_path: Path) -> None:
    lines = Lines()
    await gdpr.erase_person(NET, KARIM["ref"])
    elsewhere = tmp_path / "erasures.jsonl"  # a journal that lost the line (a crash)
    assert await replay.note_missing_erasures(elsewhere) == 1
    [entry] = erasure_journal.read(elsewhere).entries
    [written] = lines.entries()
    assert entry.key == written.key
    assert entry.at <= written.at  # the time the record was erased, before its line
    assert await replay.note_missing_erasures(elsewhere) == 0  # nothing lacks now
