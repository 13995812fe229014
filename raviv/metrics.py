"""Prometheus metrics (prometheus-client): what raviv counts, and the text ``/metrics`` answers.

What is counted (the names, their labels, how to scrape them: docs/operations.md):

- every answer, by method, route *template* (``/api/networks/{network_ref}/members``: never a
  ref or an id, so a label's values stay few) and status, and its latency;
- background jobs, by kind and outcome (:func:`observe_job`), and named operations such as a
  network's evaluation or a report (:func:`observe_timing`, :func:`timed`);
- the database connections each process holds (:func:`raviv.db.pool_use`), read when scraped.

Several processes: ``raviv serve --workers N`` runs N uvicorn workers, each counting on its own.
prometheus-client's multiprocess mode adds them up: each process writes its counts into files
of one shared folder, and ``/metrics``, whichever worker answers, reads them all
(:func:`shared_directory` prepares the folder and names it in ``PROMETHEUS_MULTIPROC_DIR``
before the workers start: prometheus-client decides its mode when first imported, which is why
nothing here imports it before the first count). The counts of a worker that died stay (the
totals never go down); its gauges, which describe a live process, are dropped
(:func:`sweep_dead_processes`, at each scrape and when a worker starts).

Why prometheus-client itself rather than Litestar's Prometheus plugin (which is built on it):
the plugin's middleware counts an answer from the send function it wraps, and an error raised in
a middleware (every refusal of raviv's access check: 401, 403, 404) is answered by Litestar's
outer error handler with the send function from before the plugin's: the plugin counts those
answers as status 200 lasting 0 s (tried on raviv's app), and never sees a path that matches no
route. Its labels hold the raw path unless ``group_path`` is set, and it leaves the multiprocess
folder and dead workers to the caller. What raviv needed of it, a ``/metrics`` controller, is
the few lines of :func:`exposition`; the counting is :mod:`raviv.request_context`, from the
app's ``before_send`` hook, which sees every answer.

Infrastructure: this module imports no domain; the domains and the job runner call it.
"""

from __future__ import annotations

import asyncio
import functools
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog

if TYPE_CHECKING:
    from prometheus_client import Counter, Gauge, Histogram

__all__ = [
    "JOB_OUTCOMES",
    "MULTIPROCESS_ENV",
    "exposition",
    "observe_job",
    "observe_request",
    "observe_timing",
    "pool_sampling",
    "sample_pool",
    "shared_directory",
    "sweep_dead_processes",
    "timed",
]

_log = structlog.get_logger(__name__)

#: prometheus-client's own variable: set, every process that imports it counts into that folder.
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: What became of a job run: done, failed for good, or failed and to be tried again.
JOB_OUTCOMES = frozenset({"succeeded", "failed", "retried"})
#: A job kind or an operation name becomes a label value: a short identifier, so that no
#: caller can grow the number of series by mistake (``evaluation``, ``daily``, ``report.pdf``).
_NAME = re.compile(r"[a-z][a-z0-9_.]{0,47}")
#: Methods counted under their own name; any other is counted as ``other``.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: Seconds between two readings of the connections in each worker (multiprocess mode).
POOL_SAMPLE_EVERY_S = 5.0

_REQUEST_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
_LONG_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 1800, 3600)


@dataclass(frozen=True, slots=True)
class _Instruments:
    requests: Counter
    latency: Histogram
    jobs: Histogram
    timings: Histogram
    connections: Gauge
    connections_max: Gauge


_MADE: list[_Instruments] = []  # the one set, once made
_MAKING = threading.Lock()


def _instruments() -> _Instruments:
    """Made at the first count, not at import: by then ``raviv serve`` has set the folder.
    Once only, whichever thread counts first (a second registration would be refused)."""
    if not _MADE:
        with _MAKING:
            if not _MADE:
                _MADE.append(_make())
    return _MADE[0]


def _make() -> _Instruments:
    from prometheus_client import Counter, Gauge, Histogram

    return _Instruments(
        requests=Counter(
            "raviv_http_requests",
            "Answers given, by method, route template and status",
            ["method", "route", "status"],
        ),
        latency=Histogram(
            "raviv_http_request_duration_seconds",
            "Seconds from the request's arrival to the end of its answer",
            ["method", "route"],
            buckets=_REQUEST_BUCKETS,
        ),
        jobs=Histogram(
            "raviv_job_duration_seconds",
            "Background job runs (their count is _count), by kind and outcome",
            ["kind", "outcome"],
            buckets=_LONG_BUCKETS,
        ),
        timings=Histogram(
            "raviv_operation_duration_seconds",
            "Named operations (evaluation, report, ...): their count and seconds",
            ["operation"],
            buckets=_LONG_BUCKETS,
        ),
        connections=Gauge(
            "raviv_db_connections",
            "Database connections held, by role (pool, reader, writer) and state (idle, in_use)",
            ["role", "state"],
            multiprocess_mode="livesum",
        ),
        connections_max=Gauge(
            "raviv_db_connections_max",
            "The most database connections the live processes may open, by role",
            ["role"],
            multiprocess_mode="livesum",
        ),
    )


def _checked_name(what: str, name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"{what} {name!r}: expected a short lower-case identifier")
    return name


@functools.lru_cache(maxsize=4096)
def _request_series(method: str, route: str, status: int) -> tuple[Counter, Histogram]:
    """The two series of one kind of answer (found once: ``labels()`` costs a lock and a
    lookup, on every request; the kinds are routes × methods × statuses, a few hundred)."""
    instruments = _instruments()
    counted = method if method in _METHODS else "other"
    return (
        instruments.requests.labels(counted, route, str(status)),
        instruments.latency.labels(counted, route),
    )


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """One answer (:mod:`raviv.request_context` calls it for every one)."""
    answers, latency = _request_series(method, route, status)
    answers.inc()
    latency.observe(seconds)


def observe_job(kind: str, outcome: str, seconds: float) -> None:
    """One run of a background job: its kind (``daily``, ``report``, ``reminders``…), its
    outcome (``succeeded``, ``failed`` or ``retried``) and how long it ran."""
    if outcome not in JOB_OUTCOMES:
        raise ValueError(f"job outcome {outcome!r}: expected one of {sorted(JOB_OUTCOMES)}")
    _instruments().jobs.labels(_checked_name("job kind", kind), outcome).observe(seconds)


def observe_timing(name: str, seconds: float) -> None:
    """One run of a named operation (``evaluation``, ``report``…) and how long it took."""
    _instruments().timings.labels(_checked_name("operation", name)).observe(seconds)


@contextmanager
def timed(name: str) -> Iterator[None]:
    """Time the block as the operation ``name`` (:func:`observe_timing`) when it completes; a
    block that raises is not counted (a refusal, such as an unknown network, is no run)."""
    _checked_name("operation", name)
    started = time.perf_counter()
    yield
    observe_timing(name, time.perf_counter() - started)


def sample_pool() -> None:
    """Read this process's database connections into the gauges."""
    from raviv.db import pool_use

    instruments = _instruments()
    for use in pool_use():
        instruments.connections.labels(use.role, "idle").set(use.idle)
        instruments.connections.labels(use.role, "in_use").set(use.open - use.idle)
        instruments.connections_max.labels(use.role).set(use.most)


def _multiprocess_directory() -> Path | None:
    folder = os.environ.get(MULTIPROCESS_ENV)
    return Path(folder) if folder else None


def exposition() -> tuple[bytes, str]:
    """The Prometheus text of every count (of every live and dead process in multiprocess
    mode), and its content type."""
    from prometheus_client import (
        CONTENT_TYPE_LATEST,
        REGISTRY,
        CollectorRegistry,
        generate_latest,
        multiprocess,
    )

    _instruments()  # every family is listed, even before its first count
    folder = _multiprocess_directory()
    if folder is None:
        return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
    sweep_dead_processes(folder)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(folder))  # type: ignore[no-untyped-call]
    return generate_latest(registry), CONTENT_TYPE_LATEST


# -- several processes ------------------------------------------------------------------------

#: A process's file: ``counter_1234.db``, ``histogram_1234.db``, ``gauge_livesum_1234.db``.
_FILE = re.compile(r"[a-z_]+?_(?P<pid>\d+)\.db")


def _pid_of(path: Path) -> int | None:
    matched = _FILE.fullmatch(path.name)
    return int(matched["pid"]) if matched else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    try:  # a worker that died but was not reaped yet is a zombie (Linux)
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def sweep_dead_processes(folder: Path) -> int:
    """Drop the gauges of the processes that are gone (their counters stay): how many
    processes were swept."""
    from prometheus_client import multiprocess

    dead = {
        pid
        for path in folder.glob("gauge_live*_*.db")
        if (pid := _pid_of(path)) is not None and not _alive(pid)
    }
    for pid in dead:
        multiprocess.mark_process_dead(pid, str(folder))  # type: ignore[no-untyped-call]
    return len(dead)


def _remove_leftovers(folder: Path) -> None:
    """The files of processes that are not running: the counts of an earlier run."""
    for path in folder.glob("*.db"):
        pid = _pid_of(path)
        if pid is not None and not _alive(pid):
            path.unlink(missing_ok=True)


class _Terminated(BaseException):
    """SIGTERM, turned into an exception so that the folder is removed on the way out."""


def _terminated(signum: int, frame: Any) -> None:
    raise _Terminated(signum)


@contextmanager
def _removed_even_on_sigterm(folder: Path) -> Iterator[None]:
    """Remove ``folder`` when the block ends, also when SIGTERM ends it: uvicorn, stopping on
    SIGTERM, gives the signal back to the handler it found once it has shut down, and Python's
    default handler ends the process on the spot. Here that handler removes the folder, then the
    process ends by SIGTERM all the same (its exit status does not change)."""
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if in_main else None
    try:
        yield
    except _Terminated:
        shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.raise_signal(signal.SIGTERM)
        raise  # only if SIGTERM is blocked
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if in_main:
            signal.signal(signal.SIGTERM, previous)


@contextmanager
def shared_directory(configured: Path | None) -> Iterator[Path]:
    """The folder the processes of one ``raviv serve`` count into, named in
    ``PROMETHEUS_MULTIPROC_DIR`` for this process and the workers it starts.

    ``configured`` (``RAVIV_METRICS_DIR``): that folder, made if missing, the files of processes
    no longer running removed (another process counting there, a job worker, keeps its own);
    None: a fresh temporary folder, removed afterwards (a process killed with SIGKILL leaves it
    behind, in the system's temporary folder)."""
    values = sys.modules.get("prometheus_client.values")
    if values is not None and not getattr(values.ValueClass, "_multiprocess", False):
        raise RuntimeError("prometheus_client was imported before its folder was set")
    previous = os.environ.get(MULTIPROCESS_ENV)
    try:
        if configured is None:
            folder = Path(tempfile.mkdtemp(prefix="raviv-metrics-"))
            os.environ[MULTIPROCESS_ENV] = str(folder)
            with _removed_even_on_sigterm(folder):
                yield folder
        else:
            configured.mkdir(parents=True, exist_ok=True)
            _remove_leftovers(configured)
            os.environ[MULTIPROCESS_ENV] = str(configured)
            yield configured
    finally:
        if previous is None:
            os.environ.pop(MULTIPROCESS_ENV, None)
        else:
            os.environ[MULTIPROCESS_ENV] = previous


@asynccontextmanager
async def pool_sampling(_: Any) -> AsyncIterator[None]:
    """An app lifespan hook (after the database's): in multiprocess mode each worker reads its
    connections every :data:`POOL_SAMPLE_EVERY_S` seconds (a scrape reads only the answering
    worker's), and a worker starting sweeps the gauges of those that died before it."""
    folder = _multiprocess_directory()
    if folder is None:
        yield
        return
    sweep_dead_processes(folder)

    async def sample() -> None:
        while True:
            try:
                sample_pool()
            except Exception:  # never stop sampling: a reading failing is logged
                _log.warning("metrics.pool_sample_failed", exc_info=True)
            await asyncio.sleep(POOL_SAMPLE_EVERY_S)

    task = asyncio.get_running_loop().create_task(sample())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
