"""The erasure journal: every erasure of personal data, one JSON line each, outside the database.

A backup holds the people and accounts as they were when it was taken; restoring it would bring
back the identities erased since. So every erasure also appends a line to a file beside the
database (``$RAVIV_DATA_DIR/erasures.jsonl``, or ``RAVIV_ERASURE_JOURNAL``), and ``raviv
restore`` erases again what the lines newer than the backup name (:mod:`raviv.backup`).

A line names no one. It holds what tells the record apart, never what it held::

    {"at": "2026-12-05T10:00:00.123456Z", "kind": "person", "id": 42, "ref": "efface-42",
     "network": "demo", "created": "2026-11-02T08:12:31.000412+00:00"}
    {"at": "2026-12-05T10:03:10.000001Z", "kind": "account", "id": 7, "ref": "efface-7",
     "created": "2026-11-02T08:12:31.000412+00:00"}

``ref`` is the record's ref *after* the erasure (a person's former ref is often made of their
name, so it is never written); ``id`` and ``created`` (when the record was created) tell it from
another record that later got the same id (a restored database hands out ids again).

The line is appended after the erasure's transaction committed (:func:`raviv.db.after_commit`)
and synced to disk before the erasure's caller is answered: a line never names an erasure that
did not happen. A crash between the COMMIT and the line loses the line (the erasure itself
stands); ``raviv backup`` adds the line of every erased record of the database the journal
lacks (:func:`missing`), with the time the record was erased, before each backup, and so does
``raviv restore --force`` from the database it replaces. A line that cannot be written (a full
disk) is logged as an error, not raised: the erasure is done and the caller must hear so.
Erasing twice is harmless: a restore skips a record already erased.

Appends are single ``write`` calls on a file opened with ``O_APPEND``, so lines of concurrent
processes (several workers) never interleave. A line cut short by a crash is skipped on
reading and counted.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import structlog

from raviv.db import after_commit
from raviv.settings import get_settings

__all__ = [
    "Entry",
    "Journal",
    "append",
    "journal_path",
    "missing",
    "read",
    "record_account_erased",
    "record_person_erased",
    "utc_text",
]

_log = structlog.get_logger(__name__)

Kind = Literal["person", "account"]


def utc_text(value: datetime | str) -> str:
    """A timestamp from the database (a datetime, or SQLite's text) as ISO 8601 in UTC, so the
    same instant is written the same way whichever engine or driver read it."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:  # stored in UTC without its offset
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


@dataclass(frozen=True, slots=True)
class Entry:
    """One erasure: which record (kind, id, created), its ref after it, when."""

    at: datetime  # UTC
    kind: Kind
    id: int
    ref: str  # the record's ref after the erasure (efface-<id>): names no one
    created: str  # when the record was created (utc_text): tells it from a later one of its id
    network: str | None = None  # the network's ref, for a person

    @property
    def key(self) -> tuple[str, int, str]:
        """The erased record, whatever the line's time."""
        return (self.kind, self.id, self.created)

    def line(self) -> str:
        data: dict[str, Any] = {
            "at": self.at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "kind": self.kind,
            "id": self.id,
            "ref": self.ref,
        }
        if self.network is not None:
            data["network"] = self.network
        data["created"] = self.created
        return json.dumps(data, ensure_ascii=False, separators=(", ", ": ")) + "\n"

    @classmethod
    def parse(cls, text: str) -> Entry:
        """One line back (ValueError, KeyError or TypeError if it is not one)."""
        data = json.loads(text)
        kind = data["kind"]
        if kind not in ("person", "account"):
            raise ValueError(f"unknown kind {kind!r}")
        at = datetime.fromisoformat(data["at"].replace("Z", "+00:00"))
        if at.tzinfo is None:
            raise ValueError("a time without its offset")
        network = data.get("network")
        if kind == "person" and not isinstance(network, str):
            raise ValueError("a person's line names its network")
        return cls(
            at=at.astimezone(UTC),
            kind=kind,
            id=int(data["id"]),
            ref=str(data["ref"]),
            created=utc_text(str(data["created"])),
            network=network,
        )


def journal_path() -> Path:
    """Where this installation's journal is (RAVIV_ERASURE_JOURNAL)."""
    return get_settings().erasure_journal


def append(entries: Iterable[Entry], path: Path | None = None) -> None:
    """Append lines and sync them to disk (OSError if that fails). The file and its folder are
    made when missing, readable by their owner only."""
    data = "".join(entry.line() for entry in entries).encode()
    if not data:
        return
    target = path or journal_path()
    new = not target.exists()
    if new:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(target, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        size = os.fstat(descriptor).st_size
        if size and os.pread(descriptor, 1, size - 1) != b"\n":
            data = b"\n" + data  # after a line a crash cut short: that one stays alone
        rest = memoryview(data)
        while rest:  # one write, but for a disk filling up part way (then an OSError)
            rest = rest[os.write(descriptor, rest) :]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if new:  # the file's name in its folder must reach the disk too
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _append_or_log(entry: Entry) -> None:
    try:
        append([entry])
    except OSError as exc:
        # The erasure is committed: its caller is told it is done. The next `raviv backup`
        # writes the missing line from the database (missing()).
        _log.error(
            "erasure_journal.unwritten",
            path=str(journal_path()),
            kind=entry.kind,
            ref=entry.ref,
            error=str(exc),
        )


def record_person_erased(network: str, person_id: int, created: datetime | str) -> None:
    """Journal a person's erasure once the current transaction has committed."""
    created_text = utc_text(created)

    def write() -> None:
        _append_or_log(
            Entry(
                at=datetime.now(UTC),
                kind="person",
                id=person_id,
                ref=f"efface-{person_id}",
                created=created_text,
                network=network,
            )
        )

    after_commit(write)


def record_account_erased(account_id: int, created: datetime | str) -> None:
    """Journal an account's erasure once the current transaction has committed."""
    created_text = utc_text(created)

    def write() -> None:
        _append_or_log(
            Entry(
                at=datetime.now(UTC),
                kind="account",
                id=account_id,
                ref=f"efface-{account_id}",
                created=created_text,
            )
        )

    after_commit(write)


@dataclass(frozen=True, slots=True)
class Journal:
    """A journal as read: its entries in file order, and the lines that were not entries."""

    entries: list[Entry]
    unreadable: int = 0


def read(path: Path | None = None) -> Journal:
    """Every entry of the journal (none if there is no file yet)."""
    target = path or journal_path()
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return Journal([])
    entries, unreadable = [], 0
    for line in raw.decode("utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            entries.append(Entry.parse(line))
        except (ValueError, KeyError, TypeError):
            unreadable += 1  # a line cut short by a crash, or not ours
    return Journal(entries, unreadable)


def missing(erased: Iterable[Entry], journal: Journal) -> list[Entry]:
    """The erasures of a database (``erased``: one entry per erased record, at the time it was
    erased) that the journal does not hold."""
    known = {entry.key for entry in journal.entries}
    return [entry for entry in erased if entry.key not in known]
