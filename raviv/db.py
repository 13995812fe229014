"""Database engines, the one transaction helper, and migrations.

SQLite is the embedded default. Piccolo's stock SQLite engine opens a new connection (and thread)
for every query outside a transaction; a service cannot afford that, so :class:`ServiceSQLiteEngine`
keeps a small set of long-lived connections instead:

- one *writer* connection, guarded by an asyncio lock, for every write and every explicit
  transaction (``BEGIN IMMEDIATE`` by default, so a transaction that reads before it writes never
  fails with SQLITE_BUSY);
- a few *reader* connections for reads outside transactions (WAL lets them run beside the writer).

Each connection gets its pragmas once: WAL, ``synchronous=NORMAL``, foreign keys, busy timeout
(the timeout still matters when several processes share the file: CLI beside server, workers).

Writes outside any transaction (each atomic by itself) are *group-committed*: those that arrive
while the writer is busy are run together in one transaction, each under its own savepoint, and
all answered after the one COMMIT (see ``ServiceSQLiteEngine._group_commit``). A batch of the
short statements :func:`execute` and :func:`execute_together` run runs in the event loop itself
when the database's write lock is free at once (a thread hand-off and the GIL traffic it brings
cost more than the batch); the ORM's writes (of any size), or any batch when another process
holds the lock, run in the writer's thread, which may wait without blocking the loop.

PostgreSQL uses Piccolo's asyncpg pool, opened in the app's lifespan.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
import weakref
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import aiosqlite
import asyncpg
import structlog
from piccolo.columns.combination import WhereRaw
from piccolo.custom_types import Combinable
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import (
    SQLiteEngine,
    SQLiteTransaction,
    TransactionType,
    dict_factory,
)
from piccolo.table import Table

from raviv.errors import ConflictError, FieldProblem
from raviv.settings import DatabaseSettings

__all__ = [
    "PoolUse",
    "Rows",
    "ServiceSQLiteEngine",
    "after_commit",
    "array_contains",
    "build_engine",
    "close_engine",
    "duplicate_is_conflict",
    "execute",
    "execute_together",
    "get_engine",
    "insert_in_chunks",
    "is_unique_violation",
    "open_engine",
    "pool_use",
    "statement",
    "text_matches",
    "transaction",
]


_log = structlog.get_logger(__name__)

#: At most one checkpoint of the WAL every half second (:meth:`ServiceSQLiteEngine.wrote`): under
#: load each copies what half a second of writes appended (a few MB), while writes wait.
CHECKPOINT_EVERY_S = 0.5

Unit = list[tuple[str, Sequence[Any]]]  # statements applied together, or not at all
Rows = list[dict[str, Any]]


def _begun_without_waiting(connection: sqlite3.Connection, busy_timeout_ms: int) -> bool:
    """``BEGIN IMMEDIATE`` if the write lock is free now; False, having done nothing, if another
    connection (another process) holds it. The busy timeout is back to its value either way."""
    connection.execute("PRAGMA busy_timeout = 0")
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY:
            return False
        raise
    finally:
        connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return True


def _run_batch(
    connection: sqlite3.Connection, batch: list[Unit], *, begun: bool = False
) -> list[list[Rows] | Exception]:
    """Every unit under its own savepoint, one COMMIT for all (``begun``: the transaction is
    open already)."""
    outcomes: list[list[Rows] | Exception] = []
    if not begun:
        connection.execute("BEGIN IMMEDIATE")
    try:
        for unit in batch:
            connection.execute("SAVEPOINT raviv_statement")
            try:
                outcomes.append([connection.execute(q, a).fetchall() for q, a in unit])
            except Exception as exc:  # this unit's own failure, given to its caller alone
                connection.execute("ROLLBACK TO raviv_statement")
                outcomes.append(exc)
            connection.execute("RELEASE raviv_statement")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return outcomes


def _answer(futures: Sequence[asyncio.Future[Any]], outcomes: Sequence[Any | Exception]) -> None:
    """Give each waiting caller of a batch its own outcome: its rows, or its error."""
    for future, outcome in zip(futures, outcomes, strict=True):
        if future.done():  # its caller gave up; the write stands, like any other
            continue
        if isinstance(outcome, Exception):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)


class _PooledTransaction(SQLiteTransaction):
    """A Piccolo SQLite transaction that borrows a pooled connection and gives it back."""

    engine: ServiceSQLiteEngine

    @property
    def _writes(self) -> bool:
        return self.transaction_type != TransactionType.deferred

    async def get_connection(self) -> aiosqlite.Connection:
        return await self.engine.acquire(write=self._writes)

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        self.connection = await self.get_connection()
        try:
            await self.begin()  # type: ignore[no-untyped-call]
        except BaseException:
            await self.engine.release(self.connection, write=self._writes)
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()  # type: ignore[no-untyped-call]
            elif not self._committed and not self._rolled_back:
                await self.commit()  # type: ignore[no-untyped-call]
        finally:
            await self.engine.release(self.connection, write=self._writes)
            self.engine.current_transaction.reset(self.context)
        if self._writes:
            self.engine.wrote()
        return exception is None


@dataclass(frozen=True, slots=True)
class PoolUse:
    """The connections of one kind this process holds (:func:`pool_use`)."""

    role: str  # "pool" (PostgreSQL's asyncpg pool), "reader" or "writer" (SQLite)
    open: int
    idle: int
    most: int  # the most it opens


class ServiceSQLiteEngine(SQLiteEngine):
    """SQLite with long-lived connections: one serialised writer and a few readers."""

    def __init__(
        self,
        path: str,
        *,
        readers: int = 4,
        busy_timeout_ms: int = 5000,
        synchronous: str = "NORMAL",
        **kwargs: Any,
    ) -> None:
        super().__init__(path=path, **kwargs)
        self.reader_count = readers
        self.pragmas = (
            "PRAGMA journal_mode = WAL",
            f"PRAGMA synchronous = {synchronous}",
            "PRAGMA foreign_keys = ON",
            f"PRAGMA busy_timeout = {int(busy_timeout_ms)}",
        )
        self.busy_timeout_ms = int(busy_timeout_ms)
        self._writer: aiosqlite.Connection | None = None
        self._write_lock: asyncio.Lock | None = None
        self._readers: asyncio.Queue[aiosqlite.Connection] | None = None
        self._all_readers: list[aiosqlite.Connection] = []
        self._start_lock: asyncio.Lock | None = None
        self._pending: list[tuple[Unit, asyncio.Future[list[Rows]], bool]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._checkpointing: asyncio.Task[None] | None = None
        self._last_checkpoint = 0.0
        self.checkpoints = 0  # WAL checkpoints done by this engine (see wrote())

    # -- connections ----------------------------------------------------------------------

    async def connect(self, *, from_loop: bool = False) -> aiosqlite.Connection:
        """A new connection with the service's pragmas (the caller closes it). ``from_loop``:
        the event loop's thread may use it too (the writer's, under the write lock)."""
        kwargs = self.connection_kwargs
        if from_loop:
            kwargs = {**kwargs, "check_same_thread": False}
        connection = await aiosqlite.connect(**kwargs)
        connection.row_factory = dict_factory  # type: ignore[assignment]
        for pragma in self.pragmas:
            await connection.execute(pragma)
        return connection

    async def get_connection(self) -> aiosqlite.Connection:
        # Used by Piccolo for batches: a private connection, closed by its user.
        return await self.connect()

    @property
    def started(self) -> bool:
        return self._writer is not None

    async def start(self) -> None:
        if self._start_lock is None:
            self._start_lock = asyncio.Lock()
        async with self._start_lock:
            if self._writer is not None:
                return
            writer = await self.connect(from_loop=True)
            # The writer's automatic checkpoints would run in the event loop (at the COMMIT of
            # an in-loop batch): wrote() has them done in the writer's thread instead.
            await writer.execute_fetchall("PRAGMA wal_autocheckpoint = 0")
            readers = [await self.connect() for _ in range(self.reader_count)]
            queue: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
            for reader in readers:
                queue.put_nowait(reader)
            self._write_lock = asyncio.Lock()
            self._readers = queue
            self._all_readers = readers
            self._writer = writer

    async def close(self) -> None:
        if self._flusher is not None:
            await self._flusher
            self._flusher = None
        if self._checkpointing is not None:
            await self._checkpointing
            self._checkpointing = None
        writer, readers = self._writer, self._all_readers
        self._writer, self._readers, self._all_readers = None, None, []
        self._write_lock = None
        if writer is not None:
            await writer.close()
        for reader in readers:
            await reader.close()

    # -- checkpoints ----------------------------------------------------------------------------
    #
    # In WAL mode a commit appends pages to the -wal file; a checkpoint copies them back into the
    # database file (and syncs it), so that the WAL can start over. SQLite does it by itself at
    # the COMMIT that takes the WAL past 1,000 pages, in the committing connection: for the writer
    # that is the event loop, stalled for the copy and the fsync (the contribution bench's p99
    # doubled). So the writer's automatic checkpoints are off, and after its commits, at most
    # once every CHECKPOINT_EVERY_S, the writer checkpoints in its own thread, holding the write
    # lock: writes wait for it (half a second's pages to copy), the loop does not, and
    # with no write appended meanwhile the checkpoint completes, so the next write starts the
    # WAL over. (A checkpoint beside the writes, by a reader, never completes under sustained
    # load: the WAL grew by 600 MB in 20 s of the bench.)

    def wrote(self) -> None:
        """The writer committed: checkpoint the WAL in its thread, unless that was done less
        than :data:`CHECKPOINT_EVERY_S` ago or is under way."""
        if self._checkpointing is not None and not self._checkpointing.done():
            return
        now = time.monotonic()
        if now - self._last_checkpoint < CHECKPOINT_EVERY_S:
            return
        self._last_checkpoint = now
        self._checkpointing = asyncio.get_running_loop().create_task(self._checkpoint())

    async def _checkpoint(self) -> None:
        if self._writer is None:
            return
        connection = await self.acquire(write=True)
        try:
            await connection.execute_fetchall("PRAGMA wal_checkpoint(PASSIVE)")
            self.checkpoints += 1
        except Exception:  # the next commit tries again; the WAL keeps every page meanwhile
            _log.warning("sqlite.checkpoint_failed", exc_info=True)
        finally:
            await self.release(connection, write=True)

    async def acquire(self, *, write: bool) -> aiosqlite.Connection:
        if self._writer is None:
            await self.start()
        assert self._write_lock is not None
        assert self._readers is not None
        if write:
            await self._write_lock.acquire()
            assert self._writer is not None
            return self._writer
        return await self._readers.get()

    async def release(self, connection: aiosqlite.Connection, *, write: bool) -> None:
        if write:
            if self._write_lock is not None and self._write_lock.locked():
                self._write_lock.release()
        elif self._readers is not None:
            self._readers.put_nowait(connection)

    def use(self) -> list[PoolUse]:
        """The readers and the writer: open, idle (the writer: not holding the write lock)."""
        readers = self._readers.qsize() if self._readers is not None else 0
        writer = 1 if self._writer is not None else 0
        busy = self._write_lock is not None and self._write_lock.locked()
        return [
            PoolUse("reader", len(self._all_readers), readers, self.reader_count),
            PoolUse("writer", writer, 0 if busy else writer, 1),
        ]

    # -- Piccolo's hooks ----------------------------------------------------------------------

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        if query_type != "select" and not query.lstrip().upper().startswith("PRAGMA"):
            return (await self._group_commit([(query, list(args or []))], short=False))[0]
        connection = await self.acquire(write=False)
        try:
            # One hand-off to the connection's thread (execute, fetch and close in one go).
            return list(await connection.execute_fetchall(query, args or []))
        finally:
            await self.release(connection, write=False)

    # -- group commit ---------------------------------------------------------------------------
    #
    # A write outside any transaction is atomic by itself, so concurrent ones can share one
    # transaction: each runs under its own savepoint (a failing statement is undone alone and
    # its caller gets its error), and all are committed together. Every caller is answered
    # after the COMMIT that made its write durable. Under load this turns N commits into one.
    #
    # A batch of ``short`` units (the hand-written statements of db.execute: a row or a few,
    # found by index) runs right here, in the event loop, when the write lock can be taken
    # without waiting: tens of microseconds per unit, cheaper than handing them to the writer's
    # thread and contending with it for the GIL (docs/benchmarks.md). The ORM's writes, whose
    # size nobody here knows, and any batch while another process holds the lock (a CLI import,
    # a second worker) go to the writer's thread, which waits without blocking the loop.

    async def _group_commit(self, unit: Unit, *, short: bool) -> list[Rows]:
        future: asyncio.Future[list[Rows]] = asyncio.get_running_loop().create_future()
        self._pending.append((unit, future, short))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.get_running_loop().create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        while self._pending:
            connection = await self.acquire(write=True)
            # One turn of the loop first: the requests it has already received reach their
            # writes and join this batch, so the batch's BEGIN and COMMIT are shared by more.
            await asyncio.sleep(0)
            batch, self._pending = self._pending, []
            units = [unit for unit, _, _ in batch]
            in_loop = all(short for _, _, short in batch)
            try:
                native: sqlite3.Connection = connection._conn
                if in_loop and _begun_without_waiting(native, self.busy_timeout_ms):
                    outcomes = _run_batch(native, units, begun=True)  # here, in the event loop
                else:  # in the writer's thread, which may wait for the lock
                    outcomes = await connection._execute(  # type: ignore[no-untyped-call]
                        _run_batch, native, units
                    )
            except Exception as exc:  # the COMMIT itself failed: nobody's write happened
                outcomes = [exc] * len(batch)
            finally:
                await self.release(connection, write=True)
            self.wrote()
            _answer([future for _, future, _ in batch], outcomes)

    async def _run_in_existing_connection(
        self,
        connection: aiosqlite.Connection,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        # Piccolo's version re-sends PRAGMA foreign_keys before every statement; ours are set once.
        return list(await connection.execute_fetchall(query, args or []))

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.immediate,
        allow_nested: bool = True,
    ) -> SQLiteTransaction:
        return _PooledTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )


@lru_cache(maxsize=64)
def native_sql(template: str, engine_type: str) -> str:
    """``{}`` placeholders turned into the driver's own: ``?`` (sqlite3) or ``$1…`` (asyncpg)."""
    if engine_type == "sqlite":
        return template.replace("{}", "?")
    parts = template.split("{}")
    return "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], start=1)) + parts[-1]


async def execute(template: str, *args: Any) -> Rows:
    """Run one statement written with ``{}`` placeholders, without an ORM query being built.

    For hot paths only (the statement is compiled once per engine and cached), and for short
    statements: outside a transaction, SQLite may run it in the event loop. It runs in the
    current transaction if there is one; otherwise it is atomic by itself (and group-committed
    on SQLite). Values are bound by the driver: never format them into the template.
    """
    return (await execute_together([(template, args)]))[0]


async def execute_together(statements: Sequence[tuple[str, Sequence[Any]]]) -> list[Rows]:
    """Run several ``{}``-templated statements atomically: all apply, or none.

    Outside a transaction this is one group-committed unit on SQLite (so a write and its audit
    line cost one hand-off to the writer, shared with concurrent writes) and one short
    transaction on PostgreSQL. Inside a transaction they simply run in it. Returns each
    statement's rows.
    """
    engine = get_engine()
    unit: Unit = [(native_sql(t, engine.engine_type), list(a)) for t, a in statements]
    current = engine.current_transaction.get()
    if isinstance(engine, ServiceSQLiteEngine):
        if current is not None:
            return [list(await current.connection.execute_fetchall(q, a)) for q, a in unit]
        return await engine._group_commit(unit, short=True)
    if current is not None:
        return [[dict(r) for r in await current.connection.fetch(q, *a)] for q, a in unit]
    assert isinstance(engine, PostgresEngine)
    if engine.pool is None:
        await open_engine()
    assert engine.pool is not None
    async with engine.pool.acquire() as connection:
        if len(unit) == 1:
            return [[dict(r) for r in await connection.fetch(unit[0][0], *unit[0][1])]]
        async with connection.transaction():
            return [[dict(r) for r in await connection.fetch(q, *a)] for q, a in unit]


async def execute_gathered(template: str, *args: Any) -> Rows:
    """Run one statement, atomic by itself, sharing its round trip and its commit with concurrent
    callers of the same statement: PostgreSQL's counterpart of SQLite's group commit.

    The template's last ``{}`` is the caller's *slot*, bound here; the statement must return it
    as a column named ``slot`` in each of its rows, so that each caller gets its own rows back
    (without it). Concurrent callers of one statement are sent together (asyncpg's
    ``fetchmany``: one pipelined round trip, one implicit transaction, one commit). If that batch
    fails, nothing of it was written, and each of its statements is run again on its own, so that
    only the faulty one fails, for its own caller. Inside a transaction, or on SQLite, it is
    :func:`execute` (with slot 0).
    """
    engine = get_engine()
    if not isinstance(engine, PostgresEngine) or engine.current_transaction.get() is not None:
        return [_without_slot(row) for row in await execute(template, *args, 0)]
    gathering = _gathering(engine)
    future: asyncio.Future[Rows] = asyncio.get_running_loop().create_future()
    sql = native_sql(template, engine.engine_type)
    gathering.pending.setdefault(sql, []).append((list(args), future))
    flusher = gathering.flushers.get(sql)
    if flusher is None or flusher.done():
        task = asyncio.get_running_loop().create_task(_flush_gathered(engine, gathering, sql))
        gathering.flushers[sql] = task
    return await future


def _without_slot(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "slot"}


@dataclass
class _Gathering:
    """Statements waiting to be sent together, by SQL text, and the task sending each text's."""

    pending: dict[str, list[tuple[list[Any], asyncio.Future[Rows]]]] = field(default_factory=dict)
    flushers: dict[str, asyncio.Task[None]] = field(default_factory=dict)


_GATHERINGS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Gathering] = (
    weakref.WeakKeyDictionary()
)


def _gathering(engine: PostgresEngine) -> _Gathering:
    loop = asyncio.get_running_loop()  # futures and tasks belong to one loop
    gathering = _GATHERINGS.get(loop)
    if gathering is None:
        gathering = _GATHERINGS[loop] = _Gathering()
    return gathering


async def _flush_gathered(engine: PostgresEngine, gathering: _Gathering, sql: str) -> None:
    await asyncio.sleep(0)  # one turn of the loop: the requests already received join in
    while batch := gathering.pending.pop(sql, None):
        if engine.pool is None:
            await open_engine()
        assert engine.pool is not None
        try:
            async with engine.pool.acquire() as connection:
                outcomes = await _send_together(connection, sql, batch)
        except Exception as exc:  # no connection: nobody's statement ran
            outcomes = [exc] * len(batch)
        _answer([future for _, future in batch], outcomes)


async def _send_together(
    connection: Any, sql: str, batch: list[tuple[list[Any], asyncio.Future[Rows]]]
) -> list[Rows | Exception]:
    if len(batch) > 1:
        try:
            slotted = [[*args, slot] for slot, (args, _) in enumerate(batch)]
            rows = await connection.fetchmany(sql, slotted)
        except Exception:  # noqa: S110 - nothing was written: each is run alone below
            pass
        else:
            mine: list[Rows] = [[] for _ in batch]
            for row in rows:
                mine[row["slot"]].append(_without_slot(dict(row)))
            return list(mine)
    outcomes: list[Rows | Exception] = []
    for args, _ in batch:
        try:
            outcomes.append([_without_slot(dict(r)) for r in await connection.fetch(sql, *args, 0)])
        except Exception as exc:  # this statement's own failure, for its caller alone
            outcomes.append(exc)
    return outcomes


async def fetch_tuples(sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """A read of many rows, as plain tuples: ``sql`` already in the driver's placeholders
    (:func:`native_sql`). In the current transaction if there is one; otherwise on a reader
    connection, in its own thread on SQLite (never in the event loop), or from the pool.

    For reads of thousands of rows (the ledger's analytics): a dict per row costs three times
    as much, and such a read must not hold the loop the way :func:`execute`'s short ones may.
    """
    engine = get_engine()
    current = engine.current_transaction.get()
    if isinstance(engine, ServiceSQLiteEngine):
        connection = (
            current.connection if current is not None else await engine.acquire(write=False)
        )
        try:
            rows: list[tuple[Any, ...]] = await connection._execute(
                _fetch_tuples, connection._conn, sql, list(args)
            )
        finally:
            if current is None:
                await engine.release(connection, write=False)
        return rows
    assert isinstance(engine, PostgresEngine)
    if current is not None:
        return [tuple(record) for record in await current.connection.fetch(sql, *args)]
    if engine.pool is None:
        await open_engine()
    assert engine.pool is not None
    async with engine.pool.acquire() as connection:
        return [tuple(record) for record in await connection.fetch(sql, *args)]


def _fetch_tuples(
    connection: sqlite3.Connection, sql: str, args: Sequence[Any]
) -> list[tuple[Any, ...]]:
    """In a SQLite connection's thread: plain tuples, whatever the connection's row factory."""
    cursor = connection.cursor()
    try:
        cursor.row_factory = None
        return list(cursor.execute(sql, args).fetchall())
    finally:
        cursor.close()


#: Rows per multi-row INSERT: well under SQLite's limit on bound parameters (32,766).
CHUNK = 400


async def insert_in_chunks(
    table: type[Table], rows: Sequence[Table], progress: Callable[[int], None] | None = None
) -> None:
    """Insert many rows, a few hundred per statement, reporting each chunk to ``progress``."""
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        await table.insert(*chunk).run()
        if progress is not None:
            progress(len(chunk))


def is_unique_violation(exc: BaseException) -> bool:
    """Whether the database refused a write because it would duplicate a unique key."""
    if isinstance(exc, sqlite3.IntegrityError):
        return "UNIQUE constraint failed" in str(exc)
    return isinstance(exc, asyncpg.UniqueViolationError)


@asynccontextmanager
async def duplicate_is_conflict(
    field: str, message: str, *, reason: str | None = None, value: object = None
) -> AsyncIterator[None]:
    """The database's refusal of a duplicate key in the block (a ref taken, two writers racing)
    raised as a ConflictError (409): ``message``, naming ``field`` with ``reason`` (the message
    itself by default) and ``value`` (as text, when given). Any other error goes through."""
    try:
        yield
    except Exception as exc:
        if not is_unique_violation(exc):
            raise
        problem = FieldProblem(field, reason or message, None if value is None else str(value))
        raise ConflictError(message, errors=[problem]) from None


def array_contains(column: Any, value: str) -> WhereRaw:
    """``value`` is an element of the array ``column`` (exact match, on both engines).

    Piccolo's ``Array.any()`` on SQLite is a LIKE over the JSON text: it matches substrings and
    misses accented values (stored as \\u escapes). SQLite's ``json_each`` compares real elements.
    """
    # Only identifiers from the table's own definition are formatted in; the value is a parameter.
    table = column._meta.table._meta.tablename
    name = column._meta.db_column_name
    if get_engine().engine_type == "sqlite":
        sql = f'EXISTS (SELECT 1 FROM json_each("{table}"."{name}") WHERE json_each.value = {{}})'  # noqa: S608
        return WhereRaw(sql, value)
    return WhereRaw(f'{{}} = ANY("{table}"."{name}")', value)


def text_matches(columns: tuple[Any, ...], text: str) -> Combinable:
    """Any of ``columns`` contains ``text``, ignoring case (ASCII case only on SQLite).

    Wildcards typed by the user are dropped: SQLite's LIKE has no default escape character.
    """
    needle = "%" + text.strip().replace("%", "").replace("_", "") + "%"
    sqlite = get_engine().engine_type == "sqlite"
    conditions = [c.like(needle) if sqlite else c.ilike(needle) for c in columns]
    combined: Combinable = conditions[0]
    for condition in conditions[1:]:
        combined = combined | condition
    return combined


def build_engine(settings: DatabaseSettings) -> Engine[Any]:
    """The Piccolo engine for these settings (nothing is opened yet)."""
    if settings.engine == "sqlite":
        assert settings.sqlite_path is not None
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return ServiceSQLiteEngine(
            path=str(settings.sqlite_path),
            readers=settings.sqlite_readers,
            busy_timeout_ms=settings.busy_timeout_ms,
            # Locks are waited for by SQLite's busy handler, in the connection's thread.
            timeout=max(settings.busy_timeout_ms / 1000, 1.0),
            detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES,
        )
    return PostgresEngine(
        config={
            "host": settings.host,
            "port": settings.port,
            "user": settings.user,
            "password": settings.password or None,
            "database": settings.database,
        },
        extensions=(),
    )


@lru_cache(maxsize=1)
def get_engine() -> Engine[Any]:
    """The engine every table uses (configured in :mod:`raviv.piccolo_conf`)."""
    from piccolo.engine.finder import engine_finder

    engine = engine_finder()
    if engine is None:  # pragma: no cover - piccolo_conf always defines DB
        raise RuntimeError("no Piccolo engine configured")
    return engine


def pool_use() -> list[PoolUse]:
    """This process's connections, for the metrics (read at scrape time: no I/O): PostgreSQL's
    pool, or SQLite's readers and writer; nothing while the engine is not open."""
    engine = get_engine()
    if isinstance(engine, ServiceSQLiteEngine):
        return engine.use() if engine.started else []
    pool = engine.pool if isinstance(engine, PostgresEngine) else None
    if pool is None:
        return []
    return [PoolUse("pool", pool.get_size(), pool.get_idle_size(), pool.get_max_size())]


async def _nothing_to_reset(_connection: asyncpg.Connection) -> None:
    """What a pooled PostgreSQL connection needs reset when it is given back, beyond what
    asyncpg always does (roll back a transaction left open, drop listeners): nothing. raviv
    keeps no session state — no ``SET`` outside a transaction, no ``LISTEN``, no advisory lock,
    no cursor held open — so asyncpg's default ``RESET ALL; CLOSE ALL; UNLISTEN *; SELECT
    pg_advisory_unlock_all()`` would be one more round trip on every release for nothing
    (about a tenth of a logged contribution's CPU)."""


async def open_engine(min_size: int = 2, max_size: int = 10) -> None:
    """Open the long-lived connections (SQLite) or the pool (PostgreSQL)."""
    engine = get_engine()
    if isinstance(engine, ServiceSQLiteEngine):
        await engine.start()
    elif isinstance(engine, PostgresEngine) and engine.pool is None:
        await engine.start_connection_pool(
            min_size=min_size, max_size=max_size, reset=_nothing_to_reset
        )


async def close_engine() -> None:
    engine = get_engine()
    if isinstance(engine, ServiceSQLiteEngine):
        await engine.close()
    elif isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()


@asynccontextmanager
async def _savepoint(current: Any) -> AsyncIterator[None]:
    savepoint = await current.savepoint()
    try:
        yield
    except BaseException:
        await savepoint.rollback_to()
        raise
    await savepoint.release()


@asynccontextmanager
async def transaction() -> AsyncIterator[None]:
    """Run the block atomically: all of its writes happen, or none.

    The one way services open a transaction. Outside any transaction it begins one that holds
    the write lock from the start (SQLite ``BEGIN IMMEDIATE``). Inside another transaction it
    uses a savepoint, so a failing inner block undoes its own writes and nothing else.
    """
    engine = get_engine()
    current = engine.current_transaction.get()
    if current is None:
        committed: list[Callable[[], None]] = []
        token = _AFTER_COMMIT.set(committed)
        try:
            async with engine.transaction():
                yield
        finally:
            _AFTER_COMMIT.reset(token)
        for callback in committed:
            callback()
        return
    waiting = _AFTER_COMMIT.get()
    mark = len(waiting) if waiting is not None else 0
    try:
        async with _savepoint(current):
            yield
    except BaseException:
        if waiting is not None:
            del waiting[mark:]  # what this block asked for is undone with it
        raise


#: What the outermost :func:`transaction` runs once it has committed (see :func:`after_commit`).
_AFTER_COMMIT: ContextVar[list[Callable[[], None]] | None] = ContextVar(
    "raviv_after_commit", default=None
)


def after_commit(callback: Callable[[], None]) -> None:
    """Run ``callback`` once the writes made so far are committed: at once outside a
    transaction, else after the COMMIT of the outermost :func:`transaction`. Never if that
    transaction rolls back, nor if the savepoint block that asked rolls back; nor inside a
    transaction not begun by :func:`transaction` (a test's, rolled back at its end). For what
    must follow a commit outside the database (the erasure journal, raviv.erasure_journal)."""
    if get_engine().current_transaction.get() is None:
        callback()
        return
    waiting = _AFTER_COMMIT.get()
    if waiting is not None:
        waiting.append(callback)


@asynccontextmanager
async def statement() -> AsyncIterator[None]:
    """Guard one statement that is atomic by itself.

    Outside a transaction nothing is needed (the database applies it whole or not at all). Inside
    one, a savepoint lets the transaction go on if the statement fails (PostgreSQL would otherwise
    refuse every later statement of the transaction).
    """
    current = get_engine().current_transaction.get()
    if current is None:
        yield
        return
    async with _savepoint(current):
        yield
