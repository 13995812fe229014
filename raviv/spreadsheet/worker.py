"""Reading a spreadsheet in a process of its own, off the event loop, within a time budget.

A spreadsheet is read by libraries (openpyxl, odfpy through pandas, the csv module) whose work a
hostile file can make long and large. A thread would keep the event loop answering, but cannot
be stopped and gives its memory back to the server's heap, not to the system; a process can be
killed when its time is up, runs under a memory ceiling (``RLIMIT_AS``), and returns all its
memory when it ends. So each file is read by a new process (``spawn``: nothing of the server is
inherited), which sends back only the cells as text; at most ``workers`` read at once.

The limits are the settings' (:class:`raviv.settings.ImportSettings`), the same for the API and
the command line.
"""

from __future__ import annotations

import multiprocessing
import resource
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import anyio.to_thread
import structlog

from raviv.settings import ImportSettings, get_settings
from raviv.spreadsheet import reading as spreadsheet

__all__ = ["Reading", "last_reading", "limits_of", "read_cells"]

_MB = 1024 * 1024
_log = structlog.get_logger(__name__)
_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Reading:
    """How the last file read went: for logs and the hostile-files proof."""

    outcome: str
    seconds: float
    peak_mb: float


_last: Reading | None = None


def last_reading() -> Reading | None:
    return _last


def _note(event: str, **figures: object) -> None:
    """Log the figures in the server; the command line (structlog left unconfigured, which would
    print to standard output and break ``--json``) says nothing."""
    if structlog.is_configured():
        _log.info(event, **figures)


def limits_of(settings: ImportSettings) -> spreadsheet.ReadLimits:
    return spreadsheet.ReadLimits(
        max_rows=settings.max_rows,
        max_columns=settings.max_columns,
        max_cell_chars=settings.max_cell_chars,
        max_cells=settings.max_cells,
        max_unzipped_bytes=settings.max_unzipped_mb * _MB,
        max_ods_xml_bytes=settings.max_ods_xml_mb * _MB,
    )


def _child(  # noqa: PLR0917 - a Process target takes its arguments by position
    conn: Connection,
    content: bytes,
    filename: str,
    max_bytes: int,
    limits: spreadsheet.ReadLimits,
    memory_bytes: int,
) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    answer: tuple[str, Any]
    try:
        answer = (
            "cells",
            spreadsheet.read_cells(content, filename, max_bytes=max_bytes, limits=limits),
        )
    except spreadsheet.SpreadsheetError as exc:
        answer = ("refused", (exc.code, exc.message_en, exc.message_fr, exc.limit))
    except MemoryError:
        answer = ("memory", None)
    except Exception:
        answer = ("damaged", None)
    del content
    peak_mb = _own_peak_mb()
    try:
        conn.send((*answer, peak_mb))
    except MemoryError:
        conn.send(("memory", None, peak_mb))
    conn.close()


def _own_peak_mb() -> float:
    """This process's peak resident memory (``ru_maxrss`` would count the server's, kept
    across the exec of a spawned process)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _over_memory(settings: ImportSettings) -> spreadsheet.SpreadsheetError:
    return spreadsheet.SpreadsheetError(
        "too_large",
        f"Reading the file needs more than {settings.memory_mb} MB (limit memory_mb).",
        f"La lecture du fichier demande plus de {settings.memory_mb} Mo (limite memory_mb).",
        limit="memory_mb",
    )


def _read_blocking(content: bytes, filename: str, max_bytes: int) -> list[list[str]]:
    global _last  # noqa: PLW0603 - the figures of the last reading, for the proof
    settings = get_settings().imports
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(
        target=_child,
        args=(sending, content, filename, max_bytes, limits_of(settings), settings.memory_mb * _MB),
        daemon=True,
    )
    started = time.monotonic()
    with _semaphore(settings.workers):
        process.start()
        sending.close()
        try:
            if not receiving.poll(settings.seconds):
                _last = Reading("time", time.monotonic() - started, 0.0)
                _note("spreadsheet.read", outcome="time", seconds=round(_last.seconds, 2))
                raise spreadsheet.SpreadsheetError(
                    "too_large",
                    f"Reading the file takes more than {settings.seconds} s (limit seconds).",
                    f"La lecture du fichier prend plus de {settings.seconds} s (limite seconds).",
                    limit="seconds",
                )
            try:
                kind, value, peak_mb = receiving.recv()
            except EOFError:  # the process died: killed by the system, out of memory
                kind, value, peak_mb = "memory", None, 0.0
        finally:
            if process.is_alive():
                process.kill()
            process.join(5)
            receiving.close()
    _last = Reading(kind, time.monotonic() - started, peak_mb)
    _note(
        "spreadsheet.read",
        outcome=kind,
        seconds=round(_last.seconds, 2),
        peak_mb=round(peak_mb, 1),
        bytes=len(content),
    )
    if kind == "cells":
        cells: list[list[str]] = value
        return cells
    if kind == "refused":
        code, message_en, message_fr, limit = value
        raise spreadsheet.SpreadsheetError(code, message_en, message_fr, limit=limit)
    if kind == "memory":
        raise _over_memory(settings)
    raise spreadsheet.SpreadsheetError(
        "not_a_spreadsheet",
        "The file cannot be read: it may be damaged.",
        "Le fichier est illisible : il est peut-être endommagé.",
    )


class _semaphore:
    def __init__(self, workers: int) -> None:
        global _slots  # noqa: PLW0603 - one semaphore per process, sized by the settings
        with _slots_lock:
            if _slots is None:
                _slots = threading.BoundedSemaphore(workers)
            self.slots = _slots

    def __enter__(self) -> None:
        self.slots.acquire()

    def __exit__(self, *_: object) -> None:
        self.slots.release()


async def read_cells(content: bytes, filename: str, *, max_bytes: int) -> list[list[str]]:
    """:func:`spreadsheet.read_cells` in a new process, waited for in a thread: the event loop
    keeps answering. Raises :class:`spreadsheet.SpreadsheetError` (``too_large`` with ``limit``
    ``seconds`` or ``memory_mb`` when the process ran out of either)."""
    return await anyio.to_thread.run_sync(_read_blocking, content, filename, max_bytes)
