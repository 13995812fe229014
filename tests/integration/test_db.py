"""The database layer itself: engine tuning, transactions, savepoints, isolation."""

import asyncio

import pytest

from raviv.db import ServiceSQLiteEngine, duplicate_is_conflict, execute, get_engine, transaction
from raviv.errors import ConflictError, FieldProblem
from raviv.registry.tables import Network


async def test_the_test_transaction_is_visible_inside_the_test(db: None) -> None:
    # pytest-asyncio must pass the fixture's context (the open transaction) to the test.
    assert get_engine().current_transaction.get() is not None


async def test_rows_written_by_one_test_are_rolled_back_before_the_next(db: None) -> None:
    assert await Network.count().where(Network.ref == "rollback-probe").run() == 0
    await Network.insert(Network(ref="rollback-probe", name="Probe")).run()
    assert await Network.count().where(Network.ref == "rollback-probe").run() == 1


async def test_rows_written_by_one_test_are_rolled_back_before_the_next_again(db: None) -> None:
    # Same body as above: whichever runs second proves the first left nothing behind.
    assert await Network.count().where(Network.ref == "rollback-probe").run() == 0
    await Network.insert(Network(ref="rollback-probe", name="Probe")).run()


async def test_a_failing_block_undoes_its_own_writes_and_nothing_else(db: None) -> None:
    await Network.insert(Network(ref="kept", name="Kept")).run()
    with pytest.raises(RuntimeError):
        async with transaction():
            await Network.insert(Network(ref="undone", name="Undone")).run()
            raise RuntimeError("boom")
    refs = {row["ref"] for row in await Network.select(Network.ref).run()}
    assert "kept" in refs
    assert "undone" not in refs


async def test_a_duplicate_key_is_a_conflict_naming_the_field_and_other_errors_go_through(
    db: None,
) -> None:
    await Network.insert(Network(ref="taken", name="Taken")).run()
    with pytest.raises(ConflictError) as refused:
        async with (
            duplicate_is_conflict("ref", "ref taken", reason="already used", value=7),
            transaction(),
        ):
            await Network.insert(Network(ref="taken", name="Again")).run()
    assert str(refused.value) == "ref taken"
    assert refused.value.errors == [FieldProblem("ref", "already used", "7")]
    with pytest.raises(ConflictError) as plain:
        async with duplicate_is_conflict("ref", "ref taken"), transaction():
            await Network.insert(Network(ref="taken", name="Again")).run()
    assert plain.value.errors == [FieldProblem("ref", "ref taken")]
    with pytest.raises(RuntimeError):
        async with duplicate_is_conflict("ref", "ref taken"):
            raise RuntimeError("not a duplicate")
    assert await Network.count().where(Network.ref == "taken").run() == 1


@pytest.mark.committed
async def test_a_committed_transaction_is_all_or_nothing(committed_db: None) -> None:
    with pytest.raises(RuntimeError):
        async with transaction():
            await Network.insert(Network(ref="first", name="First")).run()
            await Network.insert(Network(ref="second", name="Second")).run()
            raise RuntimeError("crash between writes")
    assert await Network.count().run() == 0
    async with transaction():
        await Network.insert(Network(ref="first", name="First")).run()
    assert await Network.count().run() == 1


@pytest.mark.committed
async def test_concurrent_write_transactions_all_commit_without_busy_errors(
    committed_db: None,
) -> None:
    # Each transaction reads, then writes: the pattern that fails with SQLITE_BUSY under
    # deferred transactions. With BEGIN IMMEDIATE (and the pool on PostgreSQL) all succeed.
    async def create(index: int) -> None:
        async with transaction():
            await Network.count().run()
            await Network.insert(Network(ref=f"n{index}", name=f"N{index}")).run()

    await asyncio.gather(*(create(i) for i in range(50)))
    assert await Network.count().run() == 50


async def test_sqlite_connections_are_tuned_for_a_service(database: None) -> None:
    engine = get_engine()
    if not isinstance(engine, ServiceSQLiteEngine):
        pytest.skip("SQLite pragmas: this run uses PostgreSQL")
    connection = await engine.acquire(write=False)
    try:

        async def pragma(name: str) -> object:
            async with connection.execute(f"PRAGMA {name}") as cursor:
                row = await cursor.fetchone()
            assert row is not None
            return next(iter(row.values()))

        assert await pragma("journal_mode") == "wal"
        assert await pragma("foreign_keys") == 1
        assert await pragma("busy_timeout") == 5000
        assert await pragma("synchronous") == 1  # NORMAL
    finally:
        await engine.release(connection, write=False)


async def test_sqlite_reuses_its_connections_instead_of_opening_one_per_query(
    database: None,
) -> None:
    engine = get_engine()
    if not isinstance(engine, ServiceSQLiteEngine):
        pytest.skip("SQLite connection reuse: this run uses PostgreSQL")
    opened: list[object] = []
    original = engine.connect

    async def counting_connect() -> object:
        connection = await original()
        opened.append(connection)
        return connection

    engine.connect = counting_connect  # type: ignore[method-assign]
    try:
        for _ in range(20):
            await Network.count().run()
    finally:
        engine.connect = original  # type: ignore[method-assign]
    assert opened == []


async def test_postgresql_queries_go_through_the_pool(database: None) -> None:
    engine = get_engine()
    if engine.engine_type != "postgres":
        pytest.skip("PostgreSQL pool: this run uses SQLite")
    assert engine.pool is not None  # type: ignore[attr-defined]


@pytest.mark.committed
async def test_concurrent_single_writes_fail_alone_and_the_others_are_kept(
    committed_db: None,
) -> None:
    # Outside transactions, SQLite commits concurrent writes together (group commit); a write
    # that fails must fail for its caller only, and every other write must be durable.
    from raviv.errors import ConflictError
    from raviv.registry import service
    from raviv.registry.schemas import MemberCreate, NetworkCreate
    from raviv.registry.tables import Member

    await service.create_network(NetworkCreate(ref="groupe", name="Groupe"))
    refs = [f"m{i}" for i in range(40)] + [f"m{i}" for i in range(0, 40, 4)]
    outcomes = await asyncio.gather(
        *(service.create_member("groupe", MemberCreate(ref=r, name=r)) for r in refs),
        return_exceptions=True,
    )
    failures = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(failures) == 10
    assert all(isinstance(f, ConflictError) for f in failures)
    stored = {row["ref"] for row in await Member.select(Member.ref).run()}
    assert stored == {f"m{i}" for i in range(40)}


@pytest.mark.committed
async def test_a_write_waits_for_another_process_holding_the_lock_without_blocking_the_loop(
    committed_db: None,
) -> None:
    # Group-committed batches run in the event loop when SQLite's write lock is free. When
    # another connection (another process: a CLI import, a second worker) holds it, the batch
    # must wait for it in the writer's thread: it is not refused, and the loop keeps serving.
    import sqlite3
    import threading
    import time

    engine = get_engine()
    if not isinstance(engine, ServiceSQLiteEngine):
        pytest.skip("SQLite's write lock: this run uses PostgreSQL")
    await Network.count().run()  # the engine's connections are open
    other = sqlite3.connect(engine.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def release_later() -> None:
        time.sleep(0.4)
        other.execute("COMMIT")
        released.set()

    holder = threading.Thread(target=release_later)
    holder.start()
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while not released.is_set():
            ticks += 1
            await asyncio.sleep(0.01)

    ticker = asyncio.create_task(tick())
    try:
        started = time.monotonic()
        await execute("INSERT INTO network (ref, name) VALUES ({}, {})", "waited", "Waited")
        waited = time.monotonic() - started
    finally:
        await ticker
        holder.join()
        other.close()
    assert released.is_set()
    assert waited >= 0.3  # it did wait for the other connection's COMMIT
    assert ticks >= 10  # and the loop ran meanwhile
    assert await Network.count().where(Network.ref == "waited").run() == 1
    # The writer is back to its busy timeout for what follows.
    writer = engine._writer
    assert writer is not None
    (timeout,) = writer._conn.execute("PRAGMA busy_timeout").fetchone().values()
    assert timeout == engine.busy_timeout_ms


@pytest.mark.committed
async def test_gathered_statements_each_get_their_own_rows_and_their_own_failure(
    committed_db: None,
) -> None:
    # PostgreSQL sends concurrent callers of one statement together (one round trip, one
    # commit); each must still get back only its own rows, a statement that matches nothing
    # must give its caller nothing, and one that fails must fail alone, the others written once.
    from raviv.db import execute_gathered

    insert = "INSERT INTO network (ref, name) SELECT {}, {} WHERE {} RETURNING ref, {} AS slot"
    if get_engine().engine_type == "postgres":
        insert = insert.replace("WHERE {}", "WHERE {}::boolean").replace("{} AS", "{}::integer AS")
    await Network.insert(Network(ref="taken", name="Taken")).run()
    expected = ["taken"]
    for batch in ("a", "b"):
        calls = [(f"{batch}{i}", i % 5 != 0) for i in range(30)]  # every fifth matches nothing
        if batch == "b":
            calls.insert(7, ("taken", True))  # refused: the ref is used already
        outcomes = await asyncio.gather(
            *(execute_gathered(insert, ref, ref.upper(), wanted) for ref, wanted in calls),
            return_exceptions=True,
        )
        for (ref, wanted), outcome in zip(calls, outcomes, strict=True):
            if ref == "taken":
                assert isinstance(outcome, Exception)
            elif wanted:
                assert outcome == [{"ref": ref}]
                expected.append(ref)
            else:
                assert outcome == []
    stored = sorted(row["ref"] for row in await Network.select(Network.ref).run())
    assert stored == sorted(expected)


@pytest.mark.committed
async def test_the_wal_is_checkpointed_in_the_writers_thread_not_in_the_event_loop(
    committed_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The writer's automatic checkpoints would run in the event loop (it commits there); they
    # are off, and after a commit the writer copies the WAL back into the database file in its
    # own thread, under the write lock.
    import sqlite3

    import raviv.db

    engine = get_engine()
    if not isinstance(engine, ServiceSQLiteEngine):
        pytest.skip("SQLite's WAL: this run uses PostgreSQL")
    monkeypatch.setattr(raviv.db, "CHECKPOINT_EVERY_S", 0.0)
    await Network.count().run()  # the engine's connections are open
    writer = engine._writer
    assert writer is not None
    (autocheckpoint,) = writer._conn.execute("PRAGMA wal_autocheckpoint").fetchone().values()
    assert autocheckpoint == 0
    if engine._checkpointing is not None:  # one the fixtures' writes started
        await engine._checkpointing
    done = engine.checkpoints

    await execute("INSERT INTO network (ref, name) VALUES ({}, {})", "copied", "Copied")
    assert engine._checkpointing is not None
    await engine._checkpointing

    assert engine.checkpoints == done + 1
    # The database file itself (read without its WAL) now holds the row.
    main_file = sqlite3.connect(f"file:{engine.path}?immutable=1", uri=True)
    try:
        refs = {ref for (ref,) in main_file.execute("SELECT ref FROM network")}
    finally:
        main_file.close()
    assert "copied" in refs
