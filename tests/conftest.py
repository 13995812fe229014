"""Test set-up: one fixture decides the database engine.

SQLite (a file in a temporary folder) by default; PostgreSQL when ``RAVIV_TEST_DATABASE_URL``
names a server database, in which case a fresh database is created beside it for this run and
dropped at the end (so parallel runs never meet). The environment is set here, before anything
imports raviv, because Piccolo reads its engine from it once.

Isolation: ``db`` wraps each test in a transaction that is rolled back; tests that need real
commits (a real server in another process, concurrency) use ``committed_db``, which empties the
tables afterwards instead.
"""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

_TMP = tempfile.mkdtemp(prefix="raviv-test-")
_SERVER_URL = os.environ.get("RAVIV_TEST_DATABASE_URL", "").strip()


def _pg_admin(url: str, sql: str) -> None:
    import asyncpg

    async def run() -> None:
        connection = await asyncpg.connect(url)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(run())


if _SERVER_URL:
    if not _SERVER_URL.startswith(("postgresql://", "postgres://")):
        raise pytest.UsageError("RAVIV_TEST_DATABASE_URL must be a postgresql:// URL")
    _TEST_DB = f"raviv_test_{uuid.uuid4().hex[:12]}"
    _pg_admin(_SERVER_URL, f'CREATE DATABASE "{_TEST_DB}"')
    _parts = urlsplit(_SERVER_URL)
    os.environ["RAVIV_DATABASE_URL"] = urlunsplit(_parts._replace(path=f"/{_TEST_DB}"))
else:
    _TEST_DB = ""
    os.environ["RAVIV_DATABASE_URL"] = f"sqlite:///{_TMP}/raviv-test.db"
os.environ["RAVIV_DATA_DIR"] = _TMP
os.environ.setdefault("RAVIV_LOG_FORMAT", "console")
os.environ.setdefault("RAVIV_ACCESS_LOG", "false")
# Cheap password hashing: the suite signs in hundreds of times (production keeps Argon2id's
# RFC 9106 low-memory profile; the parameters are the only difference).
os.environ.setdefault("RAVIV_PASSWORD_TIME_COST", "1")
os.environ.setdefault("RAVIV_PASSWORD_MEMORY_KIB", "1024")
os.environ.setdefault("RAVIV_LOGIN_RATE_PER_MINUTE", "1000")
# No daily evaluation in the background of the tests (or of the servers they start): the
# scheduler's tests run it themselves, with their own clock.
os.environ.setdefault("RAVIV_SCHEDULER", "off")

import httpx  # noqa: E402
from litestar import Litestar  # noqa: E402

from raviv import migrations  # noqa: E402
from raviv.app import create_app  # noqa: E402
from raviv.assembly import assemble  # noqa: E402
from raviv.db import close_engine, get_engine, open_engine  # noqa: E402
from raviv.settings import get_settings  # noqa: E402


def pytest_report_header() -> str:
    return f"raviv test database: {get_settings().database.display}"


#: ``RAVIV_TEST_ENGINE_ONLY=1`` (CI's PostgreSQL pass): only the tests where the engine matters
#: run — those using the test database, and every test outside tests/unit and tests/browser (an
#: API, integration or end-to-end test reaches the database in its own ways) unless marked
#: ``engine_free`` (its subject is not the engine: hostile files, the command line's output
#: conventions). A pure unit test, or a browser test (the services it calls are proven on both
#: engines by the API tests), has already run on SQLite: running it again on PostgreSQL would
#: prove nothing more.
ENGINE_ONLY = os.environ.get("RAVIV_TEST_ENGINE_ONLY", "") == "1"
_ENGINE_FREE_FOLDERS = ("tests/unit/", "tests/browser/")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not ENGINE_ONLY:
        return
    kept, engine_free = [], []
    for item in items:
        path = item.nodeid.replace("\\", "/")
        free = item.get_closest_marker("engine_free") is not None or (
            path.startswith(_ENGINE_FREE_FOLDERS)
            and "database" not in getattr(item, "fixturenames", ())
        )
        (engine_free if free else kept).append(item)
    if engine_free:
        config.hook.pytest_deselected(items=engine_free)
        items[:] = kept
        FIGURES_ENGINE_ONLY.append(
            f"RAVIV_TEST_ENGINE_ONLY: {len(engine_free)} tests that use no database (tests/unit, "
            "tests/browser) or are marked engine_free were left out; they run on SQLite"
        )


FIGURES_ENGINE_ONLY: list[str] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.figures import FIGURES

    for line in FIGURES_ENGINE_ONLY:
        terminalreporter.write_line(line)

    if FIGURES:
        terminalreporter.section("figures of the proofs")
        for line in FIGURES:
            terminalreporter.write_line(line)


class _WorkerFigures:
    """Under pytest-xdist (``make test`` runs two workers) the proofs run in the workers: each
    hands its figures to the controller, which prints them as a single run would."""

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        from tests.figures import FIGURES

        sent = getattr(node, "workeroutput", {})
        for line in sent.get("raviv_engine_only", []):
            if line not in FIGURES_ENGINE_ONLY:  # every worker deselects the same tests
                FIGURES_ENGINE_ONLY.append(line)
        FIGURES.extend(sent.get("raviv_figures", []))


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_WorkerFigures(), "raviv-worker-figures")


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests.figures import FIGURES

    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: its figures go to the controller
        workeroutput["raviv_figures"] = list(FIGURES)
        workeroutput["raviv_engine_only"] = list(FIGURES_ENGINE_ONLY)
    if _TEST_DB:
        _pg_admin(_SERVER_URL, f'DROP DATABASE IF EXISTS "{_TEST_DB}" WITH (FORCE)')
    shutil.rmtree(_TMP, ignore_errors=True)


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[None]:
    """The migrated test database, open for the whole session, its domains connected as the
    application and the command line connect them (raviv.assembly)."""
    assemble()
    await migrations.upgrade()
    await open_engine(min_size=1, max_size=4)
    yield
    await close_engine()


@pytest.fixture
async def db(database: None) -> AsyncIterator[None]:
    """Each test runs inside a transaction that is rolled back at its end."""
    async with get_engine().transaction() as tx:
        yield
        await tx.rollback()


async def _empty_all_tables() -> None:
    from piccolo.conf.apps import Finder
    from piccolo.table import sort_table_classes

    tables = sort_table_classes(Finder().get_table_classes())
    engine = get_engine()
    if engine.engine_type == "postgres":
        names = ", ".join(f'"{t._meta.tablename}"' for t in tables)
        # procrastinate's queue too (raviv/jobs/pg.py): a delivery left over would name a job
        # id the next test's jobs reuse.
        names += ", procrastinate_jobs, procrastinate_periodic_defers, procrastinate_workers"
        await tables[0].raw(f"TRUNCATE {names} RESTART IDENTITY CASCADE").run()
    else:
        async with engine.transaction():
            for table in reversed(tables):
                await table.delete(force=True).run()


@pytest.fixture
async def committed_db(database: None) -> AsyncIterator[None]:
    """For tests that need real commits: the tables are emptied after the test."""
    yield
    await _empty_all_tables()


@functools.cache
def shared_app() -> Litestar:
    """One application for the whole run. Building it (routes, signature models, the OpenAPI
    schema) costs ~0.3 s, which the suite paid a thousand times over; no test changes it, and the
    settings it reads are those of the whole run."""
    return create_app()


@pytest.fixture
async def anonymous(db: None) -> AsyncIterator[httpx.AsyncClient]:
    """The real Litestar app over ASGI, in the test's task (so inside its transaction)."""
    app = shared_app()
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://raviv.test") as http:
        yield http


@pytest.fixture
async def client(anonymous: httpx.AsyncClient) -> httpx.AsyncClient:
    """The app as a site administrator (who may do everything): for tests of the domain itself.
    Access rules are tested with the personas' own clients (tests/api/access)."""
    from tests.personas import bearer_token  # it builds on this module's app

    token = await bearer_token("admin@raviv.test", site_admin=True)
    anonymous.headers["Authorization"] = f"Bearer {token}"
    return anonymous
